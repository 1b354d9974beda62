"""Rewriting a reading path's list in the index, for `refgraph paths apply --order`: only
the lines of the path's steps change, and each step moves whole (with the notes nested
under it).

The rewrite is the only write into a corpus, so it is not trusted on its own: `reorder_path`
parses the file before (it must still hold the steps the analysis saw) and the result
after (it must hold them in the order asked, every other line as it was) with the same
reader `refgraph check` uses, and refuses on any difference."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from posts import PathStep, parse_index

_MARKER = re.compile(r"^(\s*)(\d+)([.)])")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class RewriteError(Exception):
    """The file does not look as the analysis saw it; one line."""


def reorder_items(text: str, spans: Sequence[tuple[int, int]], order: Sequence[int]) -> str:
    """`text` with the list items at `spans` ((first, last) 1-based lines, in file order)
    put in `order` (0-based positions into `spans`). Ordered-list numbers follow the new
    positions; line endings, indentation and the blank lines between items are kept."""
    if sorted(order) != list(range(len(spans))):
        raise ValueError("order must be a permutation of the spans")
    lines = split_lines(text)
    first, last = spans[0][0], spans[-1][1]
    if any(a > b for a, b in spans) or last > len(lines) or any(
            spans[n][1] >= spans[n + 1][0] for n in range(len(spans) - 1)):
        raise RewriteError("the path's lines changed since they were read")
    chunks = []
    for n, (a, b) in enumerate(spans):
        end = spans[n + 1][0] - 1 if n + 1 < len(spans) else b
        chunk = lines[a - 1:end]
        while len(chunk) > 1 and not chunk[-1].strip():
            chunk.pop()
        chunks.append(chunk)
    gap = lines[spans[0][1]:spans[1][0] - 1] if len(spans) > 1 else []
    gap = [line for line in gap if not line.strip()]
    numbers = [m.group(2) if (m := _MARKER.match(c[0])) else None for c in chunks]
    out: list[str] = []
    for position, index in enumerate(order):
        chunk = list(chunks[index])
        if numbers[index] is not None and numbers[position] is not None:
            chunk[0] = _MARKER.sub(lambda m, p=position: f"{m.group(1)}{numbers[p]}"
                                   f"{m.group(3)}", chunk[0], count=1)
        if not chunk[-1].endswith(("\n", "\r")):  # the old last line of the file
            chunk[-1] += _newline(lines)
        out += chunk
        if position + 1 < len(order):
            out += gap
    tail = lines[last:]
    if not lines[last - 1].endswith(("\n", "\r")) and out:
        out[-1] = out[-1].rstrip("\r\n")
    return "".join(lines[:first - 1] + out + tail)


def _newline(lines: list[str]) -> str:
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
    return "\n"


def split_lines(text: str) -> list[str]:
    """`text`'s lines with their ends, cut where the Markdown reader cuts them
    (`docs_index.corpus.decode`): at CRLF, CR and LF only. `str.splitlines` also cuts at
    form feed, vertical tab, NEL, U+2028 and U+2029, which the reader keeps inside a line,
    so its line numbers would not be the reader's."""
    return _LINE.findall(text)


def path_steps(index: str, text: str, slug: str) -> tuple[PathStep, ...] | None:
    """The steps of the reading path `slug` in the index `index` whose text is `text`, read
    as `refgraph check` reads them; None when the text has no such path."""
    decoded, _ = decode(index, text.encode("utf-8"))
    if decoded is None:
        return None
    doc, _ = parse_markdown(make_parser(), index, decoded)
    found = parse_index(doc, lambda _path: False)  # which links are posts: no matter here
    return next((p.steps for p in found.paths if p.slug == slug), None)


def reorder_path(index: str, text: str, slug: str, seen: Sequence[tuple[str, str, tuple[int, int]]],
                 order: Sequence[int]) -> str:
    """`text` with the steps of the path `slug` put in `order` (0-based positions into
    `seen`, the (target, text, lines) of each step as the analysis saw them, in file
    order). Raises RewriteError when the file no longer holds those steps, or when the
    rewritten text does not read back as exactly those steps in that order with every
    other line unchanged."""
    before = path_steps(index, text, slug)
    if before is None or [(s.target, s.text, s.lines) for s in before] != list(seen):
        raise RewriteError("the path's lines changed since they were read; run again")
    new = reorder_items(text, [lines for _, _, lines in seen], order)
    after = path_steps(index, new, slug)
    # each step keeps its own lines: a note that no longer nests under its step (a marker
    # grown from `9.` to `10.` outdents it) changes the span, not the targets
    wanted = [(seen[n][0], seen[n][1], seen[n][2][1] - seen[n][2][0]) for n in order]
    if after is None or [(s.target, s.text, s.lines[1] - s.lines[0]) for s in after] != wanted \
            or not _same_outside(split_lines(text), split_lines(new), seen):
        raise RewriteError("the reordered list would not read back as the order asked; "
                           "nothing written (reorder it by hand)")
    return new


def _same_outside(old: list[str], new: list[str], seen: Sequence[tuple]) -> bool:
    """Lines above and below the steps are unchanged, and within them only the order of the
    lines, their ordered-list numbers and blank lines may differ."""
    first, last = seen[0][2][0], seen[-1][2][1]
    tail = len(old) - last
    if new[:first - 1] != old[:first - 1] or new[len(new) - tail:] != old[last:]:
        return False

    def body(lines: list[str]) -> list[str]:
        return sorted(_MARKER.sub(r"\1#\3", line.rstrip("\r\n"), count=1)
                      for line in lines if line.strip())
    return body(old[first - 1:last]) == body(new[first - 1:len(new) - tail])
