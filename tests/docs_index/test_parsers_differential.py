"""The compiled parser (`markdown_fast.py`, pyromark) and markdown-it-py (`markdown.py`)
give identical `Document`s and problems: on every Markdown file of every test corpus and
the example, on random Markdown built from the pieces the reader cares about, and in
whole `refgraph check` runs. A file the compiled parser declines goes to markdown-it-py,
so the parser a run uses never shows in what it finds, and cache entries need not say
which parser made them.

`pyromark` is in the `test` extra, so these tests run in CI; without it they are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from docs_index.parsers import PARSER_VARIABLE, make_text_parser
from graph.cli import main
from tests.conftest import ROOT, TESTS

markdown_fast = pytest.importorskip("docs_index.markdown_fast")

CORPORA = [ROOT / "examples", TESTS / "corpora", TESTS / "series", TESTS / "sites",
           TESTS / "robustness"]


def _files() -> list[Path]:
    return sorted(p for root in CORPORA if root.is_dir()
                  for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


FILES = _files()


def test_every_test_corpus_is_read_alike_and_mostly_by_the_compiled_parser() -> None:
    md = make_parser()
    taken = 0
    for path in FILES:
        rel = path.relative_to(ROOT).as_posix()
        text, _ = decode(rel, path.read_bytes())
        if text is None:
            continue
        fast = markdown_fast.parse_fast(rel, text)
        if fast is None:
            continue
        taken += 1
        assert fast == parse_markdown(md, rel, text), rel
    # the differential test must not pass by declining everything
    assert taken >= 0.8 * len(FILES), (taken, len(FILES))


def test_what_the_compiled_parser_declines_goes_to_markdown_it_py() -> None:
    md = make_parser()
    parse = make_text_parser()
    for text in ("Footnote[^1].\n\n[^1]: [a](b.md)\n", "# Title {#id}\n",
                 "[text][missing] and [a][b]\n\n[b]: c.md\n",
                 "| a |\n|---|\n| `x \\| y` [l](m.md) |\n",
                 "> " * 40 + "[deep](d.md)\n",
                 "  1. item\n    ```\n    code\n    ```\n",
                 "- * `a\n word`\n"):
        assert markdown_fast.parse_fast("a.md", text) is None, text
        assert parse("a.md", text) == parse_markdown(md, "a.md", text)


# where markdown-it-py and pulldown-cmark part (issue 21): each must be declined
_PARTING = {
    "heading-tab-then-space": "# A\n\n## Setup \t\n\n[s](#setup)\n",
    "heading-nbsp": "## Setup\u00a0\n",
    "heading-ideographic-space": "## Setup\u3000\n",
    "heading-vertical-tab": "## Setup\v\n",
    "heading-form-feed": "## Setup\f\n",
    "heading-leading-nbsp": "# \u00a0Setup\n",
    "heading-tab-before-closing": "# C\t#\n",
    "atx-over-delimiter-row": "# Top\n\n## A | B\n|---|---|\n\n[s](#a--b)\n",
    "setext-over-table-rule": "| Pipes \\| here\n---\n",
    "quoted-heading-over-delimiter-row": "> ## A | B\n> |---|---|\n",
    "nul-after-8-kb": "filler text line\n" * 600 + "\n# Ti\x00tle\n",
    "nul-in-target": "[x](y\x00.md)\n",
    "reference-to-nul": "# T\n\n[a](b&#0;c.md) p&#0;q\n",
    "hex-reference-to-nul": "[a](b&#x0;c.md)\n",
    "reference-to-surrogate": "[a](b&#xD800;c.md) p&#xD800;q\n",
    "reference-to-control": "p&#x80;q [a](b&#1;c.md)\n",
    "reference-past-unicode": "[a](b&#x110000;c.md)\n",
}


@pytest.mark.parametrize("text", _PARTING.values(), ids=list(_PARTING))
def test_where_the_parsers_part_the_file_is_declined(text: str) -> None:
    assert markdown_fast.parse_fast("a.md", text) is None
    assert make_text_parser()("a.md", text) == parse_markdown(make_parser(), "a.md", text)


def test_what_both_parsers_read_alike_stays_with_the_compiled_one() -> None:
    for text in ("## Setup\n", "## A | B\n\ntext\n", "p&#9;q [a](b&#65;c.md)\n"):
        fast = markdown_fast.parse_fast("a.md", text)
        assert fast is not None, text
        assert fast == parse_markdown(make_parser(), "a.md", text)


def test_a_line_of_thousands_of_links_is_read_alike_by_the_compiled_parser() -> None:
    """The hostile `wide.md` (benchmarks/hostile.py, `wide-line`), and the same line with
    every kind of link the reader's fast paths pass through (inline, autolink, image,
    reference, code and emphasis between them), on one line and across a tight list
    item: taken, and read as markdown-it-py reads it."""
    kinds = ("[a](b.md) ", "<https://x.org/a> ", "![alt *b*](i.png) ", "[r][def] ",
             "`c` ", "*[e](f.md#g)* ", "[é](b.md) ")
    for text in ("# Wide\n\n" + "[a](b.md) " * 2_000 + "\n",
                 "# Wide\n\n" + "".join(kinds) * 300 + "\n\n[def]: d.md\n",
                 "- " + "".join(kinds) * 50 + "\n- x\n\n[def]: d.md\n"):
        fast = markdown_fast.parse_fast("wide.md", text)
        assert fast is not None, text[:40]
        assert fast == parse_markdown(make_parser(), "wide.md", text)


def test_an_unknown_marked_section_in_html_is_skipped(tmp_path: Path) -> None:
    # Python's HTMLParser raised AssertionError on `<![i]`, ending the whole run
    text = '<div>\n<![i]\n<![if x]>\n<![i]><a id="after" href="gone.md">a</a>\n</div>\n'
    fast = markdown_fast.parse_fast("a.md", text)
    assert fast is not None
    assert fast == parse_markdown(make_parser(), "a.md", text)
    assert [a.name for a in fast[0].anchors] == ["after"]
    assert [link.target for link in fast[0].links] == ["gone.md"]
    (tmp_path / "README.md").write_text("# Top\n\n" + text + "\n[a](#after)\n")
    findings = _check(tmp_path, "fast")
    assert findings == _check(tmp_path, "pure")
    assert "gone.md" in findings and "RG" in findings


def test_the_variable_keeps_to_markdown_it_py(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = markdown_fast.parse_fast
    monkeypatch.setattr(markdown_fast, "parse_fast",
                        lambda rel, text: calls.append(rel) or real(rel, text))
    make_text_parser()("a.md", "# A\n")
    assert calls == ["a.md"]
    monkeypatch.setenv(PARSER_VARIABLE, "pure")
    make_text_parser()("b.md", "# B\n")
    assert calls == ["a.md"]


def _check(root: Path, parser: str) -> str:
    env = {PARSER_VARIABLE: parser}
    result = CliRunner(env=env).invoke(main, ["check", str(root), "--format", "json",
                                              "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("root", [ROOT / "examples" / "pyralog-like",
                                  *sorted(TESTS.glob("corpora/*/corpus"))[:40]],
                         ids=lambda p: p.parent.name if p.name == "corpus" else p.name)
def test_check_finds_the_same_with_either_parser(root: Path) -> None:
    assert _check(root, "fast") == _check(root, "pure")


# -- random Markdown -------------------------------------------------------------------------

# plain words more often than the characters that make markdown-it-py read the file
_WORDS = st.sampled_from(["word", "Émile", "a_b", "x", "text", "more", "1.", "-", "*", "_",
                          "`", "<", ">", "(", ")", "!", "#", "\\", "|", "&amp;", "~~"] * 3
                         + ["[", "]", "{", "[^1]"])
_TARGETS = st.sampled_from(["a.md", "b.md#part", "../c.md", "https://example.org/x",
                            "<d e.md>", "f.md \"title\"", "#local", "g%20h.md", "mailto:x@y.z"])
_LABELS = st.sampled_from(["ref", "Ref", "other", "two words", "x"])


@st.composite
def _inline(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(
        _WORDS,
        st.builds("[{}]({})".format, _WORDS, _TARGETS),
        st.builds("![{}]({})".format, _WORDS, _TARGETS),
        st.builds("[{}][{}]".format, _WORDS, _LABELS),
        st.builds("[{}][]".format, _LABELS),
        st.builds("[{}]".format, _LABELS),
        st.builds("`{}`".format, _WORDS),
        st.builds("*{}*".format, _WORDS),
        st.sampled_from(["<https://example.org>", "<x@y.z>", '<a href="h.md">h</a>',
                         '<span id="anchor">', "  \n", "\n", "<!-- c -->"]),
    ), min_size=1, max_size=8))
    return " ".join(pieces)


@st.composite
def _document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(st.one_of(
        _inline(),
        st.builds("{} {}".format, st.sampled_from(["#", "##", "###"]), _inline()),
        st.builds("{}\n===".format, _inline()),
        st.builds("[{}]: {}".format, _LABELS, _TARGETS),
        st.builds("```{}\n{}\n```".format, st.sampled_from(["", "py", "md"]), _inline()),
        st.builds("    {}".format, _inline()),
        st.builds("> {}".format, _inline()),
        st.builds("- {}\n- {}".format, _inline(), _inline()),
        st.builds("1. {}\n\n   {}".format, _inline(), _inline()),
        st.builds("  1. {}\n    ```\n    {}\n    ```".format, _inline(), _inline()),
        st.builds("- {}\n {}".format, _inline(), _inline()),
        st.builds("> {}\n{}".format, _inline(), _inline()),
        st.builds("| a | b |\n|---|---|\n| {} | {} |".format, _WORDS, _inline()),
        st.sampled_from(["---", "***", "<div>\n\n[in](html.md)\n\n</div>",
                         '<a name="x"></a>', "  <p>\n", "<!-- refgraph-disable RG101 -->"]),
    ), max_size=8))
    front = draw(st.sampled_from(["", "---\ntitle: T\n---\n", "---\n---\n", "---\na: [\n"]))
    return front + "\n\n".join(blocks) + draw(st.sampled_from(["", "\n"]))


_EXAMPLES = int(os.environ.get("REFGRAPH_FUZZ_EXAMPLES") or 300)


@settings(max_examples=_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_document())
def test_random_markdown_is_read_alike(text: str) -> None:
    fast = markdown_fast.parse_fast("a.md", text)
    if fast is not None:
        assert fast == parse_markdown(make_parser(), "a.md", text)
