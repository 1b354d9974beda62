"""The incremental run's file-list part: files added or removed since the snapshot
(a rename is both), patched into its graph where the result is exactly a full build's
(docs/performance.md, "The incremental run").

A plain Markdown doc or any other file (an image, a script) may come or go. What the
file list decides beyond the file's own node and links is then asked again or judged
safe: its node (a missing link target becomes a document, a removed document a missing
target if something still links to it), the did-you-mean hints of links near its name,
and the run's graph-wide facts; a folder that came or went re-reads the files linking it. A
change series discovery could see (a name numbered, dated or that of a folder's page or
plan, a file beside posts, front matter or a title naming a series, a file a plan names),
a folder an index entry or a step names, and anything the build reads beyond links raise
`Refused`: the caller runs in full.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import networkx as nx

from docs_index.corpus import MARKDOWN_SUFFIXES, Listing
from docs_index.model import Document
from docs_index.resolve import README_NAMES
from graph.build import Layout, _Builder, detect_layout, post_matcher
from graph.config import Config
from graph.incremental_steps import Refused, has_link_into
from graph.model import EdgeKind, NodeKind
from graph.settings import series_found, setting_warnings
from posts.backlog import PLAN_NAMES
from posts.discover import _front_matter_series, _is_page, name_part, post_day, title_part
from posts.series import name_place

__all__ = ["FileChange", "Refused", "add_files", "check_change", "dated_folder",
           "flip_folders", "hint_focus", "linking_folders", "remove_files", "settle_files"]

_FOLDER_PAGES = ("readme", "index", "_index", "summary", *PLAN_NAMES)
"""Stems discovery reads as a folder's page, a book's summary or a series' plan."""
_MIN_DATED = 2
"""Pages with a day that make a folder a series of dates (`posts.discover`'s minimum)."""


@dataclass(frozen=True)
class FileChange:
    """What the file list gained and lost since the snapshot."""

    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    dirs: frozenset[str] = frozenset()
    """Folders added or removed."""

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.dirs)


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def _post_folders(g: nx.MultiDiGraph) -> frozenset[str]:
    """Folders holding a post or a series' member: a Markdown file there may be a post, or
    a post's Next link to it a navigation link (`_Builder.may_be_nav_target`)."""
    members = {post.file for series in g.graph.get("all_series", ()) for post in series.posts}
    members.update(node for node, data in g.nodes(data=True) if data["kind"] == NodeKind.POST)
    return frozenset(posixpath.dirname(p) for p in members)


def _named_files(g: nx.MultiDiGraph, config: Config) -> frozenset[str]:
    """Files the configuration or the series name: indexes, plans, indexes of series."""
    found = {p for table in config.series for p in (table.index, table.plan) if p}
    found |= {config.index, config.plan}
    layout = g.graph.get("layout")
    if layout is not None:
        found |= {layout.index, layout.plan}
    for series in g.graph.get("all_series", ()):
        found |= {p for p in (series.index, series.plan, series.listed_in) if p}
    return frozenset(found)


def check_change(g: nx.MultiDiGraph, change: FileChange, added: Mapping[str, Document],
                 config: Config, listing: Listing) -> dict[str, str]:
    """Raise `Refused` unless every file added (`added`: the Markdown ones, read) or removed
    leaves the indexes, the plans and their targets as they were, and adds or drops only
    its own node and links (the layout is asked by the caller, with the series). Returns
    the files series discovery could see (a post's name, a numbered or dated one, a file
    beside posts, a title or front matter naming a part), each with why: the caller runs
    discovery again, and takes them on only as posts of the same series
    (`graph.incremental_series`)."""
    def refuse(path: str, why: str) -> Refused:
        return Refused(f"{path} added or removed: {why}")

    posts = post_matcher(g.graph["layout"])
    # the default glob too: once it matches a file, it names the one series
    table_globs = [post_matcher(Layout(glob, "", ""))
                   for glob in (config.posts, *(t.posts for t in config.series))]
    named = _named_files(g, config)
    beside_posts = _post_folders(g)
    cited = _cited_names(g)
    visible: dict[str, str] = {}
    for path in sorted(change.added | change.removed):
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            raise refuse(path, "its name is not UTF-8") from None
        if path in named:
            raise refuse(path, "an index or a plan")
        if posixpath.basename(path) in cited:
            raise refuse(path, "a plan cites that name")
        if posixpath.basename(path) in README_NAMES:  # `README` too: a link to its folder
            raise refuse(path, "the page GitHub shows for its folder")
        why = _seen_by_discovery(g, path, added.get(path), posts, table_globs, beside_posts)
        if why is not None:
            visible[path] = why
        if is_markdown(path):
            stem = PurePosixPath(path).stem
            if stem.lower() in _FOLDER_PAGES or not _is_page(path):
                raise refuse(path, "a folder's page, a plan or a draft")
    for folder in sorted(change.dirs):
        if posixpath.basename(folder) in cited:
            raise refuse(folder, "a plan names that name")
        if folder in g and any(d["kind"] != EdgeKind.LINKS_TO
                               for keyed in g._pred[folder].values() for d in keyed.values()):
            raise refuse(folder, "an index entry or a step names that folder")
    return visible


