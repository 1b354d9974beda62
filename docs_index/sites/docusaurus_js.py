"""JavaScript object literals read as data, never run: a Docusaurus configuration or
sidebars file as far as it is plain data.

Written by hand because no safe reader of JavaScript is a dependency here, and running the
file (Node) is not an option: a configuration can do anything. What is not a literal (a
call, a variable, a spread, a template with `${}`) is kept as a :class:`Computed` value with
its text and offset, so the caller can say what it did not understand instead of guessing,
and reads the rest. Strings come back as :class:`JsStr`, a `str` that knows its offset, so
an entry of a sidebar can be reported at its line and column.

Every scan moves forward through the text; nesting is bounded (`MAX_DEPTH`), so a hostile
file costs at most a bounded number of passes over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Computed", "JsStr", "NotLiteral", "exported_value", "line_of", "read_value"]

MAX_DEPTH = 100
"""Deeper nesting than any real configuration; past it the file is refused."""


class NotLiteral(ValueError):
    """Text that cannot be read as data at all; `offset` says where it stopped."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset}")
        self.offset = offset


class JsStr(str):
    """A string literal's value; `offset` is where its opening quote stands."""

    offset: int

    def __new__(cls, value: str, offset: int) -> JsStr:
        made = super().__new__(cls, value)
        made.offset = offset
        return made

    def __reduce__(self) -> tuple[type[JsStr], tuple[str, int]]:
        """Pickled whole (a site's settings hold some, and the incremental run keeps them):
        a `str` subclass would be remade from its text alone."""
        return JsStr, (str(self), self.offset)


@dataclass(frozen=True)
class Computed:
    """A value that only running the file would give (`require('./x')`, `[...items]`)."""

    text: str
    """The expression as written, cut to 60 characters."""
    offset: int


def line_of(src: str, offset: int) -> int:
    return src.count("\n", 0, offset) + 1


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_STRING_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,8}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)",
                            re.S)
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_REQUIRE_RESOLVE = re.compile(r"require\.resolve\(\s*(['\"])([^'\"\\\n]*)\1\s*\)")
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def _unescape(m: re.Match[str]) -> str:
    esc = m.group(1)
    if esc[0] in "ux" and len(esc) > 1:
        code = int(esc.strip("ux{}"), 16)
        return chr(code) if code <= 0x10FFFF else esc
    if esc in ("\n", "\r\n", "\r", "\u2028", "\u2029"):
        return ""  # a line continuation
    return _ESCAPES.get(esc, esc)


def _skip_space(src: str, pos: int) -> int:
    """Past blanks and comments."""
    n = len(src)
    while pos < n:
        ch = src[pos]
        if ch.isspace():
            pos += 1
        elif src.startswith("//", pos):
            end = src.find("\n", pos)
            pos = n if end < 0 else end + 1
        elif src.startswith("/*", pos):
            end = src.find("*/", pos + 2)
            if end < 0:
                raise NotLiteral("unclosed comment", pos)
            pos = end + 2
        else:
            break
    return pos


def _string_end(src: str, pos: int, depth: int = 0) -> tuple[int, bool]:
    """The offset after the string or template starting at `pos`, and whether it holds a
    `${}` (so its value is computed)."""
    quote = src[pos]
    i = pos + 1
    n = len(src)
    computed = False
    while i < n:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i + 1, computed
        if ch == "\n" and quote != "`":
            break
        if quote == "`" and src.startswith("${", i):
            computed = True
            i = _balanced_end(src, i + 1, depth + 1)
            continue
        i += 1
    raise NotLiteral("unclosed string", pos)


