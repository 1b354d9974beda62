"""posts.stats.parse_stats: each recognised shape, the near misses it must leave alone, and
the seed plan (tests/fixtures/seed-BACKLOG.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Location
from posts.stats import Measure, Progress, Remaining, Stat, StatedStats, Target, parse_stats

INDEX = "blog/README.md"
PLAN = "blog/BACKLOG.md"
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed-BACKLOG.md"
P, W, M = Measure.POSTS, Measure.WORDS, Measure.MINUTES


def stats_of(text: str, is_plan: bool) -> StatedStats:
    doc, problems = parse_markdown(make_parser(), PLAN if is_plan else INDEX, text)
    assert problems == []
    return parse_stats(doc, is_plan=is_plan)


def current(stats: StatedStats) -> list[tuple[Measure, float, bool, bool, str, int, int]]:
    return [(s.measure, s.value, s.approximate, s.at_least, s.text, s.loc.line, s.loc.col)
            for s in stats.current]


INDEX_SHAPES = [
    ("A 12-part technical blog series about logs.\n",
     [(P, 12, False, False, "12-part technical blog series", 1, 3)]),
    ("A 30-part series.\n", [(P, 30, False, False, "30-part series", 1, 3)]),
    ("This is a series of 12 posts on storage.\n",
     [(P, 12, False, False, "series of 12 posts", 1, 11)]),
    ("12 posts, ~4 hours of reading.\n",
     [(P, 12, False, False, "12 posts", 1, 1),
      (M, 240, True, False, "~4 hours of reading", 1, 11)]),
    ("**Series**: 12 posts · 45,000 words · 3.5 hours of reading\n",
     [(P, 12, False, False, "12 posts", 1, 13), (W, 45000, False, False, "45,000 words", 1, 24),
      (M, 210, False, False, "3.5 hours of reading", 1, 39)]),
    ("**Total**: 45,000 words\n", [(W, 45000, False, False, "45,000 words", 1, 12)]),
    ("**Total words**: ~45K\n", [(W, 45000, True, False, "~45K", 1, 18)]),
    ("**Total reading time**: ~4h\n", [(M, 240, True, False, "~4h", 1, 25)]),
    ("**Total posts**: 12\n", [(P, 12, False, False, "12", 1, 18)]),
    ("About 45,000 words in total.\n", [(W, 45000, True, False, "About 45,000 words", 1, 1)]),
    ("Around 6h 30m of reading, all told.\n",
     [(M, 390, True, False, "Around 6h 30m of reading", 1, 1)]),
    ("## 📊 Series Statistics\n\n- **Posts**: 12\n- **Words**: ~45,000\n"
     "- **Reading time**: 3.5 hours\n- **Posts with diagrams**: 4\n- **Code examples**: 150+\n",
     [(P, 12, False, False, "12", 3, 14), (W, 45000, True, False, "~45,000", 4, 14),
      (M, 210, False, False, "3.5 hours", 5, 21)]),
    ("## By the Numbers\n\n- 12 posts\n- 45K+ words\n",
     [(P, 12, False, False, "12 posts", 3, 3), (W, 45000, True, True, "45K+ words", 4, 3)]),
]

INDEX_NEAR_MISSES = [
    "### [1. Intro](01-a.md)\n\n**Length**: ~15 minute read\n**Reading time**: 2 hours\n",
    "## Reading Paths\n\n### For Architects\n\n1. [A](01-a.md) - overview\n\n**Time**: ~3 hours\n",
    "This post has 2,000 words and takes 9 minutes to read.\n",
    "Part 3 of the series covers 5 posts on storage.\n",
    "```\nTotal: 45,000 words\n```\n",
    "Over 40,000 words so far, and counting.\n",
    "- **Storage posts**: 4 posts\n",
    "Every post is about 1,500 words, ~7 minutes of reading each.\n",
    "The first 10 posts, ~3 hours of reading, cover the basics.\n",
    "# Series\n\n## Storage Track\n\n5 posts, ~2 hours of reading.\n**Total**: 12,000 words\n",
]


@pytest.mark.parametrize(("text", "expected"), INDEX_SHAPES)
def test_index_shapes(text: str, expected: list[tuple[Measure, float, bool, bool, str, int, int]]
                      ) -> None:
    assert current(stats_of(text, is_plan=False)) == expected


@pytest.mark.parametrize("text", INDEX_NEAR_MISSES)
def test_index_near_misses(text: str) -> None:
    stats = stats_of(text, is_plan=False)
    assert (stats.current, stats.progress, stats.remaining, stats.targets) == ((), (), (), ())


def test_part_series_is_read_from_the_index_only() -> None:
    assert stats_of("A 30-part series.\n", is_plan=True).current == ()


def scoped(stats: StatedStats) -> list[tuple[Measure, str, int | None, int | None]]:
    return [(s.measure, s.text, s.first, s.last) for s in stats.current]


def test_a_heading_range_scopes_the_figures_under_it() -> None:
    """Per-track figures (blog/README.md of pyralog): the size of posts 1-10, not of the
    series; a sibling heading without a range is about the whole series again."""
    text = ("## 📊 Statistics\n\n### Original Series (Posts 1-10)\n- **Posts**: 10\n"
            "- **Words**: ~47,000\n- **Reading time**: ~2.8 hours\n\n"
            "### Expansion Series (#11-30)\n- **Posts**: 20\n\n"
            "### Combined Totals\n- **Total posts**: 30\n- **Total words**: ~150,000\n")
    assert scoped(stats_of(text, is_plan=False)) == [
        (P, "10", 1, 10), (W, "~47,000", 1, 10), (M, "~2.8 hours", 1, 10),
        (P, "20", 11, 30), (P, "30", None, None), (W, "~150,000", None, None)]


@pytest.mark.parametrize("heading", ["## Statistics (2024-2025)", "## Statistics",
                                     "## Statistics (5-10 min each)"])
def test_headings_without_a_post_range(heading: str) -> None:
    assert scoped(stats_of(f"{heading}\n\n- **Posts**: 12\n", is_plan=False)) == [
        (P, "12", None, None)]


def test_an_actual_figure_beside_a_target_is_a_current_total() -> None:
    """"(~150K actual)" is read like "(currently ~150K)" (pyralog's BACKLOG.md)."""
    stats = stats_of("## Success Metrics\n\n- ✅ 150K+ total words (~150K actual) - **100%**\n"
                     "- ✅ 10+ hours read time (10.3h actual) - **103%**\n"
                     "- ✅ 30+ code examples (42 actual)\n", is_plan=True)
    assert current(stats) == [(W, 150000, True, False, "~150K actual", 3, 24),
                              (M, 618, False, False, "10.3h actual", 4, 26)]
    assert [(t.measure, t.value) for t in stats.targets] == [(W, 150000), (M, 600)]
    (words, hours) = stats.current
    assert words.text[slice(*words.number)] == "150K"
    assert hours.text[slice(*hours.number)] == "10.3h"


def test_a_heading_range_scopes_a_post_target() -> None:
    text = ("## Completion Criteria\n\n### Expansion (Posts 11-30)\n\n"
            "- [ ] All 20 posts complete\n- [ ] All 25 posts complete\n")
    assert targets(text) == [(P, 20, 11, 30, "All 20 posts complete", 5, 7),
                             (P, 25, None, None, "All 25 posts complete", 6, 7)]


def test_stat_keeps_where_its_number_is() -> None:
    (stat,) = stats_of("## Success Metrics\n\n- 150K+ total words (currently ~100K)\n",
                       is_plan=True).current
    assert stat == Stat(W, 100000.0, True, False, "currently ~100K", (11, 15), 1000.0,
                        Location(PLAN, 3, 22))
    assert stat.text[slice(*stat.number)] == "100K"
    (hours,) = stats_of("6 posts, ~1 hour of reading\n", is_plan=False).current[1:]
    assert (hours.text[slice(*hours.number)], hours.scale) == ("1 hour", 60.0)


def progress(stats: StatedStats) -> list[tuple[int, int, float | None, str, int | None,
                                                int | None, str, int, int]]:
    return [(p.done, p.total, p.percent, p.qualifier, p.first, p.last, p.text, p.loc.line,
             p.loc.col) for p in stats.progress]


PROGRESS_SHAPES = [
    ("**Current Status**: 9/20 expansion posts complete (45%)\n",
     [(9, 20, 45.0, "expansion", None, None, "9/20 expansion posts complete (45%)", 1, 21)]),
    ("*Status: 9/20 complete (45%), 11 posts remaining*\n",
     [(9, 20, 45.0, "", None, None, "9/20 complete (45%)", 1, 10)]),
    ("**Progress**: 9 of 20 posts published\n",
     [(9, 20, None, "", None, None, "9 of 20 posts published", 1, 15)]),
    ("**Status**: 12/16 (75%)\n", [(12, 16, 75.0, "", None, None, "12/16 (75%)", 1, 13)]),
    ("- 9/20 posts (#11-30) done\n", [(9, 20, None, "", 11, 30, "9/20 posts (#11-30) done", 1, 3)]),
    ("- 20 posts complete (currently 9/20)\n",
     [(9, 20, None, "", None, None, "currently 9/20", 1, 22)]),
    ("- Introductions: 3/3 complete\n",
     [(3, 3, None, "introductions", None, None, "3/3 complete", 1, 18)]),
    # a range on the line itself says which posts are counted
    ("- ✅ 12 introduction posts (1-12) complete (currently 12/12)\n",
     [(12, 12, None, "", 1, 12, "currently 12/12", 1, 44)]),
    ("- 9/20 done; posts 11-30 are the expansion\n",
     [(9, 20, None, "", 11, 30, "9/20 done", 1, 3)]),
    ("- 3/6 done (2-3 days late)\n", [(3, 6, None, "", None, None, "3/6 done", 1, 3)]),
    # else a heading above it, when the range holds as many posts as the total
    ("## Phase 2 (Posts 7-8)\n\n**Status**: 1/2 complete\n",
     [(1, 2, None, "", 7, 8, "1/2 complete", 3, 13)]),
    ("## Phase 2 (Posts 7-9)\n\n**Status**: 1/2 complete\n",
     [(1, 2, None, "", None, None, "1/2 complete", 3, 13)]),
    ("Last updated 11/03/2025.\n", []),
    ("We spent 9/20 of the budget.\n", []),
    ("- Mitigation: 874K tokens remaining (87%), sufficient for 11 posts\n", []),
]


@pytest.mark.parametrize(("text", "expected"), PROGRESS_SHAPES)
def test_progress_shapes(text: str, expected: list[tuple[object, ...]]) -> None:
    assert progress(stats_of(text, is_plan=True)) == expected


REMAINING_SHAPES = [
    ("**Remaining**: 11 posts (#20-30) + README update\n",
     [Remaining(11, 20, 30, "11 posts (#20-30)", Location(PLAN, 1, 16))]),
    ("*Status: 9/20 complete (45%), 11 posts remaining*\n",
     [Remaining(11, None, None, "11 posts remaining", Location(PLAN, 1, 31))]),
    ("**Remaining**: 4\n", [Remaining(4, None, None, "4", Location(PLAN, 1, 16))]),
    ("Only 3 more posts to go (#28–30).\n",
     [Remaining(3, None, None, "3 more posts to go", Location(PLAN, 1, 6))]),
    ("- 874K tokens remaining (87%)\n", []),
]


@pytest.mark.parametrize(("text", "expected"), REMAINING_SHAPES)
def test_remaining_shapes(text: str, expected: list[Remaining]) -> None:
    assert list(stats_of(text, is_plan=True).remaining) == expected


def targets(text: str) -> list[tuple[Measure, float, int | None, int | None, str, int, int]]:
    stats = stats_of(text, is_plan=True)
    return [(t.measure, t.value, t.first, t.last, t.text, t.loc.line, t.loc.col)
            for t in stats.targets]


TARGET_SHAPES = [
    ("## Success Metrics\n\n- ✅ 20 posts complete (currently 9/20)\n",
     [(P, 20, None, None, "20 posts complete", 3, 5)]),
    ("## Success Metrics\n\n- ✅ 150K+ total words (currently ~100K)\n",
     [(W, 150000, None, None, "150K+ total words", 3, 5)]),
    ("## Success Metrics\n\n- ✅ 10+ hours read time (currently ~6.5h)\n",
     [(M, 600, None, None, "10+ hours read time", 3, 5)]),
    ("## Completion Criteria\n\n### Overall Series\n\n- [ ] All 20 posts (11-30) complete\n"
     "- [ ] Total 150K+ words\n- [ ] Publish 20 posts\n",
     [(P, 20, 11, 30, "All 20 posts (11-30) complete", 5, 7),
      (W, 150000, None, None, "150K+ words", 6, 13), (P, 20, None, None, "20 posts", 7, 15)]),
    ("## Goals\n\n- At least 100,000 words of prose\n",
     [(W, 100000, None, None, "At least 100,000 words", 3, 3)]),
    ("## Success Metrics\n\n- 100+ words each\n- All phases covered\n- 5-10 code examples\n", []),
    ("## Completion Criteria\n\n### Per Post\n\n- [ ] 4,000+ words\n- [ ] 20 posts complete\n", []),
    ("## Overview\n\n- 150K+ total words\n", []),
]


@pytest.mark.parametrize(("text", "expected"), TARGET_SHAPES)
def test_target_shapes(text: str, expected: list[tuple[object, ...]]) -> None:
    assert targets(text) == expected


def test_targets_are_read_from_the_plan_only() -> None:
    stats = stats_of("## Success Metrics\n\n- 150K+ total words\n", is_plan=False)
    assert stats.targets == ()


SKIPPED = """\
# Plan

### #20: LSM Trees Meet Arrow

**Status**: 9/20 complete (45%)
**Estimated**: 5,000 words, 25 min read

## Timeline Estimates

- Total: ~2.3 hours per post

Total estimated time: 27.5 hours of work.

## Content Guidelines

### Quality Standards

- Minimum: 4,000 words
- Read time: 20-30 min
- Total: 150K+ words
"""


def test_entries_guidelines_and_work_time_are_left_alone() -> None:
    stats = stats_of(SKIPPED, is_plan=True)
    assert (stats.current, stats.progress, stats.remaining, stats.targets) == ((), (), (), ())


@pytest.fixture(scope="module")
def seed() -> StatedStats:
    text, problem = decode(PLAN, SEED.read_bytes())
    assert problem is None and text is not None
    return stats_of(text, is_plan=True)


def test_seed_progress_and_remaining(seed: StatedStats) -> None:
    assert seed.progress == (
        Progress(9, 20, 45.0, "expansion", None, None, "9/20 expansion posts complete (45%)",
                 Location(PLAN, 9, 21)),
        Progress(9, 20, None, "", None, None, "currently 9/20", Location(PLAN, 453, 26)),
        Progress(9, 20, 45.0, "", None, None, "9/20 complete (45%)", Location(PLAN, 479, 10)),
    )
    assert seed.remaining == (
        Remaining(11, 20, 30, "11 posts (#20-30)", Location(PLAN, 10, 16)),
        Remaining(11, None, None, "11 posts remaining", Location(PLAN, 479, 31)),
    )


def test_seed_targets_and_current_totals(seed: StatedStats) -> None:
    assert seed.targets == (
        Target(P, 20.0, 11, 30, "All 20 posts (11-30) complete", Location(PLAN, 418, 7)),
        Target(W, 150000.0, None, None, "150K+ words", Location(PLAN, 421, 13)),
        Target(M, 600.0, None, None, "10+ hours read time", Location(PLAN, 422, 13)),
        Target(P, 20.0, None, None, "20 posts complete", Location(PLAN, 453, 7)),
        Target(W, 150000.0, None, None, "150K+ total words", Location(PLAN, 454, 7)),
        Target(M, 600.0, None, None, "10+ hours read time", Location(PLAN, 455, 7)),
    )
    assert current(seed) == [(W, 100000.0, True, False, "currently ~100K", 454, 26),
                             (M, 390.0, True, False, "currently ~6.5h", 455, 28)]
