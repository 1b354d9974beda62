"""The rule catalogue is consistent: ids unique and sorted, docs complete, each rule proven."""

from __future__ import annotations

import re

from graph.checks import REGISTRY
from tests.conftest import TESTS


def test_ids_are_unique_sorted_and_well_formed() -> None:
    ids = [rule.id for rule in REGISTRY]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"RG\d{3}", i) for i in ids)
    names = [rule.name for rule in REGISTRY]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)


HEADINGS = ("## What it finds", "## Why it matters", "## Failing example", "## Passing example")


def test_each_rule_explains_itself() -> None:
    for rule in REGISTRY:
        for heading in HEADINGS:
            assert heading in rule.doc, f"{rule.id} lacks {heading!r}"
        assert rule.message == rule.message.strip()
        assert not rule.message.endswith("."), rule.id
        assert rule.message[0].islower(), rule.id


def test_each_rule_has_a_corpus_case_that_fires_it() -> None:
    cases = {p.name for p in (TESTS / "corpora").iterdir() if (p / "corpus").is_dir()}
    for rule in REGISTRY:
        case = f"{rule.id.lower()}-{rule.name}"
        assert case in cases, f"no tests/corpora/{case}"
        assert (TESTS / "corpora" / case / "fixed").is_dir(), f"no tests/corpora/{case}/fixed"
        assert rule.id in (TESTS / "corpora" / case / "expected.txt").read_text(encoding="utf-8")
