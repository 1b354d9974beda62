"""Git's ignore patterns (gitignore(5), git's `wildmatch.c`), matched in time linear in the path.

Written by hand rather than with pathspec, for two reasons. pathspec turns each pattern
into one Python regex, and Python's regex engine backtracks: `*a*a*a*a*a*a*a*a*a*a*a*b`
against a name of 40 `a`s runs for minutes. And it raises on lines git accepts and
quietly never matches (`!`, `foo\\`, `[z-a].md`), so one odd line in a corpus's
`.gitignore` stopped the run.

Here a pattern is split at `/` into components, as git's wildmatch treats it with
WM_PATHNAME: a component of only stars (`**`) matches any number of path components,
every other component is a glob over one name. A name glob is compiled to a regex whose
stars are atomic groups (`(?>.*?fixed)`, as CPython 3.12's fnmatch does): the leftmost
match of each fixed piece is always a right choice, so the engine never needs to
backtrack into a star. Components are matched with the two-pointer wildcard algorithm
(O(path components × pattern components)), and the common patterns (a bare name, an
anchored path without `**`) look at one or a fixed number of components.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ANY_DEPTH = None
"""A `**` component: zero or more path components."""
_ANY_NAME = re.compile(r".+", re.DOTALL)
_CLASSES = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "blank": " \t", "cntrl": "\x00-\x1f\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
    "punct": "!-/:-@[-`{-~", "space": " \t\n\v\f\r", "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}
"""POSIX classes as git's own ctype defines them: ASCII only, whatever the locale."""



