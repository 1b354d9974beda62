"""docs_index.sites.kramdown_ids against Jekyll 4.3 / kramdown 2.4 itself.

The expected ids in tests/sites/fixtures/kramdown*-ids.json were read back from the HTML that
the real Jekyll built from tests/sites/jekyll-ids/ (`python -m tests.sites.generators`); the
table tests run everywhere, the differential tests rebuild where Jekyll is installed (CI sets
REFGRAPH_REQUIRE_GENERATORS=1, so there a missing Jekyll fails them).
"""

from __future__ import annotations

import pytest

from docs_index.sites.kramdown_ids import (
    GfmIds,
    KramdownIds,
    gfm_heading_text,
    gfm_slug,
    ial_id,
    kramdown_slug,
    split_header_id,
)
from tests.sites import generators


def _ids(kramdown_input: str, headings: list[str]) -> list[str | None]:
    references, footnotes = generators.definitions(generators.JEKYLL_PAGE)
    page = (GfmIds(references=references, footnotes=footnotes) if kramdown_input == "GFM"
            else KramdownIds())
    # kramdown sets an empty id yet writes no id attribute: the HTML heading has none.
    following = generators.following_lines(generators.JEKYLL_PAGE)
    return [page.id(heading, after) or None
            for heading, after in zip(headings, following, strict=True)]


def _assert_same(headings: list[str], got: list[str | None], want: list[str | None]) -> None:
    # Ids depend on every earlier heading, so the first divergence is the one to read.
    assert len(got) == len(want)
    for index, (heading, mine, truth) in enumerate(zip(headings, got, want, strict=True)):
        assert mine == truth, f"heading {index} {heading!r}: {mine!r}, the generator {truth!r}"


@pytest.mark.parametrize("kramdown_input", sorted(generators.KRAMDOWN_INPUTS))
def test_ids_equal_the_generators_fixture(kramdown_input: str) -> None:
    data = generators.load(generators.KRAMDOWN_INPUTS[kramdown_input])
    cases = data["cases"]
    assert isinstance(cases, list)
    headings = [case["heading"] for case in cases]
    assert headings == generators.heading_sources(generators.JEKYLL_PAGE), "stale fixture"
    _assert_same(headings, _ids(kramdown_input, headings), [case["id"] for case in cases])


@pytest.mark.parametrize("kramdown_input", sorted(generators.KRAMDOWN_INPUTS))
def test_ids_equal_a_fresh_jekyll_build(kramdown_input: str) -> None:
    jekyll = generators.require("jekyll")
    headings = generators.heading_sources(generators.JEKYLL_PAGE)
    built = generators.build_jekyll(kramdown_input, jekyll)
    _assert_same(headings, _ids(kramdown_input, headings), built)


def test_the_fixture_page_has_about_a_hundred_headings() -> None:
    assert len(generators.heading_sources(generators.JEKYLL_PAGE)) >= 100


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        ("Title {#custom-id}", ("Title", "custom-id")),
        ("  Title {#x:y.z-1}  ", ("Title", "x:y.z-1")),
        ("Title{#glued}", ("Title{#glued}", None)),  # needs a blank before the brace
        ("Title {#1abc}", ("Title {#1abc}", None)),  # an XML name starts with no digit
        ("Title {#a b}", ("Title {#a b}", None)),
        ("Title {: #ial}", ("Title {: #ial}", None)),  # an IAL is a line of its own
    ],
)
def test_split_header_id(contents: str, expected: tuple[str, str | None]) -> None:
    assert split_header_id(contents) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{: #block-ial}", "block-ial"),
        ("{: .note #first #second}", "second"),
        ("{: .note}", None),
        ("{:: comment}", None),
        ("{#not-ial}", None),
    ],
)
def test_ial_id(line: str, expected: str | None) -> None:
    assert ial_id(line) == expected


def test_gfm_text_is_the_rendered_text() -> None:
    # Text, code and entities count, a link's URL and an image do not; dashes are typographic.
    assert gfm_heading_text("A [link](http://x.y) `code` &amp; ![alt](p.png) a--b") == (
        "A link code &  a\u2013b")
    assert gfm_slug("A link code &  a\u2013b") == "a-link-code---ab"
    assert gfm_slug("\u2764\ufe0f \u24d0") == "\ufe0f-\u24d0"  # marks and Other_Alphabetic stay


def test_gfm_text_knows_the_pages_definitions() -> None:
    assert gfm_heading_text("[a][r] b[^1]") == "[a][r] b[^1]"  # undefined: literal text
    assert gfm_heading_text("[a][r] b[^1]", references=["R"], footnotes=["1"]) == "a b"


def test_gfm_text_drops_kramdown_extensions_and_span_ials() -> None:
    assert gfm_heading_text("x {::comment} hidden {:/} y") == "x  y"
    # A mismatched closing tag leaves the whole extension as text (checked with kramdown).
    assert gfm_heading_text("{::nomarkdown}raw{:/comment} z") == "{::nomarkdown}raw{:/comment} z"
    assert gfm_heading_text("*e*{:.c} and {: .c} b") == "e and {: .c} b"


def test_a_block_ial_gives_the_id_and_is_not_counted() -> None:
    for page in (GfmIds(), KramdownIds()):
        assert page.id("Title {#inline}", "{: #from-ial}") == "from-ial"
        assert [page.id("Title"), page.id("Title", "plain text")] == ["title", "title-1"]


def test_the_page_defines_labels() -> None:
    assert generators.definitions(generators.JEKYLL_PAGE) == (["r"], ["1"])


def test_plain_kramdown_slugs_the_source() -> None:
    assert kramdown_slug("2024 [Plans](x.md)") == "plansxmd"
    assert kramdown_slug("\u65e5\u672c") == "section"


def test_duplicates_do_not_check_literal_ids() -> None:
    # Both kramdown parsers can give two headings the same id; the generator does too.
    gfm, plain = GfmIds(), KramdownIds()
    assert [gfm.id(h) for h in ("echo", "echo", "echo 1")] == ["echo", "echo-1", "echo-1"]
    assert [plain.id(h) for h in ("echo", "echo", "echo 1")] == ["echo", "echo-1", "echo-1"]
    assert [GfmIds(prefix="p-").id(h) for h in ("--",)] == [""]
