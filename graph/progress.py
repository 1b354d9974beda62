"""A one-line progress display for long runs, on a terminal's standard error only.

A run of a few thousand files takes seconds to minutes; a silent terminal for that long
reads as a hang. The line appears only after the run has taken `delay` seconds (short runs
stay silent, as before), is redrawn at most every `every` seconds (drawing is not free at
100,000 files), and is erased before the report is written, so the report itself is
unchanged. Nothing is drawn when standard error is not a terminal (CI logs, pipes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

ProgressFn = Callable[[str, int, int], None]
"""(phase, done, total): `reading and parsing` files done of total, or a phase with no count
(`checking`, 0, 0)."""

_ERASE = "\r\x1b[K"


class Progress:
    def __init__(self, stream: TextIO, delay: float = 1.0, every: float = 0.1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.delay = delay
        self.every = every
        self.drawn_at: float | None = None
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.start < self.delay:
            return
        # a new phase and the last count of one are always drawn; the rest at most every
        # `every` seconds
        news = phase != self.phase or (total and done >= total)
        if not news and self.drawn_at is not None and now - self.drawn_at < self.every:
            return
        self.drawn_at, self.phase = now, phase
        counted = f" {done:,}/{total:,} files" if total else "…"
        self._write(f"{_ERASE}refgraph: {phase}{counted}")

    def close(self) -> None:
        """Erase the line, if one was drawn, so the report starts on a clean line."""
        if self.drawn_at is not None:
            self._write(_ERASE)
            self.drawn_at = None

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: the run goes on without it
            pass
