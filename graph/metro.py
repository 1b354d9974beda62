"""Reading paths as a metro map: each path a line through its steps in order, a post several
paths share an interchange station, a step that leads nowhere a red gap in its line.

`metro()` turns the graph's reading paths into lines and stations on a grid of columns and
rows; `graph/metro_draw.py` turns that into coordinates, which the SVG (`metro_svg.py`) and
the page's metro layer (`templates/metro.html`) draw alike, and `metro_mermaid.py` writes a
Mermaid flowchart of the same lines. The layout is plain arithmetic over networkx's
condensation and topological sort, so the same paths always give the same picture.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import networkx as nx

from graph.design import Step, index_of, path_steps, relative

PALETTE = ("#1F77B4", "#FF7F0E", "#2CA02C", "#9467BD", "#17BECF", "#8C564B", "#E377C2",
           "#BCBD22", "#0B3C5D", "#7F7F7F", "#3E9651", "#6B4C9A")
"""Line colours, told apart on white and none of them the red of a gap."""
GAP = "#E02424"
GAP_KINDS = frozenset({"missing", "unlinked"})
"""Step kinds (graph/design.py `Step.kind`) that lead a reader nowhere: a link to a file
that does not exist, or an item without a link."""


@dataclass(frozen=True)
class Stop:
    order: int
    """The step's number, as the index gives it."""
    station: str


@dataclass(frozen=True)
class Line:
    path: str
    """The reading-path node (`path:for-operators`)."""
    title: str
    colour: str
    row: int
    stops: tuple[Stop, ...]

    @property
    def code(self) -> str:
        """A, B, …, Z, AA, …: the line's letter, as metro maps name lines, so that a step
        number at an interchange says its path without relying on colour alone."""
        n, letters = self.row + 1, ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return letters


@dataclass(frozen=True)
class Station:
    id: str
    """`s0`, `s1`, … in the order the lines first reach them."""
    node: str
    """The graph node the step links to; empty for a step without a link."""
    label: str
    """The post's title, else the target as the index writes it, else the step's text."""
    kind: str
    """The step's kind: `post`, `doc`, `missing`, `unlinked`, `external`, `other`, `unread`."""
    lines: tuple[str, ...]
    """The paths that stop here, in the index's order."""
    column: int
    row: int
    stops: tuple[tuple[int, tuple[int, ...]], ...] = ()
    """(line number in `Metro.lines`, the step numbers it gives this station), per line."""

    @property
    def gap(self) -> bool:
        return self.kind in GAP_KINDS

    @property
    def interchange(self) -> bool:
        return len(self.lines) > 1


@dataclass(frozen=True)
class Metro:
    lines: tuple[Line, ...]
    stations: tuple[Station, ...]
    columns: int
    rows: int

    def station(self, station_id: str) -> Station:
        return self.stations[int(station_id[1:])]

    def numbers(self, station: Station) -> list[tuple[Line, list[int]]]:
        """The step numbers each line gives `station`, lines in the index's order."""
        return [(self.lines[n], list(orders)) for n, orders in station.stops]


def colours(paths: list[str]) -> dict[str, str]:
    """A colour per path from a checksum of its id, so a path keeps its colour when others
    are added or reordered; a clash takes the next free colour (until all are taken)."""
    taken: dict[str, str] = {}
    for path in paths:
        at = zlib.crc32(path.encode("utf-8", "surrogateescape")) % len(PALETTE)
        free = [PALETTE[(at + k) % len(PALETTE)] for k in range(len(PALETTE))
                if PALETTE[(at + k) % len(PALETTE)] not in taken.values()]
        taken[path] = free[0] if free else PALETTE[at]
    return taken


def _key(path: str, step: Step) -> str:
    """Which station a step stops at: its node, shared by every path that links there; a
    step without a link is a station of its own."""
    return step.node or f"{path}\x00{step.order}"


