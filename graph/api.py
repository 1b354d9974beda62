"""The public Python API: read a corpus, build its graph, check it."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from docs_index.cache import DEFAULT_MAX_BYTES, ParseCache
from docs_index.corpus import list_corpus, read_listing
from docs_index.sites import as_json
from graph.build import build, detect_layout, needs_blocks
from graph.checks import RULE_NAMES, run_checks
from graph.config import Config, load_config
from graph.findings import Finding
from graph.model import EdgeKind, edges_of
from graph.report.summary import Report, RunStats
from graph.settings import series_found, setting_warnings


@dataclass(frozen=True)
class Analysis:
    graph: nx.MultiDiGraph
    findings: list[Finding]
    stats: RunStats

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


def load_graph(root: str | Path, config: Config | None = None,
               read: ReadOptions | None = None) -> nx.MultiDiGraph:
    """Read every file under `root` once and build the graph (no checks run)."""
    root = Path(root)
    read = read if read is not None else ReadOptions()
    config = config if config is not None else load_config(root, None, RULE_NAMES)
    cache = (ParseCache(read.cache_dir, read.cache_max_bytes)
             if read.cache_dir is not None else None)
    listing = list_corpus(root, config.exclude, config.roots)
    layout = detect_layout(config, listing.files)
    corpus = read_listing(listing, config.max_file_size, cache, read.jobs, needs_blocks(layout))
    g = build(corpus, config)
    series = series_found(config, layout, listing.files)
    g.graph["series"] = series
    g.graph["setting_warnings"] = setting_warnings(config, series, listing.markdown)
    if cache is not None:
        g.graph["cache"] = cache
    return g


def analyze(root: str | Path, config: Config | None = None,
            read: ReadOptions | None = None) -> Analysis:
    """Build the graph of the corpus under `root` and run every enabled check."""
    root = Path(root)
    config = config if config is not None else load_config(root, None, RULE_NAMES)
    with _no_cycle_collection():
        g = load_graph(root, config, read)
        links = sum(1 for _ in edges_of(g, EdgeKind.LINKS_TO))
        sites = tuple(as_json(g.graph["sites"])) if g.graph["site_lines"] else ()
        stats = RunStats(files=len(g.graph["files"]), documents=g.graph["documents"],
                         links=links, sites=sites)
        return Analysis(g, run_checks(g, config), stats)


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
