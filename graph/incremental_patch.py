"""The incremental run's second step: the graph of the last full run, kept whole (a
`Snapshot`), with the Markdown files edited since re-derived in it, so that a run after an
edit reads, builds and judges what the edit touched (docs/performance.md, "The
incremental run").

What it takes on: files added or removed where the file list decides nothing else
(`graph.incremental_files`), and edited files that are plain docs, posts, indexes or plans
(`graph.incremental_steps` makes an index's entries and reading paths, and a plan's
entries, again): not a site's navigation file. When what series discovery reads of one
changed (front matter, title, and a README's or an index's link targets,
`discovery_view`), discovery runs again on what the snapshot keeps of every file, and
the series must come out as they were.
A doc or a post adds its own node and its own links (a post its Next, Previously and
"requires" edges) and nothing else, so it is re-derived by the builder's own per-file code
(`document_attrs`, `add_file_links`, `add_post`), and the graph is
then put back in the order a full build gives (`_reorder`): rules walk nodes and edges in
that order, and a finding's hint or related locations may follow it. Anything else raises
`Refused`, and the caller runs in full.

Then (`graph.incremental_run`): the link rules (`graph.checks.FOCUSED`) judge only the
edited files and the files linking to them; the cheap rules (`EVERY_RUN`) run whole; the
whole-corpus rules run again only when an edited file's `signature`, what they read of
it, changed.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import networkx as nx

from docs_index.corpus import Corpus, Listing
from docs_index.model import Document, Problem
from docs_index.resolve import TargetKind
from docs_index.sites import site_named
from graph.build import Layout, _Builder, detect_layout, missing_paths
from graph.config import Config
from graph.findings import Finding
from graph.incremental_files import (
    FileChange,
    add_files,
    check_change,
    flip_folders,
    hint_focus,
    remove_files,
    settle_files,
)
from graph.incremental_series import (
    add_members,
    check_kinds,
    frame,
    members,
    replace_places,
    take_out_members,
)
from graph.incremental_state import Inputs
from graph.incremental_steps import (
    INDEX_ATTRS,
    INDEX_EDGES,
    PLAN_ATTRS,
    PLAN_EDGES,
    Refused,
    StepRank,
    TakenOut,
    has_link_into,
    made_again,
    made_by_plan,
    plan_block,
    plan_made_again,
    renamed_paths,
    take_out,
    take_out_plan,
)
from graph.model import EdgeKind, NodeKind
from graph.report.summary import RunStats
from graph.series import corpus_series
from posts.series import Series

__all__ = ["RULE_CACHES", "Patched", "Refused", "Snapshot", "bare", "discovery_views", "patch",
           "signature", "strip"]

_DOCUMENT_KEYS = frozenset({"kind", "exists", "title", "words", "anchors", "ref_uses",
                            "ref_hints", "github_anchors", "exact_fragments", "site",
                            "minutes", "headings"})
"""What `_Builder.document_attrs` may set on a node; later steps of a build add others."""
_LINK_RULES_ONLY = frozenset({"headings", "anchors", "github_anchors", "ref_uses",
                              "ref_hints", "exact_fragments"})
"""Node attributes only the focused link rules and RG103 read (`graph.checks.FOCUSED`,
`EVERY_RUN`), never a whole-corpus rule."""
_POST_KEYS = frozenset({"series", "place", "sub_page", "number", "date", "code_blocks",
                        "diagrams", "sections", "draft", "mentions", "teasers"})
"""What `_Builder.add_post` sets on a post's node."""
_PATCHED = frozenset({NodeKind.DOC, NodeKind.POST})
_INDEX_KINDS = frozenset({NodeKind.INDEX, NodeKind.DOC})
"""An index's kind, or an index of series' (`_Builder.index_order`)."""
_PLAN_KINDS = frozenset({NodeKind.BACKLOG})
_OWN_EDGES = frozenset({EdgeKind.LINKS_TO, EdgeKind.NEXT, EdgeKind.PREVIOUS,
                        EdgeKind.REQUIRES})
