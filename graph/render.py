"""The drawn graph (`graph.view`) as one self-contained HTML page, or as GraphML or JSON.

The page is made by pyvis from refgraph's own template (`graph/templates/graph.html`),
which inlines the vis-network script and stylesheet pyvis ships. pyvis' own template links
bootstrap from a CDN even in `in_line` mode, and its hover popup puts titles through
`innerHTML`; this one loads nothing from the network and shows user text only as text.
Imported only by `refgraph render`, so `check` never loads pyvis.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from docs_index.corpus import displayable
from graph.view import KINDS

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"
VIS_NETWORK = "lib/vis-9.1.2"

# shape, fill, border; shapes that draw the label below the node, so size can carry meaning
STYLE: dict[str, tuple[str, str, str]] = {
    "post": ("dot", "#4E79A7", "#2B4C6F"),
    "planned_post": ("dot", "#C9D9EA", "#4E79A7"),
    "doc": ("square", "#59A14F", "#356130"),
    "index": ("star", "#F28E2B", "#A65A12"),
    "plan": ("hexagon", "#B07AA1", "#6F4466"),
    "reading_path": ("triangle", "#EDC948", "#8C7414"),
    "file": ("diamond", "#BAB0AC", "#6E6764"),
    "external": ("triangleDown", "#76B7B2", "#3F6E6A"),
    "missing": ("diamond", "#E15759", "#8E1B1D"),
}
KIND_NAMES = {"post": "post", "planned_post": "planned post", "doc": "doc",
              "index": "index", "plan": "plan", "reading_path": "reading path",
              "file": "other file", "external": "external link", "missing": "missing target"}
SEVERITY_COLOURS = {"error": "#C62828", "warning": "#E68A00", "info": "#1F6FB2"}
EDGE_COLOURS = {"next": "#2B4C6F", "previous": "#7F9CBF", "step": "#D4A017",
                "requires": "#6F4466", "lists": "#F2B77A", "must_cite": "#B07AA1",
                "plans": "#B07AA1", "has_path": "#EDC948", "links_to": "#A0A0A0"}
BROKEN = "#E02424"
TOOLTIP_FINDINGS = 8

OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "color": "#222222"},
              "borderWidth": 1, "borderWidthSelected": 3},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
              "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12},
              "font": {"size": 12, "align": "middle"}, "selectionWidth": 2,
              "color": {"highlight": "#000000", "hover": "#000000", "inherit": False}},
    "physics": {"enabled": False, "solver": "forceAtlas2Based",
                "stabilization": {"enabled": False}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                    "keyboard": {"enabled": True, "bindToWindow": False},
                    "hideEdgesOnDrag": True, "multiselect": False},
    "layout": {"randomSeed": 7, "improvedLayout": False},
}


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _node_tooltip(node: str, data: dict[str, Any]) -> str:
    """Plain text (vis-network shows a string title with `innerText`)."""
    lines = [data["title"]] if data["title"] else []
    lines.append(f"{node} ({KIND_NAMES[data['kind']]})")
    if data["words"]:
        minutes = f", ~{data['minutes']} min" if data["minutes"] else ""
        lines.append(f"{_plural(data['words'], 'word')}{minutes}")
    if data["order"]:
        lines.append(f"part {data['order']} of the series")
    lines.append(f"cited {_plural(data['cited'], 'time')}")
    if data["marks"]:
        lines.append("marked: " + ", ".join(data["marks"]))
    found = data["findings"]
    if found:
        lines.append(f"{_plural(len(found), 'finding')}:")
        lines += found[:TOOLTIP_FINDINGS]
        if len(found) > TOOLTIP_FINDINGS:
            lines.append(f"… and {len(found) - TOOLTIP_FINDINGS} more (click the node)")
    return "\n".join(lines)


def _node_style(data: dict[str, Any]) -> dict[str, Any]:
    shape, fill, border = STYLE[data["kind"]]
    style: dict[str, Any] = {"shape": shape, "size": round(10 + 5 * math.sqrt(data["cited"]), 1)}
    width = 1
    if data["severity"]:
        border, width = SEVERITY_COLOURS[data["severity"]], 3
    if {"orphan", "unreachable"} & set(data["marks"]):
        width = 5
    style["color"] = {"background": fill, "border": border,
                      "highlight": {"background": fill, "border": "#000000"},
                      "hover": {"background": fill, "border": "#000000"}}
    style["borderWidth"] = width
    if data["kind"] == "planned_post" or "planned" in data["marks"] or "draft" in data["marks"]:
        style["shapeProperties"] = {"borderDashes": [5, 4]}
    return style


def _label(data: dict[str, Any]) -> str:
    marks = [m for m in data["marks"] if m in ("orphan", "unreachable")]
    return data["label"] + "".join(f" ({m})" for m in marks)


def _edge_tooltip(src: str, dst: str, data: dict[str, Any]) -> str:
    kinds = ", ".join(k.replace("_", " ") for k in data["kinds"])
    lines = [f"{src} → {dst}", f"{kinds}" + (f" ×{data['count']}" if data["count"] > 1 else "")]
    lines += data["findings"][:TOOLTIP_FINDINGS]
    return "\n".join(lines)


class _NodeIds(list):  # type: ignore[type-arg]
    """pyvis looks node ids up with `in` on a list, for every node and both ends of every
    edge; this list answers from a set, so a big graph is not quadratic."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[str] = set()

    def append(self, node: str) -> None:  # type: ignore[override]
        super().append(node)
        self._set.add(node)

    def __contains__(self, node: object) -> bool:
        return node in self._set


