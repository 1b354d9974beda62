"""The queries the whole-corpus rules share (`graph/model.py`) against the plain networkx
answers they replaced, on every test corpus and the example: a second graph of the edges a
reader follows, walked by `nx.descendants`, and every edge of the graph filtered by kind."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph import analyze
from graph.model import (
    EdgeKind,
    NodeKind,
    each_link,
    edges_of,
    not_reached,
    reached_by_readers,
    reached_from_any,
)
from tests.conftest import ROOT, TESTS

ROOTS = [*sorted(p / "corpus" for p in (TESTS / "corpora").iterdir() if (p / "corpus").is_dir()),
         ROOT / "examples" / "pyralog-like"]
READER_EDGES = (EdgeKind.LISTS, EdgeKind.HAS_PATH, EdgeKind.STEP, EdgeKind.LINKS_TO,
                EdgeKind.NEXT, EdgeKind.PREVIOUS)


def _readers(g: nx.MultiDiGraph) -> nx.DiGraph:
    """The reader edges as their own graph, one pair per link, as refgraph built it."""
    readers = nx.DiGraph()
    readers.add_edges_from((src, dst) for src, dst, data in each_link(g.edges(data=True))
                           if data["kind"] in READER_EDGES)
    return readers


@pytest.mark.parametrize("root", ROOTS, ids=[r.parent.name for r in ROOTS])
def test_reachability_is_what_networkx_says(root: Path) -> None:
    g = analyze(root).graph
    readers = _readers(g)
    starts = [n for n, kind in g.nodes(data="kind")
              if kind in (NodeKind.INDEX, NodeKind.BACKLOG, NodeKind.POST)]
    posts = [n for n, kind in g.nodes(data="kind") if kind == NodeKind.POST]
    for start in [*starts, "README.md", "nowhere.md"]:
        expected = set().union(*(nx.descendants(readers, s) for s in dict.fromkeys(
            [start, *(r for r in ("README.md",) if r in g)]) if s in readers))
        # asked first of a few nodes (a walk that may stop early), then of all of them
        for nodes in (posts[:1], posts, [start, "README.md"], list(g)):
            assert not_reached(g, start, nodes) == set(nodes) - expected, (start, nodes)
        assert reached_by_readers(g, start) == expected, start
        g.graph.pop("memo")  # and the whole walk first
        assert reached_by_readers(g, start) == expected, start
        assert not_reached(g, start, posts) == set(posts) - expected, start
    indexes = [n for n, kind in g.nodes(data="kind") if kind == NodeKind.INDEX]
    for sources in ([], indexes, starts[:3], ["nowhere.md"]):
        wanted = [s for s in dict.fromkeys([*sources, "README.md"]) if s in readers]
        expected = set(nx.multi_source_dijkstra_path_length(readers, wanted)) if wanted \
            else set()
        assert reached_from_any(g, sources) == expected, sources


@pytest.mark.parametrize("root", ROOTS, ids=[r.parent.name for r in ROOTS])
def test_edges_of_a_kind_in_the_graphs_order(root: Path) -> None:
    g = analyze(root).graph
    every = list(each_link(g.edges(data=True)))
    for kind in EdgeKind:
        assert list(edges_of(g, kind)) == [e for e in every if e[2]["kind"] == kind], kind


def test_asking_for_another_kind_leaves_the_links_folded() -> None:
    """Unfolding every link is most of the cost of the edge index: the whole-corpus rules,
    which run again after a post's edit, ask for the other kinds only."""
    g = analyze(ROOT / "examples" / "pyralog-like").graph
    g.graph.pop("edges_by_kind", None)
    assert list(edges_of(g, EdgeKind.LISTS)) and list(edges_of(g, EdgeKind.NEXT))
    assert EdgeKind.LINKS_TO not in g.graph["edges_by_kind"][1]
    assert len(list(edges_of(g, EdgeKind.LINKS_TO))) == sum(
        len(d["links"]) for _, _, d in g.edges(data=True) if d["kind"] == EdgeKind.LINKS_TO)
