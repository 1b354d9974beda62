"""CPU seconds of each stage of one `refgraph check` run, measured in this process with
`time.process_time` (no profiler, which would triple the cost of small calls).

Usage::

    python benchmarks/stages.py DIR [check options, e.g. --format json -o /dev/null]

The run is `refgraph check --no-cache DIR …` as the executable makes it (cycle collector
off), with the functions below wrapped to time them. Stages are nested where the code
nests them: `checks` holds each rule and `fingerprints and sorting`; `imports` is
refgraph's own modules and their dependencies, imported before anything else. A name a
later version no longer has is left out of the table, not an error. Standard library only,
besides refgraph itself.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import sys
import time
from collections.abc import Callable
from typing import Any

_STAGES = (
    ("graph.api", "read_listing", "reading and parsing"),
    ("graph.api", "build", "build"),
    ("graph.api", "run_checks", "checks"),
    ("graph.checks", "apply_suppressions", "suppressions"),
    ("graph.checks", "with_fingerprints", "fingerprints and sorting"),
    ("graph.cli", "scoped_report", "scoped report"),
    ("graph.cli", "render_text", "text report"),
)


def _timed(spent: dict[str, float], label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started
    return wrapper


def measure(argv: list[str]) -> dict[str, float]:
    """Stage → CPU seconds of `refgraph check --no-cache *argv`."""
    gc.disable()
    spent: dict[str, float] = {}
    started = time.process_time()
    import graph.checks
    import graph.cli
    import graph.report
    spent["imports"] = time.process_time() - started
    modules = {"graph.api": sys.modules["graph.api"], "graph.checks": graph.checks,
               "graph.cli": graph.cli}
    for module, name, label in _STAGES:
        if hasattr(modules[module], name):
            setattr(modules[module], name, _timed(spent, label, getattr(modules[module], name)))
    for rule in graph.checks.REGISTRY:  # frozen: a rule's check is swapped in place
        # a check is a generator: timed while its findings are drawn
        drawn = _timed(spent, f"rule {rule.id}", lambda g, c, check=rule.check: list(check(g, c)))
        object.__setattr__(rule, "check", drawn)
    for name, render in list(graph.report.FORMATS.items()):
        if name != "text":
            graph.report.FORMATS[name] = _timed(spent, f"{name} report", render)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        graph.cli.main(["check", "--no-cache", *argv], standalone_mode=True)
    spent["total"] = time.process_time() - started
    return spent


def main() -> None:
    spent = measure(sys.argv[1:])
    rules = sum(v for k, v in spent.items() if k.startswith("rule "))
    print(f"{'all rules':<28}{rules:7.2f}")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.01 or not label.startswith("rule "):  # every stage, the costly rules
            print(f"{label:<28}{seconds:7.2f}")


if __name__ == "__main__":
    main()
