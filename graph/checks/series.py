"""RG3xx: the series read in order: Previously/Next against the numbering, and posts that
lean on later ones. The index rules (RG305-RG308) live in `index.py`; the series order and
the small helpers both use are here."""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx

from docs_index.model import LinkKind, Location
from graph.checks.chains import (
    Chain,
    named,
    published_posts,
    read_in_order,
)
from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, each_link, edges_of, memo
from graph.plans import planned_for
from graph.rules import Rule
from posts.series import Place, Series, name_place, word_numbered

_NAV = (EdgeKind.NEXT, EdgeKind.PREVIOUS)
_LABEL = {EdgeKind.NEXT: "next", EdgeKind.PREVIOUS: "previous"}
_OTHER = {EdgeKind.NEXT: EdgeKind.PREVIOUS, EdgeKind.PREVIOUS: EdgeKind.NEXT}


# -- shared helpers -----------------------------------------------------------------------


def _nav_targets(g: nx.MultiDiGraph, kind: EdgeKind) -> dict[str, dict[str, dict[str, Any]]]:
    """post → {target: its first link's edge} for one direction."""
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for src, dst, nav in edges_of(g, kind):
        found[src].setdefault(dst, nav)
    return found


def _uses(g: nx.MultiDiGraph, kind: EdgeKind, series: Series | None = None) -> bool:
    """Whether the series writes links of this direction: at least half of the posts that
    could have one do. A series without navigation is not a series with missing links."""
    posts = [node for node, data in published_posts(g, series) if not data.get("sub_page")]
    linking = memo(g, f"sources of {kind}", lambda g: {src for src, _, _ in edges_of(g, kind)})
    having = sum(1 for post in posts if post in linking)  # asked per series and direction
    return len(posts) > 1 and having > 0 and 2 * having >= len(posts) - 1


def post_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _link_name(g: nx.MultiDiGraph, path: str, source: str) -> str:
    """How a fix names the post to link: its file name beside `source` (as it always
    was), else the link from `source` to it (`../03-x/01-y.md`)."""
    if posixpath.dirname(path) == posixpath.dirname(source):
        return post_name(path)
    return relative_link(path, source)


def relative_link(path: str, source: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(source) or ".")


def _nav_snippet(g: nx.MultiDiGraph, kind: EdgeKind, post: str, target: str) -> str:
    """The navigation line to add to `post`, in the form the series uses most."""
    forms = Counter(str(d["form"]) for _, _, d in edges_of(g, kind))
    link = relative_link(target, post)
    if forms and forms.most_common(1)[0][0] == "front-matter":
        return f"{'next' if kind is EdgeKind.NEXT else 'prev'}: {link}"
    title = g.nodes[target].get("title") or post_name(target)
    return f"*{'Next' if kind is EdgeKind.NEXT else 'Previously'}: [{title}]({link})*"


def _misplaced_nav(g: nx.MultiDiGraph, kind: EdgeKind,
                   ) -> Iterator[tuple[str, str, dict[str, Any], str | None]]:
    """Nav links between posts of known place that do not point at the neighbour in that
    direction: (post, target, edge, the neighbour or None at the end of the series). Each
    series is judged alone; a link into another series is right only from the end of one
    series to the first post of the series that follows it (or back, for Previously)."""
    step = 1 if kind is EdgeKind.NEXT else -1
    chain_of = {post: chain for chain in read_in_order(g) for post in chain.order}
    for src, dst, nav in edges_of(g, kind):
        chain = chain_of.get(src)
        if chain is not None:
            order, place = chain.order, chain.place
            across = chain.next_first if kind is EdgeKind.NEXT else chain.previous_last
            i = place[src] + step
            expected = order[i] if 0 <= i < len(order) else across
            if dst not in place and not _in_other_series(g, dst, chain):
                continue  # a missing target is RG101's; an unplaced post is not judged
            if dst != expected and not (dst not in place and _folder_neighbours(
                    g, src, dst, step)):
                yield src, dst, nav, expected


def _folder_neighbours(g: nx.MultiDiGraph, src: str, dst: str, step: int) -> bool:
    """Whether `dst` comes right after (`step` 1) or before (-1) `src` among the posts of
    their folder, by number, then date, then name: a "Part N" series carved out of a
    numbered or dated folder (`02-raft-1.md`, `03-raft-2.md` between `01-intro.md` and
    `04-outro.md`) still reads in the folder's order, so a link along it is right."""
    folder = posixpath.dirname(src)
    if posixpath.dirname(dst) != folder:
        return False
    posts = [n for n, d in g.nodes(data=True) if d.get("kind") is NodeKind.POST
             and d.get("exists") and not d.get("draft") and posixpath.dirname(n) == folder]
    patterns = word_numbered(posts)

    def key(node: str) -> tuple[float, str, int, int, str, str]:
        # the file name's place, not the title's "Part N"
        place = name_place(node, patterns) or Place()
        return (place.number if place.number is not None else float("inf"), place.letter,
                place.sub or 0, place.subsub or 0,
                place.date or str(g.nodes[node].get("date") or ""), node)
    posts.sort(key=key)
    i = posts.index(src) + step if src in posts else -1
    return 0 <= i < len(posts) and posts[i] == dst


