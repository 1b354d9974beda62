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
from graph.report.text import one_line, summary_line

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
    # the message and the hint are a line each, with control characters (ESC of a
    # terminal sequence, a newline in a file name) escaped as in the text format; the
    # file property stays as it is, as the runner must find that file
    text = one_line(finding.message) + (f"\n{one_line(finding.suggestion)}"
                                        if finding.suggestion else "")
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{COMMANDS[finding.severity.value]} {joined}::{escape_data(text)}"


def render_github(report: Report) -> str:
    names = rule_names()
    return "".join(annotation(f, report, names) + "\n" for f in report.findings)


_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = frozenset("\\`*_[]()!|~$@#")
"""What starts or ends inline Markdown in a cell or list item: code, emphasis, links and
images, table cells, strike-through, math (`$`), mentions (`@`), issue links (`#1`)."""


def _cell(text: str) -> str:
    """Corpus text as plain text in Markdown, for a table cell or a list item: control
    characters escaped as in the text format, one line, `&`, `<`, `>` as entities (no
    raw HTML), and the punctuation of inline Markdown backslash-escaped (CommonMark lets
    any ASCII punctuation be), so a link target written `![a](https://…/p.png)` shows as written
    instead of loading a remote image, and `|` cannot end a table cell, `$` start math,
    `*`, `_`, `~` emphasis or strike-through, `#` a heading."""
    return "".join(_HTML.get(ch) or (f"\\{ch}" if ch in _INLINE else ch)
                   for ch in " ".join(one_line(text).split()))


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
