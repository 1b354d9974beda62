"""Reading-path design: what a path costs, what order its prerequisites imply, what no path
covers, and the shortest prerequisite-closed path to a post.

Prerequisites are facts on the graph: a post *cites* an earlier post of the series when it
links back to it outside its Previously/Next line and outside a list of the series' posts;
it *says it builds on* a post through a `requires` edge (front matter `prerequisites:`, or a
"Prerequisites:" paragraph), whatever the order. The orders are NetworkX topological sorts
of that relation, stable: ties keep the author's order.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from docs_index.model import Location
from graph.checks.chains import all_series, is_legacy, published_posts, series_order
from graph.model import EdgeKind, NodeKind, each_link, memo, nodes_of, was_read
from posts.series import Series
from posts.text import MAX_DIGITS

_LISTING = 3
"""Post links on one line, or on this many lines in a row, are a list of the series
(a table of contents, "related posts"), not citations."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DesignError(Exception):
    """A path or post name that matches nothing (or too much); one line."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates
        """The nodes the name matched when it matched several, for the caller's hint."""


@dataclass(frozen=True, order=True)
class Prerequisite:
    post: str
    """The post to read first."""
    loc: Location
    """Where the dependent post cites it or says it builds on it."""
    how: str
    """`cites` or `builds on`."""


@dataclass(frozen=True)
class Step:
    order: int
    node: str
    """The graph node the step links to; empty for a step without a link."""
    target: str
    """As written in the index."""
    text: str
    loc: Location
    lines: tuple[int, int]
    kind: str
    """`post`, `doc`, `missing`, `external`, `other` or `unlinked`."""
    minutes: float | None
    """The post's stated length in the index, else its words at the reading speed."""


@dataclass(frozen=True)
class PathDesign:
    node: str
    title: str
    index: str
    loc: Location
    steps: tuple[Step, ...]
    stated_minutes: float | None
    time_loc: Location | None
    by_index: float | None
    """Sum of the posts' stated lengths, when every post states one."""
    by_words: float
    words: int
    posts: tuple[str, ...]
    docs: tuple[str, ...]
    """Docs the path's steps are, or its posts link to."""
    last_line: int
    """Last line of the path's section in the index (for findings on it)."""
    series: str | None = None
    """The series whose index holds the path (`path_series`)."""


@dataclass(frozen=True)
class Ordering:
    steps: tuple[Step, ...]
    """The author's order."""
    order: tuple[int, ...]
    """Step numbers in the order the prerequisites imply."""
    late: tuple[tuple[int, int], ...]
    """(step, prerequisite step) pairs where the prerequisite comes later."""
    cycles: tuple[tuple[tuple[str, str, str], ...], ...] = ()
    """Prerequisites that form a cycle, each as (post, `cites`/`builds on`, prerequisite)
    around the loop; the author's order of those steps is kept."""

    @property
    def changed(self) -> bool:
        return self.order != tuple(s.order for s in self.steps)


@dataclass(frozen=True)
class Proposal:
    goal: str
    steps: tuple[tuple[str, float, str], ...]
    """(post, minutes, why it is there), in reading order."""
    minutes: float
    budget: float | None
    cycles: tuple[tuple[str, ...], ...] = ()
    audience: str = ""
    added: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return self.budget is None or self.minutes <= self.budget


@dataclass(frozen=True)
class Coverage:
    unreached: tuple[str, ...]
    """Published posts no path has as a step."""
    uncited_docs: tuple[str, ...]
    """Docs no path has as a step and none of its posts link to."""
    skipped: dict[str, tuple[str, ...]]
    """Per path title: the series' posts it leaves out."""
    missing_prerequisites: dict[str, tuple[tuple[str, str], ...]]
    """Per path title: (prerequisite, the step post that needs it) it leaves out."""
    series: str | None = None
    """The series covered; None for every post of the corpus."""


def is_post(g: nx.MultiDiGraph, node: str) -> bool:
    data = g._node[node]  # `g.nodes[node]` without its view: asked of every post's targets
    return data["kind"] == NodeKind.POST and data["exists"] and was_read(data)


def steps_of(g: nx.MultiDiGraph, path: str) -> list[tuple[int, str, dict[str, Any]]]:
    """(order, target node, edge data) of a path's linked steps, in order."""
    return sorted(((d["order"], dst, d) for _, dst, d in g.out_edges(path, data=True)
                   if d["kind"] == EdgeKind.STEP), key=lambda s: s[0])


