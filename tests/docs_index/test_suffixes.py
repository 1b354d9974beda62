"""`docs_index.suffixes.first_free` gives each repeated heading the id the generator's own
literal walk gives (Python-Markdown's `toc.unique`, mdBook 0.5's `unique_id`), on any
sequence of headings, including the ones that made that walk quadratic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docs_index.sites.mdbook_rules import unique_id
from docs_index.sites.mkdocs import unique_linear

SLUGS = st.lists(st.sampled_from(["a", "a_1", "a_2", "a_5", "a_1_2", "", "_1", "b", "b_3",
                                  "a-1", "a-2", "a-5", "a-1-1", "b-1"]), max_size=60)


def _mdbook_literal(id_: str, used: set[str]) -> str:
    """mdBook 0.5's loop as written: from `-1` up, for every repeat."""
    if id_ not in used:
        used.add(id_)
        return id_
    counter = 1
    while f"{id_}-{counter}" in used:
        counter += 1
    used.add(f"{id_}-{counter}")
    return f"{id_}-{counter}"


@settings(max_examples=300, deadline=None, database=None)
@given(SLUGS)
def test_mkdocs_ids_are_python_markdowns(slugs: list[str]) -> None:
    from markdown.extensions import toc

    ours: set[str] = set()
    theirs: set[str] = set()
    jumps: dict[tuple[str, str, int], int] = {}
    assert ([unique_linear(s, ours, jumps) for s in slugs]
            == [toc.unique(s, theirs) for s in slugs])


@settings(max_examples=300, deadline=None, database=None)
@given(SLUGS)
def test_mdbook_ids_are_mdbooks(slugs: list[str]) -> None:
    ours: set[str] = set()
    theirs: set[str] = set()
    jumps: dict[tuple[str, str, int], int] = {}
    assert [unique_id(s, ours, jumps) for s in slugs] == [_mdbook_literal(s, theirs)
                                                         for s in slugs]


def test_the_runs_that_were_quadratic_are_walked_once() -> None:
    """`## a_5` repeated on an MkDocs page, `## a` repeated after `## a-1` … `## a-N` on an
    mdBook page: each lookup of a taken suffix is counted; the literal walk made N²/2."""

    class Counting(set[str]):
        lookups = 0

        def __contains__(self, item: object) -> bool:
            Counting.lookups += 1
            return super().__contains__(item)

    n = 2_000
    used, jumps = Counting(), {}
    ids = [unique_linear("a_5", used, jumps) for _ in range(n)]
    assert ids == ["a_5", *(f"a_{i}" for i in range(6, n + 5))]
    assert Counting.lookups < 10 * n
    Counting.lookups = 0
    used, jumps = Counting(f"a-{i}" for i in range(1, n + 1)), {}
    ids = [unique_id("a", used, jumps) for _ in range(n)]
    assert ids == ["a", *(f"a-{i}" for i in range(n + 1, 2 * n))]
    assert Counting.lookups < 10 * n
