"""Baselines: adopt refgraph on a repository with known problems and fail only on new ones.

`refgraph baseline write FILE` records every finding's fingerprint (see `graph.fingerprints`:
no line numbers, so edits elsewhere do not invalidate it); `refgraph check --baseline FILE`
hides the findings it lists and names the entries that no longer occur (fixed since).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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


def load_baseline(path: Path) -> list[dict[str, object]]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise BaselineError(f"{path}: cannot read baseline: {err.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = f":{err.lineno}" if isinstance(err, json.JSONDecodeError) else ""
        raise BaselineError(f"{path}{line}: not a refgraph baseline (invalid JSON)") from None
    if (not isinstance(payload, dict) or payload.get("tool") != "refgraph"
            or not isinstance(payload.get("findings"), list)
            or not all(_is_entry(e) for e in payload["findings"])):
        raise BaselineError(f"{path}: not a refgraph baseline "
                            "(write one with `refgraph baseline write FILE`)")
    if payload.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {payload.get('version')!r} is not "
                            f"supported (expected {BASELINE_VERSION}); write it again")
    return payload["findings"]


def _key(fingerprint: str) -> str:
    return fingerprint.rsplit(":", 1)[0]


def _is_entry(entry: object) -> bool:
    return (isinstance(entry, dict)
            and all(isinstance(entry.get(k), str) for k in ("fingerprint", "rule", "file",
                                                            "message"))
            and isinstance(entry.get("line"), int) and ":" in entry["fingerprint"])


def match_baseline(findings: Sequence[Finding],
                   entries: Sequence[dict[str, object]]) -> Matched:
    """Pair findings with baseline entries of the same fingerprint hash. When a file has
    several alike (the same broken link twice) and their number changed, the pairs are the
    nearest by line, so the one fixed or added is the one named."""
    found: dict[str, list[Finding]] = defaultdict(list)
    listed: dict[str, list[dict[str, object]]] = defaultdict(list)
    for finding in findings:
        found[_key(finding.fingerprint)].append(finding)
    for entry in entries:
        listed[_key(str(entry["fingerprint"]))].append(entry)
    new: list[Finding] = []
    fixed_ids: set[int] = set()
    for key in sorted(found.keys() | listed.keys()):
        mine, theirs = found.get(key, []), listed.get(key, [])
        pairs = sorted((abs(f.loc.line - int(e["line"])), i, j)  # type: ignore[call-overload]
                       for i, f in enumerate(mine) for j, e in enumerate(theirs))
        used_f: set[int] = set()
        used_e: set[int] = set()
        for _, i, j in pairs:
            if i not in used_f and j not in used_e:
                used_f.add(i)
                used_e.add(j)
        new += [f for i, f in enumerate(mine) if i not in used_f]
        fixed_ids.update(id(e) for j, e in enumerate(theirs) if j not in used_e)
    fixed = [e for e in entries if id(e) in fixed_ids]
    return Matched(sorted(new), len(findings) - len(new), fixed)
