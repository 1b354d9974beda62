"""`file:line:col: RULE severity message (hint)` per finding, like pyflakes' messages, and a
one-line summary; on a terminal, in colour."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import click

from graph.findings import Finding
from graph.report.summary import Report, RunStats, rule_names, severity_counts

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_SEVERITY_COLOR = {"error": "red", "warning": "yellow", "info": "cyan"}


@dataclass(frozen=True)
class TextStyle:
    """How the text report is shown; never which findings it has."""

    color: bool = False
    """ANSI colours (click.style), for a terminal."""
    quiet: bool = False
    """Only the summary line (and the notes of a scoped run)."""
    statistics: bool = False
    """A count per rule instead of each finding, as ruff's `--statistics`."""


def use_color(choice: str, isatty: bool, environ: Mapping[str, str]) -> bool:
    """`--color always|never` as said; `auto` only on a terminal that is not `TERM=dumb`,
    and not when `NO_COLOR` is set to anything but the empty string (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return isatty and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


def one_line(text: str) -> str:
    """A file name may hold a newline or other control characters: escaped (`\\n`), so each
    finding stays on one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def format_finding(finding: Finding, color: bool = False) -> str:
    hint = f" ({finding.suggestion})" if finding.suggestion else ""
    if not color:
        return one_line(f"{finding.loc}: {finding.rule_id} {finding.severity.value} "
                        f"{finding.message}{hint}")
    # each part is escaped before it is styled: the styles' own ESC bytes must survive
    loc = finding.loc
    severity = finding.severity.value
    return (f"{click.style(one_line(loc.path), bold=True)}:{loc.line}:{loc.col}: "
            f"{click.style(finding.rule_id, fg=_SEVERITY_COLOR[severity], bold=True)} "
            f"{click.style(severity, fg=_SEVERITY_COLOR[severity])} "
            f"{one_line(finding.message)}{click.style(one_line(hint), dim=True)}")


def _plain_lines(findings: Sequence[Finding]) -> list[str]:
    """`format_finding` of each finding, with what findings share (the file, and the rule,
    severity, message and hint after the place) escaped once: the 100,000 findings of one
    line of links differ only in their column, and the escaping pattern run over each
    whole line was a third of the report's time. Escaping is per character, so escaping
    the parts is escaping the line."""
    paths: dict[str, str] = {}
    tails: dict[tuple[str, str, str, str], str] = {}
    lines = []
    for finding in findings:
        loc = finding.loc
        path = paths.get(loc.path)
        if path is None:
            path = paths[loc.path] = one_line(loc.path)
        said = (finding.rule_id, finding.severity, finding.message, finding.suggestion)
        tail = tails.get(said)
        if tail is None:
            hint = f" ({finding.suggestion})" if finding.suggestion else ""
            tail = tails[said] = one_line(f": {finding.rule_id} {finding.severity.value} "
                                          f"{finding.message}{hint}")
        lines.append(f"{path}:{loc.line}:{loc.col}{tail}")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 or noun == "info" else f"{n:,} {noun}s"


def summary_line(findings: Sequence[Finding], stats: RunStats) -> str:
    checked = f"{_count(stats.documents, 'Markdown file')}, {_count(stats.links, 'link')}"
    if stats.unchecked_references:  # said only when there are some: old reports unchanged
        checked += (f"; {_count(stats.unchecked_references, 'cross-reference')} only a "
                    "plugin or preprocessor resolves, not checked")
    if not findings:
        return f"No findings in {checked}."
    counts = severity_counts(findings)
    parts = [_count(n, name) for name, n in counts.items() if n]
    return f"Found {_count(len(findings), 'finding')} ({', '.join(parts)}) in {checked}."


def statistics_lines(findings: Sequence[Finding], names: Mapping[str, str]) -> list[str]:
    """`count  RULE  severity  name` per rule, the most frequent first, then by id."""
    counts = Counter((f.rule_id, f.severity.value) for f in findings)
    width = max((len(f"{n:,}") for n in counts.values()), default=1)
    return [f"{n:>{width},}  {rule}  {severity:<7}  {names.get(rule, '')}".rstrip()
            for (rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render_text(report: Report, style: TextStyle | None = None) -> str:
    style = style or TextStyle()
    if style.quiet:
        lines = []
    elif style.statistics:
        lines = statistics_lines(report.findings, rule_names())
    elif style.color:
        lines = [format_finding(f, True) for f in report.findings]
    else:
        lines = _plain_lines(report.findings)
    summary = summary_line(report.findings, report.stats)
    lines.append(click.style(summary, bold=True) if style.color else summary)
    lines += report.scope.notes
    return "\n".join(lines) + "\n"
