"""Heading ids as kramdown 2.4 makes them: Jekyll's default Markdown engine.

Jekyll (and GitHub Pages) run kramdown with ``input: GFM`` (kramdown-parser-gfm 1.1), whose
slugger and duplicate rule differ from plain kramdown's; both are here, each checked against
the real generator by ``tests/sites/test_jekyll_ids.py``. Pure functions: the caller gives the
heading's contents as written after the ``#`` marks, in document order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from mdit_py_plugins.footnote import footnote_plugin

__all__ = [
    "GfmIds",
    "KramdownIds",
    "gfm_heading_text",
    "gfm_parser",
    "gfm_slug",
    "ial_id",
    "kramdown_slug",
    "split_header_id",
]

# kramdown parser/kramdown/header.rb HEADER_ID: ``{#id}`` ending the heading, after a space or
# tab, the id an XML name (REXML NAME_START_CHAR, NAME_CHAR; the astral planes folded in).
_HEADER_ID = re.compile(
    r"[\t ]\{#(?P<id>[:A-Z_a-z\u00C0-\uFFFF\U00010000-\U000EFFFF]"
    r"[:A-Z_a-z\u00C0-\uFFFF\U00010000-\U000EFFFF\-.0-9\u00B7]*)\}\Z"
)
# kramdown parser/kramdown/extensions.rb IAL_BLOCK: a ``{: #id .class}`` line after the heading.
_IAL_BLOCK = re.compile(r"\{:(?!:|/)(?P<body>[^}]+)\}\s*\Z")
_IAL_ID = re.compile(r"(?:^|\s)#(?P<id>[\w][\w-]*)")
# kramdown-parser-gfm gfm.rb parse_atx_header_gfm_quirk: a closing ``#`` run after a blank.
_CLOSING_HASHES = re.compile(r"[\t ]#+\Z")
# kramdown parser/kramdown/typographic_symbol.rb, same order; ``<< `` and `` >>`` keep their
# blank as a no-break space (update_raw_text in gfm.rb), which the slugger then drops.
_TYPOGRAPHIC = re.compile(r"---|--|\.\.\.|<< | >>|<<|>>")
_TYPOGRAPHIC_CHARS = {
    "---": "\u2014", "--": "\u2013", "...": "\u2026", "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb", "<<": "\u00ab", ">>": "\u00bb",
}
# kramdown parser/html.rb HTML_BLOCK_ELEMENTS: such a tag inside a heading stays literal text
# (parse_span_html: add_text); any other tag is an element whose text children count.
_HTML_BLOCK_ELEMENTS = frozenset((
    "address", "article", "aside", "applet", "body", "blockquote", "caption", "col", "colgroup",
    "dd", "div", "dl", "dt", "fieldset", "figcaption", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "head", "iframe", "legend", "menu", "li",
    "main", "map", "nav", "ol", "optgroup", "p", "pre", "section", "summary", "table", "tbody",
    "td", "th", "thead", "tfoot", "tr", "ul",
))
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:-]*)")
# kramdown parser/kramdown/extensions.rb: ``{::comment}`` and ``{::nomarkdown}`` keep no text
# for the id, ``{::options .../}`` none either; a span IAL ``{: .c}`` right after a span
# element (SPAN_IAL, ALD_ANY_CHARS) is an attribute list, anywhere else it is text.
_EXTENSION = re.compile(
    r"\{::(?P<name>comment|nomarkdown)(?:[^}]*[^/}])?\}.*?\{:/(?:(?P=name))?\}"
    r"|\{::\w+[^}]*/\}"
)
_SPAN_IAL = re.compile(r"\A\{:(?!:)(?:\\\}|[^}])*\}")
_SPAN_CLOSERS = frozenset(("em_close", "strong_close", "s_close", "link_close",
                           "code_inline", "footnote_ref"))
# Onigmo's \p{Word} is Alphabetic | Mark | Decimal_Number | Connector_Punctuation |
# Join_Control. Python's re has no property classes, so it is rebuilt from categories; the
# only Alphabetic characters outside L*/Nl/M* are the Other_Alphabetic symbols below.
_OTHER_ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169),
                             (0x1F170, 0x1F189))


def split_header_id(contents: str) -> tuple[str, str | None]:
    """Split ``Title {#id}`` into the text and the explicit id (kramdown HEADER_ID)."""
    # ATX_HEADER_START takes the blanks after the marks; parse_header_contents rstrip!s.
    text = contents.lstrip(" \t").rstrip()
    match = _HEADER_ID.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match["id"]


def ial_id(line: str) -> str | None:
    """Return the ``#id`` of a block IAL line such as ``{: #id .class}``, else None."""
    match = _IAL_BLOCK.fullmatch(line.strip())
    if match is None:
        return None
    ids = _IAL_ID.findall(match["body"])
    # update_ial_with_ial: a later #id in the same IAL replaces an earlier one.
    return ids[-1] if ids else None


def _is_ruby_word(char: str) -> bool:
    category = unicodedata.category(char)
    if category[0] in "LM" or category in ("Nd", "Nl", "Pc") or char in "\u200c\u200d":
        return True
    point = ord(char)
    return any(low <= point <= high for low, high in _OTHER_ALPHABETIC_SYMBOLS)


def gfm_parser() -> MarkdownIt:
    """A markdown-it-py parser that reads inline Markdown as kramdown's GFM parser does."""
    # The footnote plugin, so that a defined ``[^1]`` is a reference without text (kramdown
    # :footnote has no children); strikethrough is on in the commonmark preset's inline set.
    return MarkdownIt("commonmark").enable("strikethrough").use(footnote_plugin)


def gfm_heading_text(contents: str, md: MarkdownIt | None = None,
                     references: Collection[str] = (), footnotes: Collection[str] = ()) -> str:
    """Return the text kramdown's GFM parser slugs for a heading (gfm.rb update_raw_text).

    ``references`` and ``footnotes`` are the labels the page defines: ``[text][r]`` is a link
    (its text counts) only when ``[r]:`` is defined, and a ``[^1]`` without ``[^1]:`` is text.
    """
    text, _ = split_header_id(contents)
    text = _EXTENSION.sub("", _CLOSING_HASHES.sub("", text).rstrip())
    # update_raw_text keeps text, code spans, entities (as characters), smart quotes and
    # typographic symbols, and the text inside elements (emphasis, links, span HTML); an
    # image or a footnote has no children, so neither its alt text nor its label counts.
    # markdown-it-py parses the inline Markdown the same way for all of these and decodes
    # entities itself.
    parser = md if md is not None else gfm_parser()
    env: dict[str, Any] = {
        "references": {normalizeReference(label): {"href": "", "title": ""}
                       for label in references},
        "footnotes": {"refs": {f":{label}": -1 for label in footnotes}, "list": {}},
    }
    pieces: list[str] = []
    previous = ""
    for token in parser.parseInline(text, env)[0].children or ():
        if token.type == "text":
            content = token.content
            if previous in _SPAN_CLOSERS:
                content = _SPAN_IAL.sub("", content)
            pieces.append(_TYPOGRAPHIC.sub(lambda m: _TYPOGRAPHIC_CHARS[m[0]], content))
        elif token.type == "code_inline":
            pieces.append(token.content)
        elif token.type == "html_inline":
            name = _TAG_NAME.match(token.content)
            if name is not None and name[1].lower() in _HTML_BLOCK_ELEMENTS:
                pieces.append(token.content)
        previous = token.type
    return "".join(pieces)


def gfm_slug(text: str) -> str:
    """Return kramdown-parser-gfm's id for a heading text, without duplicate suffix."""
    # gfm.rb generate_gfm_header_id: downcase, drop /[^\p{Word}\- \t]/, blanks to "-".
    kept = "".join(c for c in text.lower() if c in "- \t" or _is_ruby_word(c))
    return kept.replace(" ", "-").replace("\t", "-")


def kramdown_slug(text: str) -> str:
    """Return plain kramdown's id for a heading's source text, without duplicate suffix."""
    # converter/base.rb basic_generate_id: drop leading non-letters, keep [a-zA-Z0-9 -],
    # spaces to "-", downcase; generate_id: an empty id becomes "section".
    text = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.MULTILINE)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text).replace(" ", "-").lower()
    return text or "section"


