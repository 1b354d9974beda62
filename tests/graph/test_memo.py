"""Queries the rules share are kept on the graph they were asked of, not in module-level
caches: a graph is freed once its run is over, and nothing carries over between runs."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from graph.api import load_graph
from graph.checks import run_checks
from graph.config import Config
from graph.model import memo

EXAMPLE = Path(__file__).parents[2] / "examples" / "pyralog-like"


def test_a_checked_graph_is_freed_after_its_run() -> None:
    g = load_graph(EXAMPLE, Config())
    assert run_checks(g, Config())  # every rule ran, and asked every shared query
    ref = weakref.ref(g)
    del g
    gc.collect()
    assert ref() is None


def test_memo_is_per_graph_and_made_again_after_a_change() -> None:
    calls: list[int] = []

    def count(g: object) -> int:
        calls.append(1)
        return len(calls)

    one, two = load_graph(EXAMPLE, Config()), load_graph(EXAMPLE, Config())
    assert (memo(one, "q", count), memo(one, "q", count), memo(two, "q", count)) == (1, 1, 2)
    one.add_node("new.md", kind="doc", exists=False)
    assert memo(one, "q", count) == 3
