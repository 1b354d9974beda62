"""Rewriting a reading path's list in the index, for `refgraph paths apply --order`: only
the lines of the path's steps change, and each step moves whole (with the notes nested
under it)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_MARKER = re.compile(r"^(\s*)(\d+)([.)])")


class RewriteError(Exception):
    """The file does not look as the analysis saw it; one line."""


def reorder_items(text: str, spans: Sequence[tuple[int, int]], order: Sequence[int]) -> str:
    """`text` with the list items at `spans` ((first, last) 1-based lines, in file order)
    put in `order` (0-based positions into `spans`). Ordered-list numbers follow the new
    positions; line endings, indentation and the blank lines between items are kept."""
    if sorted(order) != list(range(len(spans))):
        raise ValueError("order must be a permutation of the spans")
    lines = text.splitlines(keepends=True)
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
