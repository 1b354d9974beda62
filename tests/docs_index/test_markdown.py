"""docs_index.markdown.parse_markdown and docs_index.corpus.decode, table-driven.

Every expected `(line, col, target, kind)` below was worked out by hand from the input
text: lines and columns are 1-based, columns count characters (not bytes), and line
numbers are file-relative (front matter included).
"""

from __future__ import annotations

import pytest

from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Document, LinkKind, Location, Problem, RefUse

INLINE = LinkKind.INLINE
REF = LinkKind.REFERENCE
AUTO = LinkKind.AUTOLINK
IMAGE = LinkKind.IMAGE
HTML = LinkKind.HTML

LinkRow = tuple[int, int, str, LinkKind]


def parse(text: str) -> tuple[Document, list[Problem]]:
    return parse_markdown(make_parser(), "a.md", text)


def link_rows(doc: Document) -> list[LinkRow]:
    return [(lk.loc.line, lk.loc.col, lk.target, lk.kind) for lk in doc.links]


# -- links: where each one starts -------------------------------------------------------

LINK_CASES = [
    # paragraphs
    pytest.param("See [a](x.md) here.\n", [(1, 5, "x.md", INLINE)], id="para-first-line"),
    pytest.param("[a](x.md) and [b](y.md)\n",
                 [(1, 1, "x.md", INLINE), (1, 15, "y.md", INLINE)], id="para-two-on-a-line"),
    pytest.param("First line\nsecond [b](y.md)\nthird and [c](z.md)\n",
                 [(2, 8, "y.md", INLINE), (3, 11, "z.md", INLINE)], id="para-2nd-and-3rd-line"),
    pytest.param("Use `a\nb` then [d](w.md)\n", [(2, 9, "w.md", INLINE)],
                 id="para-after-multiline-code-span"),
    pytest.param("`x` [e](e.md)\n", [(1, 5, "e.md", INLINE)], id="para-after-code-span"),
    pytest.param("First\n   indented [i](i.md)\n", [(2, 13, "i.md", INLINE)],
                 id="para-indented-continuation"),
    pytest.param("   [a](x.md)\n", [(1, 4, "x.md", INLINE)], id="para-indented-first-line"),
    pytest.param('[t](x.md "Title")\n', [(1, 1, "x.md", INLINE)], id="inline-with-title"),
    pytest.param("[t](<a b.md>)\n", [(1, 1, "a b.md", INLINE)], id="inline-angle-destination"),
    pytest.param("[t](setup%20guide.md)\n", [(1, 1, "setup%20guide.md", INLINE)],
                 id="inline-percent-kept-as-written"),
    pytest.param("Line one  \nhard [h](h.md)\n", [(2, 6, "h.md", INLINE)],
                 id="para-after-hard-break"),
    # lists
    pytest.param("- item [a](x.md)\n", [(1, 8, "x.md", INLINE)], id="bullet"),
    pytest.param("- one\n- two [b](b.md)\n", [(2, 7, "b.md", INLINE)], id="bullet-second-item"),
    pytest.param("1. step [a](x.md)\n", [(1, 9, "x.md", INLINE)], id="ordered"),
    pytest.param("9. x\n10. step [a](x.md)\n", [(2, 10, "x.md", INLINE)], id="ordered-two-digits"),
    pytest.param("- top\n  - inner [n](n.md)\n", [(2, 11, "n.md", INLINE)], id="nested-bullet"),
    pytest.param("- top\n  1. inner [n](n.md)\n", [(2, 12, "n.md", INLINE)],
                 id="ordered-in-bullet"),
    pytest.param("1. top\n   1. two [t](t.md)\n", [(2, 11, "t.md", INLINE)],
                 id="nested-ordered"),
    pytest.param("- a\n  - b\n    - c [d](d.md)\n", [(3, 9, "d.md", INLINE)],
                 id="three-levels"),
    pytest.param("- first\n  cont [c](c.md)\n", [(2, 8, "c.md", INLINE)],
                 id="list-item-continuation"),
    pytest.param("- first\n\n  para [p](p.md)\n", [(3, 8, "p.md", INLINE)],
                 id="list-item-second-paragraph"),
    # tables
    pytest.param("| A | B | C |\n|---|---|---|\n| x | [b](b.md) | [c](c.md) |\n",
                 [(3, 7, "b.md", INLINE), (3, 19, "c.md", INLINE)], id="table-2nd-3rd-column"),
    pytest.param("| [h](h.md) | B |\n|---|---|\n| 1 | 2 |\n", [(1, 3, "h.md", INLINE)],
                 id="table-header-cell"),
    pytest.param("A | B\n--|--\nx | [b](b.md)\n", [(3, 5, "b.md", INLINE)],
                 id="table-without-outer-pipes"),
    pytest.param("| Syntax | Result |\n|---|---|\n| `[a](a.md)` | [a](a.md) |\n",
                 [(3, 17, "a.md", INLINE)], id="table-cell-text-repeated-in-earlier-cell"),
    pytest.param("| é | [u](u.md) |\n|---|---|\n", [(1, 7, "u.md", INLINE)],
                 id="table-unicode-cell"),
    # blockquotes
    pytest.param("> quote [q](q.md)\n", [(1, 9, "q.md", INLINE)], id="blockquote"),
    pytest.param("> first\n> second [s](s.md)\n", [(2, 10, "s.md", INLINE)],
                 id="blockquote-second-line"),
    pytest.param("> first\nlazy [l](l.md)\n", [(2, 6, "l.md", INLINE)],
                 id="blockquote-lazy-line"),
    pytest.param("> > deep [d](d.md)\n", [(1, 10, "d.md", INLINE)], id="nested-blockquote"),
    pytest.param("> > a\n> > b [b](b.md)\n", [(2, 7, "b.md", INLINE)],
                 id="nested-blockquote-second-line"),
    pytest.param("> - item [i](i.md)\n", [(1, 10, "i.md", INLINE)], id="list-in-blockquote"),
    # headings
    pytest.param("## See [docs](d.md)\n", [(1, 8, "d.md", INLINE)], id="atx-heading"),
    pytest.param("## See [d](d.md) ##\n", [(1, 8, "d.md", INLINE)], id="atx-heading-closed"),
    pytest.param("A [s](s.md)\n===\n", [(1, 3, "s.md", INLINE)], id="setext-heading"),
    # unicode before the link: columns are characters
    pytest.param("Ünïcödé → [u](u.md)\n", [(1, 11, "u.md", INLINE)], id="unicode-latin"),
    pytest.param("🎯 [e](e.md)\n", [(1, 3, "e.md", INLINE)], id="unicode-emoji"),
    pytest.param("日本語の[リンク](j.md)\n", [(1, 5, "j.md", INLINE)], id="unicode-cjk"),
    pytest.param("- ü [a](a.md)\n", [(1, 5, "a.md", INLINE)], id="unicode-in-list"),
    # reference definitions
    pytest.param("[r]: x.md\n", [(1, 1, "x.md", REF)], id="definition"),
    pytest.param("   [r]: x.md\n", [(1, 4, "x.md", REF)], id="definition-indented"),
    pytest.param("> [q]: q.md\n", [(1, 3, "q.md", REF)], id="definition-in-blockquote"),
    pytest.param("Text\n\n[r]: x.md 'T'\n", [(3, 1, "x.md", REF)], id="definition-with-title"),
    pytest.param("[r]:\n  x.md\n", [(1, 1, "x.md", REF)], id="definition-two-lines"),
    pytest.param("[r]: b.md\n[s]: a.md\n", [(1, 1, "b.md", REF), (2, 1, "a.md", REF)],
                 id="definitions-in-line-order"),
    # autolinks
    pytest.param("Visit <https://example.org> now\n", [(1, 7, "https://example.org", AUTO)],
                 id="autolink-url"),
    pytest.param("<me@example.org>\n", [(1, 1, "mailto:me@example.org", AUTO)],
                 id="autolink-email"),
    # images
    pytest.param("![alt](img/a.png)\n", [(1, 1, "img/a.png", IMAGE)], id="image"),
    pytest.param("Logo: ![alt](img/a.png)\n", [(1, 7, "img/a.png", IMAGE)], id="image-mid-line"),
    pytest.param("[![b](badge.svg)](https://ci.example)\n",
                 [(1, 1, "https://ci.example", INLINE), (1, 2, "badge.svg", IMAGE)],
                 id="image-inside-link"),
    pytest.param("- ![x](x.png)\n", [(1, 3, "x.png", IMAGE)], id="image-in-list"),
    # raw HTML, inline
    pytest.param('Click <a href="x.md">here</a>.\n', [(1, 7, "x.md", HTML)], id="html-inline-a"),
    pytest.param('Logo <img src="i.png" alt=""> end\n', [(1, 6, "i.png", HTML)],
                 id="html-inline-img"),
    pytest.param('<a href="a.md">a</a> <a href="b.md">b</a>\n',
                 [(1, 1, "a.md", HTML), (1, 22, "b.md", HTML)], id="html-inline-two-tags"),
    pytest.param('Text\nmore <a href="m.md">m</a>\n', [(2, 6, "m.md", HTML)],
                 id="html-inline-second-line"),
    # raw HTML, blocks
    pytest.param('<div>\n<a href="y.md">y</a>\n  <img src="z.png">\n</div>\n',
                 [(2, 1, "y.md", HTML), (3, 3, "z.png", HTML)], id="html-block"),
    pytest.param('<p align="center"><img src="logo.png"></p>\n', [(1, 19, "logo.png", HTML)],
                 id="html-block-one-line"),
    pytest.param('Intro\n\n<div>\n<a href="y.md">y</a>\n</div>\n', [(4, 1, "y.md", HTML)],
                 id="html-block-after-paragraph"),
    pytest.param('> <div>\n> <a href="q.md">q</a>\n> </div>\n', [(2, 3, "q.md", HTML)],
                 id="html-block-in-blockquote"),
    pytest.param('- <div><a href="l.md">l</a></div>\n', [(1, 8, "l.md", HTML)],
                 id="html-block-in-list-item"),
]


