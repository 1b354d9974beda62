"""The series as the rules read them: which series a graph holds, each one's published
posts in reading order (its chain), and where a Next or Previously link may leave it. The
Previously/Next rules (`series.py`), the index rules (`index.py`), reading paths and the
drawn graph all ask these."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.model import EdgeKind, NodeKind, edges_of, memo, nodes_of, was_read
from posts.series import Place, Series, name_place


def all_series(g: nx.MultiDiGraph) -> tuple[Series, ...]:
    """The series `build` found (`graph.series`); one legacy series on older graphs."""
    return g.graph.get("all_series", ())


def is_legacy(g: nx.MultiDiGraph) -> bool:
    """Whether the corpus has the one series of the `posts`/`index`/`plan` keys: then every
    post is in it, ordered and named as it always was."""
    found = all_series(g)
    return not found or len(found) == 1 and found[0].legacy


def published_posts(g: nx.MultiDiGraph, series: Series | None = None,
                    ) -> tuple[tuple[str, dict[str, Any]], ...]:
    """Posts on disk, read, and not marked as drafts, sorted by path; of one series when
    given. A post refgraph could not read (RG001) has no words, number or links to judge:
    no series rule guesses them. (Once per graph, by `memo`: rules ask for them per entry
    and per step.)"""
    every = memo(g, "published_posts", lambda g: tuple(sorted(
        (node, data) for node, data in nodes_of(g, NodeKind.POST)
        if data["exists"] and was_read(data) and not data.get("draft"))))
    if series is None or series.legacy:
        return every

    def by_series(g: nx.MultiDiGraph) -> dict[str, tuple[tuple[str, dict[str, Any]], ...]]:
        grouped: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for node, data in every:  # one pass for every series, not one per series
            grouped[data.get("series", "")].append((node, data))
        return {name: tuple(posts) for name, posts in grouped.items()}
    return memo(g, "published_by_series", by_series).get(series.name, ())


def index_entries(g: nx.MultiDiGraph, index: str | None = None,
                  ) -> list[tuple[str, dict[str, Any]]]:
    """(target, edge) of the index's entries (of every index, when none is named), in the
    order the index lists them."""
    if index is None:
        return sorted(((dst, data) for _, dst, data in edges_of(g, EdgeKind.LISTS)),
                      key=lambda entry: entry[1]["order"])

    def by_index(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        grouped: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for src, dst, data in edges_of(g, EdgeKind.LISTS):  # once, not once per index
            grouped[src].append((dst, data))
        return grouped
    return sorted(memo(g, "entries_by_index", by_index).get(index, ()),
                  key=lambda entry: entry[1]["order"])


def series_order(g: nx.MultiDiGraph, series: Series | None = None) -> list[str]:
    """Published posts in reading order. The legacy series: by number (then path) when
    every post has one, else in the order the index lists them. A discovered or configured
    series: the order it was found in, without its sub-pages. No series named: every
    series' posts, one series after another. Posts with no known place are left out, so
    no rule guesses where they belong."""
    if is_legacy(g):
        return _legacy_order(g)
    if series is None:
        return [post for each in all_series(g) for post in series_order(g, each)]
    published = {node for node, _ in published_posts(g, series)}
    return [p.file for p in series.posts if p.file in published and not p.place.sub_page]


def _legacy_order(g: nx.MultiDiGraph) -> list[str]:
    # a dated name (`2024-03-01-x.md`) has no number; its path sorts it by date, as the
    # year it was once numbered by did
    posts = [(0 if data.get("number") is None and (name_place(node) or Place()).date
              else data.get("number"), node) for node, data in published_posts(g)
             if not data.get("sub_page")]  # `07-x-2.md` beside `07-x.md`: part of lesson 7
    if all(number is not None for number, _ in posts):
        return [node for _, node in sorted(posts)]
    published = {node for _, node in posts}
    listed = list(dict.fromkeys(dst for dst, _ in index_entries(g) if dst in published))
    return listed or [node for _, node in sorted(p for p in posts if p[0] is not None)]


@dataclass(frozen=True)
class Chain:
    """One series as the navigation rules read it: its posts in order, and where a link
    may leave it (the first post of the series that follows, the last of the one before)."""

    series: Series | None
    """None for the legacy series."""
    order: list[str]
    place: dict[str, int]
    next_first: str | None = None
    previous_last: str | None = None


def chains(g: nx.MultiDiGraph) -> list[Chain]:
    """Each series' chain, once per graph."""
    def make(g: nx.MultiDiGraph) -> list[Chain]:
        if is_legacy(g):
            order = _legacy_order(g)
            return [Chain(None, order, {node: i for i, node in enumerate(order)})]
        orders = {s.name: series_order(g, s) for s in all_series(g)}
        after = {s.follows: s.name for s in all_series(g) if s.follows}
        made = []
        for s in all_series(g):
            order = orders[s.name]
            following = orders.get(after.get(s.name, ""), [])
            before = orders.get(s.follows or "", [])
            made.append(Chain(s, order, {node: i for i, node in enumerate(order)},
                              following[0] if following else None,
                              before[-1] if before else None))
        return made
    return memo(g, "chains", make)


def read_in_order(g: nx.MultiDiGraph) -> list[Chain]:
    """The chains whose posts are written to be read in order, which the Previously/Next
    and forward-reference rules judge: not a site's menu (a series found by navigation),
    whose Previous/Next the generator's theme draws from the menu itself and whose pages
    (a user guide, a reference) link ahead as a matter of course."""
    return [c for c in chains(g) if c.series is None or c.series.found_by != "navigation"]


def named(g: nx.MultiDiGraph, path: str) -> str:
    """A post for a message: its path, and, when the corpus has several series, its place
    in its own ("02-regression/05-x.md (lesson 5 of 02-regression)")."""
    data = g.nodes[path] if path in g else {}
    if "series" not in data:
        return path
    return f"{path} ({data['place']} of {data['series']})"
