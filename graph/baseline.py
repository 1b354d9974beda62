"""Baselines: adopt refgraph on a repository with known problems and fail only on new ones.

`refgraph baseline write FILE` records every finding's fingerprint (see `graph.fingerprints`:
no line numbers, so edits elsewhere do not invalidate it); `refgraph check --baseline FILE`
hides the findings it lists and names the entries that no longer occur (fixed since).
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docs_index.files import NotRegularFile, TooLarge, read_regular
from graph.findings import Finding

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used; one line naming the file."""


@dataclass(frozen=True)
class Matched:
    new: list[Finding]
    """Findings the baseline does not know: the ones a check reports."""
    known: int
    """Findings the baseline lists, not reported."""
    fixed: list[dict[str, object]]
    """Baseline entries no finding matches now."""


def baseline_text(findings: Sequence[Finding]) -> str:
    entries = [{"fingerprint": f.fingerprint, "rule": f.rule_id, "file": f.loc.path,
                "line": f.loc.line, "message": f.message} for f in sorted(findings)]
    payload = {"version": BASELINE_VERSION, "tool": "refgraph", "findings": entries}
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


MAX_LINE = 10**9
"""Larger line numbers are no file's: a baseline stating one was not written by refgraph."""
_FIELDS = ("fingerprint", "rule", "file", "message")


MAX_BASELINE_BYTES = 1 << 30
"""A baseline of a million findings is a few hundred MB; past this it is no baseline."""


