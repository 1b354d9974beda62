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


def order(finding: Finding) -> tuple[str, int, int, str, str]:
    """A finding's place in the dataclass order (its location, rule and message) as one
    plain tuple, to sort by: `sorted(findings)` calls the generated `__lt__`, which builds
    two tuples of `Location`s per comparison; 100,000 findings took seconds, this a tenth."""
    loc = finding.loc
    return loc.path, loc.line, loc.col, finding.rule_id, finding.message