def _seen_by_discovery(g: nx.MultiDiGraph, path: str, doc: Document | None,
                       posts: Callable[[str], bool],
                       table_globs: Iterable[Callable[[str], bool]],
                       beside_posts: frozenset[str]) -> str | None:
    """Why series discovery (or a series' glob) could see `path` come or go, if it could."""
    if posts(path) or any(match(path) for match in table_globs):
        return "a post's name"
    if not is_markdown(path):
        return None
    stem = PurePosixPath(path).stem
    if stem[:1].isdigit() or name_place(path) is not None or name_part(path) is not None:
        return "a numbered or dated name"
    if posixpath.dirname(path) in beside_posts:
        return "beside posts"
    title = doc.title if doc is not None else g.nodes[path].get("title", "") \
        if path in g else ""
    if title_part(title or "") is not None:
        return "a title naming a part"
    if doc is not None and (_front_matter_series(doc) is not None
                            or post_day(doc, path) is not None):
        return "front matter naming a series or a day"
    return None


def _cited_names(g: nx.MultiDiGraph) -> frozenset[str]:
    """The names the plans cite, as file names (`_Builder.planned_target` tries each beside
    the plan, at the root, then as the one file of that name anywhere): read from the
    planned posts' edges, not the corpus' hundreds of thousands."""
    return frozenset(
        posixpath.basename(d["name"].rstrip("/"))
        for node, attrs in g.nodes(data=True) if attrs["kind"] == NodeKind.PLANNED_POST
        for keyed in g._succ[node].values() for d in keyed.values()
        if d["kind"] == EdgeKind.MUST_CITE)


def dated_folder(folder: str, markdown: Iterable[str],
                 day: Callable[[str], str | None]) -> bool:
    """Whether every page of `folder` (`markdown`: the documents left after a removal)
    has a day, and at least two do: then discovery makes them a series of dates, which a
    page without one had kept them from being. `day` reads a page's day; asked in order,
    and no further than the first page without one."""
    pages = [p for p in markdown if posixpath.dirname(p) == folder and _is_page(p)]
    if posixpath.basename(folder) == "_posts" or len(pages) < _MIN_DATED:
        return False  # `_posts/` is a series of whatever has a day, whatever else is there
    return all(day(p) is not None for p in pages)


def remove_files(g: nx.MultiDiGraph, builder: _Builder, removed: Iterable[str],
                 touched: set[str], linked_before: dict[str, bool]) -> int:
    """Drop what each removed file contributed: a document's own links and attributes; a
    node something still links to stays as a missing target (its kind made again by
    `incremental_patch._settle`). Returns the links dropped."""
    links = 0
    for path in removed:
        if path not in g:
            continue  # a file nothing linked
        g.graph.get("packed", {}).pop(path, None)  # its headings go with it, unread
        attrs = g.nodes[path]
        preds = [d["kind"] for src, keyed in g._pred[path].items() if src != path
                 for d in keyed.values()]
        if preds and EdgeKind.LINKS_TO not in preds:
            # a full build would make it where the step naming it comes: not known here
            raise Refused(f"{path} is named, not linked")
        if "words" in attrs or attrs.get("kind") == NodeKind.POST:
            if attrs.get("kind") not in (NodeKind.DOC, NodeKind.POST):
                raise Refused(f"{path} is neither a plain doc nor a post")
            # a post's own edges too: its series' edge is taken out already
            # (`incremental_series.take_out_members`)
            own = _POST_EDGES if attrs["kind"] == NodeKind.POST else {EdgeKind.LINKS_TO}
            for target in list(g._succ[path]):
                linked_before.setdefault(target, has_link_into(g, target))
                touched.add(target)
                for key, data in list(g._succ[path][target].items()):
                    if data["kind"] not in own:
                        raise Refused(f"{path} has {data['kind']} edges")
                    links += len(data.get("links", ()))
                    g.remove_edge(path, target, key)
        kept = {k: v for k, v in attrs.items() if k in _LATER}
        attrs.clear()
        attrs.update(kind=builder.kind_of(path), exists=False, **kept)
        linked_before[path] = bool(preds)
        touched.add(path)
    return links


