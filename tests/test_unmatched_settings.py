"""A `posts`, `index`, `plan` or `roots` setting that matches nothing is a warning naming
the key and its line, and the series rules do not run on a series with no post."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from tests.conftest import make_tree

INDEX = ("# Blog\n\n## Reading Paths\n\n### Basics\n\n" +
         "".join(f"{n}. [Part {n}](0{n}-part.md)\n" for n in range(1, 4)))
SERIES = {"README.md": "# Docs\n\n[blog](blog/README.md)\n", "blog/README.md": INDEX,
          **{f"blog/0{n}-part.md": f"# Part {n}\n\n[index](README.md)\n" for n in range(1, 4)}}


def run(root: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_a_posts_glob_matching_nothing_is_said_and_no_series_rule_runs(tmp_path: Path) -> None:
    config = '# the blog\n\nposts = "articles/*.md"\n'
    root = make_tree(tmp_path, {**SERIES, "refgraph.toml": config})
    code, out, err = run(root)
    assert err == ("refgraph.toml:3: warning: posts 'articles/*.md' matches no file; the "
                   "series rules (RG3xx, RG4xx) are skipped\n")
    assert (code, out) == (0, "No findings in 5 Markdown files, 7 links.\n")


def test_index_plan_and_roots_matching_nothing_are_said(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {**SERIES, "docs/logo.png": "", "refgraph.toml":
                                'index = "blog/INDEX.md"\nplan = "PLAN.md"\n'
                                'roots = [\n  "blog",\n  "docs",\n]\n'})
    _, _, err = run(root)
    assert err.splitlines() == [
        "refgraph.toml:1: warning: index 'blog/INDEX.md' matches no file",
        "refgraph.toml:2: warning: plan 'PLAN.md' matches no file",
        "refgraph.toml:3: warning: roots entry 'docs' holds no Markdown file",
    ]


def test_an_index_without_posts_under_the_default_glob_is_said(tmp_path: Path) -> None:
    files = {"blog/README.md": "# Blog\n\n## Reading Paths\n\n### Basics\n\n1. [One](one.md)\n",
             "blog/one.md": "# One\n\n[index](README.md)\n"}
    code, out, err = run(make_tree(tmp_path, files))
    assert err == ("refgraph: warning: blog/README.md is there but no post is: posts "
                   "'blog/[0-9]*.md' (the default) matches no file; the series rules "
                   "(RG3xx, RG4xx) are skipped; set posts in refgraph.toml\n")
    assert (code, out) == (0, "No findings in 2 Markdown files, 2 links.\n")


def test_a_series_that_is_found_gives_no_warning(tmp_path: Path) -> None:
    code, _, err = run(make_tree(tmp_path, {**SERIES, "refgraph.toml": 'posts = "blog/0*.md"\n'}))
    assert (code, err) == (0, "")
