"""Every rule, in one explicit tuple, and the function that runs them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import networkx as nx

from graph.checks.index import (
    DUPLICATE_INDEX_ENTRY,
    INDEX_ENTRY_NOT_POST,
    INDEX_ORDER_MISMATCH,
    POST_NOT_IN_INDEX,
)
from graph.checks.links import (
    ANCHOR_CASE_MISMATCH,
    DANGLING_ANCHOR,
    DANGLING_FILE_LINK,
    DUPLICATE_HEADING_ANCHOR,
    LINK_OUTSIDE_ROOT,
    LINK_TO_DIRECTORY,
    UNDEFINED_REFERENCE,
    UNUSED_REFERENCE_DEFINITION,
)
from graph.checks.orphans import ORPHAN_DOC
from graph.checks.parse import (
    BAD_FRONT_MATTER,
    FILE_TOO_LARGE,
    TOO_DEEPLY_NESTED,
    UNREADABLE_FILE,
)
from graph.checks.parts import UNLINKED_PARTS
from graph.checks.paths import (
    PATH_STEP_MISSING,
    PATH_STEP_NOT_POST,
    PATH_STEP_REPEATED,
    PATH_TIME_MISMATCH,
    POST_UNREACHABLE,
    PREREQUISITE_OUT_OF_ORDER,
)
from graph.checks.plan import (
    CONTENT_GUIDELINE,
    ESTIMATE_MISMATCH,
    NEEDS_CREATION_STALE,
    PLANNED_CITATION_ABSENT,
    PLANNED_DOC_MISSING,
    PLANNED_POST_PUBLISHED,
    REQUIRED_SECTION_MISSING,
)
from graph.checks.series import (
    BROKEN_NEXT_LINK,
    BROKEN_PREVIOUS_LINK,
    FORWARD_REFERENCE,
    MISSING_NAV_LINK,
    ONE_WAY_LINK,
)
from graph.checks.site_links import (
    LINK_LEAVES_SITE,
    LINK_UNVERIFIABLE,
    NAV_ENTRY_MISSING,
    PAGE_NOT_IN_NAV,
)
from graph.checks.stats import (
    PLAN_STATUS_CONTRADICTION,
    STALE_STATISTIC,
    SUCCESS_METRIC_UNMET,
)
from graph.checks.suppressions import UNKNOWN_SUPPRESSION_RULE, UNUSED_SUPPRESSION
from graph.config import Config
from graph.findings import Finding, Severity
from graph.fingerprints import with_fingerprints
from graph.model import NodeKind, nodes_of
from graph.rule_names import RuleNames
from graph.rules import Rule
from graph.suppress import apply_suppressions, spans

REGISTRY: tuple[Rule, ...] = (
    UNREADABLE_FILE,
    BAD_FRONT_MATTER,
    FILE_TOO_LARGE,
    UNUSED_SUPPRESSION,
    UNKNOWN_SUPPRESSION_RULE,
    TOO_DEEPLY_NESTED,
    DANGLING_FILE_LINK,
    DANGLING_ANCHOR,
    UNDEFINED_REFERENCE,
    UNUSED_REFERENCE_DEFINITION,
    ANCHOR_CASE_MISMATCH,
    DUPLICATE_HEADING_ANCHOR,
    LINK_OUTSIDE_ROOT,
    LINK_TO_DIRECTORY,
    LINK_LEAVES_SITE,
    NAV_ENTRY_MISSING,
    PAGE_NOT_IN_NAV,
    LINK_UNVERIFIABLE,
    PLANNED_DOC_MISSING,
    PLANNED_CITATION_ABSENT,
    NEEDS_CREATION_STALE,
    PLANNED_POST_PUBLISHED,
    ESTIMATE_MISMATCH,
    CONTENT_GUIDELINE,
    REQUIRED_SECTION_MISSING,
    BROKEN_NEXT_LINK,
    BROKEN_PREVIOUS_LINK,
    ONE_WAY_LINK,
    MISSING_NAV_LINK,
    POST_NOT_IN_INDEX,
    INDEX_ENTRY_NOT_POST,
    DUPLICATE_INDEX_ENTRY,
    INDEX_ORDER_MISMATCH,
    FORWARD_REFERENCE,
    UNLINKED_PARTS,
    PATH_STEP_MISSING,
    PATH_STEP_NOT_POST,
    PATH_STEP_REPEATED,
    PREREQUISITE_OUT_OF_ORDER,
    PATH_TIME_MISMATCH,
    POST_UNREACHABLE,
    ORPHAN_DOC,
    STALE_STATISTIC,
    PLAN_STATUS_CONTRADICTION,
    SUCCESS_METRIC_UNMET,
)

SERIES_FAMILIES = ("RG3", "RG4")
"""The rules that judge the series itself (navigation, the index, reading paths); they run
only when the series has a post."""

RULE_IDS = frozenset(rule.id for rule in REGISTRY)
RULE_NAMES = RuleNames.of((rule.id, rule.name) for rule in REGISTRY)
"""Resolves what a user typed to name a rule; the one resolver every command uses."""


def rule_by_id(rule_id: str) -> Rule | None:
    """A rule by its id (`RG102`) or name (`dangling-anchor`), in any case."""
    wanted = RULE_NAMES.resolve(rule_id)
    return next((r for r in REGISTRY if r.id == wanted), None)


FOCUSED = frozenset({"RG101", "RG102", "RG104", "RG105", "RG106", "RG107", "RG108",
                     "RG109"})
"""Rules whose findings all sit in the file whose links they judge, and depend only on that
file's links, the facts of their targets and what a plain doc cannot change (the file
list, the plan, the posts): with `focus` set on the graph (`graph.model.focused_links`),
they judge the links of those files alone. The incremental run re-judges the files a change
touches and keeps the rest (`graph.incremental_patch`)."""
EVERY_RUN = frozenset({"RG001", "RG002", "RG003", "RG005", "RG006", "RG103", "RG112"})
"""Rules cheap enough to run whole on every incremental run: a file's parse problems, its
suppression comments, its undefined references (whose hints read every file's
definitions), the links a site generator cannot resolve. The rest (series,
index, plan, paths, orphans, statistics, navigation) read the whole corpus: the
incremental run runs them again when a change alters what they read."""
LATE = (UNUSED_SUPPRESSION,)
"""RG004 runs on what the suppression step left over."""


def rule_levels(g: nx.MultiDiGraph, config: Config) -> dict[str, Severity | None]:
    """Each rule's level for this graph: None for a rule switched off, and for the series
    rules when the corpus has no post."""
    levels = {rule.id: config.level(rule.id, rule.severity) for rule in REGISTRY}
    if not any(data.get("exists") for _, data in nodes_of(g, NodeKind.POST)):
        # a 0-part series: every index entry and step would be "not a post"; the CLI
        # warns that the posts setting matches nothing instead (graph/settings.py)
        levels.update((i, None) for i in levels if i.startswith(SERIES_FAMILIES))
    return levels


def collect(g: nx.MultiDiGraph, config: Config, rules: Iterable[Rule],
            levels: Mapping[str, Severity | None]) -> list[Finding]:
    """What `rules` find, at their configured severity, before suppressions."""
    found: list[Finding] = []
    for rule in rules:
        level = levels[rule.id]
        if level is None:
            continue
        # a finding keeps the severity its rule gave it (RG105 is an error on a static
        # site) unless the configuration sets the rule's level
        configured = rule.id in config.rules
        found += (f if level == f.severity or not configured and level == rule.severity
                  else replace(f, severity=level) for f in rule.check(g, config))
    return found


def finish(g: nx.MultiDiGraph, config: Config, raw: Iterable[Finding],
           levels: Mapping[str, Severity | None]) -> list[Finding]:
    """`raw` (what every rule but RG004 found) less what inline comments suppress, plus
    RG004's findings, sorted and fingerprinted."""
    def to_id(name: str) -> str | None:
        rule = rule_by_id(name)
        return rule.id if rule else None

    all_spans = {path: spans(directives, to_id)
                 for path, directives in sorted(g.graph.get("directives", {}).items())}
    kept, unused = apply_suppressions(raw, all_spans, lambda i: levels[i] is not None)
    g.graph["unused_spans"] = unused
    # repeats are dropped by `with_fingerprints`, keeping the rules' order until it sorts:
    # sorting 100,000 findings out of a set's hash order took ten times as long
    return with_fingerprints(kept + collect(g, config, LATE, levels))


def run_checks(g: nx.MultiDiGraph, config: Config) -> list[Finding]:
    """Run every enabled rule, drop what inline comments suppress, and return the findings
    sorted, at their configured severity. RG004 (unused suppression) runs last, on what the
    suppression step left over. What the rules found before suppressions is kept in
    `g.graph["raw_findings"]`, for the incremental run."""
    levels = rule_levels(g, config)
    raw = collect(g, config, (r for r in REGISTRY if r not in LATE), levels)
    g.graph["raw_findings"] = raw
    return finish(g, config, raw, levels)
