"""RG310: the parts of a multi-part post (a series found by "Part N" titles or names) link
each other in order. Kept apart from `series.py`, whose rules judge the Previously/Next
lines a series already writes: this one asks for links where a series writes none."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

import networkx as nx

from docs_index.model import Location
from graph.checks.chains import chains, named
from graph.checks.series import _uses
from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind
from graph.rules import Rule

_MULTI_PART = ("titles",)
"""Series whose posts were written as parts of one text: a course folder or a dated blog
may be read in any order and is not asked to link its posts. A `series:` front-matter key
is there for the theme, whose layout lists the parts on each of them (srungta.github.io's
`_includes/series.html` and its `post.html` Next link, puhemo/code's `series.html`), so
the Markdown need not link them either."""
_LINKS = (EdgeKind.NEXT, EdgeKind.PREVIOUS, EdgeKind.LINKS_TO)


def _linked(g: nx.MultiDiGraph, a: str, b: str) -> bool:
    """Whether either part links the other, by a Next/Previously line or in its text."""
    return any(d["kind"] in _LINKS for u, v in ((a, b), (b, a)) if g.has_edge(u, v)
               for d in g[u][v].values())


def unlinked_parts(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    Two consecutive parts of a multi-part post (a series found by "Part N" titles or
    names) neither of which links the other: no Next, no Previously, no link in the text.
    Reported at the later part. A series that writes Next or Previously lines is judged by
    RG301-RG304 instead. A series named by `series:` front matter is not asked: that key
    is read by the theme, whose layout lists or links the parts.
    ## Why it matters
    A reader who lands on part 2 from a search cannot find part 1, and one who finishes
    part 1 cannot find part 2: the parts are one text, cut where the reader cannot follow.
    ## Failing example
    "Consensus Deep Dive, Part 1" and "Consensus Deep Dive, Part 2" with no link between
    them: refgraph proposes `*Previously: [Part 1](…part-1.md)*` in part 2 (and a Next
    link in part 1).
    ## Passing example
    Part 2 opens with "In `[part 1](2021-02-01-consensus.md)` we saw …", or each part
    ends with a Next link to the following one.
    """
    for chain in chains(g):
        series = chain.series
        if series is None or series.found_by not in _MULTI_PART:
            continue
        if _uses(g, EdgeKind.NEXT, series) or _uses(g, EdgeKind.PREVIOUS, series):
            continue  # navigation lines are written: RG301-RG304 judge them
        for before, after in zip(chain.order, chain.order[1:], strict=False):
            if not _linked(g, before, after):
                yield UNLINKED_PARTS.at(Location(after, 1, 1), before=named(g, before),
                                        link=posixpath.relpath(
                                            before, posixpath.dirname(after) or "."))


UNLINKED_PARTS = Rule(
    id="RG310", name="unlinked-parts", severity=Severity.WARNING,
    message="no link between this part and {before}, the part before it, either way",
    suggestion="add `*Previously: [the part before]({link})*` here, and a Next link there",
    check=unlinked_parts)
