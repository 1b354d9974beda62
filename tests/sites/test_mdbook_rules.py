"""mdBook's rules, checked against cases quoted from mdBook's own sources and tests.

Source: rust-lang/mdBook at commit 641d06abe7d10d981ed61dd2711a30e4119666cd.
"""

from __future__ import annotations

import pytest

from docs_index.sites.mdbook_directives import (
    DirectiveKind,
    LineRange,
    anchor_names,
    find_directives,
)
from docs_index.sites.mdbook_rules import (
    chapter_html_path,
    explicit_heading_id,
    html_link,
    id_from_content,
    is_readme,
    legacy_id_from_content,
    legacy_unique_id,
    unique_id,
)
from docs_index.sites.mdbook_summary import SummaryEntry, SummaryKind, parse_summary

HEAD = "641d06abe7d10d981ed61dd2711a30e4119666cd"
V054 = "2ea30c00f00647d2b3f4c0f79b3e0e1eabc0b66d"  # tag v0.5.4
V0452 = "f6dd0a4a13dfbf02a31ad8494e671fcddf832e48"  # tag v0.4.52
PULLDOWN = "3cd6c6c59aef69712b25b053fc082ef3c36483c4"  # pulldown-cmark/pulldown-cmark

# crates/mdbook-html/src/utils.rs @ V054 and @ HEAD, test `it_normalizes_ids`; the
# punctuation-only rows are HEAD only (commit f895937, not in v0.5.4), where they give
# "section" and v0.5.4 gives "".
SHARED_IDS = [
    ("`--passes`: add more rustdoc passes", "--passes-add-more-rustdoc-passes"),
    ("Method-call 🐙 expressions \U0001f47c", "method-call--expressions-"),
    ("_-_12345", "_-_12345"),
    ("12345", "12345"),
    ("中文", "中文"),
    ("にほんご", "にほんご"),
    ("한국어", "한국어"),
    ("中文標題 CJK title", "中文標題-cjk-title"),
    ("Über", "über"),
]


@pytest.mark.parametrize(("text", "expected"), [*SHARED_IDS, ("", "")])
def test_id_from_content_v0_5(text: str, expected: str) -> None:
    assert id_from_content(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [*SHARED_IDS, ("", "section"), ("::", "section"), ("!.():", "section"), ("   ", "section")],
)
def test_id_from_content_master(text: str, expected: str) -> None:
    assert id_from_content(text, section_fallback=True) == expected


def test_unique_id() -> None:
    # utils.rs @ V054 `it_generates_unique_ids`, @ HEAD
    # `punctuation_only_headings_get_unique_section_ids`.
    used: set[str] = set()
    got = [unique_id(x, used) for x in ["", "Über", "Über", "Über"]]
    assert got == ["", "Über", "Über-1", "Über-2"]
    used = set()
    texts = ["::", "!!!", "Real Heading", "***", "   "]
    got = [unique_id(id_from_content(x, section_fallback=True), used) for x in texts]
    assert got == ["section", "section-1", "real-heading", "section-2", "section-3"]
    # HashSet-based: a literal `a-1` heading pushes the second `a` on to `a-2`.
    used = set()
    assert [unique_id(x, used) for x in ["a", "a-1", "a"]] == ["a", "a-1", "a-2"]


# src/utils/mod.rs @ V0452, tests `it_normalizes_ids` (normalize_id) and
# `it_generates_unique_ids_from_content`.
@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("`--passes`: add more rustdoc passes", "--passes-add-more-rustdoc-passes"),
        ("Method-call 🐙 expressions \U0001f47c", "method-call--expressions-"),
        ("_-_12345", "_-_12345"),
        ("12345", "12345"),
        ("中文", "中文"),
        ("にほんご", "にほんご"),
        ("한국어", "한국어"),
        ("", ""),
        ("## 中文標題 CJK title", "中文標題-cjk-title"),
        ("## Über", "Über"),
        # id_from_content's tag and entity removal (same file, same version).
        ("<code>Foo</code> &amp; <em>Bar</em>", "foo--bar"),
    ],
)
def test_legacy_id_from_content(html: str, expected: str) -> None:
    assert legacy_id_from_content(html) == expected


def test_legacy_unique_id() -> None:
    counter: dict[str, int] = {}
    got = [
        legacy_unique_id(legacy_id_from_content(x), counter)
        for x in ["## Über", "## 中文標題 CJK title", "## Über", "## Über"]
    ]
    assert got == ["Über", "中文標題-cjk-title", "Über-1", "Über-2"]
    # A count per base id, no collision check (unlike 0.5).
    counter = {}
    assert [legacy_unique_id(x, counter) for x in ["a", "a-1", "a"]] == ["a", "a-1", "a-1"]


