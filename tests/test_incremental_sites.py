"""A site generator's corpus is patched after an edit of its pages, while the sites read
them as before (`incremental_run._same_sites`, `incremental_patch._site_facts`): on every
site fixture each edit below gives exactly a cold run's report, a patched graph is the
graph a full build makes, and an edit of a page's prose is patched."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.api import ReadOptions, analyze
from graph.checks import RULE_NAMES
from graph.config import load_config
from graph.incremental_patch import _guarded
from graph.model import NodeKind
from graph.report.json import render_json
from tests.test_incremental_patch import EDITS, _patched_graph, _report, _structure

HERE = Path(__file__).parent
SITES = sorted([*(p for p in (HERE / "sites").iterdir()
                  if p.is_dir() and p.name not in ("fixtures", "__pycache__")),
                *(p for p in HERE.glob("corpora/*/corpus/")
                  if any(p.glob(name) for name in ("mkdocs.yml", "book.toml", "hugo.toml",
                                                   "_config.yml", "docusaurus.config.js",
                                                   ".refgraph.toml")))])


def _front(text: str, lines: str) -> str:
    """`lines` added to the front matter (made when there is none)."""
    if text.startswith("---\n"):
        return "---\n" + lines + text[4:]
    return f"---\n{lines}---\n\n{text}"


SITE_EDITS: dict[str, Callable[[str, str], str]] = {
    **EDITS,
    "routes": lambda text, other: text + (
        f"\n[a](/{Path(other).stem}/) [b](../{Path(other).stem}/) [c](/docs/intro)"
        f" [d]({Path(other).stem}.html#x) [e](/)\n"),
    "a page's own URL": lambda text, _: _front(
        text, "slug: moved\npermalink: /moved/\nurl: /moved/\nid: moved\n"),
    "a page left out": lambda text, _: _front(text, "draft: true\nunlisted: true\n"),
    "includes": lambda text, other: text + (
        f'\n--8<-- "{other}"\n\n{{{{#include {Path(other).name}}}}}\n\n'
        f'{{{{% include "{other}" %}}}}\n'),
    "a heading id": lambda text, _: re.sub(r"^(#{1,6} +.*)$", r"\1 {#own-id}", text,
                                           count=1, flags=re.M),
}


def _pages(root: Path) -> list[str]:
    """Up to four pages a site publishes that a patch may take on: the first two and the
    last two in file order."""
    g = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions()).graph
    guarded = _guarded(g)
    found = [path for path in g.graph["markdown"] if path not in guarded
             and g.nodes[path].get("site") and g.nodes[path]["kind"] == NodeKind.DOC]
    return list(dict.fromkeys([*found[:2], *found[-2:]]))


@pytest.mark.parametrize("site", SITES, ids=lambda p: str(p.relative_to(HERE)))
def test_an_edit_of_a_sites_page_equals_a_cold_run(site: Path, tmp_path: Path) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(site, root, symlinks=True)
    pages = _pages(root)
    if not pages:
        pytest.skip("no page a patch may take on")
    assert _report(root, cache)[1] == "full"
    how_each = []
    for path in pages:
        file = root / path
        original = file.read_text()
        other = next((p for p in pages if p != path), path)
        for name, edit in SITE_EDITS.items():
            file.write_text(edit(original, other))
            how, patched = _patched_graph(root, cache)
            cold = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions())
            if how == "patched":
                assert _structure(patched) == _structure(cold.graph), (path, name)
            file.write_text(original)
            _report(root, cache)  # the snapshot stays the original's
            file.write_text(edit(original, other))
            incremental, how = _report(root, cache)
            assert incremental == render_json(cold.report()), (path, name)
            how_each.append((path, name, how))
        file.write_text(original)
        assert _report(root, cache)[0] == _report(root, None)[0], path
    print(how_each)
    assert all(how == "patched" for _, name, how in how_each if name == "prose"), how_each


def test_a_link_to_nothing_in_the_listing_leaves_the_run_incremental(tmp_path: Path) -> None:
    """jekyll/jekyll holds `test/source/_includes/tmp -> ../../../tmp/`, a link to nothing
    that the listing keeps as a file: it made every run of that repository a full one with
    no state kept. Described by its own stat, it leaves an edit patched, and pointing it
    somewhere is seen as a change."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "sites" / "jekyll", root, symlinks=True)
    (root / "_includes").mkdir()
    (root / "_includes" / "tmp").symlink_to("../../../tmp/")
    assert _report(root, cache)[1] == "full"
    about = root / "about.md"
    about.write_text(about.read_text() + "\nMore prose.\n")
    incremental, how = _report(root, cache)
    assert (incremental, how) == (_report(root, None)[0], "patched")
    assert _report(root, cache)[1] == "reused"
    (root / "_includes" / "tmp").unlink()
    (root / "_includes" / "tmp").symlink_to("../about.md")
    incremental, how = _report(root, cache)
    assert (incremental, how) == (_report(root, None)[0], "full")