def index_of(g: nx.MultiDiGraph, path: str) -> str:
    return next(src for src, _, d in g.in_edges(path, data=True)
                if d["kind"] == EdgeKind.HAS_PATH)


def relative(node: str, source: str) -> str:
    return posixpath.relpath(node, posixpath.dirname(source) or ".")


def written_before(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether post `a` came before post `b` in the series: by number, else by date."""
    if a.get("number") is not None and b.get("number") is not None \
            and a["number"] != b["number"]:
        return bool(a["number"] < b["number"])
    da, db = str(a.get("date") or ""), str(b.get("date") or "")
    return bool(_ISO_DATE.match(da) and _ISO_DATE.match(db) and da < db)


def _series_rank(g: nx.MultiDiGraph) -> dict[str, int]:
    return {s.name: n for n, s in enumerate(all_series(g))}


def came_before(g: nx.MultiDiGraph, a: str, b: str) -> bool:
    """Whether post `a` comes before post `b` for a reader. With several series, numbers
    restart in each (lesson 5 of module 1 comes before lesson 2 of module 2): within a
    series its numbers (or dates) decide, across series the order of the series."""
    da, db = g.nodes[a], g.nodes[b]
    if "series" not in da or "series" not in db or da["series"] == db["series"]:
        return written_before(da, db)
    rank = memo(g, "series_rank", _series_rank)
    return da["series"] in rank and db["series"] in rank and (
        rank[da["series"]] < rank[db["series"]])


def citations(g: nx.MultiDiGraph, post: str) -> dict[str, Location]:
    """The earlier posts `post` cites, each with its first citation: links back in the
    series that are not its Previously/Next navigation and not part of a list of the
    series' posts."""
    out = g._succ[post]  # `g.out_edges(post)`'s order, without a view: asked per path step
    nav = {d["loc"] for keyed in out.values() for d in keyed.values()
           if d["kind"] in (EdgeKind.NEXT, EdgeKind.PREVIOUS)}
    # links to the post itself count towards a list of the series (it lists itself too)
    # asked once per target, not once per link: a post links to a hundred docs
    into = ((post, dst, d) for dst, keyed in out.items() if is_post(g, dst)
            for d in keyed.values())
    links = sorted((d["loc"], dst) for _, dst, d in each_link(into)
                   if d["kind"] == EdgeKind.LINKS_TO and d["loc"] not in nav)
    lines = sorted({loc.line for loc, _ in links})
    listing = {line for line in lines
               if len({dst for loc, dst in links if loc.line == line}) >= _LISTING}
    runs: list[list[int]] = []
    for line in lines:  # a gap of one blank line: items of a loose list
        if runs and line - runs[-1][-1] <= 2:
            runs[-1].append(line)
        else:
            runs.append([line])
    listing.update(line for run in runs if len(run) >= _LISTING for line in run)
    found: dict[str, Location] = {}
    for loc, dst in links:
        if loc.line not in listing and dst != post and came_before(g, dst, post):
            found.setdefault(dst, loc)
    return found


def prerequisites(g: nx.MultiDiGraph, post: str) -> list[Prerequisite]:
    """What to read before `post`: the posts it says it builds on, and the earlier posts it
    cites; one entry per post, sorted by where the post names it."""
    found = {dst: Prerequisite(dst, d["loc"], "builds on")
             for dst, keyed in g._succ[post].items() for d in keyed.values()
             if d["kind"] == EdgeKind.REQUIRES and dst != post and is_post(g, dst)}
    for dst, loc in citations(g, post).items():
        found.setdefault(dst, Prerequisite(dst, loc, "cites"))
    return sorted(found.values(), key=lambda p: (p.loc, p.post))


def prerequisite_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Published posts, with an edge prerequisite → post (attribute `why`)."""
    deps = nx.DiGraph()
    for post, _ in published_posts(g):
        deps.add_node(post)
    for post in list(deps):
        for pre in prerequisites(g, post):
            deps.add_edge(pre.post, post, why=pre)
    return deps


def stable_order(deps: nx.DiGraph, rank: dict[str, Any]) -> tuple[list[str], list[tuple]]:
    """A topological order of `deps` where ties keep `rank` order, and the cycles: each
    strongly connected group is placed as one, its members in `rank` order."""
    groups = nx.condensation(deps)
    members = groups.graph["mapping"]
    by_group: dict[int, list[str]] = {}
    for node, group in members.items():
        by_group.setdefault(group, []).append(node)
    for nodes in by_group.values():
        nodes.sort(key=lambda n: rank[n])
    order = nx.lexicographical_topological_sort(groups, key=lambda c: rank[by_group[c][0]])
    flat = [node for group in order for node in by_group[group]]
    cycles = [tuple(nodes) for _, nodes in sorted(by_group.items(), key=lambda kv: kv[1])
              if len(nodes) > 1]
    return flat, cycles


def format_minutes(value: float) -> str:
    """A reading time as reports print it: `7 min`, `2.5 hours`."""
    if value < 90:
        return f"{max(1, round(value))} min"
    return f"{round(value / 60, 1):g} hours"


def _minutes(g: nx.MultiDiGraph, node: str, speed: int) -> float | None:
    data = g.nodes[node]
    if data.get("stated_minutes") is not None and is_post(g, node):
        return float(data["stated_minutes"])
    return data["words"] / speed if data.get("words") is not None else None


def _kind(g: nx.MultiDiGraph, node: str) -> str:
    data = g.nodes[node]
    if data["kind"] == NodeKind.EXTERNAL:
        return "external"
    if not data["exists"]:
        return "missing"
    if data["kind"] in (NodeKind.POST, NodeKind.DOC) and not was_read(data):
        return "unread"
    return {NodeKind.POST: "post", NodeKind.DOC: "doc"}.get(data["kind"], "other")


def path_steps(g: nx.MultiDiGraph, path: str, speed: int) -> tuple[Step, ...]:
    data = g.nodes[path]
    steps = [Step(order, dst, d["target"], d["text"], d["loc"], d.get("lines", (0, 0)),
                  _kind(g, dst), _minutes(g, dst, speed))
             for order, dst, d in steps_of(g, path)]
    steps += [Step(s.order, "", "", s.text, s.loc, s.lines, "unlinked", None)
              for s in data.get("unlinked_steps", ())]
    return tuple(sorted(steps, key=lambda s: s.order))


def reading_paths(g: nx.MultiDiGraph) -> list[str]:
    """The reading-path nodes, in the order the index gives them."""
    return [node for node, _ in sorted(nodes_of(g, NodeKind.READING_PATH),
                                       key=lambda nd: nd[1]["loc"])]


def path_series(g: nx.MultiDiGraph, path: str) -> str | None:
    """The series whose index holds reading path `path`; None for a path written in an
    index of series (a course's README), whose steps may be in any of them."""
    found = all_series(g)
    if is_legacy(g):
        return found[0].name if found else None
    index = index_of(g, path)
    return next((s.name for s in found if s.index == index), None)


def paths_of(g: nx.MultiDiGraph, series: Series | None) -> list[str]:
    """The reading paths about `series` (every path when None): those written in its index,
    and those of other indexes with a step into it (a path may cross series)."""
    paths = reading_paths(g)
    if series is None or series.legacy:
        return paths
    files = series.files()
    return [p for p in paths if index_of(g, p) == series.index
            or any(dst in files for _, dst, _ in steps_of(g, p))]


def find_path(g: nx.MultiDiGraph, name: str, paths: list[str] | None = None) -> str:
    """A reading path by title, slug or `path:slug`, case-insensitive; a unique substring
    of a title also does. `paths`: the candidates (default: every path)."""
    paths = reading_paths(g) if paths is None else paths
    if not paths:
        raise DesignError("the index has no reading paths")
    wanted = name.strip().lower().removeprefix("path:")
    exact = [p for p in paths if wanted in (g.nodes[p]["title"].lower(),
                                            p.removeprefix("path:").lower(),
                                            g.nodes[p].get("slug"))]
    partial = [p for p in paths if wanted in g.nodes[p]["title"].lower()]
    found = exact or partial
    if len(found) == 1:
        return found[0]
    shown = found or paths
    # a title that two indexes share says which series each one is about
    shared = len({g.nodes[p]["title"] for p in shown}) < len(shown)
    titles = ", ".join(repr(g.nodes[p]["title"]) + (_whose(g, p) if shared else "")
                       for p in shown)
    problem = "matches several reading paths" if found else "matches no reading path"
    raise DesignError(f"{name!r} {problem}; choose one of {titles}", tuple(found))


def _whose(g: nx.MultiDiGraph, path: str) -> str:
    series = path_series(g, path)
    return f" (series {series})" if series else f" (in {index_of(g, path)})"


def find_post(g: nx.MultiDiGraph, name: str, series: Series | None = None) -> str:
    """A published post by path, file name, number or (a unique part of) its title; of
    `series` only, when given (numbers restart in each series)."""
    files = series.files() if series is not None and not series.legacy else None
    posts = [p for p, _ in published_posts(g) if files is None or p in files]
    wanted = name.strip().lower()
    # int() takes decimal digits only ("²" is a digit but no decimal one), and at most
    # 4,300 of them; a post number has at most MAX_DIGITS
    digits = wanted.lstrip("#")
    number = int(digits) if digits.isdecimal() and len(digits) <= MAX_DIGITS else None
    for test in (lambda p: p.lower() == wanted,
                 lambda p: posixpath.basename(p).lower() in (wanted, wanted + ".md"),
                 lambda p: number is not None and g.nodes[p].get("number") == number,
                 lambda p: wanted in str(g.nodes[p].get("title", "")).lower()):
        found = [p for p in posts if test(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise DesignError(f"{name!r} matches several posts: {', '.join(found)}")
    raise DesignError(f"{name!r} is not a published post (give its file, number or title)")


def design(g: nx.MultiDiGraph, path: str, speed: int) -> PathDesign:
    data = g.nodes[path]
    steps = path_steps(g, path, speed)
    posts = tuple(dict.fromkeys(s.node for s in steps if s.kind == "post"))
    docs = {s.node for s in steps if s.kind == "doc"}
    for post in posts:
        docs.update(dst for _, dst, d in g.out_edges(post, data=True)
                    if d["kind"] == EdgeKind.LINKS_TO and g.nodes[dst]["kind"] == NodeKind.DOC
                    and g.nodes[dst]["exists"])
    words = sum(g.nodes[p]["words"] for p in posts)
    stated = [g.nodes[p].get("stated_minutes") for p in posts]
    lines = [data["loc"].line, *(s.lines[1] or s.loc.line for s in steps)]
    if data.get("time_loc") is not None:
        lines.append(data["time_loc"].line)
    return PathDesign(
        node=path, title=data["title"], index=index_of(g, path), loc=data["loc"],
        steps=steps, stated_minutes=data.get("stated_minutes"), time_loc=data.get("time_loc"),
        by_index=sum(stated) if posts and None not in stated else None,
        by_words=words / speed, words=words, posts=posts, docs=tuple(sorted(docs)),
        last_line=max(lines), series=path_series(g, path))


def implied_order(g: nx.MultiDiGraph, path: str, speed: int = 230) -> Ordering:
    """The order of a path's steps that puts every post after the posts of the path it
    needs; ties keep the author's order; steps that are not posts keep their place among
    their neighbours as far as the posts allow."""
    steps = path_steps(g, path, speed)
    first: dict[str, int] = {}
    for step in steps:
        if step.kind == "post":
            first.setdefault(step.node, step.order)
    needs = dict.fromkeys((first[pre.post], order) for post, order in first.items()
                          for pre in prerequisites(g, post) if pre.post in first)
    late = tuple(sorted((v, u) for u, v in needs if u > v))
    if not late:
        # every prerequisite comes earlier: the author's order is the order implied, and no
        # cycle can close without a step that comes back (most paths; RG404 asks of all)
        return Ordering(steps, tuple(sorted({s.order for s in steps})), late)
    deps = nx.DiGraph()
    deps.add_nodes_from(s.order for s in steps)
    deps.add_edges_from(needs)
    order, cycles = stable_order(deps, {s.order: s.order for s in steps})
    by_order = {s.order: s.node for s in steps}
    return Ordering(steps, tuple(order), late,
                    tuple(_loop(g, deps.subgraph(c), by_order) for c in cycles))


def describe_cycle(cycle: tuple[tuple[str, str, str], ...], index: str) -> str:
    """`b.md cites a.md, a.md builds on b.md`, paths relative to the index."""
    return ", ".join(f"{relative(post, index)} {how} {relative(pre, index)}"
                     for post, how, pre in cycle)


def _loop(g: nx.MultiDiGraph, group: nx.DiGraph,
          by_order: dict[int, str]) -> tuple[tuple[str, str, str], ...]:
    """One cycle through a strongly connected group of steps, as citations."""
    loop = []
    for pre, post in nx.find_cycle(group, source=min(group)):
        how = next(p.how for p in prerequisites(g, by_order[post])
                   if p.post == by_order[pre])
        loop.append((by_order[post], how, by_order[pre]))
    return tuple(loop)


def coverage(g: nx.MultiDiGraph, speed: int = 230, of: Series | None = None) -> Coverage:
    """What the reading paths leave out; with `of`, that series' posts and the paths about
    it (`paths_of`)."""
    series = series_order(g, of)
    files = of.files() if of is not None and not of.legacy else None
    published = [p for p, d in published_posts(g) if not d.get("draft")
                 and (files is None or p in files)]
    designs = [design(g, p, speed) for p in paths_of(g, of)]
    on_paths = {post for d in designs for post in d.posts}
    cited = {doc for d in designs for doc in d.docs}
    # a README or index page is a directory's entry point: readers arrive there anyway
    docs = sorted(n for n, d in nodes_of(g, NodeKind.DOC) if d["exists"]
                  and posixpath.basename(n).lower() not in ("readme.md", "index.md"))
    skipped, missing = {}, {}
    deps = prerequisite_graph(g)
    key = series_key(series)
    for d in designs:
        skipped[d.title] = tuple(p for p in series or published if p not in d.posts)
        needed: dict[str, str] = {}  # prerequisite → the first step post that needs it
        for post in d.posts:
            for pre in sorted(nx.ancestors(deps, post), key=key):
                if pre not in d.posts:
                    needed.setdefault(pre, post)
        missing[d.title] = tuple(needed.items())
    return Coverage(tuple(p for p in (series or published) if p not in on_paths),
                    tuple(d for d in docs if d not in cited), skipped, missing,
                    of.name if of is not None else None)


def series_key(series: list[str]) -> Any:
    """Sort key: a post's place in `series` (posts without one last, by path)."""
    position = {post: n for n, post in enumerate(series)}
    return lambda post: (position.get(post, len(position)), post)


def _why(g: nx.MultiDiGraph, deps: nx.DiGraph, post: str, chosen: Iterable[str],
         goal: str, key: Any) -> str:
    if post == goal:
        return "the goal"
    needers = [n for n in deps.successors(post) if n in chosen]
    needer = min(needers, key=key)
    pre: Prerequisite = deps.edges[post, needer]["why"]
    verb = "cites it" if pre.how == "cites" else "says it builds on it"
    return f"needed by {g.nodes[needer].get('title') or needer} ({verb} at {pre.loc})"


def propose(g: nx.MultiDiGraph, goal: str, speed: int, budget: float | None = None,
            audience: str | None = None) -> Proposal:
    """The shortest prerequisite-closed reading order that ends at `goal`: `goal` and every
    post it needs, directly or through others; none can be left out without a reader
    meeting a post before one it needs. With `audience`, ties follow that path's order and
    the proposal says what it adds to and drops from it."""
    deps = prerequisite_graph(g)
    chosen = nx.ancestors(deps, goal) | {goal}
    key = series_key(series_order(g))
    rank = {post: (1, key(post)) for post in chosen}
    current: tuple[str, ...] = ()
    title = ""
    if audience:
        path = find_path(g, audience)
        title = g.nodes[path]["title"]
        current = design(g, path, speed).posts
        rank.update({post: (0, (n, post)) for n, post in enumerate(current) if post in chosen})
    order, cycles = stable_order(deps.subgraph(chosen).copy(), rank)
    # the goal ends the path: nothing it needs can come after it
    steps = tuple((post, _minutes(g, post, speed) or 0.0, _why(g, deps, post, chosen, goal, key))
                  for post in order)
    return Proposal(goal, steps, sum(m for _, m, _ in steps), budget, tuple(cycles), title,
                    tuple(p for p in order if current and p not in current),
                    tuple(p for p in current if p not in chosen))
