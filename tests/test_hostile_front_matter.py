"""Hostile YAML front matter through every command: impossible dates, recursive aliases,
alias bombs, binary data, huge integers and sets are RG002 at their value's line (or, for
sets, plain ordered data), and the rest of each file is checked.

Each command runs in a child process with a hard timeout and a memory cap: before the fix,
the alias bomb grew without bound (4.3 GB after 286 s), and it must never hang the suite.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, make_tree

BOMB = "\n".join(["a: &a [x,x,x,x,x,x,x,x,x]", *(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
    for p, n in zip("abcdefghi", "bcdefghi", strict=False))])
"""Nine levels of nine aliases: 9**9 values once expanded, from 335 bytes."""

HOSTILE = {
    "bomb.md": f"---\n{BOMB}\n---\n# Bomb\n\n[x](gone-bomb.md)\n",
    "date.md": "---\ntitle: Date\ndate: 2024-02-30\n---\n# Date\n\n[x](gone-date.md)\n",
    "loop.md": "---\nloop: &a [*a]\n---\n# Loop\n\n[x](gone-loop.md)\n",
    "binary.md": "---\nlogo: !!binary aGVsbG8=\n---\n# Binary\n\n[x](gone-binary.md)\n",
    "huge.md": "---\nn: " + "9" * 5000 + "\n---\n# Huge\n\n[x](gone-huge.md)\n",
    "set.md": "---\ntitle: !!set {alpha, beta, gamma, delta, eta, iota, kappa, lambda}\n"
              "---\n# Set\n\n[x](gone-set.md)\n",
    "README.md": "# Readme\n\n" + "".join(
        f"[{name}]({name})\n" for name in ("bomb.md", "date.md", "loop.md", "binary.md",
                                           "huge.md", "set.md")),
}
EXPECTED_RG002 = [
    "binary.md:2:7", "bomb.md:6:8", "date.md:3:7", "huge.md:2:4", "loop.md:2:11"]
EXPECTED_RG101 = sorted(  # the link under each file's heading
    f"{name}:{text.split(chr(10)).index(f'[x](gone-{name[:-3]}.md)') + 1}:1"
    for name, text in HOSTILE.items() if name != "README.md")

_MEMORY_CAP = 1 << 30


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_CAP, _MEMORY_CAP))


def refgraph(*args: str, env: dict[str, str] | None = None,
             timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`refgraph ARGS` in a child process, killed after `timeout` s or above 1 GiB."""
    return subprocess.run(
        [sys.executable, "-c", "from refgraph.cli import run; run()", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=timeout, preexec_fn=_cap_memory,
        env={**os.environ, **(env or {})}, check=False)


def _locations(stdout: str, rule: str) -> list[str]:
    findings = json.loads(stdout)["findings"]
    return sorted(f"{f['file']}:{f['line']}:{f['column']}" for f in findings
                  if f["rule"] == rule)


def test_check_reports_each_hostile_value_and_checks_the_rest(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "corpus", HOSTILE)
    cache = str(tmp_path / "cache")
    for _run in ("cold", "warm"):  # the second run reads every file from the cache
        result = refgraph("check", str(root), "--format", "json", "--cache-dir", cache)
        assert result.returncode == 1, result.stderr
        assert _locations(result.stdout, "RG002") == EXPECTED_RG002
        assert _locations(result.stdout, "RG101") == EXPECTED_RG101


def test_check_with_workers(tmp_path: Path) -> None:
    # worker processes parse only when there is over 1 MiB to parse
    filler = "# Filler\n\n" + ("word " * 80 + "\n") * 3000
    root = make_tree(tmp_path / "corpus", {**HOSTILE, "filler.md": filler, "more.md": filler})
    result = refgraph("check", str(root), "--format", "json", "--no-cache", "-j", "2")
    assert result.returncode == 1, result.stderr
    assert _locations(result.stdout, "RG002") == EXPECTED_RG002
    assert _locations(result.stdout, "RG101") == EXPECTED_RG101


def test_render_paths_and_baseline_run(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "corpus", HOSTILE)
    # `paths` needs an index; its one post carries every hostile construct too
    (root / "blog").mkdir()
    (root / "blog" / "README.md").write_text("# Posts\n\n- [Bomb](01-bomb.md)\n",
                                             encoding="utf-8")
    (root / "blog" / "01-bomb.md").write_text(HOSTILE["bomb.md"], encoding="utf-8")
    page, baseline = tmp_path / "graph.html", tmp_path / "baseline.json"
    for args in (["render", str(root), "-o", str(page), "--no-cache"],
                 ["paths", "-C", str(root), "--no-cache", "coverage"],
                 ["baseline", "write", str(baseline), str(root), "--no-cache"]):
        result = refgraph(*args)
        assert result.returncode == 0, (args, result.stderr)
    assert "bomb.md" in page.read_text(encoding="utf-8")
    fingerprints = json.loads(baseline.read_text(encoding="utf-8"))
    assert sum(f["rule"] == "RG002" for f in fingerprints["findings"]) == 6  # 5 + the post


def test_reports_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "corpus", {"set.md": HOSTILE["set.md"]})
    outputs = set()
    for seed in ("1", "2"):  # 8 members: the same hash order twice has odds of 1 in 40,320
        page = tmp_path / f"graph-{seed}.json"
        rendered = refgraph("render", str(root), "--no-cache", "--format", "json",
                            "-o", str(page), env={"PYTHONHASHSEED": seed})
        assert rendered.returncode == 0, rendered.stderr
        outputs.add(page.read_text(encoding="utf-8"))
    assert len(outputs) == 1
    assert '"title": "Set"' in outputs.pop()
