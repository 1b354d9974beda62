"""Where a run looks: the project root found from a subfolder or from files, links resolved
against the whole project, findings only for what was asked, -C DIR on every command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import refgraph
from docs_index.unlisted import tracked_ignored
from graph.cli import main
from graph.project import find_project
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "pyralog-like"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def findings_of(out: str) -> list[str]:
    return [line for line in out.splitlines() if not line.startswith(("Found ", "No findings"))]


@pytest.fixture(scope="module")
def whole() -> list[str]:
    """The example's findings, checked from its root."""
    code, out, _ = run("check", str(EXAMPLE))
    assert code == 1
    return findings_of(out)


def test_a_subfolder_is_checked_against_the_whole_project(
        whole: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # the reproducer: `cd examples/pyralog-like && refgraph check blog/` gave 96
    # findings, among them "cites ARROW.md, which does not exist yet"
    monkeypatch.chdir(EXAMPLE)
    code, out, _ = run("check", "blog/")
    assert code == 1
    assert findings_of(out) == [f for f in whole if f.startswith("blog/")]
    assert out.splitlines()[-1] == ("Found 43 findings (9 errors, 25 warnings, 9 info) in 14 "
                                    "Markdown files, 118 links.")
    assert "ARROW.md, which does not exist" not in out
    err = run("check", "blog/", "-v", "--no-cache")[2]
    assert err.splitlines()[-1] == (f"refgraph: root: {EXAMPLE}, found by refgraph.toml in "
                                    f"{EXAMPLE}; reported: blog")


def test_given_files_get_only_their_findings(whole: list[str]) -> None:
    files = ("blog/02-the-write-path.md", "METRICS.md", "STORAGE.md")
    code, out, _ = run("check", "-C", str(EXAMPLE), *files)
    assert code == 1
    # RG501 (an orphan) is reported for METRICS.md because it was asked for; the other
    # whole-corpus findings are about files not asked for
    assert findings_of(out) == [f for f in whole if f.split(":")[0] in files]
    assert any(" RG501 " in f for f in findings_of(out))
    assert out.splitlines()[-1].endswith("in 3 Markdown files, 16 links.")


def test_the_git_root_is_the_project_when_nothing_is_configured(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {
        "README.md": "# Repo\n\nSee [the guide](docs/guide.md).\n",
        "src/main.py": "print()\n",
        "docs/guide.md": "# Guide\n\n[Back](../README.md#repo), [code](../src/main.py), "
                         "[gone](../GONE.md).\n",
    })
    (repo / ".git").mkdir()  # what a repository or a worktree's `.git` file marks
    code, out, _ = run("check", str(repo / "docs"))
    assert code == 1
    # before: the root was docs/, so each ../ link "climbed above the checked root" (RG107)
    assert findings_of(out) == [
        "docs/guide.md:3:52: RG101 error link to ../GONE.md, but GONE.md does not exist "
        "(fix the path or create the file)"]
    assert run("check", str(repo / "docs" / "guide.md"))[1] == out
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n", encoding="utf-8")
    assert run("check", str(repo / "docs"))[1] == out


def test_the_nearest_configuration_wins_and_none_above_the_repository(tmp_path: Path) -> None:
    write(tmp_path, {"refgraph.toml": "", "repo/sub/pyproject.toml": "[tool.refgraph]\n",
                     "repo/sub/docs/a.md": "# A\n", "repo/other/b.md": "# B\n"})
    (tmp_path / "repo" / ".git").mkdir()
    sub = find_project([tmp_path / "repo" / "sub" / "docs"])
    assert (sub.root, sub.only) == (tmp_path / "repo" / "sub", ("docs",))
    assert sub.found_by == f"[tool.refgraph] in pyproject.toml in {tmp_path / 'repo' / 'sub'}"
    # the refgraph.toml above the repository belongs to another project
    other = find_project([Path("other/b.md")], tmp_path / "repo")
    assert (other.root, other.only) == (tmp_path / "repo", ("other/b.md",))
    assert find_project([Path(".")], tmp_path / "repo").only == ()
    # a pyproject.toml without [tool.refgraph] marks nothing
    write(tmp_path, {"repo/other/pyproject.toml": "[project]\nname = 'x'\n"})
    assert find_project([tmp_path / "repo" / "other"]).root == tmp_path / "repo"


def test_a_folder_the_project_excludes_is_a_project_of_its_own(tmp_path: Path) -> None:
    # like this repository's test corpora: excluded by the root's configuration, checked
    # on their own
    repo = write(tmp_path, {
        # a rule named rather than numbered, as the configuration allows
        "pyproject.toml": '[tool.refgraph]\nexclude = ["fixtures/"]\n'
                          'rules = { orphan-doc = "off" }\n',
        "README.md": "# R\n",
        "fixtures/case/a.md": "[b](b.md) [up](../../README.md)\n",
        "fixtures/case/b.md": "[a](a.md)\n",
    })
    project = find_project([repo / "fixtures" / "case"])
    assert (project.root, project.only) == (repo / "fixtures" / "case", ())
    code, out, _ = run("check", str(repo / "fixtures" / "case"))
    assert out.startswith("a.md:1:11: RG107 ")
    (repo / "node_modules").mkdir()
    assert find_project([repo / "node_modules"]).root == repo / "node_modules"
    # an excluded file, as pre-commit passes it, stays in the project and is not checked
    both = find_project([repo / "README.md", repo / "fixtures" / "case" / "a.md"])
    assert (both.root, both.only) == (repo, ("README.md", "fixtures/case/a.md"))
    code, out, err = run("check", "-C", str(repo), "fixtures/case/a.md")
    assert (code, out) == (0, "No findings in 0 Markdown files, 0 links.\n")
    assert err == "refgraph: warning: no Markdown files to check in fixtures/case/a.md\n"


def test_paths_of_two_projects_are_refused(tmp_path: Path) -> None:
    write(tmp_path, {"one/refgraph.toml": "", "one/a.md": "# A\n",
                     "two/refgraph.toml": "", "two/b.md": "# B\n"})
    code, _, err = run("check", "-C", str(tmp_path), "one/a.md", "two")
    assert code == 2
    assert err.splitlines()[-1] == (
        f"Error: Invalid value for PATH: one/a.md and two belong to different projects "
        f"({tmp_path / 'one'} and {tmp_path / 'two'}); check each in its own run")


def test_a_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    for command in (["check"], ["render", "-o", "-"], ["baseline", "write", "b.json"],
                    ["paths", "-C"]):
        code, _, err = run(*command, str(tmp_path / "nope"))
        assert code == 2, command
        assert "nope" in err.splitlines()[-1], command
    code, _, err = run("check", "-C", str(tmp_path), "nope.md")
    assert (code, err.splitlines()[-1]) == (
        2, "Error: Invalid value for PATH: nope.md: no such file or directory")


def test_no_markdown_files_is_said(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path, {"code/x.py": "print()\n"})
    for name in ("empty", "code"):
        code, out, err = run("check", str(tmp_path / name))
        assert (code, out) == (0, "No findings in 0 Markdown files, 0 links.\n")
        assert err == f"refgraph: warning: no Markdown files to check in {tmp_path / name}\n"


def test_the_python_api_refuses_a_missing_or_file_root(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such directory to check: '/no/such/dir'"):
        refgraph.analyze("/no/such/dir")
    with pytest.raises(FileNotFoundError):
        refgraph.load_graph(tmp_path / "nope")
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="the root to check must be a directory"):
        refgraph.analyze(tmp_path / "a.md")


def test_the_python_api_checks_part_of_a_corpus(whole: list[str]) -> None:
    result = refgraph.analyze(EXAMPLE, only=["blog"])
    assert result.only == ("blog",)
    assert {f.loc.path.split("/")[0] for f in result.findings} == {"blog"}
    assert len(result.findings) == sum(f.startswith("blog/") for f in whole)
    assert (result.stats.documents, result.stats.links) == (14, 118)


def test_dash_c_works_on_every_command(tmp_path: Path, whole: list[str]) -> None:
    assert findings_of(run("check", "-C", str(EXAMPLE))[1]) == whole
    assert findings_of(run("check", "-C", str(EXAMPLE / "blog"), ".")[1]) == [
        f for f in whole if f.startswith("blog/")]
    baseline = tmp_path / "baseline.json"
    assert run("baseline", "write", str(baseline), "-C", str(EXAMPLE), "blog")[0] == 0
    assert {e["file"].split("/")[0] for e in json.loads(baseline.read_text())["findings"]} == {
        "blog"}
    code, page, _ = run("render", "-C", str(EXAMPLE), "--format", "json", "-o", "-")
    assert code == 0 and json.loads(page)["nodes"]
    listed = run("paths", "-C", str(EXAMPLE))
    assert listed[0] == 0 and listed[1].startswith("For Architects (blog/README.md:151)")
    # the paths group takes a PATH before its command, as check does
    assert run("paths", str(EXAMPLE)) == listed
    assert run("paths", str(EXAMPLE / "blog")) == listed
    assert run("paths", str(EXAMPLE), "coverage") == run("paths", "-C", str(EXAMPLE),
                                                          "coverage")
    assert run("paths", "--root", str(EXAMPLE)) == listed  # the old name still works
    shown = run("config", str(EXAMPLE))
    assert shown[0] == 0 and "max-file-size = 16000" in shown[1]
    assert run("config", "-C", str(EXAMPLE / "blog")) == shown
    assert run("config", str(EXAMPLE / "blog")) == shown


def test_a_baseline_entry_for_a_file_not_asked_about_is_not_fixed(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("baseline", "write", str(baseline), str(EXAMPLE))
    code, out, err = run("check", "-C", str(EXAMPLE), "blog", "--baseline", str(baseline))
    assert code == 0
    assert "fixed since it was written" not in out + err


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull,
                        "GIT_CONFIG_NOSYSTEM": "1"})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")