# pulldown-cmark specs/heading_attrs.txt @ PULLDOWN (mdBook 0.5 uses pulldown-cmark 0.13 with
# ENABLE_HEADING_ATTRIBUTES, crates/mdbook-markdown/src/lib.rs @ HEAD); content after `# `.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("with the ID {#myh1}", ("with the ID", "myh1")),
        ("multiple! {.myclass1 myattr #myh3 otherattr=value .myclass2}", ("multiple!", "myh3")),
        ("H1 # {#id1}", ("H1", "id1")),
        ("H2 ## with ## multiple ## hashes ## {#id2}", ("H2 ## with ## multiple ## hashes", "id2")),
        ("with trailing hash # ### {#id3}", ("with trailing hash #", "id3")),
        ("non-attribute-block {#id4} ####", ("non-attribute-block {#id4}", None)),
        ("spaces {#myid1}    ", ("spaces", "myid1")),
        ("without space, not recommended{#id1}", ("without space, not recommended", "id1")),
        ("H1 { #id1 }", ("H1", "id1")),
        ("H1 {#id1.class1.class2 .class3}", ("H1", "id1.class1.class2")),
        ("H2 {.class1#id2.class2}", ("H2", None)),
        ("H1 { #id1", ("H1 { #id1", None)),
        ("H1 { #id1 } foo", ("H1 { #id1 } foo", None)),
        ("H1 {#first #second #last}", ("H1", "last")),
        ("H1 {#foo #}", ("H1", "foo")),
        ("H1 {#}", ("H1", None)),
        ("H1 {.foo}bar}", ("H1 {.foo}bar}", None)),
        ("H1 {<i>foo</i>}", ("H1 {<i>foo</i>}", None)),
        ("H2 {} ##", ("H2 {}", None)),
        ("horizontal tab (U+000A) {#ht\t.myclass}", ("horizontal tab (U+000A)", "ht")),
        (
            "EN SPACE (U+2002) {#en-space\u2002.myclass}",
            ("EN SPACE (U+2002)", "en-space\u2002.myclass"),
        ),
    ],
)
def test_explicit_heading_id(content: str, expected: tuple[str, str | None]) -> None:
    assert explicit_heading_id(content) == expected


def _page_ids(contents: list[str]) -> list[str]:
    used: set[str] = set()
    ids = []
    for content in contents:
        text, explicit = explicit_heading_id(content)
        ids.append(explicit if explicit else unique_id(id_from_content(text), used))
    return ids


def test_page_ids_as_mdbook_builds_them() -> None:
    # tests/testsuite/search/reasonable_search_index @ HEAD: the headings of
    # src/first/duplicate-headers.md and src/first/heading-attributes.md, and the anchors
    # mdBook built for them in expected_index.js ("doc_urls").
    dup = ["Duplicate headers", "Header Text", "Header Text", "header-text"]
    assert _page_ids(dup) == ["duplicate-headers", "header-text", "header-text-1", "header-text-2"]
    attrs = [
        "Heading Attributes {#attrs}",
        "Heading with classes {.class1 .class2}",
        "Heading with id and classes {#both .class1 .class2}",
    ]
    assert _page_ids(attrs) == ["attrs", "heading-with-classes", "both"]


# crates/mdbook-html/src/html/tree.rs `fix_link`: MD_LINK = `(?P<link>.*)\.md(?P<anchor>#.*)?`.
@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("ch01.md", "ch01.html"),
        ("../guide/intro.md#setup", "../guide/intro.html#setup"),
        ("#local", "#local"),
        ("https://example.org/a.md", "https://example.org/a.md"),
        ("mailto:x@example.org", "mailto:x@example.org"),
        ("image.png", "image.png"),
        # Links to README.md are not renamed: rust-lang/mdBook issue #984 (open), and
        # tests/testsuite/index.rs @ HEAD asserts that book/README.html does not exist.
        ("README.md", "README.html"),
        ("notes.mdx", "notes.html"),
    ],
)
def test_html_link(target: str, expected: str) -> None:
    assert html_link(target) == expected


def test_readme_chapter_is_index() -> None:
    # crates/mdbook-driver/src/builtin_preprocessors/index.rs, test
    # `file_stem_exactly_matches_readme_case_insensitively`.
    for path in [
        "path/to/Readme.md",
        "path/to/README.md",
        "path/to/rEaDmE.md",
        "path/to/README.markdown",
        "path/to/README",
    ]:
        assert is_readme(path)
    assert not is_readme("path/to/README-README.md")
    assert chapter_html_path("part/README.md") == "part/index.html"
    assert chapter_html_path("ch01.md") == "ch01.html"


def N(title: str, path: str | None, number: tuple[int, ...], line: int) -> SummaryEntry:
    return SummaryEntry(SummaryKind.NUMBERED, title, path, number, line)