def _read(path: Path) -> str:
    """The baseline's text; a FIFO or a device would block or never end, so only a regular
    file is opened, checked before opening and again on what was opened (the name may
    have been replaced in between), never waiting (`docs_index.files.read_regular`)."""
    try:
        # utf-8-sig: a BOM is what some editors add
        return read_regular(path, MAX_BASELINE_BYTES).decode("utf-8-sig")
    except NotRegularFile:
        raise BaselineError(f"{path}: cannot read baseline: not a regular file") from None
    except TooLarge as err:
        raise BaselineError(f"{path}: cannot read baseline: {err.size:,} bytes, over the "
                            f"{MAX_BASELINE_BYTES:,}-byte limit") from None
    except OSError as err:
        raise BaselineError(f"{path}: cannot read baseline: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise BaselineError(f"{path}: not a refgraph baseline (not UTF-8: byte "
                            f"0x{err.object[err.start]:02x} at offset {err.start})") from None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _decode(path: Path, text: str) -> object:
    """json.loads, with each way it can fail made one line: a syntax error (its line),
    NaN/Infinity (not JSON), an integer of more than 4,300 digits (ValueError), nesting
    deeper than Python's recursion limit (RecursionError)."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        raise BaselineError(f"{path}:{err.lineno}: not a refgraph baseline "
                            f"(invalid JSON)") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a refgraph baseline (invalid JSON: nested too "
                            "deeply)") from None
    except ValueError as err:
        raise BaselineError(f"{path}: not a refgraph baseline (invalid JSON: "
                            f"{str(err).split(';')[0]})") from None


def _entry(path: Path, n: int, entry: object) -> dict[str, object]:
    """One entry of `findings`, checked and reduced to the fields refgraph reads, so what
    else it holds (of any type, at any depth) never reaches a report."""
    where = f"{path}: not a refgraph baseline (findings[{n}]"
    if not isinstance(entry, dict):
        raise BaselineError(f"{where} is a {type(entry).__name__}, not an object)")
    for key in _FIELDS:
        if not isinstance(entry.get(key), str):
            raise BaselineError(f"{where}.{key} must be a string)")
    line = entry.get("line")
    if type(line) is not int or not 1 <= line <= MAX_LINE:  # bool is an int too
        raise BaselineError(f"{where}.line must be a whole number from 1 to {MAX_LINE:,})")
    if ":" not in entry["fingerprint"]:
        raise BaselineError(f"{where}.fingerprint is not a refgraph fingerprint)")
    return {key: entry[key] for key in (*_FIELDS, "line")}


def load_baseline(path: Path) -> list[dict[str, object]]:
    """The entries of the baseline at `path`; any file that is not one is a
    `BaselineError` naming it (and the line or the entry at fault)."""
    payload = _decode(path, _read(path))
    if (not isinstance(payload, dict) or payload.get("tool") != "refgraph"
            or not isinstance(payload.get("findings"), list)):
        raise BaselineError(f"{path}: not a refgraph baseline "
                            "(write one with `refgraph baseline write FILE`)")
    version = payload.get("version")
    if type(version) is not int or version != BASELINE_VERSION:
        # repr() of whatever the file holds could be megabytes long, or nested too deeply
        shown = repr(version) if isinstance(version, int | str) and len(repr(version)) < 40 \
            else "of this kind"
        raise BaselineError(f"{path}: baseline version {shown} is not "
                            f"supported (expected {BASELINE_VERSION}); write it again")
    return [_entry(path, n, entry) for n, entry in enumerate(payload["findings"])]


def _key(fingerprint: str) -> str:
    return fingerprint.rsplit(":", 1)[0]


def _nearest_pairs(found: list[int], listed: list[int]) -> tuple[set[int], set[int]]:
    """Pair line numbers of findings (`found`) with those of baseline entries (`listed`),
    the closest pair first, as long as both sides have some left; returns the indexes of
    each side that were paired.

    Greedy by distance, but over neighbours only: in one dimension the closest pair left
    is always two neighbours of the merged, sorted lines (anything between them would be
    closer to one of them), so a heap of neighbouring pairs does in O(n log n) what
    sorting every pair did in O(n * m): 4,000 alike findings were 16 million pairs."""
    items = sorted([(line, 0, i) for i, line in enumerate(found)]
                   + [(line, 1, j) for j, line in enumerate(listed)])
    prev = list(range(-1, len(items) - 1))
    nxt = list(range(1, len(items) + 1))
    alive = [True] * len(items)
    heap: list[tuple[int, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        if a >= 0 and b < len(items) and items[a][1] != items[b][1]:
            f, e = (a, b) if items[a][1] == 0 else (b, a)
            heapq.heappush(heap, (items[b][0] - items[a][0], items[f][2], items[e][2], a, b))

    for k in range(len(items) - 1):
        push(k, k + 1)
    used_f: set[int] = set()
    used_e: set[int] = set()
    while heap:
        _, i, j, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b] and nxt[a] == b):
            continue  # one side was paired since, or they are no longer neighbours
        used_f.add(i)
        used_e.add(j)
        alive[a] = alive[b] = False
        before, after = prev[a], nxt[b]
        if before >= 0:
            nxt[before] = after
        if after < len(items):
            prev[after] = before
        push(before, after)
    return used_f, used_e


def match_baseline(findings: Sequence[Finding],
                   entries: Sequence[dict[str, object]]) -> Matched:
    """Pair findings with baseline entries of the same fingerprint hash. When a file has
    several alike (the same broken link twice) and their number changed, the pairs are the
    nearest by line, so the one fixed or added is the one named."""
    found: dict[str, list[Finding]] = defaultdict(list)
    listed: dict[str, list[int]] = defaultdict(list)
    for finding in findings:
        found[_key(finding.fingerprint)].append(finding)
    for n, entry in enumerate(entries):
        listed[_key(str(entry["fingerprint"]))].append(n)
    new: list[Finding] = []
    fixed_at: set[int] = set()
    for key in found.keys() | listed.keys():
        mine, theirs = found.get(key, []), listed.get(key, [])
        used_f, used_e = _nearest_pairs([f.loc.line for f in mine],
                                        [int(entries[n]["line"]) for n in theirs])  # type: ignore[call-overload]
        new += [f for i, f in enumerate(mine) if i not in used_f]
        fixed_at.update(n for j, n in enumerate(theirs) if j not in used_e)
    fixed = [entries[n] for n in sorted(fixed_at)]
    return Matched(sorted(new), len(findings) - len(new), fixed)
