"""Differential test: refgraph's verdict on each link of an MkDocs site equals its fate on
the site the real mkdocs builds.

`tests/sites/mkdocs/` is a small site with planted defects, built with a theme that renders
only each page's content, so the built page's `<a href>`s are the Markdown's links, in the
same order. A link works when the page it lands on exists at that URL and, for a fragment,
carries that id; refgraph must report a broken-link rule on exactly the links that do not.
"""

from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS
from tests.sites.generators import scan

pytest.importorskip("mkdocs")

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


def works(site: Path, url: str, href: str) -> bool:
    """Whether a browser at `url` following `href` reaches an existing page with the id."""
    parts = urlsplit(urljoin(f"http://site/{url}", href))
    path = site / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return False
    return not parts.fragment or unquote(parts.fragment) in scan(path).ids


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mkdocs-site")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(SITE / "mkdocs.yml"), "-d", str(out)],
                   check=True, timeout=120, capture_output=True)
    return out


def test_each_link_is_broken_for_refgraph_exactly_when_it_is_on_the_built_site(
        built: Path) -> None:
    result = analyze(SITE)
    reported = {(f.loc.path, f.loc.line, f.loc.col) for f in result.findings
                if f.rule_id in BROKEN}
    links: dict[str, list[tuple[int, int]]] = {}
    for src, _dst, link in edges_of(result.graph, EdgeKind.LINKS_TO):
        if src.startswith("docs/"):
            links.setdefault(src, []).append((link["loc"].line, link["loc"].col))
    verdicts = []
    for source, places in sorted(links.items()):
        url = page_url(source)
        hrefs = scan(built / url / "index.html" if url else built / "index.html").hrefs
        assert len(hrefs) == len(places), (source, hrefs)
        for (line, col), href in zip(sorted(places), hrefs, strict=True):
            on_site = works(built, url, href)
            by_refgraph = (source, line, col) not in reported
            verdicts.append((source, line, href, on_site, by_refgraph))
    wrong = [v for v in verdicts if v[3] != v[4]]
    assert wrong == []
    broken = [(source, line) for source, line, _, on_site, _ in verdicts if not on_site]
    assert broken == [("docs/index.md", n) for n in range(21, 28)] + [
        ("docs/sub/page.md", 6), ("docs/sub/page.md", 7)]


def test_nothing_else_is_reported() -> None:
    """Beyond the planted defects, one hint: a link to a numbered repeat (`#usage_1`)."""
    result = analyze(SITE)
    others = [(f.rule_id, f.loc.path, f.loc.line) for f in result.findings
              if f.rule_id not in BROKEN]
    assert others == [("RG106", "docs/index.md", 6)]
