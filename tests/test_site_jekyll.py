"""Differential test: refgraph's verdict on each link of a Jekyll site equals its fate on
the site the real jekyll builds.

`tests/sites/jekyll/` is a small site (`baseurl: /blog`, GFM input) with planted defects. Its
pages have no layout, so a built page's `<a href>`s are the Markdown's links, in the same
order. A link works when, served under `/blog/`, the page it lands on exists at that URL
and, for a fragment, carries that id; refgraph must report a broken-link rule on exactly the
links that do not.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from docs_index.sites.jekyll import page_url
from docs_index.sites.jekyll_config import JekyllSettings
from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS
from tests.sites.generators import BUILD_TIMEOUT, require
from tests.test_site_mkdocs import scan

SITE = TESTS / "sites" / "jekyll"
BASEURL = "/blog/"
BROKEN = ("RG101", "RG102", "RG105", "RG109")
"""The rules that say a link does not land where it says."""


def works(site: Path, url: str, href: str) -> bool:
    """Whether a browser at `url` (under the baseurl) following `href` reaches an existing
    page with the id."""
    parts = urlsplit(urljoin(f"http://site{BASEURL}{url}", href))
    if not parts.path.startswith(BASEURL):
        return False  # outside the deployed site
    path = site / unquote(parts.path[len(BASEURL):])
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return False
    return not parts.fragment or unquote(parts.fragment) in scan(path).ids


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    jekyll = require("jekyll")
    out = tmp_path_factory.mktemp("jekyll-site")
    subprocess.run([jekyll, "build", "--quiet", "--safe", "-s", str(SITE), "-d", str(out)],
                   check=True, timeout=BUILD_TIMEOUT, capture_output=True, cwd=out)
    return out


def test_page_urls() -> None:
    settings = JekyllSettings()
    assert [page_url(p, settings) for p in ("index.md", "sub/page.md", "a.markdown",
                                            "_posts/2024-01-02-hello.md",
                                            "news/_posts/2024-01-02-x.markdown", "x.png")] == [
        "index.html", "sub/page.html", "a.html", "2024/01/02/hello.html",
        "news/2024/01/02/x.html", "x.png"]


def test_each_link_is_broken_for_refgraph_exactly_when_it_is_on_the_built_site(
        built: Path) -> None:
    result = analyze(SITE)
    reported = {(f.loc.path, f.loc.line, f.loc.col) for f in result.findings
                if f.rule_id in BROKEN}
    links: dict[str, list[tuple[int, int]]] = {}
    for src, _dst, link in edges_of(result.graph, EdgeKind.LINKS_TO):
        links.setdefault(src, []).append((link["loc"].line, link["loc"].col))
    verdicts = []
    for source, places in sorted(links.items()):
        url = page_url(source, JekyllSettings())
        hrefs = scan(built / url).hrefs
        assert len(hrefs) == len(places), (source, hrefs)
        for (line, col), href in zip(sorted(places), hrefs, strict=True):
            on_site = works(built, url, href)
            by_refgraph = (source, line, col) not in reported
            verdicts.append((source, line, href, on_site, by_refgraph))
    wrong = [v for v in verdicts if v[3] != v[4]]
    assert wrong == []
    broken = [(source, line) for source, line, _, on_site, _ in verdicts if not on_site]
    assert broken == [("_posts/2024-01-02-hello.md", 8), ("about.md", 11)] + [
        ("index.md", n) for n in range(16, 21)] + [("sub/page.md", 9)]


def test_nothing_else_is_reported() -> None:
    result = analyze(SITE)
    assert [(f.rule_id, f.loc.path, f.loc.line) for f in result.findings
            if f.rule_id not in BROKEN] == []
