"""Configuration mistakes: each is one line naming the file and line, exit 2, never a
traceback, whatever the file holds (wrong types at any level, patterns that can match
nothing, bytes that are not UTF-8, a directory or a FIFO in the file's place)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    return result.exit_code, result.stderr


def corpus(tmp_path: Path, name: str, config: bytes) -> Path:
    (tmp_path / "README.md").write_text("# R\n", encoding="utf-8")
    (tmp_path / name).write_bytes(config)
    return tmp_path


@pytest.mark.parametrize(("name", "config", "error"), [
    ("refgraph.toml", b'fail-on = "error"\nposts = "caf\xe9"\n',
     "refgraph.toml:2: not valid UTF-8 (byte 0xe9 at offset 30); TOML is UTF-8"),
    ("refgraph.toml", b"fail-on = \n", "refgraph.toml:1: invalid TOML: Invalid value"),
    ("refgraph.toml", b'\xef\xbb\xbfposts = "x"\n', "refgraph.toml:1: invalid TOML:"),
    ("pyproject.toml", b'tool = "x"\n',
     "pyproject.toml:1: tool must be a table, got 'x' (a string)"),
    ("pyproject.toml", b"[tool]\nrefgraph = 3\n",
     "pyproject.toml:2: tool.refgraph must be a table, got 3 (an integer)"),
    ("pyproject.toml", b'[tool.black]\nexclude = "x"\n\n[tool.refgraph]\nexclude = ["x\\\\"]\n',
     "pyproject.toml:5: exclude pattern 'x\\\\': ends with a backslash, which escapes "
     "nothing"),
    ("refgraph.toml", b'posts = "!"\n',
     "refgraph.toml:1: posts pattern '!': '!' with no pattern after it"),
    ("refgraph.toml", b'posts = "# blog"\n',
     "refgraph.toml:1: posts pattern '# blog' is blank or a comment"),
    ("refgraph.toml", b'exclude = ["x\\\\"]\n',
     "refgraph.toml:1: exclude pattern 'x\\\\': ends with a backslash, which escapes nothing"),
    ("refgraph.toml", b'orphans-allow = ["[z-a]"]\n',
     "refgraph.toml:1: orphans-allow pattern '[z-a]': '[z-a]' matches no character"),
    ("refgraph.toml", b'orphans-allow = ["notes/[abc"]\n',
     "refgraph.toml:1: orphans-allow pattern 'notes/[abc': '[' at column 7 is never closed"),
    ("refgraph.toml", b'exclude = [\n  "ok/",\n  "[b-a].md",\n]\n',
     "refgraph.toml:3: exclude pattern '[b-a].md': '[b-a]' matches no character"),
    ("refgraph.toml", b'rules = "off"\n',
     "refgraph.toml:1: rules must be a table, got 'off' (a string)"),
    ("refgraph.toml", b"[rules]\nRG101 = 3\n",
     "refgraph.toml:2: RG101 must be one of error, warning, info, off, got 3"),
    ("refgraph.toml", b"max-file-size = true\n",
     "refgraph.toml:1: max-file-size must be an integer, got true (a boolean)"),
    ("refgraph.toml", b"tolerance = nan\n",
     "refgraph.toml:1: tolerance must be between 0 and 10, got nan"),
    ("refgraph.toml", b"index = 'x.md'\nreading-speed = 1" + b"0" * 5000 + b"\n",
     "refgraph.toml:2: a number of more than 4,300 digits, which Python does not read"),
    ("refgraph.toml", b"\n\nrules = {RG101 = 0x" + b"f" * 5000 + b"}\n",
     "refgraph.toml:3: RG101 must be one of error, warning, info, off, got a number of "
     "about 6,021 digits (an integer)"),
    ("refgraph.toml", b"posts = 0x" + b"f" * 5000 + b"\n",
     "refgraph.toml:1: posts must be a string, got a number of about 6,021 digits"),
    ("refgraph.toml", b"tolerance = 1" + b"0" * 400 + b"\n",
     "refgraph.toml:1: tolerance must be between 0 and 10, got inf"),
    ("refgraph.toml", b"tolerance = -1e400\n",
     "refgraph.toml:1: tolerance must be between 0 and 10, got -inf"),
    ("refgraph.toml", b"reading-speed = 1e400\n",
     "refgraph.toml:1: reading-speed must be an integer, got inf (a number)"),
    ("refgraph.toml", b"reading-speed = 0\n",
     "refgraph.toml:1: reading-speed must be positive, got 0"),
    ("refgraph.toml", b"reading-speed = 20_000\n",
     "refgraph.toml:1: reading-speed must be at most 10,000, got 20000"),
    ("refgraph.toml", b"max-file-size = -1\n",
     "refgraph.toml:1: max-file-size must be positive, got -1"),
    ("refgraph.toml", b"max-file-size = 1" + b"0" * 400 + b"\n",
     "refgraph.toml:1: max-file-size must be at most 1,073,741,824, got a number of about 401 "
     "digits"),
    ("refgraph.toml", b'roots = ["a\\u0000b"]\n',
     "refgraph.toml:1: roots contains a NUL character"),
    ("refgraph.toml", b'fail-on = "error"\nsite = "sphinx"\n',
     "refgraph.toml:2: site must be one of auto, github, mkdocs"),
    ("refgraph.toml", b'site-root = "/srv/docs"\n',
     "refgraph.toml:1: site-root must be a folder under the checked root ('docs/content'), "
     "got '/srv/docs'"),
    ("refgraph.toml", b'site-root = "docs/../../x"\n',
     "refgraph.toml:1: site-root must be a folder under the checked root"),
    ("refgraph.toml", b'fail-on = "error"\nsite-root = "content"\n',
     "refgraph.toml:2: site-root 'content' is not a folder under "),
    ("refgraph.toml", b'implied-extension = "md"\n',
     "refgraph.toml:1: implied-extension must be a dot and letters ('.md'), or empty, got "
     "'md'; did you mean '.md'?"),
    ("refgraph.toml", b'implied-extension = ".m d"\n',
     "refgraph.toml:1: implied-extension must be a dot and letters"),
    ("refgraph.toml", b'site = "hugo"\n\nimplied-extension = ".md"\n',
     "refgraph.toml:3: implied-extension describes a generic site, but site = 'hugo' (at "
     "refgraph.toml:1); drop one"),
    ("refgraph.toml", b'site-rot = "docs"\n',
     "refgraph.toml:1: unknown key 'site-rot'; did you mean 'site-root'?"),
])
def test_config_mistakes_are_one_line_with_file_and_line(
        tmp_path: Path, name: str, config: bytes, error: str) -> None:
    code, err = check(corpus(tmp_path, name, config))
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"Error: {error}"), err


def test_a_config_that_is_a_directory_or_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# R\n", encoding="utf-8")
    (tmp_path / "refgraph.toml").mkdir()
    assert check(tmp_path) == (2, "Error: refgraph.toml: not a regular file but a directory\n")
    os.rmdir(tmp_path / "refgraph.toml")
    os.mkfifo(tmp_path / "pyproject.toml")  # never opened, so nothing waits for a writer
    assert check(tmp_path) == (
        2, "Error: pyproject.toml: not a regular file but a named pipe (FIFO)\n")


def test_a_config_that_is_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# R\n", encoding="utf-8")
    os.symlink("refgraph.toml", tmp_path / "refgraph.toml")  # a loop, not an absent file
    code, err = check(tmp_path)
    assert (code, err.startswith("Error: refgraph.toml: cannot read: Too many levels")) == (
        2, True), err


def test_an_unreadable_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path, "refgraph.toml", b'posts = "x"\n')
    real_open = os.open

    def denied(path: str | os.PathLike[str], flags: int, *args: object,
               **kwargs: object) -> int:
        if os.path.basename(os.fspath(path)) == "refgraph.toml":  # root ignores chmod
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    assert check(root) == (2, "Error: refgraph.toml: cannot read: Permission denied\n")


def test_a_series_folder_with_glob_characters_in_its_name(tmp_path: Path) -> None:
    # the detected post pattern is built from the folder's name, which must not be a glob
    for number in (1, 2, 3):
        path = tmp_path / "[z-a] posts" / f"0{number}-x.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"# Part {number}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), result.output
