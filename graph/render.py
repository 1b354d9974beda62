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
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from docs_index.corpus import displayable
from graph.layout import EXTERNAL, ROW
from graph.view import KINDS, site_of
from graph.xml_text import xml_safe

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"
VIS_NETWORK = "lib/vis-9.1.2"

# shape, fill, border; shapes that draw the label below the node, so size can carry meaning
STYLE: dict[str, tuple[str, str, str]] = {
    "series": ("box", "#2B4C6F", "#16283A"),
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
KIND_NAMES = {"series": "series", "post": "post", "planned_post": "planned post", "doc": "doc",
              "index": "index", "plan": "plan", "reading_path": "reading path",
              "file": "other file", "external": "external site", "missing": "missing target"}
SEVERITY_COLOURS = {"error": "#C62828", "warning": "#E68A00", "info": "#1F6FB2"}
EDGE_COLOURS = {"next": "#2B4C6F", "previous": "#7F9CBF", "step": "#D4A017",
                "requires": "#6F4466", "lists": "#F2B77A", "must_cite": "#B07AA1",
                "plans": "#B07AA1", "has_path": "#EDC948", "links_to": "#8A8A8A",
                "in_series": "#2B4C6F"}
BROKEN = "#E02424"
TOOLTIP_FINDINGS = 8
SIZE_CITED = 36
# labels of what the first view shows (lanes, folders) are bigger: at the smallest zoom
# the page opens with (`MIN_SCALE` in the template) they are still about 12 px
BIG_FONT = {"series": 22, "post": 18, "planned_post": 18, "index": 18, "plan": 18,
            "reading_path": 18}
CLUSTER_ABOVE = 150
"""A graph with more nodes opens with each folder folded into one node."""
LINKS_AT_MOST = 1000
"""A graph with more ordinary links (and index lists) draws them only for the selected
node: vis-network makes an edge in about a third of a millisecond, so Node.js' 9,400 links
alone would cost seconds before the first drawing."""

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
    if data["kind"] == "series":
        lines = [f"series {data['title']} ({data['found_by']}): "
                 f"{_plural(data['posts'], 'post')}"]
    elif data["kind"] == "external":
        lines.append(f"{_plural(data['urls'], 'URL')} on this site")
    else:
        lines.append(f"{node} ({KIND_NAMES[data['kind']]})")
    if data["words"]:
        minutes = f", ~{data['minutes']} min" if data["minutes"] else ""
        lines.append(f"{_plural(data['words'], 'word')}{minutes}")
    if data["order"] and data["kind"] != "series":
        lines.append(f"part {data['order']} of the series")
    if data["kind"] != "series":
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
    # size grows with citations up to 36 (about four times the smallest): a site cited
    # thousands of times would cover the page
    size = round(10 + 5 * math.sqrt(min(data["cited"], SIZE_CITED)), 1)
    style: dict[str, Any] = {"shape": shape, "size": size}
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
    if data["kind"] == "series":  # a lane's name, white on the lane's colour
        style["font"] = {"size": BIG_FONT["series"], "color": "#FFFFFF", "bold": True}
        style["margin"] = 8
    elif data["kind"] in BIG_FONT:
        style["font"] = {"size": BIG_FONT[data["kind"]]}
    return style


def _label(data: dict[str, Any]) -> str:
    marks = [m for m in data["marks"] if m in ("orphan", "unreachable")]
    return data["label"] + "".join(f" ({m})" for m in marks)


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
    and carry their real id in `rg.id`. An edge carries only its ends and what it is
    (`rg`): the page's script gives it colour, width and tooltip from that, since a big
    corpus has twenty edges per node and the page's size is mostly edges."""
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
        if "folder" in data:
            details["folder"] = data["folder"]
        if data["kind"] == "series":
            details["ordered_by"] = data["ordered_by"]
        net.add_node(ids[node], label=_label(data), title=_node_tooltip(node, data),
                     x=data["x"], y=data["y"], rg=details, **_node_style(data))
    for n, (src, dst, data) in enumerate(view.edges(data=True)):
        details: dict[str, Any] = {"kind": data["kind"]}  # the rest only where it says more
        if len(data["kinds"]) > 1:
            details["kinds"] = list(data["kinds"])
        if data["count"] > 1:
            details["count"] = data["count"]
        if data["broken"]:
            details["broken"] = True
        if data.get("steps"):
            details["steps"] = list(data["steps"])
        if data["findings"]:
            details["findings"] = list(data["findings"][:TOOLTIP_FINDINGS])
        # appended as pyvis' add_edge would, without the `arrows` it sets on every edge
        # (the options set them once)
        net.edges.append({"id": f"e{n}", "from": ids[src], "to": ids[dst], "rg": details})
    net.set_options(json.dumps(OPTIONS, allow_nan=False))
    return net


def _folders(view: nx.DiGraph, ids: dict[str, str]) -> list[dict[str, Any]]:
    """Each folder block of the layout: where its folded node sits (above its first
    member), the nodes it folds (all but missing targets, which stay in sight) and what
    they hold."""
    members: dict[str, list[str]] = {}
    for node, data in view.nodes(data=True):
        if "folder" in data:
            members.setdefault(data["folder"], []).append(node)
    folders = []
    for n, (folder, nodes) in enumerate(sorted(members.items())):
        folded = [m for m in nodes if view.nodes[m]["kind"] != "missing"]
        kinds = Counter(view.nodes[m]["kind"] for m in folded)
        severities = {view.nodes[m]["severity"] for m in folded} - {""}
        worst = next((s for s in ("error", "warning", "info") if s in severities), "")
        label = "external sites" if folder == EXTERNAL else (folder or ".") + "/"
        folders.append({
            "id": f"f{n}", "name": folder, "label": label,
            "x": min(view.nodes[m]["x"] for m in nodes),
            "y": min(view.nodes[m]["y"] for m in nodes) - ROW,
            "members": [ids[m] for m in folded], "severity": worst,
            "summary": ", ".join(_plural(c, KIND_NAMES[k]) for k, c in sorted(kinds.items())),
            "findings": sum(len(view.nodes[m]["findings"]) for m in folded)})
    return folders


def _page(view: nx.DiGraph, heading: str) -> dict[str, Any]:
    """What the template shows around the graph: legend, reading paths, counts, folders,
    the findings list."""
    counts = Counter(kind for _, kind in view.nodes(data="kind"))
    ids = {node: f"n{n}" for n, node in enumerate(view)}
    edge_ids = {(u, v): f"e{n}" for n, (u, v) in enumerate(view.edges)}
    findings = [[text, rule, severity, path, ids.get(path), edge_ids.get(edge)]
                for text, rule, severity, path, edge in view.graph["finding_list"]]
    return {
        "heading": heading,
        "legend": [{"kind": kind, "name": KIND_NAMES[kind], "shape": STYLE[kind][0],
                    "fill": STYLE[kind][1], "border": STYLE[kind][2],
                    "count": counts[kind]}
                   for kind in KINDS if counts[kind]],
        "paths": [{"id": ids[node], "title": data["title"], "steps": data["step_count"]}
                  for node, data in view.nodes(data=True) if data["kind"] == "reading_path"],
        "nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
        "findings": view.graph["findings"],
        "severities": {s: view.graph[f"{s}s"] for s in ("error", "warning", "info")},
        "severity_colours": SEVERITY_COLOURS, "broken": BROKEN,
        "sites_left_out": view.graph["sites_left_out"],
        "urls_left_out": view.graph["urls_left_out"],
        # the script's data: user text inside goes through `tojson` and `textContent`
        "script": {"folders": _folders(view, ids), "cluster": len(view) > CLUSTER_ABOVE,
                   "links_at_most": LINKS_AT_MOST,
                   "findings": findings, "edge_colours": EDGE_COLOURS, "broken": BROKEN,
                   "severity_colours": SEVERITY_COLOURS, "kind_names": KIND_NAMES},
    }


def _metro_layer(view: nx.DiGraph) -> dict[str, Any]:
    """The metro map's drawing with, on each station, the node a click shows (`drawn`):
    its own, or for a URL the site it is drawn as; '' when the page leaves it out."""
    metro = view.graph.get("metro", {})
    if not metro:
        return {}
    stations = []
    for station in metro["stations"]:
        node = station["node"]
        if node and node not in view and station["kind"] == "external":
            node = site_of(node)
        stations.append({**station, "drawn": node if node in view else ""})
    return {**metro, "stations": stations}


def render_html(view: nx.DiGraph, heading: str) -> str:
    heading = displayable(heading)
    net = network(view, heading)
    net.set_template_dir(str(TEMPLATES), "graph.html")
    # the vis-network files are read from pyvis' templates; autoescape: every `{{ }}` of
    # user text is HTML-escaped, and `tojson` escapes `<`, `>`, `&` and `'` inside scripts
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([TEMPLATES, PYVIS_TEMPLATES]),
                             autoescape=True, keep_trailing_newline=True)
    # no blanks after `,` and `:`: a tenth of a big page's bytes
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    env.globals["page"] = _page(view, heading)
    env.globals["vis_network"] = VIS_NETWORK
    env.globals["metro"] = _metro_layer(view)  # reading paths as a metro map
    net.templateEnv = env
    return net.generate_html(name="graph.html")


