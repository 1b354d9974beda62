"""What every reporter receives: the findings, what was checked, and how the run was scoped."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.findings import Finding, Severity


@dataclass(frozen=True)
class RunStats:
    """What was checked; reported beside the findings."""

    files: int
    documents: int
    links: int
    sites: tuple[dict[str, object], ...] = ()
    """The sites the corpus was read as (`docs_index.sites.as_json`), when any is not
    GitHub; empty when all of it is read as GitHub shows it."""
    unchecked_references: int = 0
    """Cross-references only a plugin or preprocessor resolves (mkdocstrings'
    `[Class][pkg.Class]` on an MkDocs site, an mdBook preprocessor's `[items.fn]`): not
    checkable from Markdown, so counted instead of reported."""


@dataclass(frozen=True)
class Scope:
    """Why some findings of the run are not in the report (baseline, `--diff-base`)."""

    notes: tuple[str, ...] = ()
    """One line each, e.g. `12 known findings from baseline refgraph-baseline.json not shown`."""
    baseline_known: int = 0
    baseline_fixed: tuple[dict[str, object], ...] = ()
    """Baseline entries no finding matches any more, as written in the baseline file."""
    diff_base: str = ""
    """The merge-base commit under `--diff-base`, else empty."""
    changed_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    findings: Sequence[Finding]
    """Sorted, fingerprinted, already filtered by baseline and `--diff-base`."""
    stats: RunStats
    prefix: str = ""
    """The checked root relative to the working directory (`docs`), prepended to paths by
    the formats that CI resolves from the repository root (SARIF, GitHub, JUnit)."""
    scope: Scope = field(default_factory=Scope)

    def path(self, path: str) -> str:
        return posixpath.join(self.prefix, path) if self.prefix else path


def rule_names() -> dict[str, str]:
    """Rule id → name, for reporters that print names beside ids."""
    from graph.checks import REGISTRY  # imported late: the registry's modules import reporters

    return {rule.id: rule.name for rule in REGISTRY}


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = Counter(f.severity.value for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}