def network(view: nx.DiGraph, heading: str) -> Network:
    """The pyvis network of the drawn graph, nodes and edges in the view's sorted order.
    vis-network keeps nodes in a plain object, where a file named `constructor` or
    `__proto__` would clash with JavaScript's own properties: nodes get ids `n0`, `n1`, …
    and carry their real id in `rg.id`."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=heading)
    net.node_ids = _NodeIds()
    ids = {node: f"n{n}" for n, node in enumerate(view)}
    for node, data in view.nodes(data=True):
        details = {key: data[key] for key in ("kind", "title", "cited", "order", "words",
                                              "minutes", "severity", "marks")}
        details.update(
            id=node, label=_label(data), defined_at=data.get("defined_at", ""),
            findings=[{"text": text, "severity": severity} for text, severity
                      in zip(data["findings"], data["finding_severities"], strict=True)],
            steps=[ids[step] for step in data.get("steps", ())],
            step_numbers=list(data.get("step_numbers", ())))
        net.add_node(ids[node], label=_label(data), title=_node_tooltip(node, data),
                     x=data["x"], y=data["y"], rg=details, **_node_style(data))
    for n, (src, dst, data) in enumerate(view.edges(data=True)):
        colour = BROKEN if data["broken"] else EDGE_COLOURS[data["kind"]]
        details: dict[str, Any] = {"kind": data["kind"]}  # the rest only where it says more
        if len(data["kinds"]) > 1:
            details["kinds"] = list(data["kinds"])
        if data["count"] > 1:
            details["count"] = data["count"]
        if data["broken"]:
            details["broken"] = True
        if data.get("steps"):
            details["steps"] = list(data["steps"])
        edge: dict[str, Any] = {
            "id": f"e{n}", "color": {"color": colour},
            "width": (3 if data["broken"] else 1) + round(math.log2(data["count"]), 2),
            "title": _edge_tooltip(src, dst, data), "rg": details,
        }
        if data["kind"] in ("must_cite", "plans", "previous"):
            edge["dashes"] = True
        net.add_edge(ids[src], ids[dst], **edge)
    net.set_options(json.dumps(OPTIONS, allow_nan=False))
    return net


def _page(view: nx.DiGraph, heading: str) -> dict[str, Any]:
    """What the template shows around the graph: legend, reading paths, counts."""
    counts = Counter(kind for _, kind in view.nodes(data="kind"))
    return {
        "heading": heading,
        "legend": [{"kind": kind, "name": KIND_NAMES[kind], "shape": STYLE[kind][0],
                    "fill": STYLE[kind][1], "border": STYLE[kind][2],
                    "count": counts[kind]}
                   for kind in KINDS if counts[kind]],
        "paths": [{"id": f"n{n}", "title": data["title"], "steps": data["step_count"]}
                  for n, (_, data) in enumerate(view.nodes(data=True))
                  if data["kind"] == "reading_path"],
        "nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
        "findings": view.graph["findings"],
        "severities": {s: view.graph[f"{s}s"] for s in ("error", "warning", "info")},
        "severity_colours": SEVERITY_COLOURS, "broken": BROKEN,
    }


def render_html(view: nx.DiGraph, heading: str) -> str:
    heading = displayable(heading)
    net = network(view, heading)
    net.set_template_dir(str(TEMPLATES), "graph.html")
    # the vis-network files are read from pyvis' templates; autoescape: every `{{ }}` of
    # user text is HTML-escaped, and `tojson` escapes `<`, `>`, `&` and `'` inside scripts
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([TEMPLATES, PYVIS_TEMPLATES]),
                             autoescape=True, keep_trailing_newline=True)
    env.globals["page"] = _page(view, heading)
    env.globals["vis_network"] = VIS_NETWORK
    env.globals["metro"] = view.graph.get("metro", {})  # reading paths as a metro map
    net.templateEnv = env
    return net.generate_html(name="graph.html")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(value: Any) -> Any:
    """GraphML holds scalars only, in XML: sequences become lines of text, and characters
    XML cannot carry (control characters, surrogates) become U+FFFD."""
    if isinstance(value, tuple | list):
        value = "\n".join(str(v) for v in value)
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def render_graphml(view: nx.DiGraph, heading: str) -> str:
    flat = nx.DiGraph(name=_xml(heading), **view.graph)
    flat.add_nodes_from((_xml(n), {k: _xml(v) for k, v in d.items()})
                        for n, d in view.nodes(data=True))
    flat.add_edges_from((_xml(u), _xml(v), {k: _xml(x) for k, x in d.items()})
                        for u, v, d in view.edges(data=True))
    out = io.BytesIO()
    nx.write_graphml(flat, out, encoding="utf-8", prettyprint=True)
    return out.getvalue().decode("utf-8")


def render_json(view: nx.DiGraph, heading: str) -> str:
    data = nx.node_link_data(view, edges="edges")
    data["graph"] = {"name": displayable(heading), **view.graph}
    # ensure_ascii: a file name with undecodable bytes stays valid JSON (as \udcxx escapes)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True, allow_nan=False) + "\n"


RENDERERS: dict[str, Callable[[nx.DiGraph, str], str]] = {
    "html": render_html, "graphml": render_graphml, "json": render_json}