"""The edges a doc's or a post's own content makes (`add_file_links`, `add_post`)."""
RULE_CACHES = ("nodes_by_kind", "edges_by_kind", "memo", "unused_spans")
"""What the rules keep on the graph (`graph.model`, `graph.checks`), each made again when
asked."""
_CACHES = (*RULE_CACHES, "focus", "raw_findings", "cache", "incremental", "read")
"""What rules and runs keep on a graph, none of it part of the corpus."""


@dataclass
class Snapshot:
    """A full run's graph and what its rules found before suppressions, with what the run
    read (its inputs, configuration and refgraph itself)."""

    engine: str
    settings: str
    inputs: Inputs
    graph: nx.MultiDiGraph
    raw: list[Finding]
    stats: RunStats


@dataclass
class _Reseries:
    """A change of the posts of the series being patched in (`graph.incremental_series`)."""

    builder: _Builder
    """The builder of the snapshot's series."""
    nodes: list[str]
    """The `series:` nodes whose posts changed."""


@dataclass
class Patched:
    """The snapshot's graph with the edited files re-derived in it."""

    graph: nx.MultiDiGraph
    focus: frozenset[str]
    """The files whose links the focused rules judge again: the edited files and every
    file linking to one of them."""
    whole_corpus: bool
    """Whether what the whole-corpus rules read changed (`signature`)."""
    links_added: int
    """The edited files' links now, less their links before (the run's link count)."""


def discovery_view(path: str, doc: Document, indexes: frozenset[str]) -> tuple[Any, ...]:
    """What series discovery (`posts.discover`, `graph.series`) reads of a document: its
    front matter and title, and for a folder's README or a configured index the targets it
    links, in order."""
    links = (tuple(link.target for link in doc.links)
             if posixpath.basename(path) == "README.md" or path in indexes else None)
    return doc.front_matter, doc.title, links


def discovery_views(documents: Mapping[str, Document],
                    config: Config) -> dict[str, tuple[Any, ...]]:
    indexes = frozenset(table.index for table in config.series if table.index)
    return {path: discovery_view(path, doc, indexes) for path, doc in documents.items()}


@dataclass(frozen=True)
class _Seen:
    """A document as series discovery reads it (`discovery_view`): what the snapshot keeps
    of each file, to find the series again without reading the corpus."""

    path: str
    front_matter: Mapping[str, Any]
    title: str
    links: tuple[_Target, ...]


@dataclass(frozen=True)
class _Target:
    target: str


def _series_now(builder: _Builder, config: Config, layout: Layout,
                views: Mapping[str, tuple[Any, ...]]) -> tuple[Series, ...]:
    """The series discovery finds given `views` (every document's, in file order, edited
    and added ones as they are now)."""
    seen = {path: _Seen(path, front_matter, title,
                        tuple(_Target(target) for target in links or ()))
            for path, (front_matter, title, links) in views.items()}
    return corpus_series(config, layout.posts, layout.index, layout.plan, tuple(seen),
                         cast(Mapping[str, Document], seen),
                         [(root.source, tuple(e.page for e in nav.entries))
                          for root, nav in builder.navigations])


def signature(g: nx.MultiDiGraph, path: str) -> tuple[Any, ...]:
    """What the whole-corpus rules read of a plain doc (`graph.checks` outside `FOCUSED` and
    `EVERY_RUN`): its attributes but those only link rules read, and its word count only
    when it is a step of a reading path (the path's reading time); the files it links
    to (orphans, who reaches what); and the links themselves where a rule quotes them:
    those into a post, an index or a plan, and into a missing file something else names
    (a plan's citation)."""
    stepped = any(d["kind"] == EdgeKind.STEP
                  for keyed in g._pred[path].values() for d in keyed.values())
    attrs = tuple(sorted((k, v) for k, v in g.nodes[path].items()
                         if k not in _LINK_RULES_ONLY and (k != "words" or stepped)))
    edges = []
    for target, keyed in g._succ[path].items():
        node = g.nodes[target]
        quoted = (node["kind"] not in _PLAIN if node.get("exists")
                  else _named(g, target))
        for data in keyed.values():
            edges.append((target, data["kind"], data.get("links") if quoted else None))
    return attrs, tuple(edges)


