"""Findings as one JSON object, described by `graph/report/json-schema.json` (installed with
the package; `refgraph schema` prints it, and each report names it in `$schema`).

`version` changes only when a field is removed or changes meaning; new fields may appear
within a version, so readers should ignore keys they do not know.
"""

from __future__ import annotations

from json.encoder import encode_basestring

from graph.findings import Finding
from graph.report.encode import Record, Writer, dumps_indented
from graph.report.summary import Report, rule_names, severity_counts

SCHEMA_VERSION = 1
SCHEMA_ID = "refgraph-report-v1.json"
"""The schema's `$id`, which each report carries as `$schema`."""


def schema_text() -> str:
    """The JSON Schema of the report, as installed with the package."""
    from importlib.resources import files

    return files("graph.report").joinpath("json-schema.json").read_text(encoding="utf-8")


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
        "fingerprint": finding.fingerprint,
        "related": [{"file": r.loc.path, "line": r.loc.line, "column": r.loc.col,
                     "message": r.message} for r in finding.related],
    }


class _FindingRecord(Record):
    """A finding as the report writes it: `finding_dict`'s keys, sorted, in one format
    string. What findings share (file, hint, message, rule, severity, target) is encoded
    once per report into the parts around their own place and fingerprint (`said`): the
    100,000 findings of one line of links differ in nothing else."""

    __slots__ = ("finding", "names", "said")

    def __init__(self, finding: Finding, names: dict[str, str],
                 said: dict[tuple[object, ...], tuple[str, str, str, str]]) -> None:
        self.finding = finding
        self.names = names
        self.said = said

    def as_dict(self) -> dict[str, object]:
        return finding_dict(self.finding, self.names)

    def text(self, writer: Writer, level: int) -> str:
        f = self.finding
        if f.related:  # rare, and a list of dicts: the writer's own way
            return writer.value(self.as_dict(), level)
        loc = f.loc
        key = (loc.path, f.suggestion, f.message, f.rule_id, f.severity, f.target, level)
        parts = self.said.get(key)
        if parts is None:
            at, end, s = writer.indent(level + 1), writer.indent(level), writer.string
            parts = self.said[key] = (
                f'{{{at}"column": ', f',{at}"file": {s(loc.path)},{at}"fingerprint": ',
                f',{at}"hint": {s(f.suggestion)},{at}"line": ',
                f',{at}"message": {s(f.message)},{at}"name": '
                f'{s(self.names.get(f.rule_id, ""))},{at}"related": [],{at}"rule": '
                f'{s(f.rule_id)},{at}"severity": {s(f.severity.value)},{at}"target": '
                f'{s(f.target) if f.target else "null"}{end}}}')
        head, path, hint, tail = parts
        # the fingerprint is each finding's own: encoded here, not kept by the writer
        return (f"{head}{int.__repr__(loc.col)}{path}{encode_basestring(f.fingerprint)}"
                f"{hint}{int.__repr__(loc.line)}{tail}")


def render_json(report: Report) -> str:
    names = rule_names()
    said: dict[tuple[object, ...], tuple[str, str, str, str]] = {}
    stats, scope = report.stats, report.scope
    summary: dict[str, object] = {
        "findings": len(report.findings),
        "by_severity": severity_counts(report.findings),
        "documents": stats.documents,
        "files": stats.files,
        "links": stats.links,
    }
    if stats.unchecked_references:  # only then: reports of other corpora stay as they were
        summary["unchecked_references"] = stats.unchecked_references
    payload: dict[str, object] = {
        "$schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "tool": "refgraph",
        "findings": [_FindingRecord(f, names, said) for f in report.findings],
        "summary": summary,
    }
    if stats.sites:
        payload["sites"] = list(stats.sites)
    if scope.notes:
        payload["scope"] = {
            "notes": list(scope.notes),
            "baseline_known": scope.baseline_known,
            "baseline_fixed": list(scope.baseline_fixed),
            "diff_base": scope.diff_base or None,
            "changed_files": list(scope.changed_files),
        }
    return dumps_indented(payload, end="\n")
