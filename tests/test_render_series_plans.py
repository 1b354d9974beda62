"""The drawn graph of a course whose modules each have their own plan
(tests/series/course-plans): a plan entry whose lesson is out is drawn as that lesson,
whichever form its id has (`plan:<series>:<n>` here, `plan:<n>` in the example, see
tests/test_render.py), and each module's planned lessons close that module's lane."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph.cli import main
from tests.conftest import TESTS

COURSE = TESTS / "series" / "course-plans" / "corpus"


def _export(corpus: str) -> dict:
    result = CliRunner().invoke(main, ["render", "--no-cache", corpus, "-o", "-",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_published_lessons_plan_entry_is_drawn_as_the_lesson() -> None:
    data = _export(str(COURSE))
    nodes = {n["id"]: n for n in data["nodes"]}
    # lessons 1-4 of 01-basics and 1-3 of 02-models are out; only #4 Boosting is not
    assert sorted(n for n, d in nodes.items() if d["kind"] == "planned_post") == [
        "plan:02-models:4"]
    assert nodes["plan:02-models:4"]["label"] == "#4 Boosting"
    edges = {(e["source"], e["target"]): e for e in data["edges"]}
    # the plan lists the lesson, and the plan's "must cite" joins the lesson's own link
    assert "plans" in edges["02-models/PLAN.md", "02-models/02-regularising.md"]["kinds"]
    assert "must_cite" in edges["02-models/02-regularising.md", "GLOSSARY.md"]["kinds"]
    # a sub-page shares its lesson's number, but the plan announced the lesson
    assert ("02-models/PLAN.md", "02-models/03-trees.md") in edges
    assert ("02-models/PLAN.md", "02-models/03-trees-extra.md") not in edges


def test_the_planned_lesson_closes_its_modules_lane() -> None:
    nodes = {n["id"]: n for n in _export(str(COURSE))["nodes"]}
    head, planned = nodes["series:02-models"], nodes["plan:02-models:4"]
    lane = [d for d in nodes.values() if d["kind"] in ("post", "planned_post")
            and d["y"] == head["y"]]
    assert planned["y"] == head["y"] and planned["series"] == "series:02-models"
    assert planned["x"] == max(d["x"] for d in lane)
    assert len(lane) == 5  # the four lesson files of 02-models, then the planned one

