"""RG2xx: the plan (backlog) against the corpus."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, edges_of
from graph.rules import Rule


def planned_docs_missing(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A doc that the plan lists for a planned post (in backticks or in prose such as
    "Needs creation (OPERATIONS.md)") and that does not exist yet.
    ## Why it matters
    Planned docs get forgotten; the post then ships citing nothing, or citing a 404.
    This is information, not an error: a plan may name what is still to be written.
    ## Failing example
    `**Documentation**: Needs creation (OPERATIONS.md)` under `### #24: Operating in
    Production`, with no `OPERATIONS.md` in the repository.
    ## Passing example
    `OPERATIONS.md` written (then RG203 asks to drop "Needs creation" from the plan).
    """
    for planned, doc, cite in edges_of(g, EdgeKind.MUST_CITE):
        if g.nodes[doc]["exists"]:
            continue
        number = planned.removeprefix("plan:")
        hint = (f"write {doc} before #{number} is published" if cite["needs_creation"]
                else f"create {doc}, or correct the name in the plan")
        yield PLANNED_DOC_MISSING.at(cite["loc"], target=cite["name"], name=cite["name"],
                                     number=number, title=g.nodes[planned]["title"], hint=hint)


PLANNED_DOC_MISSING = Rule(
    id="RG201", name="planned-doc-missing", severity=Severity.INFO,
    message="plan for #{number} ({title}) cites {name}, which does not exist yet",
    suggestion="create the doc, or correct the name in the plan", check=planned_docs_missing)
