"""posts.backlog.parse_plan on the seed plan (a copy kept in tests/fixtures) and small plans.

The seed's emoji went through a Mac Roman round trip before it reached us ("📝" became
"\\uf8ffüìù"); the copy is byte-for-byte, so the expected status keeps that text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Location
from posts.backlog import Plan, PlannedDoc, PlannedPost, PlanState, classify_status, parse_plan
from posts.guidelines import (
    Guideline,
    Metric,
    RequiredElement,
    _has_phrase,
    _stem,
    name_words,
    parse_element,
    parse_measures,
    said_headings,
)

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed-BACKLOG.md"
PATH = "blog/BACKLOG.md"
PLANNED = "\uf8ffüìù Planned"


def plan_of(text: str) -> Plan:
    doc, problems = parse_markdown(make_parser(), PATH, text)
    assert problems == []
    return parse_plan(doc)


@pytest.fixture(scope="module")
def seed() -> Plan:
    text, problem = decode(PATH, SEED.read_bytes())
    assert problem is None and text is not None
    return plan_of(text)


def at(line: int, col: int = 1) -> Location:
    return Location(PATH, line, col)


def entry(plan: Plan, number: int) -> PlannedPost:
    (found,) = [e for e in plan.entries if e.number == number]
    return found


def test_seed_entries(seed: Plan) -> None:
    assert seed.path == PATH
    assert [(e.number, e.title, e.loc.line) for e in seed.entries] == [
        (20, "LSM Trees Meet Arrow", 17),
        (21, "From Cluster to Network", 44),
        (22, "Zero-Knowledge Proofs", 69),
        (23, "PoW Without Miners", 95),
        (24, "Operating Pyralog in Production", 124),
        (25, "Migrating from Kafka", 151),
        (26, "Event-Driven Systems", 178),
        (27, "Real-Time Analytics", 205),
        (28, "Building in Public with GraphMD", 234),
        (29, "Shared-Nothing Architecture", 263),
        (30, "Sulise Language Toolkit", 290),
    ]
    assert len(seed.entries) == 11


def test_seed_estimates(seed: Plan) -> None:
    assert [(e.number, e.estimate_words, e.estimate_minutes) for e in seed.entries] == [
        (20, 5000, 25.0),
        (21, 6000, 30.0),
        (22, 6500, 35.0),
        (23, 5000, 25.0),
        (24, 6000, 30.0),
        (25, 6000, 30.0),
        (26, 5000, 25.0),
        (27, 6000, 30.0),
        (28, 5000, 25.0),
        (29, 5000, 25.0),
        (30, 6000, 30.0),
    ]


def test_seed_entry_20(seed: Plan) -> None:
    assert entry(seed, 20) == PlannedPost(
        number=20,
        title="LSM Trees Meet Arrow",
        loc=at(17),
        status=PLANNED,
        priority="High",
        estimate_words=5000,
        estimate_minutes=25.0,
        docs=(
            PlannedDoc("STORAGE.md", at(36, 21), False, ""),
            PlannedDoc("ARROW.md", at(36, 35), False, ""),
            PlannedDoc("DATA_FORMATS.md", at(36, 47), False, ""),
        ),
        urls=(),
        doc_line=at(36),
        state=PlanState.UNPUBLISHED,
        status_loc=at(19, 13),
        estimate_loc=at(21, 16),
    )


def test_seed_entry_22_note(seed: Plan) -> None:
    e = entry(seed, 22)
    assert e.docs == (PlannedDoc("DECENTRALIZED.md", at(89, 21), False, "(zk section)"),)
    assert (e.priority, e.doc_line) == ("Medium", at(89))


def test_seed_entry_24_needs_creation(seed: Plan) -> None:
    e = entry(seed, 24)
    assert e.docs == (PlannedDoc("OPERATIONS.md", at(145, 36), True, ""),)
    assert e.urls == ()


def test_seed_entry_25_has_no_docs(seed: Plan) -> None:
    e = entry(seed, 25)
    assert (e.docs, e.urls, e.doc_line) == ((), (), at(172))


@pytest.mark.parametrize(("number", "url", "line"), [
    (28, "https://github.com/graphmd-lpe/graphmd", 257),
    (29, "https://github.com/pyralog/shared-nothing", 284),
])
def test_seed_urls(seed: Plan, number: int, url: str, line: int) -> None:
    e = entry(seed, number)
    assert (e.urls, e.docs, e.doc_line, e.priority) == ((url,), (), at(line), "Low")


def test_seed_entry_30_directory_and_file(seed: Plan) -> None:
    e = entry(seed, 30)
    assert e.docs == (
        PlannedDoc("sulise/", at(311, 21), False, "directory"),
        PlannedDoc("BATUTA.md", at(311, 42), False, ""),
    )


def test_seed_statements(seed: Plan) -> None:
    assert ("current status", "9/20 expansion posts complete (45%)", at(9)) in seed.statements
    assert ("remaining", "11 posts (#20-30) + README update", at(10)) in seed.statements
    assert ("target completion", "End of November 2025", at(11)) in seed.statements
    # the fields of planned posts are theirs, not statements
    assert all(loc.line not in (19, 36) for _, _, loc in seed.statements)


DOC_CASES = [
    pytest.param("`STORAGE.md`, `ARROW.md` (zk section), Needs creation (OPERATIONS.md)", [
        ("STORAGE.md", 21, False, ""),
        ("ARROW.md", 35, False, "(zk section)"),
        ("OPERATIONS.md", 75, True, ""),
    ], id="module-docstring-example"),
    pytest.param("docs/GUIDE.md; config.toml", [
        ("docs/GUIDE.md", 20, False, ""),
        ("config.toml", 35, False, ""),
    ], id="prose-names"),
    pytest.param("Needs creation (OPERATIONS.md), `STORAGE.md`", [
        ("OPERATIONS.md", 36, True, ""),
        ("STORAGE.md", 53, False, ""),
    ], id="needs-creation-then-existing"),
    pytest.param("`NEW_STORAGE.md`, `STORAGE.md`", [
        ("NEW_STORAGE.md", 21, False, ""),
        ("STORAGE.md", 39, False, ""),
    ], id="name-inside-an-earlier-name"),
    pytest.param("`NEW.md` (to be written), `STORAGE.md`", [
        ("NEW.md", 21, True, "(to be written)"),
        ("STORAGE.md", 47, False, ""),
    ], id="to-be-written-after-the-name"),
]


@pytest.mark.parametrize(("value", "expected"), DOC_CASES)
def test_documentation_line(value: str, expected: list[tuple[str, int, bool, str]]) -> None:
    plan = plan_of(f"### #1: One\n\n**Documentation**: {value}\n")
    (only,) = plan.entries
    assert [(d.name, d.loc.col, d.needs_creation, d.note) for d in only.docs] == expected
    assert all(d.loc.line == 3 for d in only.docs)


def test_seed_estimated_time_is_not_a_reading_time(seed: Plan) -> None:
    """"**Estimated Time**: 2 hours" (line 38) is writing effort; the estimate is line 21."""
    e = entry(seed, 20)
    assert (e.estimate_minutes, e.estimate_loc) == (25.0, at(21, 16))


def test_seed_states(seed: Plan) -> None:
    assert {e.state for e in seed.entries} == {PlanState.UNPUBLISHED}


def test_seed_guidelines(seed: Plan) -> None:
    """"Target: 5,000-6,000 words" (line 397) is a target, not a bound."""
    assert seed.guidelines == (
        Guideline(Metric.WORDS, 4000, None, None, "Minimum: 4,000 words", at(396, 3)),
        Guideline(Metric.WORDS, None, 7000, None, "Max: 7,000 words", at(398, 3)),
        Guideline(Metric.MINUTES, 20, 30, None, "Read time: 20-30 min", at(399, 3)),
        Guideline(Metric.CODE_BLOCKS, 10, 20, None, "Code examples: 10-20", at(400, 3)),
        Guideline(Metric.DIAGRAMS, 3, 5, None,
                  "Diagrams: 3-5 (text-based ASCII art acceptable)", at(401, 3)),
    )


def test_seed_required_elements(seed: Plan) -> None:
    """The "✅" went through a wrong decoding ("‚úÖ"); it is dropped all the same. The
    "Priority Ranking" lists ("High Priority (Must Have)") are not required elements."""
    assert [(r.text, r.alternatives, r.countable, r.structural, r.loc.line)
            for r in seed.required] == [
        ("Problem statement (traditional approach)", ("Problem statement",), False, False, 386),
        ("Pyralog solution", ("Pyralog solution",), False, False, 387),
        ("Code examples (5-10 per post)", ("Code examples",), True, False, 388),
        ("Performance benchmarks", ("Performance benchmarks",), True, False, 389),
        ("Real-world use cases", ("Real-world use cases",), False, False, 390),
        ("Summary with key metrics", ("Summary",), False, True, 391),
        ("Next steps & references", ("Next steps", "references"), False, True, 392),
    ]
    assert seed.required[0].loc == at(386, 3)


def test_scoped_guidelines_and_headings() -> None:
    plan = plan_of(
        "## Content Guidelines\n\n"
        "### Quality Standards\n\n"
        "- Introductions (#1-12): 350-700 words, 1-3 code examples\n"
        "- Diagrams: text-based box drawings are fine\n\n"
        "### Deep-dives (posts 13-16)\n\n"
        "**Minimum**: 4,000 words\n\n"
        "### Required Elements (#13-16)\n\n"
        "- [x] Summary\n\n"
        "## Priority Ranking\n\n"
        "### High Priority (Must Have)\n\n"
        "1. **#13: Recovery** - operators ask first\n")
    assert [(g.metric, g.low, g.high, g.scope, g.loc) for g in plan.guidelines] == [
        (Metric.WORDS, 350, 700, (1, 12), at(5, 3)),
        (Metric.CODE_BLOCKS, 1, 3, (1, 12), at(5, 3)),
        (Metric.WORDS, 4000, None, (13, 16), at(10, 1)),
    ]
    assert plan.required == (RequiredElement("Summary", ("Summary",), (13, 16), at(14, 7)),)


STATUS_CASES = [
    ("📝 Planned", PlanState.UNPUBLISHED),
    ("\uf8ffüìù Planned", PlanState.UNPUBLISHED),
    ("🚧 In progress", PlanState.UNPUBLISHED),
    ("In-Progress", PlanState.UNPUBLISHED),
    ("Draft", PlanState.UNPUBLISHED),
    ("TODO", PlanState.UNPUBLISHED),
    ("Not started", PlanState.UNPUBLISHED),
    ("Not yet published", PlanState.UNPUBLISHED),
    ("📝", PlanState.UNPUBLISHED),
    ("✅ Complete", PlanState.DONE),
    ("‚úÖ Complete", PlanState.DONE),
    ("Published 2025-10-01", PlanState.DONE),
    ("Done", PlanState.DONE),
    ("Draft complete", PlanState.DONE),
    ("✅", PlanState.DONE),
    ("In review", PlanState.UNKNOWN),
    ("Blocked", PlanState.UNKNOWN),
    ("", PlanState.UNKNOWN),
    (None, PlanState.UNKNOWN),
]


@pytest.mark.parametrize(("status", "state"), STATUS_CASES)
def test_classify_status(status: str | None, state: PlanState) -> None:
    assert classify_status(status) == state


ESTIMATE_CASES = [
    pytest.param("**Estimated**: 5,000 words, 25 min read", 5000, 25.0, 16, id="seed"),
    pytest.param("**Estimate**: 25 min read, 5,000 words", 5000, 25.0, 15, id="reversed"),
    pytest.param("**Estimated**: 4,000-6,000 words", 5000, None, 16, id="range-middle"),
    pytest.param("**Length**: 3k words (~15 minute read)", 3000, 15.0, 13, id="length-k"),
    pytest.param("**Words**: 1,200", 1200, None, 12, id="words-label"),
    pytest.param("**Reading time**: ~1.5 hours", None, 90.0, 19, id="reading-time-label"),
    pytest.param("**Estimated Time**: 2 hours", None, None, None, id="writing-effort"),
    pytest.param("**Estimated**: 2 hours", None, None, None, id="effort-without-read"),
]


@pytest.mark.parametrize(("line", "words", "minutes", "col"), ESTIMATE_CASES)
def test_estimate(line: str, words: int | None, minutes: float | None, col: int | None) -> None:
    (only,) = plan_of(f"### #1: One\n\n**Status**: 📝 Planned\n{line}\n").entries
    assert (only.estimate_words, only.estimate_minutes) == (words, minutes)
    assert only.estimate_loc == (at(4, col) if col else None)
    assert only.status_loc == at(3, 13)


W, C, D, M = Metric.WORDS, Metric.CODE_BLOCKS, Metric.DIAGRAMS, Metric.MINUTES
MEASURE_CASES = [
    ("Minimum: 4,000 words", [(W, 4000, None, None)]),
    ("Max: 7k words", [(W, None, 7000, None)]),
    ("Read time: 20-30 min", [(M, 20, 30, None)]),
    ("Read time: under 1 hour", [(M, None, 60, None)]),
    ("Reading time: at least 15 minutes", [(M, 15, None, None)]),
    ("Code examples: 10-20", [(C, 10, 20, None)]),
    ("Diagrams: 3-5 (text-based ASCII art acceptable)", [(D, 3, 5, None)]),
    ("At least 3 diagrams per post", [(D, 3, None, None)]),
    ("Between 3 and 5 diagrams", [(D, 3, 5, None)]),
    ("4,000+ words", [(W, 4000, None, None)]),
    ("Up to 20 code examples", [(C, None, 20, None)]),
    ("Code: no more than 15 blocks", [(C, None, 15, None)]),
    ("Code: no fewer than 5 blocks", [(C, 5, None, None)]),
    ("Length: 4,000-7,000 words (20-30 min read)", [(W, 4000, 7000, None), (M, 20, 30, None)]),
    ("Posts 13-16: 4,000 words minimum", [(W, 4000, None, (13, 16))]),
    ("Deep-dives (#13-16): 4,000-7,000 words, 5-10 code examples",
     [(W, 4000, 7000, (13, 16)), (C, 5, 10, (13, 16))]),
    # not bounds: targets, approximations, bare numbers, lines without a metric
    ("Target: 5,000-6,000 words", []),
    ("~5,000 words", []),
    ("Diagrams: 3", []),
    ("Read time: 25 min", []),
    ("Every post read by a reviewer at least 2 times", []),
    ("Every reference link checked before publishing", []),
]


@pytest.mark.parametrize(("text", "expected"), MEASURE_CASES)
def test_measures(text: str, expected: list[tuple[Metric, float | None, float | None,
                                                  tuple[int, int] | None]]) -> None:
    found = parse_measures(text, at(1))
    assert [(g.metric, g.low, g.high, g.scope) for g in found] == expected
    assert all(g.text == text for g in found)


ELEMENT_CASES = [
    # text, alternatives, countable, structural, headings that satisfy, headings that do not
    ("✅ Summary with key metrics", ("Summary",), False, True,
     ["Summary", "Conclusion", "Key Takeaways", "TL;DR"], ["Benchmarks", "Next Steps"]),
    ("Next steps & references", ("Next steps", "references"), False, True,
     ["Next Steps", "References", "What's Next", "Further reading"], ["Summary"]),
    ("Next steps linking the reference docs", ("Next steps",), False, True,
     ["Next steps", "Where to go next"], ["Summary"]),
    ("Problem statement (traditional approach)", ("Problem statement",), False, False,
     ["The Retry Problem"], ["Why Not Plain Raft"]),
    ("Honest costs and limits", ("Honest costs", "limits"), False, False,
     ["What It Costs", "Limits"], ["Summary"]),
    ("Code examples (5-10 per post)", ("Code examples",), True, False, [], []),
    ("At least one diagram or table", ("At least one diagram", "table"), True, False, [], []),
    # possessives are dropped: "Pyralog's" shares "pyralog"
    ("✅ Pyralog solution", ("Pyralog solution",), False, False,
     ["Pyralog's Approach", "The Pyralog Solution", "The Solution"], ["Actor Architecture"]),
    ("Real-world use cases", ("Real-world use cases",), False, False,
     ["Use Cases", "Real-World Example"], ["Benchmarks"]),
]


@pytest.mark.parametrize(("text", "alternatives", "countable", "structural", "yes", "no"),
                         ELEMENT_CASES)
def test_required_element(text: str, alternatives: tuple[str, ...], countable: bool,
                          structural: bool, yes: list[str], no: list[str]) -> None:
    element = parse_element(text, None, at(1))
    assert (element.alternatives, element.countable, element.structural) == (
        alternatives, countable, structural)
    assert all(element.satisfied_by([h]) for h in yes)
    assert not any(element.satisfied_by([h]) for h in no)


TELLING_CASES = [
    # element, the project's name, key words that tell a section apart
    ("Pyralog solution", {"pyralog"}, {"solution"}),
    ("Real-world use cases", set(), {"real-world", "case"}),
    ("When to use it", set(), set()),
    ("Problem statement (traditional approach)", {"pyralog"}, {"problem", "statement"}),
]


@pytest.mark.parametrize(("text", "names", "telling"), TELLING_CASES)
def test_telling_keywords(text: str, names: set[str], telling: set[str]) -> None:
    element = parse_element(text, None, at(1))
    assert element.telling_keywords(frozenset(names)) == telling


def test_satisfied_by_narrowed_keys() -> None:
    """Counting how many posts have a section, "Pyralog Integration" is no "Pyralog
    solution"; checking one post, any key word still satisfies it."""
    element = parse_element("Pyralog solution", None, at(1))
    keys = element.telling_keywords(frozenset({"pyralog"}))
    assert not element.satisfied_by(["Pyralog Integration"], keys)
    assert element.satisfied_by(["The Solution: Scarab IDs"], keys)
    assert element.satisfied_by(["Pyralog Integration"])


