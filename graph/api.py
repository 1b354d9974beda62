"""The public Python API: read a corpus, build its graph, check it."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from docs_index.cache import DEFAULT_MAX_BYTES, ParseCache
from docs_index.corpus import Listing, list_corpus, read_listing
from docs_index.sites import SiteRoot, as_json, detect, not_read, with_site_pages
from docs_index.unlisted import why_ignored, with_tracked
from graph.build import (
    build,
    detect_layout,
    mark_ignored,
    missing_paths,
    needs_blocks,
    post_matcher,
)
from graph.checks import RULE_NAMES, run_checks
from graph.config import Config, generic_site, load_config
from graph.findings import Finding
from graph.incremental_patch import discovery_views
from graph.model import EdgeKind, edges_of
from graph.progress import ProgressFn
from graph.project import in_scope
from graph.report.summary import Report, RunStats
from graph.series import may_be_post
from graph.settings import series_found, setting_warnings


@dataclass(frozen=True)
class Analysis:
    graph: nx.MultiDiGraph
    findings: list[Finding]
    """Those in the files asked for (`only`), when some were."""
    stats: RunStats
    only: tuple[str, ...] = ()
    """The files and folders the run was asked about, relative to the root; empty for all."""

    def report(self, prefix: str = "") -> Report:
        """Every finding, unscoped, for a reporter."""
        return Report(self.findings, self.stats, prefix)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_cache_dir() -> Path:
    """`$REFGRAPH_CACHE_DIR`, else the user cache directory (`$XDG_CACHE_HOME/refgraph`,
    `~/.cache/refgraph`, `~/Library/Caches/refgraph`, `%LOCALAPPDATA%\\refgraph\\Cache`):
    never inside the checked tree."""
    import platformdirs  # only when a cache is used

    return Path(os.environ.get("REFGRAPH_CACHE_DIR")
                or platformdirs.user_cache_dir("refgraph", appauthor=False))


@dataclass(frozen=True)
class ReadOptions:
    """How files are read; never what is found in them."""

    cache_dir: Path | None = None
    """Where parse results are cached; None: no cache, every file is parsed."""
    jobs: int = 1
    """Processes that parse files the cache does not have."""
    cache_max_bytes: int = DEFAULT_MAX_BYTES
    progress: ProgressFn | None = None
    """Told how far reading and checking are (`graph.progress`); None: nothing is told."""


def _existing_folder(root: str | Path) -> Path:
    """`root`, or the error that says why it cannot be one: an empty result for a
    mistyped path would read as a clean corpus."""
    path = Path(root)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "no such directory to check", str(path))
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "the root to check must be a directory "
                                 "(pass files as only=[...])", str(path))
    return path


def reading_config(config: Config, only: Sequence[str]) -> Config:
    """`only` (paths relative to the root) added to the configured `roots`, so that what
    was asked for is read even when `roots` leaves it out."""
    if only and config.roots:
        return dataclasses.replace(config, roots=(*config.roots, *only))
    return config


def list_files(root: Path, config: Config, only: Sequence[str] = (),
               ) -> tuple[Listing, tuple[SiteRoot, ...]]:
    """What a run reads under `root`, and the sites it is published as (detecting them
    reads each site's configuration file), before any Markdown file is read."""
    config = reading_config(config, only)
    listing = with_tracked(list_corpus(root, config.exclude, config.roots), config.exclude,
                           config.roots)
    sites = detect(root, listing.files, config.site, generic_site(config))
    listing = with_site_pages(listing, sites, config.exclude, config.roots)  # `.mdx`
    if any(r.not_read for r in sites):  # a site's templates (Hugo archetypes/) are no pages
        listing = dataclasses.replace(listing, markdown=tuple(
            p for p in listing.markdown if not not_read(sites, p)))
    return listing, tuple(sites)


def load_graph(root: str | Path, config: Config | None = None,
               read: ReadOptions | None = None, *,
               only: Sequence[str] = (),
               listed: tuple[Listing, tuple[SiteRoot, ...]] | None = None,
               ) -> nx.MultiDiGraph:
    """Read every file under `root` once and build the graph (no checks run).

    `only` (paths relative to `root`) adds those files and folders to the configured
    `roots`, so that what was asked for is read even when `roots` leaves it out.
    `listed`: what `list_files` gave for this root, config and `only`, when the caller
    already asked.
    """
    root = _existing_folder(root)
    read = read if read is not None else ReadOptions()
    config = config if config is not None else load_config(root, None, RULE_NAMES)
    configured = config  # what the settings say, for the warnings about them
    listing, sites = listed if listed is not None else list_files(root, config, only)
    config = reading_config(config, only)
    cache = (ParseCache(read.cache_dir, read.cache_max_bytes)
             if read.cache_dir is not None else None)
    layout = detect_layout(config, listing.files)
    keep_blocks = needs_blocks(layout, sites,
                               may_be_post(config, listing.files, post_matcher(layout)))
    corpus = read_listing(listing, config.max_file_size, cache, read.jobs, keep_blocks,
                          read.progress)
    if read.progress is not None:
        read.progress("building the graph", 0, 0)
    g = build(corpus, config, sites)
    g.graph["markdown"] = tuple(corpus.documents)
    g.graph["discovery"] = discovery_views(corpus.documents, config)  # incremental runs
    missing = missing_paths(g)
    reasons = why_ignored(corpus.root, missing)
    mark_ignored(g, reasons)
    g.graph["missing_on_disk"] = (tuple(missing), reasons)  # asked again by a reusing run
    series = series_found(configured, layout, listing.files)
    g.graph["series"] = series
    g.graph["setting_warnings"] = setting_warnings(configured, series, listing.markdown)
    if cache is not None:
        g.graph["cache"] = cache
    return g


def analyze(root: str | Path, config: Config | None = None,
            read: ReadOptions | None = None, *, only: Sequence[str] = (),
            listed: tuple[Listing, tuple[SiteRoot, ...]] | None = None) -> Analysis:
    """Build the graph of the corpus under `root` and run every enabled check.

    With `only` (files or folders, relative to `root`), the whole corpus is still read,
    so links resolve and whole-corpus rules (orphans, the series) see everything, but
    only the findings located in those files are kept, and only they are counted.
    Raises FileNotFoundError when `root` does not exist, NotADirectoryError when it is a
    file.
    """
    root = _existing_folder(root)
    config = config if config is not None else load_config(root, None, RULE_NAMES)
    only = normal_only(only)
    with _no_cycle_collection():
        g = load_graph(root, config, read, only=only, listed=listed)
        links = sum(1 for _ in edges_of(g, EdgeKind.LINKS_TO))
        sites = tuple(as_json(g.graph["sites"])) if g.graph["site_lines"] else ()
        stats = RunStats(files=len(g.graph["files"]), documents=len(g.graph["markdown"]),
                         links=links, sites=sites,
                         unchecked_references=g.graph.get("unchecked_references", 0))
        if read is not None and read.progress is not None:
            read.progress("checking", 0, 0)
        whole = Analysis(g, run_checks(g, config), stats, ())
        # `in_scope` asked only when some files were: a call per link and per finding
        # otherwise (0.02 s on a line of 100,000 links)
        return narrowed(whole, only) if only else whole


def narrowed(analysis: Analysis, only: tuple[str, ...]) -> Analysis:
    """A whole corpus' `analysis` (its graph read with `reading_config(config, only)`) as
    `analyze(..., only=only)` gives it: the findings in those files, and only they and
    their links counted (`analyze` itself narrows so, and `check --watch`'s kept whole
    corpus)."""
    g = analysis.graph
    links = sum(1 for src, _, _ in edges_of(g, EdgeKind.LINKS_TO) if in_scope(src, only))
    documents = sum(1 for path in g.graph["markdown"] if in_scope(path, only))
    stats = dataclasses.replace(analysis.stats, documents=documents, links=links)
    return Analysis(g, [f for f in analysis.findings if in_scope(f.loc.path, only)], stats,
                    only)


def normal_only(only: Sequence[str]) -> tuple[str, ...]:
    """`only` as a run keeps it: no surrounding slashes, the root itself left out."""
    return tuple(p.strip("/") for p in only if p.strip("/") not in ("", "."))


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: a run makes millions of small objects that live
    until it ends, and it would walk all of them again and again (an eighth of a warm run
    on 1,400 files); what a run throws away has no cycles, and reference counting frees it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
