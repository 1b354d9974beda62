"""`check --watch` (`graph.watch`): it checks again when a file changes, each report a
cold run's, each run after the first patching the graph the last one kept in the
process; Ctrl-C ends it with the last run's exit code."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.api import ReadOptions, analyze
from graph.checks import RULE_NAMES
from graph.config import load_config
from graph.incremental_run import analyze_incrementally
from graph.incremental_snapshot import SnapshotStore
from graph.report.json import render_json
from graph.watch import KeptSnapshot, changed, watch
from tests.test_incremental import age, apply, start, step
from tests.test_incremental_patch import _structure

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "pyralog-like"


def test_the_loop_runs_again_once_a_change_settles() -> None:
    """A change seen while it is still going on (two looks that differ) is run once, after
    it settles; an interrupt returns the last run's exit code."""
    looks = iter([{"a.md": (1, 1)}, {"a.md": (1, 1)},  # after the first run; unchanged
                  {"a.md": (2, 2)}, {"a.md": (3, 3)}, {"a.md": (3, 3)},  # settling
                  {"a.md": (3, 3)}, {"a.md": (3, 3), "b.md": (1, 1)}, {"a.md": (3, 3),
                                                                      "b.md": (1, 1)}])
    runs: list[int] = []
    said: list[str] = []

    def run() -> int:
        runs.append(len(runs))
        return len(runs) % 2  # 1, 0, 1

    def look() -> dict[str, tuple[int, int]]:
        try:
            return next(looks)
        except StopIteration:
            raise KeyboardInterrupt from None

    code = watch(run, look, said.append, sleep=lambda _seconds: None)
    assert len(runs) == 3 and code == 1
    assert said[0] == "refgraph: watching for changes (Ctrl-C to stop)"
    assert said[1].endswith(" a.md changed: checking again")
    assert said[2].endswith(" b.md changed: checking again")


def test_changed_names_what_came_went_or_changed() -> None:
    assert changed({"a": (1, 1), "b": (1, 1), "c": (1, 1)},
                   {"a": (1, 1), "b": (1, 2), "d": (1, 1)}) == ["b", "c", "d"]


def test_a_kept_graph_is_patched_without_the_snapshot_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first run, each run patches the graph the last one kept: the snapshot
    file is not read, the report is a cold run's, and the graph a full build's."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(EXAMPLE, root)
    config = load_config(root, None, RULE_NAMES)
    kept = KeptSnapshot(SnapshotStore(cache))
    first = analyze_incrementally(root, config, ReadOptions(cache_dir=cache), kept=kept)
    assert first.graph.graph["incremental"] == "full"

    def no_file(*_args: object) -> None:
        raise AssertionError("the snapshot file was read")

    monkeypatch.setattr(SnapshotStore, "load", no_file)
    page = root / "ACTOR_MODEL.md"
    for line in ("[gone](NOPE.md)", "## A heading", "[x](STORAGE.md#no-such-part)"):
        page.write_text(page.read_text() + f"\n{line}\n")
        again = analyze_incrementally(root, config, ReadOptions(cache_dir=cache), kept=kept)
        cold = analyze(root, config, ReadOptions())
        assert again.graph.graph["incremental"] == "patched", line
        assert render_json(again.report()) == render_json(cold.report()), line
        assert _structure(again.graph) == _structure(cold.graph), line


def _until(condition, seconds: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_check_watch_writes_each_report_until_interrupted(tmp_path: Path) -> None:
    root, cache, out = tmp_path / "corpus", tmp_path / "cache", tmp_path / "report.json"
    shutil.copytree(EXAMPLE, root)
    process = subprocess.Popen(
        [sys.executable, "-m", "refgraph", "check", str(root), "--watch", "--cache-dir",
         str(cache), "--format", "json", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _until(out.exists)
        first = out.read_text()
        page = root / "ACTOR_MODEL.md"
        page.write_text(page.read_text() + "\n[gone](NOPE.md)\n")
        _until(lambda: out.read_text() != first)
        second = json.loads(out.read_text())
        cold = subprocess.run([sys.executable, "-m", "refgraph", "check", str(root),
                               "--no-cache", "--format", "json"],
                              capture_output=True, text=True, timeout=120)
        assert second == json.loads(cold.stdout)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 1  # the last run's: findings
    assert "watching for changes" in err and "ACTOR_MODEL.md changed" in err


@pytest.mark.parametrize("roots", [None, '["blog"]'])
def test_a_kept_graph_answers_for_the_paths_asked(tmp_path: Path, roots: str | None) -> None:
    """`check PATH --watch` keeps the whole corpus' graph (as PATH reads it: `roots` and
    PATH) and reports PATH's findings, as `check PATH` does."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(EXAMPLE, root)
    if roots is not None:
        with (root / "refgraph.toml").open("a") as settings:
            settings.write(f"roots = {roots}\n")
    config = load_config(root, None, RULE_NAMES)
    kept = KeptSnapshot(SnapshotStore(cache))
    only = ("ACTOR_MODEL.md", "blog")
    page = root / "ACTOR_MODEL.md"
    for line in ("", "[gone](NOPE.md)", "[x](STORAGE.md#no-such-part)"):
        page.write_text(page.read_text() + f"\n{line}\n")
        again = analyze_incrementally(root, config, ReadOptions(cache_dir=cache), only,
                                      kept=kept)
        cold = analyze(root, config, ReadOptions(), only=only)
        assert again.stats == cold.stats, line
        assert render_json(again.report()) == render_json(cold.report()), line
    assert again.graph.graph["incremental"] == "patched"


def _kept_differential(steps: list[tuple[tuple[str, str, str], bool]]) -> None:
    """Each step applied, then a run patching the graph the last run kept, against a cold
    run: the same report, and where patched, the graph a full build makes (each run's
    graph is the next one's base, so a patch's flaw would add up)."""
    with tempfile.TemporaryDirectory() as work:
        root, cache = Path(work) / "corpus", Path(work) / "cache"
        start(root)
        age(root, 0)
        kept = KeptSnapshot(SnapshotStore(cache))
        for tick, (op, old) in enumerate(steps, 1):
            apply(root, op)
            if old:
                age(root, tick)
            config = load_config(root, None, RULE_NAMES)
            again = analyze_incrementally(root, config, ReadOptions(cache_dir=cache),
                                          kept=kept)
            cold = analyze(root, config, ReadOptions())
            assert render_json(again.report()) == render_json(cold.report()), (tick, op)
            made = again.graph.graph["incremental"]
            if made == "patched":
                assert _structure(again.graph) == _structure(cold.graph), (tick, op)
            event(f"kept run: {made}")


@settings(max_examples=8, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=6))
def test_kept_graphs_equal_cold_runs_after_random_edits(steps) -> None:
    _kept_differential(steps)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=15))
def test_kept_graphs_equal_cold_runs_after_many_random_edits(steps) -> None:
    _kept_differential(steps)
