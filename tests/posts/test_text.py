"""Bounds on the numbers read from prose (`posts.text`)."""

from __future__ import annotations

import pytest

from posts.text import MAX_DIGITS, leading_number, mask_long_numbers, parse_count, parse_minutes


@pytest.mark.parametrize(("text", "masked"), [
    ("12 posts, 45,000 words", "12 posts, 45,000 words"),
    ("999,999,999 words", "999,999,999 words"),
    ("1,000,000,000 words", "_,___,___,___ words"),
    ("#1234567890: title", "#__________: title"),
    ("~1.12345678901 hours", "~1.___________ hours"),
    ("٣٣٣٣٣٣٣٣٣٣ posts", "__________ posts"),  # Arabic-Indic digits: int() reads them too
])
def test_mask_long_numbers(text: str, masked: str) -> None:
    assert mask_long_numbers(text) == masked
    assert len(mask_long_numbers(text)) == len(text)


@pytest.mark.parametrize(("name", "number"), [
    ("12-intro.md", 12), ("intro.md", None), ("9" * MAX_DIGITS + "-x.md", int("9" * MAX_DIGITS)),
    ("9" * (MAX_DIGITS + 1) + "-x.md", None), ("9" * 5000 + "-x.md", None),
])
def test_leading_number(name: str, number: int | None) -> None:
    assert leading_number(name) == number


def test_readers_give_nothing_for_huge_numbers() -> None:
    assert parse_minutes("~" + "9" * 400 + " hours") is None
    assert parse_count("9" * 5000 + " words") is None
    assert parse_minutes("~2 hours") == 120.0