class GfmIds:
    """The ids of one page's headings under ``input: GFM`` (Jekyll's default)."""

    def __init__(self, prefix: str = "", references: Collection[str] = (),
                 footnotes: Collection[str] = ()) -> None:
        # gfm.rb @id_counter: per slug, how often it was seen; literal ids are not consulted,
        # so "echo", "echo", "echo 1" give echo, echo-1, echo-1 (two equal ids on a page).
        self._seen: dict[str, int] = {}
        self._prefix = prefix
        self._references = tuple(references)
        self._footnotes = tuple(footnotes)
        self._md = gfm_parser()
        self.last_base = ""
        """The id the last heading would have had before `-n` made it unique (RG106)."""

    def id(self, contents: str, ial_line: str = "") -> str:
        """Return the id of the next heading; "" means kramdown writes no id attribute.

        ``ial_line`` is the line right after the heading, which may be a block IAL.
        """
        # The block IAL is applied after the header's own {#id} (update_tree), so it wins.
        explicit = ial_id(ial_line) or split_header_id(contents)[1]
        if explicit is not None:
            self.last_base = explicit
            return explicit  # an explicit id is not counted (update_elements skips it)
        slug = gfm_slug(gfm_heading_text(contents, self._md, self._references, self._footnotes))
        self.last_base = self._prefix + slug if slug else ""
        count = self._seen.get(slug, -1) + 1
        self._seen[slug] = count
        if count:
            slug = f"{slug}-{count}"
        # An empty id is still set, and html.rb then writes no id attribute at all.
        return self._prefix + slug if slug else ""


class KramdownIds:
    """The ids of one page's headings under plain ``input: kramdown``."""

    def __init__(self, prefix: str = "") -> None:
        # converter/base.rb @used_ids: like GfmIds, a base's counter only, no literal check.
        self._used: dict[str, int] = {}
        self._prefix = prefix
        self.last_base = ""
        """The id the last heading would have had before `-n` made it unique (RG106)."""

    def id(self, contents: str, ial_line: str = "") -> str:
        """Return the id of the next heading from its contents as written.

        ``ial_line`` is the line right after the heading, which may be a block IAL.
        """
        text, explicit = split_header_id(contents)
        explicit = ial_id(ial_line) or explicit
        if explicit is not None:
            self.last_base = explicit
            return explicit
        # Plain kramdown slugs the raw source (no auto_id_stripping): a link's URL counts.
        slug = kramdown_slug(_CLOSING_HASHES.sub("", text).rstrip())
        self.last_base = self._prefix + slug
        if slug in self._used:
            self._used[slug] += 1
            slug = f"{slug}-{self._used[slug]}"
        else:
            self._used[slug] = 0
        return self._prefix + slug
