"""A finding: one problem at one place. Frozen and ordered, so reports are deterministic."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from docs_index.model import Location


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, order=True)
class Related:
    """Another place that explains a finding (the plan entry behind a missing doc, the first
    of two duplicate entries); SARIF's `relatedLocations`."""

    loc: Location
    message: str


@dataclass(frozen=True, order=True)
class Finding:
    loc: Location
    rule_id: str
    message: str
    severity: Severity = field(compare=False)
    suggestion: str = field(default="", compare=False)
    target: str = field(default="", compare=False)
    """The link as written, where the finding is about a link."""
    related: tuple[Related, ...] = field(default=(), compare=False)
    fingerprint: str = field(default="", compare=False)
    """Stable across line shifts and unrelated edits; set by `graph.fingerprints`."""
