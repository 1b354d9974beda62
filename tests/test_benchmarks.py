"""The benchmark tools: the corpus generator is deterministic and its corpus gives exactly
the defects it plants; the benchmark itself (which installs rumdl and remark) is slow and
runs only with `pytest -m slow`."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from graph.api import ReadOptions, analyze
from tests.conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def load_run() -> ModuleType:
    """benchmarks/run.py as a module (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_run", BENCHMARKS / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


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


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_the_rename_row_renames_the_most_anchor_linked_heading_and_breaks_its_links(
        tmp_path: Path) -> None:
    run = load_run()
    corpus = write(tmp_path / "corpus", {
        "A.md": "# A\n\n## Alpha Part\n\nSee [b](docs/B.md).\n",
        # B gets four anchor links, A three: B is the doc, and #beta-two is named most.
        "docs/B.md": "# B\n\n```\n## Beta Two\n```\n\n## Beta One\n\nText.\n\n"
                     "### Beta Two\n\nBack to [a](../A.md#alpha-part).\n",
        "x.md": "# X\n\n[1](docs/B.md#beta-two) [2](docs/B.md#beta-two) "
                "[3](docs/B.md#beta-one) [4](A.md#alpha-part) [5](A.md#alpha-part)\n",
        "y/z.md": "# Z\n\n[6](../docs/B.md#beta-two) [7](https://example.org/B.md#beta-two)\n",
    })
    target = run.rename_target(corpus)
    assert (target.path, target.line, target.slug, target.links) == (
        corpus / "docs" / "B.md", 10, "beta-two", 3)
    assert {f.rule_id for f in analyze(corpus).findings} == set()
    original = target.path.read_bytes()
    target.path.write_bytes(run.renamed(original, target.line, 2))
    assert target.path.read_text(encoding="utf-8").splitlines()[10] == "### Beta Two renamed 2"
    broken = sorted((f.loc.path, f.rule_id) for f in analyze(corpus).findings)
    assert broken == [("x.md", "RG102"), ("x.md", "RG102"), ("y/z.md", "RG102")]


def test_a_row_can_set_the_parser_through_the_environment(tmp_path: Path) -> None:
    run = load_run()
    argv = ["sh", "-c", 'test "$REFGRAPH_PARSER" = pure']
    assert run.measure(argv, tmp_path, env=run.PURE_PARSER).code == 0
    assert run.measure(argv, tmp_path, env={"REFGRAPH_PARSER": ""}).code == 1


@pytest.mark.slow
def test_the_benchmark_times_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "1", "--runs", "1",
                    "--work", str(tmp_path / "work"), "--out", str(out)],
                   check=True, cwd=ROOT, timeout=1800)
    table = out.read_text(encoding="utf-8")
    for row in ("cat (read all .md)", "refgraph check, cold cache", "refgraph check, warm cache",
                "1 file edited", "heading renamed", "refgraph check --no-cache",
                "REFGRAPH_PARSER=pure", "rumdl", "remark-validate-links"):
        assert row in table, row
    assert "## Reproduce" in table


def test_stages_times_each_stage_of_a_check(tmp_path: Path) -> None:
    """benchmarks/stages.py runs one check and says what each stage cost, every stage it
    wraps still being where it looks for it."""
    proc = subprocess.run([sys.executable, str(BENCHMARKS / "stages.py"),
                           str(ROOT / "examples" / "pyralog-like"), "--format", "json",
                           "-o", str(tmp_path / "report.json")],
                          capture_output=True, text=True, timeout=120, check=True)
    stages = {line[:28].strip(): float(line[28:]) for line in proc.stdout.splitlines()}
    assert {"total", "all rules", "imports", "reading and parsing", "checks"} <= set(stages)
    assert stages["total"] >= stages["checks"] >= stages["all rules"] >= 0
    assert (tmp_path / "report.json").read_text(encoding="utf-8").startswith("{")


def test_the_rename_row_takes_a_reference_doc_and_row_5b_any_file(tmp_path: Path) -> None:
    """The series' index is linked to by anchor most; row 5 renames in a reference doc
    (not a post, an index or a plan), row 5b in the index."""
    run = load_run()
    corpus = write(tmp_path / "corpus", {
        "blog/README.md": "# Index\n\n## Paths\n",
        "blog/01-one.md": "# One\n\n## Part\n\n[a](README.md#paths) [b](README.md#paths) "
                          "[c](README.md#paths) [d](../DOC.md#usage)\n",
        "blog/BACKLOG.md": "# Plan\n\n## Next\n\n[e](01-one.md#part) [f](01-one.md#part)\n",
        "DOC.md": "# Doc\n\n## Usage\n",
    })
    doc = run.rename_target(corpus)
    assert (doc.path, doc.slug, doc.links) == (corpus / "DOC.md", "usage", 1)
    anything = run.rename_target(corpus, docs_only=False)
    assert (anything.path, anything.slug, anything.links) == (
        corpus / "blog" / "README.md", "paths", 3)
