"""Where each node of the drawn graph sits: series in lanes, the rest in folder blocks.

networkx's layouts need numpy and place nodes by force, not in series order; this one is a
little arithmetic, linear in the graph's size, so the same corpus always gets the same
picture. Each series is a lane read like lines of text: its name at the left, its index
and plan under the name, its posts left to right (wrapping every `LANE_POSTS`), its planned
posts after them. Above the first lane sit what belongs to no series (a site-wide index,
the reading paths). Under the lanes every other node is in the block of its folder, so the
page can fold a folder into one node (`folder` attribute); external sites form the last
block.
"""

from __future__ import annotations

import math
import posixpath
from collections import defaultdict

import networkx as nx

STEP_X = 260    # between two posts of a lane: a label of 28 characters at 18 px
LANE_POSTS = 5  # posts in one row of a lane: a lane is about one screen wide at 0.68
LANE_ROW = 110  # between two rows of one lane
LANE_GAP = 90   # between two lanes
COLUMN = 140    # width of a column of a folder block
ROW = 60        # between two nodes stacked in a block column
DEPTH = 8       # nodes in one block column
BLOCK_GAP = 120  # between two folder blocks
BAND = 180      # between the top band and the first lane, and the lanes and the blocks
EXTERNAL = "(external)"  # the block of external sites

_LANE_KINDS = ("post", "planned_post")
_TOP_KINDS = ("index", "plan", "reading_path")


def _lanes(view: nx.DiGraph) -> list[tuple[str | None, list[str]]]:
    """(series node or None, its posts and planned posts in order), series in their order;
    posts of no series and planned posts of no series' plan make a last lane."""
    kinds = nx.get_node_attributes(view, "kind")
    taken: set[str] = set()
    lanes: list[tuple[str | None, list[str]]] = []
    heads = sorted((n for n, k in kinds.items() if k == "series"),
                   key=lambda n: (view.nodes[n].get("order", 0), n))
    for head in heads:
        members = sorted((d.get("order", 0), dst) for _, dst, d in view.out_edges(head, data=True)
                         if d["kind"] == "in_series" and kinds.get(dst) == "post")
        posts = [dst for _, dst in members if dst not in taken]
        plan = view.nodes[head].get("plan") or ""
        listed = set(view.successors(plan)) if plan in view else set()
        # an entry that names its series goes to that lane, even when two series share a
        # plan file; one that does not (the single-series layout) to its plan's series
        planned = sorted((n for n, k in kinds.items() if k == "planned_post" and n not in taken
                          and view.nodes[n].get("series", head if n in listed else None)
                          == head), key=lambda n: (len(n), n))
        taken.update(posts, planned)
        lanes.append((head, posts + planned))
    rest = sorted((n for n, k in kinds.items() if k == "post" and n not in taken),
                  key=lambda n: (view.nodes[n]["order"] == 0, view.nodes[n]["order"], n))
    rest += sorted((n for n, k in kinds.items() if k == "planned_post" and n not in taken),
                   key=lambda n: (len(n), n))
    if rest:
        lanes.append((None, rest))
    return lanes


def folder_of(node: str, kind: str) -> str:
    """The block a node is drawn in: its folder ('' for the root), external sites apart."""
    return EXTERNAL if kind == "external" else posixpath.dirname(node)


def place(view: nx.DiGraph) -> None:
    """Set `x`, `y` on every node of the drawn graph, and `folder` on those in blocks."""
    kinds = nx.get_node_attributes(view, "kind")
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for head, members in _lanes(view):
        if head is not None:
            pos[head] = (0, y)
            data = view.nodes[head]
            below = [n for n in (data.get("index"), data.get("plan"))
                     if n and kinds.get(n) in _TOP_KINDS and n not in pos]
            for i, node in enumerate(below, 1):
                pos[node] = (0, y + i * ROW)
        for i, node in enumerate(members):
            pos[node] = ((1 + i % LANE_POSTS) * STEP_X, y + i // LANE_POSTS * LANE_ROW)
        rows = max(1, math.ceil(len(members) / LANE_POSTS))
        y += max((rows - 1) * LANE_ROW, 2 * ROW if head is not None else 0) + LANE_ROW + LANE_GAP
    width = (LANE_POSTS + 1) * STEP_X

    # above the first lane: what lists posts of several series, near what it lists
    for kinds_above, top in ((("reading_path",), -BAND), (("index", "plan"), -2 * BAND)):
        above = sorted(n for n, k in kinds.items() if k in kinds_above and n not in pos)
        wanted = []
        for node in above:
            xs = [pos[m][0] for m in nx.all_neighbors(view, node) if m in pos]
            wanted.append((sum(xs) / len(xs) if xs else width / 2, node))
        for node, x in _spread(wanted, STEP_X).items():
            pos[node] = (x, top)

    blocks: dict[str, list[str]] = defaultdict(list)
    for node in sorted(view):
        if node not in pos:
            blocks[folder_of(node, kinds[node])].append(node)
    x, y, tallest = 0.0, y + BAND - LANE_GAP, 0.0
    for folder in sorted(blocks, key=lambda f: (f == EXTERNAL, f)):
        members = blocks[folder]
        columns = math.ceil(len(members) / DEPTH)
        if x > 0 and x + columns * COLUMN > 3 * width:  # the next row of blocks
            x, y, tallest = 0.0, y + tallest + BLOCK_GAP, 0.0
        for i, node in enumerate(members):
            column, row = divmod(i, DEPTH)
            # every other column half a row lower, so labels side by side do not collide
            pos[node] = (x + column * COLUMN, y + ROW * (1 + row + (column % 2) / 2))
            view.nodes[node]["folder"] = folder
        tallest = max(tallest, ROW * (1.5 + min(len(members), DEPTH)))
        x += columns * COLUMN + BLOCK_GAP
    for node, (x, y) in pos.items():
        view.nodes[node]["x"], view.nodes[node]["y"] = round(x), round(y)


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