@pytest.mark.parametrize(("text", "expected"), LINK_CASES)
def test_link_positions(text: str, expected: list[LinkRow]) -> None:
    doc, problems = parse(text)
    assert problems == []
    assert link_rows(doc) == expected


NO_LINK_CASES = [
    pytest.param("`[a](x.md)`\n", id="code-span"),
    pytest.param('`<a href="x.md">`\n', id="code-span-html"),
    pytest.param("- `[a](x.md)`\n", id="code-span-in-list"),
    pytest.param("```\n[a](x.md)\n```\n", id="fenced-code"),
    pytest.param('~~~md\n<a href="x.md">x</a>\n![i](i.png)\n~~~\n', id="fenced-code-tilde"),
    pytest.param("    [a](x.md)\n", id="indented-code"),
    pytest.param("Para\n\n    <https://example.org>\n", id="indented-code-autolink"),
    pytest.param("Text <!-- [a](x.md) --> more\n", id="html-comment-inline"),
    pytest.param('Text <!-- <a href="x.md">x</a> --> more\n', id="html-comment-inline-tag"),
    pytest.param("Text <!-- a\n[b](b.md) -->\n", id="html-comment-inline-multiline"),
    pytest.param("<!-- [a](x.md) -->\n", id="html-comment-block-one-line"),
    pytest.param('<!--\n[a](x.md)\n<a href="y.md">\n-->\n', id="html-comment-block"),
    pytest.param("\\[a](x.md)\n", id="escaped-bracket"),
]


