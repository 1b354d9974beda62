"""posts.backlog.parse_plan on the seed plan (a copy kept in tests/fixtures) and small plans.

The seed's emoji went through a Mac Roman round trip before it reached us ("📝" became
"\\uf8ffüìù"); the copy is byte-for-byte, so the expected status keeps that text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Location
from posts.backlog import Plan, PlannedDoc, PlannedPost, parse_plan

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