def _xml(value: Any) -> Any:
    """GraphML holds scalars only, in XML: sequences become lines of text, and characters
    XML cannot carry (control characters, surrogates) become U+FFFD."""
    if isinstance(value, tuple | list):
        value = "\n".join(str(v) for v in value)
    return xml_safe(value) if isinstance(value, str) else value


def _exported(view: nx.DiGraph) -> dict[str, Any]:
    """The graph's attributes for an export: the page's findings list is left out, since
    every finding is on the nodes and edges already."""
    return {k: v for k, v in view.graph.items() if k != "finding_list"}


def render_graphml(view: nx.DiGraph, heading: str) -> str:
    flat = nx.DiGraph(name=_xml(heading), **_exported(view))
    flat.add_nodes_from((_xml(n), {k: _xml(v) for k, v in d.items()})
                        for n, d in view.nodes(data=True))
    flat.add_edges_from((_xml(u), _xml(v), {k: _xml(x) for k, x in d.items()})
                        for u, v, d in view.edges(data=True))
    out = io.BytesIO()
    nx.write_graphml(flat, out, encoding="utf-8", prettyprint=True)
    return out.getvalue().decode("utf-8")


def render_json(view: nx.DiGraph, heading: str) -> str:
    data = nx.node_link_data(view, edges="edges")
    data["graph"] = {"name": displayable(heading), **_exported(view)}
    # ensure_ascii: a file name with undecodable bytes stays valid JSON (as \udcxx escapes)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True, allow_nan=False) + "\n"


RENDERERS: dict[str, Callable[[nx.DiGraph, str], str]] = {
    "html": render_html, "graphml": render_graphml, "json": render_json}
