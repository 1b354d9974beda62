"""Small readers for the phrases series authors write: durations, labelled lines, numbers.

These run on the plain text markdown-it already extracted from a block (never on raw
Markdown), so emphasis and code markup are gone and only the wording is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docs_index.model import Block

# "~15 minute read", "1.5 hours", "90 min", "2-3 hours" (the upper bound: what a reader
# should budget), "1h 30m"
_DURATION = re.compile(
    # `(?<!\d)`: a match starting inside a run of digits would start where the run does;
    # without it each digit of a long run read the rest of the run again
    r"(?<!\d)(?P<num>\d+(?:[.,]\d+)?)(?:\s*+[-–]\s*(?P<upper>\d+(?:[.,]\d+)?))?\s*+"
    r"(?P<unit>hours?|hrs?|h\b|minutes?|mins?|m\b)",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][\w /&()-]{0,40}?)\s*:\s*(?P<value>.*)$")

MAX_DIGITS = 9
"""Digits a number read from prose may have (CommonMark's bound on list numbers): more than
any post number, word count or reading time, and few enough that int() never meets
Python's 4,300-digit limit and no float derived from one (times 60, times 1000, sums)
comes near infinity."""
_NUMBER_RUN = re.compile(r"\d[\d,]*")
_LEADING_NUMBER = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")


def _mask(run: re.Match[str]) -> str:
    digits = run.group()
    if len(digits) - digits.count(",") <= MAX_DIGITS:
        return digits
    return _DIGIT.sub("_", digits)


def mask_long_numbers(text: str) -> str:
    """`text` with every number of more than `MAX_DIGITS` digits (thousands separators
    aside, a fraction counted alone) turned into underscores, so no pattern reads it as a
    number. Same length, so offsets into the result are offsets into `text`.

    Masking the text once, rather than checking each of the many conversions that follow
    a match, bounds every number a reader can capture: no run of digits and commas left in
    the text holds more than `MAX_DIGITS` digits. `\\d` and int() both take any Unicode
    decimal digit, so they agree on what a digit is."""
    return _NUMBER_RUN.sub(_mask, text)


def leading_number(name: str) -> int | None:
    """The number a file name starts with (`12-intro.md` → 12), or None: none, or one of
    more than `MAX_DIGITS` digits. A link's target is no file name on disk, so no limit of
    the file system keeps it short."""
    match = _LEADING_NUMBER.match(name)
    return int(match.group()) if match and len(match.group()) <= MAX_DIGITS else None


def _minutes(match: re.Match[str]) -> float:
    value = float((match.group("upper") or match.group("num")).replace(",", "."))
    return value * 60 if match.group("unit").lower().startswith("h") else value


def parse_minutes(text: str) -> float | None:
    """Minutes stated in `text` ("~1.5 hours" → 90.0, "1h 30m" → 90.0), or None.

    Only hours directly followed by minutes add up; a restatement such as
    "~1.5 hours (90 minutes)" is the same time said twice.
    """
    matches = list(_DURATION.finditer(mask_long_numbers(text)))
    if not matches:
        return None
    first = matches[0]
    total = _minutes(first)
    if len(matches) > 1 and first.group("unit").lower().startswith("h"):
        second = matches[1]
        between = text[first.end() : second.start()].strip().lower()
        if between in ("", "and", ",") and not second.group("unit").lower().startswith("h"):
            total += _minutes(second)
    return total


def parse_count(text: str) -> int | None:
    """The first number in `text`, with thousands separators and a K suffix ("150K+")."""
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*([kK](?![a-zA-Z]))?", mask_long_numbers(text))
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return int(value * 1000 if match.group(2) else value)


def labelled_lines(block: Block) -> Iterator[tuple[str, str, int]]:
    """`(label, value, line offset)` for each `**Label**: value` line of a paragraph.

    The label is lower-cased; `Target Audience` → `target audience`.
    """
    for offset, line in enumerate(block.text.split("\n")):
        match = _LABEL.match(line)
        if match:
            yield match.group("label").strip().lower(), match.group("value").strip(), offset