SAID_CASES = [
    # element, a post's headings, satisfied
    ("Summary", ["Intro", "Wrapping Up"], True),
    # a section name is found in one heading, never across two
    ("Summary", ["Design", "Wrapping", "Up"], False),
    ("Prerequisites", ["Before You", "Begin"], False),
    ("Prerequisites", ["Benchmarks", "Before You Begin"], True),
    ("Pyralog solution", ["Actor Architecture", "Pyralog's Approach"], True),
    ("Pyralog solution", [], False),
    ("Real-world use cases", ["Benchmarks", "Use", "Cases"], True),  # key words: any heading
]


@pytest.mark.parametrize(("text", "headings", "satisfied"), SAID_CASES)
def test_satisfied_by_a_posts_headings_read_once(text: str, headings: list[str],
                                                  satisfied: bool) -> None:
    """Every required element asks every post: a post's headings are read once
    (`said_headings`) and answer as each heading asked on its own would."""
    element = parse_element(text, None, at(1))
    assert element.satisfied_by(said_headings(headings)) is satisfied
    assert element.satisfied_by(headings) is satisfied
    # with stems kept across posts (RG207 asks of every post): the same answer
    stems = {"summary": "summary", "benchmarks": "benchmark"}
    assert said_headings(headings, stems) == said_headings(headings)
    assert element.satisfied_by(said_headings(headings, stems)) is satisfied
    assert any(element.satisfied_by([h]) for h in headings) is satisfied


