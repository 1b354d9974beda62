"""Suppression comments: where they are found, which lines they cover, what is unused."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Location
from docs_index.suppress import DirectiveKind, find_directives
from graph import analyze
from graph.checks import RULE_IDS
from graph.config import load_config
from graph.findings import Finding, Severity
from graph.suppress import apply_suppressions, spans
from tests.conftest import ROOT


def directives(text: str):
    doc, _ = parse_markdown(make_parser(), "a.md", text)
    return find_directives(doc)


def test_directives_are_found_in_html_paragraphs_quotes_and_tables_not_code() -> None:
    text = ("# T <!-- refgraph-disable-line RG102 -->\n"
            "\n"
            "<!-- refgraph-disable-next-line RG101,RG102 -->\n"
            "text <!-- refgraph-disable-line --> more\n"
            "\n"
            "> <!-- refgraph-disable-file dangling-anchor -->\n"
            "\n"
            "| a | b <!-- refgraph-enable --> |\n"
            "|---|---|\n"
            "\n"
            "```\n"
            "<!-- refgraph-disable-file -->\n"
            "```\n"
            "\n"
            "    <!-- refgraph-disable -->\n")
    found = [(d.loc.line, d.loc.col, d.kind, d.rules) for d in directives(text)]
    assert found == [
        (1, 5, DirectiveKind.LINE, ("RG102",)),
        (3, 1, DirectiveKind.NEXT_LINE, ("RG101", "RG102")),
        (4, 6, DirectiveKind.LINE, ()),
        (6, 3, DirectiveKind.FILE, ("dangling-anchor",)),
        (8, 9, DirectiveKind.ENABLE, ()),
    ]


def test_similar_comments_are_not_directives() -> None:
    assert directives("<!-- refgraph-disabled RG101 -->\n\n<!-- refgraph: off -->\n") == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("<!-- refgraph-disable-next-line RG101 -->\n", [("RG101", 2, 2)]),
    ("x\n<!-- refgraph-disable-file -->\n", [(None, 1, math.inf)]),
    ("<!-- refgraph-disable RG101 RG102 -->\n\nx\n\n<!-- refgraph-enable RG102 -->\n",
     [("RG102", 1, 4), ("RG101", 1, math.inf)]),
    ("<!-- refgraph-disable -->\n\n<!-- refgraph-enable -->\n", [(None, 1, 2)]),
    ("<!-- refgraph-disable-line NOPE RG101 -->\n", [("RG101", 1, 1)]),
])
def test_spans(text: str, expected: list) -> None:
    ids = {"RG101": "RG101", "RG102": "RG102"}
    got = [(s.rule, s.first, s.last) for s in spans(directives(text), ids.get)]
    assert got == expected


def finding(line: int, rule: str = "RG101") -> Finding:
    return Finding(Location("a.md", line, 1), rule, "m", Severity.ERROR)


def test_apply_keeps_uncovered_findings_and_returns_unused_spans_of_rules_that_ran() -> None:
    text = ("<!-- refgraph-disable-next-line RG101 -->\n"  # covers line 2: used
            "x\n"
            "<!-- refgraph-disable-next-line RG101 -->\n"  # covers line 4: unused
            "\n"
            "<!-- refgraph-disable-next-line RG102 -->\n")  # RG102 did not run
    all_spans = {"a.md": spans(directives(text), {"RG101": "RG101", "RG102": "RG102"}.get)}
    kept, unused = apply_suppressions([finding(2), finding(7)], all_spans,
                                      lambda rule: rule == "RG101")
    assert kept == [finding(7)]
    assert [(s.directive.loc.line, s.rule) for s in unused] == [(3, "RG101")]


def test_a_suppression_for_a_rule_not_selected_is_not_unused(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# A\n\n<!-- refgraph-disable-next-line RG102 -->\n[x](a.md#nope)\n", encoding="utf-8")
    config = load_config(tmp_path, None, RULE_IDS)
    assert analyze(tmp_path, config).findings == []
    only_links = dataclasses.replace(config, select=("RG101",))
    assert analyze(tmp_path, only_links).findings == []
    no_anchor_rule = dataclasses.replace(config, select=("RG004",))
    assert analyze(tmp_path, no_anchor_rule).findings == []
    unused = analyze(tmp_path, dataclasses.replace(config, select=("RG004", "RG102")))
    assert [f.rule_id for f in unused.findings] == []
    (tmp_path / "a.md").write_text(
        "# A\n\n<!-- refgraph-disable-next-line RG102 -->\n[x](a.md#a)\n", encoding="utf-8")
    assert [f.rule_id for f in analyze(tmp_path, config).findings] == ["RG004"]


def test_a_directive_inside_a_code_span_is_text() -> None:
    text = "Write `<!-- refgraph-disable-next-line RG102 -->` above the line.\n"
    assert directives(text) == ()
    assert len(directives(text + "\n<!-- refgraph-disable-line -->\n")) == 1


@pytest.mark.parametrize(("text", "found"), [
    ("<!-- refgraph-disable RG101, RG102 --> <!--refgraph-enable-->",
     [(1, DirectiveKind.DISABLE, ("RG101", "RG102")), (40, DirectiveKind.ENABLE, ())]),
    ("<!-- refgraph-disable RG101 -- -->", [(1, DirectiveKind.DISABLE, ("RG101", "--"))]),
    ("<!-- refgraph-disable->", []),
    ("<!-- refgraph-disable RG101 > -->", []),
    ("<!-- refgraph-disable <!-- refgraph-enable -->", [(1, DirectiveKind.DISABLE,
                                                          ("<!--", "refgraph-enable"))]),
    ("<!-- refgraph-disable" + " " * 1000, []),
])
def test_directive_comments_end_at_their_first_closing(text: str, found: list) -> None:
    assert [(d.loc.col, d.kind, d.rules) for d in directives(text + "\n")] == found


@pytest.mark.parametrize(("text", "found"), [
    ("`<!-- refgraph-disable -->`", 0),
    ("``<!-- refgraph-disable -->`` and `x`", 0),
    ("``<!-- refgraph-disable -->`", 1),  # CommonMark: a run opens only a span of its length
    ("```x`` <!-- refgraph-disable --> `", 1),
    ("` a ` <!-- refgraph-disable --> ` b `", 1),
    ("refgraph- " + "`" * 1001 + " <!-- refgraph-disable --> " + "`" * 1000, 1),
])
def test_directives_in_code_spans_are_text_as_commonmark_finds_spans(text: str,
                                                                      found: int) -> None:
    assert len(directives(text + "\n")) == found


def test_long_runs_of_spaces_and_backticks_are_scanned_in_linear_time() -> None:
    # quadratic patterns took minutes on these; run in a subprocess so a regression
    # cannot hang the suite
    code = ("from tests.graph.test_suppress import directives\n"
            "assert directives('<!-- refgraph-disable' + ' ' * 200_000 + '\\n') == ()\n"
            "assert directives('refgraph- ' + '`' * 50_000 + ' x\\n') == ()\n"
            "assert directives('refgraph- ' + '` ' * 50_000 + '\\n') == ()\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20, cwd=ROOT)
