"""The rendered page in a real browser: headless Chromium driven by Playwright.

`.ci/run` installs Debian's `chromium` and sets REFGRAPH_REQUIRE_BROWSER=1, so there a
missing browser fails the run; elsewhere these tests are skipped when no Chromium is found
(`REFGRAPH_CHROMIUM=/path/to/chrome` points at another build). Screenshots go to
`test-artifacts/` (or `$REFGRAPH_ARTIFACTS`).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
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


class Blank:
    """An empty page recording console errors, script errors, dialogs and every request
    that is not for a `file://` URL (aborted, so nothing leaves the machine)."""

    def __init__(self, browser: Any) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console",
                     lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


class Page(Blank):
    """One page of refgraph's graph, opened and its script ready."""

    def __init__(self, browser: Any, html: Path) -> None:
        super().__init__(browser)
        self.page.goto(html.resolve().as_uri(), wait_until="load")
        self.page.wait_for_function("window.refgraph !== undefined", timeout=20_000)

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
    # in a row under the path, in order, wherever the layout had put them
    at = page.js("(() => { const p = network.getPositions(); return Object.fromEntries("
                 "nodes.get({filter: n => !n.hidden}).map(n => [n.rg.id, p[n.id]])); })()")
    xs = [at[step]["x"] for step in steps]
    assert xs == sorted(xs) and all(at[s]["y"] > at["path:for-operators"]["y"] for s in steps)
    page.screenshot("graph-path-filter.png")
    page.page.select_option("#path-filter", value="")
    assert page.js("nodes.get().every(n => { const p = network.getPositions([n.id])[n.id];"
                   " return p.x === n.x && p.y === n.y; })")
    view = view_graph(analyze(EXAMPLE).graph, analyze(EXAMPLE).findings)
    assert page.js("(() => { const p = network.getPositions(); return Object.fromEntries("
                   "nodes.get().map(n => [n.rg.id, [p[n.id].x, p[n.id].y]])); })()") == {
        n: [d["x"], d["y"]] for n, d in view.nodes(data=True)}
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
    # vis-network, refgraph's own, the metro map's data island and its script
    assert page.js("document.scripts.length") == 4
    assert page.js("document.querySelectorAll('img, svg[onload], b').length") == 0
    assert page.page.text_content("h1") == heading
    page.search("01-first")
    details = page.page.text_content("#details")
    assert "</script><script>window.__pwned = 'title'</script>" in details
    # the findings panel lists the messages as text, and going to one runs nothing
    listed = page.page.text_content("#finding-list")
    assert "#<script>alert(1)</script>, but GUIDE.md has no heading" in listed
    assert "blog/<script>window.__pwned=1</script>.md does not exist" in listed
    for n in range(page.js("page.findings.length")):
        page.page.click(f"#finding-list li button >> nth={n}")
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


