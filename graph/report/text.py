"""`file:line:col: RULE severity message (hint)` per finding, like pyflakes' messages, and a
one-line summary."""

from __future__ import annotations

from collections.abc import Sequence

from graph.findings import Finding
from graph.report.summary import RunStats, severity_counts


def format_finding(finding: Finding) -> str:
    hint = f" ({finding.suggestion})" if finding.suggestion else ""
    return (f"{finding.loc}: {finding.rule_id} {finding.severity.value} "
            f"{finding.message}{hint}")


def summary_line(findings: Sequence[Finding], stats: RunStats) -> str:
    checked = f"{stats.documents} Markdown files, {stats.links} links"
    if not findings:
        return f"No findings in {checked}."
    counts = severity_counts(findings)
    parts = [f"{n} {name}{'s' if n != 1 and name != 'info' else ''}"
             for name, n in counts.items() if n]
    return f"Found {len(findings)} findings ({', '.join(parts)}) in {checked}."


def render_text(findings: Sequence[Finding], stats: RunStats) -> str:
    lines = [format_finding(f) for f in findings]
    lines.append(summary_line(findings, stats))
    return "\n".join(lines) + "\n"
