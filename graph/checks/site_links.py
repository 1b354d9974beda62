"""RG1xx rules about links on a published site (an MkDocs `docs_dir`): kept apart from
`links.py`, which reads every corpus alike. The builder marks what the site says
(`leaves_site` on a link); the rule only reads the mark."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, edges_of
from graph.rules import Rule


def links_leaving_site(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A link in a page of a site generator's source folder (MkDocs' `docs_dir`) to a file
    outside that folder: `[readme](../README.md)` in `docs/index.md` when `mkdocs.yml`
    builds `docs/`.
    ## Why it matters
    The generator publishes only its source folder: the file is in the repository but not
    on the site, so the link is broken there (MkDocs warns "the target is not found among
    documentation files").
    ## Failing example
    `[contributing](../CONTRIBUTING.md)` in `docs/index.md`.
    ## Passing example
    The file's published URL (`https://github.com/o/r/blob/main/CONTRIBUTING.md`), or a
    copy of it inside `docs/`.
    """
    for _src, _dst, link in edges_of(g, EdgeKind.LINKS_TO):
        site = link.get("leaves_site")
        if site:
            yield LINK_LEAVES_SITE.at(link["loc"], target=link["target"], site=site)


LINK_LEAVES_SITE = Rule(
    id="RG109", name="link-leaves-site", severity=Severity.WARNING,
    message="link to {target} leaves the {site} source folder: the built site has no such page",
    suggestion="link the file's published URL, or move it into the site's source folder",
    check=links_leaving_site)
