"""The graph as drawn: files and what links them, with the findings on them, laid out.

`refgraph render` draws this graph and `--format graphml|json` exports it, so what a reader
sees and what another tool reads are the same nodes and edges. It is the corpus graph with
headings folded into their documents and the parallel edges between two nodes merged into
one (the links from a post to a doc become one edge with a `count`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from docs_index.corpus import MARKDOWN_SUFFIXES
from graph.checks.chains import all_series, series_order
from graph.findings import Finding, Severity
from graph.layout import place
from graph.model import EdgeKind, NodeKind, each_link
from graph.plans import entry_number, planned_for
from graph.report.text import format_finding

# Kinds as a reader tells them apart, in legend order.
KINDS = ("series", "post", "planned_post", "doc", "index", "plan", "reading_path", "file",
         "external", "missing")

_KIND = {NodeKind.POST: "post", NodeKind.DOC: "doc", NodeKind.INDEX: "index",
         NodeKind.BACKLOG: "plan", NodeKind.READING_PATH: "reading_path",
         NodeKind.PLANNED_POST: "planned_post", NodeKind.FILE: "file", NodeKind.DIR: "file",
         NodeKind.EXTERNAL: "external", NodeKind.OUTSIDE: "missing"}

# When two nodes are joined by edges of several kinds, the drawn edge shows the first.
EDGE_KINDS = (EdgeKind.NEXT, EdgeKind.PREVIOUS, EdgeKind.STEP, EdgeKind.REQUIRES,
              EdgeKind.LISTS, EdgeKind.MUST_CITE, EdgeKind.PLANS, EdgeKind.HAS_PATH,
              EdgeKind.LINKS_TO)

# Rules whose finding on a link means the link leads nowhere: the edge is drawn broken.
BROKEN_RULES = frozenset({"RG101", "RG102", "RG103", "RG105", "RG107", "RG301", "RG302",
                          "RG306", "RG401"})
_MARKS = {"RG501": "orphan", "RG406": "unreachable"}

_LABEL_MAX = 28


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _label(g: nx.MultiDiGraph, node: str, data: dict[str, Any], kind: str) -> str:
    if kind == "reading_path":
        return _short(data["title"])
    if kind == "planned_post":
        return _short(f"#{entry_number(g, node)} {data['title']}")
    if kind == "missing":
        return node if len(node) <= _LABEL_MAX else "…" + node[-_LABEL_MAX + 1:]
    return _short(node.rsplit("/", 1)[-1] or node)


def _worst(findings: Iterable[Finding]) -> str:
    ranked = sorted(findings, key=lambda f: -f.severity.rank)
    return ranked[0].severity.value if ranked else ""


MAX_NODES = 5000
"""Above this many nodes the page leaves external sites out (unless asked to keep them),
and refuses to draw more files: vis-network takes about a second per thousand nodes to
first draw a page, and a reader cannot take in more."""


class TooManyNodes(ValueError):
    """The graph has more nodes than the page may draw."""


def site_of(url: str) -> str:
    """The node an external link is drawn as: its host, lower-case (`mailto:` and other
    links without one: their scheme)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 host
        return "site:" + url.split("//", 1)[-1].split("/", 1)[0].lower()
    return "site:" + (parts.netloc.lower() or parts.scheme.lower() + ":")


