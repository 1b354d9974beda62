"""The docs stay true: rules.md is generated, and refgraph finds nothing in its own docs."""

from __future__ import annotations

from graph import analyze
from graph.checks import REGISTRY
from graph.report import render_text
from graph.rules_doc import rules_markdown
from tests.conftest import ROOT, compare_golden


def test_rules_md_is_generated_from_the_registry(update_golden: bool) -> None:
    compare_golden(ROOT / "docs" / "rules.md", rules_markdown(), update_golden)


def test_refgraph_finds_nothing_in_its_own_readme_and_docs() -> None:
    result = analyze(ROOT)
    checked = {f for f in result.graph.nodes if f in ("README.md", "docs/rules.md")}
    assert checked == {"README.md", "docs/rules.md"}
    assert result.findings == [], render_text(result.report())


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.endswith(".venv/bin/pytest"))
    assert command in ci.splitlines()


def test_readme_shows_the_real_output_of_the_quick_start() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("The first command prints:\n\n```text\n", 1)[1].split("```", 1)[0]
    assert shown == (ROOT / "tests" / "example-expected.txt").read_text(encoding="utf-8")


def test_readme_rule_table_lists_every_rule_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| id | name | default | finds |", 1)[1].split("\n\n", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")]
            for line in table.splitlines()[2:]]
    assert [tuple(r[:3]) for r in rows] == [
        (rule.id, rule.name, rule.severity.value) for rule in REGISTRY]


def test_readme_console_blocks_show_real_output(monkeypatch) -> None:
    """Every ```console block of the README is `$ refgraph …` and what it prints."""
    import re
    import shlex

    from click.testing import CliRunner

    from graph.cli import main

    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", readme, re.S)
    assert len(blocks) >= 6
    for block in blocks:
        command, _, shown = block.partition("\n")
        assert command.startswith("$ refgraph ")
        result = CliRunner().invoke(main, shlex.split(command)[2:])
        assert result.output.rstrip("\n") == shown.rstrip("\n"), command
