"""RG4xx: the reading paths of every index (a path may step into another series), and
the posts no entry, path or link reaches (each series' from its own index).

A reading path is a `reading_path` node with `step` edges (`order`, `loc`, `target`,
`fragment`, `text`) to what its list items link to; items without a link are kept in the
node's `unlinked_steps`. All step positions and hints are written relative to the index,
as the author edits them there.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator

import networkx as nx

from docs_index.model import Location
from graph.checks.chains import all_series, is_legacy, series_order
from graph.checks.guess import Guesser
from graph.checks.links import missing_state, missing_target_hint, planned_related
from graph.config import Config
from graph.design import (
    describe_cycle,
    format_minutes,
    implied_order,
    index_of,
    is_post,
    relative,
    steps_of,
)
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, memo, nodes_of, not_reached
from graph.plans import entry_number
from graph.rules import Rule
from posts.series import Series

_NOT_POSTS = (NodeKind.DOC, NodeKind.INDEX, NodeKind.BACKLOG, NodeKind.FILE, NodeKind.DIR)
_ROUNDING = 5.0
"""Minutes: stated times are rounded ("~10 minutes", "~1.5 hours"), so smaller
differences are never reported, whatever the tolerance."""


def _normal(text: str) -> str:
    text = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", text.lower())  # "(coming soon)", "[WIP]"
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class _Titles:
    """Titles, normalised once, that a step's text may name. Normalising every title,
    testing it for containment and comparing it with difflib, for each unlinked step, was
    quadratic: 1,000 unlinked steps beside 1,000 posts took 167 s."""

    def __init__(self, titles: dict[str, str]) -> None:
        normal = sorted((n, _normal(t)) for n, t in titles.items() if t)
        self.nodes: dict[str, list[str]] = {}
        for node, title in normal:
            if title:  # an empty title is in every text
                self.nodes.setdefault(title, []).append(node)
        # every title in one string, to find those holding a text with `str.find`
        self.titles = list(self.nodes)
        self.joined = "\0".join(self.titles)
        self.starts = list(itertools.accumulate((len(t) + 1 for t in self.nodes), initial=0))
        self.lengths = sorted({len(t) for t in self.nodes})
        # difflib's comparison of every title while there are at most `guess.ALL`, as
        # before; past that, the titles sorted next to the text (`Guesser`)
        self.guesser = Guesser(self.nodes, cutoff=0.75)
        self.matched: dict[str, str | None] = {}

    def match(self, text: str) -> str | None:
        """The node whose title the step's text names: contained in it (or containing it),
        else close to it; None when nothing or more than one fits."""
        wanted = _normal(text)
        if wanted not in self.matched:
            self.matched[wanted] = self._match(wanted)
        return self.matched[wanted]

    def _match(self, wanted: str) -> str | None:
        if len(wanted) < 4:
            return None
        hits = self._containing(wanted)
        if len(hits) == 1:
            return hits[0]
        close = self.guesser.close(wanted)
        if len(close) == 1 and len(self.nodes[close[0]]) == 1:  # one title, written once
            return self.nodes[close[0]][0]
        return None

    def _containing(self, wanted: str) -> list[str]:
        """The nodes whose title holds `wanted` or is held in it, but only until there are
        two: one is all a match needs to know. Titles holding it are found by `str.find`
        over all titles at once (a normalised text has no NUL to span two); titles held in
        it by looking up each slice of it as long as some title (linear in the text for
        each length of title)."""
        found: dict[str, None] = {}  # titles, as met

        def enough() -> bool:
            return sum(len(self.nodes[t]) for t in found) >= 2

        at = self.joined.find(wanted)
        while at >= 0 and not enough():
            i = bisect.bisect_right(self.starts, at) - 1
            found[self.titles[i]] = None
            at = self.joined.find(wanted, self.starts[i + 1])
        for length in self.lengths:
            if length > len(wanted) or enough():
                break
            for i in range(len(wanted) - length + 1):
                piece = wanted[i:i + length]
                if piece in self.nodes and piece not in found:
                    found[piece] = None
                    if enough():
                        break
        return [n for t in found for n in self.nodes[t]]


def _titles(g: nx.MultiDiGraph) -> tuple[_Titles, _Titles]:
    """Titles of the posts on disk and of the planned posts (once per graph, by `memo`)."""
    return (_Titles({n: d.get("title", "") for n, d in nodes_of(g, NodeKind.POST)
                     if d["exists"]}),
            _Titles({n: d["title"] for n, d in nodes_of(g, NodeKind.PLANNED_POST)}))


def _unlinked_hint(g: nx.MultiDiGraph, index: str, text: str) -> str | None:
    posts, planned_titles = memo(g, "titles", _titles)
    post = posts.match(text)
    if post is not None:
        return f"link it: [{text}]({relative(post, index)})"
    planned = planned_titles.match(text)
    if planned is not None:
        entry = g.nodes[planned]
        return (f"post #{entry_number(g, planned)} ({entry['title']}) is planned at "
                f"{entry['loc']}, not published: link it once it is, or drop the step")
    return None


def path_steps_missing(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A step of a reading path that leads nowhere: a list item with no link (or an empty
    one, `[T]()`), or a link whose target does not exist. An item without a link counts
    as a step only beside linked steps of the same kind of list, so plain bullets of
    advice under a path heading are not steps.
    ## Why it matters
    The path is the index's promise of what to read next; a step without a page stops the
    reader halfway, usually at a post announced before it was written.
    ## Failing example
    `4. [Fast Recovery](13-fast-recovery.md)` while post 13 is only planned, or
    `4. Fast Recovery (coming soon)`: refgraph says where #13 is planned, or proposes the
    link to the post whose title the item names.
    ## Passing example
    `4. [Fast Recovery](13-fast-recovery.md)` once `blog/13-fast-recovery.md` is published.
    """
    for path, data in nodes_of(g, NodeKind.READING_PATH):
        index = index_of(g, path)
        for step in data.get("unlinked_steps", ()):
            yield PATH_STEP_MISSING.at(step.loc, target=step.target, order=step.order,
                                       path=data["title"], problem="has no link",
                                       hint=_unlinked_hint(g, index, step.text))
        for order, dst, step in steps_of(g, path):
            node = g.nodes[dst]
            if node["exists"] or node["kind"] in (NodeKind.EXTERNAL, NodeKind.OUTSIDE):
                continue
            yield PATH_STEP_MISSING.at(
                step["loc"], target=step["target"], order=order, path=data["title"],
                problem=f"links to {step['target']}, but {dst} {missing_state(node)}",
                hint=missing_target_hint(g, index, dst, step["fragment"]),
                related=planned_related(g, dst))