def view_graph(g: nx.MultiDiGraph, findings: list[Finding], series: bool = True,
               external: bool | None = None, max_nodes: int | None = None) -> nx.DiGraph:
    """The drawn graph of corpus graph `g` with `findings` on its nodes and edges,
    every node placed (`x`, `y`). Nodes and edges are added in sorted order. External
    links are drawn as one node per site (`urls`: how many URLs). `external`: keep the
    sites (True), leave them out (False), or keep them while the graph has at most
    `max_nodes` nodes (None). More nodes than `max_nodes` without the sites:
    `TooManyNodes`. `series`: a node per series, heading its lane."""
    # the plan's entry for a post already out is drawn as that post: the plan's edges to
    # the docs it must cite join the post's own links
    alias = _written_entries(g)
    urls: dict[str, list[str]] = defaultdict(list)
    for node, kind in g.nodes(data="kind"):
        if kind == NodeKind.EXTERNAL:
            alias[node] = site_of(node)
            urls[alias[node]].append(node)
    keep = sorted(node for node, kind in g.nodes(data="kind")
                  if kind != NodeKind.SERIES and node not in alias)
    files = len(keep) + len({f.loc.path for f in findings} - set(g))
    if series:
        files += sum(1 for _, kind in g.nodes(data="kind") if kind == NodeKind.SERIES)
    if max_nodes is not None and files > max_nodes:
        raise TooManyNodes(f"the graph has {files:,} nodes without external sites, more "
                           f"than --max-nodes {max_nodes:,}")
    keep_sites = external if external is not None else (
        max_nodes is None or files + len(urls) <= max_nodes)
    order = {post: n for n, post in enumerate(series_order(g), 1)}
    cited: dict[str, int] = defaultdict(int)
    merged: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, data in each_link(g.edges(data=True)):  # a link is counted as one
        src, dst = alias.get(src, src), alias.get(dst, dst)
        if data["kind"] == EdgeKind.IN_SERIES or src == dst:
            continue  # `_add_series` draws these when asked; a self-link joins nothing
        if data["kind"] == EdgeKind.LINKS_TO:
            cited[dst] += 1
        merged[src, dst].append(data)

    on_edge: dict[Any, list[Finding]] = defaultdict(list)
    on_file: dict[str, list[Finding]] = defaultdict(list)
    edge_at = {data["loc"]: pair for pair, datas in merged.items() for data in datas
               if "loc" in data}
    for finding in findings:
        on_file[finding.loc.path].append(finding)
        if finding.loc in edge_at:
            on_edge[edge_at[finding.loc]].append(finding)
    pointed: dict[str, list[Finding]] = defaultdict(list)
    for (_, dst), found in sorted(on_edge.items()):
        pointed[dst].extend(found)

    view = nx.DiGraph()
    # a file refgraph could not read (RG001, RG003) is in no link's way: still drawn, with
    # its findings, so every finding of the run is on the page
    unread = sorted({f.loc.path for f in findings} - set(g))
    drawn = {*keep, *unread, *(urls if keep_sites else ())}
    for node in sorted([*keep, *unread]):
        data = g.nodes[node] if node in g else {
            "kind": NodeKind.DOC if node.lower().endswith(MARKDOWN_SUFFIXES) else NodeKind.FILE}
        kind = _KIND[data["kind"]] if data.get("exists", True) else "missing"
        if kind == "planned_post" or data["kind"] == NodeKind.OUTSIDE:
            kind = _KIND[data["kind"]]
        own = on_file.get(node, []) if kind != "missing" else []
        about = sorted(set(own) | set(pointed.get(node, [])))
        planned = node in g and any(d["kind"] == EdgeKind.MUST_CITE
                                    for _, _, d in g.in_edges(node, data=True))
        marks = sorted({_MARKS[f.rule_id] for f in own if f.rule_id in _MARKS}
                       | ({"planned"} if planned and kind == "missing" else set())
                       | ({"draft"} if data.get("draft") else set())
                       | ({"not read"} if node not in g else set()))
        attrs = _attrs(kind, _label(g, node, data, kind),
                       str(data.get("title") or data.get("text") or ""), about,
                       cited=cited.get(node, 0), order=order.get(node, 0), marks=marks,
                       words=int(data.get("words") or 0), minutes=int(data.get("minutes") or 0))
        if "loc" in data:
            attrs["defined_at"] = str(data["loc"])
        if kind == "planned_post" and data.get("series"):
            attrs["series"] = f"series:{data['series']}"  # its lane's head
        if kind == "reading_path":
            steps = sorted((d["order"], dst) for _, dst, d in g.out_edges(node, data=True)
                           if d["kind"] == EdgeKind.STEP)
            # a step is drawn as what its target is drawn as (a URL as its site); a step
            # whose node is not on the page (a site left out) is dropped with its number,
            # and still counts among the path's steps
            shown = [(order, alias.get(dst, dst)) for order, dst in steps]
            shown = [(order, dst) for order, dst in shown if dst in drawn]
            attrs["steps"] = tuple(dst for _, dst in shown)
            attrs["step_numbers"] = tuple(order for order, _ in shown)
            attrs["step_count"] = len(steps) + len(data.get("unlinked_steps", ()))
        view.add_node(node, **attrs)
    if keep_sites:
        for site in sorted(urls):
            name = site.split(":", 1)[1]
            view.add_node(site, **_attrs("external", _short(name), name,
                                         sorted(set(pointed.get(site, []))),
                                         cited=cited.get(site, 0), urls=len(urls[site])))

    for (src, dst) in sorted(merged):
        if src not in view or dst not in view:
            continue
        datas = merged[src, dst]
        kinds = sorted({EdgeKind(d["kind"]) for d in datas}, key=EDGE_KINDS.index)
        found = sorted(on_edge.get((src, dst), []))
        broken = (view.nodes[dst]["kind"] == "missing"
                  or any(f.rule_id in BROKEN_RULES for f in found))
        attrs = {"kind": kinds[0].value, "kinds": tuple(k.value for k in kinds),
                 "count": len(datas), "broken": broken,
                 "findings": tuple(format_finding(f) for f in found)}
        steps = sorted(d["order"] for d in datas if d["kind"] == EdgeKind.STEP)
        if steps:
            attrs["steps"] = tuple(steps)
        view.add_edge(src, dst, **attrs)

    if series:
        _add_series(g, view)
        ordered = nx.DiGraph()  # series nodes among the others, in sorted order
        ordered.add_nodes_from(sorted(view.nodes(data=True), key=lambda item: item[0]))
        ordered.add_edges_from(sorted(view.edges(data=True), key=lambda e: (e[0], e[1])))
        view = ordered
    place(view)
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    view.graph.update(findings=len(findings), **{f"{k}s": v for k, v in counts.items()})
    view.graph["sites_left_out"] = 0 if keep_sites else len(urls)
    view.graph["urls_left_out"] = 0 if keep_sites else sum(map(len, urls.values()))
    # each finding once, where a click should take the reader: its link's edge when that
    # is drawn, else its file (a page carries the list; the exports carry the same
    # findings on their nodes and edges)
    view.graph["finding_list"] = tuple(
        (format_finding(f), f.rule_id, f.severity.value, f.loc.path,
         _drawn(view, edge_at.get(f.loc))) for f in sorted(findings))
    return view


