"""Reading paths as a metro map (graph/metro.py) and its two static forms, `refgraph paths
--format mermaid|svg`. Real Mermaid and Chromium draw them in tests/test_metro_browser.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from graph.api import analyze
from graph.cli import main
from graph.design import reading_paths
from graph.metro import GAP, PALETTE, colours, metro
from graph.metro_mermaid import escape
from tests.conftest import ROOT, TESTS, compare_golden, make_tree

METRO = TESTS / "render" / "metro"
CORPUS = METRO / "corpus"
HOSTILE = METRO / "hostile"
EXAMPLE = ROOT / "examples" / "pyralog-like"
SVG = "{http://www.w3.org/2000/svg}"


def paths_output(root, *args: str) -> str:
    result = CliRunner().invoke(main, ["paths", "-C", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def corpus_metro(root):
    g = analyze(root).graph
    return metro(g, reading_paths(g))


def test_two_paths_share_posts_and_gaps_are_their_own_stations():
    m = corpus_metro(CORPUS)
    assert [(s.id, s.label, s.kind, s.lines, s.column, s.row) for s in m.stations] == [
        ("s0", "Starting Out", "post", ("path:basics", "path:deep-dive"), 0, 0),
        ("s1", "Storage on Disk", "post", ("path:basics", "path:operations"), 1, 0),
        ("s2", "Replication", "post", ("path:basics", "path:operations"), 3, 0),
        ("s3", "04-monitoring.md", "missing", ("path:operations",), 2, 1),
        ("s4", "../RUNBOOK.md", "doc", ("path:operations",), 4, 1),
        ("s5", "Tuning the cache", "unlinked", ("path:deep-dive",), 1, 2),
        ("s6", "Internals", "post", ("path:deep-dive",), 2, 2),
    ]
    assert [s.interchange for s in m.stations] == [True, True, True, False, False, False,
                                                   False]
    assert [s.gap for s in m.stations] == [False, False, False, True, False, True, False]
    assert [(line.title, [(s.order, s.station) for s in line.stops]) for line in m.lines] == [
        ("Basics", [(1, "s0"), (2, "s1"), (3, "s2")]),
        ("Operations", [(1, "s1"), (2, "s3"), (3, "s2"), (4, "s4")]),
        ("Deep Dive", [(1, "s0"), (2, "s5"), (3, "s6")]),
    ]
    assert (m.columns, m.rows) == (5, 3)
    assert len({line.colour for line in m.lines}) == 3


CIRCULAR = {
    "blog/01-a.md": "# A\n", "blog/02-b.md": "# B\n", "blog/03-c.md": "# C\n",
    "blog/README.md": "# Posts\n\n1. [A](01-a.md)\n2. [B](02-b.md)\n3. [C](03-c.md)\n\n"
                      "## Reading paths\n\n### Forth\n\n1. [A](01-a.md)\n2. [B](02-b.md)\n"
                      "3. [B](02-b.md)\n4. [C](03-c.md)\n\n"
                      "### Back\n\n1. [C](03-c.md)\n2. [A](01-a.md)\n",
}


@pytest.fixture
def circular(tmp_path):
    return make_tree(tmp_path / "circular", CIRCULAR)


def test_stations_lines_visit_in_a_circle_get_columns_of_their_own(circular):
    m = corpus_metro(circular)
    # A → B → C on one line, C → A on the other: one circle, placed in the order first met
    assert [(s.label, s.column, s.row) for s in m.stations] == [
        ("A", 0, 0), ("B", 1, 0), ("C", 2, 0)]
    forth = m.lines[0]
    assert [(s.order, s.station) for s in forth.stops] == [
        (1, "s0"), (2, "s1"), (3, "s1"), (4, "s2")]
    assert [(line.title, orders) for line, orders in m.numbers(m.station("s1"))] == [
        ("Forth", [2, 3])]
    assert metro(analyze(circular).graph, reading_paths(analyze(circular).graph)) == m


def test_colours_are_stable_distinct_and_never_the_gap_red():
    paths = [f"path:p{n}" for n in range(len(PALETTE))]
    every = colours(paths)
    assert len(set(every.values())) == len(PALETTE) and GAP not in every.values()
    alone = colours(["path:p3"])
    assert alone["path:p3"] == colours(["path:p3", "path:zzz"])["path:p3"]
    assert colours(paths[::-1])["path:p0"] in PALETTE
    assert colours([*paths, "path:extra"])["path:extra"] in PALETTE  # they repeat


@pytest.mark.parametrize(("text", "escaped"), [
    ("Storage on Disk", "Storage on Disk"),
    ('say "hi"', "say #34;hi#34;"),
    ("a]) --> b", "a#93;) --#62; b"),
    ("#quot; %%{init}%%", "#35;quot#59; #37;#37;#123;init#125;#37;#37;"),
    ("<img src=x>", "#60;img src=x#62;"),
    ("two\nlines\tand  tabs", "two lines and tabs"),
    ("`tick` & *star*", "#96;tick#96; #38; #42;star#42;"),
    ("Über café 東京", "Über café 東京"),
    ("P \x01 caf\udce9", "P #65533; caf#65533;"),  # a control character, a surrogate
])
def test_mermaid_escapes_all_but_plain_text(text, escaped):
    assert escape(text) == escaped


def test_mermaid_of_the_corpus(update_golden):
    out = paths_output(CORPUS, "--format", "mermaid")
    compare_golden(METRO / "expected.md", out, update_golden)
    assert out.startswith("```mermaid\nflowchart LR\n") and out.endswith("```\n")
    assert '  s3(["2. 04-monitoring.md (missing)"])' in out
    assert '  s1(["Storage on Disk<br/>A2 · B1"])' in out
    assert "  s1 -.-> s3\n  s3 -.-> s2\n" in out  # the gap, in and out
    assert "linkStyle 4 stroke:#E02424" in out


def test_svg_of_the_corpus_is_standalone_xml(update_golden):
    out = paths_output(CORPUS, "--format", "svg")
    compare_golden(METRO / "expected.svg", out, update_golden)
    svg = ET.fromstring(out)
    assert svg.tag == f"{SVG}svg"
    attributes = [value for el in svg.iter() for value in el.attrib.values()]
    assert not any("http" in v or "url(" in v for v in attributes)
    assert not [el for el in svg.iter() if el.tag.split("}")[1] in
                ("a", "image", "use", "script", "foreignObject", "style")]
    stations = [el for el in svg.iter(f"{SVG}g") if "station" in el.get("class", "")]
    assert len(stations) == 7
    assert [el.get("class") for el in stations].count("station interchange") == 3
    assert [el.get("class") for el in stations].count("station gap") == 2
    texts = "".join(svg.itertext())
    for label in ("Starting Out", "Storage on Disk", "Replication", "04-monitoring.md",
                  "(missing)", "../RUNBOOK.md", "Tuning the cache", "Internals"):
        assert label in texts
    gaps = [el for el in svg.iter(f"{SVG}polyline") if el.get("stroke") == GAP]
    assert len(gaps) == 4  # into and out of each of the two gaps


def test_show_draws_one_path_and_other_commands_refuse_a_map():
    out = paths_output(CORPUS, "--format", "mermaid", "show", "operations")
    assert '  l0[["A: Operations"]]' in out and "l1" not in out
    assert '  s0(["1. Storage on Disk"])' in out  # alone, no station is an interchange
    svg = ET.fromstring(paths_output(CORPUS, "--format", "svg", "show", "deep dive"))
    assert svg.find(f"{SVG}title").text == "Deep Dive: reading paths"
    result = CliRunner().invoke(main, ["paths", "-C", str(CORPUS), "--format", "svg",
                                       "order", "basics"])
    assert result.exit_code == 2
    assert "--format svg: `paths order` prints text or json" in result.output


def test_the_example_map():
    out = paths_output(EXAMPLE, "--format", "mermaid")
    assert '["Columnar by Default<br/>A3 · C1"]' in out
    assert '(["4. 13-fast-recovery.md (missing)"])' in out
    assert '(["2, 3. Actors All the Way Down"])' in out
    assert paths_output(EXAMPLE, "--format", "mermaid") == out


def test_hostile_titles_stay_text_in_both_forms():
    out = paths_output(HOSTILE, "--format", "mermaid")
    body = out.removeprefix("```mermaid\n").removesuffix("```\n")
    # every user character that means something to Mermaid or HTML is an entity code
    for line in body.splitlines():
        label = (line.split('"', 1)[1].rsplit('"', 1)[0] if '"' in line else ""
                 ).replace("<br/>", "")  # refgraph's own line breaks
        assert not set(label) & set('"<>%`;#[]{}') - {"#", ";"}, line
        assert "click" not in line.split('"', 1)[0]
    svg = paths_output(HOSTILE, "--format", "svg")
    tree = ET.fromstring(svg)
    assert not [el for el in tree.iter() if el.tag.split("}")[1] in ("script", "img", "b")]
    assert "</script><script>window.__pwned='path'</script>" in "".join(tree.itertext())
    assert not [el for el in tree.iter() if any(k.startswith("on") for k in el.attrib)]


def test_the_docs_show_what_the_example_gives_now():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = paths_output(EXAMPLE, "--format", "mermaid", "show", "operators")
    assert shown in readme
    drawn = paths_output(EXAMPLE, "--format", "svg")
    assert (ROOT / "docs" / "paths.svg").read_text(encoding="utf-8") == drawn


def test_the_page_carries_the_map_in_its_own_data_island(tmp_path):
    import json

    from graph.metro_draw import metro_drawing

    for root in (CORPUS, HOSTILE):
        out = tmp_path / f"{root.name}.html"
        result = CliRunner().invoke(main, ["render", str(root), "-o", str(out)])
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        island = html.split('<script type="application/json" id="metro-data">', 1)[1]
        island = island.split("</script>", 1)[0]
        assert "<" not in island  # tojson: no text can end the script
        data = json.loads(island)
        # each station also says which node of the page a click shows (render.py)
        drawn = [station.pop("drawn") for station in data["stations"]]
        assert data == metro_drawing(analyze(root).graph)
        assert drawn == [st["node"] if st["kind"] in ("post", "doc") else drawn[n]
                         for n, st in enumerate(data["stations"])]
        assert all(d == "" for d, st in zip(drawn, data["stations"], strict=True)
                   if st["kind"] == "unlinked")


def test_a_map_of_no_reading_paths_is_refused(tmp_path):
    root = make_tree(tmp_path / "none", {"blog/01-a.md": "# A\n", "blog/02-b.md": "# B\n",
                                         "blog/README.md": "# Posts\n\n1. [A](01-a.md)\n"})
    result = CliRunner().invoke(main, ["paths", "-C", str(root), "--format", "svg"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == "Error: blog/README.md has no reading paths to draw"


def test_labels_wrap_on_two_lines_and_a_gap_keeps_its_mark(tmp_path):
    from graph.metro_draw import drawing

    root = make_tree(tmp_path / "long", {
        "blog/01-a.md": "# A Title Long Enough to Need Two Lines and Then Some More\n",
        "blog/README.md": "# Posts\n\n1. [A](01-a.md)\n\n## Reading paths\n\n### Long\n\n"
                          "1. [A](01-a.md)\n2. [B](02-the-post-nobody-has-written-yet.md)\n"})
    stations = drawing(corpus_metro(root))["stations"]
    assert [s["wrapped"] for s in stations] == [
        ["A Title Long Enough", "to Need Two Lines a…"],
        ["02-the-post-nobody-", "has-written-yet.md", "(missing)"]]


BIG = {"blog/01-a.md": "# A\n",
       "blog/README.md": "# Posts\n\n1. [A](01-a.md)\n\n## Reading paths\n\n### Long\n\n"
                         + "".join(f"{n}. [Step {n}](m-{n}.md)\n" for n in range(1, 502))}


def test_a_flowchart_mermaid_would_refuse_is_printed_with_a_note(tmp_path):
    root = make_tree(tmp_path / "big", BIG)
    result = CliRunner().invoke(main, ["paths", "-C", str(root), "--format", "mermaid"])
    assert result.exit_code == 0 and result.stdout.count("linkStyle") == 501
    assert result.stderr.splitlines() == [
        "note: the flowchart has 501 edges, and Mermaid draws at most 500 (by default, as on "
        "GitHub): draw one path with `paths show NAME`, or use --format svg",
        f"note: the flowchart has {len(result.stdout) - 15:,} characters, and Mermaid reads at "
        "most 50,000 (by default, as on GitHub): draw one path with `paths show NAME`, or use "
        "--format svg"]
    small = CliRunner().invoke(main, ["paths", "-C", str(CORPUS), "--format", "mermaid"])
    assert small.stderr == ""
