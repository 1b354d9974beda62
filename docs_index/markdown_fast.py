"""Markdown text → `Document` with pyromark (pulldown-cmark, compiled), the `fast` extra.

It reads a file exactly as `markdown.py` does with markdown-it-py, or not at all: where the
two parsers could disagree, `parse_fast` returns None and the file goes to markdown-it-py.
The choice of parser and the cases sent back are in docs/performance.md; identity is
proven by tests/docs_index/test_parsers_differential.py on every test corpus and on random
Markdown. What pulldown-cmark does not give is recovered from the source text:

- positions: its events carry UTF-8 byte ranges, turned into line and column here;
- front matter: found by the same rule as mdit-py-plugins' (`front_matter_end`), and only
  the rest of the file is given to pulldown-cmark;
- an image's alt text as written (markdown-it keeps the source of the label).

Sent back to markdown-it-py: footnotes (`[^`: markdown-it reads only their definitions),
prose with `{` (attribute lists are matched in markdown-it's inline source), brackets
that meet as `][` in prose (a `[text][label]` whose label is not defined, which
markdown-it renders as text and the reader reports), reference labels outside ASCII (the
two parsers fold case differently), nesting deeper than `MAX_DEPTH`, headings the
parsers trim or split apart (`_heading_parts`), and NULs and numeric references markdown-it
does not decode (`_odd_references`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

import pyromark
from markdown_it.common.normalize_url import normalizeLinkText
from markdown_it.common.utils import isValidEntityCode, normalizeReference
from markdown_it.token import Token

from docs_index.markdown import _front_matter, _Reader, _scan_html, _written_label, finish
from docs_index.model import (
    Block,
    BlockKind,
    Document,
    Heading,
    Link,
    LinkKind,
    Location,
    Problem,
    RefUse,
)
from docs_index.slugs import github_slug
from docs_index.source_scan import Positions, front_matter_end, starts_block

OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH)
MAX_DEPTH = 30
"""Containers (quotes, lists, items) deeper than this go to markdown-it-py, which reports
nesting past its limit (RG006)."""


_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
"""A numeric character reference as CommonMark defines it (bounded, so linear)."""

_INLINE_TAGS = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image"})


class Fallback(Exception):
    """This file is one markdown-it-py must read."""


def _name(tag: Any) -> str:
    return tag if isinstance(tag, str) else next(iter(tag))


class _Inline:
    """The inline content of one paragraph, heading or table cell being read."""

    def __init__(self, start: int, block: int) -> None:
        self.start = start
        self.end = start
        self.block = block
        self.text: list[str] = []
        self.code: list[str] = []
        self.links: list[tuple[int, dict, int]] = []  # open links: start, attrs, text index
        self.image: tuple[int, int, dict] | None = None  # start, depth, attrs
        self.depth = 0  # of images inside the open image
        self.alt_end = 0  # where the last event inside the open image ends
        self.autolink = False
        self.leading = ""  # the first event: what decides a paragraph's kind at its start
        self.cell = False

    def touch(self, end: int) -> None:
        self.end = max(self.end, end)
        if self.image is not None:
            self.alt_end = max(self.alt_end, end)


class _Walk:
    """One pass over pulldown-cmark's events, making what `markdown._Reader` makes."""

    def __init__(self, reader: _Reader, data: bytes, base: int) -> None:
        self.reader = reader
        self.data = data
        self.base = base  # byte offset of the text given to pulldown-cmark
        self.pos = Positions(data)
        # whether `][` is anywhere in the file: if not, no text event needs the search for
        # it (`prose`), which is most of what a line of 100,000 links asks
        self.brackets = b"][" in data
        self.lists: list[list[int]] = []  # per open list: [ordered?, items so far]
        self.depth = 0
        self.inline: _Inline | None = None
        self.implicit = False  # the open inline is a tight list item's paragraph
        self.block: tuple[str, int, Any] | None = None  # code, html, table being read
        self.content: list[str] = []
        self.rows: list[list[str]] = []
        self.cells_code: list[str] = []

    def loc(self, offset: int) -> Location:
        line = self.pos.line(offset)
        return Location(self.reader.path, line + 1, self.pos.col(line, offset))

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """0-based first line and the line after the last, as markdown-it's `Token.map`."""
        return self.pos.line(start), self.pos.line(max(start, end - 1)) + 1

    def run(self, events: Any) -> None:
        base = self.base
        # bound once: four events a link, and a line may hold 100,000 links
        prose, open_link, close_inline = self.prose, self.open_link, self.close_inline
        for event, span in events:
            start, end = span["start"] + base, span["end"] + base
            if type(event) is str:
                self.simple(event, start, end)
                continue
            # one entry: {"Start": tag}, {"End": tag} or {"Text": "..."} (and other leaves)
            for kind, value in event.items():
                if kind == "Text":
                    block = self.block
                    if block is not None and block[0] == "code":
                        self.content.append(value)
                    else:
                        prose(value, start, end)
                elif kind == "Start":
                    if type(value) is dict and "Link" in value:  # as `open` would
                        open_link(value["Link"], start)
                    else:
                        self.open(value, start, end)
                elif kind == "End":
                    if value == "Link":
                        close_inline("Link", start, end)
                    else:
                        self.close(value, start, end)
                else:
                    self.leaf(kind, value, start, end)
        self.end_implicit()

    # -- blocks -----------------------------------------------------------------------

    def open(self, tag: Any, start: int, end: int) -> None:
        name = _name(tag)
        if name in _INLINE_TAGS:
            self.open_inline(name, tag, start)
            return
        self.end_implicit()
        if name in ("BlockQuote", "List", "Item"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise Fallback("deep")
            if name == "List":
                first = tag["List"]
                self.lists.append([first is not None, (first - 1) if first is not None else 0])
            elif name == "Item":
                self.lists[-1][1] += 1
        elif name in ("Paragraph", "Heading", "TableCell"):
            self.inline = _Inline(start, len(self.reader.blocks))
            self.inline.cell = name == "TableCell"
        elif name == "CodeBlock":
            self.block, self.content = ("code", start, tag["CodeBlock"]), []
        elif name == "HtmlBlock":
            self.block, self.content = ("html", start, None), []
        elif name == "Table":
            self.block, self.rows, self.cells_code = ("table", start, None), [], []
        elif name in ("TableHead", "TableRow"):
            self.rows.append([])
        else:
            raise Fallback(name)

    def close(self, tag: Any, start: int, end: int) -> None:
        name = _name(tag)
        inline = self.inline
        if name in _INLINE_TAGS:
            self.close_inline(name, start, end)
            return
        self.end_implicit()
        reader = self.reader
        if name in ("BlockQuote", "List", "Item"):
            self.depth -= 1
            if name == "List":
                self.lists.pop()
        elif name == "Paragraph":
            self.paragraph(start, end)
        elif name == "Heading":
            assert inline is not None
            self.inline = None
            first, after = self.lines_of(start, end)
            text = "".join(inline.text)
            level = int(tag["Heading"][1])
            if _heading_parts(text, reader.lines, first, after):
                raise Fallback("heading")
            source = reader.lines[first]
            loc = reader.loc(first, len(source) - len(source.lstrip()) + 1)
            reader.headings.append(Heading(loc, level, text, reader.slugger.slug(text),
                                           github_slug(text)))
            reader.add_block(Block(BlockKind.HEADING, first + 1,
                                   reader.block_lines(first, after), text, level, 0, "",
                                   tuple(inline.code)))
        elif name == "TableCell":
            assert inline is not None
            self.inline = None
            self.rows[-1].append("".join(inline.text))
            self.cells_code.extend(inline.code)
        elif name == "CodeBlock":
            self.code_block(start, end)
        elif name == "HtmlBlock":
            first, after = self.lines_of(start, end)
            token = Token("html_block", "", 0, map=[first, after], content="".join(self.content))
            reader.html_block(token)
            self.block = None
        elif name == "Table":
            first, after = self.lines_of(start, end)
            # where a table ends and what `\|` is differ between the parsers' table rules
            if (after < len(reader.lines) and reader.lines[after].strip()) or any(
                    "\\|" in line for line in reader.lines[first:after]):
                raise Fallback("table")
            text = "\n".join(" | ".join(row) for row in self.rows)
            reader.add_block(Block(BlockKind.TABLE, first + 1, reader.block_lines(first, after),
                                   text, 0, 0, "", tuple(self.cells_code)))
            self.block = None

    def paragraph(self, start: int, end: int) -> None:
        inline = self.inline
        assert inline is not None
        self.inline = None
        first, after = self.lines_of(start, end)
        if self.depth:
            # in a list item or a quote, markdown-it lets a fence, heading or list that is
            # indented less than the item's text end the paragraph, where CommonMark (and
            # pulldown-cmark) read a lazy continuation line
            for line in self.reader.lines[first + 1 : after]:
                if starts_block(line.lstrip(" \t>")):
                    raise Fallback("lazy line")
        lists = self.lists
        item = lists[-1][1] if lists and lists[-1][0] else 0
        self.reader.add_block(Block(BlockKind.PARAGRAPH, first + 1,
                                    self.reader.block_lines(first, after), "".join(inline.text),
                                    len(lists), item, "", tuple(inline.code)))

    def end_implicit(self) -> None:
        """Close the paragraph of a tight list item (pulldown-cmark gives it no events of
        its own; markdown-it gives a hidden paragraph, which the reader counts)."""
        if self.implicit and self.inline is not None:
            self.implicit = False
            self.paragraph(self.inline.start, self.inline.end)

    def code_block(self, start: int, end: int) -> None:
        assert self.block is not None
        _, _, what = self.block
        self.block = None
        first, after = self.lines_of(start, end)
        fenced = isinstance(what, dict)
        kind = BlockKind.FENCE if fenced else BlockKind.CODE
        info = ""
        if fenced:  # as written: markdown-it keeps escapes and entities in an info string
            line_end = self.data.find(b"\n", start)
            opening = self.data[start : line_end if line_end >= 0 else len(self.data)].decode()
            info = opening.lstrip(opening[:1]).strip()
        content = "".join(self.content)
        if not fenced and not content.endswith("\n"):  # markdown-it ends it with one
            content += "\n"
        self.reader.add_block(Block(kind, first + 1, self.reader.block_lines(first, after),
                                    content, len(self.lists), 0, info))

    def simple(self, event: str, start: int, end: int) -> None:
        if event == "SoftBreak":
            # markdown-it keeps the space after a `\` that ends a line; pulldown-cmark not
            data, before = self.data, start
            while before > 0 and data[before - 1] in b" \t":
                before -= 1
            if before < start and before > 0 and data[before - 1] == 0x5C:  # a backslash
                raise Fallback("break")
        if event in ("SoftBreak", "HardBreak"):
            self.text_piece("\n", start, end)
        elif event == "Rule":
            self.end_implicit()
            first = self.pos.line(start)
            self.reader.add_block(Block(BlockKind.HR, first + 1,
                                        self.reader.block_lines(first, first + 1)))
        else:
            raise Fallback(event)

    # -- inline -----------------------------------------------------------------------

    def need_inline(self, start: int, what: str = "", end: int = 0, text: str = "x"
                    ) -> _Inline:
        if self.inline is None:  # text straight in a tight list item
            self.inline = _Inline(start, len(self.reader.blocks))
            self.implicit = True
        inline = self.inline
        if not inline.leading:
            inline.leading = what or "other"
            # where the parsers' block rules part (an HTML block of one tag on its line,
            # indented in odd places): a paragraph that opens with blank text, or with a
            # tag that ends its line. Not asked of table cells: a row of 100,000 cells
            # would scan its line once per cell.
            if what == "Text" and not text.strip():
                raise Fallback("paragraph start")
            if what == "InlineHtml" and not inline.cell:
                line_end = self.data.find(b"\n", end)
                if not self.data[end : line_end if line_end >= 0 else None].strip():
                    raise Fallback("paragraph start")
        return inline

    def leaf(self, kind: str, value: Any, start: int, end: int) -> None:
        if kind == "Text":
            if self.block is not None and self.block[0] == "code":
                self.content.append(value)
                return
            self.prose(value, start, end)
        elif kind == "Html":
            self.content.append(value)
        elif kind == "Code":
            # a code span across lines whose next line is indented: markdown-it drops the
            # indent (as it does each paragraph line's), pulldown-cmark keeps some of it
            data = self.data
            if data.find(b"\n ", start, end) >= 0 or data.find(b"\n\t", start, end) >= 0:
                raise Fallback("code across lines")
            inline = self.need_inline(start)
            inline.touch(end)
            if inline.image is None:
                inline.text.append(value)
                inline.code.append(value)
        elif kind == "InlineHtml":
            inline = self.need_inline(start, kind, end)
            inline.touch(end)
            if inline.image is None:
                self.html_inline(value, start, inline.block)
        else:
            raise Fallback(kind)

    def prose(self, value: str, start: int, end: int) -> None:
        # `][` in or around prose may be a reference markdown-it reports as undefined;
        # `{` may start an attribute list (see the module docstring)
        if "{" in value or self.brackets and self.data.find(
                b"][", max(start - 1, 0), end + 1) >= 0:
            raise Fallback("prose")
        inline = self.inline
        if inline is None or not inline.leading:
            inline = self.need_inline(start, "Text", end, value)
        if inline.image is None:  # `touch` and the text, inline: the most common event
            if end > inline.end:
                inline.end = end
            if not inline.autolink:
                inline.text.append(value)
        else:
            inline.touch(end)

    def text_piece(self, value: str, start: int, end: int) -> None:
        inline = self.need_inline(start)
        inline.touch(end)
        if inline.image is None:
            inline.text.append(value)

    def open_inline(self, name: str, tag: Any, start: int) -> None:
        if name == "Link":
            self.open_link(tag["Link"], start)
            return
        inline = self.need_inline(start)
        if inline.image is not None:
            inline.depth += name == "Image"
            inline.touch(start + 1)
        elif name == "Image":
            inline.image, inline.depth, inline.alt_end = (start, 0, tag["Image"]), 0, start + 2

    def open_link(self, attrs: dict, start: int) -> None:
        inline = self.inline
        if inline is None or not inline.leading:  # else `need_inline` has nothing to do
            inline = self.need_inline(start)
        if inline.image is not None:
            inline.touch(start + 1)
        else:
            inline.links.append((start, attrs, len(inline.text)))
            inline.autolink = attrs["link_type"] in ("Autolink", "Email")

    def close_inline(self, name: str, start: int, end: int) -> None:
        inline = self.inline
        assert inline is not None
        if inline.image is not None:
            if name == "Image" and not inline.depth:
                inline.end = max(inline.end, end)
                self.image(inline, start, end)
                return
            inline.depth -= name == "Image"
        if inline.image is not None:
            inline.touch(end)
            return
        if end > inline.end:
            inline.end = end
        if name != "Link":
            return
        opened, attrs, first = inline.links.pop()
        inline.autolink = False
        kind = attrs["link_type"]
        pos = self.pos  # `self.loc(start)`, spelt out: once per link
        line = bisect_right(pos.starts, start) - 1
        loc = Location(self.reader.path, line + 1, pos.col(line, start))
        if kind == "Inline":
            self.reader.links.append(Link(loc, attrs["dest_url"], "".join(inline.text[first:]),
                                          LinkKind.INLINE, inline.block))
            return
        raw = self.data[start:end].decode()
        if kind in ("Autolink", "Email"):
            inline.text.append(normalizeLinkText(raw[1:-1]))
            target = attrs["dest_url"]
            target = f"mailto:{target}" if kind == "Email" else target
            self.reader.links.append(Link(loc, target, "".join(inline.text[first:]),
                                          LinkKind.AUTOLINK, inline.block))
        elif kind in ("Reference", "Collapsed", "Shortcut"):
            label = attrs["id"]
            if not label.isascii():
                raise Fallback("label")
            self.reader.ref_uses.append(RefUse(loc, normalizeReference(label),
                                               _written_label(raw)))
        else:
            raise Fallback(kind)

    def image(self, inline: _Inline, start: int, end: int) -> None:
        opened, _, attrs = inline.image  # type: ignore[misc]
        inline.image = None
        raw = self.data[start:end].decode()
        loc = self.loc(start)
        # the alt text as written: up to the `]` that ends the label
        label_end = self.data.index(b"]", inline.alt_end)
        alt = self.data[opened + 2 : label_end].decode()
        if attrs["link_type"] in ("Reference", "Collapsed", "Shortcut"):
            if not attrs["id"].isascii():
                raise Fallback("label")
            written = _written_label(raw[1:])
            self.reader.ref_uses.append(RefUse(loc, normalizeReference(written), written))
        elif attrs["link_type"] != "Inline":
            raise Fallback("image")
        self.reader.links.append(Link(loc, attrs["dest_url"], alt, LinkKind.IMAGE,
                                      inline.block))

    def html_inline(self, html: str, offset: int, block: int) -> None:
        start = self.loc(offset)
        for line, col, kind, value, _tag in _scan_html(html):
            loc = Location(self.reader.path, start.line + line - 1,
                           start.col + (col if line == 1 else 0))
            self.reader.add_html(kind, value, loc, block)


def _heading_parts(text: str, lines: list[str], first: int, after: int) -> bool:
    """Whether the parsers may read this heading apart.

    markdown-it trims a heading's text of all whitespace (NBSP, U+3000, \\v) before it
    decodes entities; pulldown-cmark trims the line of spaces and tabs only, and takes no
    closing `#` after a tab (`# C\\t#`). And markdown-it's table rule comes before its
    heading rules, so a heading line with `|` over a delimiter row (or over a setext
    underline, `---`) is a table there and a heading in pulldown-cmark.
    """
    if text != text.strip():
        return True
    for index in range(first, min(after, len(lines))):
        line = lines[index]
        if line.rstrip(" ") != line.rstrip() or "\t" in line:
            return True
        if "|" in line and index + 1 < len(lines):
            row = lines[index + 1].lstrip(" \t>").strip()
            if row and "-" in row and not row.strip("|:- \t"):
                return True
    return False


def _odd_references(text: str) -> bool:
    """Whether the text has a NUL or a numeric character reference to a code point
    markdown-it does not decode (`&#0;`, surrogates, controls): markdown-it-py makes a
    NUL U+FFFD and keeps such a reference as written, pulldown-cmark keeps the NUL and
    makes the reference U+FFFD."""
    if "\x00" in text:
        return True
    if "&#" not in text:
        return False
    for match in _NUMERIC_REF.finditer(text):
        hexa, decimal = match.groups()
        if not isValidEntityCode(int(hexa, 16) if hexa else int(decimal)):
            return True
    return False


def parse_fast(path: str, text: str) -> tuple[Document, list[Problem]] | None:
    """Parse one file's text (line endings already `\\n`) into the `Document` markdown-it-py
    would give, or None when this file must be read by markdown-it-py."""
    if "[^" in text or _odd_references(text):
        return None
    lines = text.split("\n")
    reader = _Reader(path, lines)
    front: dict = {}
    front_lines: dict[str, int] = {}
    skip = front_matter_end(lines)
    if skip:
        token = Token("front_matter", "", 0, map=[0, skip],
                      content="\n".join(lines[1 : skip - 1]))
        front, front_lines = _front_matter(reader, token)
    body = "\n".join(lines[skip:]) if skip else text
    data = text.encode()
    base = len(data) - len(body.encode())
    walk = _Walk(reader, data, base)
    try:
        walk.run(pyromark.events_with_range(body, options=OPTIONS))
        references: dict[str, dict] = {}
        for label, found in pyromark.reference_definitions(body, options=OPTIONS).items():
            if not label.isascii():
                raise Fallback("label")
            line = walk.pos.line(found["span"]["start"] + base)
            references.setdefault(normalizeReference(label),
                                  {"href": found["dest"], "map": [line, line + 1]})
    except (Fallback, UnicodeDecodeError, ValueError):
        return None
    reader.definitions({"references": references})
    return finish(reader, text, front, front_lines)
