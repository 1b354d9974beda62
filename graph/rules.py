"""A rule is data plus one pure check function over the graph."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from docs_index.model import Location
from graph.findings import Finding, Related, Severity

if TYPE_CHECKING:
    from graph.config import Config

Check = Callable[[nx.MultiDiGraph, "Config"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    """Stable forever; a retired id is never reused."""
    name: str
    severity: Severity
    """Default severity; config may override it."""
    message: str
    """One line, lower-case, no trailing period; `str.format` fields filled by the check."""
    suggestion: str
    """How to fix it; may be replaced per finding when a better hint is known."""
    check: Check

    @property
    def doc(self) -> str:
        """The explanation `refgraph explain` prints: the check function's docstring."""
        return inspect.cleandoc(self.check.__doc__ or "")

    def at(self, loc: Location, *, target: str = "", hint: str | None = None,
           related: tuple[Related, ...] = (), **args: Any) -> Finding:
        args["target"] = target
        suggestion = hint if hint is not None else self.suggestion.format(**args)
        return Finding(loc, self.id, self.message.format(**args), self.severity,
                       suggestion, target, tuple(sorted(related)))