_PLAIN = frozenset({NodeKind.DOC, NodeKind.FILE, NodeKind.DIR, NodeKind.EXTERNAL,
                    NodeKind.OUTSIDE})
"""Targets a whole-corpus rule reads a doc's links to only as "it links there"."""


def _named(g: nx.MultiDiGraph, node: str) -> bool:
    """Whether something but a link points at `node`: an index entry, a reading path's
    step, a plan's citation, a navigation entry."""
    return any(d["kind"] != EdgeKind.LINKS_TO
               for keyed in g._pred[node].values() for d in keyed.values())


def _guarded(g: nx.MultiDiGraph, steps: bool = True) -> frozenset[str]:
    """Files whose content a full build reads beyond their node, their links and (for a
    post) `_Builder.add_post`: the indexes, indexes of series and plans of every series
    (unless `steps` is false: `graph.incremental_steps` makes them again), and navigation
    files."""
    found: set[str] = set()
    layout = g.graph.get("layout")
    if layout is not None and steps:
        found |= {layout.index, layout.plan}
    for series in g.graph.get("all_series", ()) if steps else ():
        found |= {p for p in (series.index, series.plan, series.listed_in) if p}
    for _root, nav in g.graph.get("navigations", ()):
        found |= {entry.loc.path for entry in nav.entries}
    return frozenset(found)