def test_summary_parts_and_nesting() -> None:
    # crates/mdbook-summary/src/lib.rs, test `parse_titled_parts`.
    src = (
        "- [First](./first.md)\n- [Second](./second.md)\n"
        "# Title 2\n- [Third](./third.md)\n\t- [Fourth](./fourth.md)"
    )
    assert parse_summary(src) == [
        N("First", "./first.md", (1,), 1),
        N("Second", "./second.md", (2,), 2),
        SummaryEntry(SummaryKind.PART, "Title 2", line=3),
        N("Third", "./third.md", (3,), 4),
        N("Fourth", "./fourth.md", (3, 1), 5),
    ]


def test_summary_prefix_separator_draft_suffix() -> None:
    # Title ignored; prefix items with a separator (`parse_prefix_items_with_a_separator`),
    # a draft (`[Empty]()`), numbering kept across `---` (`keep_numbering_after_separator`),
    # a sub-heading skipped (`parse_numbered_chapters_separated_by_comment` family), suffix.
    src = (
        "# Summary\n\n[First](./first.md)\n\n---\n\n[Second](./second.md)\n\n"
        "- [Empty]()\n\n---\n\n- [Next](next.md)\n\n## Sub\n\n- [Last](last.md)\n\n"
        "[Outro](outro.md)\n"
    )
    assert parse_summary(src) == [
        SummaryEntry(SummaryKind.PREFIX, "First", "./first.md", (), 3),
        SummaryEntry(SummaryKind.SEPARATOR, "---", line=5),
        SummaryEntry(SummaryKind.PREFIX, "Second", "./second.md", (), 7),
        N("Empty", None, (1,), 9),
        SummaryEntry(SummaryKind.SEPARATOR, "---", line=11),
        N("Next", "next.md", (2,), 13),
        N("Last", "last.md", (3,), 17),
        SummaryEntry(SummaryKind.SUFFIX, "Outro", "outro.md", (), 19),
    ]


def test_summary_title_and_spaces() -> None:
    # `parse_with_multiline_title`-style soft break, and `%20` / `<...>` paths
    # (crates/mdbook-summary/src/lib.rs, tests after `keep_numbering_after_separator`).
    got = parse_summary(
        "- [Chapter\ntitle](./chapter.md)\n- [test1](./test%20link1.md)\n"
        "- [test2](<./test link2.md>)"
    )
    assert [(e.title, e.path) for e in got] == [
        ("Chapter title", "./chapter.md"),
        ("test1", "./test link1.md"),
        ("test2", "./test link2.md"),
    ]


def test_summary_nested_and_comment() -> None:
    # crates/mdbook-summary/src/lib.rs @ HEAD, tests `parse_nested_numbered_chapters` and
    # `parse_numbered_chapters_separated_by_comment`.
    src = "- [First](./first.md)\n  - [Nested](./nested.md)\n- [Second](./second.md)"
    assert parse_summary(src) == [
        N("First", "./first.md", (1,), 1),
        N("Nested", "./nested.md", (1, 1), 2),
        N("Second", "./second.md", (2,), 3),
    ]
    src = "- [First](./first.md)\n<!-- this is a comment -->\n- [Second](./second.md)"
    assert parse_summary(src) == [
        N("First", "./first.md", (1,), 1),
        N("Second", "./second.md", (2,), 3),
    ]


def test_summary_skips_html_comments() -> None:
    # crates/mdbook-summary/src/lib.rs @ HEAD, test `skip_html_comments` (verbatim source).
    src = """<!--
# Title - En
-->
# Title - Local

<!--
[Prefix 00-01 - En](ch00-01.md)
[Prefix 00-02 - En](ch00-02.md)
-->
[Prefix 00-01 - Local](ch00-01.md)
[Prefix 00-02 - Local](ch00-02.md)

<!--
## Section Title - En
-->
## Section Title - Localized

<!--
- [Ch 01-00 - En](ch01-00.md)
    - [Ch 01-01 - En](ch01-01.md)
    - [Ch 01-02 - En](ch01-02.md)
-->
- [Ch 01-00 - Local](ch01-00.md)
    - [Ch 01-01 - Local](ch01-01.md)
    - [Ch 01-02 - Local](ch01-02.md)

<!--
- [Ch 02-00 - En](ch02-00.md)
-->
- [Ch 02-00 - Local](ch02-00.md)

<!--
[Appendix A - En](appendix-01.md)
[Appendix B - En](appendix-02.md)
-->`
[Appendix A - Local](appendix-01.md)
[Appendix B - Local](appendix-02.md)
"""
    got = [(e.kind, e.title, e.path, e.number, e.line) for e in parse_summary(src)]
    prefix, suffix, numbered = SummaryKind.PREFIX, SummaryKind.SUFFIX, SummaryKind.NUMBERED
    assert got == [
        (prefix, "Prefix 00-01 - Local", "ch00-01.md", (), 10),
        (prefix, "Prefix 00-02 - Local", "ch00-02.md", (), 11),
        (numbered, "Ch 01-00 - Local", "ch01-00.md", (1,), 23),
        (numbered, "Ch 01-01 - Local", "ch01-01.md", (1, 1), 24),
        (numbered, "Ch 01-02 - Local", "ch01-02.md", (1, 2), 25),
        (numbered, "Ch 02-00 - Local", "ch02-00.md", (2,), 30),
        (suffix, "Appendix A - Local", "appendix-01.md", (), 36),
        (suffix, "Appendix B - Local", "appendix-02.md", (), 37),
    ]


