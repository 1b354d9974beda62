"""Narrow a run's findings to what a pull request should see: drop what a baseline already
knows, keep only what a change since `--diff-base` touched or caused."""

from __future__ import annotations

import os
from pathlib import Path

from graph.api import Analysis, ReadOptions
from graph.baseline import load_baseline, match_baseline
from graph.config import Config
from graph.findings import Severity
from graph.project import in_scope
from graph.report.summary import Report, Scope
from graph.report.text import one_line


def _plural(n: int, noun: str, nouns: str = "") -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {nouns or noun + 's'}"


def path_prefix(root: Path) -> str:
    """`root` relative to the working directory when inside it (`docs`), else ``: the prefix
    that makes report paths relative to the repository a CI job runs in."""
    try:
        rel = root.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return ""
    return "" if rel == Path() else rel.as_posix()


def scoped_report(analysis: Analysis, root: Path, config: Config, *,
                  baseline: Path | None = None, diff_base: str | None = None,
                  read: ReadOptions | None = None) -> Report:
    """The report a check prints: every finding, or those `diff_base` and `baseline` leave."""
    findings = analysis.findings
    notes: list[str] = []
    scope: dict[str, object] = {}
    if diff_base:
        from graph.diffbase import caused_by_change, changed_files, findings_at

        change = changed_files(root, diff_base)
        before = findings_at(root, change.merge_base, config, read)
        kept = caused_by_change(findings, change, before)
        notes.append(f"--diff-base {diff_base} (merge base {change.merge_base[:12]}): "
                     f"{_plural(len(change.files), 'changed file')}; "
                     f"{_plural(len(findings) - len(kept), 'finding')} elsewhere not shown")
        findings = kept
        scope.update(diff_base=change.merge_base, changed_files=tuple(sorted(change.files)))
    if baseline is not None:
        # Fixed entries are judged on the whole run: under --diff-base an entry for an
        # unchanged file is not fixed just because its finding is out of scope.
        entries = load_baseline(baseline)
        matched = match_baseline(findings, entries)
        # an entry of a rule this run did not run is not fixed, only unchecked
        whole = matched if findings is analysis.findings else (
            match_baseline(analysis.findings, entries))
        # nor is an entry for a file this run was not asked about
        fixed = [e for e in whole.fixed
                 if config.level(str(e["rule"]), Severity.ERROR) is not None
                 and in_scope(str(e["file"]), analysis.only)]
        name = os.fspath(baseline)
        notes.append(f"baseline {name}: {_plural(matched.known, 'known finding')} not shown")
        if fixed:
            # the baseline's own text: control characters escaped as for any finding
            listed = one_line(", ".join(f"{e.get('file')}:{e.get('line')} {e.get('rule')}"
                                        for e in fixed))
            notes.append(f"baseline {name}: {_plural(len(fixed), 'entry', 'entries')} fixed "
                         f"since it was written (run `refgraph baseline write {name}` to "
                         f"drop them): {listed}")
        findings = matched.new
        scope.update(baseline_known=matched.known, baseline_fixed=tuple(fixed))
    return Report(findings, analysis.stats, path_prefix(root),
                  Scope(notes=tuple(notes), **scope))
