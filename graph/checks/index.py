"""RG305-RG308: the series index (`blog/README.md`) against the posts on disk."""

from __future__ import annotations

import bisect
import posixpath
from collections.abc import Iterator

import networkx as nx

from docs_index.model import Location
from graph.checks.chains import all_series, index_entries, published_posts, series_order
from graph.checks.links import missing_state, missing_target_hint
from graph.checks.series import post_name, relative_link
from graph.config import Config
from graph.findings import Finding, Related, Severity
from graph.model import EdgeKind, NodeKind, edges_of, memo, not_reached, reached_from_any
from graph.rules import Rule
from posts.series import Series, name_place, word_numbered


def _indexes(g: nx.MultiDiGraph) -> list[tuple[str, Series | None]]:
    """Each existing index with its series: the layout's one (series None: every post), or
    the index of each series found (a module's README)."""
    layout = g.graph.get("layout")
    if layout is not None and layout.index:
        found: list[tuple[str, Series | None]] = [(layout.index, None)]
    else:
        found = [(s.index, s) for s in all_series(g) if s.index]
    return [(path, series) for path, series in found
            if path in g and g.nodes[path].get("exists")]


def _numbered_post(g: nx.MultiDiGraph, title: str, series: Series | None = None) -> str | None:
    """The published post whose number an entry title states ("5. Storage" → 05-….md)."""
    # isdecimal, not isdigit: int() refuses digits such as "²"
    digits = "".join(ch if ch.isdecimal() else " " for ch in title[:12]).split()
    if not digits or not title.lstrip(" #*_").lower().startswith(
            (digits[0], "part", "post", "episode")):
        return None
    number = int(digits[0])
    return next((node for node, data in published_posts(g, series)
                 if data.get("number") == number), None)


def _named_like(g: nx.MultiDiGraph, missing: list[str], series: Series | None) -> set[str]:
    """The published posts that share a folder and a place (`07`, `06-core-01`) with one of
    the `missing` files: the posts those broken entries were meant for."""
    published = [post for post, _ in published_posts(g, series)]
    patterns = word_numbered([*missing, *published])
    wanted = {(posixpath.dirname(m), place) for m in missing
              if (place := name_place(m, patterns)) is not None and place.number is not None}
    return {post for post in published
            if (posixpath.dirname(post), name_place(post, patterns)) in wanted} if wanted else set()


