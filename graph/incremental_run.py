"""`check` with the run state (`graph.incremental`): the last run's findings when nothing
they depend on changed; after an edit of plain docs (a site's pages too, while the site
reads them as before), or plain docs and other files added or removed, the last full
run's graph with those files re-derived in it (`graph.incremental_patch`,
`graph.incremental_files`); else a full run, whose graph is kept
for the next (`graph.incremental_snapshot`)."""

from __future__ import annotations

import dataclasses
import gc
import pickle
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import networkx as nx

from docs_index.cache import ParseCache
from docs_index.corpus import Listing, read_listing
from docs_index.model import Document, Problem
from docs_index.sites import SiteRoot, site_named, with_pages
from docs_index.unlisted import why_ignored
from graph.api import (
    Analysis,
    ReadOptions,
    analyze,
    list_files,
    narrowed,
    normal_only,
    reading_config,
)
from graph.build import detect_layout, needs_blocks, post_matcher
from graph.checks import EVERY_RUN, FOCUSED, LATE, REGISTRY, collect, finish, rule_levels
from graph.config import Config
from graph.incremental import (
    RunStore,
    engine,
    run_key,
    settings_text,
    still,
    take_inputs,
    unchanged,
)
from graph.incremental_files import FileChange, dated_folder, linking_folders
from graph.incremental_patch import RULE_CACHES, Refused, Snapshot, bare, patch
from graph.incremental_series import members
from graph.incremental_snapshot import SnapshotStore, hydrate
from graph.incremental_state import Inputs, Outcome, encode
from graph.model import EdgeKind, link_edges
from graph.series import may_be_post
from posts.discover import post_day

if TYPE_CHECKING:
    from graph.watch import KeptSnapshot

PATCH_LIMIT = 64
"""Edited files past which a full run is cheaper than re-deriving each."""
REBASE_AFTER = 8
"""Edited files past which a patched graph replaces the snapshot, so the next run starts
nearer."""


def analyze_incrementally(root: Path, config: Config, read: ReadOptions,
                          only: Sequence[str] = (), *, keep_graph: bool = True,
                          kept: KeptSnapshot | None = None) -> Analysis:
    """`analyze(root, config, read, only=only)`, byte for byte in every report; without a
    cache directory it is exactly that. A reused result has an empty graph, carrying only
    what the command line says on standard error (`site_lines`, `setting_warnings`).
    `graph.graph["incremental"]` says how the result was made: "reused", "patched" or
    "full" (absent when no state was kept). Without `keep_graph`, a graph written as the
    next snapshot is let go as it is written, and the result's graph carries only its
    `graph.graph`, as a reused one: a command that needs no graph (`check`) then holds
    the graph and what packing it makes no longer at once (its peak memory). `kept`: the
    graph of each run is kept there for the next to patch, in place of the snapshot
    file (`graph.watch`; with `keep_graph`)."""
    only = normal_only(only)
    if read.cache_dir is None:
        return analyze(root, config, read, only=only)
    if kept is not None and only:  # the whole corpus kept, as what was asked reads it
        # (never a reused result, whose graph is empty: a kept run is patched or full)
        return narrowed(analyze_incrementally(root, reading_config(config, only), read,
                                              keep_graph=True, kept=kept), only)
    store = RunStore(read.cache_dir)
    if store.refused or not root.is_dir():
        return analyze(root, config, read, only=only)  # which says why a root is none
    listed = list_files(root, config, only)
    listing, sites = listed
    key = run_key(root, only)
    # a graph kept in the process is patched whatever changed: no run state to read
    held = kept.inputs(key) if kept is not None else None
    state = store.load(key) if held is None else None
    inputs = take_inputs(listing, config.max_file_size,
                         held if held is not None else state.inputs if state is not None
                         else None)
    engine_id, settings = engine(), settings_text(config)
    if state is not None and inputs is not None and kept is None and unchanged(
            state, engine_id, settings, inputs, lambda paths: why_ignored(listing.root, paths)):
        done = state.outcome
        g = nx.MultiDiGraph()
        g.graph.update(site_lines=done.site_lines, setting_warnings=done.warnings,
                       incremental="reused")
        return Analysis(g, done.findings, done.stats, only)
    if inputs is None:
        return analyze(root, config, read, only=only, listed=listed)
    snapshots = SnapshotStore(read.cache_dir)
    analysis = _patched(kept if kept is not None else snapshots, key, listing, sites, config,
                        read, inputs, engine_id, settings, only)
    if analysis is None:
        analysis = analyze(root, config, read, only=only, listed=listed)
        analysis.graph.graph.update(incremental="full", read=list(inputs.files))
    g = analysis.graph.graph
    raw = g.pop("raw_findings", None)
    if not still(listing, inputs, g["read"]):
        return analysis  # a file changed while it was read: what was read is unknown
    # a full run's graph is the next snapshot; a patched one, when it is far from its own
    if raw is not None and not only and (
            g["incremental"] == "full" or len(g["read"]) > REBASE_AFTER):
        # made again if asked: their memory (some 50 MB at N=100) serves the packing
        for name in RULE_CACHES:
            g.pop(name, None)
        with bare(analysis.graph):
            snapshots.save(key, Snapshot(engine_id, settings, inputs, analysis.graph, raw,
                                         analysis.stats), consume=not keep_graph)
        if not keep_graph:
            husk = nx.MultiDiGraph()
            husk.graph.update(g)
            analysis = dataclasses.replace(analysis, graph=husk)
            g = husk.graph
    if raw is not None and not only and kept is not None and keep_graph:
        kept.keep(key, Snapshot(engine_id, settings, inputs, analysis.graph, raw,
                                analysis.stats))
    missing, ignored = g["missing_on_disk"]
    outcome = Outcome(analysis.findings, analysis.stats, tuple(g["site_lines"]),
                      tuple(g["setting_warnings"]), missing, dict(ignored))
    if held is None:  # the next command without a kept graph reads it
        store.save(key, encode(key, engine_id, settings, inputs, outcome))
    return analysis