def render_corpus() -> Any:
    """benchmarks/render_corpus.py, the generator of the page's budget corpora."""
    spec = importlib.util.spec_from_file_location(
        "render_corpus", ROOT / "benchmarks" / "render_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_page(tmp_path_factory) -> Path:
    """A docs site of about 330 nodes: 3 series of 12 posts, 12 folders of 20 docs."""
    root = tmp_path_factory.mktemp("big") / "corpus"
    render_corpus().docs(root, series=3, posts=12, folders=12, per_folder=20, sites=40)
    return rendered(root, root.parent / "big.html")


def dom_box(page: Page, ids: str) -> list[dict]:
    """Where nodes are on the screen, in the network's own box."""
    return page.js(f"""(() => {{
        const box = document.getElementById('network').getBoundingClientRect();
        return {ids}.map(id => {{
            const at = network.canvasToDOM(network.getPositions([id])[id]);
            return {{id: id, x: at.x, y: at.y, w: box.width, h: box.height,
                     left: box.left, top: box.top}};
        }});
    }})()""")


def test_big_corpus_opens_on_readable_lanes_with_folders_folded(browser, big_page):
    page = Page(browser, big_page)
    total = page.js("nodes.length")
    assert total >= 300
    # each folder of more than one node is folded into one node; missing targets stay out
    folders = page.js("page.folders.filter(f => f.members.length > 1).map(f => f.id)")
    assert len(folders) >= 12 and sorted(page.js("Array.from(refgraph.folded)")) == \
        sorted(folders)
    assert page.js("network.body.nodeIndices.length") < total / 2
    missing = page.js("nodes.get({filter: n => n.rg.kind === 'missing'}).map(n => n.id)")
    assert missing and page.js(
        f"{missing}.every(id => network.clustering.findNode(id).length === 1)")
    # the lanes at a size labels can be read at: series names and posts
    scale = page.js("network.getScale()")
    assert scale >= 0.68 - 1e-9
    fonts = page.js("nodes.get({filter: n => ['series', 'post'].includes(n.rg.kind)})"
                    ".map(n => n.font.size)")
    assert min(fonts) * scale >= 12
    heads = page.js("nodes.get({filter: n => n.rg.kind === 'series'}).map(n => n.id)")
    first = page.js("nodes.get({filter: n => n.rg.kind === 'post' && n.rg.order === 1})"
                    ".map(n => n.id)")
    for at in dom_box(page, repr(heads[:1] + first[:1])):
        assert 0 <= at["x"] <= at["w"] and 0 <= at["y"] <= at["h"], at
    # broken links stand out; the many ordinary ones are drawn for the selected node only
    looks = page.js("edges.get().map(e => [e.rg.kind, !!e.rg.broken, e.color.opacity, "
                    "e.color.color])")
    assert {(o, c) for k, b, o, c in looks if b} == {(1, "#E02424")}
    assert not [k for k, b, *_ in looks if k in ("links_to", "lists") and not b]
    ordinary = page.js("allEdges.filter(e => faint(e.rg)).length")
    assert ordinary > page.js("page.links_at_most") and page.js("linksOnDemand")
    page.screenshot("graph-big-first-view.png")
    post = first[0]
    page.js(f"refgraph.showLocal('{post}')")
    drawn = page.js("edges.get({filter: e => faint(e.rg)}).map(e => [e.from, e.to])")
    links = page.js(f"allEdges.filter(e => faint(e.rg) && (e.from === '{post}' || "
                    f"e.to === '{post}')).length")
    assert links and len([e for e in drawn if post in e]) == links
    page.page.click("#back")
    assert page.js("edges.get({filter: e => faint(e.rg)}).length") == 0
    # a click on a folded folder opens it, its nodes where the layout put them
    fid = folders[0]
    at = page.js(f"network.canvasToDOM(network.getPositions(['{fid}'])['{fid}'])")
    if not (0 <= at["x"] <= 1000 and 0 <= at["y"] <= 780):
        page.js(f"network.moveTo({{position: network.getPositions(['{fid}'])['{fid}'], "
                "animation: false})")
        at = page.js(f"network.canvasToDOM(network.getPositions(['{fid}'])['{fid}'])")
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert fid not in page.js("Array.from(refgraph.folded)")
    members = page.js(f"page.folders.find(f => f.id === '{fid}').members")
    shown = page.js(f"(() => {{ const p = network.getPositions({members}); "
                    f"return {members}.map(id => [p[id].x, p[id].y, nodes.get(id).x, "
                    "nodes.get(id).y]); })()")
    assert all(x == hx and y == hy for x, y, hx, hy in shown)
    page.page.click("#fold")
    assert fid in page.js("Array.from(refgraph.folded)")
    # hiding external sites hides the folder they are folded into
    sites = page.js("page.folders.find(f => f.name === '(external)').id")
    assert sites in page.js("network.body.nodeIndices")
    page.page.check("#hide-external")
    assert sites not in page.js("network.body.nodeIndices")
    page.page.uncheck("#hide-external")
    assert sites in page.js("network.body.nodeIndices")
    assert page.errors == [] and page.requests == [] and page.dialogs == []


def expected_neighbourhood(view: Any, node: str, depth: int) -> set[str]:
    near, frontier = {node}, {node}
    for _ in range(depth):
        frontier = {m for n in frontier for m in nx.all_neighbors(view, n)} - near
        near |= frontier
    for other in nx.all_neighbors(view, node):
        if view.nodes[other]["kind"] == "reading_path":
            near |= set(view.nodes[other]["steps"])
    return near


def test_clicking_a_node_shows_its_local_graph_and_back_returns(browser, tmp_path):
    analysis = analyze(EXAMPLE)
    view = view_graph(analysis.graph, analysis.findings)
    page = Page(browser, rendered(EXAMPLE, tmp_path / "graph.html"))
    before = page.js("[network.getScale(), network.getViewPosition()]")
    post = "blog/02-the-write-path.md"
    vid = page.js(f"refgraph.idOf({post!r})")
    at = page.js(f"network.canvasToDOM(network.getPositions(['{vid}'])['{vid}'])")
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert page.selected() == [post]
    lit = "nodes.get({filter: n => n.opacity === undefined || n.opacity === 1}).map(n => n.rg.id)"
    near = set(page.js(lit))
    assert near == expected_neighbourhood(view, post, 1)
    # its series' neighbours, the series, a reading path through it with all its steps
    assert {"blog/01-introducing-quarrylog.md", "series:blog",
            "path:for-operators", "QUICK_START.md"} <= near
    assert len(near) < len(view)
    assert page.js("nodes.get().filter(n => n.opacity === 0.12).length") == len(view) - len(near)
    # the neighbourhood's links in full
    inside = page.js("edges.get({filter: e => e.color.opacity === 1}).map(e => "
                     "[nodes.get(e.from).rg.id, nodes.get(e.to).rg.id])")
    assert inside and all(u in near and v in near for u, v in inside)
    # in rings around it, wherever the layout had put them
    rings = page.js(f"""(() => {{
        const p = network.getPositions(), c = p['{vid}'];
        return nodes.get({{filter: n => n.opacity !== 0.12}})
            .map(n => Math.hypot(p[n.id].x - c.x, p[n.id].y - c.y)); }})()""")
    assert max(rings) <= 600 and sorted(rings)[1] >= 250
    page.screenshot("graph-local.png")
    page.page.select_option("#depth", "2")
    assert set(page.js(lit)) == expected_neighbourhood(view, post, 2)
    page.page.click("#back")
    assert page.js("nodes.get().every(n => n.opacity === undefined || n.opacity === 1)")
    assert page.js("nodes.get().map(n => (n.font || {}).color)").count("#FFFFFF") == 1  # series
    assert page.js("nodes.get().every(n => !((n.font || {}).color || '').startsWith('rgba'))")
    placed = {n: (d["x"], d["y"]) for n, d in view.nodes(data=True)}
    assert page.js("(() => { const p = network.getPositions(); return Object.fromEntries("
                   "nodes.get().map(n => [n.rg.id, [p[n.id].x, p[n.id].y]])); })()") == {
        n: list(xy) for n, xy in placed.items()}
    assert page.js("edges.get().filter(e => e.color.opacity === 1).length") == page.js(
        "edges.get().filter(e => !((e.rg.kind === 'links_to' || e.rg.kind === 'lists')"
        " && !e.rg.broken)).length")
    after = page.js("[network.getScale(), network.getViewPosition()]")
    assert after[0] == pytest.approx(before[0])
    assert after[1] == pytest.approx(before[1])
    assert page.js("document.getElementById('back').disabled") is True
    assert page.selected() == [] and page.errors == []


def test_findings_panel_lists_counts_filters_and_goes_to_each(browser, tmp_path):
    findings = analyze(EXAMPLE).findings
    page = Page(browser, rendered(EXAMPLE, tmp_path / "graph.html"))
    rules = Counter(f.rule_id for f in findings)
    assert page.js("Array.from(document.querySelectorAll('#rule-counts button'))"
                   ".map(b => b.textContent)") == [f"{r} · {n}" for r, n in sorted(rules.items())]
    items = "document.querySelectorAll('#finding-list li:not(.hint)').length"
    assert page.js(items) == len(findings)
    assert page.page.text_content("#findings-status") == f"({len(findings)})"
    page.page.select_option("#finding-rule", "RG101")
    assert page.js(items) == rules["RG101"]
    page.page.select_option("#finding-rule", "")
    page.page.select_option("#finding-severity", "warning")
    assert page.js(items) == sum(1 for f in findings if f.severity.value == "warning")
    page.page.select_option("#finding-severity", "")
    page.page.fill("#finding-file", "blog/02-the-write")
    assert page.js(items) == sum(1 for f in findings if "blog/02-the-write" in f.loc.path)
    # a finding on a link: its edge
    page.page.click("#finding-list button:has-text('link to ../STORGE.md')")
    edge = page.js("network.getSelectedEdges().map(id => edges.get(id))"
                   ".map(e => [nodes.get(e.from).rg.id, nodes.get(e.to).rg.id])")
    assert edge == [["blog/02-the-write-path.md", "STORGE.md"]]
    # a finding about a file: its node
    page.page.fill("#finding-file", "")
    page.page.click("#rule-counts button:has-text('RG501')")
    assert page.js(items) == rules["RG501"]
    page.page.click("#finding-list li button >> nth=0")
    orphan = sorted(f.loc.path for f in findings if f.rule_id == "RG501")[0]
    assert page.selected() == [orphan]
    assert page.errors == []


def test_hostile_folder_names_fold_as_text(browser, tmp_path):
    name = "<img src=x onerror=alert(1)>"
    files = {f"{name}/d{n:03d}.md": f"# <b>doc {n}</b>\n\n[next]({name}-gone.md)\n"
             for n in range(160)}
    files["README.md"] = "# R\n\n" + " ".join(f"[d]({name}/d{n:03d}.md)" for n in range(160))
    root = make_tree(tmp_path / "hostile-folders", files)
    page = Page(browser, rendered(root, tmp_path / "folders.html"))
    assert page.js("refgraph.folded.size") == 1
    label = page.js("network.body.nodes[Array.from(refgraph.folded)[0]].options.label")
    assert label == f"{name}/ (160)"
    fid = page.js("Array.from(refgraph.folded)[0]")
    page.js(f"network.moveTo({{position: network.getPositions(['{fid}'])['{fid}'], "
            "animation: false})")
    at = page.js(f"network.canvasToDOM(network.getPositions(['{fid}'])['{fid}'])")
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    page.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert page.page.inner_text("div.vis-tooltip").startswith(f"{name}/\n")
    assert "RG101" in page.page.text_content("#finding-list")
    assert page.js("document.querySelectorAll('img, b').length") == 0
    assert page.errors == [] and page.dialogs == [] and page.requests == []


def test_series_details_say_its_lane_and_how_its_posts_are_ordered(browser, tmp_path):
    page = Page(browser, rendered(TESTS / "render" / "lanes", tmp_path / "g.html"))
    page.js("showDetails(refgraph.idOf('series:basics'))")
    rows = page.js("""[...document.querySelectorAll('#details dt')]
                      .map(dt => dt.textContent + ': ' + dt.nextSibling.textContent)""")
    assert "lane: 2" in rows and "ordered by: number" in rows, rows
    assert page.errors == []


def test_many_small_folders_fold_as_the_public_cluster_call_folds_them(browser, tmp_path):
    # a monorepo's shape: a README and a CHANGELOG per package, hundreds of folders of
    # two. The page hands each folder's members to vis-network's clustering directly
    # (network.cluster() asks every node of the network once per folder): the folded
    # network must be the one cluster() makes, and a folder must still open and fold
    root = tmp_path / "monorepo"
    render_corpus().monorepo(root, packages=200)
    page = Page(browser, rendered(root, tmp_path / "g.html"))
    shape = """(() => {
        const edges = Object.values(network.body.edges)
          .filter(e => network.body.edgeIndices.includes(e.id))
          .map(e => e.fromId + ">" + e.toId).sort();
        return {nodes: network.body.nodeIndices.slice().sort(), edges: edges,
                folded: Array.from(refgraph.folded).sort()};
    })()"""
    fast = page.js(shape)
    folders = page.js("page.folders.filter(f => f.members.length > 1).map(f => f.id)")
    assert len(folders) == 201 and fast["folded"] == sorted(folders)  # and the root
    assert len(fast["nodes"]) < 210  # folders, and the few nodes in no folder block
    assert any(e.startswith("f") for e in fast["edges"])  # folders linked to each other
    page.js("Array.from(refgraph.folded).forEach(f => refgraph.openFolder(f))")
    assert page.js("refgraph.folded.size") == 0
    page.js("foldDirect = false; refgraph.fold()")  # with network.cluster() instead
    assert page.js(shape) == fast
    # a click on a folder opens it; "fold folders" folds it again
    fid = folders[0]
    page.js(f"void network.emit('click', {{nodes: ['{fid}'], edges: []}})")
    members = page.js(f"page.folders.find(f => f.id === '{fid}').members")
    assert fid not in page.js("Array.from(refgraph.folded)")
    assert set(members) <= set(page.js("network.body.nodeIndices"))
    page.page.click("#fold")
    assert fid in page.js("Array.from(refgraph.folded)")
    assert not set(members) & set(page.js("network.body.nodeIndices"))
    assert page.errors == [] and page.requests == [] and page.dialogs == []