@pytest.mark.parametrize("text", NO_LINK_CASES)
def test_no_links_recorded(text: str) -> None:
    doc, problems = parse(text)
    assert problems == []
    assert doc.links == ()
    assert doc.ref_uses == ()


def test_link_text_and_block() -> None:
    doc, _ = parse("# T\n\nSee [the *docs*](x.md) and ![a logo](l.png).\n")
    assert [(lk.text, lk.block) for lk in doc.links] == [("the docs", 1), ("a logo", 1)]


# -- reference uses -----------------------------------------------------------------------


def test_reference_uses_are_not_links() -> None:
    text = ("[r]: x.md\n[Foo Bar]: y.md\n\n"
            "Use [t][r], [r][] and [r].\n"
            "Also [x][foo bar].\n")
    doc, problems = parse(text)
    assert problems == []
    assert link_rows(doc) == [(1, 1, "x.md", REF), (2, 1, "y.md", REF)]
    assert [(lk.text, lk.label) for lk in doc.links] == [("r", "R"), ("Foo Bar", "FOO BAR")]
    assert [lk.block for lk in doc.links] == [-1, -1]
    assert list(doc.ref_uses) == [
        RefUse(Location("a.md", 4, 5), "R", "r"),
        RefUse(Location("a.md", 4, 13), "R", "r"),
        RefUse(Location("a.md", 4, 23), "R", "r"),
        RefUse(Location("a.md", 5, 6), "FOO BAR", "foo bar"),
    ]


