"""GitHub Actions workflow commands, one per finding, shown on the pull request's diff:
`::error file=blog/02.md,line=46,col=59,title=RG101 dangling-file-link::link to …`.

Escaping follows the runner's rules (actions/toolkit `command.ts`): in the message `%`, CR
and LF become `%25`, `%0D`, `%0A`; in property values `:` and `,` are escaped as well.
`step_summary` is the Markdown table appended to `$GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

from collections import Counter

from graph.findings import Finding
from graph.report.summary import Report, rule_names
from graph.report.text import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SUMMARY_ROWS = 200
"""Findings listed in the step summary; the rest are counted (the summary is capped at 1 MiB)."""


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, report: Report, names: dict[str, str]) -> str:
    props = {
        "file": report.path(finding.loc.path),
        "line": str(finding.loc.line),
        "col": str(finding.loc.col),
        "title": f"{finding.rule_id} {names.get(finding.rule_id, '')}".strip(),
    }
    text = finding.message + (f"\n{finding.suggestion}" if finding.suggestion else "")
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{COMMANDS[finding.severity.value]} {joined}::{escape_data(text)}"


def render_github(report: Report) -> str:
    names = rule_names()
    return "".join(annotation(f, report, names) + "\n" for f in report.findings)


def _cell(text: str) -> str:
    """Markdown table cell: no line breaks, no pipes, no raw HTML."""
    text = " ".join(text.split())
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(raw, escaped)
    return text


def step_summary(report: Report) -> str:
    """A job summary: the counts per rule, then the findings (up to `SUMMARY_ROWS`)."""
    names = rule_names()
    lines = [f"### refgraph: {_cell(summary_line(report.findings, report.stats))}", ""]
    lines += [f"- {_cell(note)}" for note in report.scope.notes]
    if report.scope.notes:
        lines.append("")
    if not report.findings:
        return "\n".join(lines)
    per_rule = Counter((f.rule_id, f.severity.value) for f in report.findings)
    lines += ["| Rule | Name | Severity | Findings |", "|---|---|---|---:|"]
    lines += [f"| {rule} | {names.get(rule, '')} | {severity} | {n} |"
              for (rule, severity), n in sorted(per_rule.items())]
    lines += ["", "| File | Line | Rule | Message |", "|---|---:|---|---|"]
    for f in report.findings[:SUMMARY_ROWS]:
        lines.append(f"| {_cell(report.path(f.loc.path))} | {f.loc.line} | {f.rule_id} | "
                     f"{_cell(f.message)} |")
    if len(report.findings) > SUMMARY_ROWS:
        lines += ["", f"… and {len(report.findings) - SUMMARY_ROWS} more findings."]
    return "\n".join(lines) + "\n"
