"""Hostile and broken corpora: every bad input gives one clear one-line finding naming the
file (and line), every other file is still checked, and no command changes a file.

The bad-input corpus is `tests/robustness/corpus/` plus what git cannot hold or this
test must make on the spot (a 50 MB file, a 1 MB line, symbolic links, names with a
newline or bytes that are not UTF-8, a file without read permission, a file that vanishes
between listing and reading). `tests/robustness/expected.txt` is the exact report;
docs/robustness.md lists each input and what refgraph does with it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.api import analyze
from graph.cli import main
from graph.report.text import render_text
from tests.conftest import ROOT, TESTS, compare_golden

BAD = TESTS / "robustness" / "corpus"
EXAMPLE = ROOT / "examples" / "pyralog-like"


def bad_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "bad"
    shutil.copytree(BAD, root)
    (root / "big.md").write_bytes(b"# Big\n\n" + b"word " * (10 * 1024 * 1024))  # 50 MiB
    (root / "long-line.md").write_text("# Long line\n\n" + "x" * (1024 * 1024)
                                       + " [x](nope-long.md)\n", encoding="utf-8")
    os.symlink("loop-b.md", root / "loop-a.md")
    os.symlink("loop-a.md", root / "loop-b.md")
    outside = tmp_path / "secret.md"
    outside.write_text("# Outside the root\n", encoding="utf-8")
    os.symlink(outside, root / "outside.md")
    (root / "line\nbreak.md").write_text("# Newline in the name\n\n[x](nope-newline.md)\n",
                                         encoding="utf-8")
    (root / os.fsdecode(b"latin1-name-caf\xe9.md")).write_text("# Name\n", encoding="utf-8")
    (root / "unreadable.md").write_text("# No permission\n", encoding="utf-8")
    (root / "vanishing.md").write_text("# Deleted after listing\n", encoding="utf-8")

    # root ignores file permissions, and deleting a file at the right moment needs a hook:
    # both are made to happen where refgraph opens the file
    real_open = os.open

    def flaky_open(path: str | os.PathLike[str], flags: int, *args: object,
                   **kwargs: object) -> int:
        name = os.path.basename(os.fspath(path))
        if name == "unreadable.md":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        if name == "vanishing.md":
            os.unlink(path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", flaky_open)
    return root


def test_each_bad_input_gets_one_clear_finding_and_the_rest_is_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    root = bad_corpus(tmp_path, monkeypatch)
    report = render_text(analyze(root).report())
    compare_golden(TESTS / "robustness" / "expected.txt", report, update_golden)
    lines = report.splitlines()
    assert all("\n" not in line and str(tmp_path) not in line for line in lines)
    # CRLF and lone-CR files keep their line numbers; good files are checked as usual
    for expected in ("crlf.md:4:1: RG101", "cr.md:4:1: RG101", "good.md:3:34: RG101",
                     "bom.md:6:1: RG101", "bad-yaml.md:6:1: RG101", "list-yaml.md:7:1: RG101",
                     "long-line.md:3:1048578: RG101", "line\\nbreak.md:3:1: RG101"):
        assert any(line.startswith(expected) for line in lines), expected
    # one finding for each file that could not be read, naming it
    for name, rule in (("latin1.md:1:6", "RG001"), ("utf16.md:1:1", "RG001"),
                       ("binary.md:1:1", "RG001"), ("big.md:1:1", "RG003"),
                       ("loop-a.md:1:1", "RG001"), ("outside.md:1:1", "RG001"),
                       ("unreadable.md:1:1", "RG001"), ("vanishing.md:1:1", "RG001"),
                       ("latin1-name-caf\ufffd.md:1:1", "RG001"), ("deep.md:3:1", "RG006")):
        found = [line for line in lines if line.startswith(f"{name}: {rule}")]
        assert len(found) == 1, (name, found)


def tree_state(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and directory under `root`: content hash, mode, modification time."""
    state = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        state[str(path.relative_to(root))] = (digest, stat.st_mode, stat.st_mtime_ns)
    return state


def test_no_command_changes_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    out = tmp_path / "out"
    out.mkdir()
    before = tree_state(corpus)
    for path in [corpus, *corpus.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o222)  # read-only (root writes anyway)
    c = str(corpus)
    commands = [
        ["check", c],
        *(["check", c, "--format", fmt, "-o", str(out / f"report.{fmt}")]
          for fmt in ("text", "json", "sarif", "github", "junit")),
        ["baseline", "write", str(out / "baseline.json"), c],
        ["check", c, "--baseline", str(out / "baseline.json")],
        ["paths", "-C", c], ["paths", "-C", c, "--format", "json"],
        ["paths", "-C", c, "show", "operators"], ["paths", "-C", c, "order", "operators"],
        ["paths", "-C", c, "coverage"],
        ["paths", "-C", c, "propose", "--to", "07-actors-all-the-way-down.md"],
        ["paths", "-C", c, "apply", "operators", "--order", "--dry-run"],
        *(["render", c, "--format", fmt, "-o", str(out / f"graph.{fmt}")]
          for fmt in ("html", "json", "graphml")),
        ["rules"], ["explain", "RG101"],
    ]
    cwd = os.getcwd()
    os.chdir(corpus)  # nothing may land in the working directory either
    try:
        for args in commands:
            result = CliRunner().invoke(main, args)
            assert result.exit_code in (0, 1), (args, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)
    finally:
        os.chdir(cwd)
        for path in [corpus, *corpus.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)
    assert tree_state(corpus) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"report.{f}" for f in ("text", "json", "sarif", "github", "junit")]
        + ["baseline.json", "graph.html", "graph.json", "graph.graphml"])


def test_an_unreadable_post_on_a_reading_path_crashes_nothing(tmp_path: Path) -> None:
    """A post that cannot be read exists, but has no words, number or links: the rules and
    `refgraph paths` leave it out of what they compute instead of failing on it."""
    root = tmp_path / "c"
    (root / "blog").mkdir(parents=True)
    (root / "blog" / "README.md").write_text(
        "# Posts\n\n1. [One](01-one.md)\n2. [Two](02-two.md)\n\n## Reading paths\n\n"
        "### For all\n\n1. [One](01-one.md)\n2. [Two](02-two.md)\n\n**Time**: 5 minutes\n",
        encoding="utf-8")
    (root / "blog" / "01-one.md").write_bytes(b"\xff\xfe")
    (root / "blog" / "02-two.md").write_text(
        "# Two\n\n*Previously: [One](01-one.md)*\n\nSee [one](01-one.md).\n", encoding="utf-8")
    shutil.copy(TESTS / "fixtures" / "seed-BACKLOG.md", root / "blog" / "BACKLOG.md")
    c = str(root)
    for args in (["check", c], ["paths", "-C", c], ["paths", "-C", c, "show", "For all"],
                 ["paths", "-C", c, "order", "For all"], ["paths", "-C", c, "coverage"],
                 ["paths", "-C", c, "propose", "--to", "02-two.md"],
                 ["render", c, "-o", str(tmp_path / "g.html")]):
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, result.exception)
        assert result.exit_code in (0, 1), (args, result.output)
    shown = CliRunner().invoke(main, ["paths", "-C", c]).output
    assert "1. 01-one.md (unread)" in shown
    checked = CliRunner().invoke(main, ["check", c]).output
    assert "blog/01-one.md:1:1: RG001 error cannot read blog/01-one.md: file is UTF-16" in checked
