"""Every rule, in one explicit tuple, and the function that runs them."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx

from graph.checks.links import DANGLING_ANCHOR, DANGLING_FILE_LINK
from graph.checks.parse import BAD_FRONT_MATTER, FILE_TOO_LARGE, UNREADABLE_FILE
from graph.checks.plan import PLANNED_DOC_MISSING
from graph.checks.series import BROKEN_NEXT_LINK
from graph.config import Config
from graph.findings import Finding
from graph.rules import Rule

REGISTRY: tuple[Rule, ...] = (
    UNREADABLE_FILE,
    BAD_FRONT_MATTER,
    FILE_TOO_LARGE,
    DANGLING_FILE_LINK,
    DANGLING_ANCHOR,
    PLANNED_DOC_MISSING,
    BROKEN_NEXT_LINK,
)

RULE_IDS = frozenset(rule.id for rule in REGISTRY)


def rule_by_id(rule_id: str) -> Rule | None:
    """A rule by its id (`RG102`) or name (`dangling-anchor`)."""
    wanted = rule_id.strip()
    return next((r for r in REGISTRY if wanted.upper() == r.id or wanted == r.name), None)


def run_checks(g: nx.MultiDiGraph, config: Config) -> list[Finding]:
    """Run every enabled rule; return the findings sorted, at their configured severity."""
    findings: list[Finding] = []
    for rule in REGISTRY:
        level = config.level(rule.id, rule.severity)
        if level is None:
            continue
        for finding in rule.check(g, config):
            findings.append(finding if level == finding.severity
                            else replace(finding, severity=level))
    return sorted(set(findings))

