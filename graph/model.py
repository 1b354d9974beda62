"""Kinds of nodes and edges, and the few graph queries several checks share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from itertools import chain
from operator import itemgetter
from typing import Any, TypeVar

import networkx as nx

T = TypeVar("T")


class NodeKind(StrEnum):
    POST = "post"
    DOC = "doc"
    INDEX = "index"
    BACKLOG = "backlog"
    FILE = "file"
    """A non-Markdown file (`Cargo.toml`, `diagrams/x.mmd`)."""
    DIR = "dir"
    """A linked directory with no README."""
    HEADING = "heading"
    """Retired: a document's headings are its `headings` attribute (anchor → `Heading`),
    not nodes. Kept so that code naming it still imports; no node has it."""
    READING_PATH = "reading_path"
    PLANNED_POST = "planned_post"
    EXTERNAL = "external"
    """A URL; never fetched."""
    OUTSIDE = "outside"
    """A relative path that leaves the checked root."""
    SERIES = "series"
    """`series:<name>`: one series as discovery or a `[[series]]` table found it."""


class EdgeKind(StrEnum):
    LINKS_TO = "links_to"
    """file → target, one edge per pair: `links` lists each link between them in file order
    (`loc`, `fragment`, `text`, `target`, `link_kind`, `label`, `kind`); `each_link` and
    `edges_of` hand out one entry per link."""
    HAS_HEADING = "has_heading"
    """Retired with heading nodes; no edge has it."""
    NEXT = "next"
    PREVIOUS = "previous"
    LISTS = "lists"
    """index → post, with `order`."""
    HAS_PATH = "has_path"
    """index → reading path."""
    STEP = "step"
    """reading path → post (or whatever the step links to), with `order`."""
    PLANS = "plans"
    """backlog → planned post."""
    MUST_CITE = "must_cite"
    """planned post → doc."""
    REQUIRES = "requires"
    """post → a post it says it builds on (`loc`, `target`), whatever its place."""
    IN_SERIES = "in_series"
    """series → post, with `order` (1-based, reading order; sub-pages too), `place` (its
    label: "lesson 5", "part 2") and `sub_page`."""
    NAV = "nav"
    """the file a site's navigation is written in (`mkdocs.yml`, `SUMMARY.md`) → a page it
    lists, with `order`, `loc`, `target` as written and `text`."""


def was_read(data: dict[str, Any]) -> bool:
    """Whether a file node's document was read: one refgraph could not read (RG001, RG003)
    exists but has no words, number or links for a rule to judge."""
    return "words" in data


def each_link(edges: Iterable[tuple[str, str, dict[str, Any]]],
              ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """`edges` (as `g.out_edges(n, data=True)` gives them) with each LINKS_TO edge unfolded
    into one (source, target, link) per link it carries, in file order; other edges pass
    through. A link's attributes are those a LINKS_TO edge had when each link was its own
    edge, `kind` included, so a rule reads it the same way."""
    for src, dst, data in edges:
        if data["kind"] == EdgeKind.LINKS_TO:
            for link in data["links"]:
                yield src, dst, link
        else:
            yield src, dst, data


def _node_kinds(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Nodes grouped by kind, in the graph's order, for `nodes_of`: made on the first
    query of a graph, so a rule asking for the nodes of one kind does not walk all of them
    (a built graph is never changed; nodes added since are seen by the count)."""
    index = g.graph.get("nodes_by_kind")
    if index is None or index[0] != g.number_of_nodes():
        nodes: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for node, data in g.nodes(data=True):
            nodes.setdefault(data["kind"], []).append((node, data))
        index = g.graph["nodes_by_kind"] = (g.number_of_nodes(), nodes)
    return index[1]


_KIND = itemgetter("kind")


