"""The line of every key and value in a TOML document, so a configuration error can name it.

tomllib returns plain dicts without positions, and no maintained TOML library gives them:
tomlkit (the style-preserving one) keeps whitespace and comments but no line numbers, and
tomli/tomllib drop everything. So this small scanner walks the text once more. It runs
only on text tomllib has already accepted, which is why it can be lenient: it never
judges the TOML, only finds where each key path starts.

Paths are tuples as tomllib nests them: `("rules", "RG999")` for `rules = { RG999 = "off" }`
or for `RG999 = "off"` under `[rules]`; `("select", 1)` for the second element of an
array; `("posts", 0, "title")` for `title` in the first `[[posts]]` table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*'{3,5}", re.DOTALL)
_SCALAR = re.compile(r"[^\s,\]}#]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}

    def record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    def advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def peek(self, literal: str) -> bool:
        return self.text.startswith(literal, self.pos)

    def skip_blank(self, newlines: bool) -> None:
        """Spaces, tabs and comments; and newlines too inside arrays."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance(self.pos + 1)
            elif char == "#":
                end = text.find("\n", self.pos)
                self.advance(len(text) if end < 0 else end)
            else:
                return

    def key(self) -> list[str]:
        """A dotted key: `a`, `"a.b"`, `a . 'b' . c`."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            for pattern in (_BASIC, _LITERAL, _BARE_KEY):
                found = pattern.match(self.text, self.pos)
                if found:
                    parts.append(_unquote(found.group()))
                    self.advance(found.end())
                    break
            else:
                return parts  # not TOML tomllib accepted; take what there is
            self.skip_blank(newlines=False)
            if not self.peek("."):
                return parts
            self.advance(self.pos + 1)

    def value(self, path: Path) -> None:
        """One value at `path`, recording the keys and elements inside it."""
        self.skip_blank(newlines=False)
        if self.peek("{"):
            self.advance(self.pos + 1)
            while True:
                self.skip_blank(newlines=True)  # tolerated: newlines in inline tables
                if self.peek("}") or self.pos >= len(self.text):
                    self.advance(self.pos + 1)
                    return
                if self.peek(","):
                    self.advance(self.pos + 1)
                    continue
                self.key_value(path)
        elif self.peek("["):
            self.advance(self.pos + 1)
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek("]") or self.pos >= len(self.text):
                    self.advance(self.pos + 1)
                    return
                if self.peek(","):
                    self.advance(self.pos + 1)
                    continue
                self.record((*path, index), self.line)
                self.value((*path, index))
                index += 1
        else:
            for pattern in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL):
                found = pattern.match(self.text, self.pos)
                if found:
                    self.advance(found.end())
                    return
            found = _SCALAR.match(self.text, self.pos)
            if found:
                end = found.end()
                time = _SCALAR.match(self.text, end + 1)  # `1979-05-27 07:32:00`
                if _DATE.match(found.group()) and self.peek_at(end, " ") and time:
                    end = time.end()
                self.advance(end)
            else:
                self.advance(self.pos + 1)  # never loop on a character the scan misreads

    def peek_at(self, pos: int, literal: str) -> bool:
        return self.text.startswith(literal, pos)

    def key_value(self, table: Path) -> None:
        line = self.line
        parts = self.key()
        for depth in range(1, len(parts) + 1):
            self.record((*table, *parts[:depth]), line)
        self.skip_blank(newlines=False)
        if self.peek("="):
            self.advance(self.pos + 1)
        self.value((*table, *parts))


def key_lines(text: str) -> dict[Path, int]:
    """Line (1-based) where each key path of `text` first appears: a key, a table header,
    an array element."""
    scan = _Scanner(text)
    table: Path = ()
    counts: dict[Path, int] = {}
    while scan.pos < len(text):
        scan.skip_blank(newlines=True)
        if scan.pos >= len(text):
            break
        if scan.peek("["):
            line = scan.line
            array = scan.peek("[[")
            scan.advance(scan.pos + (2 if array else 1))
            parts = scan.key()
            path: Path = ()
            for part in parts[:-1] if array else parts:
                path = (*path, part)
                scan.record(path, line)
                if path in counts:  # `[arr.sub]` belongs to the last `[[arr]]` table
                    path = (*path, counts[path])
            if array:
                path = (*path, *parts[-1:])
                scan.record(path, line)
                counts[path] = counts.get(path, -1) + 1
                path = (*path, counts[path])
                scan.record(path, line)
            table = path
            end = text.find("\n", scan.pos)
            scan.advance(len(text) if end < 0 else end)  # `]`, `]]`, a comment
        else:
            before = scan.pos
            scan.key_value(table)
            if scan.pos == before:  # not TOML tomllib accepted: skip the line
                end = text.find("\n", scan.pos)
                scan.advance(len(text) if end < 0 else end + 1)
    return scan.lines


def line_of(lines: Mapping[Path, int], path: Path) -> int:
    """The line of `path`, else of its nearest recorded parent, else 1."""
    for depth in range(len(path), 0, -1):
        if path[:depth] in lines:
            return lines[path[:depth]]
    return 1


def _unquote(key: str) -> str:
    if key.startswith("'"):
        return key[1:-1]
    if not key.startswith('"'):
        return key
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
                  lambda m: (chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU"
                             else _ESCAPES.get(m.group(1), m.group(1))), key[1:-1])
