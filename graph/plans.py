"""Which plan entry a post is: `plan:<n>` in the single-series layout, `plan:<series>:<n>`
when the corpus has several series, each with its own plan (entry 3 of a module's plan is
lesson 3 of that module, not of another). The plan, index, path and link rules ask these,
so none of them spells a planned post's node id."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from typing import Any

import networkx as nx

from graph.checks.chains import all_series, is_legacy, named
from graph.model import memo


def entry_number(g: nx.MultiDiGraph, planned: str) -> str:
    """The number a plan entry is written with (`### #13: …` → "13")."""
    data = g._node[planned]  # `g.nodes`, without its view: asked per plan entry and rule
    return str(data["number"]) if "number" in data else planned.removeprefix("plan:")


def _series_by_folder(g: nx.MultiDiGraph) -> dict[str, str]:
    """Folder → the series whose posts live there, when only one does."""
    found: dict[str, set[str]] = defaultdict(set)
    for series in all_series(g):
        for post in series.posts:
            found[posixpath.dirname(post.file)].add(series.name)
    return {folder: next(iter(names)) for folder, names in found.items() if len(names) == 1}


def series_of(g: nx.MultiDiGraph, path: str) -> str | None:
    """The series a post belongs to; for a file not on disk (a link to a post still to be
    written), the series of the posts beside it. None in the single-series layout, or when
    it cannot be told."""
    if is_legacy(g):
        return None
    series = g.nodes[path].get("series") if path in g else None
    if series is None:
        series = memo(g, "series_by_folder", _series_by_folder).get(posixpath.dirname(path))
    return series


def planned_for(g: nx.MultiDiGraph, path: str, number: int) -> str | None:
    """The plan entry numbered `number` in the plan of `path`'s series, if there is one."""
    if is_legacy(g):
        node = f"plan:{number}"
    else:
        series = series_of(g, path)
        node = f"plan:{series}:{number}" if series is not None else ""
    return node if node in g else None


def key_of(data: dict[str, Any]) -> tuple[str | None, int | None]:
    """What matches a published post with a plan entry: (series, number); the series is
    None in the single-series layout, where a number alone says which post."""
    return data.get("series"), data.get("number")


def post_name(g: nx.MultiDiGraph, post: str) -> str:
    """A post for a plan message: its path, with its place in its series when the corpus
    has several ("02-regression/05-x.md (lesson 5 of 02-regression)")."""
    return named(g, post)