def path_steps_not_post(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A step of a reading path that is a reference doc (or another file of the repository)
    rather than a post of the series. Links to other sites are not flagged.
    ## Why it matters
    A path is a sequence of posts with a stated time; a 400-line reference doc in the
    middle breaks the pace, and its time is in no index entry. A doc is better as a note
    under the post that needs it.
    ## Failing example
    `5. [Research Paper](../PAPER.md)` as a step: refgraph proposes indenting it under the
    step whose post links to it (the last before it, else the first after), else under the
    nearest post before it.
    ## Passing example
    ```
    4. [From Cluster to Network](11-from-cluster-to-network.md)
       - background: [the paper](../PAPER.md)
    ```
    """
    for path, data in nodes_of(g, NodeKind.READING_PATH):
        steps = steps_of(g, path)
        # the orders of each target's steps and of the post steps, and each doc's citing
        # steps, found once: per step, rescanning all steps and in-edges was quadratic
        orders: dict[str, list[int]] = {}
        for o, n, _ in steps:
            orders.setdefault(n, []).append(o)
        post_orders = [o for o, n, _ in steps if is_post(g, n)]
        cited: dict[str, list[int]] = {}
        for order, dst, step in steps:
            node = g.nodes[dst]
            if node["kind"] not in _NOT_POSTS or not node["exists"]:
                continue
            if dst not in cited:
                citing = {src for src, _, d in g.in_edges(dst, data=True)
                          if d["kind"] == EdgeKind.LINKS_TO and is_post(g, src)}
                cited[dst] = sorted(o for src in citing for o in orders.get(src, ()))
            cited_at = cited[dst]
            before = bisect.bisect_left(cited_at, order)  # how many cite it before it
            earlier = bisect.bisect_left(post_orders, order)
            if cited_at:
                at = cited_at[before - 1] if before else cited_at[0]
                hint = (f"step {at} {'already ' if before else ''}links to it: make it a "
                        f"nested note under step {at}, or drop it")
            elif earlier:
                hint = f"make it a nested note under step {post_orders[earlier - 1]}"
            else:
                hint = None
            what = {NodeKind.FILE: "file", NodeKind.DIR: "folder"}.get(node["kind"], "doc")
            yield PATH_STEP_NOT_POST.at(step["loc"], target=step["target"], order=order,
                                        path=data["title"], what=what, hint=hint)


def path_steps_repeated(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    The same post twice in one reading path (same fragment, or none). Steps to different
    sections of one post (`02-x.md#part-1`, later `02-x.md#part-2`) are not flagged.
    ## Why it matters
    The reader meets a post already read, and the path's stated time counts it twice;
    it is usually a copy-paste slip that hides the post meant to be there.
    ## Failing example
    `1. [Write Path](02-the-write-path.md)` … `3. [Write Path again](02-the-write-path.md)`.
    ## Passing example
    Each post once; refer back to an earlier step in the text of a later one.
    """
    for path, data in nodes_of(g, NodeKind.READING_PATH):
        first: dict[tuple[str, str], int] = {}
        for order, dst, step in steps_of(g, path):
            if not is_post(g, dst):
                continue
            seen = first.setdefault((dst, step["fragment"]), order)
            if seen != order:
                yield PATH_STEP_REPEATED.at(step["loc"], target=step["target"], order=order,
                                            path=data["title"], first=seen,
                                            hint=f"drop step {order}")


def prerequisites_out_of_order(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A step of a reading path placed before a post it cites. A post that links back to an
    earlier post of the series (lower number, else earlier date) treats it as a
    prerequisite, so in any path the cited post must come first. Links forward in the
    series ("more on this in part 5") are teasers, not prerequisites; Previously/Next
    links and lists of the series' posts (three or more in a row) are not citations.
    ## Why it matters
    The reader meets "as we saw in the write-path post" before reading it.
    ## Failing example
    Path `1. 05-columnar.md`, `2. 03-replication.md` when `05-columnar.md` links to
    `03-replication.md`: refgraph proposes the order the citations imply (keeping the
    current order wherever they allow), or says that the citations form a cycle.
    ## Passing example
    `1. 03-replication.md`, `2. 05-columnar.md`.
    """
    for path, data in nodes_of(g, NodeKind.READING_PATH):
        ordering = implied_order(g, path, config.reading_speed)
        if not ordering.late:
            continue
        index = index_of(g, path)
        names = {s.order: relative(s.node, index) if s.node else s.text
                 for s in ordering.steps}
        if ordering.cycles:
            loop = "; ".join(describe_cycle(cycle, index) for cycle in ordering.cycles)
            hint = f"the citations form a cycle: {loop}; no order fits, drop one citation"
        else:
            hint = "reorder the steps as the citations imply: " + ", ".join(
                names[n] for n in ordering.order)
        locs = {s.order: s.loc for s in ordering.steps}
        for order in sorted({v for v, _ in ordering.late}):
            cited = ", ".join(f"{names[u]} (step {u})" for v, u in ordering.late if v == order)
            yield PREREQUISITE_OUT_OF_ORDER.at(locs[order], target=names[order], order=order,
                                               path=data["title"], cited=cited, hint=hint)


def _proposal(value: float) -> str:
    """A time as an author would state it: 5-minute steps, half hours from an hour."""
    if value < 57.5:
        return f"{max(5, 5 * round(value / 5))} minutes"
    hours = round(value / 30) / 2
    return f"{hours:g} hour{'s' if hours > 1 else ''}"


def path_time_mismatches(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A reading path whose stated time ("**Time**: ~1.5 hours") fits neither the sum of its
    posts' lengths stated in the index entries, nor their word counts at `reading-speed`
    words per minute, within `tolerance`. A time shorter than the posts alone take is
    always flagged. A longer one is accepted when the path has a step whose length cannot
    be told: a doc (a 12,000-word paper may be read whole or skimmed, and its code
    listings are not words), or a missing, external or non-Markdown step. Differences
    under 5 minutes are never reported: stated times are rounded.
    ## Why it matters
    Readers choose a path by its time; a path that says 10 minutes and takes an hour is
    abandoned, usually after a post was added to it and the time was not updated.
    ## Failing example
    `**Time**: ~10 minutes` under four posts listed at `~15 minute read` each: refgraph
    says both sums and proposes `~1 hour`.
    ## Passing example
    `**Time**: ~1 hour`.
    """
    speed, tolerance = config.reading_speed, config.tolerance
    for path, data in nodes_of(g, NodeKind.READING_PATH):
        stated, where = data.get("stated_minutes"), data.get("time_loc")
        if stated is None or where is None:
            continue
        posts: list[str] = []
        docs: set[str] = set()
        open_ended = bool(data.get("unlinked_steps"))
        for _, dst, _ in steps_of(g, path):
            node = g.nodes[dst]
            if is_post(g, dst):
                posts += [] if dst in posts else [dst]
            elif node["exists"] and node.get("words") is not None:
                docs.add(dst)
            open_ended = open_ended or not is_post(g, dst)  # a doc: read whole, or skimmed
        if not posts:
            continue
        words = sum(g.nodes[p]["words"] for p in posts)
        by_words = words / speed
        listed = [g.nodes[p].get("stated_minutes") for p in posts]
        by_index = math.fsum(listed) if None not in listed else None
        extra = sum(g.nodes[d]["words"] for d in sorted(docs)) / speed
        measures = [m for m in (by_index, by_words) if m is not None]
        if any(m * (1 - tolerance) - _ROUNDING <= stated
               and (open_ended or stated <= m * (1 + tolerance) + _ROUNDING)
               for m in measures):
            continue
        said = f"{format_minutes(by_words)} by word count ({words:,} words at {speed} wpm)"
        if by_index is not None:
            said = f"{format_minutes(by_index)} by their index lengths and {said}"
        if extra >= 0.5:
            said += f", plus {format_minutes(extra)} for its docs"
        best = by_index if by_index is not None else by_words
        hint = f"state ~{_proposal(best)}"
        yield PATH_TIME_MISMATCH.at(where, path=data["title"], stated=format_minutes(stated),
                                    measures=said, hint=hint)


def posts_unreachable(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A published post that a reader starting at the index (or at the repository's root
    README) cannot reach: no index entry, no reading path step, and no chain of links
    (through posts, docs, Previously/Next) leads to it. Only runs when the index exists and
    lists at least one post; drafts (front matter `draft: true`) are left alone. A post
    that is only linked from another post is reachable: it is not reported here. With
    several series, each series' posts are judged from its own index (a module's README).
    ## Why it matters
    Nothing leads a reader to the post; only whoever has its address reads it. It is
    usually a post published without its index entry and without a Next link to it.
    ## Failing example
    `blog/07-actors.md` exists, but `blog/README.md` lists 01-06 and 08, and no post
    links to it: refgraph proposes the entry to add after 06's.
    ## Passing example
    `### [7. Actors All the Way Down](07-actors.md)` in the index, or a Next link to it
    from `06-columnar.md`.
    """
    if is_legacy(g):
        layout = g.graph.get("layout")
        yield from _unreachable(g, layout.index if layout is not None else "", None)
        return
    for series in all_series(g):
        if series.index:
            yield from _unreachable(g, series.index, series)


def _unreachable(g: nx.MultiDiGraph, index: str, series: Series | None) -> Iterator[Finding]:
    """RG406 for one index: the layout's (every post), or one series' (its posts)."""
    if index not in g or g.nodes[index]["kind"] != NodeKind.INDEX:
        return
    entries = [(d["order"], dst, d) for _, dst, d in g.out_edges(index, data=True)
               if d["kind"] == EdgeKind.LISTS and is_post(g, dst)]
    if not entries:
        return
    position = {post: n for n, post in enumerate(series_order(g, series))}
    listed = sorted((position[dst], dst, d) for _, dst, d in entries if dst in position)
    published = sorted(n for n, d in nodes_of(g, NodeKind.POST)
                       if d["exists"] and not d.get("draft")
                       and (series is None or d.get("series") == series.name))
    unreached = not_reached(g, index, published)
    for post in published:
        if post not in unreached:
            continue
        before = [e for e in listed if post in position and e[0] < position[post]]
        hint = f"list it in {index}"
        if before or (listed and post in position):
            _, _, entry = before[-1] if before else listed[0]
            hint += (f" {'after' if before else 'before'} the entry for {entry['target']} "
                     f"at {entry['loc']}")
        yield POST_UNREACHABLE.at(Location(post, 1, 1), path=post, hint=hint)


PATH_STEP_MISSING = Rule(
    id="RG401", name="path-step-missing", severity=Severity.ERROR,
    message="step {order} of reading path '{path}' {problem}",
    suggestion="link the step to a published post, or drop it", check=path_steps_missing)
PATH_STEP_NOT_POST = Rule(
    id="RG402", name="path-step-not-post", severity=Severity.WARNING,
    message="step {order} of reading path '{path}' is {target}, a {what}, not a post of the series",
    suggestion="make the doc a nested note under the step that needs it",
    check=path_steps_not_post)
PATH_STEP_REPEATED = Rule(
    id="RG403", name="path-step-repeated", severity=Severity.WARNING,
    message="step {order} of reading path '{path}' repeats {target}, already step {first}",
    suggestion="drop the repeated step", check=path_steps_repeated)
PREREQUISITE_OUT_OF_ORDER = Rule(
    id="RG404", name="prerequisite-out-of-order", severity=Severity.WARNING,
    message="step {order} of reading path '{path}' ({target}) cites {cited}, "
            "which the path puts later",
    suggestion="move the cited posts before the step", check=prerequisites_out_of_order)
PATH_TIME_MISMATCH = Rule(
    id="RG405", name="path-time-mismatch", severity=Severity.WARNING,
    message="reading path '{path}' states {stated}, but its posts take {measures}",
    suggestion="update the stated time", check=path_time_mismatches)
POST_UNREACHABLE = Rule(
    id="RG406", name="post-unreachable", severity=Severity.WARNING,
    message="post is published, but no index entry, reading path or link leads to it",
    suggestion="list the post in the index", check=posts_unreachable)
