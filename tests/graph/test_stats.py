"""The RG6xx statistics rules on small corpora written on the fly: which posts a figure
counts (a range on its line, a heading, another claim of the same total), and targets
stated more than once."""

from __future__ import annotations

from pathlib import Path

from graph.api import load_graph
from graph.checks.stats import stale_statistics, unmet_success_metrics
from graph.config import Config
from tests.conftest import make_tree, messages

POST = "# P\n\n" + "word " * 99 + "\n"  # 100 words with the title: 1 minute at 230 wpm


def series(root: Path, numbers: list[int], files: dict[str, str]) -> Path:
    posts = {f"blog/{n:02d}-post.md": POST for n in numbers}
    return make_tree(root, posts | files)


def findings(root: Path, rule: str) -> list[str]:
    g = load_graph(root, Config())
    check = stale_statistics if rule == "RG601" else unmet_success_metrics
    return messages(list(check(g, Config())))


PER_TRACK = """\
# Quarrylog Blog Series

## 📊 Statistics

### Original Series (Posts 1-10)
- **Posts**: 10
- **Words**: ~1,000
- **Reading time**: ~10 minutes

### Expansion Series (Posts 11-15)
- **Posts**: 4
- **Words**: ~500

### Combined Totals
- **Total posts**: 15
- **Total words**: ~1,500
"""


def test_figures_under_a_track_heading_count_that_track(tmp_path: Path) -> None:
    """Posts 1-15 are published: "Posts: 10" under "(Posts 1-10)" is right, not 15."""
    root = series(tmp_path, list(range(1, 16)), {"blog/README.md": PER_TRACK})
    assert findings(root, "RG601") == [
        'blog/README.md:11:14: stated post count "4", but 5 of posts #11-15 are published '
        '(write "5")',
    ]


SERIES_COMPLETE = """\
# Blog Series Backlog

## Overview

**Current Status**: ✅ 20/20 expansion posts complete (100%)
**Remaining**: None - Series complete!

## Completion Criteria

### Overall Series

- [x] All 20 posts (11-30) complete
- [x] Total 1K+ words achieved

---

*Status: 20/20 complete (100%) ✅*
"""


def test_a_fraction_counts_the_posts_a_target_of_the_same_total_names(tmp_path: Path) -> None:
    """pyralog's BACKLOG.md: both status lines count the 20 expansion posts #11-30 that
    "All 20 posts (11-30) complete" names, not the 18 posts of the whole series."""
    root = series(tmp_path, [*range(1, 9), *range(11, 21)],
                  {"blog/BACKLOG.md": SERIES_COMPLETE})
    assert findings(root, "RG601") == [
        'blog/BACKLOG.md:5:23: stated progress "20/20 expansion posts complete (100%)", but '
        '10 of posts #11-30 are published (50%) (write "10/20 expansion posts complete '
        '(50%)")',
        'blog/BACKLOG.md:17:10: stated progress "20/20 complete (100%)", but 10 of posts '
        '#11-30 are published (50%) (write "10/20 complete (50%)")',
    ]


INTRODUCTIONS = """\
# Blog Series Backlog

## Overview

**Current Status**: 12/16 posts complete (75%)
**Remaining**: 4 posts (#13-16)

## Success Metrics

- ✅ 12 introduction posts (1-12) complete (currently 12/12)
- ✅ 1K+ total words (~1.2K actual)
"""


def test_a_range_on_the_line_wins_over_the_remaining_range(tmp_path: Path) -> None:
    """"currently 12/12" counts posts 1-12, as its line says, not #5-16 (12 posts ending
    where "Remaining: 4 posts (#13-16)" ends)."""
    root = series(tmp_path, list(range(1, 13)), {"blog/BACKLOG.md": INTRODUCTIONS})
    assert findings(root, "RG601") == []
    assert findings(root, "RG603") == []


def test_an_actual_figure_beside_a_target_is_checked(tmp_path: Path) -> None:
    """"(~150K actual)" is what the plan says the posts hold now: RG601 checks it, like
    "(currently ~150K)"; the unmet target stays an RG603 note."""
    plan = INTRODUCTIONS.replace("1K+ total words (~1.2K actual)",
                                 "150K+ total words (~150K actual) - **100%**")
    root = series(tmp_path, list(range(1, 13)), {"blog/BACKLOG.md": plan})
    assert findings(root, "RG601") == [
        'blog/BACKLOG.md:11:24: stated total words "~150K actual", but the posts hold '
        '1,200 words (write "~1.2K actual")',
    ]
    assert findings(root, "RG603") == [
        'blog/BACKLOG.md:11:5: target "150K+ total words" not met yet: the posts hold '
        '1,200 words, 148,800 to go (keep writing, or change the target in the plan)',
    ]


EVERY_TARGET = """\
# Blog Series Backlog

## Overview

**Current Status**: 12/16 posts complete (75%)
**Remaining**: 4 posts (#13-16)

## Completion Criteria

- [x] All 12 introduction posts (1-12) complete
- [ ] 2K+ total words

## Success Metrics

- ✅ 16 posts complete (currently 12/16)
- ✅ 2K+ total words (currently ~1.2K)
"""


def test_every_target_is_checked_and_a_repeated_one_once(tmp_path: Path) -> None:
    """The 12-post target is met, the 16-post one is not; "2K+ total words" is stated
    twice and reported once, at its first statement."""
    root = series(tmp_path, list(range(1, 13)), {"blog/BACKLOG.md": EVERY_TARGET})
    assert findings(root, "RG603") == [
        'blog/BACKLOG.md:11:7: target "2K+ total words" not met yet: the posts hold 1,200 '
        'words, 800 to go (keep writing, or change the target in the plan)',
        'blog/BACKLOG.md:15:5: target "16 posts complete" not met yet: 12 of posts #1-16 '
        'are published, 4 to go (keep writing, or change the target in the plan)',
    ]


def test_a_range_is_left_alone_when_posts_have_no_numbers(tmp_path: Path) -> None:
    files = {f"blog/{name}.md": POST for name in ("intro", "write-path", "replication")}
    root = make_tree(tmp_path, files | {
        "refgraph.toml": 'posts = "blog/[a-z]*.md"\n',
        "blog/README.md": "# S\n\n## Statistics\n\n### Original (Posts 1-10)\n- **Posts**: 10\n"
                          "\n### All\n- **Total posts**: 3\n"})
    config = Config(posts="blog/[a-z]*.md", explicit=frozenset({"posts"}))
    g = load_graph(root, config)
    assert list(stale_statistics(g, config)) == []