def patch(snapshot: Snapshot, documents: Mapping[str, Document],
          problems: Sequence[Problem], listing: Listing, config: Config,
          ignored: Callable[[tuple[str, ...]], Mapping[str, str]],
          change: FileChange | None = None) -> Patched:
    """Re-derive `documents` (the edited and the added Markdown files, and those linking a
    folder that came or went, freshly read, with their `problems`) in the snapshot's
    graph, in place, with the files `change` adds and removes
    (`graph.incremental_files`). `ignored`: why each missing target on disk is left
    out, as `docs_index.unlisted.why_ignored` says now. Raises `Refused` for a change it
    does not take on."""
    change = change if change is not None else FileChange()
    g = snapshot.graph
    old_markdown: tuple[str, ...] = g.graph["markdown"]
    added = {p: doc for p, doc in documents.items() if p in change.added}
    edited = {p: doc for p, doc in documents.items() if p not in change.added}
    markdown = old_markdown
    visible: dict[str, str] = {}
    if change:
        visible = check_change(g, change, added, config, listing)
        kept = (set(old_markdown) - change.removed) | added.keys()
        markdown = tuple(p for p in listing.markdown if p in kept)
    position = {path: i for i, path in enumerate(markdown)}
    corpus = Corpus(listing.root, dict(documents), listing.files, listing.dirs, (),
                    listing.skipped)
    layout = detect_layout(config, listing.files)
    builder = _Builder(corpus, config, layout, None, built=g)
    roles = {path: (rank, entries)
             for rank, (path, entries) in enumerate(builder.index_order())}
    plans = {path: (rank, series)
             for rank, (path, series) in enumerate(builder.plan_order())}
    navigation = _guarded(g, steps=False)
    indexes = frozenset(table.index for table in config.series if table.index)
    views: dict[str, tuple[Any, ...]] = g.graph["discovery"]
    added_views = discovery_views(added, config)
    seen = {}
    for path, doc in edited.items():
        kind = g.nodes[path].get("kind") if path in position else None
        if path in navigation or path in roles and path in plans or not (
                kind in _PATCHED and path not in roles and path not in plans
                or kind in _INDEX_KINDS and path in roles
                or kind in _PLAN_KINDS and path in plans):
            raise Refused(f"{path} is neither a plain doc, a post, an index nor a plan")
        view = discovery_view(path, doc, indexes)
        if view != views.get(path):
            seen[path] = view
    reseries: _Reseries | None = None
    # the folder of most numbered files, when the configuration names none: what counts
    # then is the series discovery finds (and `series_found`, made again with the files)
    moved = bool(change) and detect_layout(config, g.graph["files"]) != layout
    if moved and not (seen or visible):
        raise Refused("the series' layout changed")
    if seen or visible:
        # what discovery reads changed: the same series, or the same but for their posts
        now = {**views, **seen, **added_views}
        old_series = tuple(g.graph["all_series"])
        series = _series_now(builder, config, layout, {p: now[p] for p in markdown})
        if frame(series) != frame(old_series):
            raise Refused(f"{', '.join(sorted({*seen, *visible}))}: the series changed")
        if moved and any(s.legacy for s in series):
            raise Refused("the series' layout changed")  # the single series' own folder
        posts = members(old_series).keys() | members(series).keys()
        for path, why in sorted(visible.items()):
            if path not in posts:
                raise Refused(f"{path} added or removed: {why}")
        if series != old_series:
            g.graph["all_series"] = series
            old_builder, builder = builder, _Builder(corpus, config, layout, None, built=g)
            check_kinds(g, old_builder, builder, g.graph["files"], listing.files,
                        {*documents, *change.removed})
            reseries = _Reseries(old_builder, take_out_members(g, old_series, series))
        views.update(seen)
    if builder.navigations != list(g.graph["navigations"]):
        raise Refused("a site's navigation changed")  # never, while its files do not change
    before = list(g)
    edits: list[TakenOut] = []
    linked_before: dict[str, bool] = {}
    focus: set[str] = set()
    whole_corpus = bool(change)  # orphans, statistics and the series read the file list
    links_added = 0
    touched: set[str] = set()
    if change:
        # the links near a changed name, judged before anything moves
        focus |= hint_focus(g, change, frozenset(position))
        links_added -= remove_files(g, builder, sorted(change.removed), touched,
                                    linked_before)
        add_files(g, builder, sorted(change.added), added)
        flip_folders(g, change, listing.dirs, touched, linked_before)
        for path in sorted(change.added | change.removed):
            if path in g:
                focus.update(src for src in g._pred[path] if src in position)
    for path in sorted(edited, key=position.__getitem__):
        doc = edited[path]
        old = signature(g, path)
        own = _OWN_EDGES
        if path in roles:  # its entries and reading paths are made again below
            edits.append(take_out(g, path, roles[path][1]))
            own = _OWN_EDGES | INDEX_EDGES
        elif path in plans:  # its entries and their citations are made again below
            edits.append(take_out_plan(g, path))
            own = _OWN_EDGES | PLAN_EDGES
        if path in roles or path in plans:
            for target in edits[-1].targets:
                linked_before.setdefault(target, has_link_into(g, target))
        targets = list(g._succ[path])
        for target in targets:
            linked_before.setdefault(target, has_link_into(g, target))
        old_links = 0
        for target in targets:
            for key, data in list(g._succ[path][target].items()):
                if data["kind"] not in own:
                    raise Refused(f"{path} has {data['kind']} edges")
                old_links += len(data.get("links", ()))
                g.remove_edge(path, target, key)
        attrs = g.nodes[path]
        # a post's own are made again below (it may have become one, or stopped being
        # one), what later steps set is kept, after them
        later = {k: v for k, v in attrs.items()
                 if k not in _DOCUMENT_KEYS and k not in _POST_KEYS}
        if path in roles or path in plans:
            made = INDEX_ATTRS if path in roles else PLAN_ATTRS
            if later.keys() - made:
                raise Refused(f"{path} has {sorted(later.keys() - made)}")
            later = {}  # made again below, in a build's order
        attrs.clear()
        attrs.update(builder.document_attrs(path, doc))
        builder.add_file_links(path, doc)
        if attrs["kind"] == NodeKind.POST:
            builder.add_post(path, doc)
            whole_corpus = True  # the series, index, plan and path rules read posts
        attrs.update(later)
        new_targets = list(g._succ[path])
        links_added += sum(len(d.get("links", ())) for t in new_targets
                           for d in g._succ[path][t].values()) - old_links
        touched |= set(targets) | set(new_targets)
        whole_corpus = (whole_corpus or path in roles or path in plans
                        or signature(g, path) != old)
        focus.add(path)
        focus.update(src for src in g._pred[path] if src in position)
    for path in sorted(added, key=position.__getitem__):
        builder.add_file_links(path, added[path])
        attrs = g.nodes[path]
        if attrs["kind"] == NodeKind.POST:  # a new post (`graph.incremental_series`)
            later = {k: attrs.pop(k) for k in list(attrs) if k not in _DOCUMENT_KEYS}
            builder.add_post(path, added[path])
            attrs.update(later)  # an index's minutes for it come after its own
        links_added += sum(len(d.get("links", ())) for keyed in g._succ[path].values()
                           for d in keyed.values())
        touched |= set(g._succ[path])
        focus.add(path)
    _site_facts(g, builder, documents.keys() | change.removed, position, focus)
    definers = g.graph.get("definers")
    if definers is not None:  # which files define references: the re-read ones asked again
        g.graph["definers"] = (definers - documents.keys() - change.removed) | builder.definers
    # in a build's steps: the indexes in their order, then the plans, then the claims
    edits.sort(key=lambda edit: (edit.path in plans, (plans if edit.path in plans
                                                      else roles)[edit.path][0]))
    for edit in edits:
        if edit.path in plans:
            builder.add_plan(edit.path, plans[edit.path][1])
        else:
            builder.add_index(edit.path, edit.entries)
    if edits:
        builder.add_claims(only=frozenset(edit.path for edit in edits))
    cited: set[str] = set()  # what an edited plan cited, before or now
    for edit in edits:
        if edit.path in plans:
            cited |= edit.targets | plan_made_again(g, edit)
            touched |= cited
        else:
            touched |= edit.targets | made_again(g, edit)
    before = renamed_paths(g, edits, before)
    if reseries is not None:  # the series' edges and their posts' places, as a build makes them
        whole_corpus = True
        touched |= add_members(g, reseries.nodes, g.graph["all_series"])
        placed = replace_places(g, reseries.builder, builder, {*documents, *change.removed})
        # links into a post whose place changed, or into a missing post (RG101 names the
        # posts of its number, and the plan's entry of it), are judged again
        for node in [*placed, *(n for n in missing_paths(g)
                                if g.nodes[n]["kind"] == NodeKind.POST)]:
            focus.update(src for src in g._pred[node] if src in position)
    for node in touched:
        linked_before.setdefault(node, False)  # new nodes were not there before
    if change:
        settle_files(g, config, listing, markdown, added_views)
    step = StepRank(g, {path: rank for path, (rank, _) in roles.items()},
                    {node: i for i, node in enumerate(before)},
                    plans=any(edit.path in plans for edit in edits))
    changed = _settle(g, builder, touched, linked_before, position, before, markdown,
                      len(old_markdown), step)
    if step.plans:
        # RG101's hint and related locations name the plan's entries for a missing file
        # it cites, or for a missing post of a number it plans: such links are judged again
        for node in missing_paths(g):
            if node in cited or g.nodes[node]["kind"] == NodeKind.POST:
                focus.update(src for src in g._pred[node] if src in position)
    for node in changed + _rebuild_graph_facts(g, documents, problems, position, ignored,
                                               change.removed):
        # another kind, or now said to be ignored, or no longer: what links to it is
        # judged again
        whole_corpus = True
        focus.update(src for src in g._pred[node] if src in position)
    return Patched(g, frozenset(focus), whole_corpus, links_added)


