"""Standard output that fails the way a command line tool should: a reader that went away
(`refgraph check | head -1`) is no error, the command finishes and exits as it would have;
a write that fails (`> /dev/full`: no space left) is one line on standard error, exit 2.

Python raises both from whichever `write` or `flush` meets them, often the one at exit
after the command returned, and click turns a closed pipe into exit 1; so the stream is
wrapped once, where the program starts, rather than every `echo` guarded. No library
offers this; it is the recipe of Python's "Note on SIGPIPE" (signal module docs), without
giving up the exit status.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

import click

EXIT_USAGE = 2


class GuardedStdout:
    """A text stream passing everything to `stream`, but recording its first write error
    instead of raising it, and pointing file descriptor 1 to /dev/null from then on, so
    what is still buffered, and what is written later, goes nowhere instead of failing
    again. Raising would not do: click probes the stream with writes inside
    `except Exception` (`_is_binary_writer`), where an error would vanish. `finish` says
    what happened, once the command is done."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.failed: OSError | None = None

    def _failure(self, err: OSError) -> None:
        self.failed = self.failed or err
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            self._failure(err)
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            self._failure(err)

    def __getattr__(self, name: str) -> object:
        # encoding, errors, isatty, fileno, buffer: what click and print look up
        return getattr(self._stream, name)


def guard_stdout() -> GuardedStdout:
    """Wrap `sys.stdout` (once) and return the wrapper."""
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout)  # type: ignore[assignment]
    return sys.stdout  # type: ignore[return-value]


def finish(guarded: GuardedStdout, code: int | str | None) -> int | str | None:
    """The exit status once a command is done: its own after a closed pipe (the reader
    had what it wanted), 2 with one line on standard error after any other write error.
    Flushes first, as the interpreter's flush at exit would print a warning and exit 120."""
    guarded.flush()
    err = guarded.failed
    if err is None or isinstance(err, BrokenPipeError):
        return code
    click.echo(f"Error: cannot write standard output: {err.strerror or err}", err=True)
    return EXIT_USAGE