@pytest.mark.parametrize("word", ["pyralog's", "boss's", "bosses'", "users'", "'s", "'", "''",
                                  "s's", "it's", "class", "bus", "x'", "'s's", "lsm"])
def test_stem_drops_possessives_as_the_pattern_did(word: str) -> None:
    """`_stem` without `re.sub(r"'s?$", "", word)`, which cost a third of RG207."""
    bare = re.sub(r"'s?$", "", word)
    assert _stem(word) == (bare[:-1] if len(bare) > 3 and bare.endswith("s") else bare)


NAME_CASES = [
    # series titles (index, plan), post titles, the project's name as stems
    (["Pyralog Blog Series", "Blog Series Backlog"],
     ["Introducing Pyralog", "Obelisk Sequencer", "Five Ways to Query Pyralog"],
     {"pyralog", "blog", "serie", "backlog"}),
    ([], ["Introducing Quarry", "Quarry's Write Path", "Quarry at Scale", "Columns"],
     {"quarry"}),
    ([], ["Introducing the Log", "The Write Path", "Segments", "Columns"], set()),
    # one title of eight is no name, however often the word is used
    ([], ["Rust Log", "A", "B", "C", "D", "E", "F", "G"], set()),
]


@pytest.mark.parametrize(("series", "posts", "names"), NAME_CASES)
def test_name_words(series: list[str], posts: list[str], names: set[str]) -> None:
    assert name_words(series, posts) == names


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab c'_-1é", max_size=14), st.text(alphabet="ab c'_-1é", min_size=1,
                                                          max_size=3))
def test_a_phrase_is_found_as_the_whole_word_pattern_finds_it(text: str, phrase: str) -> None:
    """`_has_phrase` scans by hand what `(?<![\\w'])phrase(?![\\w'])` matches."""
    pattern = rf"(?<![\w']){re.escape(phrase)}(?![\w'])"
    assert _has_phrase(text, phrase) == (re.search(pattern, text) is not None)


def test_said_headings_stems_each_word_once_for_many_posts() -> None:
    """RG207 reads the headings of every post: a word's stem is kept for the next post."""
    stems: dict[str, str] = {}
    first = said_headings(["Pyralog's Approaches", "Next Steps"], stems)
    assert stems == {"pyralog's": "pyralog", "approaches": "approache", "next": "next",
                     "steps": "step"}
    assert first.stems == frozenset(stems.values())
    stems["next"] = "kept"  # a stem known is not made again
    assert "kept" in said_headings(["Next"], stems).stems
