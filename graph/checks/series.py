"""RG3xx: the series read in order: Previously/Next against the numbering."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, edges_of, nodes_of
from graph.rules import Rule


def series_order(g: nx.MultiDiGraph) -> list[str]:
    """Published posts in series order: by number, then path (posts without a number last)."""
    posts = [(data.get("number"), node) for node, data in nodes_of(g, NodeKind.POST)
             if data["exists"]]
    return [node for _, node in sorted(posts, key=lambda p: (p[0] is None, p[0] or 0, p[1]))]


def broken_next_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A post whose Next link (in any form: `*Next: …*`, `[Next: …](…) →`, "Next up",
    front matter `next:`) points at an existing post other than the one that follows it
    in the series' numbering.
    ## Why it matters
    A reader following Next skips a post, or goes round in a loop, and never notices.
    ## Failing example
    `blog/08-node-roles.md` ends with `*Next: [SQL](10-querying-with-sql.md)*` while
    `09-data-formats-at-the-edges.md` exists: refgraph proposes `09-data-formats-at-the-edges.md`.
    Links to posts that do not exist are RG101's to report.
    ## Passing example
    `*Next: [Data formats](09-data-formats-at-the-edges.md)*`.
    """
    order = series_order(g)
    following = dict(zip(order, order[1:], strict=False))
    for src, dst, nav in edges_of(g, EdgeKind.NEXT):
        target = g.nodes[dst]
        if not target["exists"] or target["kind"] != NodeKind.POST or dst == following.get(src):
            continue
        expected = following.get(src)
        if expected is None:
            hint = f"{src} is the last post; drop its Next link or publish the next post"
            after = "nothing: it is the last post"
        else:
            hint = f"link Next to {expected.rsplit('/', 1)[-1]}"
            after = expected
        yield BROKEN_NEXT_LINK.at(nav["loc"], target=nav["target"], path=dst, after=after,
                                  hint=hint)


BROKEN_NEXT_LINK = Rule(
    id="RG301", name="broken-next-link", severity=Severity.WARNING,
    message="next link points to {path}, but the post that follows is {after}",
    suggestion="link Next to the following post", check=broken_next_links)
