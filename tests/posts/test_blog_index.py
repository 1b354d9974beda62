"""posts.blog_index.parse_index and the phrase readers of posts.text, table-driven."""

from __future__ import annotations

import pytest

from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Document, Location
from posts.blog_index import BlogIndex, IndexEntry, PathStep, ReadingPath, parse_index
from posts.text import parse_count, parse_minutes

INDEX = "blog/README.md"


def is_post_path(p: str) -> bool:
    return p.startswith("blog/") and p.split("/")[-1][0].isdigit()


def doc_of(text: str) -> Document:
    doc, problems = parse_markdown(make_parser(), INDEX, text)
    assert problems == []
    return doc


def index_of(text: str) -> BlogIndex:
    return parse_index(doc_of(text), is_post_path)


def at(line: int, col: int) -> Location:
    return Location(INDEX, line, col)


REALISTIC = """\
# Blog Series

Intro text with a [paper](../PAPER.md) link.

## 📚 Posts

### [1. Introducing X](01-a.md)

**Target Audience**: Architects, tech leads
**Length**: ~15 minute read

An overview of X.

### [2. Storage](02-b.md)

**Target Audience**: Engineers
**Length**: ~20 minute read

### [3. Operations](03-c.md)

**Length**: 25 min read

## 🎯 Reading Paths

### For Architects

1. [Introducing X](01-a.md) - overview
2. [Storage](02-b.md)
3. [The paper](../PAPER.md)

**Time**: ~1.5 hours

### For Engineers

1. [Storage](02-b.md)
2. [Operations](03-c.md)

**Time**: 2-3 hours

### For Operators

1. [Operations](03-c.md)
2. [Introducing X](01-a.md) for context

**Time**: 1h 30m

## License

MIT, see [the licence](../LICENSE).
"""


def test_realistic_index_entries() -> None:
    index = index_of(REALISTIC)
    assert index.path == INDEX
    assert list(index.entries) == [
        IndexEntry("01-a.md", at(7, 5), "1. Introducing X", 15.0, "Architects, tech leads"),
        IndexEntry("02-b.md", at(14, 5), "2. Storage", 20.0, "Engineers"),
        IndexEntry("03-c.md", at(19, 5), "3. Operations", 25.0, None),
    ]


def test_realistic_index_paths() -> None:
    index = index_of(REALISTIC)
    assert list(index.paths) == [
        ReadingPath("for-architects", "For Architects", at(25, 1), (
            PathStep(1, "01-a.md", at(27, 4), "Introducing X"),
            PathStep(2, "02-b.md", at(28, 4), "Storage"),
            PathStep(3, "../PAPER.md", at(29, 4), "The paper"),
        ), 90.0, at(31, 1)),
        ReadingPath("for-engineers", "For Engineers", at(33, 1), (
            PathStep(1, "02-b.md", at(35, 4), "Storage"),
            PathStep(2, "03-c.md", at(36, 4), "Operations"),
        ), 180.0, at(38, 1)),
        ReadingPath("for-operators", "For Operators", at(40, 1), (
            PathStep(1, "03-c.md", at(42, 4), "Operations"),
            PathStep(2, "01-a.md", at(43, 4), "Introducing X"),
        ), 90.0, at(45, 1)),
    ]


SIMPLE_LIST = """\
# Series

1. [One](01-a.md) — ~5 min read
2. [Two](02-b.md) — ~10 min read
3. [Three](03-c.md)
"""


def test_simple_list_index() -> None:
    index = index_of(SIMPLE_LIST)
    assert list(index.entries) == [
        IndexEntry("01-a.md", at(3, 4), "One", 5.0, None),
        IndexEntry("02-b.md", at(4, 4), "Two", 10.0, None),
        IndexEntry("03-c.md", at(5, 4), "Three", None, None),
    ]
    assert index.paths == ()


def test_a_post_listed_twice_is_one_entry() -> None:
    index = index_of("# S\n\n- [One](01-a.md)\n- [Two](02-b.md)\n- [One again](./01-a.md)\n")
    assert [(e.target, e.loc.line) for e in index.entries] == [("01-a.md", 3), ("02-b.md", 4)]


NESTED_NOTES = """\
# S

## Reading Paths

### Quick Start

1. [One](01-a.md)
   - background: [the paper](../PAPER.md)
2. [Two](02-b.md)

**Time**: 30 min
"""


def test_nested_notes_under_a_step_are_not_steps() -> None:
    (path,) = index_of(NESTED_NOTES).paths
    assert [(s.order, s.target, s.loc.line) for s in path.steps] == [
        (1, "01-a.md", 7),
        (2, "02-b.md", 9),
    ]
    assert path.stated_minutes == 30.0


