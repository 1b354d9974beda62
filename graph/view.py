"""The graph as drawn: files and what links them, with the findings on them, laid out.

`refgraph render` draws this graph and `--format graphml|json` exports it, so what a reader
sees and what another tool reads are the same nodes and edges. It is the corpus graph with
headings folded into their documents and the parallel edges between two nodes merged into
one (the links from a post to a doc become one edge with a `count`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from docs_index.corpus import MARKDOWN_SUFFIXES
from graph.checks.chains import series_order
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, each_link
from graph.report.text import format_finding

# Kinds as a reader tells them apart, in legend order.
KINDS = ("post", "planned_post", "doc", "index", "plan", "reading_path", "file",
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


def _label(node: str, data: dict[str, Any], kind: str) -> str:
    if kind == "reading_path":
        return _short(data["title"])
    if kind == "planned_post":
        return _short(f"#{node.split(':', 1)[1]} {data['title']}")
    if kind == "external":
        try:
            parts = urlsplit(node)
        except ValueError:  # an unclosed IPv6 host
            return _short(node)
        return _short((parts.netloc + parts.path) or node)
    if kind == "missing":
        return node if len(node) <= _LABEL_MAX else "…" + node[-_LABEL_MAX + 1:]
    return _short(node.rsplit("/", 1)[-1] or node)


def _worst(findings: Iterable[Finding]) -> str:
    ranked = sorted(findings, key=lambda f: -f.severity.rank)
    return ranked[0].severity.value if ranked else ""


def view_graph(g: nx.MultiDiGraph, findings: list[Finding], series: bool = False,
               ) -> nx.DiGraph:
    """The drawn graph of corpus graph `g` with `findings` on its nodes and edges,
    every node placed (`x`, `y`). Nodes and edges are added in sorted order. `series`: add
    the series nodes and their edges to each post (the exports); the page does not draw
    them yet, so its layout stays as it was."""
    # the plan's entry for a post already out is drawn as that post: the plan's edges to
    # the docs it must cite join the post's own links
    written = {f"plan:{data['number']}": node for node, data in g.nodes(data=True)
               if data["kind"] == NodeKind.POST and data.get("exists")
               and data.get("number") is not None}
    alias = {entry: post for entry, post in written.items() if entry in g}
    keep = sorted(node for node, kind in g.nodes(data="kind")
                  if kind not in (NodeKind.HEADING, NodeKind.SERIES) and node not in alias)
    order = {post: n for n, post in enumerate(series_order(g), 1)}
    cited: dict[str, int] = defaultdict(int)
    merged: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, data in each_link(g.edges(data=True)):  # a link is counted as one
        src, dst = alias.get(src, src), alias.get(dst, dst)
        if data["kind"] in (EdgeKind.HAS_HEADING, EdgeKind.IN_SERIES) or src == dst:
            continue  # headings are folded into their document; a self-link joins nothing
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
    for node in sorted([*keep, *unread]):
        data = g.nodes[node] if node in g else {
            "kind": NodeKind.DOC if node.lower().endswith(MARKDOWN_SUFFIXES) else NodeKind.FILE}
        kind = _KIND[data["kind"]] if data.get("exists", True) else "missing"
        if kind == "planned_post" or data["kind"] == NodeKind.OUTSIDE:
            kind = _KIND[data["kind"]]
        own = on_file.get(node, []) if kind not in ("external", "missing") else []
        about = sorted(set(own) | set(pointed.get(node, [])))
        planned = node in g and any(d["kind"] == EdgeKind.MUST_CITE
                                    for _, _, d in g.in_edges(node, data=True))
        marks = sorted({_MARKS[f.rule_id] for f in own if f.rule_id in _MARKS}
                       | ({"planned"} if planned and kind == "missing" else set())
                       | ({"draft"} if data.get("draft") else set())
                       | ({"not read"} if node not in g else set()))
        attrs: dict[str, Any] = {
            "kind": kind, "label": _label(node, data, kind),
            "title": str(data.get("title") or data.get("text") or ""),
            "cited": cited.get(node, 0), "order": order.get(node, 0),
            "words": int(data.get("words") or 0), "minutes": int(data.get("minutes") or 0),
            "severity": _worst(about), "marks": tuple(marks),
            "findings": tuple(format_finding(f) for f in about),
            "finding_severities": tuple(f.severity.value for f in about),
        }
        if "loc" in data:
            attrs["defined_at"] = str(data["loc"])
        if kind == "reading_path":
            steps = sorted((d["order"], dst) for _, dst, d in g.out_edges(node, data=True)
                           if d["kind"] == EdgeKind.STEP)
            attrs["steps"] = tuple(dst for _, dst in steps)
            attrs["step_numbers"] = tuple(order for order, _ in steps)
            attrs["step_count"] = len(steps) + len(data.get("unlinked_steps", ()))
        view.add_node(node, **attrs)

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

    place(view)
    if series:
        _add_series(g, view)
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    view.graph.update(findings=len(findings), **{f"{k}s": v for k, v in counts.items()})
    return view


def _add_series(g: nx.MultiDiGraph, view: nx.DiGraph) -> None:
    """Each series node with an edge to each of its posts, added after `place` so that no
    other node moves: a series sits one band above its first drawn post."""
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] != NodeKind.SERIES:
            continue
        members = sorted((d["order"], dst, d) for _, dst, d in g.out_edges(node, data=True)
                         if d["kind"] == EdgeKind.IN_SERIES and dst in view)
        first = view.nodes[members[0][1]] if members else {"x": 0, "y": 0}
        view.add_node(node, kind="series", label=_short(data["name"]), title=data["name"],
                      found_by=data["found_by"], index=data["index"], plan=data["plan"],
                      order=data["order"], posts=len(members),
                      x=first["x"], y=first["y"] - BAND)
        for order, dst, d in members:
            view.add_edge(node, dst, kind=EdgeKind.IN_SERIES.value,
                          kinds=(EdgeKind.IN_SERIES.value,), order=order, place=d["place"],
                          sub_page=d["sub_page"])


# -- layout --------------------------------------------------------------------------------
# networkx's layouts need numpy and place nodes by force, not in series order; this one is a
# little arithmetic, so the same corpus always gets the same picture. The series runs left
# to right in lanes, like lines of text; above the first lane, what lists the posts (index,
# plan, reading paths); under each lane, in columns beneath the posts that cite them, the
# docs and files first reached from that lane, then its external links.

STEP_X = 220   # between two posts of the series
COLUMN = 110   # width of a column of docs under the series
ROW = 80       # between two nodes stacked in one column
BAND = 180     # between two bands
DEPTH = 10     # nodes in one column before it overflows
LANE_POSTS = 6  # about this many posts per lane for every lane in the layout


def _spread(wanted: list[tuple[float, str]], gap: float) -> dict[str, float]:
    """x for each node: as near its wanted x as a `gap` between neighbours allows."""
    placed: dict[str, float] = {}
    last = -math.inf
    for x, node in sorted(wanted):
        last = max(x, last + gap)
        placed[node] = last
    if placed:
        shift = (sum(x for x, _ in wanted) - sum(placed.values())) / len(placed)
        placed = {node: x + shift for node, x in placed.items()}
    return placed


def place(view: nx.DiGraph) -> None:
    """Set `x` and `y` on every node of the drawn graph."""
    kinds = nx.get_node_attributes(view, "kind")
    series = sorted((n for n, k in kinds.items() if k == "post"),
                    key=lambda n: (view.nodes[n]["order"] == 0, view.nodes[n]["order"], n))
    series += sorted((n for n, k in kinds.items() if k == "planned_post"),
                     key=lambda n: (len(n), n))
    lanes = max(1, round(math.sqrt(len(series) / LANE_POSTS)))
    per_lane = max(1, math.ceil(len(series) / lanes))
    # node → (lane, x); lane -1 is the band above the first lane
    at: dict[str, tuple[int, float]] = {
        node: (i // per_lane, i % per_lane * STEP_X) for i, node in enumerate(series)}

    def home(node: str) -> tuple[int, float] | None:
        """The lane most of a node's placed neighbours are in, and their mean x there."""
        near = [at[n] for n in nx.all_neighbors(view, node) if n in at]
        if not near:
            return None
        lanes_near = [lane for lane, _ in near if lane >= 0] or [0]
        lane = min(set(lanes_near), key=lambda ln: (-lanes_near.count(ln), ln))
        xs = [x for ln, x in near if ln == lane] or [x for _, x in near]
        return lane, sum(xs) / len(xs)

    middle = (per_lane - 1) * STEP_X / 2
    top: dict[str, float] = {}
    for kinds_above, y in ((("reading_path",), -BAND), (("index", "plan"), -2 * BAND)):
        above = sorted(n for n, k in kinds.items() if k in kinds_above)
        wanted = [(h[1] if (h := home(n)) else middle, n) for n in above]
        for node, x in _spread(wanted, STEP_X).items():
            at[node], top[node] = (-1, x), y

    # below: breadth first from what is placed; each round is a band of its lane
    level: dict[str, int] = {}
    remaining = {n for n in view if n not in at and kinds[n] != "external"}
    frontier = sorted(n for n in remaining if any(m in at for m in nx.all_neighbors(view, n)))
    depth = 0
    while remaining:
        depth += 1
        if frontier:
            found = {n: home(n) for n in frontier}
        else:  # nothing links these to what is placed: a grid on the right
            found = {n: (0, (per_lane + i // DEPTH) * STEP_X)
                     for i, n in enumerate(sorted(remaining))}
        for node, placed in found.items():
            at[node], level[node] = placed, depth
        remaining -= found.keys()
        frontier = sorted({m for n in found for m in nx.all_neighbors(view, n)
                           if m in remaining})
    for node in sorted(n for n, k in kinds.items() if k == "external"):
        at[node], level[node] = home(node) or (0, middle), depth + 1

    bands: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
    for node, (lane, x) in at.items():
        if node not in top:
            bands[lane, level.get(node, 0)].append((x, node))
    pos = {node: (at[node][1], y) for node, y in top.items()}
    y = 0.0
    for lane in range(lanes):
        pos.update({node: (x, y) for x, node in bands.get((lane, 0), [])})  # the posts
        bottom = y
        for band in sorted(b for ln, b in bands if ln == lane and b > 0):
            bottom = _stack(bands[lane, band], bottom + BAND, pos)
        y = bottom + 1.5 * BAND
    for node, (x, y) in pos.items():
        view.nodes[node]["x"], view.nodes[node]["y"] = round(x), round(y)


def _stack(wanted: list[tuple[float, str]], top: float,
           pos: dict[str, tuple[float, float]]) -> float:
    """Place nodes in columns under their wanted x, stacked from `top`, a column at most
    `DEPTH` deep (a full one overflows to its nearest free neighbour) and every other column
    half a row lower, so labels side by side do not collide. Returns the lowest y."""
    filled: dict[int, int] = defaultdict(int)
    tried: dict[int, int] = defaultdict(int)  # columns only fill: resume where the last stopped
    bottom = top
    for x, node in sorted(wanted):
        want = round(x / COLUMN)
        for d in range(tried[want], len(wanted) + 1):
            column = next((c for c in (want + d, want - d) if filled[c] < DEPTH), None)
            if column is not None:
                tried[want] = d
                break
        y = top + filled[column] * ROW + (ROW / 2 if column % 2 else 0)
        filled[column] += 1
        pos[node] = (column * COLUMN, y)
        bottom = max(bottom, y)
    return bottom
