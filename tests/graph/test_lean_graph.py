"""The lean graph: one node per file, headings as data on their document, one links_to edge
per (file, target) carrying each of its links."""

from __future__ import annotations

from collections import Counter

from docs_index.model import Heading
from refgraph import EdgeKind, analyze
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "pyralog-like"


def test_headings_are_attributes_of_their_document_not_nodes() -> None:
    g = analyze(EXAMPLE).graph
    assert {kind for _, kind in g.nodes(data="kind")}.isdisjoint({"heading"})
    assert not [n for n in g if "#" in n and not n.startswith(("http:", "https:"))]
    assert not [e for e in g.edges(data="kind") if e[2] == "has_heading"]
    headings = g.nodes["STORAGE.md"]["headings"]
    compaction = headings["compaction"]
    assert isinstance(compaction, Heading)
    assert (compaction.text, compaction.level, str(compaction.loc)) == (
        "Compaction", 2, "STORAGE.md:44:1")
    # every anchor a heading makes is one of the document's anchors, in file order
    assert set(headings) <= g.nodes["STORAGE.md"]["anchors"]
    locs = [h.loc for h in headings.values()]
    assert locs == sorted(locs)


def test_links_between_two_files_are_one_edge_carrying_each_link() -> None:
    analysis = analyze(EXAMPLE)
    g = analysis.graph
    pairs = Counter((u, v) for u, v, kind in g.edges(data="kind") if kind == EdgeKind.LINKS_TO)
    assert max(pairs.values()) == 1
    (data,) = [d for _, v, d in g.out_edges("blog/04-segments-and-compaction.md", data=True)
               if v == "STORAGE.md" and d["kind"] == EdgeKind.LINKS_TO]
    assert [(str(link["loc"]), link["fragment"]) for link in data["links"]] == [
        ("blog/04-segments-and-compaction.md:75:7", "compaction"),
        ("blog/04-segments-and-compaction.md:76:21", "leveled-compaction"),
        ("blog/04-segments-and-compaction.md:80:1", "")]
    # the run still counts links, not edges
    assert analysis.stats.links == sum(len(d["links"]) for _, _, d in g.edges(data=True)
                                       if d["kind"] == EdgeKind.LINKS_TO) > len(pairs)
