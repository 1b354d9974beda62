"""`refgraph paths --format svg`: the metro map (`graph/metro_draw.py`) as one standalone SVG
file, for an author to put beside the index.

Built with ElementTree, which escapes every text and attribute value as XML; characters XML
cannot carry at all (control characters, surrogates of an undecodable file name) become
U+FFFD first. The file references nothing: no links, images, fonts or stylesheets.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from graph.metro import Metro
from graph.metro_draw import drawing
from graph.xml_text import xml_safe

SVG = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"


def _value(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else xml_safe(str(value))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    child = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): _value(v)
                                        for k, v in attrs.items()})
    if text is not None:
        child.text = xml_safe(text)
    return child


def _points(points: list[list[float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def render_svg(metro: Metro, heading: str) -> str:
    d = drawing(metro)
    ET.register_namespace("", SVG)
    svg = ET.Element("svg", {"xmlns": SVG, "width": str(d["width"]),
                             "height": str(d["height"]),
                             "viewBox": f"0 0 {d['width']} {d['height']}",
                             "font-family": FONT, "font-size": "13", "role": "img"})
    _add(svg, "title", f"{heading}: reading paths")
    _add(svg, "rect", width="100%", height="100%", fill="#ffffff")
    for item in d["legend"]:
        group = _add(svg, "g", class_="legend")
        _add(group, "line", x1=item["x"], y1=item["y"], x2=item["x"] + 28, y2=item["y"],
             stroke=item["colour"], stroke_width=6, stroke_linecap="round")
        _add(group, "text", f"{item['short']} ({item['steps']} steps)", x=item["x"] + 38,
             y=item["y"] + 4)
    for key in d["keys"]:
        group = _add(svg, "g", class_="key")
        x, y = key["x"], key["y"]
        if key["kind"] == "gap":
            _add(group, "line", x1=x, y1=y, x2=x + 28, y2=y, stroke=d["gap"], stroke_width=5,
                 stroke_dasharray="6 6")
        else:
            _add(group, "rect", x=x + 6, y=y - 8, width=16, height=16, rx=8, fill="#ffffff",
                 stroke="#222222", stroke_width=3)
        _add(group, "text", key["text"], x=x + 38, y=y + 4)
    for line in d["lines"]:
        group = _add(svg, "g", class_="line", fill="none", stroke_linejoin="round",
                     stroke_linecap="round")
        _add(group, "title", line["title"])
        for seg in line["segments"]:
            style = ({"stroke": d["gap"], "stroke_dasharray": "6 6"} if seg["gap"]
                     else {"stroke": line["colour"]})
            _add(group, "polyline", points=_points(seg["points"]), stroke_width=5, **style)
    for st in d["stations"]:
        group = _add(svg, "g", class_="station" + (" gap" if st["gap"] else "")
                     + (" interchange" if st["interchange"] else ""))
        tip = [st["label"]] + [f"{n['path']}: step {n['steps']}" for n in st["numbers"]]
        _add(group, "title", "\n".join(tip))
        r = st["radius"] + (2 if st["interchange"] else 0)
        _add(group, "rect", x=st["x"] - r, y=st["y"] - r, width=2 * r,
             height=st["height"] + 2 * r, rx=r, fill="#ffffff",
             stroke="#222222" if st["interchange"] else st["colour"],
             stroke_width=3 if st["interchange"] else 4,
             **({"stroke_dasharray": "3 2"} if st["gap"] else {}))
        numbers = _add(group, "text", x=st["x"], y=st["y"] - r - 6, text_anchor="middle",
                       font_size=12, font_weight="bold")
        for n, number in enumerate(st["numbers"]):
            _add(numbers, "tspan", (" · " if n else "") + number["text"], fill=number["colour"])
        label = _add(group, "text", x=st["x"], y=st["y"] + st["height"] + r + 16,
                     text_anchor="middle", font_size=12,
                     fill=d["gap"] if st["gap"] else "#222222")
        for n, part in enumerate(st["wrapped"]):
            _add(label, "tspan", part, x=st["x"], dy="1.2em" if n else "0")
    ET.indent(svg, "  ")
    for text in svg.iter("text"):  # indenting inside a text would draw spaces
        if len(text):
            text.text = None
            for span in text:
                span.tail = None
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(svg, encoding="unicode") + "\n")
