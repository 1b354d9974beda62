"""RG1xx rules about links and navigation on a published site (an MkDocs `docs_dir`): kept
apart from `links.py`, which reads every corpus alike. The builder puts what the site says
on the graph (`leaves_site` on a link, NAV edges, `unverifiable` links); the rules only
read it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

import networkx as nx

from docs_index.corpus import MARKDOWN_SUFFIXES
from docs_index.ignore import PatternList
from docs_index.model import Location
from docs_index.sites import relative_to
from graph.checks.links import missing_target_hint
from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, edges_of, focused_links
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
    for _src, _dst, link in focused_links(g):
        site = link.get("leaves_site")
        if site:
            yield LINK_LEAVES_SITE.at(link["loc"], target=link["target"], site=site)


LINK_LEAVES_SITE = Rule(
    id="RG109", name="link-leaves-site", severity=Severity.WARNING,
    message="link to {target} leaves the {site} source folder: the built site has no such page",
    suggestion="link the file's published URL, or move it into the site's source folder",
    check=links_leaving_site)


def nav_entries_missing(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    An entry of a site's navigation written in its configuration (MkDocs `nav` in
    `mkdocs.yml`, a Docusaurus sidebar) that names a page the source folder does not have.
    A table of contents written in Markdown (mdBook's `SUMMARY.md`) is checked as links are
    (RG101).
    ## Why it matters
    The menu shows an entry that leads nowhere, or the build fails (`mkdocs build
    --strict`, Docusaurus' "these sidebar document ids do not exist").
    ## Failing example
    `nav: [{Install: guide/instal.md}]` in `mkdocs.yml` when the page is
    `docs/guide/install.md`.
    ## Passing example
    `nav: [{Install: guide/install.md}]`.
    """
    for src, page, edge in edges_of(g, EdgeKind.NAV):
        if not edge["missing"] or src.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        # a guess is written as the entries are: relative to the site's source folder
        within = posixpath.join(edge["base"], "nav")
        hint = None if g.nodes[page].get("exists") else missing_target_hint(g, within, page)
        yield NAV_ENTRY_MISSING.at(edge["loc"], target=edge["target"], why=edge["missing"],
                                   hint=hint)


def pages_not_in_nav(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A Markdown page of a site's source folder that the site's navigation (MkDocs `nav`
    with literate-nav's nav files, mdBook's `SUMMARY.md`, Docusaurus sidebars written out
    by hand) does not list. Pages the configuration means to leave out (MkDocs
    `not_in_nav`) are not flagged. Replaces RG501 inside a generator's site, whose pages
    are reached through its menus.
    ## Why it matters
    The page is built, but no menu leads to it: readers find it only through a link, if
    any (MkDocs says the same at INFO level; mdBook does not build it at all).
    ## Failing example
    `docs/guide/upgrade.md` with `nav:` in `mkdocs.yml` naming every other page.
    ## Passing example
    An entry for it in `nav`, or `not_in_nav: guide/upgrade.md`.
    """
    for root, nav in g.graph.get("navigations", ()):
        if not nav.complete:
            continue
        allowed = PatternList.from_lines(nav.unlisted_ok)
        menus = {entry.loc.path for entry in nav.entries}
        for path in sorted(g.graph.get("files", ())):
            page = path.lower().endswith(MARKDOWN_SUFFIXES) or "words" in g.nodes.get(path, {})
            if (not root.holds(path) or not page or path in menus or path not in g
                    or allowed.match(relative_to(root, path))
                    or any(d["kind"] is EdgeKind.NAV for _, _, d in g.in_edges(path, data=True))):
                continue
            nav_file = min(menus, default=root.config or root.kind)  # SUMMARY.md, mkdocs.yml
            yield PAGE_NOT_IN_NAV.at(Location(path, 1, 1), path=path, site=root.kind,
                                     nav=nav_file)


def unverifiable_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A link from a site's page to a part of the built site that no file of the corpus
    makes, or whose destination a template or program decides: a sibling mdBook book
    (`../std/index.html`) or a name an mdBook preprocessor turns into a URL; ids and pages
    MkDocs plugins write (mkdocstrings, mkdocs-click, macros, gen-files, coverage); a
    destination a Hugo link render hook rewrites (`[term](g)`) or a shortcode writes;
    routes Docusaurus generates (category and tag pages, the blog's). Reported at info
    level, so that what was not checked is said, not passed over.
    ## Why it matters
    refgraph cannot tell whether such a link works; a reader who relies on "no findings"
    should know which links were taken on trust.
    ## Failing example
    `[Vec](../std/vec/struct.Vec.html)` in a book built beside the standard library's docs.
    ## Passing example
    A link to a page of the book's own source folder.
    """
    for item in g.graph.get("unverifiable", ()):
        yield LINK_UNVERIFIABLE.at(item["loc"], target=item["target"], reason=item["reason"])


NAV_ENTRY_MISSING = Rule(
    id="RG110", name="nav-entry-missing", severity=Severity.ERROR,
    message="navigation entry {target} names no page of the site: {why}",
    suggestion="fix the entry or create the page", check=nav_entries_missing)
PAGE_NOT_IN_NAV = Rule(
    id="RG111", name="page-not-in-nav", severity=Severity.INFO,
    message="page {path} of the {site} site is not in its navigation ({nav})",
    suggestion="add it to the navigation, or say it is left out on purpose",
    check=pages_not_in_nav)
LINK_UNVERIFIABLE = Rule(
    id="RG112", name="link-unverifiable", severity=Severity.INFO,
    message="link to {target} is not checked: it goes to {reason}",
    suggestion="check it on the built site; or link a page of the corpus",
    check=unverifiable_links)