def test_summary_paths_kept_as_written() -> None:
    # Non-ASCII and escaped destinations reach mdBook as written (pulldown-cmark does not
    # percent-encode); a blockquote between the lists is skipped whole.
    src = "- [Ü](./über.md)\n\n> [Not](not.md)\n\n- [A\\_b](a\\_b.md)\n"
    assert [(e.title, e.path, e.number) for e in parse_summary(src)] == [
        ("Ü", "./über.md", (1,)),
        ("A_b", "a_b.md", (2,)),
    ]


# crates/mdbook-driver/src/builtin_preprocessors/links.rs, `parse_*` tests.
@pytest.mark.parametrize(
    ("arg", "selector"),
    [
        ("arbitrary", LineRange(None, None)),
        ("arbitrary:", LineRange(None, None)),
        ("arbitrary::", LineRange(None, None)),
        ("arbitrary::NaN", LineRange(None, None)),
        ("arbitrary:5", LineRange(4, 5)),
        ("arbitrary:1", LineRange(0, 1)),
        ("arbitrary:0", LineRange(0, 1)),
        ("arbitrary:5:", LineRange(4, None)),
        ("arbitrary:5:NaN", LineRange(4, None)),
        ("arbitrary::5", LineRange(None, 5)),
        ("arbitrary:5:10", LineRange(4, 10)),
        ("arbitrary:-5", "-5"),
        ("arbitrary:-5.7", "-5.7"),
        ("arbitrary:some-anchor:this-gets-ignored", "some-anchor"),
        ("arbitrary:5:10:17:anything:", LineRange(4, 10)),
    ],
)
def test_include_selector(arg: str, selector: LineRange | str) -> None:
    (d,) = find_directives("{{#include " + arg + "}}")
    assert (d.kind, d.path, d.selector) == (DirectiveKind.INCLUDE, "arbitrary", selector)


def test_find_directives_positions_and_kinds() -> None:
    # links.rs tests `test_find_links_simple_link`, `..._escaped_link`,
    # `test_find_playgrounds_with_properties`, `test_find_all_link_types`.
    s = "Some random text with {{#playground file.rs}} and {{#playground test.rs }}..."
    got = [(d.kind, d.path, d.start, d.end) for d in find_directives(s)]
    assert got == [
        (DirectiveKind.PLAYGROUND, "file.rs", 22, 45),
        (DirectiveKind.PLAYGROUND, "test.rs", 50, 74),
    ]
    s = (
        "Some random text with escaped playground {{#include file.rs}} and \\{{#contents are "
        "insignifficant in escaped link}} some more\n text  {{#playground my.rs editable "
        "no_run should_panic}} ..."
    )
    got = [(d.kind, d.path, d.props, d.start, d.end, d.line, d.col) for d in find_directives(s)]
    assert got == [
        (DirectiveKind.INCLUDE, "file.rs", (), 41, 61, 1, 42),
        (DirectiveKind.PLAYGROUND, "my.rs", ("editable", "no_run", "should_panic"), 133, 183, 2, 8),
    ]
    assert find_directives("{{#playground}} and {{#playground   }} {{}} {{#}}") == []
    assert find_directives("{{#playgroundz ar.rs}} and {{#incn}} {{baz}} {{#bar}}") == []
    (r,) = find_directives("{{#rustdoc_include src/main.rs:body}}")
    assert (r.kind, r.path, r.selector) == (DirectiveKind.RUSTDOC_INCLUDE, "src/main.rs", "body")


def test_anchor_names() -> None:
    # links/take_lines.rs: ANCHOR_START = `ANCHOR:\s*(?P<anchor_name>[\w_-]+)`.
    text = (
        "// ANCHOR: all\nfn main() {\n    // ANCHOR: body\n    // ANCHOR_END: body\n}\n"
        "// ANCHOR_END: all\n"
    )
    assert anchor_names(text) == {"all", "body"}