def test_a_link_to_an_ignored_file_says_so(tmp_path: Path) -> None:
    repo = write(tmp_path, {
        ".gitignore": "# build output\n\nbuild/\n*.log\n!keep.log\n",
        "docs/.gitignore": "draft-*.md\n",
        "README.md": "[out](build/out.md) [log](run.log) [kept](keep.log) "
                     "[draft](docs/draft-1.md) [dep](node_modules/pkg/README.md) "
                     "[gone](GONE.md) [forced](vendor/forced.md) [dir](build/)\n",
        "build/out.md": "# Out\n", "run.log": "x\n", "keep.log": "x\n",
        "docs/draft-1.md": "# Draft\n", "node_modules/pkg/README.md": "# Pkg\n",
        "vendor/.gitignore": "*\n", "vendor/forced.md": "[broken](nowhere.md)\n",
        "blog/README.md": "# Blog\n\n- [Part 1](01-a.md)\n- [Part 2](02-b.md)\n",
        "blog/01-a.md": "# A\n\n[README](../README.md)\n",
        "blog/02-b.md": "# B (ignored)\n", "blog/.gitignore": "02-*\n",
        "blog/BACKLOG.md": "# Plan\n\n### #3: Next\n\n**Documentation**: `build/out.md`\n",
    })
    _git(repo, "init", "-q")
    _git(repo, "add", "-f", "vendor/forced.md")  # tracked: in the repository all the same
    code, out, _ = run("check", str(repo), "--select", "RG101,RG201,RG306")
    assert code == 1
    why = ("(commit it with `git add -f`, or stop ignoring it, if readers should get it; "
           "else drop the link)")
    assert findings_of(out) == [
        f"README.md:1:1: RG101 error link to build/out.md, but build/out.md exists but is "
        f"ignored (.gitignore:3) {why}",
        f"README.md:1:21: RG101 error link to run.log, but run.log exists but is ignored "
        f"(.gitignore:4) {why}",
        f"README.md:1:53: RG101 error link to docs/draft-1.md, but docs/draft-1.md exists "
        f"but is ignored (docs/.gitignore:1) {why}",
        f"README.md:1:78: RG101 error link to node_modules/pkg/README.md, but "
        f"node_modules/pkg/README.md exists but is ignored (node_modules is never read) {why}",
        "README.md:1:112: RG101 error link to GONE.md, but GONE.md does not exist (fix the "
        "path or create the file)",
        f"README.md:1:155: RG101 error link to build/, but build exists but is ignored "
        f"(.gitignore:3) {why}",
        # the plan (RG201) and an index entry (RG306) say the same
        "blog/BACKLOG.md:5:21: RG201 info plan for #3 (Next) cites build/out.md, which "
        "exists but is ignored (.gitignore:3) (commit build/out.md with `git add -f`, or "
        "stop ignoring it, before #3 is published)",
        f"blog/README.md:4:3: RG306 error index entry links to 02-b.md, but blog/02-b.md "
        f"exists but is ignored (blog/.gitignore:1) {why}",
        # the tracked file is read and checked like any other
        "vendor/forced.md:1:1: RG101 error link to nowhere.md, but vendor/nowhere.md does "
        "not exist (fix the path or create the file)",
    ]


