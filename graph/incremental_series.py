"""A change of the series in the incremental patch (`graph.incremental_patch`): a post
added (the next lesson written), removed, renumbered (a rename: removed and added), or
its front matter or title moving it to another place, where discovery still finds the
same series (`frame`: the same names, indexes, plans, order, the same folders of posts).

What a build derives from the series is then made again as a build makes it: each
post's `series`, `place`, `sub_page` and `number` (`_Builder.add_post`) for the posts
whose place changed but that were not read again (`replace_places`), the `series:` nodes'
IN_SERIES edges in the series' order (`take_out_members`, `add_members`), and
`all_series`. A build reads the series in a few more places, each asked here and refused
when it would differ (`check_kinds`): which files are posts (`_Builder.is_post`) and which
missing files a post's Next line may name (`may_be_nav_target`). Anything else raises
`Refused`, and the caller runs in full.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import networkx as nx

from graph.build import _Builder
from graph.incremental_steps import Refused
from graph.model import EdgeKind, NodeKind
from posts.series import Series, SeriesPost

__all__ = ["add_members", "check_kinds", "frame", "members", "replace_places",
           "take_out_members"]


def frame(series: Sequence[Series]) -> tuple[tuple[Any, ...], ...]:
    """What a series is but its posts: the `series:` node's attributes, which files are its
    index and plan (their kinds, the indexes' and plans' build steps), the series it
    follows and the index of series listing it. A patch takes on a change of the posts
    alone."""
    return tuple((s.name, s.found_by, s.index, s.plan, s.order, s.follows, s.listed_in,
                  s.legacy) for s in series)


def members(series: Sequence[Series]) -> dict[str, tuple[str, SeriesPost]]:
    """Each post of every series: its series' name and its place."""
    return {post.file: (s.name, post) for s in series for post in s.posts}


def check_kinds(g: nx.MultiDiGraph, old: _Builder, new: _Builder,
                old_files: Collection[str], new_files: Collection[str],
                read: Collection[str]) -> None:
    """Raise `Refused` unless the new series leave every file's kind, and what each post's
    Next line may name, as they were, but for the files read again (`read`: the edited
    and added ones) and those removed: a file that became a post without being edited
    (a build reads it with `add_post`), one a post or an index not read again links to
    (their Next lines and entries are read with `is_post`)."""
    if old.post_folders != new.post_folders:
        raise Refused("the folders of posts changed")
    candidates = (old.member.keys() | new.member.keys()
                  | (set(old_files) ^ set(new_files)))
    for path in sorted(candidates):
        if old.is_post(path) == new.is_post(path) and (
                old.nav_target_among(old_files, path) == new.nav_target_among(new_files, path)):
            continue
        if path in new_files and path not in read and path in old_files:
            raise Refused(f"{path} became a post or stopped being one")
        if path in g and any(src not in read for src in g._pred[path]
                             if g.nodes[src]["kind"] != NodeKind.SERIES):
            raise Refused(f"{path} is linked as a post by a file not read again")


def take_out_members(g: nx.MultiDiGraph, old: Sequence[Series],
                     new: Sequence[Series]) -> list[str]:
    """Take out the IN_SERIES edges of the posts that left their series (before the removed
    files go: such an edge is no link). Returns the `series:` nodes whose posts changed."""
    now = {s.name: s for s in new}
    nodes = []
    for series in old:
        if now[series.name] == series:
            continue
        node = f"series:{series.name}"
        nodes.append(node)
        if node not in g:
            continue
        staying = now[series.name].files()
        for post in [p for p in g._succ[node] if p not in staying]:
            for key in list(g._succ[node][post]):
                g.remove_edge(node, post, key)
    return nodes


def add_members(g: nx.MultiDiGraph, nodes: Sequence[str], series: Sequence[Series]) -> set[str]:
    """The IN_SERIES edges of the series whose posts changed, as `_Builder.add_series`
    makes them: one per post, in the series' order. An edge a post kept is given its new
    order and place where it is (so the post's predecessors stay in order); returns the
    posts given a new one, whose predecessors the caller puts back in a build's order."""
    wanted = set(nodes)
    added: set[str] = set()
    for s in series:
        node = f"series:{s.name}"
        if node not in wanted or node not in g:
            continue
        succ = g._succ[node]
        for i, post in enumerate(s.posts, 1):
            if post.file not in g:
                continue
            attrs = {"order": i, "place": post.place.label(),
                     "sub_page": post.place.sub_page}
            if post.file in succ:
                (data,) = succ[post.file].values()
                data.update(attrs)
            else:
                g.add_edge(node, post.file, kind=EdgeKind.IN_SERIES, **attrs)
                added.add(post.file)
        # the node's successors in the series' order: each keyed dict is also the post's
        # predecessor entry, moved here, not made again
        items = [(p.file, succ[p.file]) for p in s.posts if p.file in succ]
        succ.clear()
        succ.update(items)
    return added


def _place_of(builder: _Builder, path: str) -> tuple[str, SeriesPost] | None:
    found = builder.member.get(path)
    return (found[0].name, found[1]) if found is not None else None


_POST_PLACE = ("series", "place", "sub_page")
"""What `_Builder.add_post` sets from a post's place, before its `number`."""


def replace_places(g: nx.MultiDiGraph, old: _Builder, new: _Builder,
                   skip: Collection[str]) -> list[str]:
    """Each post whose place changed and that is not read again (`skip`: the edited, added
    and removed files) gets the attributes `_Builder.add_post` gives its place, where a
    build puts them. Returns those posts."""
    # a post's node may still hold its headings packed (`graph.incremental_snapshot`),
    # which keeps the order of its attributes: made whole first, imported here since that
    # module imports the patch's
    from graph.incremental_snapshot import hydrate

    changed = []
    for path in sorted(old.member.keys() | new.member.keys()):
        if path in skip or path not in g or _place_of(old, path) == _place_of(new, path):
            continue
        attrs = g.nodes[path]
        if attrs.get("kind") != NodeKind.POST or "number" not in attrs:
            raise Refused(f"{path}: a place for a file that is no post")
        if path not in new.member or (path not in old.member and not new.legacy):
            raise Refused(f"{path} joined or left a series without being read")
        hydrate(g, [path])
        series, member = new.member[path]
        place = member.place
        if new.legacy:
            made: dict[str, Any] = {"sub_page": True} if place.sub_page else {}
            number = attrs["number"]  # the single series numbers by name (`parse_post`)
        else:
            made = {"series": series.name, "place": place.label(),
                    "sub_page": place.sub_page}
            number = place.number if place.part is None else place.part
        items = [(k, v) for k, v in attrs.items() if k not in _POST_PLACE]
        at = next(i for i, (k, _) in enumerate(items) if k == "number")
        items[at:at] = list(made.items())
        items[at + len(made)] = ("number", number)
        attrs.clear()
        attrs.update(items)
        changed.append(path)
    return changed