def test_reference_use_label_wrapped_across_lines() -> None:
    doc, _ = parse("[Foo Bar]: y.md\n\nSee the\n[guide][foo\nbar].\n")
    assert list(doc.ref_uses) == [RefUse(Location("a.md", 4, 1), "FOO BAR", "foo bar")]


DEFS = "\n\n[r]: x.md\n[Foo Bar]: y.md\n"
"""Definitions appended to the REF_USE_CASES inputs that need some."""

UseRow = tuple[int, int, str, str, bool]

REF_USE_CASES = [
    # defined: every form markdown-it resolves, matched as it matches labels
    pytest.param("[t][r]" + DEFS, [(1, 1, "R", "r", True)], id="full-defined"),
    pytest.param("[r][]" + DEFS, [(1, 1, "R", "r", True)], id="collapsed-defined"),
    pytest.param("[r]" + DEFS, [(1, 1, "R", "r", True)], id="shortcut-defined"),
    pytest.param("[t][FOO   bar]" + DEFS, [(1, 1, "FOO BAR", "FOO bar", True)],
                 id="full-defined-case-and-space"),
    pytest.param("See ![logo][r]" + DEFS, [(1, 5, "R", "r", True)], id="image-defined"),
    pytest.param("![r][]" + DEFS, [(1, 1, "R", "r", True)], id="image-collapsed-defined"),
    # undefined: full and collapsed forms, wherever inline text is parsed
    pytest.param("[t][missing]\n", [(1, 1, "MISSING", "missing", False)], id="full-undefined"),
    pytest.param("A [Missing  Label][] b\n", [(1, 3, "MISSING LABEL", "Missing Label", False)],
                 id="collapsed-undefined"),
    pytest.param("[t][r] and [u][gone]" + DEFS,
                 [(1, 1, "R", "r", True), (1, 12, "GONE", "gone", False)],
                 id="defined-and-undefined"),
    pytest.param("Logo: ![alt][logo]\n", [(1, 7, "LOGO", "logo", False)], id="image-undefined"),
    pytest.param("See the\n[guide][foo\nbar].\n", [(2, 1, "FOO BAR", "foo bar", False)],
                 id="undefined-label-wrapped"),
    pytest.param("## A [t][x]\n", [(1, 6, "X", "x", False)], id="in-heading"),
    pytest.param("> quote [t][x]\n", [(1, 9, "X", "x", False)], id="in-blockquote"),
    pytest.param("- item [t][x]\n", [(1, 8, "X", "x", False)], id="in-list"),
    pytest.param("| a | [t][x] |\n|---|---|\n", [(1, 7, "X", "x", False)], id="in-table"),
    pytest.param("[see [t][x]](y.md)\n", [(1, 6, "X", "x", False)],
                 id="inside-link-text"),
    pytest.param("`[a][b]` then [c][d]\n", [(1, 15, "D", "d", False)], id="after-code-span"),
    pytest.param("[a][b][c]\n", [(1, 1, "B", "b", False)], id="chain-reported-once"),
    # not references: brackets in prose and other syntaxes
    pytest.param("[missing]\n", [], id="shortcut-undefined"),
    pytest.param("- [ ] todo\n- [x] done\n", [], id="task-list"),
    pytest.param("Note[^1] and [text][^1]\n", [], id="footnotes"),
    pytest.param("`[a][b]`\n", [], id="code-span"),
    pytest.param("```\n[a][b]\n```\n", [], id="fenced-code"),
    pytest.param("\\[a][b]\n", [], id="escaped"),
    pytest.param("Text <!-- [a][b] --> more\n", [], id="html-comment"),
    pytest.param("The cell m[i][j] and f(x)[0][1]\n", [], id="indexing"),
    pytest.param("As shown [1][2], and [3][]\n", [], id="citations"),
    pytest.param("[a] [b]\n", [], id="two-shortcuts-with-space"),
    pytest.param("[t][ ]\n", [], id="blank-label"),
    pytest.param("[a](x.md)[b]\n", [], id="after-inline-link"),
]


