"""Each report format on corpora on disk: SARIF against the official 2.1.0 schema, JSON
against graph/report/json-schema.json, GitHub annotations and JUnit with hostile file names."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_index.model import Location
from graph import analyze
from graph.checks import REGISTRY
from graph.findings import Finding, Related, Severity
from graph.report import Report, Scope, render_github, render_json, render_junit, render_sarif
from graph.report.github import step_summary
from tests.conftest import ROOT, TESTS, make_tree

EXAMPLE = ROOT / "examples" / "pyralog-like"
SARIF_SCHEMA = json.loads((TESTS / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
JSON_SCHEMA = json.loads((ROOT / "graph" / "report" / "json-schema.json").read_text("utf-8"))
# A name a CI log can choke on: every character the annotation syntax gives a meaning to.
ODD_NAME = "notes/odd: a, 100%\nname.md"


@pytest.fixture(scope="module")
def example() -> Report:
    return analyze(EXAMPLE).report()


@pytest.fixture
def odd(tmp_path: Path) -> Report:
    make_tree(tmp_path, {
        "README.md": "# Home\n\n[odd](notes/odd%3A%20a%2C%20100%25%0Aname.md)\n",
        ODD_NAME: "# Odd\n\nSee [gone](./gone:50%,x.md) and [home](../README.md).\n",
    })
    return analyze(tmp_path).report()


def _validate(schema: dict, instance: object) -> None:
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema).validate(instance)


def test_sarif_is_valid_sarif_2_1_0_with_the_rule_catalogue(example: Report) -> None:
    sarif = json.loads(render_sarif(example))
    _validate(SARIF_SCHEMA, sarif)
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in REGISTRY]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "## Why it matters" in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run["results"]) == len(example.findings) == 48


def test_sarif_results_point_at_the_findings(example: Report) -> None:
    run = json.loads(render_sarif(example))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for finding, result in zip(example.findings, run["results"], strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule_id
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding.loc.path
        assert location["region"] == {"startLine": finding.loc.line,
                                      "startColumn": finding.loc.col}
        text = re.sub(r"\\([\\\[\]])", r"\1", result["message"]["text"])
        assert text.startswith(finding.message)
        assert result["partialFingerprints"] == {"refgraph/v1": finding.fingerprint}
        assert result["level"] == {"info": "note"}.get(finding.severity, finding.severity)
    fingerprints = [r["partialFingerprints"]["refgraph/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_related_locations_show_the_plan_entry(example: Report) -> None:
    run = json.loads(render_sarif(example))["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"] if "relatedLocations" in r}
    # the missing OPERATIONS.md: the post linking it points at the plan that cites it
    dangling = next(r for r in run["results"] if r["ruleId"] == "RG101"
                    and "OPERATIONS.md" in r["message"]["text"])
    (related,) = dangling["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "blog/BACKLOG.md"
    assert related["physicalLocation"]["region"] == {"startLine": 57, "startColumn": 36}
    assert related["message"]["text"].startswith("the plan cites OPERATIONS.md for #13")
    # code scanning links a related location only where the message does
    assert dangling["message"]["text"].endswith(
        " See [the plan cites OPERATIONS.md for #13 (Fast Recovery After Node Loss)](1).")
    # the plan's citation of a missing doc points at the plan entry and at the linking post
    planned = [r for r in run["results"] if r["ruleId"] == "RG201"
               and "OPERATIONS.md" in r["message"]["text"]][0]
    uris = [rel["physicalLocation"]["artifactLocation"]["uri"]
            for rel in planned["relatedLocations"]]
    assert sorted(uris) == ["blog/11-from-cluster-to-network.md", "blog/BACKLOG.md"]
    assert {"RG206", "RG207", "RG307"} <= set(by_rule)


def test_sarif_paths_are_uris_under_the_prefix(odd: Report) -> None:
    report = Report(odd.findings, odd.stats, prefix="docs site")
    sarif = json.loads(render_sarif(report))
    _validate(SARIF_SCHEMA, sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    assert "docs%20site/notes/odd%3A%20a%2C%20100%25%0Aname.md" in uris


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)",
                  lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]],
                  text)


def test_github_annotations_escape_names_and_messages(odd: Report) -> None:
    out = render_github(odd)
    lines = out.splitlines()
    assert len(lines) == len(odd.findings) >= 1  # no raw newline leaks into the log
    finding = next(f for f in odd.findings if f.loc.path == ODD_NAME)
    line = next(x for x in lines if x.startswith("::error ") and "gone" in x)
    match = re.fullmatch(r"::error file=([^,]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)", line)
    assert match, line
    assert _unescape(match[1]) == ODD_NAME
    assert (int(match[2]), int(match[3])) == (finding.loc.line, finding.loc.col)
    assert _unescape(match[4]) == "RG101 dangling-file-link"
    assert _unescape(match[5]) == f"{finding.message}\n{finding.suggestion}"
    assert "%25" in match[1] and "%3A" in match[1] and "%2C" in match[1] and "%0A" in match[1]
    assert ":" in finding.message or "," in finding.message
    assert "%3A" not in match[5]  # data escapes only % CR LF


def test_github_severities_map_to_commands(example: Report) -> None:
    commands = {line.split(" ", 1)[0] for line in render_github(example).splitlines()}
    assert commands == {"::error", "::warning", "::notice"}


def test_step_summary_is_a_markdown_table_with_escaped_cells(odd: Report) -> None:
    summary = step_summary(odd)
    assert summary.startswith("### refgraph: Found ")
    assert "| Rule | Name | Severity | Findings |" in summary
    assert "| RG101 | dangling-file-link | error | 1 |" in summary
    row = next(line for line in summary.splitlines() if line.startswith("| notes/odd"))
    assert "\n" not in row and row.count(" | ") == 3


def test_junit_parses_and_counts_every_finding(example: Report, tmp_path: Path) -> None:
    suites = ET.fromstring(render_junit(example))
    assert suites.get("tests") == suites.get("failures") == "48"
    cases = suites.findall("testsuite/testcase")
    assert len(cases) == 48
    assert sum(int(s.get("tests")) for s in suites.findall("testsuite")) == 48
    first = cases[0].find("failure")
    assert first is not None and first.get("type") in ("error", "warning", "info")
    make_tree(tmp_path, {"README.md": "# Home\n"})
    clean = ET.fromstring(render_junit(analyze(tmp_path).report()))
    assert clean.get("failures") == "0" and len(clean.findall("testsuite/testcase")) == 1


def test_junit_survives_control_characters_in_names(tmp_path: Path) -> None:
    make_tree(tmp_path, {"bell\x07.md": "# Bell\n\n[x](missing.md)\n"})
    suites = ET.fromstring(render_junit(analyze(tmp_path).report()))
    names = [s.get("name") for s in suites.findall("testsuite")]
    assert "bell\ufffd.md" in names


def test_json_matches_its_schema(example: Report, odd: Report) -> None:
    _validate(JSON_SCHEMA, json.loads(render_json(example)))
    _validate(JSON_SCHEMA, json.loads(render_json(odd)))
    scoped = Report(example.findings[:3], example.stats, scope=Scope(
        notes=("baseline b.json: 44 known findings not shown",), baseline_known=44,
        baseline_fixed=({"fingerprint": "0" * 20 + ":1", "rule": "RG101", "file": "a.md",
                         "line": 3, "message": "link to b.md, but b.md does not exist"},)))
    _validate(JSON_SCHEMA, json.loads(render_json(scoped)))


def test_json_schema_rejects_what_it_should(example: Report) -> None:
    payload = json.loads(render_json(example))
    payload["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(JSON_SCHEMA, payload)


ENCODED = [
    {"b": [1, 2.5, None, True], "a": {"z": "é ✓ \u2028", "y": []}, "c": {}},
    [], {}, "x", [[[]]], [{"k": [{"k": {}}]}] * 3,
    # long lists, written item by item, at the levels of the JSON and SARIF reports
    {"findings": [{"b": i, "related": [{"x": "y"}] * (i % 3)} for i in range(100)],
     "runs": [{"results": [{"r": [], "s": {}}] * 70, "tool": {"n": [1] * 65}}], "z": []},
    [[1] * 65] * 2, [1] * 64,
    # more distinct strings than the writer keeps encoded, each met twice
    [f"s\u00e9{i}\n" for i in range(5_000)] * 2,
]


@pytest.mark.parametrize("value", ENCODED)
def test_indented_json_is_json_dumps_own(value: object) -> None:
    import json

    from graph.report.encode import dumps_indented

    assert dumps_indented(value) == json.dumps(value, indent=2, sort_keys=True,
                                               ensure_ascii=False, allow_nan=False)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text() | st.sampled_from(list(Severity)),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_indented_json_is_json_dumps_own_on_random_values(value: object) -> None:
    """Strings (StrEnums among them, and repeated: the writer encodes each once), numbers,
    nesting at every depth, keys in any order: the same bytes as `json.dumps`."""
    import json

    from graph.report.encode import dumps_indented

    value = [value, value, {"again": value}]
    assert dumps_indented(value) == json.dumps(value, indent=2, sort_keys=True,
                                               ensure_ascii=False, allow_nan=False)


@pytest.mark.parametrize("value", [float("nan"), [float("inf")], {"a": object()}, {1: "x"}])
def test_indented_json_refuses_what_json_dumps_refuses(value: object) -> None:
    """And keys that are not strings, which `json.dumps` would convert: a report's keys
    are all strings, so one that is not is a mistake to see."""
    from graph.report.encode import dumps_indented

    with pytest.raises((ValueError, TypeError)):
        dumps_indented(value)


def test_indented_json_never_holds_all_its_pieces() -> None:
    """20,000 finding-like objects: the encoder's pieces are joined as they come, so the
    peak is about the text, where `json.dumps` held several small strings per value."""
    import json
    import tracemalloc

    from graph.report.encode import dumps_indented

    payload = {"findings": [{"rule": "RG101", "line": i, "column": 1, "file": "wide.md",
                             "related": [{"line": i, "message": "m"}]} for i in range(20_000)]}

    def peak(dump: object) -> int:
        tracemalloc.start()
        text = dump()  # type: ignore[operator]
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert text
        return size

    theirs = peak(lambda: json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))
    assert peak(lambda: dumps_indented(payload)) < 0.6 * theirs


def _finding(path: str, line: int, col: int, rule: str, message: str, severity: Severity,
             hint: str, target: str, related: list[tuple[str, int, int, str]],
             fingerprint: str) -> Finding:
    return Finding(Location(path, line, col), rule, message, severity, hint, target,
                   tuple(Related(Location(*r[:3]), r[3]) for r in related), fingerprint)


_FINDINGS = st.builds(
    _finding, st.text(max_size=6), st.integers(1, 10**6), st.integers(1, 10**6),
    st.sampled_from(["RG101", "RG102", "RG999", ""]), st.text(), st.sampled_from(list(Severity)),
    st.text(max_size=8), st.text(max_size=4),
    st.lists(st.tuples(st.text(max_size=3), st.integers(1, 9), st.integers(1, 9),
                       st.text(max_size=5)), max_size=2),
    st.text(max_size=8))


@settings(max_examples=200, deadline=None)
@given(st.lists(_FINDINGS, max_size=70))
def test_json_findings_written_by_their_record_are_json_dumps_own(findings: list) -> None:
    """Each finding is written by one format string (`_FindingRecord`), not by the writer's
    loop over its dict: the same bytes as `json.dumps` of the dicts, quotes, control
    characters and non-ASCII text, empty targets, related places, short and long lists."""
    from graph.report.json import finding_dict
    from graph.report.summary import RunStats, rule_names

    report = Report(findings, RunStats(1, 1, 1))
    names = rule_names()
    expected = {"$schema": "refgraph-report-v1.json", "version": 1, "tool": "refgraph",
                "findings": [finding_dict(f, names) for f in findings],
                "summary": {"findings": len(findings),
                            "by_severity": {s.value: sum(f.severity == s for f in findings)
                                            for s in Severity},
                            "documents": 1, "files": 1, "links": 1}}
    assert render_json(report) == json.dumps(expected, indent=2, sort_keys=True,
                                             ensure_ascii=False, allow_nan=False) + "\n"


def test_json_findings_alike_but_for_their_place_are_written_whole() -> None:
    """What findings share is encoded once per report (`_FindingRecord.said`): each still
    has its own place and fingerprint, and a finding differing in one shared part (the
    hint, the target, the severity) or carrying related places gets its own text."""
    from graph.report.json import finding_dict
    from graph.report.summary import RunStats, rule_names

    def at(col: int, hint: str = "fix \"it\"", target: str = "b.md",
           severity: Severity = Severity.ERROR, related: tuple[Related, ...] = ()) -> Finding:
        return Finding(Location("wide é.md", 3, col), "RG101", "link to b.md", severity, hint,
                       target, related, f"abc:{col}")

    findings = [at(1), at(11), at(21, hint=""), at(31, target=""), at(41),
                at(51, severity=Severity.INFO), at(61, related=(Related(Location("p", 1), "m"),)),
                at(71)]
    names = rule_names()
    expected = {"$schema": "refgraph-report-v1.json", "version": 1, "tool": "refgraph",
                "findings": [finding_dict(f, names) for f in findings],
                "summary": {"findings": 8, "by_severity": {"error": 7, "warning": 0, "info": 1},
                            "documents": 1, "files": 1, "links": 1}}
    assert render_json(Report(findings, RunStats(1, 1, 1))) == json.dumps(
        expected, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def _sarif_expected(report: Report) -> str:
    from graph.report.sarif import SARIF_SCHEMA, _result, _tool_version, rule_descriptors

    rules = rule_descriptors()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run = {"tool": {"driver": {"name": "refgraph", "version": _tool_version(), "rules": rules}},
           "columnKind": "unicodeCodePoints",
           "results": [_result(f, index[f.rule_id], report) for f in report.findings]}
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2,
                      sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


_RULE_IDS = [rule.id for rule in REGISTRY]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(
    _finding, st.sampled_from(["a.md", "d/b é.md", "c [x].md"]), st.integers(1, 10**6),
    st.integers(1, 10**6), st.sampled_from(_RULE_IDS[:3]), st.sampled_from(["m", "m [x] \\ é"]),
    st.sampled_from(list(Severity)), st.sampled_from(["", "hint"]), st.text(max_size=4),
    st.lists(st.tuples(st.text(max_size=3), st.integers(1, 9), st.integers(1, 9),
                       st.text(max_size=5)), max_size=1),
    st.text(max_size=8)), max_size=70))
def test_sarif_results_written_from_their_stencil_are_json_dumps_own(findings: list) -> None:
    """Results alike but for their place and fingerprint share one text cut at marks
    (`_ResultRecord`): the same bytes as `json.dumps` of each result's dict."""
    from graph.report.summary import RunStats

    report = Report(findings, RunStats(1, 1, 1), prefix="docs")
    assert render_sarif(report) == _sarif_expected(report)


def test_sarif_result_holding_a_mark_is_written_whole() -> None:
    from graph.report.sarif import _MARKS
    from graph.report.summary import RunStats

    findings = [_finding("a.md", 1, 1, "RG101", f"m {_MARKS[1]}", Severity.ERROR, "", "t", [],
                         "x:1"),
                _finding("a.md", 1, 9, "RG101", f"m {_MARKS[1]}", Severity.ERROR, "", "t", [],
                         "x:2"),
                _finding("a.md", 2, 1, "RG101", "m", Severity.ERROR, "", "t", [], _MARKS[2])]
    report = Report(findings, RunStats(1, 1, 1))
    assert render_sarif(report) == _sarif_expected(report)