def _site_facts(g: nx.MultiDiGraph, builder: _Builder, made: set[str],
                position: Mapping[str, int], focus: set[str]) -> None:
    """What a build records of each file for its site, for the files `made` again (or
    gone): the links no source file makes (RG112, in the order of the files whose build
    made them: a link an MkDocs snippet brings is located in the included file, made by
    the including page's), the cross-references only the site's build resolves (the
    run's count), and which files' links are written in which (`borrowed`). A page whose
    links are written in a file made again is judged again (`focus`): its findings there
    are located in that file, whose findings the run makes anew (a snippet included
    through another, which the page does not link)."""
    borrowed = g.graph.get("borrowed")
    if borrowed is not None:
        focus.update(page for path in sorted(made) for page in borrowed.get(path, ())
                     if page in position)
        if builder.borrowed or any(made & pages for pages in borrowed.values()):
            again = {path: pages - made for path, pages in borrowed.items()}
            for path, pages in builder.borrowed.items():
                again[path] = again.get(path, set()) | pages
            g.graph["borrowed"] = {path: pages for path, pages in again.items() if pages}
            focus.update(page for path in sorted(made) for page in g.graph["borrowed"].get(
                path, ()) if page in position)
    unverifiable = g.graph.get("unverifiable", [])
    if builder.unverifiable or any(item["file"] in made for item in unverifiable):
        kept = [item for item in unverifiable if item["file"] not in made]
        g.graph["unverifiable"] = sorted([*kept, *builder.unverifiable],
                                         key=lambda item: position[item["file"]])
    unchecked = g.graph.get("unchecked", {})
    if builder.unchecked or made & unchecked.keys():
        counts = {path: n for path, n in unchecked.items() if path not in made}
        counts.update(builder.unchecked)
        g.graph["unchecked"] = dict(sorted(counts.items(), key=lambda i: position[i[0]]))
        g.graph["unchecked_references"] = sum(counts.values())