@pytest.mark.parametrize(("text", "expected"), REF_USE_CASES)
def test_reference_uses(text: str, expected: list[UseRow]) -> None:
    doc, problems = parse(text)
    assert problems == []
    rows = [(u.loc.line, u.loc.col, u.label, u.text, u.defined) for u in doc.ref_uses]
    assert rows == expected


def test_undefined_reference_leaves_the_text_as_markdown_renders_it() -> None:
    doc, _ = parse("See [the paper][dsm] and ![a][b].\n")
    assert doc.blocks[0].text == "See [the paper][dsm] and ![a][b]."
    assert doc.links == ()


def test_definition_label_as_written() -> None:
    text = "[t][Write Path]\n\n[Write  Path]: a.md\n> [Quote]: q.md\n[wrapped\nlabel]: w.md\n"
    doc, _ = parse(text)
    assert [(lk.loc.line, lk.loc.col, lk.text, lk.label) for lk in doc.links] == [
        (3, 1, "Write Path", "WRITE PATH"),
        (4, 3, "Quote", "QUOTE"),
        (5, 1, "WRAPPED LABEL", "WRAPPED LABEL"),
    ]


# -- headings and anchors -----------------------------------------------------------------


def test_headings() -> None:
    text = ("# Title\n"
            "\n"
            "## Hello, World!\n"
            "\n"
            "Setext Title\n"
            "============\n"
            "\n"
            "Sub\n"
            "---\n"
            "\n"
            "## Intro\n"
            "\n"
            "## Intro\n"
            "\n"
            "## The `foo` fn\n"
            "\n"
            "  ### Indented\n"
            "\n"
            "## 🎯 Reading Paths\n"
            "\n"
            "## See [docs](d.md)\n")
    doc, problems = parse(text)
    assert problems == []
    assert [(h.loc.line, h.loc.col, h.level, h.text, h.slug) for h in doc.headings] == [
        (1, 1, 1, "Title", "title"),
        (3, 1, 2, "Hello, World!", "hello-world"),
        (5, 1, 1, "Setext Title", "setext-title"),
        (8, 1, 2, "Sub", "sub"),
        (11, 1, 2, "Intro", "intro"),
        (13, 1, 2, "Intro", "intro-1"),
        (15, 1, 2, "The foo fn", "the-foo-fn"),
        (17, 3, 3, "Indented", "indented"),
        (19, 1, 2, "🎯 Reading Paths", "-reading-paths"),
        (21, 1, 2, "See docs", "see-docs"),
    ]
    assert [h.base_slug for h in doc.headings if h.slug != h.base_slug] == ["intro"]
    assert doc.title == "Title"