def _patched(snapshots: SnapshotStore | KeptSnapshot, key: str, listing: Listing,
             sites: tuple[SiteRoot, ...], config: Config, read: ReadOptions, inputs: Inputs,
             engine_id: str, settings: str, only: tuple[str, ...]) -> Analysis | None:
    """The last full run's graph with the files edited since re-derived and re-judged; None
    when there is none to start from or the change is not one a patch takes on."""
    if only:
        return None  # a snapshot holds every finding; `only` runs keep no snapshot
    was_enabled = gc.isenabled()
    gc.disable()  # millions of objects that live until the run ends (`api.analyze`)
    snapshot = None
    analysis = None
    try:
        snapshot = snapshots.load(key, engine_id)
        if snapshot is None or snapshot.engine != engine_id or snapshot.settings != settings:
            return None
        before = snapshot.inputs
        change = FileChange(frozenset(inputs.files.keys() - before.files.keys()),
                            frozenset(before.files.keys() - inputs.files.keys()),
                            frozenset(set(before.dirs) ^ set(inputs.dirs)))
        if set(inputs.markdown) - change.added != set(before.markdown) - change.removed:
            return None  # a file read as Markdown or not by another site's rules
        # size and hash: a file over the size limit is "too large" whatever its bytes,
        # and RG003 says its size
        edited = [p for p in inputs.files if p in before.files
                  and inputs.files[p][::2] != before.files[p][::2]]
        markdown = set(inputs.markdown)
        if any(p not in markdown for p in edited):
            return None
        edited += [p for p in linking_folders(snapshot.graph, change) if p not in edited]
        if len(edited) + len(change.added) + len(change.removed) > PATCH_LIMIT:
            return None
        config = reading_config(config, only)
        reader = _Reader(listing, config, read, sites)
        wanted = [*edited, *sorted(p for p in change.added if p in markdown)]
        documents, problems = reader.read(wanted)
        if len(documents) != len(wanted):
            return None  # a file that no longer reads: its node goes, a full run
        # a site now or in the snapshot (one whose last page went is no site any more)
        if any(root.kind != "github" for root in (*sites, *snapshot.graph.graph["sites"])):
            if change:
                return None  # a site's `land` reads the file list its own way
            now = _sites_now(snapshot.graph, sites, documents, reader)
            old = snapshot.graph.graph["sites"]
            if not _alike(now, old):
                if not _alike(now, old, own=frozenset(documents)):
                    return None  # where a page is, or the ids another takes, moved
                # what the sites say of the edited pages alone changed (their ids with what
                # they include, their URL by path): the files linking to them land their
                # links again
                linkers = _linkers(snapshot.graph, documents)
                more, also = reader.read(linkers)
                if len(more) != len(linkers) or len(edited) + len(linkers) > PATCH_LIMIT:
                    return None
                documents.update(more)
                problems = (*problems, *also)
                edited += linkers
                wanted += linkers
                snapshot.graph.graph["sites"] = now
        if change.removed:
            # discovery reads the documents, not the files that did not read
            left = [p for p in snapshot.graph.graph["markdown"] if p not in change.removed]
            # a post removed from its series: discovery runs again (`incremental_patch`)
            posts = members(snapshot.graph.graph.get("all_series", ()))
            if any(dated_folder(posixpath.dirname(p), left, reader.day)
                   for p in sorted(change.removed) if p in before.markdown
                   and p not in posts):
                return None  # the pages left in its folder are a series of dates now
        try:
            hydrate(snapshot.graph, edited)  # as they were, before they are made again
            patched = patch(snapshot, documents, problems, listing, config,
                            lambda paths: why_ignored(listing.root, paths), change)
            g = patched.graph
            # the files whose links the focused rules judge (their reference uses) and the
            # targets whose anchors they read
            hydrate(g, [*sorted(patched.focus), *_fragment_targets(g, patched.focus)])
            levels = rule_levels(g, config)
            whole = frozenset(r.id for r in REGISTRY if r not in LATE) - FOCUSED - EVERY_RUN
            again = EVERY_RUN | (whole if patched.whole_corpus else frozenset())
            kept = [f for f in snapshot.raw if f.rule_id not in again
                    and f.loc.path not in change.removed
                    and not (f.rule_id in FOCUSED and f.loc.path in patched.focus)]
            g.graph["focus"] = patched.focus
            raw = kept + collect(g, config, (r for r in REGISTRY if r.id in FOCUSED), levels)
            del g.graph["focus"]
            raw += collect(g, config, (r for r in REGISTRY if r.id in again), levels)
            findings = finish(g, config, raw, levels)
        except (Refused, pickle.UnpicklingError):
            # a file's links are unpacked when a rule first reads them (`PackedLinks`)
            return None
        links = snapshot.stats.links + patched.links_added
        stats = dataclasses.replace(snapshot.stats, links=links, files=len(listing.files),
                                    documents=len(g.graph["markdown"]),
                                    unchecked_references=g.graph["unchecked_references"])
        g.graph["incremental"] = "patched"
        g.graph["read"] = wanted  # the files this run read: `still` asks them again
        g.graph["raw_findings"] = raw  # the next snapshot's, if it is one
        g.graph["cache"] = reader.cache  # a cache not written is said, as after a full run
        analysis = Analysis(g, findings, stats, only)
        return analysis
    finally:
        if analysis is None and snapshot is not None:
            # with the cycle collector off, a graph that refers to itself (networkx keeps
            # its views on it) would stay in memory through the full run that follows
            snapshot.graph.clear()
            snapshot.raw.clear()
        if was_enabled:
            gc.enable()


