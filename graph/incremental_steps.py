"""An edited index or plan in the incremental patch (`graph.incremental_patch`): what the
later steps of a build made of it (an index's entries, reading paths and claims; a plan's
entries, citations and claims) taken out of the snapshot's graph, and made again from the
edited file by the builder's own code (`_Builder.add_index`, `add_plan`, `add_claims`),
where a full build would put them.

A full build makes an index's node and links with every other file's, then, after the
posts, its entries (LISTS edges, and the `stated_minutes` an entry gives its post), its
reading paths (a node each, with a STEP edge per step) and its `duplicate_entries`, and at
the end its `claims`. Taken out and made again, the edges come back last among each
target's predecessors, and a reading path's node last among the nodes:
`graph.incremental_patch` puts both back in a build's order. What a patch cannot place,
it refuses (`Refused`): a post another index lists with minutes (which index's minutes it
keeps is the build's order of indexes), an entry or step naming a target nothing else
made, a reading path added or removed.

A plan's entries are made last, each a node (`plan:<n>`) with a MUST_CITE edge per doc it
cites, a cited doc nothing else made getting its node then: those nodes are put back in
the order the plans make them (`plan_block`), a doc cited for the first time among them.
An entry added or removed is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from graph.model import EdgeKind, NodeKind

INDEX_EDGES = frozenset({EdgeKind.LISTS, EdgeKind.HAS_PATH})
"""The edges an index's later build steps make from it (`_Builder.add_index`)."""
INDEX_ATTRS = frozenset({"duplicate_entries", "claims", "claims_series"})
"""What the later build steps set on an index's node (`add_entries`, `add_claims`)."""
PLAN_EDGES = frozenset({EdgeKind.PLANS, EdgeKind.MUST_CITE})
"""The edges a plan's build step makes (`_Builder.add_plan`)."""
PLAN_ATTRS = frozenset({"guidelines", "required", "series", "claims", "claims_series"})
"""What the later build steps set on a plan's node (`add_plan`, `add_claims`)."""


class Refused(Exception):
    """The change is not one a patch re-derives exactly: the caller runs in full."""


@dataclass
class TakenOut:
    """What the later build steps had made of one edited index or plan, taken out of the
    graph."""

    path: str
    entries: bool
    """An index: whether its entries are read (an index), or its reading paths only (an
    index of series)."""
    made: list[str]
    """The nodes it made, in the order the build made them: an index's reading paths, a
    plan's entries."""
    targets: set[str] = field(default_factory=set)
    """What its entries, steps or citations pointed at."""
    keys: dict[str, list[str]] = field(default_factory=dict)
    """The attribute names of each post it listed, in order (`stated_minutes` among
    them)."""


def has_link_into(g: nx.MultiDiGraph, node: str) -> bool:
    """Whether a LINKS_TO edge ends at `node`. Such predecessors come first in a built
    graph (links are the first edges a build adds), so the first one answers."""
    for keyed in g._pred[node].values():
        return any(d["kind"] == EdgeKind.LINKS_TO for d in keyed.values())
    return False


def index_edges(g: nx.MultiDiGraph, path: str, kinds: frozenset[EdgeKind]) -> list[str]:
    """The targets of `path`'s edges of `kinds`, in the graph's order."""
    return [target for target, keyed in g._succ[path].items()
            if any(d["kind"] in kinds for d in keyed.values())]


def take_out(g: nx.MultiDiGraph, path: str, entries: bool) -> TakenOut:
    """Take out of `g` what the later build steps made of the index `path`: its reading
    paths' nodes with their steps, and the `stated_minutes` it gave what it lists. Its own
    edges go with its links (`graph.incremental_patch.patch`)."""
    paths = index_edges(g, path, frozenset({EdgeKind.HAS_PATH}))
    edit = TakenOut(path, entries, paths)
    for target in index_edges(g, path, frozenset({EdgeKind.LISTS})):
        if any(source != path and any(d["kind"] == EdgeKind.LISTS
                                      and d["minutes"] is not None for d in keyed.values())
               for source, keyed in g._pred[target].items()):
            # which index's minutes it keeps is the build's order of indexes
            raise Refused(f"{target} is listed with minutes by another index too")
        edit.targets.add(target)
        edit.keys[target] = list(g.nodes[target])
        g.nodes[target].pop("stated_minutes", None)
    for node in paths:
        edit.targets.update(g._succ[node])
    g.remove_nodes_from(paths)
    return edit


def take_out_plan(g: nx.MultiDiGraph, path: str) -> TakenOut:
    """Take out of `g` the entries of the plan `path`, with their citations."""
    entries = index_edges(g, path, frozenset({EdgeKind.PLANS}))
    edit = TakenOut(path, False, entries)
    for node in entries:
        edit.targets.update(g._succ[node])
    g.remove_nodes_from(entries)
    return edit