def _balanced_end(src: str, pos: int, depth: int = 0) -> int:
    """The offset after the bracket group opening at `pos` (strings and comments skipped);
    `depth` counts the templates around it (`${`a${b}`}`), bounded like brackets."""
    if depth > MAX_DEPTH:
        raise NotLiteral(f"nested deeper than {MAX_DEPTH}", pos)
    stack = [_CLOSERS[src[pos]]]
    i = pos + 1
    n = len(src)
    while i < n:
        i = _skip_space(src, i)
        if i >= n:
            break
        ch = src[i]
        if ch in "'\"`":
            i = _string_end(src, i, depth + len(stack))[0]
            continue
        if ch in _CLOSERS:
            if len(stack) > MAX_DEPTH:
                raise NotLiteral(f"nested deeper than {MAX_DEPTH}", i)
            stack.append(_CLOSERS[ch])
        elif ch in ")]}":
            if ch != stack.pop():
                raise NotLiteral(f"unexpected {ch!r}", i)
            if not stack:
                return i + 1
        i += 1
    raise NotLiteral("unexpected end of file", n)


def _expression_end(src: str, pos: int) -> int:
    """The offset of the `,`, `;` or closing bracket that ends the expression at `pos`."""
    n = len(src)
    i = pos
    while i < n:
        i = _skip_space(src, i)
        if i >= n:
            break
        ch = src[i]
        if ch in "'\"`":
            i = _string_end(src, i)[0]
        elif ch in _CLOSERS:
            i = _balanced_end(src, i)
        elif ch in ",;)]}":
            return i
        else:
            i += 1
    return n


def _computed(src: str, start: int) -> tuple[Computed | JsStr, int]:
    end = _expression_end(src, start)
    text = src[start:end].strip()
    m = _REQUIRE_RESOLVE.fullmatch(text)
    if m is not None:  # `require.resolve('./sidebars.js')`: a path, as Docusaurus reads it
        return JsStr(m.group(2), start + m.start(2) - 1), end
    return Computed(text[:60], start), end


def _after_value(src: str, value: Any, start: int, pos: int) -> tuple[Any, int]:
    """A literal followed by `as T`/`satisfies T` keeps its value; by an operator, it is
    computed."""
    after = _skip_space(src, pos)
    if after >= len(src) or src[after] in ",;)]}":
        return value, after
    m = _NAME.match(src, after)
    if m is not None and m.group(0) in ("as", "satisfies"):
        return value, _expression_end(src, m.end())
    if m is not None and "\n" in src[pos:after]:
        return value, pos  # a new statement on the next line (no `;`: JavaScript adds it)
    return _computed(src, start)


def read_value(src: str, pos: int, depth: int = 0) -> tuple[Any, int]:
    """The value written at `pos` and the offset after it: dicts, lists, `JsStr`, numbers,
    booleans, None (`null`, `undefined`), and `Computed` for anything else."""
    if depth > MAX_DEPTH:
        raise NotLiteral(f"nested deeper than {MAX_DEPTH}", pos)
    pos = _skip_space(src, pos)
    if pos >= len(src):
        raise NotLiteral("unexpected end of file", pos)
    start = pos
    ch = src[pos]
    if ch == "{":
        return _finish(src, _object(src, pos, depth), start)
    if ch == "[":
        return _finish(src, _array(src, pos, depth), start)
    if ch == "(":
        end = _balanced_end(src, pos)
        if src.startswith("=>", _skip_space(src, end)):
            return _computed(src, start)  # an arrow function
        inner, inner_end = read_value(src, pos + 1, depth + 1)
        if _skip_space(src, inner_end) != end - 1:
            return _computed(src, start)
        return _after_value(src, inner, start, end)
    if ch in "'\"`":
        end, computed = _string_end(src, pos)
        if computed:
            return _computed(src, start)
        value = JsStr(_STRING_ESCAPE.sub(_unescape, src[pos + 1 : end - 1]), pos)
        return _after_value(src, value, start, end)
    m = _NUMBER.match(src, pos)
    if m is not None:
        text = m.group(0)
        number = float(text) if any(c in text for c in ".eE") else int(text)
        return _after_value(src, number, start, m.end())
    m = _NAME.match(src, pos)
    if m is not None and m.group(0) in ("true", "false", "null", "undefined"):
        value = {"true": True, "false": False}.get(m.group(0))
        return _after_value(src, value, start, m.end())
    return _computed(src, start)


