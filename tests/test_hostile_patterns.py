"""Every regular expression refgraph runs over user text stays linear: each compiled
pattern of `posts/`, `graph/` and `docs_index/` searches long runs of spaces, words and
`](` (with a failing end, after the prefixes its alternatives start with) in a child
process with a timeout. A pattern whose quantifiers overlap (`\\s*` then `\\s+`, a lazy
`[a-z ]*?` after `\\s*`, a lazy bold label before `\\s*` twice) took seconds to minutes on
such a run; the set of them took under two seconds once rewritten. Digit runs reach the
guideline patterns only after `mask_long_numbers` (no run left of more than 9 digits), so
they are tried through the functions that read guidelines and times."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from posts.post import _BOLD_LABEL, _front_matter_link
from tests.conftest import ROOT

_MATCH_ONLY = ("posts.post._OF", "posts.stats._SEPARATOR")
"""Patterns only ever tried with `.match` at one place (after a link, after a statistic),
which reads the run once: their leading `\\s*` is no search start."""

_SCAN = r"""
import importlib, pkgutil, re, sys, time
found = {}
for package in ("posts", "graph", "docs_index"):
    for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        for name, value in vars(importlib.import_module(info.name)).items():
            for item in value if isinstance(value, tuple) else (value,):
                for rx in item if isinstance(item, tuple) else (item,):
                    if isinstance(rx, re.Pattern):
                        found.setdefault(rx.pattern, (f"{info.name}.{name}", rx))
slowest = (0.0, "")
for name, rx in found.values():
    if name in sys.argv[1:]:
        continue
    for prefix in ("", "1", "at least ", "#", "~", "(", "post #", "**", "__"):
        for unit in (" ", "\t", "a ", "1 ", "]("):
            start = time.perf_counter()
            rx.search(prefix + unit * 10_000 + "\x00")
            slowest = max(slowest, (time.perf_counter() - start, f"{name} on {prefix!r} {unit!r}"))
print(len(found), f"{slowest[0]:.3f}", slowest[1])
"""


def test_no_pattern_backtracks_over_a_long_run() -> None:
    done = subprocess.run([sys.executable, "-c", _SCAN, *_MATCH_ONLY], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    count, seconds, where = done.stdout.split(maxsplit=2)
    assert int(count) > 100  # every module's patterns were found
    # a linear search of 20,000 characters takes milliseconds; an overlapping one, seconds
    assert float(seconds) < 1, where


_DIGITS = r"""
from docs_index.model import Location
from posts.guidelines import parse_measures
from posts.text import parse_minutes
loc = Location("blog/BACKLOG.md", 1, 1)
for run in ("1" * 200_000, "1," * 100_000, "1 " * 100_000, "1" + " " * 200_000):
    for line in (f"Length: {run} words!", f"Length: at least {run}!", f"Posts (#{run}!",
                 f"Words: {run} words or more!", f"{run}x"):
        parse_measures(line, loc)
    parse_minutes(f"({run}!")
"""


def test_guidelines_and_times_read_long_digit_runs_in_linear_time() -> None:
    done = subprocess.run([sys.executable, "-c", _DIGITS], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("item", [
    "[Title](03-x.md)", "03-x.md", "a](b](c)", "[x]()", "[x](a b)(c)", "[a](b) [c](d)",
    "](", "]()", "x ](y)", "[t](one)two)", "[a](b\tc)", "](](](x)", "[a]( b)", ")](c)",
])
def test_a_front_matter_link_is_read_as_the_old_pattern_read_it(item: str) -> None:
    old = re.search(r"\]\(([^)\s]+)\)", item)
    assert _front_matter_link(item) == (old.group(1) if old else None)


_OLD_BOLD_LABEL = re.compile(
    r"^\s*(\*\*|__)(?P<label>[^*_\n]{1,60}?)\s*(?P<inner>:)?\s*\1\s*(?P<outer>:)?\s*(?P<rest>.*)$")


@pytest.mark.parametrize("line", [
    "**Problem**: the log grows", "**Further Reading**:", "**Summary:** in short",
    "  __Next__ : later", "**a  :  **  :  x", "**a b  **", "** **", "****", "**x*y**",
    "**Label**\n", "**Label**: a\nb", "**" + "a" * 61 + "**", "**" + "a" * 60 + "**",
    "**a" + " " * 70 + "**", "__a**", "**a:**:", "\t**\ta\t:\t**\t:\tz", "**:**",
])
def test_a_bold_label_is_read_as_the_old_pattern_read_it(line: str) -> None:
    old, new = _OLD_BOLD_LABEL.match(line), _BOLD_LABEL.match(line)
    assert (new and new.groupdict()) == (old and old.groupdict())
