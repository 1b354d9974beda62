"""Each tests/corpora/<case>/corpus is checked; the report must equal the case's goldens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import analyze
from graph.report import render_json, render_text
from graph.report.summary import Report
from tests.conftest import TESTS, compare_golden

CASES = sorted(p for p in (TESTS / "corpora").iterdir() if (p / "corpus").is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus(case: Path, update_golden: bool) -> None:
    result = analyze(case / "corpus")
    text = render_text(result.report())
    compare_golden(case / "expected.txt", text, update_golden)
    if case.name.startswith("clean-"):
        assert result.findings == [], text
    else:
        prefix = case.name.split("-")[0].upper()
        assert any(f.rule_id == prefix for f in result.findings), (
            f"case {case.name} must fire {prefix}")
    if (case / "expected.json").exists() or update_golden and case.name.startswith("rg101"):
        compare_golden(case / "expected.json", render_json(result.report()),
                       update_golden)
        json.loads((case / "expected.json").read_text(encoding="utf-8"))


FIXED = [c for c in CASES if (c / "fixed").is_dir()]


@pytest.mark.parametrize("case", FIXED, ids=[c.name for c in FIXED])
def test_fixed_corpus_passes_its_rule(case: Path) -> None:
    """`fixed/` is the failing corpus with the defect mended: the case's rule stays quiet."""
    rule_id = case.name.split("-")[0].upper()
    result = analyze(case / "fixed")
    fired = [f for f in result.findings if f.rule_id == rule_id]
    assert fired == [], render_text(Report(fired, result.stats))
