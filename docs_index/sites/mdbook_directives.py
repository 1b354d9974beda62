"""mdBook's `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}` and `{{#title}}`.

A port of the links preprocessor, crates/mdbook-driver/src/builtin_preprocessors/links.rs
and links/take_lines.rs (rust-lang/mdBook at 641d06abe7d10d981ed61dd2711a30e4119666cd):
where each directive is, which file it names and which lines or `ANCHOR:` it takes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from docs_index.sites.mdbook_rules import RUST_WHITESPACE, RUST_WHITESPACE_CHARS

__all__ = ["Directive", "DirectiveKind", "LineRange", "anchor_names", "find_directives"]

_WHITESPACE_RUN = re.compile("[" + re.escape(RUST_WHITESPACE_CHARS) + "]+")


class DirectiveKind(StrEnum):
    INCLUDE = "include"
    RUSTDOC_INCLUDE = "rustdoc_include"
    PLAYGROUND = "playground"
    """`{{#playpen}}` too, its old name."""
    TITLE = "title"
    """`{{#title ...}}`: not a file; its `path` is the title."""


@dataclass(frozen=True, slots=True)
class LineRange:
    """Zero-based, end-exclusive line range, as mdBook's `LineRange`; None is unbounded."""

    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Directive:
    kind: DirectiveKind
    path: str
    """The file as written, relative to the chapter's folder."""
    selector: LineRange | str
    """Lines to take, or the name of an `ANCHOR:` in the file."""
    props: tuple[str, ...]
    """`{{#playground file.rs editable}}`: the words after the path."""
    start: int
    """Offset of the `{{` in the text."""
    end: int
    """Offset just after the closing `}}`."""
    line: int
    """1-based line of the `{{`."""
    col: int
    """1-based column of the `{{`, in characters."""


_ALL = LineRange(None, None)
_USIZE_MAX = 2**64 - 1


def _usize(text: str) -> int | None:
    """Rust's `str::parse::<usize>()`: ASCII digits with an optional `+`, no overflow."""
    digits = text[1:] if text.startswith("+") else text
    if not digits or not (digits.isascii() and digits.isdigit()):
        return None
    value = int(digits)
    return value if value <= _USIZE_MAX else None


def _range_or_anchor(spec: str, colon: str) -> LineRange | str:
    """`parse_range_or_anchor` in links.rs: `file:a:b` is one-based, `b` included, a
    missing `:b` means the one line `a`; a first part that is not a number is an anchor."""
    if not colon:
        return _ALL
    parts = spec.split(":", 2)
    first = _usize(parts[0])
    if first is None and parts[0] != "":
        return parts[0]
    start = None if first is None else max(first - 1, 0)
    if len(parts) < 2:
        return _ALL if start is None else LineRange(start, start + 1)
    return LineRange(start, _usize(parts[1]))


def _scan(text: str) -> Iterator[tuple[int, int, str, str]]:
    r"""Matches of mdBook's `find_links` regex, left to right, without overlap:

        \\\{\{\#.*\}\}  |  \{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}

    yielding (start, end, kind, rest); an escaped match has kind "". Written out because
    Python's backtracking engine takes quadratic time on this pattern (long runs of spaces,
    many `{{#x` without `}}`), while Rust's regex engine, which mdBook uses, is linear.
    The caches below keep every character scanned a bounded number of times.
    """
    n = len(text)
    pos = 0
    brace = -1  # next `}` at or after the scan point
    line_end = -1  # end of the line holding the last escaped candidate
    last_close = -1  # last `}}` on that line
    while True:
        k = text.find("{{", pos)
        if k < 0:
            return
        if k - 1 >= pos and text[k - 1] == "\\" and text.startswith("#", k + 2):
            if line_end < k:
                found = text.find("\n", k)
                line_end = n if found < 0 else found
                last_close = text.rfind("}}", k, line_end)
            # `.*` is greedy: the match runs to the line's last `}}` after the `#`.
            if last_close >= k + 3:
                yield k - 1, last_close + 2, "", ""
                pos = last_close + 2
                continue
        i = k + 2
        while i < n and text[i] in RUST_WHITESPACE:
            i += 1
        if i < n and text[i] == "#":
            j = i + 1
            while j < n and (text[j].isascii() and (text[j].isalnum() or text[j] == "_")):
                j += 1
            if j > i + 1 and j < n and text[j] in RUST_WHITESPACE:
                if brace < j:
                    found = text.find("}", j)
                    brace = n if found < 0 else found
                # `[^}]+` runs to the next `}`; the match needs `}}` there and at least one
                # character after the whitespace that `\s+` takes.
                if brace < n and brace >= j + 2 and text.startswith("}}", brace):
                    yield k, brace + 2, text[i + 1 : j], text[j:brace]
                    pos = brace + 2
                    continue
        pos = k + 1


def find_directives(text: str) -> list[Directive]:
    """Every `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}` (and its old name
    `{{#playpen}}`) and `{{#title}}` in a chapter, in order, as the links preprocessor
    (crates/mdbook-driver/src/builtin_preprocessors/links.rs) finds them. Escaped ones
    (`\\{{#...}}`), unknown kinds and empty paths are skipped; they still use up their
    text, as in mdBook."""
    out: list[Directive] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for start, end, kind_s, rest in _scan(text):
        words = [w for w in _WHITESPACE_RUN.split(rest) if w]
        if not kind_s or not words:
            continue
        if kind_s == "title":
            path = rest.lstrip(RUST_WHITESPACE_CHARS)
            kind, selector, props = DirectiveKind.TITLE, _ALL, ()
        elif kind_s in ("include", "rustdoc_include"):
            path, colon, spec = words[0].partition(":")
            kind, selector, props = DirectiveKind(kind_s), _range_or_anchor(spec, colon), ()
        elif kind_s in ("playground", "playpen"):
            kind, path, selector, props = DirectiveKind.PLAYGROUND, words[0], _ALL, tuple(words[1:])
        else:
            continue
        line = bisect.bisect_right(line_starts, start)
        col = start - line_starts[line - 1] + 1
        out.append(Directive(kind, path, selector, props, start, end, line, col))
    return out


_ANCHOR_START = re.compile(r"ANCHOR:\s*([\w-]+)")


def anchor_names(text: str) -> frozenset[str]:
    """Names an included file offers to `{{#include file:name}}`: each `ANCHOR: name`
    (crates/mdbook-driver/src/builtin_preprocessors/links/take_lines.rs). mdBook takes
    the lines up to a matching `ANCHOR_END: name`, or to the end of the file without one."""
    found = (_ANCHOR_START.search(line) for line in text.splitlines())
    return frozenset(m.group(1) for m in found if m)