def _label(g: nx.MultiDiGraph, index: str, step: Step) -> str:
    if step.kind == "unlinked":
        return step.text
    if step.kind == "missing":
        return step.target or relative(step.node, index)
    title = str(g.nodes[step.node].get("title") or "") if step.kind == "post" else ""
    if step.kind == "external":
        return step.node
    return title or relative(step.node, index)


def _columns(order: list[str], follows: nx.DiGraph) -> dict[str, int]:
    """A column per station: after every station some line reaches it from (the longest
    way from a start), so each line runs left to right. Stations that lines visit in a
    circle are one group, placed in consecutive columns in the order first reached."""
    rank = {key: n for n, key in enumerate(order)}
    groups = nx.condensation(follows)
    members: dict[int, list[str]] = {}
    for key, group in groups.graph["mapping"].items():
        members.setdefault(group, []).append(key)
    for keys in members.values():
        keys.sort(key=rank.__getitem__)
    start: dict[int, int] = {}
    for group in nx.lexicographical_topological_sort(
            groups, key=lambda c: rank[members[c][0]]):
        start[group] = max((start[p] + len(members[p]) for p in groups.predecessors(group)),
                           default=0)
    return {key: start[group] + n for group, keys in members.items()
            for n, key in enumerate(keys)}


def metro(g: nx.MultiDiGraph, paths: list[str], speed: int = 230) -> Metro:
    """The metro map of reading paths `paths` (nodes of `g`, in the index's order)."""
    colour = colours(paths)
    order: list[str] = []  # station keys, first reached first
    info: dict[str, tuple[str, str, list[str]]] = {}  # key → node, label, kind, paths
    follows = nx.DiGraph()
    routes: list[tuple[str, list[tuple[int, str]]]] = []
    for path in paths:
        index = index_of(g, path)
        route = []
        for step in path_steps(g, path, speed):
            key = _key(path, step)
            if key not in info:
                order.append(key)
                info[key] = (step.node, _label(g, index, step), step.kind, [])
                follows.add_node(key)
            if path not in info[key][3]:
                info[key][3].append(path)
            if route and route[-1][1] != key:
                follows.add_edge(route[-1][1], key)
            route.append((step.order, key))
        routes.append((path, route))
    column = _columns(order, follows)
    row = {path: n for n, path in enumerate(paths)}
    ids = {key: f"s{n}" for n, key in enumerate(order)}
    stops: dict[str, dict[int, list[int]]] = {key: {} for key in order}
    for n, (_, route) in enumerate(routes):
        for number, key in route:
            stops[key].setdefault(n, []).append(number)
    stations = tuple(
        Station(ids[key], node, label, kind, tuple(on), column[key], min(row[p] for p in on),
                tuple((n, tuple(orders)) for n, orders in stops[key].items()))
        for key in order for node, label, kind, on in [info[key]])
    lines = tuple(Line(path, str(g.nodes[path]["title"]), colour[path], row[path],
                       tuple(Stop(n, ids[key]) for n, key in route))
                  for path, route in routes)
    return Metro(lines, stations, max(column.values(), default=-1) + 1, len(paths))


MAP_FORMATS = ("mermaid", "svg")


def render_map(g: nx.MultiDiGraph, paths: list[str], fmt: str, heading: str,
               speed: int = 230) -> tuple[str, list[str]]:
    """`refgraph paths --format mermaid|svg`: the map of `paths` in one of `MAP_FORMATS`,
    and notes for the user on what may keep it from being drawn."""
    from graph.metro_mermaid import limits, render_mermaid
    from graph.metro_svg import render_svg

    drawn = metro(g, paths, speed)
    if fmt == "svg":
        return render_svg(drawn, heading), []
    text = render_mermaid(drawn)
    return text, [f"note: the flowchart has {too_big} (by default, as on GitHub): draw "
                  "one path with `paths show NAME`, or use --format svg"
                  for too_big in limits(text)]
