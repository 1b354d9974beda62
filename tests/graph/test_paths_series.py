"""`refgraph paths` with several series: the paths of every index, `--series` where a
command needs one series, a one-line usage error naming the series when a name is
ambiguous, and `series` in the JSON (tests/series/course-plans: two modules, a path in
each module's README and two in the course's README that step across modules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import analyze
from graph.cli import main
from graph.design import DesignError, find_path
from tests.conftest import TESTS

COURSE = TESTS / "series" / "course-plans" / "corpus"


def paths(*args: str, root: Path = COURSE) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["paths", "--no-cache", "-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_paths_lists_every_index_and_names_its_series() -> None:
    code, out, _ = paths("--format", "json")
    assert code == 0
    listed = [(p["title"], p["index"], p["series"]) for p in json.loads(out)]
    assert listed == [("Quick Review", "01-basics/README.md", "01-basics"),
                      ("Quick Review", "02-models/README.md", "02-models"),
                      ("Fast Track", "README.md", None), ("Models First", "README.md", None)]
    code, out, _ = paths("--series", "02-models", "--format", "json")
    assert code == 0  # its own path, and the course's paths that step into it
    assert [p["node"] for p in json.loads(out)] == [
        "path:02-models/README.md:quick-review", "path:README.md:fast-track",
        "path:README.md:models-first"]


@pytest.mark.parametrize(("args", "error"), [
    (["show", "Quick Review"], "Error: 'Quick Review' is a reading path of several series "
                               "(01-basics, 02-models): choose one with --series NAME\n"),
    (["show", "quick"], "Error: 'quick' is a reading path of several series "
                        "(01-basics, 02-models): choose one with --series NAME\n"),
    (["show", "quick-review"], "Error: 'quick-review' is a reading path of several series "
                               "(01-basics, 02-models): choose one with --series NAME\n"),
    (["show", "nothing"], "Error: 'nothing' matches no reading path; choose one of "
                          "'Quick Review' (series 01-basics), 'Quick Review' (series "
                          "02-models), 'Fast Track' (in README.md), 'Models First' "
                          "(in README.md)\n"),
    (["coverage"], "Error: `paths coverage` is about one series, and this corpus has 2: "
                   "choose one with --series NAME: 01-basics, 02-models\n"),
    (["--series", "03-nope", "show", "Quick Review"],
     "Error: --series '03-nope': no such series; choose one with --series NAME: "
     "01-basics, 02-models\n"),
    (["propose", "--to", "1"], "Error: --to '1' is a post of several series "
                               "(01-basics, 02-models): choose one with --series NAME\n"),
    (["propose", "--to", "03-trees.md", "--audience", "Quick Review"],
     "Error: 'Quick Review' is a reading path of several series (01-basics, 02-models): "
     "choose one with --series NAME\n"),
])
def test_ambiguous_series_is_a_one_line_usage_error(args: list[str], error: str) -> None:
    code, out, err = paths(*args)
    assert (code, out, err) == (2, "", error)


def test_series_selects_the_path_the_post_and_the_coverage() -> None:
    code, out, _ = paths("--series", "02-models", "--format", "json", "show", "Quick Review")
    assert code == 0
    shown = json.loads(out)
    assert (shown["series"], shown["index"]) == ("02-models", "02-models/README.md")
    code, out, _ = paths("--series", "01-basics", "--format", "json", "coverage")
    assert code == 0
    cov = json.loads(out)
    assert cov["series"] == "01-basics"
    assert cov["unreached_posts"] == ["01-basics/04-scaling.md"]
    assert {p["title"]: p["skipped_posts"] for p in cov["paths"]} == {
        "Quick Review": ["01-basics/03-cleaning.md", "01-basics/04-scaling.md"],
        "Fast Track": ["01-basics/01-setup.md", "01-basics/04-scaling.md"],
        "Models First": ["01-basics/01-setup.md", "01-basics/03-cleaning.md",
                         "01-basics/04-scaling.md"]}
    code, out, _ = paths("--series", "02-models", "propose", "--to", "1")
    assert code == 0  # lesson 1 of module 2 needs lesson 2 of module 1 first
    assert out == ("1. [Loading Data](../01-basics/02-loading.md) - needed by Fitting a Line "
                   "(cites it at 02-models/01-fitting.md:3:21), ~1 min\n"
                   "2. [Fitting a Line](01-fitting.md) - the goal, ~1 min\n")
    code, out, _ = paths("--series", "02-models", "propose", "--to", "03-trees.md",
                         "--audience", "Quick Review")
    assert (code, out) == (0, "1. [Trees](03-trees.md) - the goal, ~1 min\n")
    code, out, _ = paths("--format", "json", "order", "Models First")
    assert code == 0
    assert [o["node"] for o in json.loads(out)["order"]] == [
        "01-basics/02-loading.md", "02-models/01-fitting.md"]


def test_apply_reorders_a_path_that_crosses_modules() -> None:
    code, out, _ = paths("apply", "Models First", "--order", "--dry-run")
    assert code == 0
    assert out.splitlines()[-4:] == [
        "-1. [Fitting a Line](02-models/01-fitting.md)",
        "-2. [Loading Data](01-basics/02-loading.md)",
        "+1. [Loading Data](01-basics/02-loading.md)",
        "+2. [Fitting a Line](02-models/01-fitting.md)"]


def test_find_path_is_the_one_matcher_and_gives_its_candidates() -> None:
    """A title substring and a slug match alike; the error carries the paths it matched,
    from which the CLI names their series."""
    g = analyze(COURSE).graph
    for name in ("quick", "Quick Review", "quick-review", "path:quick-review"):
        with pytest.raises(DesignError) as err:
            find_path(g, name)
        assert err.value.candidates == ("path:01-basics/README.md:quick-review",
                                        "path:02-models/README.md:quick-review")
    assert find_path(g, "fast") == "path:README.md:fast-track"


LESSONS = TESTS / "series" / "course-lessons" / "corpus"


@pytest.mark.parametrize("fmt", ["mermaid", "svg"])
@pytest.mark.parametrize(("args", "error"), [
    ([], "Error: none of the indexes of the 3 series has reading paths to draw\n"),
    (["--series", "01-basics"],
     "Error: no index has a reading path about series 01-basics to draw\n"),
])
def test_a_map_of_several_series_without_paths_says_so_plainly(
        fmt: str, args: list[str], error: str) -> None:
    code, out, err = paths(*args, "--format", fmt, root=LESSONS)
    assert (code, out, err) == (2, "", error)
