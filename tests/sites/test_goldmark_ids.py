"""docs_index.sites.goldmark_ids against Hugo 0.111 (Goldmark) itself.

The expected ids in tests/sites/fixtures/goldmark-*-ids.json were read back from the HTML that
the real Hugo built from tests/sites/hugo-ids/ (`python -m tests.sites.generators`); the table
tests run everywhere, the differential tests rebuild where Hugo is installed (CI sets
REFGRAPH_REQUIRE_GENERATORS=1, so there a missing Hugo fails them).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.sites.goldmark_ids import (
    ID_TYPES,
    GoldmarkIds,
    blackfriday_slug,
    github_ascii_slug,
    github_slug,
    split_heading_attributes,
)
from tests.sites import generators

ROOT = Path(__file__).resolve().parents[2]


def _ids(id_type: str, headings: list[str]) -> list[str | None]:
    page = GoldmarkIds(id_type)
    return [page.id(heading) for heading in headings]


def _assert_same(headings: list[str], got: list[str | None], want: list[str | None]) -> None:
    # Ids depend on every earlier heading, so the first divergence is the one to read.
    assert len(got) == len(want)
    for index, (heading, mine, truth) in enumerate(zip(headings, got, want, strict=True)):
        assert mine == truth, f"heading {index} {heading!r}: {mine!r}, the generator {truth!r}"


def test_the_sites_share_one_page() -> None:
    assert generators.heading_sources(generators.HUGO_PAGE) == generators.heading_sources(
        generators.JEKYLL_PAGE)


def test_id_types() -> None:
    assert tuple(generators.GOLDMARK_TYPES) == ID_TYPES


@pytest.mark.parametrize("id_type", ID_TYPES)
def test_ids_equal_the_generators_fixture(id_type: str) -> None:
    data = generators.load(generators.GOLDMARK_TYPES[id_type])
    cases = data["cases"]
    assert isinstance(cases, list)
    headings = [case["heading"] for case in cases]
    assert headings == generators.heading_sources(generators.HUGO_PAGE), "stale fixture"
    _assert_same(headings, _ids(id_type, headings), [case["id"] for case in cases])


@pytest.mark.parametrize("id_type", ID_TYPES)
def test_ids_equal_a_fresh_hugo_build(id_type: str) -> None:
    hugo = generators.require("hugo")
    headings = generators.heading_sources(generators.HUGO_PAGE)
    _assert_same(headings, _ids(id_type, headings), generators.build_hugo(id_type, hugo))


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        ("Title {#custom-id}", ("Title", "custom-id")),
        ("Title {#with-class .note}", ("Title", "with-class")),
        ("Title {.cls key=\"v\"}", ("Title", None)),
        ("Title {#attr-id} ##", ("Title", "attr-id")),  # closing hashes go first
        ("Title {braces}", ("Title {braces}", None)),  # a bare word is no attribute
        ("Title {: #ial-id}", ("Title {: #ial-id}", None)),
        ("Title {#bad id}", ("Title {#bad id}", None)),
        ("Title{#glued}", ("Title{#glued}", None)),
        ("Trailing ##", ("Trailing", None)),
    ],
)
def test_split_heading_attributes(contents: str, expected: tuple[str, str | None]) -> None:
    assert split_heading_attributes(contents) == expected


def test_sluggers_read_the_source_line() -> None:
    line = "A [link](http://x.y) _em_ &amp; \u0130 caf\u00e9 \U0001f600"
    assert github_slug(line) == "a-linkhttpxy-_em_-amp-i-caf\u00e9-"
    assert github_ascii_slug(line) == "a-linkhttpxy-_em_-amp-i-cafe-"  # İ is I + a mark
    assert blackfriday_slug(line) == "a-link-http-x-y-em-amp-i-caf\u00e9"


def test_duplicates_avoid_every_earlier_id() -> None:
    page = GoldmarkIds()
    headings = ["echo", "echo", "echo 1", "Custom {#custom}", "custom", "\U0001f600", "heading"]
    assert [page.id(h) for h in headings] == [
        "echo", "echo-1", "echo-1-1", "custom", "custom-1", "heading", "heading-1"]


def test_unknown_id_type_is_refused() -> None:
    with pytest.raises(ValueError, match="got 'gitlab'"):
        GoldmarkIds("gitlab")


HOSTILE = r"""
from docs_index.sites.goldmark_ids import ID_TYPES, GoldmarkIds
from docs_index.sites.kramdown_ids import GfmIds, KramdownIds, ial_id
n = 20_000
for line in ["{" + "#a" * n + " x", "a " + "{#a " * n, "x {: " + "#a" * n, "x {" * n,
             "#" * n + "x", " #" * n + "x", "x {" + "a=" * n + "}", "{#" + "a=b " * n,
             "[" * n + "]" * n, "*" * n + "a", "<" * n, "-" * n, "`" * n, "\\" * n]:
    for page in (GfmIds(), KramdownIds(), *(GoldmarkIds(t) for t in ID_TYPES)):
        page.id(line)
    ial_id(line)
"""


def test_hostile_heading_lines_take_linear_time() -> None:
    # Nested or overlapping regex repetitions would backtrack exponentially on these; the
    # fixed code needs about 1.5 s for all of them, the interpreter included.
    done = subprocess.run([sys.executable, "-c", HOSTILE], cwd=ROOT, timeout=20,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
