"""`--diff-base`: changed files from git, findings at the merge base, what the change caused.

Every test builds a real repository in tmp_path and runs the real `git`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import docs_index.reading as reading_module
from docs_index.model import Location
from graph.api import ReadOptions, analyze
from graph.cli import main
from graph.config import Config
from graph.diffbase import (
    Change,
    DiffBaseError,
    caused_by_change,
    changed_files,
    findings_at,
)
from graph.findings import Finding, Severity
from tests.conftest import make_tree

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")

CORPUS = {
    "STORAGE.md": "# Storage\n\n## Compaction\n\nMerges runs.\n",
    "blog/01-intro.md": "# Intro\n\nSee [compaction](../STORAGE.md#compaction).\n",
    "blog/02-next.md": "# Next\n\nSee [nope](../NOPE.md).\n",
}


@pytest.fixture(autouse=True)
def quiet_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git as on a fresh machine: no user or system config, a fixed identity, and no
    repository above tmp_path to be found by accident."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "t")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "t@t")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def new_repo(repo: Path, files: dict[str, bytes | str]) -> Path:
    """A repository on `main` with `files` committed, checked out on a branch `change`."""
    make_tree(repo, files)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "change")
    return repo


def reported(root: Path, rev: str = "main") -> tuple[Change, list[Finding]]:
    """What `check --diff-base rev` would show: the change and the findings it caused."""
    config = Config()
    change = changed_files(root, rev)
    before = findings_at(root, change.merge_base, config)
    return change, caused_by_change(analyze(root, config).findings, change, before)


def lines(findings: list[Finding]) -> list[str]:
    return [f"{f.loc}: {f.rule_id} {f.message}" for f in findings]


def test_heading_renamed_on_a_branch_breaks_an_untouched_link(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)
    (root / "STORAGE.md").write_text("# Storage\n\n## Compaction strategy\n\nMerges runs.\n",
                                     encoding="utf-8")
    commit_all(root, "rename heading")

    change, findings = reported(root)

    assert change.files == {"STORAGE.md"}
    assert change.merge_base == git(root, "rev-parse", "main")
    assert lines(findings) == [
        "blog/01-intro.md:3:5: RG102 link to ../STORAGE.md#compaction, but STORAGE.md has "
        "no heading or anchor #compaction",
    ]
    everything = lines(analyze(root).findings)
    assert "blog/02-next.md:3:5: RG101 link to ../NOPE.md, but NOPE.md does not exist" \
        in everything


def test_findings_at_reads_the_commit_not_the_working_tree(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)
    (root / "blog/02-next.md").write_text("# Next\n", encoding="utf-8")
    (root / "blog/03-new.md").write_text("[x](../GONE.md)\n", encoding="utf-8")

    before = findings_at(root, git(root, "rev-parse", "main"), Config())

    assert lines(before) == [
        "blog/02-next.md:3:5: RG101 link to ../NOPE.md, but NOPE.md does not exist",
    ]
    assert all(f.fingerprint for f in before)


def test_findings_at_removes_its_temporary_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    findings_at(root, "main", Config())

    assert list(scratch.iterdir()) == []


def test_uncommitted_untracked_staged_deleted_and_renamed_files_count(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", {**CORPUS, "old name.md": "# Old\n", "gone.md": "# G\n",
                                        ".gitignore": "*.tmp.md\n"})
    (root / "STORAGE.md").write_text("# Storage\n\nUnsaved edit.\n", encoding="utf-8")
    make_tree(root, {"blog/03 größe ⚡.md": "# Größe\n", "scratch.tmp.md": "# ignored\n",
                     "staged.md": "# S\n"})
    git(root, "add", "staged.md")
    git(root, "mv", "old name.md", "new\nname.md")
    (root / "gone.md").unlink()

    change = changed_files(root, "main")

    assert change.files == {"STORAGE.md", "blog/03 größe ⚡.md", "staged.md", "old name.md",
                            "new\nname.md", "gone.md"}


def test_new_file_with_a_space_and_unicode_is_reported_as_changed(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)
    make_tree(root, {"blog/03 größe ⚡.md": "# Größe\n\n[x](../MISSING.md)\n"})

    change, findings = reported(root)

    assert change.files == {"blog/03 größe ⚡.md"}
    assert lines(findings) == [
        "blog/03 größe ⚡.md:3:1: RG101 link to ../MISSING.md, but MISSING.md does not exist",
    ]


def test_no_change_reports_nothing(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)

    change, findings = reported(root)

    assert change.files == frozenset()
    assert findings == []


def test_root_in_a_subdirectory_gives_root_relative_paths(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"README.md": "# Top\n[x](NOWHERE.md)\n",
                                        **{f"docs/{k}": v for k, v in CORPUS.items()}})
    root = repo / "docs"
    (root / "STORAGE.md").write_text("# Storage\n\n## Compaction strategy\n", encoding="utf-8")
    (repo / "README.md").write_text("# Top, edited\n", encoding="utf-8")
    make_tree(repo, {"notes.md": "# outside\n", "docs/new.md": "# inside\n"})
    commit_all(repo, "edit inside and outside docs/")
    make_tree(repo, {"other.md": "# untracked, outside\n"})

    change, findings = reported(root)

    assert change.files == {"STORAGE.md", "new.md"}
    assert lines(findings) == [
        "blog/01-intro.md:3:5: RG102 link to ../STORAGE.md#compaction, but STORAGE.md has "
        "no heading or anchor #compaction",
    ]


def test_root_reached_through_a_symlink(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {f"docs/{k}": v for k, v in CORPUS.items()})
    (repo / "docs/STORAGE.md").write_text("# Storage\n", encoding="utf-8")
    link = tmp_path / "docs-link"
    link.symlink_to(repo / "docs")

    change, findings = reported(link)

    assert change.files == {"STORAGE.md"}
    assert [f.loc.path for f in findings] == ["blog/01-intro.md"]


def test_root_that_did_not_exist_at_the_merge_base(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"README.md": "# Top\n"})
    make_tree(repo, {f"docs/{k}": v for k, v in CORPUS.items()})
    commit_all(repo, "add docs/")

    change, findings = reported(repo / "docs")

    assert findings_at(repo / "docs", change.merge_base, Config()) == []
    assert change.files == set(CORPUS)
    assert [f.rule_id for f in findings] == ["RG101"]


def test_symlink_out_of_the_root_is_judged_as_in_the_working_tree(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"README.md": "# Top\n", "docs/index.md": "# Docs\n"})
    (repo / "docs/readme.md").symlink_to("../README.md")
    commit_all(repo, "link the readme into docs/")
    git(repo, "checkout", "-q", "-b", "later")
    root = repo / "docs"

    now = analyze(root).findings
    before = findings_at(root, "HEAD", Config())

    assert lines(now) == ["readme.md:1:1: RG001 cannot read readme.md: symbolic link points "
                          "outside the checked root; not read"]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in now]


def test_lines_added_above_do_not_bring_back_old_findings(tmp_path: Path) -> None:
    files = {**CORPUS, "blog/02-next.md": "# Next\n\n[a](../STORAGE.md#nope) [b](../NOPE.md)\n",
             "STORAGE.md": "# Storage\n\n## Compaction\n\n[c](#nowhere)\n"}
    root = new_repo(tmp_path / "repo", files)
    (root / "STORAGE.md").write_text("# Storage\n\nOne.\n\nTwo.\n\nThree.\n\n## Compaction\n\n"
                                     "[c](#nowhere)\n", encoding="utf-8")
    commit_all(root, "more text at the top")

    change, findings = reported(root)

    assert change.files == {"STORAGE.md"}
    assert lines(findings) == [
        "STORAGE.md:11:1: RG102 link to #nowhere, but STORAGE.md has no heading or anchor "
        "#nowhere",
    ]


def test_findings_elsewhere_are_kept_only_when_new() -> None:
    def finding(path: str, line: int, fingerprint: str) -> Finding:
        return Finding(Location(path, line, 1), "RG101", "m", Severity.ERROR,
                       fingerprint=fingerprint)

    now = [finding("a.md", 9, "x:1"), finding("b.md", 1, "old:1"), finding("b.md", 2, "new:1")]
    before = [finding("a.md", 1, "x:1"), finding("b.md", 7, "old:1")]

    kept = caused_by_change(now, Change("0" * 40, frozenset({"a.md"})), before)

    assert kept == [now[0], now[2]]


def test_unknown_revision(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)

    with pytest.raises(DiffBaseError, match=r"^--diff-base: unknown revision 'nope'$"):
        changed_files(root, "nope")
    with pytest.raises(DiffBaseError, match=r"^--diff-base: unknown revision '--output=x'$"):
        changed_files(root, "--output=x")


def test_not_a_git_repository(tmp_path: Path) -> None:
    plain = make_tree(tmp_path / "plain", CORPUS)

    with pytest.raises(DiffBaseError) as err:
        changed_files(plain, "main")

    assert str(err.value) == f"--diff-base: {plain} is not inside a git repository"


def test_root_that_is_not_a_directory(tmp_path: Path) -> None:
    missing = tmp_path / "missing"

    with pytest.raises(DiffBaseError, match="is not a directory"):
        changed_files(missing, "main")


def test_no_merge_base(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)
    git(root, "checkout", "-q", "--orphan", "unrelated")
    commit_all(root, "unrelated history")

    with pytest.raises(DiffBaseError,
                       match=r"^--diff-base: no merge base between 'main' and HEAD$"):
        changed_files(root, "main")


def test_no_merge_base_in_a_shallow_clone_says_so(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", CORPUS)
    git(repo, "checkout", "-q", "main")
    make_tree(repo, {"STORAGE.md": "# Storage, later\n"})
    commit_all(repo, "main moves on")
    git(repo, "checkout", "-q", "change")
    make_tree(repo, {"blog/03-more.md": "# More\n"})
    commit_all(repo, "change moves on")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", "--no-single-branch", "-b", "change",
        repo.as_uri(), str(clone))

    with pytest.raises(DiffBaseError) as err:
        changed_files(clone, "origin/main")

    assert str(err.value) == ("--diff-base: no merge base between 'origin/main' and HEAD; "
                              "this is a shallow clone, fetch more history "
                              "(git fetch --unshallow)")


def test_findings_at_an_unknown_commit(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)

    with pytest.raises(DiffBaseError, match=r"^--diff-base: unknown revision 'f{40}'$"):
        findings_at(root, "f" * 40, Config())


def test_git_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path / "repo", CORPUS)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    with pytest.raises(DiffBaseError, match=r"^--diff-base: git is not installed"):
        changed_files(root, "main")


def test_check_diff_base_on_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    repo = new_repo(tmp_path / "repo", CORPUS)
    make_tree(repo, {"STORAGE.md": CORPUS["STORAGE.md"].replace("## Compaction",
                                                                 "## Compaction strategy")})
    commit_all(repo, "rename a heading")
    result = CliRunner().invoke(main, ["check", str(repo), "--diff-base", "main"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("blog/01-intro.md:3:5: RG102 error link to "
                               "../STORAGE.md#compaction")
    assert lines[1] == "Found 1 finding (1 error) in 3 Markdown files, 2 links."
    assert lines[2].startswith("--diff-base main (merge base ")
    assert lines[2].endswith("1 changed file; 1 finding elsewhere not shown")
    assert len(lines) == 3

    result = CliRunner().invoke(main, ["check", str(repo), "--diff-base", "nope"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("--diff-base: unknown revision 'nope'")


def test_the_merge_base_is_read_through_the_cache(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """With a cache, analysing the merge base parses only the files the change touched."""
    repo = new_repo(tmp_path / "repo", CORPUS)
    (repo / "blog" / "02-next.md").write_text("# Next\n\nSee [storage](../STORAGE.md).\n",
                                              encoding="utf-8")
    commit_all(repo, "fix")
    read = ReadOptions(tmp_path / "cache")
    analyze(repo, Config(), read)  # the working tree, as `check` reads it first
    parsed: list[str] = []
    real = reading_module.parse_text
    monkeypatch.setattr(reading_module, "parse_text",
                        lambda parser, rel, text: parsed.append(rel) or real(parser, rel, text))
    base = git(repo, "merge-base", "HEAD", "main")
    before = findings_at(repo, base, Config(), read)
    assert parsed == ["blog/02-next.md"]
    assert before == findings_at(repo, base, Config())
    assert "RG101" in {f.rule_id for f in before}


def _git_dir_state(repo: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(repo)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted((repo / ".git").rglob("*")) if p.is_file()}


def test_diff_base_writes_nothing_into_the_repository(tmp_path: Path) -> None:
    # a touched file (same bytes, newer mtime) made `git diff` refresh and rewrite
    # .git/index; the file is not a change either
    root = new_repo(tmp_path / "repo", CORPUS)
    (root / "NEW.md").write_text("# New\n\n[s](STORAGE.md)\n", encoding="utf-8")
    index = root / ".git" / "index"
    later = index.stat().st_mtime_ns + 5_000_000_000
    os.utime(root / "STORAGE.md", ns=(later, later))
    before = _git_dir_state(root)

    change, _ = reported(root)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--diff-base", "main",
                                       str(root)])

    assert change.files == {"NEW.md"}
    assert result.exit_code == 0, result.output
    assert _git_dir_state(root) == before


def test_export_rules_do_not_change_the_base(tmp_path: Path) -> None:
    # git archive applied export-ignore: the base had no Markdown files, so every old
    # finding looked new
    root = new_repo(tmp_path / "repo", {**CORPUS, ".gitattributes": "*.md export-ignore\n"
                                        "STORAGE.md export-subst\n"})
    (root / "NEW.md").write_text("# New\n\n[s](STORAGE.md)\n", encoding="utf-8")

    change, findings = reported(root)

    assert change.files == {"NEW.md"}
    assert lines(findings) == []
    assert lines(findings_at(root, change.merge_base, Config())) == [
        "blog/02-next.md:3:5: RG101 link to ../NOPE.md, but NOPE.md does not exist"]
