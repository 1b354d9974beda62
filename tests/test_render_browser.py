"""The rendered page in a real browser: headless Chromium driven by Playwright.

`.ci/run` installs Debian's `chromium` and sets REFGRAPH_REQUIRE_BROWSER=1, so there a
missing browser fails the run; elsewhere these tests are skipped when no Chromium is found
(`REFGRAPH_CHROMIUM=/path/to/chrome` points at another build). Screenshots go to
`test-artifacts/` (or `$REFGRAPH_ARTIFACTS`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.api import analyze
from graph.cli import main
from graph.view import view_graph
from tests.conftest import ROOT, TESTS, make_tree

EXAMPLE = ROOT / "examples" / "pyralog-like"
HOSTILE = TESTS / "render" / "hostile"
ARTIFACTS = Path(os.environ.get("REFGRAPH_ARTIFACTS", ROOT / "test-artifacts"))


def chromium_path() -> str | None:
    for name in (os.environ.get("REFGRAPH_CHROMIUM"), "chromium", "chromium-browser",
                 "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    executable = chromium_path()
    if sync_playwright is None or executable is None:
        reason = "playwright is not installed" if sync_playwright is None else "no Chromium"
        if os.environ.get("REFGRAPH_REQUIRE_BROWSER"):
            pytest.fail(f"REFGRAPH_REQUIRE_BROWSER is set, but {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True,
                                     args=["--no-sandbox", "--disable-gpu",
                                           "--disable-dev-shm-usage"])
        yield launched
        launched.close()


class Page:
    """One page of refgraph's graph, recording console errors, script errors, dialogs and
    every request that is not for a `file://` URL (aborted, so nothing leaves the machine)."""

    def __init__(self, browser: Any, html: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console",
                     lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(html.resolve().as_uri(), wait_until="load")
        self.page.wait_for_function("window.refgraph !== undefined", timeout=20_000)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def visible_nodes(self) -> list[str]:
        return sorted(self.js("nodes.get({filter: n => !n.hidden}).map(n => n.rg.id)"))

    def selected(self) -> list[str]:
        return self.js("network.getSelectedNodes().map(id => nodes.get(id).rg.id)")

    def label(self, node: str) -> str:
        return self.js(f"nodes.get(refgraph.idOf({node!r})).label")

    def search(self, text: str) -> None:
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def rendered(root: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["render", str(root), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def test_example_page_draws_the_whole_graph_offline(browser, tmp_path):
    analysis = analyze(EXAMPLE)
    view = view_graph(analysis.graph, analysis.findings)
    page = Page(browser, rendered(EXAMPLE, tmp_path / "graph.html"))
    drawn = page.js("[nodes.length, edges.length, Object.keys(network.getPositions()).length,"
                    " network.body.nodeIndices.length, network.body.edgeIndices.length]")
    n, m = view.number_of_nodes(), view.number_of_edges()
    lane = sum(1 for *_, kind in view.edges(data="kind") if kind == "in_series")
    assert drawn == [n, m, n, n, m - lane]  # a series' edges to its posts: its lane
    assert page.visible_nodes() == sorted(view)
    shot = page.screenshot("graph-example.png")
    assert shot.stat().st_size > 10_000
    assert page.errors == [] and page.requests == [] and page.dialogs == []


def test_search_finds_a_node_and_shows_its_findings(browser, tmp_path):
    page = Page(browser, rendered(EXAMPLE, tmp_path / "graph.html"))
    page.search("storage.md")
    assert page.selected() == ["STORAGE.md"]
    assert page.page.text_content("#search-status") == "1 of 3"
    details = page.page.text_content("#details")
    assert "STORAGE.md" in details
    assert "blog/04-segments-and-compaction.md" in details  # a page that links to it
    page.page.press("#search", "Enter")  # Enter again: the next match
    assert page.selected() == ["../STORAGE.md"]
    page.search("no such file")
    assert page.page.text_content("#search-status") == "no match"
    page.search("STORAGE.md")
    page.page.click("#details button:text-is('blog/04-segments-and-compaction.md')")
    assert page.selected() == ["blog/04-segments-and-compaction.md"]
    assert page.errors == []


def test_path_filter_shows_only_that_path_numbered(browser, tmp_path):
    page = Page(browser, rendered(EXAMPLE, tmp_path / "graph.html"))
    page.page.select_option("#path-filter", label="For Operators (5 steps)")
    steps = ["blog/08-node-roles.md", "blog/02-the-write-path.md",
             "blog/04-segments-and-compaction.md", "blog/13-fast-recovery.md", "QUICK_START.md"]
    assert page.visible_nodes() == sorted([*steps, "path:for-operators"])
    labels = page.js("Object.fromEntries(nodes.get({filter: n => !n.hidden})"
                     ".map(n => [n.rg.id, n.label]))")
    for number, step in enumerate(steps, 1):
        assert labels[step].startswith(f"{number}. "), labels[step]
    edges = page.js("edges.get({filter: e => !e.hidden})"
                    ".map(e => [nodes.get(e.to).rg.id, e.label])")
    assert sorted(edges) == sorted([step, str(n)] for n, step in enumerate(steps, 1))
    page.screenshot("graph-path-filter.png")
    page.page.select_option("#path-filter", value="")
    assert len(page.visible_nodes()) == page.js("nodes.length")
    assert page.label("QUICK_START.md") == "QUICK_START.md"
    # step numbers leave the edges with the path
    assert page.js("edges.get({filter: e => e.label !== undefined}).length") == 0
    assert page.errors == []


def test_kind_filter_and_hiding_external_links(browser, tmp_path):
    page = Page(browser, rendered(EXAMPLE, tmp_path / "graph.html"))
    total = page.js("nodes.length")
    page.page.check("#hide-external")
    assert "https://example.org/quarrylog" not in page.visible_nodes()
    assert len(page.visible_nodes()) == total - 1
    assert not page.page.is_checked("#kind-external")
    page.page.uncheck("#kind-doc")
    assert not any(n.endswith("_MODEL.md") for n in page.visible_nodes())
    page.page.check("#kind-doc")
    page.page.uncheck("#hide-external")
    assert len(page.visible_nodes()) == total
    page.page.click("#fit")
    assert page.errors == []


def test_hostile_titles_render_as_text_and_run_nothing(browser, tmp_path):
    heading = "</title><script>window.__pwned = 'heading'</script>"
    page = Page(browser, rendered(HOSTILE, tmp_path / "hostile.html", "--title", heading))
    assert page.js("window.__pwned") is None
    assert page.js("document.scripts.length") == 2  # vis-network and refgraph's own
    assert page.js("document.querySelectorAll('img, svg[onload], b').length") == 0
    assert page.page.text_content("h1") == heading
    page.search("01-first")
    details = page.page.text_content("#details")
    assert "</script><script>window.__pwned = 'title'</script>" in details
    page.page.hover("#network")
    page.page.select_option("#path-filter", index=1)
    assert page.js("window.__pwned") is None
    page.screenshot("graph-hostile.png")
    assert page.errors == [] and page.dialogs == [] and page.requests == []


def test_odd_names_and_unlinked_steps(browser, tmp_path):
    from tests.test_render import ODD

    root = make_tree(tmp_path / "odd", ODD)
    page = Page(browser, rendered(root, tmp_path / "odd.html"))
    analysis = analyze(root)
    view = view_graph(analysis.graph, analysis.findings)
    # files named like JavaScript's own properties are drawn like any other
    assert page.js("network.body.nodeIndices.length") == view.number_of_nodes()
    assert {"constructor", "__proto__", "toString"} <= set(page.visible_nodes())
    page.page.check("#physics")
    page.page.wait_for_timeout(300)
    page.page.uncheck("#physics")
    # steps keep the numbers the index gives them, with the unlinked first step counted
    page.page.select_option("#path-filter", label="Gappy (3 steps)")
    assert page.label("blog/02-b.md") == "2. 02-b.md"
    assert page.label("blog/01-a.md") == "3. 01-a.md"
    page.page.select_option("#path-filter", value="")
    # a search run again after a filter changed finds only what is shown
    page.search("o")
    page.page.check("#hide-external")
    page.page.uncheck("#kind-file")
    page.page.press("#search", "Enter")
    assert all(not name.startswith(("constructor", "__proto__", "toString"))
               for name in page.selected())
    assert page.errors == []
