"""A site generator's corpus is patched after an edit of its pages, while the sites read
them as before (`incremental_run._sites_now`, `incremental_patch._site_facts`): on every
site fixture each edit below gives exactly a cold run's report, a patched graph is the
graph a full build makes, and an edit of a page's prose is patched."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import graph.incremental_run
from graph.api import ReadOptions, analyze
from graph.checks import RULE_NAMES
from graph.config import load_config
from graph.incremental_patch import _guarded
from graph.incremental_run import analyze_incrementally
from graph.model import NodeKind
from graph.report.json import render_json
from tests.test_incremental import check, counting_patches
from tests.test_incremental_patch import EDITS, _patched_graph, _report, _structure, edit_each

HERE = Path(__file__).parent
SITES = sorted([*(p for p in (HERE / "sites").iterdir()
                  if p.is_dir() and p.name not in ("fixtures", "__pycache__")),
                *(p for p in HERE.glob("corpora/*/corpus/")
                  if any((p / name).is_file() for name in (
                      "mkdocs.yml", "book.toml", "hugo.toml", "_config.yml",
                      "docusaurus.config.js"))
                  or (p / "refgraph.toml").is_file() and re.search(
                      r"^site(-root)? *=", (p / "refgraph.toml").read_text(), re.M))])


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
    how_each = edit_each(root, cache, pages, SITE_EDITS)
    assert all(how == "patched" for _, name, how in how_each if name == "prose"), how_each


@pytest.mark.parametrize(("path", "edit", "how"), [
    # what the site says of the page alone (its ids): patched, its linkers landed again
    ("docs/guide.md", lambda t: t.replace("## Something else", "## Something new"),
     "patched"),
    # a heading another page cross-references (autorefs reads every page's headings)
    ("docs/guide.md", lambda t: t.replace("## Installing", "## Setting up"), "full"),
    # a file another page includes (snippets): the including page's links change
    ("parts/part.md", lambda t: t + "\n[more](../docs/guide.md#nowhere)\n", "full"),
])
def test_an_mkdocs_page_is_patched_unless_another_page_reads_it(
        path: str, edit: Callable[[str], str], how: str, tmp_path: Path) -> None:
    """An MkDocs site with snippets and autorefs reads its pages together
    (`mkdocs_pages.SitePages`): an edit that changes only what the site says of the
    edited page is patched; one that changes what it says of another page is a full run.
    Either way the report is a cold run's and a patched graph a full build's."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "sites" / "mkdocs", root, symlinks=True)
    assert _report(root, cache)[1] == "full"
    file = root / path
    file.write_text(edit(file.read_text()))
    config = load_config(root, None, RULE_NAMES)
    incremental = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
    cold = analyze(root, config, ReadOptions())
    assert incremental.graph.graph["incremental"] == how
    assert render_json(incremental.report()) == render_json(cold.report())
    if how == "patched":
        assert _structure(incremental.graph) == _structure(cold.graph)


SITE_CORPORA = {
    "mkdocs": ("mkdocs.yml", "site_name: S\nmarkdown_extensions:\n  - toc\n  - attr_list\n"
               "  - pymdownx.snippets\nplugins:\n  - autorefs\n", "docs"),
    "jekyll": ("_config.yml", "permalink: pretty\n", ""),
    "hugo": ("hugo.toml", 'baseURL = "https://example.org/"\n\n[permalinks]\n'
             'posts = "/:year/:slug/"\n', "content"),
    "docusaurus": ("docusaurus.config.js", "module.exports = {title: 'S', url: "
                   "'https://example.org', baseUrl: '/', presets: [['classic', {docs: {}}]]};\n",
                   "docs"),
    "mdbook": ("book.toml", '[book]\ntitle = "S"\nsrc = "src"\n', "src"),
}
OTHER_CONFIGS = {  # the same site configured otherwise: a full run, each time
    "mkdocs": "site_name: S\nuse_directory_urls: false\n",
    "jekyll": "permalink: /:categories/:title.html\n",
    "hugo": 'baseURL = "https://example.org/"\nuglyURLs = true\n',
    "docusaurus": "module.exports = {title: 'S', url: 'https://example.org', baseUrl: '/', "
                  "presets: [['classic', {docs: {routeBasePath: '/'}}]]};\n",
    "mdbook": '[book]\ntitle = "S"\nsrc = "src"\n\n[output.html]\n'
              'site-url = "/book/"\n',
}
PAGES = ("a.md", "b.md", "sub/c.md", "sub/index.md", "_index.md", "posts/d.md")
FRONT = ("", "---\ntitle: Moved\n---\n", "---\nslug: moved\npermalink: /moved/\nurl: /moved/\n"
         "id: moved\n---\n", "---\ndraft: true\n---\n", "---\naliases: [/old/]\n---\n")
PAGE_SNIPPETS = (
    "# Title\n", "## Part\n", "## Part {#own}\n", "Prose.\n", "[a](a.md)\n",
    "[b](b.md#part)\n", "[c](sub/c.md#own)\n", "[c](../sub/c/)\n", "[moved](/moved/)\n",
    "[b](/b/#part)\n", "[old](/old/)\n", "[up](../)\n", "[Part][]\n", "[Title][]\n",
    '--8<-- "b.md"\n', "{{#include b.md}}\n", '{{< ref "b.md" >}}\n', "{% link b.md %}\n",
    "[x](b.html#part)\n", "[gone](gone.md)\n", "[docs](/docs/b)\n")