def _finish(src: str, parsed: tuple[Any, int], start: int) -> tuple[Any, int]:
    return _after_value(src, parsed[0], start, parsed[1])


def _object(src: str, pos: int, depth: int) -> tuple[dict[str, Any], int]:
    obj: dict[str, Any] = {}
    pos += 1
    while True:
        pos = _skip_space(src, pos)
        if pos >= len(src):
            raise NotLiteral("unexpected end of file", pos)
        ch = src[pos]
        if ch == "}":
            return obj, pos + 1
        key_start = pos
        if ch in "'\"":
            end, _ = _string_end(src, pos)
            key: str | None = _STRING_ESCAPE.sub(_unescape, src[pos + 1 : end - 1])
            pos = end
        elif src.startswith("...", pos) or ch == "[":
            key, pos = None, _expression_end(src, pos)  # a spread or a computed key
        else:
            m = _NAME.match(src, pos) or _NUMBER.match(src, pos)
            if m is None:
                raise NotLiteral(f"unexpected {ch!r}", pos)
            key, pos = m.group(0), m.end()
        pos = _skip_space(src, pos)
        if key is None:
            obj[f"...{key_start}"] = Computed(src[key_start:pos].strip()[:60], key_start)
        elif pos < len(src) and src[pos] == ":":
            obj[key], pos = read_value(src, pos + 1, depth + 1)
        else:  # `{docs}` shorthand or a method `docs() {…}`: only running it gives a value
            end = _expression_end(src, key_start)
            obj[key] = Computed(src[key_start:end].strip()[:60], key_start)
            pos = end
        pos = _skip_space(src, pos)
        if pos < len(src) and src[pos] == ",":
            pos += 1
        elif pos >= len(src) or src[pos] != "}":
            raise NotLiteral("unexpected end of object", pos)


def _array(src: str, pos: int, depth: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    pos += 1
    while True:
        pos = _skip_space(src, pos)
        if pos >= len(src):
            raise NotLiteral("unexpected end of file", pos)
        if src[pos] == "]":
            return items, pos + 1
        if src.startswith("...", pos):
            end = _expression_end(src, pos)
            items.append(Computed(src[pos:end].strip()[:60], pos))
            pos = end
        else:
            value, pos = read_value(src, pos, depth + 1)
            items.append(value)
        pos = _skip_space(src, pos)
        if pos < len(src) and src[pos] == ",":
            pos += 1
        elif pos >= len(src) or src[pos] != "]":
            raise NotLiteral("unexpected end of array", pos)


_EXPORT = re.compile(r"(?:module\.exports\s*=|export\s+default\b)")


def exported_value(src: str) -> tuple[Any, int]:
    """The value a module exports (`module.exports = …`, `export default …`), following
    one name to its `const`/`let`/`var` (`const config: Config = {…}; export default
    config;`), and the offset it is written at. A file that is plain JSON is read from its
    start."""
    first = _skip_space(src, 0)
    if first < len(src) and src[first] in "{[" and _EXPORT.search(src) is None:
        return read_value(src, first)[0], first
    m = _EXPORT.search(src)
    if m is None:
        raise NotLiteral("no exported value", 0)
    pos = _skip_space(src, m.end())
    name = _NAME.match(src, pos)
    if name is not None and name.group(0) not in ("true", "false", "null", "undefined",
                                                  "async", "function"):
        after = _skip_space(src, name.end())
        if after >= len(src) or src[after] in ";\n" or src.startswith("export", after):
            decl = re.search(rf"\b(?:const|let|var)\s+{re.escape(name.group(0))}\b", src)
            if decl is None:
                raise NotLiteral(f"{name.group(0)} is not declared in the file", pos)
            eq = src.find("=", decl.end())
            if eq < 0:
                raise NotLiteral(f"{name.group(0)} has no value", decl.end())
            pos = _skip_space(src, eq + 1)
    return read_value(src, pos)[0], pos
