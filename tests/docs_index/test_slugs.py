"""Tests for docs_index.slugs: exact parity with the npm package github-slugger 2.0.0.

Every expected value below (and in the fixture files) was produced by the real JS package
(``slug`` / ``new GithubSlugger().slug``) under Node.js, not written by hand, because a link
checker that is "almost" GitHub-compatible reports false broken anchors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from docs_index.slugs import Slugger, github_slug

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _load(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        entries: list[dict[str, Any]] = json.load(fh)
    return entries


# One shared GithubSlugger fed in file order: expected slugs include de-dup suffixes.
DEDUP_FIXTURES = _load("github-slugger-fixtures.json")
# A fresh slug per entry: expected slugs never carry de-dup suffixes.
FRESH_FIXTURES = _load("github-slugger-fixtures-fresh.json")


def test_fixture_files_are_complete() -> None:
    # Guards against a truncated copy silently shrinking the parametrized tests below.
    assert len(DEDUP_FIXTURES) == 96
    assert len(FRESH_FIXTURES) == 96
    assert [e["text"] for e in DEDUP_FIXTURES] == [e["text"] for e in FRESH_FIXTURES]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(e["text"], e["slug"]) for e in FRESH_FIXTURES],
    ids=[f"fresh-{i}" for i in range(len(FRESH_FIXTURES))],
)
def test_fresh_fixtures(text: str, expected: str) -> None:
    assert github_slug(text) == expected


def test_fresh_fixtures_with_fresh_slugger_each() -> None:
    # Slugger's first answer for any text must be the plain github_slug.
    for entry in FRESH_FIXTURES:
        assert Slugger().slug(entry["text"]) == entry["slug"], entry


def test_dedup_fixtures_in_order() -> None:
    # Order matters (suffixes depend on all earlier headings), so compare the whole sequence
    # and report the first divergence with its index.
    slugger = Slugger()
    actual = [slugger.slug(e["text"]) for e in DEDUP_FIXTURES]
    expected = [e["slug"] for e in DEDUP_FIXTURES]
    for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
        assert got == want, f"entry {index}: {DEDUP_FIXTURES[index]['text']!r}"


# Own cases; every expected value verified with github-slugger 2.0.0 under Node.js 20.
OWN_CASES: list[tuple[str, str]] = [
    ("Hello World", "hello-world"),
    ("C++", "c"),
    ("What\u2019s new?", "whats-new"),
    # U+FE0F (variation selector) is not in the regex, so it survives on its own.
    ("\u2764\ufe0f love", "\ufe0f-love"),
    ("\U0001f680 Expansion Series (Posts 11-30)", "-expansion-series-posts-11-30"),
    # Markdown already stripped from "## Reading Paths" / "`code` span".
    ("Reading Paths", "reading-paths"),
    ("code span", "code-span"),
    ("Getting Started: Install & Configure", "getting-started-install--configure"),
    ("v1.2.3 \u2014 Release notes", "v123--release-notes"),
    ("__init__", "__init__"),
    ("dunder __init__.py", "dunder-__init__py"),
    ("\u65e5\u672c\u8a9e\u306e\u898b\u51fa\u3057", "\u65e5\u672c\u8a9e\u306e\u898b\u51fa\u3057"),
    ("\u4e2d\u6587 \u6807\u9898\uff08\u8bf4\u660e\uff09", "\u4e2d\u6587-\u6807\u9898\u8bf4\u660e"),
    ("\ud55c\uad6d\uc5b4 \uc81c\ubaa9", "\ud55c\uad6d\uc5b4-\uc81c\ubaa9"),
    ("\u0130stanbul", "i\u0307stanbul"),
    # Final sigma: JS toLowerCase and str.lower both use the context-sensitive mapping.
    (
        "\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u0399\u0391",
        "\u03bf\u03b4\u03bf\u03c2-\u03c3\u03bf\u03c6\u03b9\u03b1",
    ),
    ("\u00dcn\u00efc\u00f6d\u00e9 \u00c7af\u00e9", "\u00fcn\u00efc\u00f6d\u00e9-\u00e7af\u00e9"),
    # Only U+0020 becomes "-"; NBSP is deleted.
    ("a\u00a0b", "ab"),
    ("\u00c9moji \U0001f44d\U0001f3fd skin tone", "\u00e9moji--skin-tone"),
    # Letters newer than Python 3.11's Unicode database (see _LOWER_OVERRIDES).
    ("\ua7cb rams horn", "\u0264-rams-horn"),
    ("\ua7dc lambda", "\u019b-lambda"),
    # Lone surrogates are kept by the JS regex too.
    ("a\ud800b", "a\ud800b"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), OWN_CASES)
def test_own_cases(text: str, expected: str) -> None:
    assert github_slug(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "Hello-World"),
        ("\u039f\u0394\u039f\u03a3", "\u039f\u0394\u039f\u03a3"),
        ("\u0130stanbul", "\u0130stanbul"),
    ],
)
def test_maintain_case(text: str, expected: str) -> None:
    assert github_slug(text, maintain_case=True) == expected
    assert Slugger().slug(text, maintain_case=True) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            ["echo", "echo", "echo 1", "echo-1", "echo"],
            ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"],
        ),
        (
            ["foxtrot-1", "foxtrot", "foxtrot", "foxtrot"],
            ["foxtrot-1", "foxtrot", "foxtrot-2", "foxtrot-3"],
        ),
        (["", "", "!!", "-1"], ["", "-1", "-2", "-1-1"]),
        (
            ["Setup", "setup", "SETUP!", "setup-1", "Setup"],
            ["setup", "setup-1", "setup-2", "setup-1-1", "setup-3"],
        ),
        (["a", "a-1", "a", "a", "a-2"], ["a", "a-1", "a-2", "a-3", "a-2-1"]),
        (["\U0001f680 Go", "\U0001f389 Go", "Go"], ["-go", "-go-1", "go"]),
    ],
)
def test_dedup_sequences(texts: list[str], expected: list[str]) -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in texts] == expected


def test_reset_forgets_previous_slugs() -> None:
    slugger = Slugger()
    assert [slugger.slug("echo"), slugger.slug("echo")] == ["echo", "echo-1"]
    slugger.reset()
    assert [slugger.slug("echo"), slugger.slug("echo")] == ["echo", "echo-1"]


def test_instances_do_not_share_state() -> None:
    first, second = Slugger(), Slugger()
    assert first.slug("echo") == "echo"
    assert second.slug("echo") == "echo"
    assert first.slug("echo") == "echo-1"


def test_github_slug_has_no_memory() -> None:
    assert [github_slug("echo") for _ in range(3)] == ["echo", "echo", "echo"]
