"""Apply inline suppression comments (`docs_index/suppress.py`) to findings.

Each directive becomes spans of lines in its file, one per rule it names (or one for every
rule). A finding inside a span is dropped and the span is marked used; spans that drop
nothing are handed back, for RG004 to report.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from docs_index.suppress import Directive, DirectiveKind
from graph.findings import Finding


@dataclass(frozen=True)
class Span:
    directive: Directive
    rule: str | None
    """A rule id, or None for every rule."""
    first: int
    last: float
    """Last line covered; `math.inf` to the end of the file."""

    def covers(self, finding: Finding) -> bool:
        return (self.first <= finding.loc.line <= self.last
                and self.rule in (None, finding.rule_id))


def spans(directives: Iterable[Directive], to_id: Callable[[str], str | None]) -> list[Span]:
    """The spans of one file's directives, in file order. Unknown rule names are skipped
    here (RG005 reports them)."""
    result: list[Span] = []
    open_spans: dict[str | None, tuple[Directive, int]] = {}

    def close(rule: str | None, line: int) -> None:
        directive, first = open_spans.pop(rule)
        result.append(Span(directive, rule, first, line - 1))

    for d in directives:
        ids = [to_id(r) for r in d.rules] if d.rules else [None]
        line = d.loc.line
        for rule in ids:
            if d.rules and rule is None:
                continue
            if d.kind is DirectiveKind.NEXT_LINE:
                result.append(Span(d, rule, line + 1, line + 1))
            elif d.kind is DirectiveKind.LINE:
                result.append(Span(d, rule, line, line))
            elif d.kind is DirectiveKind.FILE:
                result.append(Span(d, rule, 1, math.inf))
            elif d.kind is DirectiveKind.DISABLE:
                if rule not in open_spans:
                    open_spans[rule] = (d, line)
            elif rule is None:
                for key in list(open_spans):
                    close(key, line)
            elif rule in open_spans:
                close(rule, line)
    for rule, (directive, first) in open_spans.items():
        result.append(Span(directive, rule, first, math.inf))
    return result


def apply_suppressions(findings: Iterable[Finding], all_spans: dict[str, list[Span]],
                       ran: Callable[[str], bool]) -> tuple[list[Finding], list[Span]]:
    """Findings no span covers, and the spans that covered nothing although their rule ran
    (a span for a rule switched off or not selected is not "unused")."""
    used: set[Span] = set()
    kept: list[Finding] = []
    for finding in findings:
        in_file = all_spans.get(finding.loc.path)
        if not in_file:  # most files have no suppression comment
            kept.append(finding)
            continue
        covering = [s for s in in_file if s.covers(finding)]
        used.update(covering)
        if not covering:
            kept.append(finding)
    unused = [s for path in sorted(all_spans) for s in all_spans[path]
              if s not in used and (s.rule is None or ran(s.rule))]
    return kept, unused
