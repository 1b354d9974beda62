"""RG5xx: reference docs nothing links to."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

import networkx as nx

from docs_index.ignore import PatternList
from docs_index.model import Location
from docs_index.resolve import directory_readme
from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, nodes_of
from graph.rules import Rule

ENTRY_POINTS = frozenset({
    "readme", "index", "_index", "changelog", "changes", "history", "news", "releases",
    "license", "licence", "copying", "notice", "contributing", "code_of_conduct",
    "code-of-conduct", "security", "support", "governance", "authors", "contributors",
    "maintainers", "funding", "citation", "agents", "claude",
})
"""File names (without suffix, any case) that readers and tools open directly: GitHub shows
them in the repository's sidebar, on a directory's page or in its "new issue" flow."""
_SITE_CONFIGS = {"mkdocs.yml": "docs", "mkdocs.yaml": "docs", "docusaurus.config.js": "docs",
                 "docusaurus.config.ts": "docs"}
"""A site generator's config → the folder (beside it) whose pages its navigation lists."""
_INCOMING = (EdgeKind.LINKS_TO, EdgeKind.STEP, EdgeKind.LISTS, EdgeKind.MUST_CITE)


def _site_roots(files: frozenset[str]) -> list[str]:
    """Folders whose pages a documentation site reaches through its own navigation:
    mkdocs and Docusaurus (`docs/` beside the config), Sphinx (the folder of a `conf.py`
    beside an `index.md`/`index.rst`), VitePress (the folder holding `.vitepress/`)."""
    roots: list[str] = []
    for f in sorted(files):
        folder, name = posixpath.split(f)
        if name in _SITE_CONFIGS:
            roots.append(posixpath.join(folder, _SITE_CONFIGS[name]))
        elif name == "conf.py" and any(posixpath.join(folder, i) in files
                                       for i in ("index.rst", "index.md")):
            roots.append(folder)
        elif posixpath.basename(folder) == ".vitepress" and name.startswith("config."):
            roots.append(posixpath.dirname(folder))
    return roots


def _is_entry_point(path: str, site_roots: list[str]) -> bool:
    parts = path.split("/")
    if any(part.startswith(".") for part in parts[:-1]):  # .github/ templates and tooling
        return True
    if parts[-1].rsplit(".", 1)[0].lower() in ENTRY_POINTS:
        return True
    if parts[-1] == "SUMMARY.md":  # mdBook's table of contents
        return True
    return any(root == "" or path.startswith(root + "/") for root in site_roots)


def _series_dir(g: nx.MultiDiGraph, files: frozenset[str]) -> str | None:
    """The folder of the series' index or plan (`blog/`), unless it is the repository's
    root: the notes beside them (`blog/EXPANSION_PLAN.md`) are the series' own."""
    layout = g.graph.get("layout")
    if layout is None:
        return None
    folders = [posixpath.dirname(f) for f in (layout.index, layout.plan) if f in files]
    return folders[0] if folders and folders[0] else None


def _landing_page(g: nx.MultiDiGraph, path: str, files: frozenset[str]) -> str | None:
    """Where a reader would look for the doc: the README of its folder or the nearest
    folder above, else the series index."""
    folder = posixpath.dirname(path)
    while True:
        readme = directory_readme(folder, files)
        if readme is not None and readme != path:
            return readme
        if not folder:
            break
        folder = posixpath.dirname(folder)
    layout = g.graph.get("layout")
    return layout.index if layout is not None and layout.index in files else None


def _linked(g: nx.MultiDiGraph, path: str) -> bool:
    """Whether another file, the plan or a reading path points at `path` (`in_edges`,
    without its view)."""
    for src, keyed in g._pred[path].items():
        if src != path:
            for data in keyed.values():
                if data["kind"] in _INCOMING:
                    return True
    return False


def orphan_docs(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A reference doc (a Markdown file that is not a post, the index or the plan) that no
    post, index, plan, reading path or other doc links to. A plan that names the doc for a
    planned post counts as a link: it is about to be cited.
    Never flagged, as files readers or tools open directly: any `README`, `index` and
    `_index` (a folder's landing page), `CHANGELOG`, `CHANGES`, `HISTORY`, `NEWS`,
    `RELEASES`, `LICENSE`/`LICENCE`, `COPYING`, `NOTICE`, `CONTRIBUTING`,
    `CODE_OF_CONDUCT`, `SECURITY`, `SUPPORT`, `GOVERNANCE`, `AUTHORS`, `CONTRIBUTORS`,
    `MAINTAINERS`, `FUNDING`, `CITATION`, `AGENTS`, `CLAUDE` (any case, any folder);
    mdBook's `SUMMARY.md`; anything inside a dot-folder (`.github/` issue and pull request
    templates); the series' own notes in the folder of its index or plan
    (`blog/EXPANSION_PLAN.md` beside `blog/BACKLOG.md`; not in subfolders, nor when the
    series lives at the repository's root); and pages of a documentation site whose
    navigation lives outside Markdown (`docs/` beside `mkdocs.yml` or
    `docusaurus.config.js`, a Sphinx folder with `conf.py`, a VitePress folder), and every
    page of a site refgraph reads as its generator publishes it (`refgraph: sites:`), which
    RG111 judges against the site's navigation instead.
    `orphans-allow` adds gitignore-style patterns.
    A group of docs that link only to each other is not flagged. Runs only when the corpus
    has a landing page readers start from (a root README or the series index): in a folder
    of loose notes no links are expected.
    ## Why it matters
    A doc nobody links to is found only by browsing the file tree; it goes stale unseen,
    or was replaced and should be deleted.
    ## Failing example
    `LEADERSHIP.md` with no link from any post or doc: refgraph proposes the link to add
    to the README of its folder.
    ## Passing example
    `See [leader election](../LEADERSHIP.md).` in a post, or `orphans-allow =
    ["notes/*.md"]` in `refgraph.toml` for scratch notes.
    """
    files: frozenset[str] = g.graph.get("files", frozenset())
    layout = g.graph.get("layout")
    if directory_readme("", files) is None and (layout is None or layout.index not in files):
        return  # loose notes: no landing page a reader starts from, no links to expect
    allowed = PatternList.from_lines(config.orphans_allow)
    site_roots = _site_roots(files)
    series_dir = _series_dir(g, files)
    # most docs are linked: that is asked first, and only the few left are sorted
    unlinked = [(path, data) for path, data in nodes_of(g, NodeKind.DOC)
                # only docs that were read; a generator's page: its menus reach it (RG111
                # says if not)
                if data["exists"] and "words" in data and "site" not in data
                and not _linked(g, path)]
    for path, data in sorted(unlinked):
        if _is_entry_point(path, site_roots) or allowed.match(path):
            continue
        if series_dir is not None and posixpath.dirname(path) == series_dir:
            continue  # planning notes beside the plan, read by whoever writes the series
        landing = _landing_page(g, path, files)
        link = f"[{data.get('title') or posixpath.basename(path)}]"
        if landing is not None:
            rel = posixpath.relpath(path, posixpath.dirname(landing) or ".")
            hint = (f"link it from {landing}, e.g. {link}({rel}), or add \"{path}\" to "
                    f"orphans-allow")
        else:
            hint = f"link it from a post or doc, or add \"{path}\" to orphans-allow"
        yield ORPHAN_DOC.at(Location(path, 1, 1), path=path, hint=hint)


ORPHAN_DOC = Rule(
    id="RG501", name="orphan-doc", severity=Severity.WARNING,
    message="doc is not linked from any post, index, plan or other doc",
    suggestion="link the doc where readers need it, or add it to orphans-allow",
    check=orphan_docs)