def _in_other_series(g: nx.MultiDiGraph, node: str, chain: Chain) -> bool:
    """Whether `node` is a published post of a series other than the chain's own."""
    data = g.nodes[node]
    return (chain.series is not None and data.get("series") not in (None, chain.series.name)
            and data["exists"] and not data.get("draft") and not data.get("sub_page"))


# -- RG301, RG302 ---------------------------------------------------------------------------


def broken_next_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A post whose Next link (in any form: `*Next: …*`, `[Next: …](…) →`, "Next up",
    front matter `next:`) points at an existing post other than the one that follows it
    in the series' numbering (or the index's order, for posts without numbers).
    ## Why it matters
    A reader following Next skips a post, or goes round in a loop, and never notices.
    ## Failing example
    `blog/08-node-roles.md` ends with `*Next: [SQL](10-querying-with-sql.md)*` while
    `09-data-formats-at-the-edges.md` exists: refgraph proposes `09-data-formats-at-the-edges.md`.
    Links to posts that do not exist are RG101's to report; drafts have no place.
    In a repository of several series (`refgraph series`), each is judged alone: a Next
    link into another series is right only from the last post of a module to the first
    lesson of the module after it (the order of an index of series). A site's menu (a
    series found by its navigation: MkDocs `nav`, `SUMMARY.md`, sidebars) is not judged by
    RG301-RG304 nor RG309: the theme draws its Previous/Next from the menu, and a user
    guide's pages link ahead as a matter of course.
    ## Passing example
    `*Next: [Data formats](09-data-formats-at-the-edges.md)*`.
    """
    for src, dst, nav, expected in _misplaced_nav(g, EdgeKind.NEXT):
        if expected is None:
            hint = f"{src} is the last post; drop its Next link or publish the next post"
            after = "nothing: it is the last post"
        else:
            hint = f"link Next to {_link_name(g, expected, src)}"
            after = named(g, expected)
        yield BROKEN_NEXT_LINK.at(nav["loc"], target=nav["target"], path=named(g, dst),
                                  after=after, hint=hint)


def broken_previous_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A post whose Previously link (`*Previously: …*`, `← [Previous: …](…)`, front matter
    `prev:`) points at an existing post other than the one before it in the series'
    numbering (or the index's order, for posts without numbers), and a Previously link on
    the first post.
    ## Why it matters
    A reader going back to catch up lands on the wrong post and misses the one the text
    builds on.
    ## Failing example
    `blog/04-segments.md` ends with `*Previously: [Write path](02-write-path.md)*` while
    `03-replication.md` exists: refgraph proposes `03-replication.md`. Links to posts that
    do not exist are RG101's to report. Each series is judged alone, as for RG301.
    ## Passing example
    `*Previously: [Replication](03-replication.md)*`.
    """
    for src, dst, nav, expected in _misplaced_nav(g, EdgeKind.PREVIOUS):
        if expected is None:
            hint = f"{src} is the first post; drop its Previously link"
            before = "nothing: it is the first post"
        else:
            hint = f"link Previously to {_link_name(g, expected, src)}"
            before = named(g, expected)
        yield BROKEN_PREVIOUS_LINK.at(nav["loc"], target=nav["target"], path=named(g, dst),
                                      before=before, hint=hint)


# -- RG303, RG304 ---------------------------------------------------------------------------