def test_links_a_snippet_brings_stay_with_the_page_that_includes_it(tmp_path: Path) -> None:
    """An MkDocs snippet's links are the including page's once built, located in the
    snippet: links to pages a plugin writes there (RG112) were dropped when the snippet
    alone was edited, and kept twice when the including page was."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "sites" / "mkdocs-api", root, symlinks=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - attr_list\n", "  - attr_list\n  - pymdownx.snippets\n"))
    (root / "parts").mkdir()
    snippet, page = root / "parts" / "snip.md", root / "docs" / "plain.md"
    snippet.write_text("## Snip\n\nSee [the coverage](coverage.md) and [gone](nope.md).\n")
    page.write_text(page.read_text() + '\n--8<-- "parts/snip.md"\n')
    for edited in (snippet, page):
        shutil.rmtree(cache, ignore_errors=True)
        assert _report(root, cache)[1] == "full"
        edited.write_text(edited.read_text() + "\nMore prose.\n")
        how, patched = _patched_graph(root, cache)
        cold = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions())
        assert how == "patched", edited
        assert patched.graph["unverifiable"] == cold.graph.graph["unverifiable"], edited
        assert [item["loc"].path for item in cold.graph.graph["unverifiable"]].count(
            "parts/snip.md") == 2
        edited.write_text(edited.read_text() + "\nAnd more.\n")
        incremental, how = _report(root, cache)
        assert (incremental, how) == (_report(root, None)[0], "patched"), edited


def test_a_snippet_included_through_another_judges_the_page_again(tmp_path: Path) -> None:
    """A page includes `snip.md`, which includes `snip2.md` (pymdownx.snippets, nested):
    the page's links written in `snip2.md` are judged from the page's URL and reported in
    `snip2.md`, which the page does not link. Editing `snip2.md` alone made its findings
    anew without judging the page again, so the page's findings there were lost."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "sites" / "mkdocs", root, symlinks=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - pymdownx.snippets\n", "  - pymdownx.snippets:\n      base_path: [parts, .]\n"))
    (root / "parts" / "snip.md").write_text('## Snip\n\n--8<-- "snip2.md"\n')
    nested = root / "parts" / "snip2.md"
    nested.write_text("## Snip2\n\nSee [g](guide.md#nope-anchor).\n")
    page = root / "docs" / "index.md"
    page.write_text(page.read_text() + '\n--8<-- "snip.md"\n')
    assert _report(root, cache)[1] == "full"
    cold = _report(root, None)[0]
    # the page's finding, located in parts/snip2.md (alone, guide.md is parts/guide.md)
    assert "but docs/guide.md has no heading or anchor #nope-anchor" in cold
    nested.write_text(nested.read_text() + "\nMore prose.\n")
    incremental, how = _report(root, cache)
    assert (incremental, how) == (_report(root, None)[0], "patched")
