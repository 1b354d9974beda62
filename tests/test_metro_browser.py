"""The metro map drawn by the things that draw it for a reader: the Mermaid flowchart by the
real Mermaid, the SVG file and the page's metro layer by headless Chromium.

Chromium and Playwright are found as in tests/test_render_browser.py. `.ci/run` installs
Mermaid from npm when it can and sets `$REFGRAPH_MERMAID`; elsewhere these tests find its
bundle at `node_modules/mermaid/dist/mermaid.min.js` (`npm install --no-save
mermaid@12.4.0` in the repository), and are skipped without it, even where the browser is
required.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT, make_tree
from tests.test_metro import CORPUS, EXAMPLE, HOSTILE
from tests.test_render_browser import (  # noqa: F401  (browser: a fixture)
    ARTIFACTS,
    Blank,
    Page,
    browser,
    rendered,
)
from tests.test_render_browser import HOSTILE as HOSTILE_PAGE

MERMAID_VERSION = "12.4.0"
"""The version the expectations below were checked with."""


@pytest.fixture(scope="module")
def mermaid_js() -> Path:
    for candidate in (os.environ.get("REFGRAPH_MERMAID"),
                      ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.skip(f"no Mermaid bundle (npm install --no-save mermaid@{MERMAID_VERSION}, or "
                "set REFGRAPH_MERMAID to its dist/mermaid.min.js)")


def paths_output(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["paths", "-C", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def draw_mermaid(browser: Any, mermaid_js: Path, fenced: str) -> tuple[Blank, dict]:  # noqa: F811
    """Mermaid's own parse and render of the flowchart inside `fenced`, put in the page.
    securityLevel "loose" lets labels through as HTML unsanitised: whatever stays text
    stays so because refgraph escaped it, not because Mermaid cleaned it."""
    assert fenced.startswith("```mermaid\n") and fenced.endswith("```\n")
    source = fenced.removeprefix("```mermaid\n").removesuffix("```\n")
    blank = Blank(browser)
    blank.page.set_content('<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
                           '<body><div id="out"></div></body></html>')
    blank.page.add_script_tag(path=str(mermaid_js))
    drawn = blank.page.evaluate("""async (source) => {
        mermaid.initialize({startOnLoad: false, securityLevel: "loose"});
        const parsed = await mermaid.parse(source);
        const {svg} = await mermaid.render("metro", source);
        const out = document.getElementById("out");
        out.innerHTML = svg;
        const edges = [...out.querySelectorAll("path.flowchart-link")];
        return {parsed: parsed.diagramType,
                text: [...out.querySelectorAll(".nodeLabel")].map(e => e.textContent),
                edges: edges.length,
                red: edges.filter(e => (e.getAttribute("style") || "")
                                       .includes("#E02424")).length,
                pwned: window.__pwned === undefined ? null : window.__pwned,
                elements: [...out.querySelectorAll("img, script, iframe, b")].length,
                handlers: [...out.querySelectorAll("*")].filter(e => [...e.attributes]
                          .some(a => a.name.startsWith("on"))).length};
    }""", source)
    return blank, drawn


def test_mermaid_draws_the_corpus_map(browser, mermaid_js):  # noqa: F811
    blank, drawn = draw_mermaid(browser, mermaid_js, paths_output(CORPUS, "--format", "mermaid"))
    assert drawn["parsed"] == "flowchart-v2"
    text = " | ".join(drawn["text"])
    for label in ("A: Basics", "B: Operations", "C: Deep Dive", "Starting OutA1 · C1",
                  "ReplicationA3 · B3", "2. 04-monitoring.md (missing)",
                  "4. ../RUNBOOK.md", "2. Tuning the cache", "3. Internals"):
        assert label in text, label
    assert drawn["edges"] == 10 and drawn["red"] == 4  # into and out of each gap
    blank.screenshot("metro-mermaid.png")
    assert blank.errors == [] and blank.requests == [] and blank.dialogs == []


def test_mermaid_draws_the_example_map(browser, mermaid_js):  # noqa: F811
    blank, drawn = draw_mermaid(browser, mermaid_js,
                                paths_output(EXAMPLE, "--format", "mermaid"))
    # the interchange, with both paths' numbers
    assert "Columnar by DefaultA3 · C1" in drawn["text"]
    assert "2, 3. Actors All the Way Down" in drawn["text"]
    assert blank.errors == [] and blank.requests == []


def test_mermaid_shows_hostile_titles_as_text(browser, mermaid_js):  # noqa: F811
    blank, drawn = draw_mermaid(browser, mermaid_js, paths_output(HOSTILE, "--format", "mermaid"))
    text = drawn["text"]
    assert text[0] == "A: </script><script>window.__pwned='path'<…"
    assert text[1] == "B: \"]] --> l0 ; click l0 \"javascript:windo…"
    assert text[2] == "1. <img src=x onerror=\"window.__pwned='pos…"
    assert text[4].startswith("3. <svg onload=\"window.__pwned='step'\"> %%")
    assert drawn["pwned"] is None and drawn["elements"] == 0 and drawn["handlers"] == 0
    blank.screenshot("metro-mermaid-hostile.png")
    assert blank.errors == [] and blank.requests == [] and blank.dialogs == []


def _open_svg(browser: Any, svg: str, tmp_path: Path) -> Blank:  # noqa: F811
    file = tmp_path / "paths.svg"
    file.write_text(svg, encoding="utf-8")
    blank = Blank(browser)
    blank.page.goto(file.as_uri(), wait_until="load")
    return blank


def test_chromium_draws_the_svg_file(browser, tmp_path):  # noqa: F811
    blank = _open_svg(browser, paths_output(CORPUS, "--format", "svg"), tmp_path)
    drawn = blank.page.evaluate("""() => {
        const svg = document.documentElement;
        return {root: svg.localName, width: svg.getBBox().width,
                stations: svg.querySelectorAll("g.station").length,
                gaps: svg.querySelectorAll("g.station.gap").length,
                text: svg.textContent};
    }""")
    assert drawn["root"] == "svg" and drawn["width"] > 500
    assert (drawn["stations"], drawn["gaps"]) == (7, 2)
    for label in ("Starting Out", "04-monitoring.md", "(missing)", "Tuning the cache"):
        assert label in drawn["text"]
    blank.screenshot("metro-svg.png")
    assert blank.errors == [] and blank.requests == []


def test_chromium_shows_hostile_svg_text_as_text(browser, tmp_path):  # noqa: F811
    blank = _open_svg(browser, paths_output(HOSTILE, "--format", "svg"), tmp_path)
    drawn = blank.page.evaluate("""() => ({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        elements: document.querySelectorAll("script, img, b, foreignObject").length,
        text: document.documentElement.textContent})""")
    assert drawn["pwned"] is None and drawn["elements"] == 0
    assert "</script><script>window.__pwned='path'</script>" in drawn["text"]
    assert blank.errors == [] and blank.requests == [] and blank.dialogs == []


def metro_page(browser: Any, root: Path, tmp_path: Path) -> Page:  # noqa: F811
    return Page(browser, rendered(root, tmp_path / "graph.html"))


def test_page_metro_layer_draws_the_paths_and_leads_to_the_graph(browser, tmp_path):  # noqa: F811
    page = metro_page(browser, CORPUS, tmp_path)
    assert page.page.is_hidden("#metro-panel")
    page.page.check("#metro-toggle")
    assert page.page.is_visible("#metro-panel")
    drawn = page.js("""({
        stations: document.querySelectorAll("#metro-panel g.station").length,
        gaps: document.querySelectorAll("#metro-panel g.station.gap").length,
        interchanges: document.querySelectorAll("#metro-panel g.interchange").length,
        red: [...document.querySelectorAll("#metro-panel polyline")]
             .filter(p => p.getAttribute("stroke") === "#E02424").length,
        text: document.getElementById("metro-panel").textContent})""")
    assert (drawn["stations"], drawn["gaps"], drawn["interchanges"], drawn["red"]) == (7, 2, 3, 4)
    for label in ("Basics (3 steps)", "Starting Out", "04-monitoring.md", "(missing)",
                  "Tuning the cache", "Operations: step 3"):
        assert label in drawn["text"], label
    page.screenshot("metro-page.png")
    faded = """[...document.querySelectorAll("#metro-panel g.line, #metro-panel g.station")]
               .filter(e => e.style.opacity === "0.15")
               .map(e => e.querySelector("title").textContent.split("\\n")[0])"""
    page.page.click("#metro-panel g.legend:has-text('Operations')")
    assert page.js(faded) == ["Basics", "Deep Dive", "Starting Out", "Tuning the cache",
                              "Internals"]
    page.screenshot("metro-page-operations.png")
    page.page.click("#metro-panel g.legend:has-text('Operations')")  # again: all as before
    assert page.js(faded) == []
    page.page.click("#metro-panel g.station:has(title:text-matches('^Replication')) rect")
    assert page.page.is_hidden("#metro-panel") and not page.page.is_checked("#metro-toggle")
    assert page.selected() == ["blog/03-replication.md"]
    assert "blog/03-replication.md" in page.page.text_content("#details")
    # a step without a link is no node of the graph: its station leaves the map up
    page.page.check("#metro-toggle")
    page.page.click("#metro-panel g.station.gap:has(title:text-matches('^Tuning')) rect")
    assert page.page.is_visible("#metro-panel")
    assert page.errors == [] and page.requests == [] and page.dialogs == []


def test_page_metro_layer_keeps_hostile_titles_inert(browser, tmp_path):  # noqa: F811
    for n, root in enumerate((HOSTILE, HOSTILE_PAGE)):
        (tmp_path / str(n)).mkdir()
        page = metro_page(browser, root, tmp_path / str(n))
        page.page.check("#metro-toggle")
        drawn = page.js("""({
            pwned: window.__pwned === undefined ? null : window.__pwned,
            elements: document.querySelectorAll("#metro-panel :is(script, img, b, iframe)").length,
            text: document.getElementById("metro-panel").textContent})""")
        assert drawn["pwned"] is None and drawn["elements"] == 0
        assert "window.__pwned" in drawn["text"]
        page.screenshot(f"metro-page-hostile-{n}.png")
        assert page.errors == [] and page.requests == [] and page.dialogs == []


def test_a_page_without_reading_paths_has_no_map(browser, tmp_path):  # noqa: F811
    root = make_tree(tmp_path / "plain", {"README.md": "# Plain\n\n[a](a.md)\n", "a.md": "# A\n"})
    page = metro_page(browser, root, tmp_path)
    assert page.js("document.getElementById('metro-toggle')") is None
    assert page.errors == []


def test_mermaid_refuses_what_the_notes_warn_of(browser, mermaid_js, tmp_path):  # noqa: F811
    from tests.test_metro import BIG

    long_text = {**BIG, "blog/README.md": BIG["blog/README.md"].split("251. ")[0]}
    blank = Blank(browser)
    blank.page.set_content("<!DOCTYPE html><html><body></body></html>")
    blank.page.add_script_tag(path=str(mermaid_js))
    outcomes = []
    for name, tree in (("edges", BIG), ("text", long_text)):
        result = CliRunner().invoke(main, ["paths", "-C", str(make_tree(tmp_path / name, tree)),
                                           "--format", "mermaid"])
        assert result.exit_code == 0 and result.stderr.startswith("note: the flowchart has ")
        source = result.stdout.removeprefix("```mermaid\n").removesuffix("```\n")
        outcomes.append(blank.page.evaluate("""async (source) => {
            mermaid.initialize({startOnLoad: false});
            try {
                await mermaid.parse(source);  // counts the edges
                const {svg} = await mermaid.render("big", source);  // measures the text
                return new DOMParser().parseFromString(svg, "image/svg+xml")
                    .documentElement.textContent;  // its style, then the message
            } catch (e) { return String(e.message || e); }
        }""", source))
    assert outcomes[0].startswith("Edge limit exceeded")
    assert outcomes[1].endswith("}Maximum text size in diagram exceeded")


def test_a_station_of_a_url_leads_to_its_site(browser, tmp_path):  # noqa: F811
    from tests.test_render import EXTERNAL_STEP

    page = metro_page(browser, EXTERNAL_STEP, tmp_path)
    page.page.check("#metro-toggle")
    page.page.click("#metro-panel g.station:has(title:text-matches('^https://example')) rect")
    assert page.page.is_hidden("#metro-panel")
    assert page.selected() == ["site:example.com"]
    # the path alone: its site numbered as step 2
    page.js("refgraph.showPath(document.querySelector('#path-filter').options[1].value)")
    assert page.label("site:example.com").startswith("2. ")
    assert page.errors == [] and page.requests == [] and page.dialogs == []
