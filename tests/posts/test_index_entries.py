"""posts.blog_index.parse_index: which links are entries, duplicates and stray entries."""

from __future__ import annotations

import pytest

from docs_index.markdown import make_parser, parse_markdown
from posts.blog_index import BlogIndex, parse_index

INDEX = "blog/README.md"


def is_post_path(p: str) -> bool:
    return p.startswith("blog/") and p.split("/")[-1][0].isdigit()


def index_of(text: str) -> BlogIndex:
    doc, problems = parse_markdown(make_parser(), INDEX, text)
    assert problems == []
    return parse_index(doc, is_post_path)


def rows(entries: tuple) -> list[tuple[str, int, bool, int | None]]:
    """(target, line, shaped, line of the first entry for a duplicate)."""
    return [(e.target, e.loc.line, e.shaped, e.duplicate_of.line if e.duplicate_of else None)
            for e in entries]


HEADINGS = """\
# Series

Start with [the intro](01-a.md).

## Posts

### [1. A](01-a.md)

### [2. B](02-b.md)

### [3. C](02-b.md)

### [4. Storage](../STORAGE.md)

### [Reference docs](../docs/)

## Recently updated

### [2. B](02-b.md)
"""

ENTRY_CASES = [
    pytest.param(HEADINGS,
                 [("01-a.md", 7, True, None), ("02-b.md", 9, True, None)],
                 [("02-b.md", 11, True, 9), ("../STORAGE.md", 13, True, None)],
                 id="headings-prose-first-link-duplicate-and-stray"),
    pytest.param("# S\n\n- [One](01-a.md)\n- [Two](02-b.md)\n- [One again](./01-a.md)\n",
                 [("01-a.md", 3, True, None), ("02-b.md", 4, True, None)],
                 [("./01-a.md", 5, True, 3)], id="list-duplicate-same-section"),
    pytest.param("# S\n\n1. [Setup](02-b.md#setup)\n2. [Access](02-b.md#access)\n"
                 "3. [Setup again](02-b.md#setup)\n",
                 [("02-b.md#setup", 3, True, None)],
                 [("02-b.md#setup", 5, True, 3)], id="sections-of-one-post-are-no-duplicates"),
    pytest.param("# S\n\n## Start\n\n- [One](01-a.md)\n\n## All\n\n- [One](01-a.md)\n"
                 "- [Two](02-b.md)\n",
                 [("01-a.md", 5, True, None), ("02-b.md", 10, True, None)], [],
                 id="list-repeated-in-another-section"),
    pytest.param("# S\n\nOnly [one](01-a.md) in passing, and [two](02-b.md).\n",
                 [("01-a.md", 3, False, None), ("02-b.md", 3, False, None)], [],
                 id="prose-only"),
    pytest.param("# S\n\n| Post | Time |\n|---|---|\n| [1. A](01-a.md) | 5 min |\n"
                 "| [2. B](02-b.md) | 5 min |\n| [3. C](../C.md) | 5 min |\n",
                 [("01-a.md", 5, True, None), ("02-b.md", 6, True, None)],
                 [("../C.md", 7, True, None)], id="table-rows"),
    pytest.param("# S\n\n1. [A](01-a.md)\n2. [The paper](../PAPER.md)\n",
                 [("01-a.md", 3, True, None)], [], id="unnumbered-doc-link-is-no-entry"),
]


@pytest.mark.parametrize(("text", "entries", "extra"), ENTRY_CASES)
def test_entries(text: str, entries: list[tuple], extra: list[tuple]) -> None:
    index = index_of(text)
    assert rows(index.entries) == entries
    assert rows(index.extra) == extra


def test_duplicate_keeps_its_own_minutes() -> None:
    index = index_of("# S\n\n### [1. A](01-a.md)\n**Length**: 5 min\n\n"
                     "### [2. B](01-a.md)\n**Length**: 9 min\n")
    assert [e.minutes for e in index.entries] == [5.0]
    assert [e.minutes for e in index.extra] == [9.0]