page = st.tuples(st.sampled_from(FRONT),
                 st.lists(st.sampled_from(PAGE_SNIPPETS), max_size=5).map("".join))
site_step = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(PAGES), page),
    st.tuples(st.just("append"), st.sampled_from(PAGES),
              st.tuples(st.just(""), st.sampled_from(PAGE_SNIPPETS))),
    st.tuples(st.just("delete"), st.sampled_from(PAGES), st.just(("", ""))),
    st.tuples(st.just("configure"), st.just(""), st.tuples(st.just(""), st.booleans().map(str))))


def _site_differential(kind: str, steps: list[tuple[str, str, tuple[str, str]]]) -> list[str]:
    """How each run was made (`counting_patches`), each checked against a cold run."""
    config, text, source = SITE_CORPORA[kind]
    with tempfile.TemporaryDirectory() as work, counting_patches() as made:
        root, cache = Path(work) / "corpus", Path(work) / "cache"
        (root / source / "sub").mkdir(parents=True)
        (root / config).write_text(text)
        if kind == "mdbook":
            (root / "src" / "SUMMARY.md").write_text("# Summary\n\n- [A](a.md)\n- [B](b.md)\n")
        for name in ("a.md", "b.md"):
            (root / source / name).write_text("# Title\n\n## Part\n\n[a](a.md)\n")
        for tick, (op, name, (front, body)) in enumerate(steps, 1):
            file = root / source / name
            file.parent.mkdir(parents=True, exist_ok=True)
            if op == "configure":
                (root / config).write_text(OTHER_CONFIGS[kind] if body == "True" else text)
            elif op == "delete":
                file.unlink(missing_ok=True)
            elif op == "append" and file.exists():
                file.write_text(file.read_text() + body)
            else:
                file.write_text(front + body)
            incremental = check(root, "--cache-dir", str(cache))
            assert incremental == check(root), (kind, tick, op, name)
        return made


@settings(max_examples=10, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SITE_CORPORA)), st.lists(site_step, min_size=1, max_size=6))
def test_a_sites_incremental_run_equals_a_cold_one(kind, steps) -> None:
    """Random edits, additions and deletions of a site's pages (front matter setting a
    URL, includes, cross-references, site-style links): after each, `check --cache-dir`
    prints what `check --no-cache` prints."""
    for how in _site_differential(kind, steps):
        event(f"{kind}: {how or 'full'}")  # --hypothesis-show-statistics


def test_a_site_whose_last_page_goes_is_run_in_full() -> None:
    """Jekyll takes a folder for its site only while it holds a page: with the last one
    gone the corpus is read as GitHub shows it, and the snapshot's site must not be
    patched on as if it were still there."""
    _site_differential("jekyll", [("delete", "a.md", ("", "")), ("delete", "b.md", ("", ""))])


@pytest.mark.slow
@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SITE_CORPORA)), st.lists(site_step, min_size=1, max_size=12))
def test_a_sites_incremental_run_equals_a_cold_one_after_many_edits(kind, steps) -> None:
    for how in _site_differential(kind, steps):
        event(f"{kind}: {how or 'full'}")


@pytest.mark.parametrize("site", ["jekyll", "hugo"])
def test_a_page_edited_below_its_front_matter_reads_no_other_page(
        site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jekyll's and Hugo's pages give the site their URLs from their front matter alone
    (`Site.pages_from_front_matter`): an edit that keeps a page's front matter reads that
    page only; one that changes it reads every page, to make the site's URLs again."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "sites" / site, root, symlinks=True)
    path = _pages(root)[-1]
    assert _report(root, cache)[1] == "full"
    read: list[str] = []
    reader = graph.incremental_run._Reader.read

    def counted(self: object, paths: list[str]) -> object:
        read.extend(paths)
        return reader(self, paths)  # type: ignore[arg-type]

    monkeypatch.setattr(graph.incremental_run._Reader, "read", counted)
    page = root / path
    page.write_text(page.read_text() + "\nMore prose.\n")
    incremental, how = _report(root, cache)
    assert (how, read) == ("patched", [path])
    assert incremental == _report(root, None)[0]
    read.clear()
    page.write_text(_front(page.read_text(), "weight: 5\n"))
    incremental, how = _report(root, cache)
    assert len(read) > 1
    assert incremental == _report(root, None)[0]


def test_a_file_an_mdbook_chapter_includes_by_name_is_watched(tmp_path: Path) -> None:
    """A chapter including `main.rs:teardown` is judged by the anchors in main.rs, which
    the book reads from disk: while main.rs is in the listing its edits are seen; once
    gitignored, every include of it is RG101 whatever its anchors, so a result reused
    after an edit of it alone is still a cold run's."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "sites" / "mdbook", root, symlinks=True)
    source = root / "listings" / "main.rs"
    teardown = "    // ANCHOR: teardown\n    drop(x);\n    // ANCHOR_END: teardown\n"
    for ignored in (False, True):
        (root / ".gitignore").write_text("listings/main.rs\n" if ignored else "")
        original = source.read_text()
        assert _report(root, cache)[0] == _report(root, None)[0]
        source.write_text(original.replace("    println!", teardown + "    println!"))
        incremental, how = _report(root, cache)
        assert incremental == _report(root, None)[0], ignored
        assert how == ("reused" if ignored else "full"), ignored
        source.write_text(original)
        assert _report(root, cache)[0] == _report(root, None)[0], ignored


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
