"""docs_index.front_matter, table-driven: what each YAML construct becomes, and where a
value refgraph refuses is reported (lines are the file's, front matter included)."""

from __future__ import annotations

import pytest

from docs_index.front_matter import MAX_DEPTH, MAX_VALUES, read_front_matter
from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Location

# Each front matter here starts at line 2 of its file, after the opening `---`.
ACCEPTED = [
    pytest.param("date: 2024-01-15\nwhen: 2024-1-5t10:00:00Z\nshort: 2024-1-5",
                 {"date": "2024-01-15", "when": "2024-01-05 10:00:00+00:00",
                  "short": "2024-1-5"},  # the last is no YAML date: a string
                 id="dates-as-iso-text"),
    pytest.param("tags: !!set {gamma, alpha, beta}", {"tags": ["gamma", "alpha", "beta"]},
                 id="set-in-written-order"),
    pytest.param("o: !!omap [{b: 1}, {a: 2}]\np: !!pairs [{a: 1}, {a: 2}]",
                 {"o": [["b", 1], ["a", 2]], "p": [["a", 1], ["a", 2]]}, id="omap-pairs"),
    pytest.param("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3",
                 {"base": {"x": 1, "y": 2}, "m": {"x": 1, "y": 3}}, id="merge-key"),
    pytest.param("a: &a [1, 2]\nb: [*a, *a]", {"a": [1, 2], "b": [[1, 2], [1, 2]]},
                 id="aliases-expanded"),
    pytest.param("n: 9223372036854775807\nm: -9223372036854775808\nh: 0x7fffffffffffffff",
                 {"n": 2**63 - 1, "m": -(2**63), "h": 2**63 - 1}, id="int64-limits"),
    pytest.param("1: one\n2024-01-01: day\nnull: none\nx: {2: two}",
                 {"1": "one", "2024-01-01": "day", "None": "none", "x": {"2": "two"}},
                 id="keys-as-strings"),
]


@pytest.mark.parametrize(("yaml_text", "data"), ACCEPTED)
def test_accepted(yaml_text: str, data: dict) -> None:
    got, _, problems = read_front_matter("a.md", yaml_text + "\n", 2)
    assert problems == []
    assert got == data