def _settle(g: nx.MultiDiGraph, builder: _Builder, touched: set[str],
            linked_before: Mapping[str, bool], position: Mapping[str, int],
            before: list[str], markdown: tuple[str, ...], count: int,
            step: StepRank) -> list[str]:
    """Drop the targets nothing points at any more, put predecessors and nodes back in a
    full build's order (`_order_predecessors`, `_reorder`), and give each missing target
    the kind its first link gives it (`_made_kind`). Returns the targets whose kind
    changed."""
    documents = set(markdown)
    for node in touched - documents:
        if node in g and g.degree(node) == 0:
            g.remove_node(node)  # only the edited file's links made it
    for node in touched:
        if node in g:
            _order_predecessors(g, node, position, step)
    for node in touched - documents:
        if node in g and linked_before[node] and not has_link_into(g, node):
            # a full build would make it later, with the edges that still reach it
            raise Refused(f"{node} is no longer linked")
    _reorder(g, touched, linked_before, before, position, markdown, count, step)
    changed = []
    for node in touched - documents:
        if node in g and not g.nodes[node].get("exists", True) and has_link_into(g, node):
            kind = _made_kind(g, builder, node)
            if kind != g.nodes[node]["kind"]:
                g.nodes[node]["kind"] = kind
                changed.append(node)
    return changed


def _made_kind(g: nx.MultiDiGraph, builder: _Builder, node: str) -> NodeKind:
    """The kind a build gives a missing target: that of the first link to reach it (a
    folder for `x.md/`, else what the path names), which an edit may have changed."""
    source = next(iter(g._pred[node]))  # the first file linking it (`_order_predecessors`)
    data = next(d for d in g._succ[source][node].values() if d["kind"] == EdgeKind.LINKS_TO)
    root = builder.site_of(source)
    landing = site_named(root.kind).land(root, source, data["links"][0]["target"],
                                         builder.corpus.files)
    target = landing.target
    if target.kind is not TargetKind.PATH:  # outside the root: a kind of its own
        return g.nodes[node]["kind"]
    return NodeKind.DIR if target.is_dir else builder.kind_of(node)


def _order_predecessors(g: nx.MultiDiGraph, node: str, position: Mapping[str, int],
                        step: StepRank) -> None:
    """A build links file after file before any other edge, then adds the posts' Next,
    Previously and "requires" edges post after post, then the rest (navigation before
    them; indexes, series and plans after, `StepRank`): predecessors in that order, each
    keeping its place by the first edge it added."""
    def phase(item: tuple[str, dict[Any, dict[str, Any]]]) -> tuple[int, int, int]:
        source, keyed = item
        kinds = {d["kind"] for d in keyed.values()}
        if EdgeKind.LINKS_TO in kinds:
            return 0, position[source], 0
        if EdgeKind.NAV in kinds:
            return 1, 0, 0
        if kinds & _OWN_EDGES:
            return 2, position[source], 0
        return step(source, kinds)

    preds = g._pred[node]
    items = sorted(preds.items(), key=phase)
    preds.clear()
    preds.update(items)