class _Literal:
    """A component without glob characters: compared, not compiled (compiling a regex
    for each of the thousands of plain names in a generated `.gitignore` takes seconds)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def fullmatch(self, name: str) -> bool | None:
        return True if name == self.text else None


Part = re.Pattern[str] | _Literal | None
GLOB_CHARS = re.compile(r"[*?\[\\]")


class PatternError(ValueError):
    """A pattern that can match no path; git keeps such a line and it never matches."""


@dataclass(frozen=True)
class Pattern:
    """One line of a `.gitignore` (or of a configured pattern list)."""

    text: str
    """The line as written."""
    parts: tuple[Part, ...]
    """One compiled glob per component, `None` for `**`."""
    negated: bool
    """`!pattern`: a match re-includes."""
    dir_only: bool
    """`pattern/`: matches directories only."""
    basename: bool
    """No `/` inside: matches the last component, at any depth."""
    alternative: tuple[Part, ...] | None = None
    """A second way to match, for `pre**/rest` (see `_prefix_star_star`)."""

    def matches(self, parts: Sequence[str], start: int = 0, is_dir: bool = False) -> bool:
        """Whether the path `parts[start:]` (components, relative to the pattern's base)
        matches; `start` saves copying a deep path once per `.gitignore` above it."""
        if self.dir_only and not is_dir:
            return False
        if self.basename:
            glob = self.parts[0]
            assert glob is not None
            return glob.fullmatch(parts[-1]) is not None
        return _match(self.parts, parts, start) or (
            self.alternative is not None and _match(self.alternative, parts, start))


def _match(pattern: Sequence[Part], text: Sequence[str], start: int) -> bool:
    """The two-pointer wildcard algorithm over components: on a mismatch, go back only
    to the last `**` and let it take one more component; never exponential."""
    if ANY_DEPTH not in pattern:
        return len(text) - start == len(pattern) and all(
            glob is not None and glob.fullmatch(name) is not None
            for glob, name in zip(pattern, text[start:], strict=True))
    p, t, star, mark = 0, start, -1, start
    while t < len(text):
        glob = pattern[p] if p < len(pattern) else False
        if glob is ANY_DEPTH:
            star, mark, p = p, t, p + 1
        elif glob is not False and glob.fullmatch(text[t]) is not None:
            p, t = p + 1, t + 1
        elif star >= 0:
            mark += 1
            p, t = star + 1, mark
        else:
            return False
    while p < len(pattern) and pattern[p] is ANY_DEPTH:
        p += 1
    return p == len(pattern)


def _trim(line: str) -> str:
    """Trailing spaces go unless escaped with a backslash (git's `trim_trailing_spaces`)."""
    if not line.endswith(" "):
        return line  # most lines: git's loop would change nothing
    last_space = -1
    i = 0
    while i < len(line):
        if line[i] == " ":
            if last_space < 0:
                last_space = i
        elif line[i] == "\\":
            i += 1
            if i == len(line):
                return line
            last_space = -1
        else:
            last_space = -1
        i += 1
    return line[:last_space] if last_space >= 0 else line


def _char(c: str) -> str:
    return f"\\U{ord(c):08x}"  # any code point, even a surrogate, unambiguous in a class


def _bracket(comp: str, i: int) -> tuple[str, int]:
    """The regex for the bracket expression at `comp[i] == "["`, and the index after it,
    following wildmatch: `!` or `^` negates, a first `]` is literal, `\\` escapes, `a-z`
    is a range (empty when reversed), `[:alpha:]` a class."""
    j = i + 1
    negated = j < len(comp) and comp[j] in "!^"
    j += negated
    items: list[str] = []
    prev: str | None = None
    first = True
    while True:
        if j >= len(comp):
            raise PatternError(f"'[' at column {i + 1} is never closed")
        c = comp[j]
        if c == "]" and not first:
            j += 1
            break
        first = False
        if c == "\\":
            j += 1
            if j >= len(comp):
                raise PatternError(f"'[' at column {i + 1} is never closed")
            c = comp[j]
        elif c == "-" and prev is not None and j + 1 < len(comp) and comp[j + 1] != "]":
            j += 1
            hi = comp[j]
            if hi == "\\":
                j += 1
                if j >= len(comp):
                    raise PatternError(f"'[' at column {i + 1} is never closed")
                hi = comp[j]
            items.pop()  # `prev` alone becomes the range prev-hi
            if prev <= hi:
                items.append(f"{_char(prev)}-{_char(hi)}")
            prev = None
            j += 1
            continue
        elif c == "[" and comp[j + 1 : j + 2] == ":":
            end = comp.find("]", j + 2)
            if end < 0:
                raise PatternError(f"'[' at column {i + 1} is never closed")
            if comp[end - 1] == ":" and end - 1 >= j + 2:
                name = comp[j + 2 : end - 1]
                if name not in _CLASSES:
                    raise PatternError(f"unknown character class '[:{name}:]'")
                items.append(_CLASSES[name].replace("[", "\\[").replace("]", "\\]"))
                prev = None
                j = end + 1
                continue
            # no `:]`: the `[` is an ordinary member, as in wildmatch
        items.append(_char(c))
        prev = c
        j += 1
    if not items:
        if negated:
            return ".", j
        raise PatternError(f"'{comp[i:j]}' matches no character")
    return f"[{'^' if negated else ''}{''.join(items)}]", j


def _glob(comp: str) -> re.Pattern[str] | _Literal:
    """A glob over one name: `*` any run of characters, `?` one, brackets, `\\` escapes."""
    if not GLOB_CHARS.search(comp):
        return _Literal(comp)
    pieces: list[list[str]] = [[]]  # fixed-width pieces between stars
    i = 0
    while i < len(comp):
        c = comp[i]
        if c == "*":
            while i < len(comp) and comp[i] == "*":
                i += 1
            pieces.append([])
            continue
        if c == "?":
            pieces[-1].append(".")
        elif c == "\\":
            if i + 1 == len(comp):
                raise PatternError("ends with a backslash, which escapes nothing")
            i += 1
            pieces[-1].append(re.escape(comp[i]))
        elif c == "[":
            regex, i = _bracket(comp, i)
            pieces[-1].append(regex)
            continue
        else:
            pieces[-1].append(re.escape(c))
        i += 1
    fixed = ["".join(p) for p in pieces]
    if len(fixed) == 1:
        return re.compile(fixed[0], re.DOTALL)
    middle = "".join(f"(?>.*?{f})" for f in fixed[1:-1])
    return re.compile(f"{fixed[0]}{middle}.*{fixed[-1]}", re.DOTALL)


def _components(pattern: str) -> list[str]:
    """Split at each `/` (`\\/` too, as in wildmatch) outside a bracket expression: in
    `[/ab]` the slash is a member, which no name can match, but the set still matches
    `a`."""
    if "\\" not in pattern and "[" not in pattern:
        return pattern.split("/")
    comps, current, i = [], [], 0
    while i < len(pattern):
        if pattern[i] == "[":
            end = _bracket(pattern, i)[1]  # one that is never closed matches nothing
            current.append(pattern[i:end])
            i = end
            continue
        if pattern[i] == "\\" and i + 1 < len(pattern):
            if pattern[i + 1] == "/":
                comps.append("".join(current))
                current = []
            else:
                current.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern[i] == "/":
            comps.append("".join(current))
            current = []
        else:
            current.append(pattern[i])
        i += 1
    comps.append("".join(current))
    return comps


def parse_line(line: str) -> Pattern | None:
    """One `.gitignore` line as git reads it: None for a blank line or a `#` comment;
    PatternError for a line that can match nothing."""
    if line.startswith("#"):
        return None
    body = _trim(line)
    if not body:
        return None
    negated = body.startswith("!")
    if negated:
        body = body[1:]
        if not body:
            raise PatternError("'!' with no pattern after it")
    dir_only = body.endswith("/")  # stripped even after a backslash, as git does
    if dir_only:
        body = body[:-1]
    # a leading `/` only anchors, which every pattern with a `/` is; an escaped one (`\/b`)
    # is a slash the path would have to start with, so it matches nothing
    anchored = body.startswith("/")
    comps = _components(body[1:] if anchored else body)
    if "/" not in body:  # git's test, so a `/` inside brackets makes a path pattern too
        if not comps[0]:
            raise PatternError("no name before the '/'")
        return Pattern(line, (_glob(comps[0]),), negated, dir_only, basename=True)
    quirk = _prefix_star_star(comps)  # before the next test: `a**//` can match `a`
    if quirk is not None:
        return Pattern(line, quirk[0], negated, dir_only, False, quirk[1])
    if "" in comps:
        raise PatternError("an empty path component ('//')")
    return Pattern(line, _sequence(comps), negated, dir_only, basename=False)


def _sequence(comps: list[str]) -> tuple[Part, ...]:
    parts: list[Part] = [
        ANY_DEPTH if set(c) == {"*"} and len(c) > 1 else _glob(c) for c in comps]
    if len(parts) > 1 and parts[-1] is ANY_DEPTH:
        parts[-1:] = [_ANY_NAME, ANY_DEPTH]  # a trailing `/**`: one or more, not the dir
    return tuple(parts)


def _prefix_star_star(
        comps: list[str]) -> tuple[tuple[Part, ...], tuple[Part, ...] | None] | None:
    """git compares a path pattern's text up to its first glob character as a plain
    prefix, then wildmatches the rest as a pattern of its own. When that rest starts with
    `**` followed by `/` or the end (`a**/b`, `docs/x**`), the `**` is taken as a leading
    one: it crosses `/`, and `**/` may also match nothing, which joins the prefix to what
    follows (`a**/b` matches `ab`, `a/b`, `a/x/b`, `ax/y/b`). Proven against git in
    tests/docs_index/test_wildmatch.py. None for every other pattern."""
    for k, comp in enumerate(comps):
        first = GLOB_CHARS.search(comp)
        if first is None:
            continue
        j = first.start()
        end = j
        while end < len(comp) and comp[end] == "*":
            end += 1
        if j == 0 or end - j < 2 or end < len(comp):
            return None  # a whole `**` component, or an ordinary star
        prefix, before = comp[:j], comps[:k]
        crossing = (*_sequence(before), _glob(prefix + "*"), ANY_DEPTH)
        if k == len(comps) - 1:
            return crossing, None
        rest = comps[k + 1 :]
        return ((*crossing, *_sequence(rest)),
                _sequence([*before, prefix + rest[0], *rest[1:]]))
    return None


_SPECIAL = re.compile(r"([\\*?\[ ])")


def escape(name: str) -> str:
    """A pattern matching exactly `name` (a path without glob meaning)."""
    escaped = _SPECIAL.sub(r"\\\1", name)
    return "\\" + escaped if escaped.startswith(("!", "#")) else escaped