BASE_SLUG_CASES = [
    pytest.param(["Example", "Example"], [("example", "example"), ("example-1", "example")],
                 id="repeated"),
    pytest.param(["Step 1", "Step 2"], [("step-1", "step-1"), ("step-2", "step-2")],
                 id="number-in-title"),
    pytest.param(["Echo", "Echo", "Echo 1"],
                 [("echo", "echo"), ("echo-1", "echo"), ("echo-1-1", "echo-1")],
                 id="suffix-collides-with-title"),
    pytest.param(["A", "a", "A!"], [("a", "a"), ("a-1", "a"), ("a-2", "a")],
                 id="same-slug-different-text"),
]


@pytest.mark.parametrize(("titles", "expected"), BASE_SLUG_CASES)
def test_heading_base_slug(titles: list[str], expected: list[tuple[str, str]]) -> None:
    doc, _ = parse("".join(f"## {t}\n\n" for t in titles))
    assert [(h.slug, h.base_slug) for h in doc.headings] == expected


def test_html_anchors() -> None:
    text = ('<a id="top"></a>\n'
            "\n"
            "# T\n"
            "\n"
            'Text <span id="s">x</span> and <a name="old">o</a>\n'
            "\n"
            '<div name="n" id="d"></div>\n')
    doc, problems = parse(text)
    assert problems == []
    assert [(a.loc.line, a.loc.col, a.name) for a in doc.anchors] == [
        (1, 1, "top"),
        (5, 6, "s"),
        (5, 32, "old"),
        (7, 1, "d"),
    ]
    assert doc.slugs() == {"t", "top", "s", "old", "d"}
    assert doc.links == ()



def test_an_unclosed_html_comment_hides_the_rest_of_its_block() -> None:
    # a browser reads `<!--` with no end as a comment to the end of the HTML: the anchor
    # after it is not on the page (Python's parser, closing, found `c` after the first `>`)
    text = ('<div>\n<a id="a"></a>\n<!-- draft\n<a id="b"></a>\n<a id="c"></a>\n</div>\n'
            "\n# T\n")
    doc, problems = parse(text)
    assert problems == []
    assert [a.name for a in doc.anchors] == ["a"]
    assert doc.slugs() == {"a", "t"}


# -- front matter -------------------------------------------------------------------------


def test_front_matter_lines_and_file_relative_positions() -> None:
    text = ("---\n"
            "title: Front Title\n"
            "date: 2025-01-02\n"
            "tags:\n"
            "  - a\n"
            "---\n"
            "\n"
            "# Heading\n"
            "\n"
            "See [a](x.md).\n"
            "\n"
            "[r]: r.md\n")
    doc, problems = parse(text)
    assert problems == []
    assert doc.front_matter == {"title": "Front Title", "date": "2025-01-02", "tags": ["a"]}
    assert doc.front_matter_lines == {"title": 2, "date": 3, "tags": 4}
    assert doc.title == "Front Title"
    assert [(h.loc.line, h.text) for h in doc.headings] == [(8, "Heading")]
    assert link_rows(doc) == [(10, 5, "x.md", INLINE), (12, 1, "r.md", REF)]
    assert doc.line_count == 12


# The wording of `detail` is not pinned (it is user-facing prose); where and which rule is.
BAD_FRONT_MATTER = [
    pytest.param("---\ntitle: ok\nbad: a: b\n---\n\n[a](x.md)\n", (3, 7), "mapping values",
                 id="bad-yaml"),
    pytest.param("---\n- a\n- b\n---\n\n[a](x.md)\n", (1, 1), "list", id="list"),
    pytest.param("---\njust\ntext\n---\n\n[a](x.md)\n", (1, 1), "str", id="scalar"),
]


