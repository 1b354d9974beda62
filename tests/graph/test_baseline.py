"""Baselines that are not baselines, and pairing many alike findings in linear time."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from docs_index.model import Location
from graph.baseline import load_baseline, match_baseline
from graph.cli import main
from graph.findings import Finding, Severity
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "pyralog-like"
ENTRY = {"fingerprint": "ab:1", "rule": "RG101", "file": "a.md", "line": 3, "message": "m"}


def _baseline(findings: object, version: object = 1) -> str:
    return json.dumps({"tool": "refgraph", "version": version, "findings": findings})


def _check(baseline: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--no-cache",
                                       "--baseline", str(baseline)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000, "not a refgraph baseline (invalid JSON: nested too deeply)"),
    ("{" + '"a":{' * 100_000, "not a refgraph baseline (invalid JSON: nested too deeply)"),
    (_baseline([{**ENTRY, "line": 0}]).replace('"line": 0', '"line": ' + "7" * 5000),
     "invalid JSON: Exceeds the limit (4300 digits) for integer string conversion"),
    (_baseline([{**ENTRY, "line": 10**4000}]), "findings[0].line must be a whole number"),
    (_baseline([{**ENTRY, "line": 0}]), "findings[0].line must be a whole number"),
    (_baseline([{**ENTRY, "line": True}]), "findings[0].line must be a whole number"),
    (_baseline([{**ENTRY, "line": 2.0}]), "findings[0].line must be a whole number"),
    (_baseline([{**ENTRY, "line": "3"}]), "findings[0].line must be a whole number"),
    (_baseline([ENTRY, {**ENTRY, "rule": ["RG101"]}]), "findings[1].rule must be a string"),
    (_baseline([ENTRY, [ENTRY]]), "findings[1] is a list, not an object"),
    (_baseline([{**ENTRY, "fingerprint": "nocolon"}]), "findings[0].fingerprint is not"),
    (_baseline([{**ENTRY, "line": 1}]).replace('"line": 1', '"line": NaN'),
     "invalid JSON: NaN is not JSON"),
    (_baseline([{**ENTRY, "line": 1}]).replace('"line": 1', '"line": 1e400'),
     "findings[0].line must be a whole number"),
    (_baseline([], version=True), "baseline version True is not supported"),
    (_baseline([], version=[[[1]]]), "baseline version of this kind is not supported"),
    (_baseline({"a": 1}), "not a refgraph baseline (write one"),
    ('{"tool": "refgraph", "version": 1, "findings": [1' + ",1" * 10 + "]}",
     "findings[0] is a int, not an object"),
])
def test_malformed_baseline_is_a_one_line_error(tmp_path: Path, content: str,
                                                message: str) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(content, encoding="utf-8")
    code, _, err = _check(baseline)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and str(baseline) in err
    assert message in err


def test_non_utf8_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_bytes(b'{"tool": "caf\xe9"}')
    code, _, err = _check(baseline)
    assert code == 2 and "not UTF-8: byte 0xe9 at offset 13" in err


def test_directory_as_baseline(tmp_path: Path) -> None:
    code, _, err = _check(tmp_path)  # click's own check of the option
    assert code == 2 and "is a directory" in err


def test_fifo_as_baseline_does_not_block(tmp_path: Path) -> None:
    """Opening a FIFO nobody writes to blocks for ever; so the check runs in a process of
    its own with a time limit."""
    fifo = tmp_path / "b.json"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-c", "from refgraph.cli import run; run()", "check",
                           str(EXAMPLE), "--no-cache", "--baseline", str(fifo)],
                          capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_a_bom_and_unknown_fields_are_accepted_and_not_echoed(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    entry = {**ENTRY, "extra": [[["deep"]]], "line": 3}
    baseline.write_text("\ufeff" + _baseline([entry]), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--no-cache", "--baseline",
                                       str(baseline), "--format", "json"])
    assert result.exit_code == 1
    fixed = json.loads(result.stdout)["scope"]["baseline_fixed"]
    assert fixed == [{k: v for k, v in entry.items() if k != "extra"}]
    assert load_baseline(baseline) == fixed


def _finding(line: int, key: str = "ab") -> Finding:
    return Finding(Location("a.md", line, 1), "RG101", "m", Severity.ERROR,
                   fingerprint=f"{key}:1")


def _brute_force(found: list[int], listed: list[int]) -> tuple[set[int], set[int]]:
    """The pairing as it was: every pair, sorted by distance."""
    pairs = sorted((abs(f - e), i, j) for i, f in enumerate(found) for j, e in enumerate(listed))
    used_f: set[int] = set()
    used_e: set[int] = set()
    for _, i, j in pairs:
        if i not in used_f and j not in used_e:
            used_f.add(i)
            used_e.add(j)
    return used_f, used_e


@pytest.mark.parametrize("seed", range(200))
def test_pairing_is_the_nearest_first(seed: int) -> None:
    rng = random.Random(seed)
    found = rng.sample(range(1, 60), rng.randint(0, 12))
    listed = rng.sample(range(1, 60), rng.randint(0, 12))
    entries = [{**ENTRY, "line": line} for line in listed]
    matched = match_baseline([_finding(line) for line in found], entries)
    used_f, used_e = _brute_force(found, listed)
    assert sorted(f.loc.line for f in matched.new) == sorted(
        line for i, line in enumerate(found) if i not in used_f)
    assert [e["line"] for e in matched.fixed] == [
        line for j, line in enumerate(listed) if j not in used_e]


def test_thousands_of_alike_findings_pair_in_linear_time() -> None:
    """4,000 findings alike and a baseline of them, every line moved by one (no pair on
    the same line): 16 million pairs took 66 s and 2.2 GB. Run apart, with a time limit
    and a 1 GB memory cap, so a return to that cannot hang or swamp the test run."""
    code = textwrap.dedent("""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from docs_index.model import Location
        from graph.baseline import match_baseline
        from graph.findings import Finding, Severity
        found = [Finding(Location("a.md", 2 * n + 1, 1), "RG101", "m", Severity.ERROR,
                         fingerprint="ab:1") for n in range(4000)]
        entries = [{"fingerprint": "ab:1", "rule": "RG101", "file": "a.md",
                    "line": 2 * n + 2, "message": "m"} for n in range(4000)]
        matched = match_baseline(found, entries)
        assert matched.known == 4000 and not matched.new and not matched.fixed
        extra = match_baseline(found + [Finding(Location("a.md", 100000, 1), "RG101", "m",
                               Severity.ERROR, fingerprint="ab:1")], entries)
        assert [f.loc.line for f in extra.new] == [100000]
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=20, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_fixed_entries_are_shown_with_control_characters_escaped(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(_baseline([{**ENTRY, "file": "a\x1b[2J.md"}]), encoding="utf-8")
    code, out, _ = _check(baseline)
    assert code == 1 and "\x1b" not in out
    assert out.splitlines()[-1].endswith("drop them): a\\x1b[2J.md:3 RG101")


_FIFO_AFTER_THE_CHECK = """
import os, stat, sys
fifo = sys.argv[1]
real_stat = os.stat
def regular_at_first(path, *args, **kwargs):
    # the first look at the name sees a regular file: a FIFO put there after it
    info = real_stat(path, *args, **kwargs)
    if os.fspath(path) == fifo:
        mode = (info.st_mode & ~stat.S_IFMT(info.st_mode)) | stat.S_IFREG
        return os.stat_result((mode, *tuple(info)[1:]))
    return info
os.stat = regular_at_first
from refgraph.cli import run
sys.argv = ["refgraph", "check", sys.argv[2], "--no-cache", "--baseline", fifo]
run()
"""


def test_a_fifo_put_in_place_after_the_check_does_not_block(tmp_path: Path) -> None:
    """The kind is checked again on what was opened, without waiting (the old stat, then
    read_text, blocked forever when the name became a FIFO in between)."""
    fifo = tmp_path / "b.json"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-c", _FIFO_AFTER_THE_CHECK, str(fifo),
                           str(EXAMPLE)], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1].endswith("cannot read baseline: not a regular file")
