"""What `refgraph check` shows a person: --statistics, --quiet, -v, colour, separators."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docs_index.model import Location
from graph.cli import main
from graph.findings import Finding, Severity
from graph.report.summary import RunStats
from graph.report.text import format_finding, summary_line, use_color
from tests.conftest import TESTS

PLANNED = TESTS / "corpora" / "rg201-planned-doc-missing" / "corpus"
SUMMARY = "Found 4 findings (1 error, 3 info) in 5 Markdown files, 3 links.\n"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_statistics_counts_findings_per_rule() -> None:
    code, out, _ = run("check", str(PLANNED), "--statistics")
    assert code == 1
    assert out == ("3  RG201  info     planned-doc-missing\n"
                   "1  RG101  error    dangling-file-link\n" + SUMMARY)


def test_quiet_prints_the_summary_only() -> None:
    assert run("check", str(PLANNED), "--quiet") == (1, SUMMARY, "")
    assert run("check", str(PLANNED), "-q", "--format", "text")[1] == SUMMARY


def test_statistics_and_quiet_without_a_text_report_are_refused() -> None:
    code, out, err = run("check", str(PLANNED), "--format", "json", "--statistics")
    assert (code, out) == (2, "")
    assert err.endswith("Error: --statistics and --quiet shape the text report; add "
                        "--format text, or drop them\n")


def test_verbose_says_what_the_run_was_based_on() -> None:
    code, out, err = run("check", str(PLANNED), "-v", "--no-cache", "--jobs", "1")
    assert code == 1 and out.endswith(SUMMARY)
    lines = err.splitlines()
    assert lines[0] == ("refgraph: configuration: defaults (no refgraph.toml, no "
                        "[tool.refgraph] in pyproject.toml)")
    assert lines[1] == ("refgraph: series: posts blog/[0-9]*.md, index blog/README.md, "
                        "plan blog/BACKLOG.md")
    assert lines[2].startswith("refgraph: read 5 files (5 Markdown, 3 links) in ")
    assert lines[2].endswith(" s; no cache, --jobs 1")


@pytest.mark.parametrize(("choice", "isatty", "env", "expected"), [
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", True, {"NO_COLOR": ""}, True),  # no-color.org: set and not empty
    ("auto", True, {"TERM": "dumb"}, False),
    ("always", False, {"NO_COLOR": "1"}, True),
    ("never", True, {}, False),
])
def test_when_to_colour(choice: str, isatty: bool, env: dict[str, str], expected: bool) -> None:
    assert use_color(choice, isatty, env) is expected


def test_colour_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    _, plain, _ = run("check", str(PLANNED))
    assert "\x1b[" not in plain  # CliRunner's stdout is no terminal
    _, colored, _ = run("check", str(PLANNED), "--color", "always")
    assert "\x1b[31m\x1b[1mRG101\x1b[0m" in colored
    report = tmp_path / "report.txt"
    run("check", str(PLANNED), "--color", "always", "--output", str(report))
    assert "\x1b[" not in report.read_text(encoding="utf-8")  # a file gets no colour


def test_a_coloured_finding_stays_on_one_line() -> None:
    finding = Finding(Location("a\nb.md", 1, 2), "RG101", "link to x\ny", Severity.ERROR,
                      "fix\rit")
    colored = format_finding(finding, color=True)
    assert "\n" not in colored and "\r" not in colored
    assert "a\\nb.md" in colored and "x\\ny" in colored


def test_the_text_report_is_each_findings_line_with_shared_parts_escaped_once() -> None:
    """The report escapes a file name and a message once for all findings that share
    them: the lines are still `format_finding`'s, control characters included."""
    from graph.report.summary import Report
    from graph.report.text import render_text

    findings = [Finding(Location(path, line, col), rule, message, severity, hint)
                for path in ("a.md", "a\nb.md", "c\x1b.md")
                for rule, message, severity, hint in (
                    ("RG101", "link to x\ty", Severity.ERROR, "fix\rit"),
                    ("RG101", "link to x\ty", Severity.WARNING, ""),
                    ("RG102", "link to x\ty", Severity.ERROR, "fix\rit"))
                for line, col in ((1, 2), (1, 12), (30, 1))]
    lines = render_text(Report(findings, RunStats(3, 3, 27))).splitlines()
    assert lines[:-1] == [format_finding(f) for f in findings]
    assert all("\r" not in line and "\x1b" not in line for line in lines)


def test_counts_carry_thousands_separators() -> None:
    finding = Finding(Location("a.md", 1, 1), "RG101", "m", Severity.ERROR)
    assert summary_line([], RunStats(files=1, documents=12_345, links=104_782)) == (
        "No findings in 12,345 Markdown files, 104,782 links.")
    assert summary_line([finding] * 1_234, RunStats(1, 1, 1)) == (
        "Found 1,234 findings (1,234 errors) in 1 Markdown file, 1 link.")


def test_explain_puts_a_blank_line_before_each_heading() -> None:
    code, out, _ = run("explain", "RG004")
    assert code == 0
    lines = out.splitlines()
    headings = [n for n, line in enumerate(lines) if line.startswith("#")]
    assert len(headings) == 6
    assert all(lines[n - 1] == "" for n in headings[1:])
    assert "```markdown\n<!-- refgraph-disable-next-line RG102 -->\n" in out  # fence intact
    assert "- one run: `--ignore RG004`.\n" in out


def test_spaced_leaves_a_hash_line_in_a_code_block_alone() -> None:
    from graph.rules_doc import spaced

    assert spaced("## A\ntext\n```sh\nx\n# comment\n```\n## B\nmore") == (
        "## A\ntext\n```sh\nx\n# comment\n```\n\n## B\nmore")


def test_rules_as_json() -> None:
    import json

    from graph.checks import REGISTRY

    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert [r["id"] for r in rules] == [rule.id for rule in REGISTRY]
    assert rules[0]["name"] == "unreadable-file" and rules[0]["severity"] == "error"
    assert set(rules[0]) == {"id", "name", "severity", "message", "suggestion", "explanation"}
    assert rules[0]["explanation"].startswith("## What it finds\n")


def test_schema_is_installed_printed_and_named_by_each_report() -> None:
    import json
    from importlib.resources import files

    from graph.report.json import SCHEMA_ID

    installed = files("graph.report").joinpath("json-schema.json").read_text("utf-8")
    code, out, _ = run("schema")
    assert (code, out) == (0, installed)
    assert json.loads(out)["$id"] == SCHEMA_ID
    report = json.loads(run("check", str(PLANNED), "--format", "json")[1])
    assert report["$schema"] == SCHEMA_ID
