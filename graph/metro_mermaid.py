"""`refgraph paths --format mermaid`: the metro map (`graph/metro.py`) as a Mermaid flowchart
in a fenced block, which GitHub draws where the Markdown is shown.

One node per station, numbered by the steps that stop there (at an interchange each number
after its line's letter: `A3 · C1`); each path starts at a node with its letter and title
and runs through its stations in order, its edges in its colour
(`linkStyle`); an edge into or out of a step that leads nowhere is dotted red; a station
several paths share has a thick black ring. Mermaid reads the quoted labels itself, so
user text is written with Mermaid's own escapes (`#35;` for `#`): anything but letters,
digits, spaces and harmless punctuation, so a title can neither close its label nor
bring in a directive (`click`, `%%{init}%%`) or HTML, which Mermaid then shows as text.
"""

from __future__ import annotations

import unicodedata

from graph.metro import GAP, Metro
from graph.metro_draw import short

_PLAIN = frozenset(" .,-_/:()'?!+=@")
LABEL_MAX = 40
MAX_EDGES = 500
MAX_TEXT = 50_000
"""Mermaid's default `maxEdges` and `maxTextSize` (12.4.0): above either it draws an error
instead of the diagram, and GitHub uses the defaults."""


def escape(text: str) -> str:
    """`text` for a quoted Mermaid label: whitespace runs become one space, and every
    character that is not a letter, digit or in `_PLAIN` becomes `#<code point>;`; a
    control character or the surrogate of an undecodable file name becomes U+FFFD, as
    HTML has no character for either."""
    return "".join(ch if ch.isalnum() or ch in _PLAIN
                   else "#65533;" if unicodedata.category(ch) in ("Cc", "Cs")
                   else f"#{ord(ch)};"
                   for ch in " ".join(text.split()))


def render_mermaid(metro: Metro) -> str:
    out = ["```mermaid", "flowchart LR"]
    for n, line in enumerate(metro.lines):
        out.append(f'  l{n}[["{line.code}: {escape(short(line.title, LABEL_MAX))}"]]')
    for station in metro.stations:
        numbers = metro.numbers(station)
        label = escape(short(station.label, LABEL_MAX))
        if station.kind == "missing":
            label += " (missing)"
        if station.interchange:
            steps = " · ".join(f"{line.code}{','.join(map(str, orders))}"
                               for line, orders in numbers)
            out.append(f'  {station.id}(["{label}<br/>{steps}"])')
        else:
            out.append(f'  {station.id}(["{", ".join(map(str, numbers[0][1]))}. {label}"])')
    styles: list[str] = []
    for n, line in enumerate(metro.lines):
        previous, gap = f"l{n}", False
        for stop in line.stops:
            station = metro.station(stop.station)
            if station.id == previous:
                continue  # a step repeated right away: its numbers say so
            dotted = gap or station.gap
            out.append(f"  {previous} {'-.->' if dotted else '==>'} {station.id}")
            colour = GAP if dotted else line.colour
            styles.append(f"  linkStyle {len(styles)} stroke:{colour},stroke-width:4px"
                          + (",stroke-dasharray:6 4" if dotted else ""))
            previous, gap = station.id, station.gap
    out += styles
    for n, line in enumerate(metro.lines):
        out.append(f"  style l{n} fill:{line.colour},stroke:{line.colour},color:#ffffff")
    for station in metro.stations:
        if station.gap:
            out.append(f"  style {station.id} fill:#ffffff,stroke:{GAP},stroke-width:2px,"
                       f"stroke-dasharray:4 3,color:{GAP}")
        elif station.interchange:
            out.append(f"  style {station.id} fill:#ffffff,stroke:#222222,stroke-width:4px")
        else:
            colour = metro.lines[station.row].colour
            out.append(f"  style {station.id} fill:#ffffff,stroke:{colour},stroke-width:3px")
    out.append("```")
    return "\n".join(out) + "\n"


def limits(fenced: str) -> list[str]:
    """What keeps Mermaid, with its default limits, from drawing the flowchart."""
    source = fenced.removeprefix("```mermaid\n").removesuffix("```\n")
    edges = sum(1 for line in source.splitlines() if line.startswith("  linkStyle "))
    found = []
    if edges > MAX_EDGES:
        found.append(f"{edges:,} edges, and Mermaid draws at most {MAX_EDGES:,}")
    if len(source) > MAX_TEXT:
        found.append(f"{len(source):,} characters, and Mermaid reads at most {MAX_TEXT:,}")
    return found