def _edge_kinds(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """Edges grouped by kind, for `edges_of`; apart from the nodes' index. Every kind but
    LINKS_TO comes from one walk over the edges; the links of the LINKS_TO edges are
    unfolded (one entry per link) only when a rule asks for them (`_links`): that is most
    of the cost, and the whole-corpus rules, which run again after a post's edit, ask for
    the few other kinds only (NAV, LISTS, NEXT, MUST_CITE)."""
    index = g.graph.get("edges_by_kind")
    if index is None or index[0] != g.number_of_nodes():
        edges: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        is_link = EdgeKind.LINKS_TO.__eq__
        for src, nbrs in g._succ.items():  # `g.edges(data=True)`'s order, without its views
            if all(map(is_link, map(_KIND, chain.from_iterable(map(dict.values, nbrs.values()))))):
                continue  # only links, as from most files: told in C, not edge by edge
            for dst, keyed in nbrs.items():
                for data in keyed.values():
                    if data["kind"] != EdgeKind.LINKS_TO:
                        edges.setdefault(data["kind"], []).append((src, dst, data))
        index = g.graph["edges_by_kind"] = (g.number_of_nodes(), edges)
    return index[1]


def link_edges(g: nx.MultiDiGraph, sources: Iterable[str],
               ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The LINKS_TO edges from `sources` (their links folded), source after source in the
    order given, each source's in the graph's order: what `g.edges(data=True)` gives of
    them, without its views."""
    for src in sources:
        for dst, keyed in g._succ[src].items():
            for data in keyed.values():
                if data["kind"] == EdgeKind.LINKS_TO:
                    yield src, dst, data


def _links(g: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    """Every link of the corpus, one entry each (`each_link`), in the graph's order: kept
    in the same index as the other kinds (`_edge_kinds`), so whatever empties that index
    (a patched graph) empties this too."""
    edges = _edge_kinds(g)
    links = edges.get(EdgeKind.LINKS_TO)
    if links is None:
        links = edges[EdgeKind.LINKS_TO] = list(each_link(link_edges(g, g._succ)))
    return links


def memo(g: nx.MultiDiGraph, name: str, compute: Callable[[nx.MultiDiGraph], T]) -> T:
    """`compute(g)`, made once per graph and kept on the graph (`g.graph["memo"]`), for
    queries many rules or many links ask: a module-level cache keyed by the graph would be
    global state and keep every graph it saw alive. Made again if nodes were added since,
    as `nodes_of` is (a built graph is never changed; `number_of_edges` would walk every
    node, on each query)."""
    size = g.number_of_nodes()
    kept = g.graph.get("memo")
    if kept is None or kept[0] != size:
        kept = g.graph["memo"] = (size, {})
    if name not in kept[1]:
        kept[1][name] = compute(g)
    return kept[1][name]


def edges_of(g: nx.MultiDiGraph, kind: EdgeKind) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Edges of one kind, in the graph's (deterministic, insertion) order; for LINKS_TO, one
    entry per link (`each_link`), unfolded only when LINKS_TO is asked for."""
    if kind == EdgeKind.LINKS_TO:
        return iter(_links(g))
    return iter(_edge_kinds(g).get(kind, ()))


def focused_links(g: nx.MultiDiGraph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """`edges_of(g, LINKS_TO)`, or only those from the files in `g.graph["focus"]` when it
    is set, in the same order: the incremental run re-judges the links of the files a
    change touches (`graph.checks.FOCUSED`), without unfolding every link of the corpus.
    Queries made once per graph (`memo`) read every link."""
    focus = g.graph.get("focus")
    if focus is None:
        return edges_of(g, EdgeKind.LINKS_TO)
    return each_link(link_edges(g, (node for node in g if node in focus)))


def nodes_of(g: nx.MultiDiGraph, kind: NodeKind) -> Iterator[tuple[str, dict[str, Any]]]:
    return iter(_node_kinds(g).get(kind, ()))


def listing_locs(g: nx.MultiDiGraph) -> frozenset[Any]:
    """Positions of the links that are index entries or reading-path steps: the series and
    path rules judge those, so the generic link rules leave them alone (one report each)."""
    # read from the indexes and paths that make them: `edges_of` would index every edge,
    # which a run judging a few files again (`focused_links`) does not otherwise need
    made = ((NodeKind.INDEX, EdgeKind.LISTS), (NodeKind.READING_PATH, EdgeKind.STEP))
    return frozenset(data["loc"] for node_kind, edge_kind in made
                     for source, _ in nodes_of(g, node_kind)
                     for _, _, data in g.out_edges(source, data=True)
                     if data["kind"] == edge_kind and "loc" in data)


_READER_EDGES = frozenset((EdgeKind.LISTS, EdgeKind.HAS_PATH, EdgeKind.STEP,
                           EdgeKind.LINKS_TO, EdgeKind.NEXT, EdgeKind.PREVIOUS))


def _reads(data: dict[str, Any]) -> bool:
    """Whether a reader follows this edge: an index entry, a path step, a link, a
    Previously/Next."""
    kind = data["kind"]
    # most edges are links: `==` is str's, where a set's lookup calls Enum.__hash__
    return bool(data["links"]) if kind == EdgeKind.LINKS_TO else kind in _READER_EDGES


def _touched(g: nx.MultiDiGraph, node: str) -> bool:
    """Whether an edge a reader follows starts or ends at `node`."""
    return node in g and any(_reads(data) for adjacency in (g._succ, g._pred)
                             for keyed in adjacency[node].values() for data in keyed.values())


def _walk(g: nx.MultiDiGraph, sources: Iterable[str]) -> Iterator[str]:
    """Each node a reader reaches from `sources`, once, as it is reached; never a source
    itself, even on a cycle (as `nx.descendants` leaves out its source). Walked by hand on the
    graph's own adjacency: a second graph of the reader edges (for `nx.descendants`) cost
    a walk of every link of the corpus to build, and a filtered view
    (`nx.subgraph_view`) a call through networkx's views per edge."""
    seen = set(sources)
    todo = list(seen)
    succ = g._succ
    while todo:
        out = succ[todo.pop()]
        for dst in out.keys() - seen:  # most targets are reached already: skipped in C
            if any(_reads(data) for data in out[dst].values()):
                seen.add(dst)
                todo.append(dst)
                yield dst


def _starts(g: nx.MultiDiGraph, index: str) -> list[str]:
    return [s for s in dict.fromkeys((index, "README.md")) if s in g]


def _walked(g: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """Per start, every node a reader reaches from it, once a walk went all the way."""
    return memo(g, "reader walks", lambda g: {})


def reached_by_readers(g: nx.MultiDiGraph, index: str) -> frozenset[str]:
    """Nodes a reader reaches from the index, or from the repository's root README, over
    index entries, reading path steps, links and Previously/Next; a start itself only when
    the other start reaches it."""
    walked = _walked(g)
    for start in _starts(g, index):
        if start not in walked:
            walked[start] = frozenset(_walk(g, [start]))
    return frozenset().union(*(walked[start] for start in _starts(g, index)))


def not_reached(g: nx.MultiDiGraph, index: str, nodes: Iterable[str]) -> set[str]:
    """The `nodes` that `reached_by_readers(g, index)` leaves out, walking only as far as
    it takes: from an index that lists every post, no further than its entries (RG305 and
    RG406 ask of the posts; a walk of the whole corpus was most of their time)."""
    left = set(nodes)
    walked = _walked(g)
    for start in _starts(g, index):
        if not left:
            break
        if start in walked:
            left -= walked[start]
            continue
        reached = []
        for node in _walk(g, [start]):
            reached.append(node)
            left.discard(node)
            if not left:
                break
        else:  # went all the way: kept for the next question
            walked[start] = frozenset(reached)
    return left


def reached_from_any(g: nx.MultiDiGraph, starts: list[str]) -> set[str]:
    """Nodes a reader reaches from any of `starts` (and from the root README), as
    `reached_by_readers` says, in one walk, the starts an edge a reader follows touches
    included: asking it once per module index walked the rest of a course once per
    module."""
    sources = [s for s in dict.fromkeys([*starts, "README.md"]) if _touched(g, s)]
    return set(sources).union(_walk(g, sources))