def plan_made_again(g: nx.MultiDiGraph, edit: TakenOut) -> set[str]:
    """After the plan is made again: what its entries cite now."""
    targets: set[str] = set()
    for node in index_edges(g, edit.path, frozenset({EdgeKind.PLANS})):
        targets.update(g._succ[node])
    return targets


def made_again(g: nx.MultiDiGraph, edit: TakenOut) -> set[str]:
    """After the index is made again: what its entries and steps point at now. Each post it
    lists keeps its attributes in the order a build gives them."""
    listed = index_edges(g, edit.path, frozenset({EdgeKind.LISTS}))
    targets = set(listed)
    for node in index_edges(g, edit.path, frozenset({EdgeKind.HAS_PATH})):
        targets.update(g._succ[node])
    for target in {*listed, *edit.keys}:
        if target not in g:
            continue
        attrs = g.nodes[target]
        old = edit.keys.get(target)
        if old is not None and set(old) == set(attrs):
            items = [(key, attrs[key]) for key in old]
            attrs.clear()
            attrs.update(items)
        elif "stated_minutes" in attrs and (old is None or "stated_minutes" not in old) \
                and "ignored" in attrs:
            # a build gives the minutes before it says why a missing file is left out
            raise Refused(f"{target} is listed with minutes for the first time")
    return targets


def renamed_paths(g: nx.MultiDiGraph, edits: Iterable[TakenOut],
                  before: list[str]) -> list[str]:
    """`before` (the snapshot's nodes in order) with each edited index's reading paths, or
    plan's entries, as they are now: the k-th one made in the k-th one's place, so a
    renamed path or a renumbered entry keeps its place. One added or removed is
    refused."""
    renamed: dict[str, str] = {}
    for edit in edits:
        now = index_edges(g, edit.path, frozenset({EdgeKind.HAS_PATH, EdgeKind.PLANS}))
        if len(now) != len(edit.made):
            raise Refused(f"{edit.path}: a reading path or a plan entry added or removed")
        renamed.update((old, new) for old, new in zip(edit.made, now, strict=True)
                       if old != new)
    if not renamed:
        return before
    order = [renamed.get(node, node) for node in before]
    if len(set(order)) != len(order):
        raise Refused("a reading path took the name of another")
    return order


@dataclass
class StepRank:
    """Where an index's later build steps put a predecessor among the others made after the
    posts: by the build's order of indexes (`_Builder.index_order`), each index before its
    reading paths, the paths in the order made; then series, then plans."""

    g: nx.MultiDiGraph
    indexes: Mapping[str, int]
    rank: Mapping[str, int]
    """Each node's place in the graph's node order."""
    plans: bool = False
    """Whether a plan was made again: its nodes then go back in order (`plan_block`)."""

    def __call__(self, source: str, kinds: set[EdgeKind]) -> tuple[int, int, int]:
        if kinds & INDEX_EDGES:
            return 3, self.indexes.get(source, 0), -1
        if EdgeKind.STEP in kinds:
            owner = next(iter(self.g._pred[source]), source)  # the index it is read from
            return 3, self.indexes.get(owner, 0), self.rank.get(source, 0)
        if EdgeKind.IN_SERIES in kinds:
            return 4, 0, 0
        if kinds & PLAN_EDGES:  # a plan before its entries, entries in the order made
            return 5, self.rank.get(source, 0), 0
        return 6, 0, 0  # nothing else is made after the posts: order kept (a stable sort)


def made_by_plan(g: nx.MultiDiGraph, node: str) -> str | None:
    """The plan entry whose citation made `node`, if one did: its first predecessor, with
    predecessors in a build's order."""
    first = next(iter(g._pred[node]), None)
    if first is not None and g.nodes[first]["kind"] == NodeKind.PLANNED_POST:
        return first
    return None


def plan_block(g: nx.MultiDiGraph, later: list[str], rank: Mapping[str, int]) -> None:
    """`later` (the nodes made after the links, in order, with those a plan's citation
    made now at its end) with those the plans made in the order they make them: each
    entry, then the cited docs it made, in citation order. The plans are the last step
    that makes nodes, so theirs end the list."""
    places: list[int] = []
    keys: list[tuple[int, int]] = []
    for at, node in enumerate(later):
        if g.nodes[node]["kind"] == NodeKind.PLANNED_POST:
            places.append(at)
            keys.append((rank[node], -1))
        elif (entry := made_by_plan(g, node)) is not None:
            places.append(at)
            keys.append((rank[entry], list(g._succ[entry]).index(node)))
    ordered = [later[at] for _, at in sorted(zip(keys, places, strict=True))]
    for at, node in zip(places, ordered, strict=True):
        later[at] = node