def one_way_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    Two posts whose navigation links disagree: A's Next is B, but B has no Previously link
    or B's Previously points elsewhere (and the mirror case). Reported once per pair, at
    the link that exists. Only in a series that uses both directions (at least half of the
    posts carry each).
    ## Why it matters
    Next and Previously are one chain read both ways; a reader who goes forward and then
    back ends up somewhere else.
    ## Failing example
    `02-b.md` ends with `*Next: [C](03-c.md)*`, but `03-c.md` has only
    `*Next: [D](04-d.md)*`: refgraph proposes adding `*Previously: [B](02-b.md)*` to
    `03-c.md`. A link that is itself out of order is left to RG301/RG302, which say which
    post it should name.
    ## Passing example
    `02-b.md` links Next to `03-c.md` and `03-c.md` links Previously to `02-b.md`.
    """
    targets = {kind: _nav_targets(g, kind) for kind in _NAV}
    for chain in read_in_order(g):
        if _uses(g, EdgeKind.NEXT, chain.series) and _uses(g, EdgeKind.PREVIOUS, chain.series):
            yield from _one_way(g, chain, targets)


def _one_way(g: nx.MultiDiGraph, chain: Chain,
             targets: dict[EdgeKind, dict[str, dict[str, dict[str, Any]]]],
             ) -> Iterator[Finding]:
    """RG303 within one series: a pair across two series is not judged here."""
    place = chain.place

    def wrong(src: str, dst: str, kind: EdgeKind) -> bool:
        """Reported elsewhere or not judged: out of order (RG301/RG302), not an existing
        post (RG101), or a draft."""
        node = g.nodes[dst]
        if not node["exists"] or node["kind"] != NodeKind.POST or node.get("draft"):
            return True
        step = 1 if kind is EdgeKind.NEXT else -1
        return src in place and dst in place and place[dst] != place[src] + step

    published = {node for node, _ in published_posts(g, chain.series)}
    for kind in _NAV:
        back = _OTHER[kind]
        for src in sorted(published & targets[kind].keys()):
            for dst, nav in sorted(targets[kind][src].items()):
                if chain.series is not None and dst not in published:
                    continue
                if src == dst or wrong(src, dst, kind) or src in targets[back].get(dst, {}):
                    continue
                others = sorted(targets[back].get(dst, {}))
                if any(wrong(dst, other, back) for other in others):
                    continue
                if others:
                    state = f"links {_LABEL[back]} to {others[0]}"
                    hint = "point one of the two links so that the posts name each other"
                else:
                    state = f"has no {_LABEL[back]} link back"
                    hint = f"add `{_nav_snippet(g, back, dst, src)}` to {dst}"
                yield ONE_WAY_LINK.at(nav["loc"], target=nav["target"], label=_LABEL[kind],
                                      path=dst, state=state, hint=hint)


def missing_nav_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A post without a Next link although a later post exists, or without a Previously link
    although it is not the first, in a series where at least half of the posts carry that
    link. A series with no navigation at all is left alone.
    ## Why it matters
    Readers who follow the chain stop at this post, or cannot go back from it.
    ## Failing example
    Five posts end with `*Next: …*` and `03-c.md` has none: refgraph proposes
    `*Next: [D](04-d.md)*` (in front matter form, `next: 04-d.md`, when the series writes
    it there). A post whose neighbour links to it already is RG303's to report, and one
    whose Next link names a file that does not exist (`Next: [x](01b-x.md)`) has its Next
    link: RG101 reports the missing file.
    ## Passing example
    Every post but the last ends with a Next link.
    """
    targets = {kind: _nav_targets(g, kind) for kind in _NAV}
    for chain in read_in_order(g):
        yield from _missing_nav(g, chain, targets)


def _missing_nav(g: nx.MultiDiGraph, chain: Chain,
                 targets: dict[EdgeKind, dict[str, dict[str, dict[str, Any]]]],
                 ) -> Iterator[Finding]:
    """RG304 within one series."""
    order = chain.order
    both = _uses(g, EdgeKind.NEXT, chain.series) and _uses(g, EdgeKind.PREVIOUS, chain.series)
    for kind in _NAV:
        if not _uses(g, kind, chain.series):
            continue
        step = 1 if kind is EdgeKind.NEXT else -1
        for i, post in enumerate(order):
            j = i + step
            if not 0 <= j < len(order) or targets[kind].get(post):
                continue
            neighbour = order[j]
            if both and post in targets[_OTHER[kind]].get(neighbour, {}):
                continue  # a one-way pair: RG303
            navs = sorted(d["loc"] for _, _, d in g.out_edges(post, data=True)
                          if d["kind"] in _NAV)
            loc = navs[-1] if navs else Location(post, 1, 1)
            relation = "follows it" if kind is EdgeKind.NEXT else "comes before it"
            yield MISSING_NAV_LINK.at(loc, label=_LABEL[kind], path=named(g, neighbour),
                                      relation=relation,
                                      hint=f"add `{_nav_snippet(g, kind, post, neighbour)}`")


# -- RG305 - RG308: the index ---------------------------------------------------------------