def posts_not_in_index(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A published post (on disk, not a draft) that the series index (`blog/README.md`) does
    not link to. A post the index links to only in passing (`the latest post is
    [here](06-f.md)`) counts as listed. Only when the index exists and lists at least one
    post, so a README that is no index is not asked to become one. A post that a broken or
    duplicate entry was meant for (`### [3. …](03-typo.md)`, or `[…](07-x.dm)` beside
    `07-x.md`) is RG306's or RG307's to report, and a post nothing leads to at all is
    RG406's.
    ## Why it matters
    The index is how readers find the series; an unlisted post exists only for those who
    stumble on its Next link.
    ## Failing example
    `blog/04-d.md` exists but the index goes from `03-c.md` to `05-e.md`: refgraph proposes
    an entry after the one for `03-c.md`, naming its line.
    ## Passing example
    `### [4. D](04-d.md)` between the entries for 3 and 5.
    """
    for index, series in _indexes(g):
        yield from _not_in_index(g, index, series)


def _not_in_index(g: nx.MultiDiGraph, index: str, series: Series | None) -> Iterator[Finding]:
    entries = index_entries(g, index if series is not None else None)
    where = {dst: data["loc"] for dst, data in reversed(entries)}  # first entry per post
    if not any(g.nodes[dst]["kind"] == NodeKind.POST and g.nodes[dst]["exists"]
               for dst in where):
        return
    # where to add it: beside a neighbour's entry proper, not a link in the intro's prose
    shaped = {dst: data["loc"] for dst, data in reversed(entries) if data.get("shaped", True)}
    # a broken entry titled "3. …" was meant for post 3: RG306 or RG307 report it
    meant = {_numbered_post(g, data.get("text", ""), series) for dst, data in entries
             if not g.nodes[dst]["exists"] or g.nodes[dst]["kind"] != NodeKind.POST}
    meant |= {_numbered_post(g, e.title, series)
              for _, e in g.nodes[index].get("duplicate_entries", ())}
    # and so was a missing file named like a post of the series (`07-kserve-eks.dm`)
    meant |= _named_like(g, [dst for dst, _ in entries if not g.nodes[dst]["exists"]], series)
    order = series_order(g, series)
    # an unreachable post is RG406's to report
    published = published_posts(g, series)
    unreached = not_reached(g, index, (p for p, _ in published)) if series is None else {
        p for p, _ in published if p not in memo(
            g, "reached_from_indexes",
            lambda g: reached_from_any(g, [i for i, _ in _indexes(g)]))}
    for post, data in published:
        if post in where or post in meant or post in unreached or data.get("sub_page"):
            continue
        hint = f"add an entry for {post_name(post)} to {index}"
        if post in order:
            i = order.index(post)
            before = [p for p in order[:i] if p in shaped]
            after = [p for p in order[i + 1:] if p in shaped]
            if before:
                near = before[-1]
                hint += f", after the one for {post_name(near)} (line {shaped[near].line})"
            elif after:
                near = after[0]
                hint += f", before the one for {post_name(near)} (line {shaped[near].line})"
        yield POST_NOT_IN_INDEX.at(Location(post, 1, 1), index=index, hint=hint)


def index_entries_not_posts(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    An index entry that points at a file that does not exist, or at something that is not
    a post of the series: a numbered entry (`### [5. Storage](../STORAGE.md)`) written like
    the others but linking to a reference doc or a directory.
    ## Why it matters
    The index promises a post; the reader gets a 404 or a different kind of page.
    ## Failing example
    `### [4. Segments](04-segments.md)` when the post is `04-segments-and-compaction.md`:
    refgraph proposes the existing file, or says where the plan schedules a post not
    written yet. Links the index makes in passing, outside entries, are RG101's.
    ## Passing example
    `### [4. Segments](04-segments-and-compaction.md)`.
    """
    series_of = dict(_indexes(g))
    for src, dst, entry in edges_of(g, EdgeKind.LISTS):
        node = g.nodes[dst]
        if node["kind"] in (NodeKind.EXTERNAL, NodeKind.OUTSIDE):
            continue
        if not node["exists"]:
            problem = missing_state(node)
            hint = missing_target_hint(g, src, dst, entry["target"].partition("#")[2])
        elif node["kind"] != NodeKind.POST:
            problem = "is not a post of the series"
            hint = None
        else:
            continue
        if hint is None:
            meant = _numbered_post(g, entry.get("text", ""), series_of.get(src))
            hint = (f"did you mean {relative_link(meant, src)}?" if meant
                    else "link the entry to a post, or move it out of the list of posts")
        yield INDEX_ENTRY_NOT_POST.at(entry["loc"], target=entry["target"], path=dst,
                                      problem=problem, hint=hint)


def duplicate_index_entries(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A second index entry for a post already listed: a heading entry anywhere in the index,
    or a list item or table row in the same section as the first. Reported at the second,
    naming the line of the first. Posts named in passing (intro prose, a "Start here"
    list in another section) and the reading paths are not entries, and entries for two
    sections of one post (`x.md#setup`, `x.md#access`) list its parts, not a copy.
    ## Why it matters
    Usually a copied entry whose link was never changed: the post it should list is
    missing from the index.
    ## Failing example
    `### [5. Columnar](04-segments.md)` after `### [4. Segments](04-segments.md)`:
    refgraph proposes `05-columnar.md`, the post numbered 5.
    ## Passing example
    `### [5. Columnar](05-columnar.md)`.
    """
    for index, series in _indexes(g):
        listed = {dst for dst, _ in index_entries(g, index if series is not None else None)}
        yield from _duplicates(g, index, series, listed)


def _duplicates(g: nx.MultiDiGraph, index: str, series: Series | None,
                listed: set[str]) -> Iterator[Finding]:
    for dst, entry in g.nodes[index].get("duplicate_entries", ()):
        meant = _numbered_post(g, entry.title, series)
        if meant is not None and meant != dst and meant not in listed:
            hint = f"did you mean {relative_link(meant, index)}? it is not listed"
        else:
            hint = "remove one of the two entries"
        yield DUPLICATE_INDEX_ENTRY.at(entry.loc, target=entry.target, path=dst,
                                       line=entry.duplicate_of.line, hint=hint,
                                       related=(Related(entry.duplicate_of, "first entry"),))


def _longest_run(numbers: list[int], descending: bool) -> set[int]:
    """Positions of a longest subsequence in order (ties allowed), the entries to keep:
    patience sorting, O(n log n), so a thousand-post index stays fast."""
    keys = [-n if descending else n for n in numbers]
    tails: list[int] = []  # tails[k]: position ending the best run of length k + 1
    tail_keys: list[int] = []
    back = [-1] * len(keys)
    for i, key in enumerate(keys):
        k = bisect.bisect_right(tail_keys, key)
        back[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_keys.append(key)
        else:
            tails[k], tail_keys[k] = i, key
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep


def index_order_mismatches(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    Index entries out of numbering order: each entry that has to move for the index to
    follow the post numbers (the fewest such entries), with where it belongs. An index
    listing newest first is read as descending; posts without a number, duplicate entries
    and posts named in passing are not weighed.
    ## Why it matters
    Readers go down the index in order; a post listed early reads before the posts it
    builds on.
    ## Failing example
    Entries 1, 2, 4, 3, 5: refgraph reports one entry and proposes moving it between
    its neighbours by number, naming their lines.
    ## Passing example
    Entries 1, 2, 3, 4, 5 (or 5, 4, 3, 2, 1).
    """
    indexes = _indexes(g)
    if not indexes or indexes[0][1] is None:  # the layout's index: every entry, as ever
        yield from _order_mismatches(g, None)
        return
    for index, series in indexes:
        if series.order == "number":  # dates, titles, a menu: no numbering to follow
            yield from _order_mismatches(g, index, series.files())


def _order_mismatches(g: nx.MultiDiGraph, index: str | None,
                      members: frozenset[str] | None = None) -> Iterator[Finding]:
    entries = [(dst, data) for dst, data in index_entries(g, index)
               if data.get("shaped", True) and g.nodes[dst]["exists"]
               and g.nodes[dst].get("number") is not None
               and (members is None or dst in members)]
    numbers = [g.nodes[dst]["number"] for dst, _ in entries]
    up, down = _longest_run(numbers, False), _longest_run(numbers, True)
    descending = len(down) > len(up)
    keep = down if descending else up
    sign = -1 if descending else 1
    kept = sorted(keep)
    for i, (dst, data) in enumerate(entries):
        if i in keep:
            continue
        before = [k for k in kept if sign * numbers[k] <= sign * numbers[i]]
        after = [k for k in kept if sign * numbers[k] > sign * numbers[i]]

        def named(k: int) -> str:
            return f"{post_name(entries[k][0])} (line {entries[k][1]['loc'].line})"

        if before and after:
            hint = f"move it between {named(before[-1])} and {named(after[0])}"
        elif before:
            hint = f"move it after {named(before[-1])}"
        else:
            hint = f"move it before {named(after[0])}"
        listed_after = entries[i - 1][0] if i else None
        where = f"after {listed_after}" if listed_after else "first"
        yield INDEX_ORDER_MISMATCH.at(data["loc"], target=data["target"], path=dst,
                                      number=numbers[i], where=where,
                                      hint=hint + ("; the index lists newest first"
                                                   if descending else ""))


# -- RG309 ----------------------------------------------------------------------------------


POST_NOT_IN_INDEX = Rule(
    id="RG305", name="post-not-in-index", severity=Severity.WARNING,
    message="post is not listed in {index}",
    suggestion="add an entry for it to the index", check=posts_not_in_index)
INDEX_ENTRY_NOT_POST = Rule(
    id="RG306", name="index-entry-not-post", severity=Severity.ERROR,
    message="index entry links to {target}, but {path} {problem}",
    suggestion="link the entry to an existing post", check=index_entries_not_posts)
DUPLICATE_INDEX_ENTRY = Rule(
    id="RG307", name="duplicate-index-entry", severity=Severity.WARNING,
    message="second index entry for {path}; the first is at line {line}",
    suggestion="remove one of the two entries", check=duplicate_index_entries)
INDEX_ORDER_MISMATCH = Rule(
    id="RG308", name="index-order-mismatch", severity=Severity.WARNING,
    message="index lists {path} (#{number}) {where}, out of numbering order",
    suggestion="list the posts in the order of their numbers", check=index_order_mismatches)