_POST_EDGES = frozenset({EdgeKind.LINKS_TO, EdgeKind.NEXT, EdgeKind.PREVIOUS,
                         EdgeKind.REQUIRES})
"""The edges a post's own content makes (`_Builder.add_post`)."""
_LATER = frozenset({"stated_minutes"})
"""What later steps of a build set on a plain file's node, whatever it is (an index entry's
stated reading time)."""


def add_files(g: nx.MultiDiGraph, builder: _Builder, added: Iterable[str],
              documents: Mapping[str, Document]) -> None:
    """The node of each added file: a document's attributes, or an existing file's kind, in
    place of the missing target it may have been (the links into it stay as they are)."""
    for path in added:
        doc = documents.get(path)
        if doc is None and path not in g:
            continue  # a file nothing links to makes no node
        if path not in g:
            g.add_node(path)
        attrs = g.nodes[path]
        kept = {k: v for k, v in attrs.items() if k in _LATER}
        attrs.clear()
        if doc is not None:
            attrs.update(builder.document_attrs(path, doc))
        else:
            attrs.update(kind=builder.kind_of(path), exists=True)
        attrs.update(kept)


def linking_folders(g: nx.MultiDiGraph, change: FileChange) -> list[str]:
    """The files linking a folder that came or went: a link to a folder lands on it
    (`via_dir`, RG108) while it is there, and is a missing target once it is not, so
    their links are made again, as an edit's are."""
    documents = set(g.graph["markdown"]) - change.removed
    return sorted({src for folder in change.dirs if folder in g for src in g._pred[folder]
                   if src in documents})


def flip_folders(g: nx.MultiDiGraph, change: FileChange, dirs: frozenset[str],
                 touched: set[str], linked_before: dict[str, bool]) -> None:
    """The node of a linked folder that came (a folder) or went (a missing target, of the
    kind its first link gives it: `incremental_patch._settle`)."""
    for folder in sorted(change.dirs):
        if folder not in g:
            continue
        attrs = g.nodes[folder]
        kept = {k: v for k, v in attrs.items() if k in _LATER}
        attrs.clear()
        attrs.update(kind=NodeKind.DIR, exists=folder in dirs, **kept)
        linked_before[folder] = True
        touched.add(folder)


def hint_focus(g: nx.MultiDiGraph, change: FileChange,
               documents: frozenset[str]) -> set[str]:
    """Files whose links into a missing target a hint may now answer otherwise: RG101's
    did-you-mean reads the file list (a case-only difference, a close name in the same
    folder, the one file of that name elsewhere: `checks.links._FileGuesser`), RG107's the
    file inside the root a link climbing out of it meant."""
    changed = change.added | change.removed
    lowered = {p.lower() for p in changed}
    folders = {posixpath.dirname(p) for p in changed}
    names = {posixpath.basename(p).lower() for p in changed}
    focus: set[str] = set()
    for node, data in g.nodes(data=True):
        if data.get("exists", True) or node in changed:
            continue
        inside = node
        while inside.startswith("../"):
            inside = inside[3:]
        if (node.lower() in lowered or posixpath.dirname(node) in folders
                or posixpath.basename(node).lower() in names or inside in changed):
            focus.update(src for src in g._pred[node] if src in documents)
    return focus


def settle_files(g: nx.MultiDiGraph, config: Config, listing: Listing,
                 markdown: tuple[str, ...], discovery: Mapping[str, Any]) -> None:
    """The graph-wide facts a build takes from the file list. `discovery`: the added
    files' `discovery_view`s; every file's, in file order, as a build keeps them."""
    g.graph["files"] = listing.files
    g.graph["markdown"] = markdown
    g.graph["documents"] = len(markdown)
    views = {**g.graph["discovery"], **discovery}
    g.graph["discovery"] = {path: views[path] for path in markdown}
    # the posts the series' glob matches, said when none does
    g.graph["series"] = series_found(config, detect_layout(config, listing.files),
                                     listing.files)
    g.graph["setting_warnings"] = setting_warnings(config, g.graph["series"], listing.markdown)
