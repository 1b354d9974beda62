"""Coordinates of a metro map (`graph/metro.py`): the one geometry the SVG and the page's
metro layer both draw, so the two pictures cannot drift apart.

The result is plain data (numbers, strings, lists), as JSON carries it into the page; user
text in it is raw, and each drawer escapes it for its own syntax or shows it as DOM text.
"""

from __future__ import annotations

import textwrap
from typing import Any

import networkx as nx

from graph.design import reading_paths
from graph.metro import GAP, Metro, Station, metro

COLUMN = 170
"""Between two columns of stations: room for a label, and for a line turning 45 degrees
towards the next row without crossing the label before it."""
ROW = 110
"""Between the rows of two lines: step numbers above a station, two lines of label below."""
LEGEND_ROW = 22
MARGIN = 30
LABEL_ROOM = 60
"""Under the last row, for its labels."""
LABEL_WIDTH = 20
"""Characters on one line of a station's label (about 130 pixels)."""
RADIUS = 8
TRACK = 6
"""Between two lines that run side by side."""

KEYS = (("gap", "red dashes: a step that leads nowhere (no such file, or no link)"),
        ("interchange", "black ring: a station several paths share"))


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def wrapped(text: str) -> list[str]:
    """A label on at most two lines of `LABEL_WIDTH`, the second cut short with `…`."""
    lines = textwrap.wrap(" ".join(text.split()), LABEL_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], short(" ".join(lines[1:]), LABEL_WIDTH)]
    return lines


def _route(a: tuple[float, float], b: tuple[float, float]) -> list[list[float]]:
    """Points from `a` to `b` the way metro maps bend: level, then 45 degrees into `b`
    (straight across when the rows are further apart than the columns)."""
    (x1, y1), (x2, y2) = a, b
    rise = abs(y2 - y1)
    if y1 == y2 or x2 - x1 <= rise:
        return [[x1, y1], [x2, y2]]
    return [[x1, y1], [x2 - rise, y1], [x2, y2]]


def drawing(metro: Metro) -> dict[str, Any]:
    """Everything to draw, in drawing order: the legend, each line's segments (a segment
    into or out of a gap is `gap`), then the stations with their step numbers and labels."""
    count = len(metro.lines)
    track = min(TRACK, 24 / max(count, 1))
    offset = {line.path: (n - (count - 1) / 2) * track for n, line in enumerate(metro.lines)}
    top = MARGIN + LEGEND_ROW * (count + len(KEYS)) + MARGIN

    def centre(station: Station) -> tuple[float, float]:
        return MARGIN + COLUMN // 2 + station.column * COLUMN, top + station.row * ROW

    def point(station: Station, path: str) -> tuple[float, float]:
        x, y = centre(station)
        return x, round(y + offset[path], 2)

    lines = []
    for line in metro.lines:
        segments = []
        stops = [metro.station(s.station) for s in line.stops]
        for a, b in zip(stops, stops[1:], strict=False):
            if a.id != b.id:  # a step repeated right away stays at its station
                segments.append({"points": _route(point(a, line.path), point(b, line.path)),
                                 "gap": a.gap or b.gap})
        lines.append({"path": line.path, "title": line.title, "colour": line.colour,
                      "segments": segments})
    stations = []
    for station in metro.stations:
        x, y = centre(station)
        ys = [offset[p] for p in station.lines]
        stations.append({
            "id": station.id, "node": station.node, "kind": station.kind,
            "paths": list(station.lines),
            "label": station.label,
            # "(missing)" on a line of its own: never cut off with a long name
            "wrapped": wrapped(station.label) + (["(missing)"] if station.kind == "missing"
                                                 else []),
            "x": x, "y": round(y + min(ys), 2), "height": round(max(ys) - min(ys), 2),
            "radius": RADIUS, "gap": station.gap, "interchange": station.interchange,
            "colour": GAP if station.gap else metro.lines[station.row].colour,
            # at an interchange a number names its line: A3 · C1
            "numbers": [{"text": (line.code if station.interchange else "")
                         + ",".join(map(str, orders)), "colour": line.colour,
                         "path": f"{line.code}: {line.title}",
                         "steps": ", ".join(map(str, orders))}
                        for line, orders in metro.numbers(station)],
        })
    legend = [{"title": line.title, "short": f"{line.code}: {short(line.title, 60)}",
               "colour": line.colour,
               "x": MARGIN, "y": MARGIN + LEGEND_ROW * n, "steps": len(line.stops)}
              for n, line in enumerate(metro.lines)]
    keys = [{"kind": kind, "text": text, "x": MARGIN, "y": MARGIN + LEGEND_ROW * (count + n)}
            for n, (kind, text) in enumerate(KEYS)]
    width = MARGIN + metro.columns * COLUMN + MARGIN
    height = top + max(metro.rows - 1, 0) * ROW + LABEL_ROOM
    return {"width": max(width, 480), "height": height, "legend": legend, "keys": keys,
            "lines": lines, "stations": stations, "gap": GAP}


def metro_drawing(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The drawing of every reading path of `g`, for the page's metro layer."""
    return drawing(metro(g, reading_paths(g)))
