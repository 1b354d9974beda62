"""The benchmark tools: the corpus generator is deterministic and its corpus gives exactly
the defects it plants; the benchmark itself (which installs rumdl and remark) is slow and
runs only with `pytest -m slow`."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from graph.api import ReadOptions, analyze
from tests.conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def make_corpus(n: int, out: Path) -> Path:
    subprocess.run([sys.executable, str(BENCHMARKS / "make_corpus.py"), str(n), str(out)],
                   check=True, capture_output=True)
    return out


def digest(root: Path) -> str:
    files = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            files.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return files.hexdigest()


def test_the_synthetic_corpus_is_deterministic_and_checked_alike_cold_and_warm(
        tmp_path: Path) -> None:
    first = make_corpus(1, tmp_path / "a")
    assert digest(first) == digest(make_corpus(1, tmp_path / "b"))
    assert 130 <= sum(1 for _ in first.rglob("*.md")) <= 160
    uncached = analyze(first).findings
    read = ReadOptions(tmp_path / "cache", jobs=2)
    cold, warm = analyze(first, read=read), analyze(first, read=read)
    assert cold.findings == warm.findings == uncached
    assert warm.graph.graph["cache"].stats.misses == 0
    assert {f.rule_id for f in uncached} >= {"RG101", "RG102"}


@pytest.mark.slow
def test_the_benchmark_times_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "1", "--runs", "1",
                    "--work", str(tmp_path / "work"), "--out", str(out)],
                   check=True, cwd=ROOT, timeout=1800)
    table = out.read_text(encoding="utf-8")
    for row in ("cat (read all .md)", "refgraph check, cold cache", "refgraph check, warm cache",
                "1 file edited", "refgraph check --no-cache", "rumdl", "remark-validate-links"):
        assert row in table, row
    assert "## Reproduce" in table
