"""Linear scans of a Markdown file's source for what pulldown-cmark's events do not say
(`markdown_fast.py`): where the front matter ends, whether a line could open a block,
and the line and column of a byte offset."""

from __future__ import annotations

import bisect


def front_matter_end(lines: list[str]) -> int:
    """The number of lines the front matter takes (0 for none), by the rule of
    mdit-py-plugins' `front_matter` at the top level: a first line starting with three or
    more `-`, closed by a line of at least as many `-` indented under four columns, or by
    `...` at column 0, spaces after either allowed; never closed means no front matter."""
    first = lines[0]
    count = len(first) - len(first.lstrip("-"))
    if count < 3:
        return 0
    for number in range(1, len(lines) - (1 if lines[-1] == "" else 0)):
        line = lines[number]
        if line.startswith("...") and not line[3:].strip(" \t"):
            return number + 1
        body = line.lstrip(" \t")
        indent = len(line[: len(line) - len(body)].expandtabs(4))
        if not body.startswith("-") or indent >= 4:
            continue
        dashes = len(body) - len(body.lstrip("-"))
        if dashes >= count and not body[dashes:].strip(" \t"):
            return number + 1
    return 0


def starts_block(line: str) -> bool:
    """Whether a line (container prefixes removed) could open a block that ends a
    paragraph in markdown-it: a fence, an ATX heading, a quote, raw HTML, a list item, a
    thematic break or a setext underline."""
    if line.startswith(("```", "~~~", ">", "<", "=")):
        return True
    head = line[:1]
    if head == "#":
        return line.lstrip("#")[:1] in ("", " ", "\t")
    if head in ("-", "*", "+", "_"):
        return line[1:2] in ("", " ", "\t") or not line.replace(" ", "").strip(head)
    digits = len(line) - len(line.lstrip("0123456789"))
    return 0 < digits < 10 and line[digits : digits + 1] in (".", ")") and line[
        digits + 1 : digits + 2] in ("", " ", "\t")


class Positions:
    """UTF-8 byte offsets of the file → 0-based line and 1-based column in characters."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0]
        at = data.find(b"\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = data.find(b"\n", at + 1)
        self.ascii: dict[int, bool] = {}
        self.last = (-1, 0, 0)  # line, offset, column of the last column asked for

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def col(self, line: int, offset: int) -> int:
        """Counted from the last column asked for on the same line when it lies before:
        decoding from the line's start for each of 100,000 links on one line would be
        quadratic. An ASCII line (most) needs no decoding at all."""
        start = self.starts[line]
        if line not in self.ascii:
            end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.data)
            self.ascii[line] = self.data[start:end].isascii()
        if self.ascii[line]:
            return offset - start + 1
        last_line, last_offset, last_col = self.last
        if last_line == line and last_offset <= offset:
            start, base = last_offset, last_col
        else:
            base = 1
        col = base + len(self.data[start:offset].decode("utf-8", "replace"))
        self.last = (line, offset, col)
        return col
