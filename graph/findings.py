"""A finding: one problem at one place. Frozen and ordered, so reports are deterministic."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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


def changed(finding: Finding, **changes: Any) -> Finding:
    """`dataclasses.replace(finding, **changes)` for a run's 100,000 findings: `replace`
    walks the class's fields and calls `__init__` (eight frozen `__setattr__`s), seven
    times the cost of copying the instance's `__dict__`, as `copy.copy` does. `Finding`
    has no `__post_init__` to skip, and the names are checked, so a typo still fails."""
    fields = finding.__dict__
    new = object.__new__(Finding)
    copied = new.__dict__
    copied.update(fields, **changes)
    if len(copied) != len(fields):  # a name that is no field was added
        raise TypeError(f"Finding has no field {sorted(changes.keys() - fields.keys())[0]!r}")
    return new


def changed_one(finding: Finding, name: str, value: Any) -> Finding:
    """`changed(finding, name=value)` for one field named by a string, without the keyword
    dictionary: RG101 moves one finding to each of 100,000 places and fingerprinting sets
    one field of each finding, and making `**changes` was half of a copy's cost."""
    fields = finding.__dict__
    if name not in fields:
        raise TypeError(f"Finding has no field {name!r}")
    copied = fields.copy()
    copied[name] = value
    new = object.__new__(Finding)
    object.__setattr__(new, "__dict__", copied)  # the copy made whole, not filled in
    return new
