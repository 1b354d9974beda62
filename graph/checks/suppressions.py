"""RG004, RG005: the inline suppression comments themselves.

RG004 needs to know which findings the comments dropped, so `run_checks` runs it after
every other rule and leaves the unused spans in `g.graph["unused_spans"]`.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from graph.config import Config
from graph.findings import Finding, Severity
from graph.rules import Rule
from graph.suppress import Span


def unused_suppressions(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A `<!-- refgraph-disable… -->` comment that silences nothing: for a rule it names, no
    finding of that rule falls on the lines it covers (or, naming no rule, no finding at
    all). Comments for rules switched off or not selected in this run are not reported.
    ## Why it matters
    The defect was fixed, or the comment sits on the wrong line; either way it would
    silently swallow the next real finding there.
    ## Failing example
    ```markdown
    <!-- refgraph-disable-next-line RG102 -->
    See [compaction](STORAGE.md#compaction).
    ```
    when `STORAGE.md` has a `## Compaction` heading (the link is fine).
    ## Passing example
    The same link without the comment.
    """
    spans: list[Span] = g.graph.get("unused_spans", [])
    seen: set[tuple[object, str | None]] = set()
    for span in spans:
        key = (span.directive.loc, span.rule)
        if key in seen:
            continue
        seen.add(key)
        what = span.rule or "any rule"
        yield UNUSED_SUPPRESSION.at(span.directive.loc, kind=span.directive.kind.value,
                                    rule=what)


def unknown_suppression_rules(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A suppression comment naming a rule that does not exist (`RG999`, `dangling-anchors`).
    ## Why it matters
    The comment silences nothing, and the finding it was meant for still fails the run.
    ## Failing example
    `<!-- refgraph-disable-next-line RG1O2 -->` (a letter O in place of a zero).
    ## Passing example
    `<!-- refgraph-disable-next-line RG102 -->`; `refgraph rules` lists the ids.
    """
    from graph.checks import RULE_NAMES  # the registry imports this module

    for directives in g.graph.get("directives", {}).values():
        for directive in directives:
            for name in directive.rules:
                if RULE_NAMES.resolve(name) is None:
                    guess = RULE_NAMES.guess(name)
                    yield UNKNOWN_SUPPRESSION_RULE.at(
                        directive.loc, target=name, rule=name,
                        hint=guess.removeprefix("; ") if guess else None)


UNUSED_SUPPRESSION = Rule(
    id="RG004", name="unused-suppression", severity=Severity.WARNING,
    message="refgraph-{kind} comment for {rule} suppresses nothing",
    suggestion="remove the comment, or move it to the line it is meant for",
    check=unused_suppressions)
UNKNOWN_SUPPRESSION_RULE = Rule(
    id="RG005", name="unknown-suppression-rule", severity=Severity.ERROR,
    message="suppression comment names unknown rule {rule!r}",
    suggestion="use a rule id or name from `refgraph rules`",
    check=unknown_suppression_rules)