def test_no_repository_or_no_git_adds_no_tracked_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert tracked_ignored(tmp_path) == []  # not a repository: git fails, nothing added
    monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
    assert tracked_ignored(tmp_path) == []


def test_naming_the_ignoring_line_is_linear(tmp_path: Path) -> None:
    # a generated .gitignore of 50,000 names, the deciding rule on its first line, and
    # 1,000 links to files it hides: finding each one's line by trying the lines in
    # turn took 8 s; an indexed lookup per link takes about one (with start-up)
    root = write(tmp_path, {".gitignore": "\n".join(
        ["hidden/*.md", *(f"generated-{i}.bin" for i in range(50_000))]) + "\n"})
    (root / "hidden").mkdir()
    for i in range(1_000):
        (root / "hidden" / f"x{i}.md").write_text("# x\n", encoding="utf-8")
    (root / "README.md").write_text(
        " ".join(f"[x{i}](hidden/x{i}.md)" for i in range(1_000)) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "refgraph", "check", "--no-cache", "-j", "1", str(root)],
        capture_output=True, text=True, timeout=6, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("exists but is ignored (.gitignore:1)") == 1_000


def test_many_files_cost_one_root_search_per_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # pre-commit run --all-files passes every Markdown file: reading pyproject.toml again
    # for each of them took half a millisecond a file, per folder above it
    import graph.project

    root = write(tmp_path, {"pyproject.toml": "[tool.refgraph]\n"})
    files = []
    for folder in ("a", "a/b", "c"):
        for i in range(300):
            files.append(write(root, {f"{folder}/f{i}.md": "# f\n"}) / folder / f"f{i}.md")
    looked = []
    has_config = graph.project._has_config
    monkeypatch.setattr(graph.project, "_has_config",
                        lambda folder: looked.append(folder) or has_config(folder))
    project = find_project(files)
    assert (project.root, len(project.only)) == (root, 900)
    assert sorted(looked) == sorted([root, root / "a", root / "a" / "b", root / "c"])