@pytest.mark.parametrize(("text", "where", "says"), BAD_FRONT_MATTER)
def test_bad_front_matter(text: str, where: tuple[int, int], says: str) -> None:
    doc, problems = parse(text)
    assert [(p.loc, p.rule_id) for p in problems] == [(Location("a.md", *where), "RG002")]
    assert says in problems[0].detail
    assert doc.front_matter == {}
    assert doc.front_matter_lines == {}
    assert link_rows(doc) == [(6, 1, "x.md", INLINE)]


def test_empty_front_matter() -> None:
    doc, problems = parse("---\n---\n# H\n")
    assert problems == []
    assert doc.front_matter == {}
    assert doc.title == "H"
    assert [h.loc.line for h in doc.headings] == [3]


# -- decode ---------------------------------------------------------------------------------

DECODE_OK = [
    pytest.param(b"\xef\xbb\xbfHello\n", "Hello\n", id="utf8-bom-stripped"),
    pytest.param(b"a\r\nb\r\n", "a\nb\n", id="crlf"),
    pytest.param(b"a\rb\rc", "a\nb\nc", id="lone-cr"),
    pytest.param(b"a\r\nb\rc\n", "a\nb\nc\n", id="mixed"),
    pytest.param("café → ü\n".encode(), "café → ü\n", id="utf8"),
    pytest.param(b"", "", id="empty"),
]


@pytest.mark.parametrize(("data", "text"), DECODE_OK)
def test_decode_ok(data: bytes, text: str) -> None:
    assert decode("x.md", data) == (text, None)


# As for front matter, the detail wording is not pinned, only a telling part of it.
DECODE_BAD = [
    pytest.param(b"ok\ncaf\xe9\n", (2, 4), "0xe9", id="latin1"),
    pytest.param(b"\xe9t\xe9\n", (1, 1), "0xe9", id="latin1-first-byte"),
    pytest.param(b"a\r\ncaf\xe9", (2, 4), "0xe9", id="latin1-crlf"),
    pytest.param(b"h\xc3\xa9 \xe9\n", (1, 4), "0xe9", id="latin1-after-multibyte-char"),
    pytest.param(b"a\rcaf\xe9", (2, 4), "0xe9", id="latin1-after-lone-cr"),
    pytest.param(b"\xff\xfeH\x00i\x00", (1, 1), "UTF-16", id="utf16-le-bom"),
    pytest.param(b"\xfe\xff\x00H\x00i", (1, 1), "UTF-16", id="utf16-be-bom"),
    pytest.param(b"abc\x00def", (1, 1), "binary", id="nul-byte"),
    pytest.param(b"H\x00i\x00\n\x00", (1, 1), "binary", id="utf16-without-bom"),
]


@pytest.mark.parametrize(("data", "where", "says"), DECODE_BAD)
def test_decode_bad(data: bytes, where: tuple[int, int], says: str) -> None:
    text, problem = decode("x.md", data)
    assert text is None
    assert problem is not None
    assert (problem.loc, problem.rule_id) == (Location("x.md", *where), "RG001")
    assert says in problem.detail


def test_attribute_lists_are_found_as_the_pattern_finds_them_in_linear_time() -> None:
    """`_attr_list_matches` is `_ATTR_LIST.finditer`, searched per line only up to the
    line's last `}`: the same matches, without a `{` scanning to the end of its line."""
    import random
    import subprocess
    import sys

    from docs_index.markdown import _ATTR_LIST, _attr_list_matches

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("{}: a#.\n") for _ in range(rng.randrange(30)))
        assert ([(m.span(), m.group(1)) for m in _attr_list_matches(text)]
                == [(m.span(), m.group(1)) for m in _ATTR_LIST.finditer(text)]), text
    # a Hugo shortcode line read as GitHub Markdown: 10 s before (80 KB), now well under 1 s
    code = ("from docs_index.markdown import make_parser, parse_markdown\n"
            "text = '# A\\n\\n' + '{{< ref \"a.md\" ' * 5000 + '\\n' + '{a} ' * 20000\n"
            "parse_markdown(make_parser(), 'a.md', text)\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=10)
