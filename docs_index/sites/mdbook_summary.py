"""mdBook's SUMMARY.md as an ordered list of entries.

A port of `SummaryParser` in crates/mdbook-summary/src/lib.rs (rust-lang/mdBook at
641d06abe7d10d981ed61dd2711a30e4119666cd) onto markdown-it-py's tokens, which this project
already parses with; mdBook walks pulldown-cmark events the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["SummaryEntry", "SummaryKind", "parse_summary"]


class SummaryKind(StrEnum):
    PREFIX = "prefix"
    """An unnumbered chapter before the first list or part title."""
    NUMBERED = "numbered"
    """A list item, numbered across parts (`1.`, `1.2.`)."""
    SUFFIX = "suffix"
    """An unnumbered chapter after the numbered ones."""
    SEPARATOR = "separator"
    """`---`."""
    PART = "part"
    """`# Part title` after the summary's own title."""


@dataclass(frozen=True, slots=True)
class SummaryEntry:
    kind: SummaryKind
    title: str
    """Link text as plain text (styling dropped), or the part title."""
    path: str | None = None
    """Chapter source as written, `%20` decoded; None for a draft `[Title]()`, a part or a
    separator."""
    number: tuple[int, ...] = ()
    """Section number of a numbered chapter; its length is the nesting depth."""
    line: int = 0
    """1-based line in SUMMARY.md."""


def _inline_text(tokens: list[Token]) -> str:
    # stringify_events: text and code spans only; a soft break is one space.
    parts = []
    for t in tokens:
        if t.type in ("text", "code_inline"):
            parts.append(t.content)
        elif t.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


def _links(inline: Token, line: int) -> Iterator[tuple[str, str, int]]:
    """(text, destination, line) of each link in an inline token; a paragraph can hold
    several links on several lines, so line breaks before each link are counted."""
    children = inline.children or []
    i = 0
    while i < len(children):
        tok = children[i]
        if tok.type in ("softbreak", "hardbreak"):
            line += 1
        elif tok.type == "link_open":
            j = i + 1
            while j < len(children) and children[j].type != "link_close":
                j += 1
            href = str(tok.attrs.get("href", ""))
            yield _inline_text(children[i + 1 : j]), href, line
            line += sum(1 for t in children[i + 1 : j] if t.type in ("softbreak", "hardbreak"))
            i = j
        i += 1


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it percent-encodes destinations (`über.md` -> `%C3%BCber.md`); pulldown-cmark
    # keeps them as written, escapes and entities resolved, which is what mdBook gets.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def parse_summary(text: str) -> list[SummaryEntry]:
    """SUMMARY.md as mdBook reads it (`SummaryParser` in crates/mdbook-summary/src/lib.rs),
    flattened into reading order.

    Grammar: an optional first `# Title` (not returned), prefix chapters (links in
    paragraphs, `---`), then numbered parts (a later `# Title` starts a part; list items,
    nested lists numbered `n.m`; numbering continues across parts and separators), then
    suffix chapters (links in paragraphs after the lists). A draft `[Title]()` has no path.
    mdBook rejects some malformed summaries (a list after suffix chapters, a list item that
    is not a link); here such items are skipped, since the caller reports what it can.
    """
    # pulldown-cmark's `<./a b.md>` and mdBook's `%20` are both a space in the path.
    tokens = _parser().parse(text)
    out: list[SummaryEntry] = []
    stage = "title"
    root_count = 0
    stack: list[int] = []  # per open list level: items so far
    numbers: list[tuple[int, ...]] = []  # number of the last item per level
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "html_block" and stage == "title":
            i += 1
            continue
        if tok.type == "heading_open" and tok.tag == "h1":
            title = _inline_text(tokens[i + 1].children or [])
            if stage == "title":
                stage = "prefix"
            else:
                stage = "numbered"
                out.append(SummaryEntry(SummaryKind.PART, title, line=line))
            i += 3
            continue
        if tok.type == "heading_open":
            # Other headings are skipped with their text (`parse_numbered`'s "Skipping
            # contents of" branch); they do not start the suffix chapters.
            i += 3
            continue
        if tok.type == "blockquote_open" and stage == "numbered" and not stack:
            # Between the lists mdBook skips any other block whole, links included.
            depth = 1
            while depth and i + 1 < len(tokens):
                i += 1
                depth += {"blockquote_open": 1, "blockquote_close": -1}.get(tokens[i].type, 0)
            i += 1
            continue
        if stage == "title":
            stage = "prefix"
        if tok.type == "hr":
            out.append(SummaryEntry(SummaryKind.SEPARATOR, "---", line=line))
        elif tok.type in ("bullet_list_open", "ordered_list_open") and stage != "suffix":
            stage = "numbered"
            stack.append(0)
        elif tok.type in ("bullet_list_close", "ordered_list_close") and stack:
            stack.pop()
            if not stack:
                numbers.clear()
        elif tok.type == "list_item_open" and stack:
            stack[-1] += 1
            depth = len(stack)
            if depth == 1:
                root_count += 1
                number: tuple[int, ...] = (root_count,)
            else:
                number = numbers[depth - 2] + (stack[-1],)
            del numbers[depth - 1 :]
            numbers.append(number)
            inline = tokens[i + 2] if i + 2 < len(tokens) else None
            if inline is not None and inline.type == "inline":
                first = next(_links(inline, line), None)
                if first is not None:
                    title, href, _ = first
                    path = href.replace("%20", " ") or None
                    out.append(SummaryEntry(SummaryKind.NUMBERED, title, path, number, line))
        elif tok.type == "inline" and not stack:
            if stage == "numbered":
                stage = "suffix"
            kind = SummaryKind.PREFIX if stage == "prefix" else SummaryKind.SUFFIX
            for title, href, ln in _links(tok, line):
                out.append(SummaryEntry(kind, title, href.replace("%20", " ") or None, (), ln))
        i += 1
    return out