def test_a_path_outside_the_configured_roots_is_checked_when_asked_for(tmp_path: Path) -> None:
    root = write(tmp_path, {"refgraph.toml": 'roots = ["docs"]\n',
                            "README.md": "[gone](GONE.md) [doc](docs/a.md)\n",
                            "docs/a.md": "# A\n", "src/x.py": "print()\n"})
    code, out, err = run("check", "-C", str(root), "README.md")
    assert (code, err) == (1, "")
    assert findings_of(out) == ["README.md:1:1: RG101 error link to GONE.md, but GONE.md does "
                                "not exist (fix the path or create the file)"]
    # a PATH is not a configured roots entry: the warning is about the PATH, not roots
    code, out, err = run("check", "-C", str(root), "src")
    assert (code, err) == (0, "refgraph: warning: no Markdown files to check in src\n")


@pytest.mark.parametrize("pyproject", [
    "tool = 3\n",
    "[tool]\nrefgraph = 1e400\nx = 1" + "0" * 5000 + "\n",
    "[tool.refgraph]\nx = " + "[" * 5000 + "\n",
])
def test_a_pyproject_the_root_search_cannot_read_is_one_line(tmp_path: Path,
                                                              pyproject: str) -> None:
    """The root search reads pyproject.toml too: a `tool` that is no table, a number
    Python will not read or nesting tomllib recurses on is the configuration's error
    (one line, exit 2), never a traceback from the search."""
    write(tmp_path, {"pyproject.toml": pyproject, "README.md": "# R\n"})
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("Error: pyproject.toml:"), result.output
    assert len(result.output.splitlines()) == 1
