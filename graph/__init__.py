"""The corpus as one NetworkX graph: build it, check it, report it.

    >>> from graph import analyze
    >>> result = analyze("examples/pyralog-like")
    >>> result.graph.nodes["STORAGE.md"]["kind"]
    'doc'
"""

from graph.api import Analysis, analyze, load_graph
from graph.config import Config, ConfigError, load_config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind

__all__ = [
    "Analysis", "Config", "ConfigError", "EdgeKind", "Finding", "NodeKind", "Severity",
    "analyze", "load_config", "load_graph",
]
