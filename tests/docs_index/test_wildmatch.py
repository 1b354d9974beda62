"""docs_index.wildmatch and discovery against git itself: what `git ls-files --others
--exclude-standard` lists is the truth for every `.gitignore` line, odd ones included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.corpus import discover
from docs_index.ignore import PatternList
from docs_index.wildmatch import Pattern, PatternError, escape, parse_line
from tests.conftest import ROOT, make_tree

GITIGNORE = "\n".join([
    "\ufeffbom.md",  # a BOM before the first line is skipped, as git does
    "!",  # negates nothing: git keeps the line and it never matches
    "foo\\",  # a trailing backslash: never matches
    "[z-a].md",  # an empty range: never matches
    "[!z-a].md",  # ... so its negation matches any one character
    "[abc",  # never closed: never matches
    "[[:digit:]]*.txt",
    "[[:bogus:]].txt",  # unknown class: never matches
    "x[]a-c]?.md",
    "sp\\ ",  # an escaped trailing space is kept; unescaped ones are not
    "tr.md   ",
    "\\#hash.md",
    "\\!bang.md",
    "# a comment",
    "*.log",
    "build/",
    "/anchored.md",
    "a/**/b.md",
    "**/deep2/*.md",
    "sub/**",
    "!sub/keep/",
    "!sub/keep/**",
    "crlf.md\r",
    "*a*a*a*a*a*a*a*a*a*a*a*b",
    "q**/r.md",  # git: the `**` after a plain prefix crosses `/`, and `**/` may be empty
    "w/v**",
    "\\/lead.md",  # an escaped leading slash: the path would have to start with `/`
    "[/ k]",  # a `/` inside brackets: a path pattern, anchored, matching `k` or ` `
    "",
])

TREE: dict[str, bytes | str] = {
    ".gitignore": GITIGNORE.encode("utf-8"),
    **{name: "x\n" for name in [
        "bom.md", "foo", "foo\\", "zz.md", "q.md", "7up.txt", "up.txt", ":.txt", "x]z.md",
        "xbz.md", "xdz.md", "sp ", "sp", "tr.md", "#hash.md", "!bang.md", "e.log",
        "build/out.md", "docs/build/x.md", "anchored.md", "docs/anchored.md", "a/b.md",
        "a/x/y/b.md", "b/a/x/b.md", "x/deep2/p.md", "x/deep2/q/p.md", "sub/x.md",
        "sub/keep/k.md", "sub/drop/d.md", "crlf.md", "a" * 40, "a" * 39 + "b", "ok.md",
        "nested/x.tmp", "nested/keep.tmp", "nested/inner/y.tmp", "nested/z.md",
        "linked/l.md", "qr.md", "q/r.md", "q/x/r.md", "qx/y/r.md", "qz.md", "w/vx/a.md",
        "w/v.md", "w/u.md", "lead.md", "k", "d/k",
    ]},
    "nested/.gitignore": b"*.tmp\n!keep.tmp\nz.md\n",
    "only-md/.gitignore": b"*\n!*/\n!*.md\n",
    **{f"only-md/{name}": "" for name in ("a.txt", "b.md", "sub/c.md", "sub/d.txt")},
    "patterns.txt": b"*.md\n",
}


def git_files(root: Path) -> set[str]:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--others",
                          "--exclude-standard"], check=True, capture_output=True).stdout
    shutil.rmtree(root / ".git")
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_discovery_leaves_out_exactly_what_git_leaves_out(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    # git (2.32 on) does not follow a .gitignore that is a symbolic link
    os.symlink("../patterns.txt", tmp_path / "linked" / ".gitignore")
    expected = git_files(tmp_path)
    assert "ok.md" in expected and "bom.md" not in expected  # the fixture means something
    _, files, _, _ = discover(tmp_path)
    assert files == expected


@pytest.mark.parametrize(("line", "reason"), [
    ("!", "'!' with no pattern after it"),
    ("x\\", "ends with a backslash, which escapes nothing"),
    ("[z-a]", "'[z-a]' matches no character"),
    ("a/[b", "'[' at column 3 is never closed"),
    ("[[:nope:]]", "unknown character class '[:nope:]'"),
    ("a//b", "an empty path component ('//')"),
])
def test_lines_that_can_match_nothing_say_why(line: str, reason: str) -> None:
    with pytest.raises(PatternError) as err:
        parse_line(line)
    assert str(err.value) == reason


@pytest.mark.parametrize(("patterns", "path", "ignored"), [
    (["notes/"], "notes/a/b.md", True),  # a left-out directory leaves out what is inside
    (["notes"], "notes/a.md", True),
    (["notes/", "!notes/keep.md"], "notes/keep.md", True),  # git never enters notes/
    (["*.md", "!keep.md"], "x/keep.md", False),
    (["*", "!*/", "!*.md"], "x/a.txt", True),  # everything but Markdown
    (["*", "!*/", "!*.md"], "x/a.md", False),
    (["*.md"], ".md", True),
    (["blog/[0-9]*.md"], "blog/01-x.md", True),
    (["blog/[0-9]*.md"], "x/blog/01-x.md", False),  # a `/` inside anchors
    (["/blog/**"], "blog/a/b.md", True),
    (["/blog/**"], "blog", False),  # a trailing /** needs something inside
    (["**/c.md"], "c.md", True),
    ([escape("[draft] *x?")], "[draft] *x?", True),
    ([escape("[draft] *x?")], "[draft] *xy", False),
])
def test_match(patterns: list[str], path: str, ignored: bool) -> None:
    assert PatternList.from_lines(patterns).match(path) is ignored
    assert PatternList.from_lines(patterns).matcher()(path) is ignored


def test_a_matcher_asks_each_folder_once_and_answers_as_match(monkeypatch) -> None:
    patterns = PatternList.from_lines(["notes/", "!notes/keep.md", "blog/[0-9]*.md", "*.tmp"])
    paths = [f"{folder}/{name}" for folder in ("notes", "blog", "a/b/c", "a/b")
             for name in ("01-x.md", "keep.md", "x.tmp", "y.md")]
    expected = [patterns.match(path) for path in paths]
    asked: list[tuple[str, ...]] = []
    verdict = PatternList.verdict

    def counted(self: PatternList, parts, start=0, is_dir=False):
        asked.append(tuple(parts))
        return verdict(self, parts, start, is_dir)

    monkeypatch.setattr(PatternList, "verdict", counted)
    match = patterns.matcher()
    assert [match(path) for path in paths] == expected
    assert len(asked) == len(set(asked))  # each folder and each file asked once


def run_python(code: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter, killed after `timeout` seconds: a regression here is
    a hang, which must fail the test and not stall the suite."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=True)


def test_a_backtracking_pattern_is_matched_in_linear_time(tmp_path: Path) -> None:
    # pathspec's regex for this line took about a minute on 40 `a`s (2**40 ways to split)
    make_tree(tmp_path, {".gitignore": "*a*a*a*a*a*a*a*a*a*a*a*b\n", "a" * 40: "",
                         "a" * 200: "", "a" * 39 + "b": "", "README.md": "# R\n"})
    out = run_python(f"from pathlib import Path; from docs_index.corpus import discover; "
                     f"print(sorted(discover(Path({str(tmp_path)!r}))[1]))", timeout=20)
    assert out.stdout.strip() == str(sorted([".gitignore", "README.md", "a" * 40, "a" * 200]))


def test_each_file_meets_only_the_gitignore_files_above_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file used to be matched against every .gitignore met so far: 2,000 folders
    with one each and 22,000 files took 12 s to list. Counted rather than timed: making
    tens of thousands of files takes longer than the test may."""
    for i in range(300):
        make_tree(tmp_path / f"d{i}", {".gitignore": "*.tmp\n", "a.md": "", "b.tmp": ""})
    make_tree(tmp_path, {".gitignore": "*.log\n", "d0/e/f.md": ""})
    calls = 0
    verdict = PatternList.verdict

    def counted(self: PatternList, *args: object) -> bool | None:
        nonlocal calls
        calls += 1
        return verdict(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PatternList, "verdict", counted)
    _, files, dirs, _ = discover(tmp_path)
    assert len(files) == 1 + 300 * 2 + 1
    # one call per .gitignore above each entry (the root's and its folder's at most);
    # the configured excludes add one per entry
    entries = 300 * 3 + 1 + len(dirs) + 1
    assert calls <= 3 * entries


def test_a_long_generated_gitignore_costs_a_lookup_per_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain names, `*.ext` and plain paths are looked up, not tried one by one: 5,000
    lines no longer mean 5,000 matches for each file."""
    lines = [f"gen{i}.out" for i in range(5000)] + ["*.log", "/build/x.md", "!gen7.out"]
    make_tree(tmp_path, {".gitignore": "\n".join(lines) + "\n",
                         **{f"d/f{i}.md": "" for i in range(100)},
                         "d/gen3.out": "", "gen7.out": "", "a.log": "", "build/x.md": ""})
    calls = 0
    matches = Pattern.matches

    def counted(self: Pattern, *args: object) -> bool:
        nonlocal calls
        calls += 1
        return matches(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Pattern, "matches", counted)
    _, files, dirs, _ = discover(tmp_path)
    assert files == {".gitignore", "gen7.out", *(f"d/f{i}.md" for i in range(100))}
    assert calls <= 2 * (len(files) + len(dirs) + 3)