def _sites_now(g: nx.MultiDiGraph, sites: tuple[SiteRoot, ...],
               edited: dict[str, Document], reader: _Reader) -> tuple[SiteRoot, ...]:
    """The sites a full build would read now: as detected (their configuration files, and
    the files some of them list), with their pages as the documents now say
    (`build.with_pages`). A page's front matter may set its own URL (a Jekyll
    `permalink:`, a Docusaurus `slug:`), and a page may take ids from another it includes,
    so an edit of one page can move where another's links land. A site that reads its
    pages so has them all read again, through the parse cache, unless it reads nothing but
    their front matter (Jekyll; Hugo without shortcodes that inline pages) and the edited
    pages' front matter is what the snapshot's discovery views hold."""
    paged = [(site_named(root.kind), root) for root in sites]
    views = g.graph["discovery"]
    if all(site.pages is None or site.pages_from_front_matter is not None
           and site.pages_from_front_matter(root) for site, root in paged) and all(
            path in views and views[path][0] == doc.front_matter for path, doc in edited.items()):
        return tuple(g.graph["sites"])  # as detected now (no file came or went), and paged
    if any(site.pages is not None for site, _ in paged):
        rest = [path for path in g.graph["markdown"] if path not in edited]
        read = {**reader.read(rest)[0], **edited}
        documents = {path: read[path] for path in g.graph["markdown"] if path in read}
        sites = tuple(with_pages(root, documents) for root in sites)
    return sites


