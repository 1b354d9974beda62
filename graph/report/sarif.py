"""SARIF 2.1.0 (OASIS), the format of GitHub code scanning: one run, the whole rule
catalogue in `tool.driver.rules`, one result per finding with its location, stable
`partialFingerprints` and related locations.

Paths are URIs relative to `%SRCROOT%` (the repository checkout in CI), so the report does
not embed this machine's absolute paths and stays byte-identical across machines.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from json.encoder import encode_basestring
from urllib.parse import quote

from docs_index.model import Location
from graph.findings import Finding
from graph.fingerprints import VERSION as FINGERPRINT_KEY
from graph.report.encode import Record, Writer, dumps_indented
from graph.report.summary import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_FULL_DESCRIPTION = 1000
"""Characters; code scanning truncates or rejects longer rule descriptions."""


def _tool_version() -> str:
    try:
        return version("refgraph")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


def _what_it_finds(doc: str) -> str:
    match = re.search(r"## What it finds\n(.*?)(?:\n## |\Z)", doc, re.S)
    text = " ".join((match.group(1) if match else doc).split())
    if len(text) <= _FULL_DESCRIPTION:
        return text
    cut = text.rfind(". ", 0, _FULL_DESCRIPTION)
    return text[:cut + 1] if cut > 0 else text[:_FULL_DESCRIPTION - 1] + "…"


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return match.group(1) if match else text


def rule_descriptors() -> list[dict[str, object]]:
    from graph.checks import REGISTRY  # the catalogue; the registry imports reporters
    from graph.rules_doc import explain_text, silencing

    rules = []
    for rule in REGISTRY:
        finds = _what_it_finds(rule.doc)
        rules.append({
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": _first_sentence(finds)},
            "fullDescription": {"text": finds},
            "help": {"text": explain_text(rule.id),
                     "markdown": f"{rule.doc}\n\n## How to silence it\n{silencing(rule)}\n"},
            "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
            "properties": {"tags": ["documentation", "markdown"]},
        })
    return rules


def _location(loc: Location, report: Report) -> dict[str, object]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": quote(report.path(loc.path), safe="/"),
                             "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": loc.line, "startColumn": loc.col},
    }}


def _markdown_text(text: str) -> str:
    """SARIF message text may hold `[text](id)` links to related locations, so brackets in
    plain text are escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _result(finding: Finding, index: int, report: Report) -> dict[str, object]:
    hint = f" ({finding.suggestion})" if finding.suggestion else ""
    text = _markdown_text(finding.message + hint)
    if finding.related:  # GitHub shows a related location only where the message links it
        text += " See " + ", ".join(f"[{_markdown_text(r.message)}]({i})"
                                    for i, r in enumerate(finding.related, start=1)) + "."
    result: dict[str, object] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": LEVELS[finding.severity.value],
        "message": {"text": text},
        "locations": [_location(finding.loc, report)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, **_location(r.loc, report), "message": {"text": r.message}}
            for i, r in enumerate(finding.related, start=1)]
    return result


_MARKS = ("\0refgraph column\0", "\0refgraph line\0", "\0refgraph fingerprint\0")
"""Stand-ins for what differs between results alike (`_ResultRecord`)."""


class _ResultRecord(Record):
    """A finding as a SARIF result. Results alike but for their line, column and
    fingerprint (100,000 links on one line) share one text: written once by the writer with
    a mark in place of each of the three, and cut at the marks (`said`, per report); each
    result is then that text with its own values, not a tree of six dicts."""

    __slots__ = ("finding", "index", "report", "said")

    def __init__(self, finding: Finding, index: int, report: Report,
                 said: dict[tuple[object, ...], tuple[str, ...] | None]) -> None:
        self.finding = finding
        self.index = index
        self.report = report
        self.said = said

    def as_dict(self) -> dict[str, object]:
        return _result(self.finding, self.index, self.report)

    def text(self, writer: Writer, level: int) -> str:
        f = self.finding
        if f.related:  # rare: the writer's own way
            return writer.value(self.as_dict(), level)
        loc = f.loc
        key = (loc.path, f.message, f.suggestion, f.rule_id, f.severity, self.index, level)
        if key not in self.said:
            self.said[key] = self.stencil(writer, level)
        parts = self.said[key]
        if parts is None:  # a mark in the finding's own text: no stencil for it
            return writer.value(self.as_dict(), level)
        head, between, middle, tail = parts
        return (f"{head}{int.__repr__(loc.col)}{between}{int.__repr__(loc.line)}{middle}"
                f"{encode_basestring(f.fingerprint)}{tail}")

    def stencil(self, writer: Writer, level: int) -> tuple[str, ...] | None:
        """This result's text cut where its column, line and fingerprint stand."""
        result = self.as_dict()
        location = result["locations"][0]  # type: ignore[index]
        region = location["physicalLocation"]["region"]
        region["startColumn"], region["startLine"] = _MARKS[0], _MARKS[1]
        result["partialFingerprints"] = {FINGERPRINT_KEY: _MARKS[2]}
        text = writer.value(result, level)
        marks = [encode_basestring(mark) for mark in _MARKS]
        if any(text.count(mark) != 1 for mark in marks):
            return None
        head, rest = text.split(marks[0])
        between, rest = rest.split(marks[1])
        middle, tail = rest.split(marks[2])
        return head, between, middle, tail


def render_sarif(report: Report) -> str:
    rules = rule_descriptors()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    said: dict[tuple[object, ...], tuple[str, ...] | None] = {}
    run = {
        "tool": {"driver": {
            "name": "refgraph",
            "version": _tool_version(),
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": [_ResultRecord(f, index[f.rule_id], report, said) for f in report.findings],
    }
    if report.stats.sites:  # the run's property bag: how the corpus was read
        run["properties"] = {"sites": list(report.stats.sites)}
    payload = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return dumps_indented(payload, end="\n")