def forward_references(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A post that refers to a later post of the series: a link to it, or its number named
    in prose ("Part 7", "post #7", "Posts 7-9", "#7: Title" as plans write it), when
    that number is a published or planned post.
    Not flagged: Next/Previously links and "Next up" lines (forward by design); links and
    mentions in a sentence announcing what is to come ("in the next post", "coming soon",
    "we will look at … in Part 7", "later in this series") or under a "Next steps",
    "What's next", "Moving forward", "See also" or "Related" heading; links in a list or
    table of three or more posts (a table of contents); a bare "#7" (an issue or an
    anchor as often as a
    post), anything in code or link text, quantities ("post 3 times"), "Part 3 of
    <another work>" or "of this post", "Part N" in a post whose own sections are
    "## Part 1", "## Part 2", "Part N" in a course's lessons or a book's chapters (a part
    of the module, not lesson N), a reference definition (`[ch6]: ch06.md`, whose uses
    are usually previews: "Chapter 6, linked, will cover enums"), and any link in a blog
    ordered by date (read in any order: a link to a newer post is an update note), unlike
    the "Part N" series within it.
    ## Why it matters
    Readers go in order: a post that leans on a later one sends them ahead to material
    that assumes everything in between.
    ## Failing example
    `blog/02-b.md`: "As explained in Part 5, compaction …" or
    `see [compaction](05-e.md)`, when `05-e.md` exists.
    ## Passing example
    "We will look at compaction in Part 5", or an explanation in the post itself.
    """
    for chain in read_in_order(g):
        if chain.series is not None and chain.series.order == "date":
            continue  # a blog is read in any order; a link to a newer post is an update
        yield from _forward(g, chain)


def _forward(g: nx.MultiDiGraph, chain: Chain) -> Iterator[Finding]:
    """RG309 within one series: a link to another series is not "ahead"."""
    order, place = chain.order, chain.place
    # a course's lessons and a book's chapters say "Part 2" of a module's second half, not
    # of lesson 2: only links point ahead there
    words = {p.place.word for p in chain.series.posts} if chain.series else {"post"}
    by_prose = not words <= {"lesson", "chapter"}
    by_number: dict[int, str] = {}
    for node, data in published_posts(g, chain.series):
        if data.get("number") is not None:
            by_number.setdefault(data["number"], node)
    for post in order:
        data = g.nodes[post]
        out = g._succ[post]  # `g.out_edges(post)`'s order, without a view per post
        skip = set(data.get("teasers", ())) | {d["loc"] for keyed in out.values()
                                               for d in keyed.values() if d["kind"] in _NAV}
        linked: set[tuple[str, int]] = set()
        # only links to posts of the series are judged: the rest (most of a post's links)
        # are left out before sorting, which keeps the order of those judged
        into = ((post, dst, d) for dst, keyed in out.items() if dst in place
                for d in keyed.values() if d["kind"] == EdgeKind.LINKS_TO)
        for _, dst, link in sorted(each_link(into), key=lambda e: e[2]["loc"]):
            if link.get("link_kind") is LinkKind.REFERENCE:
                continue  # a definition is not prose: its uses' sentences are not read here
            linked.add((dst, link["loc"].line))
            if place[dst] > place[post] and link["loc"] not in skip:
                yield FORWARD_REFERENCE.at(link["loc"], target=link["target"], path=dst,
                                           how=f'link "{link["text"]}"')
        number = data.get("number")
        for mention in data.get("mentions", ()) if by_prose else ():
            if mention.teaser or number is None or mention.number <= number:
                continue
            target = by_number.get(mention.number)
            if target is None:
                planned = planned_for(g, post, mention.number)
                if planned is None:
                    continue  # no such post: "Part 9" names something else
                target = f"planned post #{mention.number} ({g.nodes[planned]['title']})"
            elif (target, mention.loc.line) in linked:
                continue  # "Part 5 ([compaction](05-e.md))": the link is reported
            yield FORWARD_REFERENCE.at(mention.loc, path=target, how=f'"{mention.text}"')


BROKEN_NEXT_LINK = Rule(
    id="RG301", name="broken-next-link", severity=Severity.WARNING,
    message="next link points to {path}, but the post that follows is {after}",
    suggestion="link Next to the following post", check=broken_next_links)
BROKEN_PREVIOUS_LINK = Rule(
    id="RG302", name="broken-previous-link", severity=Severity.WARNING,
    message="previous link points to {path}, but the post before is {before}",
    suggestion="link Previously to the post before", check=broken_previous_links)
ONE_WAY_LINK = Rule(
    id="RG303", name="one-way-link", severity=Severity.WARNING,
    message="one-way {label} link to {path}: {path} {state}",
    suggestion="make the two posts link to each other", check=one_way_links)
MISSING_NAV_LINK = Rule(
    id="RG304", name="missing-nav-link", severity=Severity.INFO,
    message="no {label} link, but {path} {relation}",
    suggestion="add the navigation link the other posts have", check=missing_nav_links)
FORWARD_REFERENCE = Rule(
    id="RG309", name="forward-reference", severity=Severity.INFO,
    message="refers ahead to {path} ({how}), a later post of the series",
    suggestion="explain what is needed here, link a reference doc instead, or present it "
               "as a preview (\"we will see in Part N\")", check=forward_references)