def _alike(a: object, b: object, own: frozenset[str] = frozenset()) -> bool:
    """Equality that also compares what a site's settings leave out of theirs (the routes
    and ids its pages give, `field(compare=False)`: settings compare as configured), and
    the order of mappings and sequences. An entry keyed by a path in `own` may differ,
    come or go: what a site says of those pages alone."""
    if a is b:  # the snapshot's own sites, when no page could move them (`_sites_now`)
        return True
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(_alike(getattr(a, f.name), getattr(b, f.name), own)
                                          for f in dataclasses.fields(a))
    if isinstance(a, Mapping):
        other = cast(Mapping[Any, Any], b)
        keys = [key for key in a if key not in own]
        return (type(a) is type(b) and keys == [key for key in other if key not in own]
                and all(_alike(a[key], other[key], own) for key in keys))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(cast(tuple, b))
                and all(_alike(x, y, own) for x, y in zip(a, cast(tuple, b), strict=True)))
    return a == b


def _linkers(g: nx.MultiDiGraph, pages: Mapping[str, Document]) -> list[str]:
    """The documents but `pages` whose links land on one of `pages`, in file order."""
    found = {source for page in pages if page in g for source, keyed in g._pred[page].items()
             if any(data["kind"] == EdgeKind.LINKS_TO for data in keyed.values())}
    return [path for path in g.graph["markdown"] if path in found and path not in pages]


def _fragment_targets(g: nx.MultiDiGraph, focus: frozenset[str]) -> list[str]:
    """The nodes whose headings and anchors (`incremental_snapshot.LAZY`) the link rules
    read when they judge the links of `focus`: the targets of those links that name a
    fragment, as no rule reads a target's anchors for a link without one. An index
    linking every post reaches thousands of files, and names an anchor of few."""
    return list(dict.fromkeys(target for _, target, data in link_edges(g, sorted(focus))
                              if any(link["fragment"] for link in data["links"])))


class _Reader:
    """Files read as a full run reads them (the parse cache, and blocks only where a full
    run keeps them)."""

    def __init__(self, listing: Listing, config: Config, read: ReadOptions,
                 sites: tuple[SiteRoot, ...]) -> None:
        self.listing = listing
        self.config = config
        layout = detect_layout(config, listing.files)
        self.keep_blocks = needs_blocks(layout, sites, may_be_post(
            config, listing.files, post_matcher(layout)))
        self.cache = (ParseCache(read.cache_dir, read.cache_max_bytes)
                      if read.cache_dir is not None else None)

    def read(self, paths: list[str]) -> tuple[dict[str, Document], tuple[Problem, ...]]:
        part = dataclasses.replace(self.listing, markdown=tuple(sorted(paths)), problems=())
        corpus = read_listing(part, self.config.max_file_size, self.cache, 1,
                              self.keep_blocks)
        return corpus.documents, corpus.problems

    def day(self, path: str) -> str | None:
        """A page's day, as discovery reads it (`posts.discover.post_day`): from its name,
        else from its front matter, read only then."""
        named = post_day(None, path)
        if named is not None:
            return named
        doc = self.read([path])[0].get(path)
        return post_day(doc, path) if doc is not None else None
