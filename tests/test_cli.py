"""The command line, through click's CliRunner: exit codes, stdout, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT, TESTS

CLEAN = TESTS / "corpora" / "clean-series" / "corpus"
BROKEN = TESTS / "corpora" / "rg101-dangling-file-link" / "corpus"
PLANNED = TESTS / "corpora" / "rg201-planned-doc-missing" / "corpus"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_corpus_exits_0() -> None:
    code, out, _ = run("check", str(CLEAN))
    assert code == 0
    assert out == "No findings in 5 Markdown files, 9 links.\n"


def test_errors_exit_1_and_print_file_line_col() -> None:
    code, out, _ = run("check", str(BROKEN))
    assert code == 1
    first = out.splitlines()[0]
    assert first == ("blog/01-intro.md:3:9: RG101 error link to ../STORGE.md, but STORGE.md "
                     "does not exist (did you mean ../STORAGE.md?)")


def test_fail_on_decides_the_exit_code() -> None:
    # the planned corpus has one error (RG101) and three infos (RG201)
    assert run("check", str(PLANNED), "--ignore", "RG101")[0] == 0
    assert run("check", str(PLANNED), "--ignore", "RG101", "--fail-on", "info")[0] == 1
    assert run("check", str(PLANNED), "--fail-on", "never")[0] == 0


def test_select_and_ignore() -> None:
    _, out, _ = run("check", str(PLANNED), "--select", "RG2")
    assert {line.split()[1] for line in out.splitlines()[:-1]} == {"RG201"}
    _, out, _ = run("check", str(PLANNED), "--ignore", "rg201,RG1")
    assert out.startswith("No findings")


def test_unknown_rule_on_the_command_line_is_a_usage_error() -> None:
    code, _, err = run("check", str(CLEAN), "--select", "RG999")
    assert code == 2
    assert "unknown rule 'RG999'" in err


def test_json_format_carries_the_documented_fields() -> None:
    code, out, _ = run("check", str(BROKEN), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["version"] == 1
    first = data["findings"][0]
    schema = json.loads((ROOT / "graph" / "report" / "json-schema.json").read_text("utf-8"))
    assert set(first) == set(schema["$defs"]["finding"]["required"])
    assert (first["file"], first["line"], first["column"], first["target"]) == (
        "blog/01-intro.md", 3, 9, "../STORGE.md")
    assert data["summary"]["findings"] == len(data["findings"]) == 12


def _copy(tmp_path: Path, config: str, name: str = "refgraph.toml") -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(PLANNED, root)
    (root / name).write_text(config, encoding="utf-8")
    return root


def test_config_overrides_severity_and_fail_on(tmp_path: Path) -> None:
    root = _copy(tmp_path, 'fail-on = "info"\nrules = { RG101 = "off", RG201 = "warning" }\n')
    code, out, _ = run("check", str(root))
    assert code == 1
    assert " RG201 warning " in out
    assert "RG101" not in out


def test_config_in_pyproject(tmp_path: Path) -> None:
    root = _copy(tmp_path, '[project]\nname = "x"\n\n[tool.refgraph]\nignore = ["RG1"]\n',
                 "pyproject.toml")
    code, out, _ = run("check", str(root))
    assert (code, "RG101" in out) == (0, False)


def test_unknown_config_key_names_file_and_line(tmp_path: Path) -> None:
    root = _copy(tmp_path, 'posts = "blog/*.md"\n\nfail_on = "warning"\n')
    code, _, err = run("check", str(root))
    assert code == 2
    assert "Error: refgraph.toml:3: unknown key 'fail_on'" in err


def test_unknown_rule_in_config_names_file_and_line(tmp_path: Path) -> None:
    root = _copy(tmp_path, '[rules]\nRG101 = "warning"\nRG999 = "off"\n')
    code, _, err = run("check", str(root))
    assert code == 2
    assert "refgraph.toml:3: unknown rule 'RG999'" in err


def test_bad_config_value(tmp_path: Path) -> None:
    root = _copy(tmp_path, 'fail-on = "sometimes"\n')
    code, _, err = run("check", str(root))
    assert code == 2
    assert "refgraph.toml:1: fail-on must be one of error, warning, info, never" in err


@pytest.mark.parametrize(("toml", "message"), [
    ('tolerance = "lots"\n', "refgraph.toml:1: tolerance must be a number, got 'lots' (a string)"),
    ('fail-on = "error"\nmax-file-size = "20MB"\n',
     "refgraph.toml:2: max-file-size must be an integer, got '20MB' (a string)"),
    ("reading-speed = 2.5e2\n", "refgraph.toml:1: reading-speed must be an integer, got 250.0 "
     "(a number)"),
    ("posts = true\n", "refgraph.toml:1: posts must be a string, got true (a boolean)"),
    ("tolerance = -1\n", "refgraph.toml:1: tolerance must be between 0 and 10, got -1.0"),
    ('orphans-allow = ["a", 3]\n', "refgraph.toml:1: orphans-allow must be a list of strings"),
    ('exclude = []\nroots = ["nope/"]\n', "refgraph.toml:2: roots entry 'nope/' does not exist"),
])
def test_bad_config_values_name_the_line(tmp_path: Path, toml: str, message: str) -> None:
    code, _, err = run("check", str(_copy(tmp_path, toml)))
    assert code == 2
    assert message in err


def test_roots_limit_what_is_checked(tmp_path: Path) -> None:
    root = _copy(tmp_path, 'roots = ["sulise"]\n')
    code, out, _ = run("check", str(root))
    assert code == 0, out
    assert "in 1 Markdown file" in out


def test_invalid_toml(tmp_path: Path) -> None:
    root = _copy(tmp_path, "posts = \n")
    code, _, err = run("check", str(root))
    assert code == 2
    assert "refgraph.toml:1: invalid TOML" in err


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "nope"))[0] == 2


def test_rules_and_explain() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert "RG102  error    dangling-anchor" in out.splitlines()
    code, out, _ = run("explain", "RG102")
    assert code == 0
    assert out.startswith("# RG102 dangling-anchor\n")
    for section in ("## What it finds", "## Why it matters", "## Failing example",
                    "## Passing example", "## How to silence it"):
        assert f"\n{section}\n" in out, section
    assert "<!-- refgraph-disable-next-line RG102 -->" in out and "--ignore RG102" in out
    assert run("explain", "dangling-anchor")[1] == out
    assert run("explain", "RG999")[0] == 2