STEP_SHAPES = [
    pytest.param("1. [One](01-a.md)\n2. Two, coming soon\n3. [Three](03-c.md)\n",
                 [(1, "01-a.md", 7, 4, "One"), (2, "", 8, 4, "Two, coming soon"),
                  (3, "03-c.md", 9, 4, "Three")], id="numbered-item-without-link"),
    pytest.param("- [One](01-a.md)\n- Two (soon)\n",
                 [(1, "01-a.md", 7, 3, "One"), (2, "", 8, 3, "Two (soon)")],
                 id="bulleted-item-without-link"),
    pytest.param("1. [One](01-a.md)\n2. [Two]()\n",
                 [(1, "01-a.md", 7, 4, "One"), (2, "", 8, 4, "Two")], id="empty-link"),
    pytest.param("1. [One](01-a.md)\n\n   Why: it sets the scene.\n\n2. [Two](02-b.md)\n",
                 [(1, "01-a.md", 7, 4, "One"), (2, "02-b.md", 11, 4, "Two")],
                 id="continuation-paragraph-is-not-a-step"),
    pytest.param("Before you start:\n\n- coffee\n- time\n\n1. [One](01-a.md)\n",
                 [(1, "01-a.md", 12, 4, "One")], id="plain-bullets-beside-numbered-steps"),
    pytest.param("1. [One](01-a.md)\n- **Time**: 20 min\n- Goal: basics\n",
                 [(1, "01-a.md", 7, 4, "One")], id="labelled-items-are-not-steps"),
    pytest.param("- read the intro\n- then storage\n", [], id="prose-bullets-only"),
    pytest.param("> 1. [One](01-a.md)\n> 2. Two\n",
                 [(1, "01-a.md", 7, 6, "One"), (2, "", 8, 6, "Two")], id="in-blockquote"),
]


@pytest.mark.parametrize(("body", "steps"), STEP_SHAPES)
def test_path_steps(body: str, steps: list[tuple[int, str, int, int, str]]) -> None:
    (path,) = index_of(f"# S\n\n## Reading Paths\n\n### Quick Start\n\n{body}").paths
    assert [(s.order, s.target, s.loc.line, s.loc.col, s.text) for s in path.steps] == steps


HEADING_TIMES = [
    pytest.param("### Quick Tour (45 min)\n\n1. [One](01-a.md)\n", 45.0, at(5, 1),
                 id="in-heading"),
    pytest.param("### Deep Dive — ~2 hours\n\n1. [One](01-a.md)\n\n**Time**: 3 hours\n",
                 180.0, at(9, 1), id="time-line-wins"),
    pytest.param("### For Architects\n\n1. [One](01-a.md)\n", None, None, id="none"),
]


@pytest.mark.parametrize(("body", "minutes", "loc"), HEADING_TIMES)
def test_path_time_in_heading(body: str, minutes: float | None, loc: Location | None) -> None:
    (path,) = index_of(f"# S\n\n## Reading Paths\n\n{body}").paths
    assert (path.stated_minutes, path.time_loc) == (minutes, loc)


def test_time_in_a_bullet_is_the_paths_time() -> None:
    (path,) = index_of("# S\n\n## Reading Paths\n\n### Q\n\n1. [One](01-a.md)\n"
                       "- **Time**: 20 min\n").paths
    assert (path.stated_minutes, path.time_loc) == (20.0, at(8, 1))


MINUTES = [
    pytest.param("~1.5 hours", 90.0, id="decimal-hours"),
    pytest.param("2-3 hours", 180.0, id="range-upper-bound"),
    pytest.param("10–15 min", 15.0, id="range-en-dash"),
    pytest.param("1h 30m", 90.0, id="h-m"),
    pytest.param("25 min read", 25.0, id="min-read"),
    pytest.param("~15 minute read", 15.0, id="minute-read"),
    pytest.param("90 min", 90.0, id="min"),
    pytest.param("45 mins", 45.0, id="mins"),
    pytest.param("2 hrs", 120.0, id="hrs"),
    pytest.param("1 hour 15 minutes", 75.0, id="hour-and-minutes"),
    pytest.param("1.5h", 90.0, id="h-glued"),
    pytest.param("~6.5h", 390.0, id="tilde-h"),
    pytest.param("5,000 words, 25 min read", 25.0, id="words-are-not-minutes"),
    pytest.param("12 months", None, id="months"),
    pytest.param("no time given", None, id="none"),
    pytest.param("", None, id="empty"),
    pytest.param("~1.5 hours (90 minutes)", 90.0, id="restated"),
]


@pytest.mark.parametrize(("text", "minutes"), MINUTES)
def test_parse_minutes(text: str, minutes: float | None) -> None:
    assert parse_minutes(text) == minutes


COUNTS = [
    pytest.param("150K+", 150000, id="k-plus"),
    pytest.param("9/20", 9, id="fraction"),
    pytest.param("5,000 words", 5000, id="thousands"),
    pytest.param("~100K", 100000, id="tilde-k"),
    pytest.param("1.5k", 1500, id="decimal-k"),
    pytest.param("77K lines", 77000, id="k-lines"),
    pytest.param("1,234,567", 1234567, id="millions"),
    pytest.param("20 posts", 20, id="plain"),
    pytest.param("12.5", 12, id="decimal"),
    pytest.param("none", None, id="none"),
    pytest.param("3 Kafka clusters", 3, id="word-starting-with-k"),
]


@pytest.mark.parametrize(("text", "count"), COUNTS)
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count
