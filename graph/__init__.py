"""The corpus as one NetworkX graph: build it, check it, report it.

    >>> from graph import analyze
    >>> result = analyze("examples/pyralog-like")
    >>> result.graph.nodes["STORAGE.md"]["kind"]
    'doc'

The names are loaded on first use (PEP 562 `__getattr__`), so importing one small module
of the package (`graph.report.json`, `graph.findings`) does not import networkx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.api import Analysis, analyze, load_graph
    from graph.config import Config, ConfigError, load_config
    from graph.findings import Finding, Severity
    from graph.model import EdgeKind, NodeKind

_HOME = {
    "Analysis": "graph.api", "analyze": "graph.api", "load_graph": "graph.api",
    "Config": "graph.config", "ConfigError": "graph.config", "load_config": "graph.config",
    "Finding": "graph.findings", "Severity": "graph.findings",
    "EdgeKind": "graph.model", "NodeKind": "graph.model",
}

__all__ = [
    "Analysis", "Config", "ConfigError", "EdgeKind", "Finding", "NodeKind", "Severity",
    "analyze", "load_config", "load_graph",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
