"""Plans, stated statistics and reading paths per series (RG2xx, RG4xx, RG6xx and
`refgraph paths`), on courses on disk whose modules each have their own plan and index:
refgraph reports the planted defects, each against its own module, and nothing across
modules (lesson 3 of one module is never entry #3 of another module's plan)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import analyze
from graph.cli import main
from posts.backlog import plan_beside
from tests.conftest import TESTS, compare_golden

COURSE = TESTS / "series" / "course-plans"


def test_course_reports_exactly_the_planted_defects(update_golden: bool) -> None:
    result = CliRunner().invoke(main, ["check", "--no-cache", str(COURSE / "corpus")])
    assert result.exit_code == 1, result.output
    compare_golden(COURSE / "expected.txt", result.stdout, update_golden)
    found = analyze(COURSE / "corpus").findings
    # one of each: RG204 in module 1's plan, RG202 in module 2's PLAN.md, RG601 in
    # module 2's index, RG401 and RG404 in the course's paths, RG406 of module 2
    assert sorted((f.loc.path, f.rule_id) for f in found) == [
        ("01-basics/BACKLOG.md", "RG204"), ("02-models/03-trees-extra.md", "RG406"),
        ("02-models/PLAN.md", "RG202"), ("02-models/README.md", "RG601"),
        ("README.md", "RG401"), ("README.md", "RG404")]


def test_each_module_plan_has_its_own_entries() -> None:
    g = analyze(COURSE / "corpus").graph
    assert {n for n, d in g.nodes(data=True) if d["kind"] == "planned_post"} == {
        *(f"plan:01-basics:{n}" for n in range(1, 5)),
        *(f"plan:02-models:{n}" for n in range(1, 5))}
    assert g.nodes["plan:02-models:3"]["series"] == "02-models"
    assert g.nodes["02-models/PLAN.md"]["kind"] == "backlog"
    assert g.nodes["02-models/README.md"]["claims_series"] == "02-models"


def test_messages_name_the_lesson_and_its_module() -> None:
    messages = {f.rule_id: f.message for f in analyze(COURSE / "corpus").findings}
    assert "01-basics/03-cleaning.md (lesson 3 of 01-basics) is published" in messages["RG204"]
    assert "02-models/02-regularising.md (lesson 2 of 02-models) never links" in (
        messages["RG202"])
    assert messages["RG601"] == ('stated lesson count "4", but 3 lessons of 02-models are '
                                 "published")


@pytest.mark.parametrize(("folders", "files", "found"), [
    (["m"], {"m/BACKLOG.md", "m/PLAN.md"}, "m/BACKLOG.md"),
    (["m"], {"m/PLAN.md", "m/ROADMAP.md"}, "m/PLAN.md"),
    (["m"], {"m/Roadmap.md"}, "m/Roadmap.md"),
    (["m"], {"m/plan.md"}, "m/plan.md"),
    (["m", ""], {"ROADMAP.md"}, "ROADMAP.md"),
    (["m"], {"m/sub/PLAN.md", "m/PLANNING.md", "PLAN.md"}, None),
    ([""], {"BACKLOG.md"}, "BACKLOG.md"),
])
def test_plan_beside(folders: list[str], files: set[str], found: str | None) -> None:
    assert plan_beside(folders, files) == found


def test_configured_series_each_have_their_plan(tmp_path: Path) -> None:
    """Two `[[series]]` tables numbering from 1, each with its plan: entry #1 of the
    guide's plan is the guide's first page, not the tutorial's."""
    (tmp_path / "refgraph.toml").write_text(
        '[[series]]\nname = "guide"\nposts = "guide/[0-9]*.md"\nplan = "guide/TODO-PLAN.md"\n'
        '[[series]]\nname = "tutorial"\nposts = "tutorial/[0-9]*.md"\n'
        'plan = "tutorial/BACKLOG.md"\n')
    for folder in ("guide", "tutorial"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "01-start.md").write_text(f"# Start of the {folder}\n\ntext\n")
    (tmp_path / "guide" / "TODO-PLAN.md").write_text(
        "# Guide plan\n\n### #1: Start\n\n**Status**: ✅ Complete\n")
    (tmp_path / "tutorial" / "BACKLOG.md").write_text(
        "# Tutorial plan\n\n### #1: Start\n\n**Status**: 📝 Planned\n")
    found = [(f.loc.path, f.rule_id, f.message) for f in analyze(tmp_path).findings
             if f.rule_id.startswith("RG2")]
    assert found == [("tutorial/BACKLOG.md", "RG204", 'plan says #1 (Start) is "📝 Planned", '
                      "but tutorial/01-start.md (post 1 of tutorial) is published")]


def test_a_series_table_without_plan_takes_the_plan_beside_it(tmp_path: Path) -> None:
    """`posts = "guide/*.md"` and no `plan`: guide/ROADMAP.md is the guide's plan, not one
    of its pages (no RG3xx for it), and its entry #2 is the guide's second page."""
    (tmp_path / "refgraph.toml").write_text(
        '[[series]]\nname = "guide"\nposts = "guide/*.md"\nindex = "guide/README.md"\n')
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "README.md").write_text(
        "# Guide\n\n### [1. Install](01-install.md)\n\n### [2. Upgrade](02-upgrade.md)\n")
    (tmp_path / "guide" / "01-install.md").write_text(
        "# Install\n\ntext\n\n*Next: [Upgrade](02-upgrade.md)*\n")
    (tmp_path / "guide" / "02-upgrade.md").write_text(
        "# Upgrade\n\ntext\n\n*Previously: [Install](01-install.md)*\n")
    (tmp_path / "guide" / "ROADMAP.md").write_text(
        "# Roadmap\n\n### #2: Upgrade\n\n**Status**: 🚧 In progress\n")
    result = analyze(tmp_path)
    assert [(f.loc.path, f.rule_id) for f in result.findings] == [("guide/ROADMAP.md", "RG204")]
    assert result.graph.nodes["guide/ROADMAP.md"]["kind"] == "backlog"
