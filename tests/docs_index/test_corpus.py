"""docs_index.corpus: discovery (skips, .gitignore files, excludes) and read_corpus."""

from __future__ import annotations

from pathlib import Path

from docs_index.corpus import discover, read_corpus
from tests.conftest import make_tree

TREE: dict[str, bytes | str] = {
    "README.md": "# Root\n",
    "notes.txt": "plain\n",
    "Cargo.toml": "[package]\n",
    "c.tmp.md": "# not under sub/, so sub/.gitignore does not apply\n",
    ".gitignore": "build/\nsecret.md\n*.log\n",
    ".git/config": "[core]\n",
    ".git/x.md": "# inside .git\n",
    "node_modules/pkg/README.md": "# a package\n",
    "build/out.md": "# built\n",
    "secret.md": "# ignored at the root\n",
    "debug.log": "ignored\n",
    "docs/guide.markdown": "# Guide\n",
    "docs/diagrams/flow.mmd": "graph TD\n",
    "docs/secret.md": "# a .gitignore name without / matches at any depth\n",
    "sub/a.md": "# A\n",
    "sub/.gitignore": "*.tmp.md\n/local.md\n",
    "sub/b.tmp.md": "# ignored by sub/.gitignore\n",
    "sub/local.md": "# ignored: anchored to sub/\n",
    "sub/deep/c.tmp.md": "# ignored: unanchored pattern, any depth below sub/\n",
    "sub/deep/local.md": "# kept: /local.md is anchored to sub/\n",
    "drafts/d.md": "# excluded\n",
    "docs/wip.draft.md": "# excluded\n",
}


def test_discover(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    markdown, files, dirs, skipped = discover(tmp_path, exclude=["drafts/", "*.draft.md"])
    assert markdown == [
        "README.md",
        "c.tmp.md",
        "docs/guide.markdown",
        "sub/a.md",
        "sub/deep/local.md",
    ]
    # excluded files still exist (links to them are fine); excluded directories are listed
    # but not entered; git-ignored and always-skipped ones are not there at all
    assert files == {
        ".gitignore",
        "Cargo.toml",
        "README.md",
        "c.tmp.md",
        "docs/diagrams/flow.mmd",
        "docs/guide.markdown",
        "docs/wip.draft.md",
        "notes.txt",
        "sub/.gitignore",
        "sub/a.md",
        "sub/deep/local.md",
    }
    assert dirs == {"", "docs", "docs/diagrams", "drafts", "sub", "sub/deep"}
    assert skipped == {"drafts"}


def test_discover_without_excludes(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    markdown, files, dirs, skipped = discover(tmp_path)
    assert markdown == [
        "README.md",
        "c.tmp.md",
        "docs/guide.markdown",
        "docs/wip.draft.md",
        "drafts/d.md",
        "sub/a.md",
        "sub/deep/local.md",
    ]
    assert "drafts/d.md" in files
    assert dirs == {"", "docs", "docs/diagrams", "drafts", "sub", "sub/deep"}
    assert skipped == set()


def test_discover_without_gitignore(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.md": "", "x/b.md": "", ".git/c.md": "", "node_modules/d.md": ""})
    markdown, files, dirs, skipped = discover(tmp_path)
    assert markdown == ["a.md", "x/b.md"]
    assert files == {"a.md", "x/b.md"}
    assert dirs == {"", "x"}
    assert skipped == set()


def test_discover_nested_negation(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        ".gitignore": "*.tmp.md\n",
        "x.tmp.md": "",
        "sub/.gitignore": "!keep.tmp.md\n",
        "sub/keep.tmp.md": "",
        "sub/other.tmp.md": "",
    })
    markdown, _files, _dirs, _skipped = discover(tmp_path)
    assert markdown == ["sub/keep.tmp.md"]


def test_read_corpus_keeps_the_readable_files(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "good.md": "# Good\n\nSee [b](sub/b.md).\n",
        "latin1.md": b"# Caf\xe9\n",
        "sub/b.md": "# B\r\n",
        "utf16.md": b"\xff\xfe#\x00 \x00",
        "image.png": b"\x89PNG\r\n",
    })
    corpus = read_corpus(tmp_path)
    assert corpus.root == tmp_path.resolve()
    assert sorted(corpus.documents) == ["good.md", "sub/b.md"]
    assert corpus.documents["good.md"].title == "Good"
    assert corpus.documents["sub/b.md"].title == "B"
    assert [(p.loc.path, p.loc.line, p.loc.col, p.rule_id) for p in corpus.problems] == [
        ("latin1.md", 1, 6, "RG001"),
        ("utf16.md", 1, 1, "RG001"),
    ]
    assert corpus.files == {"good.md", "image.png", "latin1.md", "sub/b.md", "utf16.md"}
    assert corpus.dirs == {"", "sub"}


def test_read_corpus_honours_exclude(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.md": "# A\n", "drafts/b.md": "# B\n", "c.wip.md": "# C\n"})
    corpus = read_corpus(tmp_path, exclude=["drafts/", "*.wip.md"])
    assert sorted(corpus.documents) == ["a.md"]
    assert corpus.files == {"a.md", "c.wip.md"}
    assert corpus.dirs == {"", "drafts"}
    assert corpus.skipped == {"drafts"}
    assert [corpus.exists(p) for p in ("a.md", "c.wip.md", "drafts", "drafts/b.md", "x.md")] == [
        True, True, True, True, False]


def test_read_corpus_parses_only_under_roots_but_every_file_exists(tmp_path: Path) -> None:
    make_tree(tmp_path, {"README.md": "# R\n", "blog/01-a.md": "# A\n", "docs/x.md": "# X\n",
                         "vendor/y.md": "# Y\n"})
    corpus = read_corpus(tmp_path, roots=["blog/", "README.md", "docs"])
    assert sorted(corpus.documents) == ["README.md", "blog/01-a.md", "docs/x.md"]
    assert corpus.exists("vendor/y.md")
    assert sorted(read_corpus(tmp_path, roots=["."]).documents) == [
        "README.md", "blog/01-a.md", "docs/x.md", "vendor/y.md"]
