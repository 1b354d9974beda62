"""mdBook: a fixture book with planted defects, and books quoted from mdBook's own test suite.

mdBook is a Rust binary that does not install here, so what a built book holds is taken from
mdBook's tests (rust-lang/mdBook at 641d06abe7d10d981ed61dd2711a30e4119666cd, file named at
each case): which pages a book has (`index.html` for a README chapter, the first chapter
copied as `index.html`, redirect pages), which `ANCHOR:` an include takes. The rules behind
them (ids, link rewriting, SUMMARY.md, directives) are in tests/sites/test_mdbook_rules.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS

SITE = TESTS / "sites" / "mdbook"
HEAD = "641d06abe7d10d981ed61dd2711a30e4119666cd"

PLANTED = [
    ("src/SUMMARY.md:13:5", "RG101"),  # a chapter whose file does not exist
    ("src/guide/install.md:9:55", "RG106"),  # a link to a repeated heading's `-1` id
    ("src/guide/usage.md:5:5", "RG102"),  # a broken anchor behind an `.html` link
    ("src/guide/usage.md:5:41", "RG101"),  # an `.html` link to a page no chapter makes
    ("src/guide/usage.md:7:1", "RG102"),  # `{{#include file:name}}` without `ANCHOR: name`
    ("src/guide/usage.md:9:1", "RG101"),  # `{{#include}}` of a missing file
    ("src/guide/usage.md:11:5", "RG112"),  # a sibling book: ../std/index.html
    ("src/guide/usage.md:11:54", "RG109"),  # a file of the repository outside src/
    ("src/guide/usage.md:13:1", "RG105"),  # an anchor whose case differs
    ("src/unlisted.md:1:1", "RG111"),  # a page SUMMARY.md does not list
]


def findings(root: Path) -> list[tuple[str, str]]:
    return [(str(f.loc), f.rule_id) for f in analyze(root).findings]


def test_the_fixture_book_gives_exactly_its_planted_defects() -> None:
    assert findings(SITE) == PLANTED


def test_findings_say_what_mdbook_makes_of_the_link() -> None:
    by_loc = {str(f.loc): f for f in analyze(SITE).findings}
    assert by_loc["src/guide/usage.md:5:5"].message == (
        "link to install.html#nowhere, but src/guide/install.md has no heading or anchor "
        "#nowhere")
    assert by_loc["src/guide/usage.md:7:1"].message == (
        "link to {{#include ../../listings/main.rs:teardown}}, but listings/main.rs has no "
        "heading or anchor #teardown")
    assert by_loc["src/guide/usage.md:11:5"].message == (
        "link to ../../std/index.html is not checked: it goes to the built site's ../std/, "
        "outside the book (a sibling book or other pages of the site)")
    assert by_loc["src/unlisted.md:1:1"].message == (
        "page src/unlisted.md of the mdbook site is not in its navigation (src/SUMMARY.md)")


def book(root: Path, files: dict[str, str], toml: str = "[book]\ntitle = \"t\"\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "book.toml").write_text(toml, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_readme_chapters_are_written_as_index_html(tmp_path: Path) -> None:
    # tests/testsuite/index.rs `readme_to_index` and its book index/basic_readme: README.md,
    # first/README.md, second/README.md become index.html, first/index.html,
    # second/index.html, and book/README.html does not exist, so a link written
    # `README.md`, which mdBook rewrites to `README.html`, is broken (mdBook issue #984).
    book(tmp_path, {
        "src/SUMMARY.md": "# Summary\n\n[Intro](README.md)\n\n- [First](first/README.md)\n"
                          "- [Second](second/README.md)\n",
        "src/README.md": "# Intro\n\n[first](first/index.html#first) [second](second/) "
                         "[self](index.html#intro)\n",
        "src/first/README.md": "# First\n\n[up](../index.html) [readme](../README.md)\n",
        "src/second/README.md": "# Second\n\n[first](../first/#first)\n",
    })
    assert findings(tmp_path) == [("src/first/README.md:3:21", "RG101")]
    message = analyze(tmp_path).findings[0].message
    assert message == "link to ../README.md, but src/README.html does not exist"


def test_the_first_chapter_is_also_index_html(tmp_path: Path) -> None:
    # tests/testsuite/rendering.rs `first_chapter_is_copied_as_index_even_if_not_first_elem`:
    # drafts and a part title before it, chapter_1.md is written as index.html too.
    book(tmp_path, {
        "src/SUMMARY.md": "# Summary\n\n---\n\n- [None of these should be treated as the "
                          "\"index chapter\"]()\n\n# Part 1\n\n- [Not this either]()\n"
                          "- [Chapter 1](./chapter_1.md)\n- [And not this]()\n",
        "src/chapter_1.md": "# Chapter 1\n\n[here](index.html#chapter-1) "
                            "[there](index.html#chapter-2)\n",
    })
    assert findings(tmp_path) == [("src/chapter_1.md:3:30", "RG102")]


def test_redirect_pages_lead_to_their_destination(tmp_path: Path) -> None:
    # tests/testsuite/redirects/redirects_are_emitted_correctly/book.toml: a page, a page's
    # fragment, and a page sent off the book each get a redirect page.
    toml = ('[book]\ntitle = "r"\n\n[output.html.redirect]\n"/overview.html" = "index.html"\n'
            '"/overview.html#old" = "index.html#new"\n'
            '"/nested/page.html" = "https://rust-lang.org/"\n')
    book(tmp_path, {
        "src/SUMMARY.md": "# Summary\n\n- [Chapter 1](chapter_1.md)\n",
        "src/chapter_1.md": "# Chapter 1\n\n## New\n\n[a](overview.html) [b](overview.html#old) "
                            "[c](nested/page.html) [d](overview.html#gone)\n",
    }, toml)
    assert findings(tmp_path) == [("src/chapter_1.md:5:65", "RG102")]


def test_include_anchors_are_judged_by_the_included_file(tmp_path: Path) -> None:
    # tests/testsuite/includes/all_includes: src/anchors.md includes
    # nested-test-with-anchors.rs:myanchor from a code block; `unendinganchor` has no
    # ANCHOR_END and runs to the end of the file; a name the file lacks includes nothing.
    rust = ("fn main() {\n// ANCHOR: myanchor\n// ANCHOR: unendinganchor\n"
            "let x = 1;\n// ANCHOR_END: myanchor\n}\n")
    book(tmp_path, {
        "src/SUMMARY.md": "# Summary\n\n- [Include Anchors](./anchors.md)\n",
        "src/anchors.md": "# Include Anchors\n\n```rust\n"
                          "{{#include nested-test-with-anchors.rs:myanchor}}\n"
                          "{{ #rustdoc_include nested-test-with-anchors.rs:unendinganchor }}\n"
                          "{{#include nested-test-with-anchors.rs:MyAnchor}}\n"
                          "{{#include nested-test-with-anchors.rs:other}}\n```\n",
        "src/nested-test-with-anchors.rs": rust,
    })
    assert findings(tmp_path) == [("src/anchors.md:6:1", "RG105"),
                                  ("src/anchors.md:7:1", "RG102")]


def test_included_markdown_and_the_404_page_are_no_unlisted_pages(tmp_path: Path) -> None:
    # hbs_renderer.rs `render_404`: src/404.md (or `[output.html] input-404`) is rendered
    # whatever SUMMARY.md says; an included file is part of the chapter that includes it.
    book(tmp_path, {
        "src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n",
        "src/one.md": "# One\n\n{{#include parts/shared.md}}\n",
        "src/parts/shared.md": "Shared text.\n",
        "src/404.md": "# Not found\n",
        "src/missing.md": "# Missing\n",
        "src/stray.md": "# Stray\n",
    }, '[book]\ntitle = "t"\n\n[output.html]\ninput-404 = "missing.md"\n')
    assert findings(tmp_path) == [("src/404.md:1:1", "RG111"), ("src/stray.md:1:1", "RG111")]


@pytest.mark.parametrize(("toml", "link", "expected"), [
    # mdBook 0.5 lower-cases every letter (crates/mdbook-html/src/utils.rs)
    ('[book]\ntitle = "t"\n', "#über-uns", []),
    # mdBook 0.4 only lower-cases ASCII (src/utils/mod.rs at v0.4.52); `multilingual` is a
    # setting 0.5 no longer accepts
    ('[book]\ntitle = "t"\nmultilingual = false\n', "#über-uns", [("src/a.md:3:1", "RG105")]),
    ('[book]\ntitle = "t"\nmultilingual = false\n', "#Über-uns", []),
])
def test_heading_ids_follow_the_mdbook_version_the_book_is_for(
        tmp_path: Path, toml: str, link: str, expected: list[tuple[str, str]]) -> None:
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n",
                    "src/a.md": f"# Über uns\n\n[here]({link})\n"}, toml)
    assert findings(tmp_path) == expected


def test_several_books_each_judge_their_own_pages(tmp_path: Path) -> None:
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n",
                    "src/a.md": "# A\n\n[b](../second/src/b.md) [nested](../second/b.html)\n"})
    book(tmp_path / "second", {"src/SUMMARY.md": "# Summary\n\n- [B](b.md)\n",
                               "src/b.md": "# B\n\n[a](../../src/a.html#a)\n"},
         '[book]\ntitle = "b"\nsrc = "src"\n')
    # each book is built alone: what another book makes is not checkable from this one
    assert findings(tmp_path) == [("second/src/b.md:3:1", "RG112"), ("src/a.md:3:1", "RG109"),
                                  ("src/a.md:3:25", "RG112")]


@pytest.mark.parametrize(("toml", "note"), [
    ("[book\n", "book.toml: cannot read: "),
    ('[book]\nsrc = 3\n', "book.toml: [book] src 3 not understood; 'src' is used"),
    ('[preprocessor.mine]\ncommand = "rm -rf /"\n',
     "book.toml: preprocessor mine is not run; chapters are read as written"),
    ('[book]\nmultilingual = true\n', "book.toml: multilingual books are not understood"),
])
def test_what_book_toml_says_that_is_not_understood_is_a_note(
        tmp_path: Path, toml: str, note: str) -> None:
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n", "src/a.md": "# A\n"},
         toml)
    result = analyze(tmp_path)
    notes = [n for site in result.graph.graph["sites"] for n in site.notes]
    assert any(n.startswith(note) for n in notes), notes


def test_without_book_toml_the_forced_site_does_not_guess_include_anchors(
        tmp_path: Path) -> None:
    # `site = "mdbook"` and no book.toml: the whole root is the book, but nothing said where
    # to read included files from, so their names are not judged (never "no such anchor").
    (tmp_path / "refgraph.toml").write_text('site = "mdbook"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n\n{{#include c.rs:k}} [b](b.html#x)\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n", encoding="utf-8")
    (tmp_path / "c.rs").write_text("// ANCHOR: j\n", encoding="utf-8")
    assert findings(tmp_path) == [("a.md:3:21", "RG102")]


def test_summary_md_is_the_books_navigation_with_each_entry_where_it_is_written() -> None:
    g = analyze(SITE).graph
    entries = [(str(e["loc"]), page) for _, page, e in edges_of(g, EdgeKind.NAV)]
    # the draft `[Later]()`, the part titles and the separator name no page
    assert entries == [
        ("src/SUMMARY.md:3:1", "src/README.md"),
        ("src/SUMMARY.md:9:3", "src/guide/README.md"),
        ("src/SUMMARY.md:10:5", "src/guide/install.md"),
        ("src/SUMMARY.md:11:5", "src/guide/usage.md"),
        ("src/SUMMARY.md:13:5", "src/guide/missing-chapter.md"),
        ("src/SUMMARY.md:17:3", "src/reference.md"),
    ]


def test_mdbook_0_4_slugs_a_headings_html_so_angle_brackets_are_text(tmp_path: Path) -> None:
    # src/utils/mod.rs at v0.4.52: `id_from_content` strips tags from the heading's HTML,
    # where the code span `Vec<T>` is `<code>Vec&lt;T&gt;</code>`, then drops the entities:
    # `vect`, not `vec`. The bare `<T>` is a raw HTML tag (CommonMark), stripped.
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n",
                    "src/a.md": "# `Vec<T>` and Box<T>\n\n[here](#vect-and-box)\n"},
         '[book]\ntitle = "t"\nmultilingual = false\n')
    assert findings(tmp_path) == []


def test_two_books_built_from_one_folder_are_one_site(tmp_path: Path) -> None:
    # rust-lang/book: nostarch/book.toml builds ../src, which book.toml builds too
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n", "src/a.md": "# A\n"})
    book(tmp_path / "print", {}, '[book]\ntitle = "p"\nsrc = "../src"\n')
    sites = analyze(tmp_path).graph.graph["sites"]
    assert [(s.kind, s.source, s.config) for s in sites] == [
        ("mdbook", "src", "book.toml"), ("github", "", "")]
    assert sites[0].notes == ("print/book.toml: builds src/ too; read as book.toml says",)


@pytest.mark.parametrize(("toml", "expected"), [
    ('[book]\ntitle = "t"\n', [("src/a.md:3:1", "RG101"), ("src/a.md:3:25", "RG101")]),
    # rust-lang/reference: `[preprocessor.spec]` turns `[closure]: expr.closure` into a URL
    ('[book]\ntitle = "t"\n\n[preprocessor.spec]\ncommand = "cargo run"\n',
     [("src/a.md:3:1", "RG112"), ("src/a.md:3:25", "RG101")]),
])
def test_a_bare_name_may_be_a_preprocessors_to_resolve(
        tmp_path: Path, toml: str, expected: list[tuple[str, str]]) -> None:
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n",
                    "src/a.md": "# A\n\n[closure](expr.closure) [gone](gone.md)\n"}, toml)
    assert findings(tmp_path) == expected


def test_an_included_file_linked_out_of_the_corpus_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.rs"
    outside.write_text("// ANCHOR: secret\n", encoding="utf-8")
    root = book(tmp_path / "corpus", {
        "src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n",
        "src/a.md": "# A\n\n{{#include link.rs:secret}}\n{{#include link.rs:other}}\n"})
    (root / "src" / "link.rs").symlink_to(outside)
    result = analyze(root)
    assert result.graph.graph["sites"][0].settings.include_anchors == {}
    assert [f.rule_id for f in result.findings if f.rule_id == "RG102"] == []


@pytest.mark.parametrize(("preprocessor", "expected"), [
    ("", ["RG103"]), ("[preprocessor.spec]\n", [])])
def test_an_undefined_reference_is_a_preprocessors_to_resolve_when_the_book_has_one(
        tmp_path: Path, preprocessor: str, expected: list[str]) -> None:
    # rust-lang/reference: mdbook-spec links `[items.fn]` to the rule of that name
    book(tmp_path, {"src/SUMMARY.md": "# Summary\n\n- [Fns](fns.md)\n",
                    "src/fns.md": "# Fns\n\nSee [functions][items.fn].\n"},
         f"[book]\ntitle = 'x'\n{preprocessor}")
    result = analyze(tmp_path)
    assert [f.rule_id for f in result.findings] == expected
    assert result.stats.unchecked_references == (0 if expected else 1)


def test_a_src_outside_the_root_is_said_once(tmp_path: Path) -> None:
    """`src = ".."` names a folder refgraph does not check: one note says so, and no note
    about a SUMMARY.md it was never going to read."""
    book(tmp_path / "in", {"README.md": "# x\n"}, "[book]\nsrc = \"..\"\n")
    (tmp_path / "SUMMARY.md").write_text("# Summary\n", encoding="utf-8")
    result = analyze(tmp_path / "in")
    notes = [n for s in result.graph.graph["sites"] for n in s.notes]
    assert notes == ["book.toml: [book] src '..' is outside the checked root; the site is not "
                     "read"]