def _reorder(g: nx.MultiDiGraph, touched: set[str], linked_before: Mapping[str, bool],
             before: list[str], position: Mapping[str, int],
             markdown: tuple[str, ...], count: int, step: StepRank) -> None:
    """Nodes in a full build's order: the documents, then the targets the links made, each
    where the first file linking it (in file order) first links it, then what later steps
    made, as before. `count`: the documents `before` starts with (others when files came
    or went). Done in place, so every view of the graph stays valid."""
    def key(node: str) -> tuple[int, int]:
        first = next(iter(g._pred[node]))  # the first file linking it (`_order_predecessors`)
        return position[first], list(g._succ[first]).index(node)

    linked: list[str] = []
    later: list[str] = []
    for node in before[count:]:
        if node in g and node not in position and (node not in touched or not linked_before[node]
                          and not has_link_into(g, node)):
            # untouched, or reached by a post's Next line before and still only by that
            (linked if has_link_into(g, node) else later).append(node)
    keys = [key(node) for node in linked]
    if any(a >= b for a, b in itertools.pairwise(keys)):
        raise Refused("the graph is not in a build's order")  # never, if builds are as read
    for node in sorted((n for n in touched if n in g and n not in position
                        and has_link_into(g, n)), key=key):
        at = bisect.bisect_left(keys, key(node))
        keys.insert(at, key(node))
        linked.insert(at, node)
    if step.plans:  # a doc a plan cites for the first time: made by the plan's step
        known = set(before)
        later += sorted(node for node in touched if node in g and node not in known
                        and made_by_plan(g, node) is not None)
        plan_block(g, later, step.rank)
    order = [*markdown, *linked, *later]
    if len(order) != g.number_of_nodes():
        raise Refused("a node moved between steps of the build")
    for table in (g._node, g._succ, g._pred):
        items = [(node, table[node]) for node in order]
        table.clear()
        table.update(items)


def _rebuild_graph_facts(g: nx.MultiDiGraph, documents: Mapping[str, Document],
                         problems: Sequence[Problem], position: Mapping[str, int],
                         ignored: Callable[[tuple[str, ...]], Mapping[str, str]],
                         removed: frozenset[str] = frozenset()) -> list[str]:
    """The graph-wide facts a build records from each file: parse problems, suppression
    comments, missing targets and why those on disk are left out; and no rule's caches.
    Returns the missing targets whose reason changed."""
    edited = set(documents) | removed
    kept = [p for p in g.graph["problems"] if p.loc.path not in edited]
    g.graph["problems"] = tuple(sorted((*kept, *problems), key=lambda p: (p.loc, p.rule_id)))
    directives = {path: d for path, d in g.graph["directives"].items() if path not in edited}
    directives.update((path, doc.directives) for path, doc in documents.items()
                      if doc.directives)
    g.graph["directives"] = dict(sorted(directives.items(), key=lambda i: position[i[0]]))
    missing = tuple(missing_paths(g))
    reasons = dict(ignored(missing))  # asked again: an ignored target may have come or gone
    changed = []
    for node in missing:
        attrs = g.nodes[node]
        if attrs.get("ignored") != reasons.get(node):
            changed.append(node)
        if node in reasons:
            attrs["ignored"] = reasons[node]
        else:
            attrs.pop("ignored", None)
    g.graph["missing_on_disk"] = (missing, reasons)
    strip(g)
    return changed


def strip(g: nx.MultiDiGraph) -> None:
    """What rules and runs keep on `g` let go for good (`bare`), so a graph kept in the
    process (`graph.watch`) is patched as one loaded from its snapshot is."""
    for name in _CACHES:
        g.graph.pop(name, None)


@contextlib.contextmanager
def bare(g: nx.MultiDiGraph) -> Iterator[nx.MultiDiGraph]:
    """`g` without what rules and the run keep on it, while it is kept as a snapshot; put
    back after (the command line still reads the parse cache's statistics)."""
    kept = {name: g.graph.pop(name) for name in _CACHES if name in g.graph}
    try:
        yield g
    finally:
        g.graph.update(kept)
