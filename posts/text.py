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
    r"(?P<num>\d+(?:[.,]\d+)?)(?:\s*[-–]\s*(?P<upper>\d+(?:[.,]\d+)?))?\s*"
    r"(?P<unit>hours?|hrs?|h\b|minutes?|mins?|m\b)",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][\w /&()-]{0,40}?)\s*:\s*(?P<value>.*)$")


def _minutes(match: re.Match[str]) -> float:
    value = float((match.group("upper") or match.group("num")).replace(",", "."))
    return value * 60 if match.group("unit").lower().startswith("h") else value


def parse_minutes(text: str) -> float | None:
    """Minutes stated in `text` ("~1.5 hours" → 90.0, "1h 30m" → 90.0), or None.

    Only hours directly followed by minutes add up; a restatement such as
    "~1.5 hours (90 minutes)" is the same time said twice.
    """
    matches = list(_DURATION.finditer(text))
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
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*([kK](?![a-zA-Z]))?", text)
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
