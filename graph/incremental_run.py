"""`check` with the run state (`graph.incremental`): the last run's findings when nothing
they depend on changed, else a full run whose result is kept for the next."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from docs_index.unlisted import why_ignored
from graph.api import Analysis, ReadOptions, analyze, list_files, normal_only
from graph.config import Config
from graph.incremental import RunStore, engine, run_key, settings_text, take_inputs, unchanged
from graph.incremental_state import Outcome, encode


def analyze_incrementally(root: Path, config: Config, read: ReadOptions,
                          only: Sequence[str] = ()) -> Analysis:
    """`analyze(root, config, read, only=only)`, byte for byte in every report; without a
    cache directory, or for a corpus a site generator publishes (`graph.incremental` says
    why), it is exactly that. A reused result has an empty graph, carrying only what the
    command line says on standard error (`site_lines`, `setting_warnings`)."""
    only = normal_only(only)
    if read.cache_dir is None:
        return analyze(root, config, read, only=only)
    store = RunStore(read.cache_dir)
    if store.refused or not root.is_dir():
        return analyze(root, config, read, only=only)  # which says why a root is none
    listed = list_files(root, config, only)
    listing, sites = listed
    if any(site.kind != "github" for site in sites):
        return analyze(root, config, read, only=only, listed=listed)
    key = run_key(root, only)
    state = store.load(key)
    inputs = take_inputs(listing, config.max_file_size,
                         state.inputs if state is not None else None)
    engine_id, settings = engine(), settings_text(config)
    if state is not None and inputs is not None and unchanged(
            state, engine_id, settings, inputs, lambda paths: why_ignored(listing.root, paths)):
        done = state.outcome
        g = nx.MultiDiGraph()
        g.graph.update(site_lines=done.site_lines, setting_warnings=done.warnings)
        return Analysis(g, done.findings, done.stats, only)
    analysis = analyze(root, config, read, only=only, listed=listed)
    if inputs is not None:
        g = analysis.graph.graph
        missing, ignored = g["missing_on_disk"]
        outcome = Outcome(analysis.findings, analysis.stats, tuple(g["site_lines"]),
                          tuple(g["setting_warnings"]), missing, dict(ignored))
        store.save(key, encode(key, engine_id, settings, inputs, outcome))
    return analysis
