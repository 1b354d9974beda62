"""The progress line: only on a terminal, only after a second, erased before the report."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from graph.progress import Progress
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "pyralog-like"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_silent_for_the_first_second_then_drawn_then_erased() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, delay=1.0, every=0.1, clock=clock)
    progress("reading", 1, 3)
    assert out.getvalue() == ""  # a short run shows nothing
    clock.now = 1.5
    progress("reading", 2, 3)
    assert out.getvalue().endswith("refgraph: reading 2/3 files")
    progress.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_redrawn_at_most_every_tenth_of_a_second_but_a_phase_start_and_end_always() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, delay=0.0, every=0.1, clock=clock)
    for done in range(1, 10_001):
        progress("parsing", done, 10_000)
    drawn = out.getvalue().split("\r\x1b[K")[1:]
    assert drawn == ["refgraph: parsing 1/10,000 files", "refgraph: parsing 10,000/10,000 files"]
    progress("checking", 0, 0)
    assert out.getvalue().endswith("refgraph: checking…")  # a new phase: at once


def test_close_without_a_line_writes_nothing() -> None:
    out = io.StringIO()
    Progress(out, clock=Clock()).close()
    assert out.getvalue() == ""


def _run_on_a_terminal(*args: str) -> tuple[str, str]:
    """`refgraph check` with standard error on a pseudo-terminal and the line's delay at 0."""
    code = ("import functools, graph.cli, graph.progress; "
            "graph.cli.Progress = functools.partial(graph.progress.Progress, delay=0, every=0); "
            "from refgraph.cli import run; run()")
    leader, follower = os.openpty()
    try:
        done = subprocess.run([sys.executable, "-c", code, "check", "--no-cache", *args,
                               str(EXAMPLE)], stdout=subprocess.PIPE, stderr=follower,
                              timeout=60, text=True)
        os.close(follower)
        err = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal has no writer left
                break
            if not chunk:
                break
            err += chunk
    finally:
        os.close(leader)
    return done.stdout, err.decode()


def test_on_a_terminal_the_line_shows_each_phase_and_leaves_the_report_alone() -> None:
    out, err = _run_on_a_terminal()
    plain = subprocess.run([sys.executable, "-c", "from refgraph.cli import run; run()",
                            "check", "--no-cache", str(EXAMPLE)], capture_output=True,
                           text=True, timeout=60)
    assert out == plain.stdout
    for shown in ("refgraph: reading and parsing 1/", "refgraph: checking…"):
        assert shown in err
    assert err.rstrip("\r\n").endswith("\x1b[K")  # erased before the report


def test_quiet_silences_it() -> None:
    _, err = _run_on_a_terminal("--quiet")
    assert "refgraph: reading" not in err


def test_not_on_a_terminal_nothing_is_drawn() -> None:
    done = subprocess.run([sys.executable, "-c", "from refgraph.cli import run; run()",
                           "check", "--no-cache", str(EXAMPLE)], capture_output=True,
                          text=True, timeout=60)
    assert "\x1b[K" not in done.stderr
