"""`refgraph render`: the drawn graph, its page, and its exports, without a browser
(tests/test_render_browser.py opens the page in Chromium)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.api import analyze
from graph.cli import main
from graph.render import render_graphml, render_html, render_json
from graph.report.text import format_finding
from graph.view import TooManyNodes, view_graph
from graph.xml_text import xml_safe
from tests.conftest import ROOT, TESTS, make_tree

EXAMPLE = ROOT / "examples" / "pyralog-like"
HOSTILE = TESTS / "render" / "hostile"
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def example_view() -> nx.DiGraph:
    analysis = analyze(EXAMPLE)
    return view_graph(analysis.graph, analysis.findings)


def page_data(html: str, name: str) -> list[dict]:
    """The nodes or edges the page hands to vis-network."""
    pattern = {"nodes": r"var nodes = new vis\.DataSet\((.*?)\);\n",
               "edges": r"var allEdges = styled\((.*?)\);\n"}[name]
    found = re.search(pattern, html)
    assert found, name
    return json.loads(found.group(1))


def test_headings_fold_into_documents_and_parallel_links_merge(example_view):
    analysis = analyze(EXAMPLE)
    kinds = {k for _, k in example_view.nodes(data="kind")}
    assert kinds == {"series", "post", "planned_post", "doc", "index", "plan", "reading_path",
                     "file", "external", "missing"}
    assert not [n for n in example_view if "#" in n]
    g = analysis.graph
    # the corpus graph has one edge per (file, target) too, carrying each link
    (links,) = [d["links"] for u, v, d in g.edges(data=True)
                if d["kind"] == "links_to" and (u, v) == ("blog/05-columnar-by-default.md",
                                                          "STORAGE.md")]
    assert example_view.edges["blog/05-columnar-by-default.md", "STORAGE.md"]["count"] \
        == len(links) >= 2


def test_findings_sit_on_the_nodes_and_edges_they_are_about(example_view):
    v = example_view
    # a missing target: its own kind, red, with the finding of the link that points at it
    assert v.nodes["STORGE.md"]["kind"] == "missing"
    assert v.nodes["STORGE.md"]["findings"][0].startswith("blog/02-the-write-path.md:46:59: "
                                                          "RG101 error")
    edge = v.edges["blog/02-the-write-path.md", "STORGE.md"]
    assert edge["broken"] and "RG101" in edge["findings"][0]
    # a dangling anchor into a doc that exists breaks the edge, not the node
    assert v.nodes["STORAGE.md"]["kind"] == "doc"
    assert v.edges["blog/05-columnar-by-default.md", "STORAGE.md"]["broken"]
    # planned but not written: dashed; orphans and unreachable posts: marked
    assert v.nodes["OPERATIONS.md"]["marks"] == ("planned",)
    assert v.nodes["METRICS.md"]["marks"] == ("orphan",)
    assert v.nodes["blog/09-data-formats-at-the-edges.md"]["marks"] == ("unreachable",)
    # the plan's entry for a published post (#12) is drawn as the post
    post = "blog/12-designing-a-query-language.md"
    assert "plan:12" not in v and "plan:13" in v
    assert v.edges["blog/BACKLOG.md", post]["kind"] == "plans"
    assert v.edges[post, "ACTOR_MODEL.md"]["kinds"] == ("must_cite", "links_to")
    assert v.edges[post, "ARROW.md"]["kinds"] == ("must_cite",)  # RG202: planned, not cited
    # an edge nobody complains about is not broken
    assert not v.edges["blog/01-introducing-quarrylog.md", "STORAGE.md"]["broken"]


def test_every_finding_of_the_run_is_on_the_graph(example_view):
    shown = {line for _, found in example_view.nodes(data="findings") for line in found}
    shown |= {line for *_, found in example_view.edges(data="findings") for line in found}
    assert shown == {format_finding(f) for f in analyze(EXAMPLE).findings}
    # files refgraph could not read are drawn too, with what kept them from being read
    assert example_view.nodes["CONTRIBUTING.md"]["marks"] == ("not read",)
    assert "RG001" in example_view.nodes["CONTRIBUTING.md"]["findings"][0]


ODD = {
    "README.md": "# Odd\n\n[Blog](blog/README.md)\n",
    "blog/01-a.md": "# A \x0b vertical tab\n\n[c](../constructor) [p](../__proto__) "
                    "[t](../toString)\n\n*Next: [B](02-b.md)*\n",
    "blog/02-b.md": "# B\n\n*Previously: [A](01-a.md)*\n",
    "blog/README.md": "# Posts\n\n1. [A](01-a.md)\n2. [B](02-b.md)\n\n## Reading paths\n\n"
                      "### Gappy\n\n1. An unlinked first step\n2. [B](02-b.md)\n"
                      "3. [A](01-a.md)\n",
    "constructor": "x\n", "__proto__": "x\n", "toString": "x\n",
}


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "odd", ODD)


def test_odd_names_and_characters_survive_every_format(odd, tmp_path):
    analysis = analyze(odd)
    view = view_graph(analysis.graph, analysis.findings)
    assert {"constructor", "__proto__", "toString"} <= set(view)
    path = view.nodes["path:gappy"]
    assert path["steps"] == ("blog/02-b.md", "blog/01-a.md")
    assert path["step_numbers"] == (2, 3) and path["step_count"] == 3
    graphml = tmp_path / "odd.graphml"
    graphml.write_text(render_graphml(view, "odd"), encoding="utf-8")
    assert nx.read_graphml(graphml).nodes["blog/01-a.md"]["title"] == "A \ufffd vertical tab"
    assert json.loads(render_json(view, "odd"))["nodes"]
    html = render_html(view, "caf\udcc3")  # a folder name that is not UTF-8
    assert "<title>caf\ufffd · refgraph</title>" in html
    assert "Gappy (3 steps)" in html


def test_posts_run_in_series_order_and_size_follows_citations(example_view):
    v = example_view
    posts = sorted((d["order"], d["y"], d["x"]) for _, d in v.nodes(data=True)
                   if d["kind"] == "post")
    # in series order like lines of text: a lane's rows top to bottom, each left to right
    assert [o for o, *_ in posts] == list(range(1, 13))
    assert [(y, x) for _, y, x in posts] == sorted((y, x) for _, y, x in posts)
    assert len({y for _, y, _ in posts}) == 3  # five posts a row
    planned = [(d["y"], d["x"]) for _, d in v.nodes(data=True) if d["kind"] == "planned_post"]
    assert min(planned) > posts[-1][1:]
    nodes = {n["rg"]["id"]: n for n in page_data(render_html(v, "t"), "nodes")}
    assert nodes["STORAGE.md"]["size"] > nodes["METRICS.md"]["size"]
    assert v.nodes["STORAGE.md"]["cited"] > v.nodes["METRICS.md"]["cited"] == 0


def test_page_is_one_offline_file_with_every_node_and_edge(example_view):
    html = render_html(example_view, "pyralog-like")
    assert not REMOTE.search(html), REMOTE.search(html)
    assert "bootstrap" not in html
    assert "vis.Network" in html and "<style>" in html
    nodes, edges = page_data(html, "nodes"), page_data(html, "edges")
    assert [n["rg"]["id"] for n in nodes] == sorted(example_view)
    assert [n["id"] for n in nodes] == [f"n{i}" for i in range(len(nodes))]
    assert len(edges) == example_view.number_of_edges()
    assert len({e["id"] for e in edges}) == len(edges)
    tooltip = next(n["title"] for n in nodes if n["rg"]["id"] == "blog/08-node-roles.md")
    assert "blog/08-node-roles.md:87:8: RG301 warning" in tooltip
    assert {n["shape"] for n in nodes} >= {"box", "dot", "square", "star", "hexagon",
                                           "triangle", "diamond", "triangleDown"}
    # an edge carries its ends and what it is; the page's script styles it
    assert all(set(e) == {"id", "from", "to", "rg"} for e in edges)


def test_the_same_corpus_gives_the_same_bytes():
    runs = [CliRunner().invoke(main, ["render", str(EXAMPLE), "-o", "-", "--format", fmt])
            for fmt in ("html", "html", "json", "json", "graphml", "graphml")]
    assert all(r.exit_code == 0 for r in runs), [r.output for r in runs]
    assert runs[0].stdout == runs[1].stdout
    assert runs[2].stdout == runs[3].stdout
    assert runs[4].stdout == runs[5].stdout


def test_exports_hold_the_drawn_graph(example_view, tmp_path):
    data = json.loads(render_json(example_view, "pyralog-like"))
    back = nx.node_link_graph(data, edges="edges")
    assert sorted(back) == sorted(example_view)
    assert back.number_of_edges() == example_view.number_of_edges()
    assert data["graph"]["name"] == "pyralog-like" and data["graph"]["errors"] == 10
    path = tmp_path / "g.graphml"
    path.write_text(render_graphml(example_view, "pyralog-like"), encoding="utf-8")
    read = nx.read_graphml(path)
    assert read.number_of_nodes() == example_view.number_of_nodes()
    assert read.number_of_edges() == example_view.number_of_edges()
    assert read.nodes["METRICS.md"]["marks"] == "orphan"
    assert read.edges["blog/02-the-write-path.md", "STORGE.md"]["broken"] is True


def test_user_text_is_escaped_in_the_page():
    analysis = analyze(HOSTILE)
    view = view_graph(analysis.graph, analysis.findings)
    heading = "</title><script>window.__pwned = 'heading'</script>"
    html = render_html(view, heading)
    benign = render_html(view_graph(*_graph_and_findings(EXAMPLE)), "example")
    # every <script and </script in the page is refgraph's own: as many as in a benign page
    for tag in ("<script", "</script", "<img", "<b>"):
        assert html.count(tag) == benign.count(tag), tag
    for raw in ("<svg onload", "<img src=x", "<b>guide", "__pwned = 'path' &", "<!--"):
        assert raw not in html, raw
    assert "&lt;/title&gt;&lt;script&gt;" in html
    nodes = {n["rg"]["id"]: n for n in page_data(html, "nodes")}
    assert nodes["blog/01-first.md"]["rg"]["title"] == (
        "</script><script>window.__pwned = 'title'</script>")
    assert not REMOTE.search(html)


def _graph_and_findings(root: Path):
    analysis = analyze(root)
    return analysis.graph, analysis.findings


def test_render_cli_writes_the_file_and_leaves_the_corpus_alone(tmp_path):
    before = {p: p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()}
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(main, ["render", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output  # findings do not fail a render
    assert re.fullmatch(r"wrote .*graph\.html: 48 nodes, 166 edges, 48 findings, "
                        r"[\d,]+ bytes\n", result.stderr)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert {p: p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()} == before
    bad = CliRunner().invoke(main, ["render", str(EXAMPLE), "--format", "svg"])
    assert bad.exit_code == 2


def test_check_never_imports_pyvis():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom graph.cli import main\n"
            f"CliRunner().invoke(main, ['check', {str(EXAMPLE)!r}])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyvis', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_json_export_has_a_node_per_series_with_an_edge_to_each_post_and_its_place():
    course = TESTS / "corpora" / "rg301-course-modules" / "corpus"
    result = CliRunner().invoke(main, ["render", str(course), "-o", "-", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    series = {n["id"]: n for n in data["nodes"] if n["kind"] == "series"}
    listed = json.loads(CliRunner().invoke(main, ["series", "--format", "json",
                                                  str(course)]).stdout)
    assert sorted(series) == sorted(f"series:{s['name']}" for s in listed)
    for s in listed:
        node = series[f"series:{s['name']}"]
        assert (node["found_by"], node["index"]) == (s["found_by"], s["index"] or "")
        edges = sorted((e["order"], e["target"], e["place"]) for e in data["edges"]
                       if e["source"] == node["id"])
        assert edges == [(i, p["file"], p["place"]) for i, p in enumerate(s["posts"], 1)]
    assert all(e["kind"] == "in_series" for e in data["edges"] if e["source"] in series)


def test_each_series_heads_its_lane_and_other_files_sit_in_folder_blocks(example_view):
    v = example_view
    head = v.nodes["series:blog"]
    first = v.nodes["blog/01-introducing-quarrylog.md"]
    assert head["kind"] == "series" and head["posts"] == 12
    assert head["y"] == first["y"] and head["x"] < first["x"]
    # the series' index sits under its name, at the lane's left
    assert (v.nodes["blog/README.md"]["x"], v.nodes["blog/README.md"]["y"]) == (
        head["x"], head["y"] + 60)
    lane_bottom = max(d["y"] for _, d in v.nodes(data=True)
                      if d["kind"] in ("post", "planned_post"))
    folders = {n: d["folder"] for n, d in v.nodes(data=True) if "folder" in d}
    assert folders["STORAGE.md"] == "" and folders["sulise/README.md"] == "sulise"
    assert folders["site:example.org"] == "(external)"
    assert all(v.nodes[n]["y"] > lane_bottom for n in folders)
    assert not any(v.nodes[n]["kind"] in ("post", "series") for n in folders)


SITES = TESTS / "render" / "sites"


def test_external_links_are_one_node_per_site():
    analysis = analyze(SITES)
    view = view_graph(analysis.graph, analysis.findings)
    sites = {n: d["urls"] for n, d in view.nodes(data=True) if d["kind"] == "external"}
    # the host is lower-cased; a mailto: link has none: its scheme names it
    assert sites == {"site:github.com": 3, "site:docs.python.org": 2, "site:mailto:": 1}
    assert not any(n.startswith(("http", "mailto")) for n in view)
    assert view.edges["docs/guide.md", "site:github.com"]["count"] == 2
    assert view.nodes["site:github.com"]["cited"] == 4
    assert view.nodes["site:github.com"]["label"] == "github.com"


def test_max_nodes_leaves_the_sites_out_and_refuses_more_files(tmp_path):
    analysis = analyze(SITES)
    files = 6  # four files, a missing target and the series
    full = view_graph(analysis.graph, analysis.findings, max_nodes=files + 3)
    assert full.number_of_nodes() == files + 3 and full.graph["sites_left_out"] == 0
    cut = view_graph(analysis.graph, analysis.findings, max_nodes=files + 2)
    assert sorted(cut) == sorted(n for n in full if not n.startswith("site:"))
    assert (cut.graph["sites_left_out"], cut.graph["urls_left_out"]) == (3, 6)
    kept = view_graph(analysis.graph, analysis.findings, external=True, max_nodes=files)
    assert kept.number_of_nodes() == files + 3
    never = view_graph(analysis.graph, analysis.findings, external=False)
    assert never.number_of_nodes() == files
    with pytest.raises(TooManyNodes, match="the graph has 6 nodes without external sites"):
        view_graph(analysis.graph, analysis.findings, max_nodes=files - 1)

    out = tmp_path / "g.html"
    run = CliRunner().invoke(main, ["render", str(SITES), "-o", str(out), "--max-nodes", "8"])
    assert run.exit_code == 0, run.output
    assert run.stderr.endswith("; 6 external links to 3 sites left out "
                               "(--external draws them)\n")
    assert "6 external links to 3 sites left out" in out.read_text(encoding="utf-8")
    run = CliRunner().invoke(main, ["render", str(SITES), "-o", str(out), "--no-external"])
    assert "6 nodes" in run.stderr and run.exit_code == 0
    run = CliRunner().invoke(main, ["render", str(SITES), "-o", str(out), "--max-nodes", "5"])
    assert run.exit_code == 2
    assert "the graph has 6 nodes without external sites, more than --max-nodes 5: raise " \
           "--max-nodes to draw them all" in run.stderr
    run = CliRunner().invoke(main, ["render", str(SITES), "-o", str(out), "--max-nodes", "0"])
    assert run.exit_code == 2 and "--max-nodes" in run.stderr
    # the exports hold every node, whatever the page's cap
    run = CliRunner().invoke(main, ["render", str(SITES), "-o", "-", "--format", "json",
                                    "--max-nodes", "1"])
    assert run.exit_code == 0 and len(json.loads(run.stdout)["nodes"]) == files + 3


def test_the_page_lists_each_finding_once_where_a_click_should_go(example_view):
    analysis = analyze(EXAMPLE)
    listed = example_view.graph["finding_list"]
    assert [text for text, *_ in listed] == [format_finding(f) for f in sorted(analysis.findings)]
    on_edge = {text: edge for text, _, _, _, edge in listed if edge}
    broken = next(t for t in on_edge if t.startswith("blog/02-the-write-path.md:46:59: RG101"))
    assert on_edge[broken] == ("blog/02-the-write-path.md", "STORGE.md")
    orphan = next(row for row in listed if row[1] == "RG501")
    assert orphan[4] is None and orphan[3] in example_view
    script = json.loads(re.search(r"var page = (.*?);\n", render_html(example_view, "t"))[1])
    assert len(script["findings"]) == len(listed)
    assert all(f[4] or f[5] for f in script["findings"])  # a node or an edge to go to
    assert "finding_list" not in json.loads(render_json(example_view, "t"))["graph"]


@pytest.mark.parametrize(("text", "safe"), [
    ("plain", "plain"), ("tab\tnewline\n", "tab\tnewline\n"),
    ("a\x00b\x0bc\x1f", "a\ufffdb\ufffdc\ufffd"),
    ("caf\udcc3", "caf\ufffd"), ("\ufffe\uffff", "\ufffd\ufffd"), ("<&>", "<&>")])
def test_xml_safe_replaces_what_xml_cannot_carry(text, safe):
    # one helper for the GraphML export and the metro map's SVG
    assert xml_safe(text) == safe


EXTERNAL_STEP = TESTS / "render" / "external-step"


@pytest.mark.parametrize("args", [[], ["--no-external"], ["--max-nodes", "5"]])
def test_a_path_step_to_a_url_is_drawn_as_its_site_or_left_out(args, tmp_path):
    out = tmp_path / "g.html"
    run = CliRunner().invoke(main, ["render", str(EXTERNAL_STEP), "-o", str(out), *args])
    assert run.exit_code == 0, run.output
    nodes = {n["rg"]["id"]: n for n in page_data(out.read_text(encoding="utf-8"), "nodes")}
    ids = {n["id"]: rg_id for rg_id, n in nodes.items()}
    path = next(n["rg"] for n in nodes.values() if n["rg"]["kind"] == "reading_path")
    steps = [ids[step] for step in path["steps"]]
    if args:  # the site is left out: so is its step, with its number
        assert "site:example.com" not in nodes
        assert (steps, path["step_numbers"]) == (["blog/01-a.md"], [1])
    else:
        assert (steps, path["step_numbers"]) == (["blog/01-a.md", "site:example.com"], [1, 2])
    metro = json.loads(re.search(r'id="metro-data">(.*?)</script>',
                                 out.read_text(encoding="utf-8"))[1])
    drawn = {st["node"]: st["drawn"] for st in metro["stations"]}
    assert drawn == {"blog/01-a.md": "blog/01-a.md",
                     "https://example.com/spec": "" if args else "site:example.com"}


def test_json_export_steps_name_only_nodes_it_holds():
    run = CliRunner().invoke(main, ["render", str(EXTERNAL_STEP), "-o", "-", "--format",
                                    "json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    (path,) = [n for n in data["nodes"] if n["kind"] == "reading_path"]
    assert path["steps"] == ["blog/01-a.md", "site:example.com"]
    assert path["step_numbers"] == [1, 2] and path["step_count"] == 2
    assert set(path["steps"]) <= {n["id"] for n in data["nodes"]}


LANES = TESTS / "render" / "lanes"


def test_lanes_run_in_the_order_the_series_were_found():
    # the course's README lists intro/, basics/, advanced/: the lanes follow it, not the
    # alphabet
    analysis = analyze(LANES)
    view = view_graph(analysis.graph, analysis.findings)
    heads = sorted((d["y"], n) for n, d in view.nodes(data=True) if d["kind"] == "series")
    assert [n for _, n in heads] == ["series:intro", "series:basics", "series:advanced"]
    assert [view.nodes[n]["order"] for _, n in heads] == [1, 2, 3]
    assert {view.nodes[n]["ordered_by"] for _, n in heads} == {"number"}
    nodes = {n["rg"]["id"]: n["rg"] for n in page_data(render_html(view, "t"), "nodes")}
    assert (nodes["series:intro"]["order"], nodes["series:intro"]["ordered_by"]) == (
        1, "number")
