"""Findings as one JSON object; `version` changes only when the shape does."""

from __future__ import annotations

import json
from collections.abc import Sequence

from graph.findings import Finding
from graph.report.summary import RunStats, severity_counts

SCHEMA_VERSION = 1


def finding_dict(finding: Finding, names: dict[str, str]) -> dict[str, object]:
    return {
        "rule": finding.rule_id,
        "name": names.get(finding.rule_id, ""),
        "severity": finding.severity.value,
        "file": finding.loc.path,
        "line": finding.loc.line,
        "column": finding.loc.col,
        "message": finding.message,
        "hint": finding.suggestion,
        "target": finding.target or None,
    }


def render_json(findings: Sequence[Finding], stats: RunStats) -> str:
    from graph.checks import REGISTRY  # the rule names, for readers of the report

    names = {rule.id: rule.name for rule in REGISTRY}
    payload = {
        "version": SCHEMA_VERSION,
        "tool": "refgraph",
        "findings": [finding_dict(f, names) for f in findings],
        "summary": {
            "findings": len(findings),
            "by_severity": severity_counts(findings),
            "documents": stats.documents,
            "files": stats.files,
            "links": stats.links,
        },
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
