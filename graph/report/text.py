"""`file:line:col: RULE severity message (hint)` per finding, like pyflakes' messages, and a
one-line summary."""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.findings import Finding
from graph.report.summary import Report, RunStats, severity_counts

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def one_line(text: str) -> str:
    """A file name may hold a newline or other control characters: escaped (`\\n`), so each
    finding stays on one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def format_finding(finding: Finding) -> str:
    hint = f" ({finding.suggestion})" if finding.suggestion else ""
    return one_line(f"{finding.loc}: {finding.rule_id} {finding.severity.value} "
                    f"{finding.message}{hint}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"


def summary_line(findings: Sequence[Finding], stats: RunStats) -> str:
    checked = f"{_count(stats.documents, 'Markdown file')}, {_count(stats.links, 'link')}"
    if not findings:
        return f"No findings in {checked}."
    counts = severity_counts(findings)
    parts = [_count(n, name) for name, n in counts.items() if n]
    return f"Found {_count(len(findings), 'finding')} ({', '.join(parts)}) in {checked}."


def render_text(report: Report) -> str:
    lines = [format_finding(f) for f in report.findings]
    lines.append(summary_line(report.findings, report.stats))
    lines += report.scope.notes
    return "\n".join(lines) + "\n"