def _written_entries(g: nx.MultiDiGraph) -> dict[str, str]:
    """Plan entry → the published post it became, whichever form the entry's id has
    (`plan:<n>`, or `plan:<series>:<n>` when each series has its own plan): graph/plans.py
    says which entry a post is, as it does for the plan rules. A sub-page shares its
    lesson's number but is not the lesson the plan announced."""
    written: dict[str, str] = {}
    for node, data in sorted(g.nodes(data=True), key=lambda item: item[0]):
        if (data["kind"] != NodeKind.POST or not data.get("exists")
                or data.get("number") is None or data.get("sub_page")):
            continue
        entry = planned_for(g, node, data["number"])
        if entry is not None:
            written.setdefault(entry, node)
    return written


def _drawn(view: nx.DiGraph, pair: tuple[str, str] | None) -> tuple[str, str] | None:
    return pair if pair is not None and view.has_edge(*pair) else None


def _attrs(kind: str, label: str, title: str, about: list[Finding], *, cited: int = 0,
           order: int = 0, words: int = 0, minutes: int = 0, marks: Iterable[str] = (),
           **more: Any) -> dict[str, Any]:
    """What every drawn node carries, whatever its kind."""
    return {"kind": kind, "label": label, "title": title, "cited": cited, "order": order,
            "words": words, "minutes": minutes, "severity": _worst(about),
            "marks": tuple(marks), "findings": tuple(format_finding(f) for f in about),
            "finding_severities": tuple(f.severity.value for f in about), **more}


def _add_series(g: nx.MultiDiGraph, view: nx.DiGraph) -> None:
    """Each series node with an edge to each of its posts (its lane's head). Its `order`
    is its place among the series as discovery found them (the lanes' order, as
    `refgraph series` lists them); `ordered_by` how its posts are ordered (`number`,
    `date`)."""
    place = {f"series:{s.name}": n for n, s in enumerate(all_series(g), 1)}
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] != NodeKind.SERIES:
            continue
        members = sorted((d["order"], dst, d) for _, dst, d in g.out_edges(node, data=True)
                         if d["kind"] == EdgeKind.IN_SERIES and dst in view)
        view.add_node(node, **_attrs("series", _short(data["name"]), data["name"], [],
                                     order=place.get(node, len(place) + 1)),
                      found_by=data["found_by"], ordered_by=str(data["order"] or ""),
                      index=data["index"], plan=data["plan"], posts=len(members))
        for order, dst, d in members:
            view.add_edge(node, dst, kind=EdgeKind.IN_SERIES.value,
                          kinds=(EdgeKind.IN_SERIES.value,), order=order, place=d["place"],
                          sub_page=d["sub_page"], count=1, broken=False, findings=())


