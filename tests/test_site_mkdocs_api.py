"""MkDocs pages part of whose ids a plugin makes (mkdocstrings `::: module`,
`::: mkdocs-click`, macros `{{ }}`), pages a plugin writes (coverage, gen-files), and
autorefs cross-references only mkdocstrings can resolve: none is checkable from Markdown,
so none is reported as broken; the cross-references are counted in the summary, the links
are recorded as unverifiable.
Those plugins run Python code and are not installed here: the corpus is
`tests/sites/mkdocs-api/`, nothing is built."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph import analyze
from graph.cli import main
from tests.conftest import TESTS

SITE = TESTS / "sites" / "mkdocs-api"


def test_only_what_markdown_decides_is_reported() -> None:
    """The API identifiers are left alone; a typo of a heading id is not, nor is a link to
    a missing anchor of a page Markdown writes alone."""
    result = analyze(SITE)
    judged = [f for f in result.findings if f.rule_id != "RG112"]  # said, not judged: below
    assert [(f.rule_id, f.loc.line, f.loc.col, f.suggestion) for f in judged] == [
        ("RG103", 7, 16, "no heading or [](){#id} anchor of the site has this id "
         "(autorefs); did you mean [a typo][install-guide], on docs/index.md?"),
        ("RG102", 12, 36, "anchors in docs/plain.md: #plain"),
        ("RG110", 12, 11, "did you mean plain.md?"),  # in mkdocs.yml: no plugin writes it
    ]


def test_links_into_generated_ids_are_unverifiable_with_the_plugin_named() -> None:
    result = analyze(SITE)
    unverifiable = [(u["loc"].line, u["target"], u["reason"])
                    for u in result.graph.graph["unverifiable"]]
    assert unverifiable == [
        (9, "cli.md#mkdocs-build", "an id that mkdocs-click makes on docs/cli.md, which "
         "Markdown does not show"),
        (9, "api.md#pkg.mod.Class", "an id that mkdocstrings makes on docs/api.md, which "
         "Markdown does not show"),
        (10, "vars.md#version", "an id that the macros plugin makes on docs/vars.md, which "
         "Markdown does not show"),
        (14, "coverage.md", "a page the coverage plugin writes at build time"),
        (14, "reference/pkg.md", "a page the gen-files plugin's scripts may write at build "
         "time"),
    ]


def test_each_link_not_checked_is_said_once_at_info_level() -> None:
    result = analyze(SITE)
    said = [(f.loc.line, f.loc.col, f.severity.value) for f in result.findings
            if f.rule_id == "RG112"]
    assert said == [(u["loc"].line, u["loc"].col, "info")
                    for u in result.graph.graph["unverifiable"]]
    assert len(said) == 5


def test_a_nav_entry_for_the_page_a_plugin_writes_is_not_reported() -> None:
    """`Coverage: coverage.md` in `nav`: the coverage plugin adds that page; `plian.md`,
    which no plugin writes, is RG110 (above)."""
    result = analyze(SITE)
    assert not [f for f in result.findings if "coverage" in f.message and f.rule_id != "RG112"]


def test_api_cross_references_are_counted_in_the_summary_and_the_json_report() -> None:
    assert analyze(SITE).stats.unchecked_references == 3
    text = CliRunner().invoke(main, ["check", "--no-cache", str(SITE)])
    assert text.output.splitlines()[-1] == (
        "Found 8 findings (2 errors, 1 warning, 5 info) in 5 Markdown files, 3 links; "
        "3 cross-references only a plugin or preprocessor resolves, not checked.")
    report = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(SITE)])
    assert json.loads(report.stdout)["summary"]["unchecked_references"] == 3
