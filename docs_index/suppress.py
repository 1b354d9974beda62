"""Inline suppression comments, as markdownlint and ESLint spell them:

    <!-- refgraph-disable-next-line RG102 -->   the next line
    <!-- refgraph-disable-line RG101 -->        the line the comment is on
    <!-- refgraph-disable RG501 RG502 -->       from here to the next `refgraph-enable`
    <!-- refgraph-enable RG501 -->              (or to the end of the file)
    <!-- refgraph-disable-file RG304 -->        the whole file

Rules are ids or names, separated by spaces or commas; none means every rule. Comments in
code blocks are text, not directives, so only HTML, paragraph, heading and table blocks are
scanned.
"""

from __future__ import annotations

import bisect
import re

from docs_index.model import BlockKind, Directive, DirectiveKind, Document, Location

__all__ = ["Directive", "DirectiveKind", "find_directives"]

_OPENING = re.compile(
    r"<!--\s*refgraph-(disable-next-line|disable-line|disable-file|disable|enable)\b")
_BACKTICKS = re.compile(r"`+")
_SCANNED = (BlockKind.HTML, BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE)


def _comments(line: str) -> list[tuple[int, str, str]]:
    r"""(start, kind, rules text) of each complete directive comment on `line`.

    Found by hand rather than by one pattern: the rules run to the first `>`, which must
    close `-->`, and a pattern that lets `\s*` and a lazy `[^>]*?` meet before `-->`
    backtracks quadratically over a long unclosed comment (200,000 spaces took minutes).
    This is one pass: an opening whose `>` is not a `-->` leaves the next openings up to
    that `>` no better off, and with no `>` left no later opening can close."""
    found: list[tuple[int, str, str]] = []
    pos = 0
    gt = -1  # the first `>` after the last opening looked at
    while (match := _OPENING.search(line, pos)) is not None:
        if gt < match.end():
            gt = line.find(">", match.end())
        if gt < 0:
            break
        if gt - 2 >= match.end() and line[gt - 2:gt] == "--":
            found.append((match.start(), match.group(1), line[match.end():gt - 2]))
            pos = gt + 1
        else:
            pos = match.start() + 1
    return found


def _blank_code_spans(line: str) -> str:
    r"""`line` with its code spans replaced by spaces, as CommonMark finds them: a run of
    backticks opens one, the next run of the same length closes it, and a run with no
    match is literal. By hand, with the runs indexed by length, because the pattern
    `(`+).*?\1` backtracks quadratically over a long run of backticks."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    by_length: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(i)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        same = by_length[end - start]
        after = bisect.bisect_right(same, i)
        if after == len(same):
            i += 1
            continue
        closing = same[after]
        spans.append((start, runs[closing][1]))
        i = closing + 1
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces += [line[cursor:start], " " * (end - start)]
        cursor = end
    return "".join(pieces) + line[cursor:]


def find_directives(doc: Document) -> tuple[Directive, ...]:
    """Every suppression comment in `doc`, in file order."""
    found: list[Directive] = []
    for block in doc.blocks:
        if block.kind not in _SCANNED:
            continue
        for offset, line in enumerate(block.lines):
            if "refgraph-" not in line:
                continue
            if block.kind is not BlockKind.HTML:  # a directive in a code span is text
                line = _blank_code_spans(line)
            for start, kind, text in _comments(line):
                rules = tuple(r for r in re.split(r"[\s,]+", text) if r)
                found.append(Directive(Location(doc.path, block.line + offset, start + 1),
                                       DirectiveKind(kind), rules))
    return tuple(found)