# (front matter, (line, col) of the problem, its detail)
REFUSED = [
    pytest.param("title: ok\ndate: 2024-02-30", (3, 7),
                 "'2024-02-30' is not a date: day is out of range for month", id="feb-30"),
    pytest.param("d: 2024-13-01 10:00:00", (2, 4),
                 "'2024-13-01 10:00:00' is not a date: month must be in 1..12", id="month-13"),
    pytest.param("d: 0000-01-01", (2, 4), "'0000-01-01' is not a date: year 0 is out of range",
                 id="year-0"),
    pytest.param("d: !!timestamp soon", (2, 4), "'soon' is not a date", id="tagged-non-date"),
    pytest.param("b: !!binary aGVsbG8=", (2, 4), "binary data (!!binary) is not text",
                 id="binary"),
    pytest.param("n: " + "9" * 5000, (2, 4),
                 "integer '99999999999999999999999…' is too large (over 64 bits)",
                 id="5000-digits"),
    pytest.param("n: 9223372036854775808", (2, 4),
                 "integer '9223372036854775808' is too large (over 64 bits)", id="2**63"),
    pytest.param("n: 1" + ":00" * 500, (2, 4),
                 "integer '1:00:00:00:00:00:00:00:…' is too large (over 64 bits)",
                 id="sexagesimal"),
    pytest.param("n: !!int abc", (2, 4),
                 "cannot read 'abc' as !!int: invalid literal for int() with base 10: 'abc'",
                 id="tagged-non-int"),
    pytest.param("ok: 1\nflag: !!bool maybe", (3, 7), "cannot read 'maybe' as !!bool: 'maybe'",
                 id="tagged-non-bool"),
    pytest.param("loop: &a [*a]", (2, 11),
                 "alias *a is recursive: its value contains the alias itself", id="loop-list"),
    pytest.param("top: &t\n  child: {again: *t}", (3, 18),
                 "alias *t is recursive: its value contains the alias itself", id="loop-map"),
    pytest.param("x: " + "[" * 150 + "]" * 150, (2, 103),
                 f"front matter nested more than {MAX_DEPTH} levels deep", id="deep"),
    pytest.param("x: " + "[" * 100_000, (2, 1003), "YAML error: exceeded maximum nesting depth",
                 id="deep-unclosed"),  # libyaml's own limit, met while it scans ahead
    pytest.param("a0: &a0 [x]\n" + "\n".join(f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 200)),
                 (100, 12),
                 f"front matter nested more than {MAX_DEPTH} levels deep once aliases are "
                 "expanded", id="alias-chain"),
    pytest.param("a0: &a0 {x: 1}\n"
                 + "\n".join(f"a{i}: &a{i} {{<<: *a{i - 1}}}" for i in range(1, 200)),
                 (100, 16),  # each merges all before it: the total grows as the square
                 "front matter too large once aliases are expanded (over 10,000 values)",
                 id="merge-chain"),
    pytest.param("a: &a [x,x,x,x,x,x,x,x,x]\n"
                 + "\n".join(f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
                             for p, n in zip("abcdefghi", "bcdefghi", strict=False)),
                 (6, 8), "front matter too large once aliases are expanded (over 10,000 values)",
                 id="alias-bomb"),
    pytest.param("note: \"one\u2028two\"\ndate: 2024-02-30", (3, 7),
                 "'2024-02-30' is not a date: day is out of range for month",
                 id="yaml-only-line-break"),  # U+2028 ends a line in YAML, not in the file
    pytest.param("note: \"one\u2028two\"\nbad: a: b", (3, 7),
                 "YAML error: mapping values are not allowed in this context",
                 id="yaml-only-line-break-syntax"),
    pytest.param("x: !python/tuple [1]", (2, 4),
                 "YAML error: could not determine a constructor for the tag '!python/tuple'",
                 id="odd-tag"),
]


@pytest.mark.parametrize(("yaml_text", "where", "detail"), REFUSED)
def test_refused_at_the_value_and_the_rest_of_the_file_checked(
        yaml_text: str, where: tuple[int, int], detail: str) -> None:
    text = f"---\n{yaml_text}\n---\n# Heading\n\n[x](gone.md)\n"
    doc, problems = parse_markdown(make_parser(), "a.md", text)
    assert [(p.loc, p.rule_id, p.detail) for p in problems] == [
        (Location("a.md", *where), "RG002", detail)]
    assert doc.front_matter == {}
    assert [h.text for h in doc.headings] == ["Heading"]
    assert [(lk.loc.line, lk.target) for lk in doc.links] == [(yaml_text.count("\n") + 6,
                                                                "gone.md")]


def test_values_limit_is_exact() -> None:
    # the mapping, its key and the list are three values; the items fill the rest
    fits = "x: [" + ",".join(["1"] * (MAX_VALUES - 3)) + "]\n"
    data, _, problems = read_front_matter("a.md", fits, 2)
    assert problems == [] and len(data["x"]) == MAX_VALUES - 3
    _, _, problems = read_front_matter("a.md", fits.replace("[", "[1,"), 2)
    assert [(p.loc, p.detail) for p in problems] == [
        (Location("a.md", 2, 5 + 2 * (MAX_VALUES - 3)),  # at the value that is one too many
         f"front matter too large (over {MAX_VALUES:,} values)")]


def test_set_title_falls_back_to_the_heading() -> None:
    doc, problems = parse_markdown(make_parser(), "a.md",
                                   "---\ntitle: !!set {b, a}\n---\n# Real title\n")
    assert problems == []
    assert doc.title == "Real title"
