"""The bundled example: each planted defect is reported; fixed, it is clean; runs repeat."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from graph import analyze
from graph.checks import REGISTRY
from graph.cli import main
from graph.report import FORMATS
from tests.conftest import ROOT, TESTS, compare_golden
from tests.example_fixes import CREATES, FIXES

EXAMPLE = ROOT / "examples" / "pyralog-like"


def test_example_report_matches_golden(update_golden: bool) -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == 1
    compare_golden(TESTS / "example-expected.txt", result.stdout, update_golden)


def _planted_rows() -> list[tuple[str, int, str, str]]:
    """(path, line, rule id, row) of each row of the README's "Planted defects" table."""
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Planted defects", 1)[1]
    rows = []
    for line in table.splitlines():
        if not (line.startswith("| ") and "`" in line):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        path, number = cells[1].strip("`").rsplit(":", 1)
        rows.append((path, int(number), cells[3].split()[0], line))
    return rows


def test_every_planted_defect_is_reported_where_the_readme_says() -> None:
    reported = {(f.loc.path, f.loc.line, f.rule_id) for f in analyze(EXAMPLE).findings}
    rows = _planted_rows()
    assert len(rows) >= 9
    for path, line, rule, row in rows:
        near = {(path, n, rule) for n in range(line - 1, line + 2)}
        assert near & reported, f"planted defect not reported: {row}"


def test_nothing_unplanted_is_reported() -> None:
    """Each finding matches a row (same file and rule, line within one), so a false
    positive on the example cannot hide among the planted defects."""
    rows = _planted_rows()
    findings = analyze(EXAMPLE).findings
    assert len(findings) == len(rows), "the README table has one row per finding"
    for f in findings:
        assert any(path == f.loc.path and rule == f.rule_id and abs(line - f.loc.line) <= 1
                   for path, line, rule, _ in rows), (
            f"finding with no row in the README table: {f.loc} {f.rule_id} {f.message}")


SITE_RULES = {"RG109": TESTS / "sites" / "mkdocs", "RG110": TESTS / "sites" / "mkdocs-nav",
              "RG111": TESTS / "sites" / "mkdocs-nav", "RG112": TESTS / "sites" / "mdbook"}
"""Rules about a site generator's pages: the example is a repository read on GitHub, so
they are planted in a fixture site instead, built by the real generator in a test
(`tests/test_site_mkdocs.py`, `tests/test_site_mkdocs_nav.py`), or checked against the
generator's own tests where it does not install (`tests/test_site_mdbook.py`)."""


SERIES_RULES = {"RG310": TESTS / "corpora" / "rg310-unlinked-parts" / "corpus"}
"""Rules about series found by discovery (multi-part posts): the example is one numbered
series named by the single-series keys, so they are planted in their corpus instead."""


def test_every_rule_is_planted_in_the_example() -> None:
    planted = {rule for _, _, rule, _ in _planted_rows()}
    planted |= {rule for rule, site in (SITE_RULES | SERIES_RULES).items()
                if any(f.rule_id == rule for f in analyze(site).findings)}
    missing = [rule.id for rule in REGISTRY if rule.id not in planted]
    assert not missing, f"no planted defect in the README table for {missing}"


def test_example_with_defects_fixed_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    for rel, old, new in FIXES:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    for rel, text in CREATES:
        (root / rel).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root), "--fail-on", "info"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("No findings")


def _copy_in_reverse(src: Path, dst: Path) -> None:
    """Create files in the reverse of sorted order, so directory order differs."""
    for path in sorted(src.rglob("*"), reverse=True):
        target = dst / path.relative_to(src)
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def test_output_is_byte_identical_across_runs_and_file_order(tmp_path: Path) -> None:
    first = analyze(EXAMPLE)
    again = analyze(EXAMPLE)
    _copy_in_reverse(EXAMPLE, tmp_path / "copy")
    copied = analyze(tmp_path / "copy")
    for name, render in FORMATS.items():
        out = render(first.report())
        assert out == render(again.report()), name
        assert out == render(copied.report()), name
    assert list(first.graph.nodes) == list(copied.graph.nodes)
    assert list(first.graph.edges(keys=True)) == list(copied.graph.edges(keys=True))


def test_check_never_writes_into_the_corpus(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    os.chmod(root, 0o555)
    try:
        CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    finally:
        os.chmod(root, 0o755)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    assert before == after
