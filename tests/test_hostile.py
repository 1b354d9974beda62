"""Inputs built to make a quadratic step show (see docs/robustness.md, "Inputs sized to
be slow"): each runs `refgraph check` in a subprocess with a hard timeout, at the
`test_size` of its case in `benchmarks/hostile.py`, where the quadratic code took 15 s
or more and the fixed code about a second. The full sizes, with budgets, run with
`pytest -m slow`."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

TIMEOUT = 30
"""Seconds: several times the fixed code's time on a busy 2-core machine."""


def _hostile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile", ROOT / "benchmarks" / "hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


HOSTILE = _hostile()


def check(root: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, "-c", "from refgraph.cli import run; run()", "check",
                           "--no-cache", "--format", "json", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["findings"]


@pytest.mark.parametrize("case", HOSTILE.CASES, ids=lambda case: case.name)
def test_each_hostile_input_is_checked_in_linear_time(case, tmp_path: Path) -> None:
    case.make(tmp_path, case.test_size)
    findings = check(tmp_path)
    assert all(f["rule"] != "RG001" for f in findings)
    assert max((len(f["related"]) for f in findings), default=0) <= 11  # 10, and the plan's


def test_guesses_into_long_lists_still_find_the_typo(tmp_path: Path) -> None:
    HOSTILE.broken_anchors(tmp_path / "anchors", 2_000)
    HOSTILE.missing_files(tmp_path / "files", 2_000)
    anchors = {f["target"]: f["hint"] for f in check(tmp_path / "anchors") if f["rule"] == "RG102"}
    assert anchors["big.md#sectoin-7-of-the-log"] == "did you mean #section-7-of-the-log?"
    files = {f["target"]: f["hint"] for f in check(tmp_path / "files") if f["rule"] == "RG101"}
    assert files["dco-00005.md"] == "did you mean doc-00005.md?"


@pytest.mark.slow
def test_the_hostile_benchmark_keeps_every_budget(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hostile.py"),
                           "--out", str(out)], capture_output=True, text=True, timeout=1800,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = out.read_text(encoding="utf-8")
    assert all(case.name in table for case in HOSTILE.CASES)
