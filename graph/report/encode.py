"""JSON with two-space indents, as `json.dumps(indent=2, sort_keys=True, ensure_ascii=False,
allow_nan=False)` writes it, byte for byte, in a fraction of its time and memory.

With `indent`, Python's encoder is the pure-Python one (CPython's C encoder takes no indent
before 3.14): a generator per container yielding several small strings per key and value,
which `json.dumps` holds until it joins them, some 6 million strings (hundreds of MB) for
100,000 SARIF results, and 1.8 s for the JSON report of 100,000 findings. The writer below
is hand-written because no library installed here writes Python's indented layout; it
encodes a string met again only once (findings repeat their file, rule, message and hint),
orders the keys of each distinct set of keys once, joins each finding as it is done and
the long lists holding them item by item, so the text is held about twice at its peak.
tests/graph/test_reports.py compares it with `json.dumps` on fixed and random values.
"""

from __future__ import annotations

import math
from json.encoder import encode_basestring

MEMO = 4096
"""Distinct strings whose encoding a report keeps."""


class Record:
    """A dict a report holds many of (its findings), written by its own code: `text` gives
    what the writer would give for `as_dict()`, as one format string where the writer's
    loop over the keys cost three times as much."""

    __slots__ = ()

    def as_dict(self) -> dict[str, object]:
        raise NotImplementedError

    def text(self, writer: Writer, level: int) -> str:
        """The JSON of `as_dict()` at `level`, as `writer.value` writes it."""
        return writer.value(self.as_dict(), level)


class Writer:
    """One report's encoding: the strings and key orders seen so far."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.orders: dict[tuple[tuple[str, ...], int], list[tuple[str, str]]] = {}
        self.indents = ["\n"]

    def string(self, text: str) -> str:
        encoded = self.strings.get(text)
        if encoded is None:
            encoded = encode_basestring(text)
            # what repeats (files, rules, messages) is met early; past that, the memo would
            # only hold each finding's own fingerprint. A StrEnum is kept as its value
            if len(self.strings) < MEMO:
                self.strings[str.__str__(text)] = encoded
        return encoded

    def indent(self, level: int) -> str:
        while len(self.indents) <= level:
            self.indents.append("\n" + "  " * len(self.indents))
        return self.indents[level]

    def value(self, value: object, level: int) -> str:
        if isinstance(value, str):
            return self.string(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
            return float.__repr__(value)
        if isinstance(value, (list, tuple)):
            if not value:
                return "[]"
            inner = self.indent(level + 1)
            return ("[" + inner + ("," + inner).join([self.value(v, level + 1) for v in value])
                    + self.indent(level) + "]")
        if isinstance(value, dict):
            return self.dict(value, level) if value else "{}"
        if isinstance(value, Record):
            return value.text(self, level)
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    def dict(self, value: dict, level: int) -> str:
        """The hot path, 100,000 times in a report: each key's place and encoded prefix
        are looked up once per set of keys, and a string or int value is encoded here."""
        keys = tuple(value)
        order = self.orders.get((keys, level))
        if order is None:
            if not all(isinstance(key, str) for key in keys):
                raise TypeError("only string keys are written here")
            inner = self.indent(level + 1)
            order = self.orders[keys, level] = [(key, f"{inner}{self.string(key)}: ")
                                                for key in sorted(keys)]
        strings = self.strings
        parts = []
        for key, prefix in order:
            item = value[key]
            kind = type(item)
            if kind is str:
                encoded = strings.get(item)
                parts.append(prefix + (encoded if encoded is not None else self.string(item)))
            elif kind is int:
                parts.append(prefix + int.__repr__(item))
            elif item is None:
                parts.append(prefix + "null")
            else:
                parts.append(prefix + self.value(item, level + 1))
        return "{" + ",".join(parts) + self.indent(level) + "}"

    def stream(self, value: object, level: int, out: list[str]) -> None:
        """`value` into `out` in pieces where it is a long list or holds one (a report's
        findings, SARIF's runs and results), and as one string per item below that:
        joined level by level, the findings' text was copied once more per level."""
        if not _long(value):
            out.append(self.value(value, level))
            return
        inner = self.indent(level + 1)
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):
                raise TypeError("only string keys are written here")
            out.append("{")
            for number, key in enumerate(sorted(value)):
                out.append(f"{',' if number else ''}{inner}{self.string(key)}: ")
                self.stream(value[key], level + 1, out)
            out.append(self.indent(level) + "}")
            return
        out.append("[")
        # a long list's items are records (findings, results), each written whole; a short
        # list may hold a long one (SARIF's one run and its results)
        records = len(value) > LONG
        for number, item in enumerate(value):
            out.append("," + inner if number else inner)
            if records:
                out.append(item.text(self, level + 1) if isinstance(item, Record)
                           else self.value(item, level + 1))
            else:
                self.stream(item, level + 1, out)
        out.append(self.indent(level) + "]")


LONG = 64
"""A list longer than this is written item by item (`_long`)."""


def _long(value: object) -> bool:
    """Whether `value` is a long list, or a dict or list with one among its values."""
    if isinstance(value, dict):
        return any(_long(item) for item in value.values() if isinstance(item, (list, tuple)))
    if isinstance(value, (list, tuple)):
        return len(value) > LONG or any(_long(item) for item in value
                                        if isinstance(item, (dict, list, tuple)))
    return False


def dumps_indented(value: object, end: str = "") -> str:
    """`value` as indented JSON, then `end`: joined with the text, as adding it afterwards
    copies the whole report once more (a SARIF report of 100,000 results is 71 million
    characters, four bytes each once a rule's help holds an emoji)."""
    out: list[str] = []
    Writer().stream(value, 0, out)
    out.append(end)
    return "".join(out)
