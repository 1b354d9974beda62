"""Differential test: refgraph's verdict on each link of an MkDocs site equals its fate on
the site the real mkdocs builds.

`tests/sites/mkdocs/` is a small site with planted defects, built with a theme that renders
only each page's content, so the built page's `<a href>`s are the Markdown's links, in the
same order. A link works when the page it lands on exists at that URL and, for a fragment,
carries that id; refgraph must report a broken-link rule on exactly the links that do not.

The site uses `pymdownx.snippets` (`docs/included.md` includes files of `parts/`: their
headings are the page's, their links are the page's links, resolved from its URL) and the
autorefs plugin (`docs/refs.md`: a cross-reference autorefs resolves is an `<a href>` of
the page; one it cannot resolve is plain text and a warning in mkdocs' log, and must be
exactly refgraph's RG103 findings).
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS
from tests.sites.generators import scan, works

pytest.importorskip("mkdocs")
pytest.importorskip("pymdownx")
pytest.importorskip("mkdocs_autorefs")

SITE = TESTS / "sites" / "mkdocs"
BROKEN = ("RG101", "RG102", "RG105", "RG109")
"""The rules that say a link does not land where it says."""


def page_url(source: str) -> str:
    """`docs/sub/page.md` → `sub/page/`: where MkDocs serves it with directory URLs."""
    stem = posixpath.splitext(posixpath.relpath(source, "docs"))[0]
    if posixpath.basename(stem) == "index":
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/"




@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The built site and mkdocs' log. Built from the site's folder, as `mkdocs build`
    is run: snippets' `base_path` is relative to where it runs."""
    out = tmp_path_factory.mktemp("mkdocs-site")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                           str(SITE / "mkdocs.yml"), "-d", str(out)], cwd=SITE,
                          check=True, timeout=120, capture_output=True, text=True)
    return out, done.stderr


@pytest.fixture(scope="module")
def built(build: tuple[Path, str]) -> Path:
    return build[0]


def is_include(link: dict[str, object]) -> bool:
    """A `--8<--` include: no `<a href>` of the page."""
    return str(link["target"]).startswith("--8<-- ")


def test_each_link_is_broken_for_refgraph_exactly_when_it_is_on_the_built_site(
        built: Path) -> None:
    result = analyze(SITE)
    reported = {(f.loc.path, f.loc.line, f.loc.col) for f in result.findings
                if f.rule_id in BROKEN}
    links: dict[str, list[tuple[bool, int, int, str]]] = {}
    for src, _dst, link in edges_of(result.graph, EdgeKind.LINKS_TO):
        if src.startswith("docs/") and not is_include(link):
            # an included file's links follow the page's own (each page includes last)
            loc = link["loc"]
            links.setdefault(src, []).append((loc.path != src, loc.line, loc.col, loc.path))
    verdicts = []
    for source, places in sorted(links.items()):
        url = page_url(source)
        hrefs = scan(built / url / "index.html" if url else built / "index.html").hrefs
        assert len(hrefs) == len(places), (source, hrefs)
        for (_, line, col, path), href in zip(sorted(places), hrefs, strict=True):
            on_site = works(built, url, href)
            by_refgraph = (path, line, col) not in reported
            verdicts.append((path, line, href, on_site, by_refgraph))
    wrong = [v for v in verdicts if v[3] != v[4]]
    assert wrong == []
    broken = [(source, line) for source, line, _, on_site, _ in verdicts if not on_site]
    assert broken == [("docs/included.md", 3), ("parts/part.md", 4)] + [
        ("docs/index.md", n) for n in range(21, 28)] + [
        ("docs/sub/page.md", 6), ("docs/sub/page.md", 7)]


def test_cross_references_autorefs_cannot_resolve_are_exactly_refgraphs_rg103(
        build: tuple[Path, str]) -> None:
    result = analyze(SITE)
    reported = sorted(re.search(r"\[(.*)\]", f.message).group(1)  # type: ignore[union-attr]
                      for f in result.findings if f.rule_id == "RG103")
    warned = sorted(re.findall(r"Could not find cross-reference target '([^']*)'", build[1]))
    assert reported == warned == ["Usage", "instaling", "para-id", "raw-anchor"]


def test_an_include_is_a_link_to_the_included_file() -> None:
    result = analyze(SITE)
    includes = sorted((link["loc"].line, dst) for src, dst, link
                      in edges_of(result.graph, EdgeKind.LINKS_TO) if is_include(link))
    assert includes == [(7, "parts/code.py"), (10, "parts/missing.md"),
                        (12, "parts/ranged.md"), (14, "parts/part.md")]


def test_nothing_else_is_reported() -> None:
    """Beyond the planted defects, one hint (a link to a numbered repeat, `#usage_1`), the
    missing include (snippets skips it without `check_paths`) and the cross-references
    autorefs leaves as text."""
    result = analyze(SITE)
    others = [(f.rule_id, f.loc.path, f.loc.line) for f in result.findings
              if f.rule_id not in BROKEN or f.loc.path == "docs/included.md" and f.loc.line == 10]
    assert others == [("RG101", "docs/included.md", 10), ("RG106", "docs/index.md", 6)] + [
        ("RG103", "docs/refs.md", line) for line in (7, 7, 8, 8)]
