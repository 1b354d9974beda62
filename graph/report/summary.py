"""Counts shared by the reporters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from graph.findings import Finding, Severity


@dataclass(frozen=True)
class RunStats:
    """What was checked; reported beside the findings."""

    files: int
    documents: int
    links: int


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = Counter(f.severity.value for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}
