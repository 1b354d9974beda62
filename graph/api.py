"""The public Python API: read a corpus, build its graph, check it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from docs_index.corpus import read_corpus
from graph.build import build
from graph.checks import RULE_IDS, run_checks
from graph.config import Config, load_config
from graph.findings import Finding
from graph.model import EdgeKind
from graph.report.summary import Report, RunStats


@dataclass(frozen=True)
class Analysis:
    graph: nx.MultiDiGraph
    findings: list[Finding]
    stats: RunStats

    def report(self, prefix: str = "") -> Report:
        """Every finding, unscoped, for a reporter."""
        return Report(self.findings, self.stats, prefix)


def load_graph(root: str | Path, config: Config | None = None) -> nx.MultiDiGraph:
    """Read every file under `root` once and build the graph (no checks run)."""
    root = Path(root)
    config = config if config is not None else load_config(root, None, RULE_IDS)
    corpus = read_corpus(root, config.exclude, config.max_file_size, config.roots)
    return build(corpus, config)


def analyze(root: str | Path, config: Config | None = None) -> Analysis:
    """Build the graph of the corpus under `root` and run every enabled check."""
    root = Path(root)
    config = config if config is not None else load_config(root, None, RULE_IDS)
    g = load_graph(root, config)
    links = sum(1 for *_, kind in g.edges(data="kind") if kind == EdgeKind.LINKS_TO)
    stats = RunStats(files=len(g.graph["files"]), documents=g.graph["documents"], links=links)
    return Analysis(g, run_checks(g, config), stats)
