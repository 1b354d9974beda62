"""Baselines: adopt refgraph on a repository with known problems and fail only on new ones.

`refgraph baseline write FILE` records every finding's fingerprint (see `graph.fingerprints`:
no line numbers, so edits elsewhere do not invalidate it); `refgraph check --baseline FILE`
hides the findings it lists and names the entries that no longer occur (fixed since).
"""

from __future__ import annotations

import json
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
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


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
            or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                       for e in payload["findings"])):
        raise BaselineError(f"{path}: not a refgraph baseline "
                            "(write one with `refgraph baseline write FILE`)")
    if payload.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {payload.get('version')!r} is not "
                            f"supported (expected {BASELINE_VERSION}); write it again")
    return payload["findings"]


def match_baseline(findings: Sequence[Finding],
                   entries: Sequence[dict[str, object]]) -> Matched:
    known = {str(e["fingerprint"]) for e in entries}
    current = {f.fingerprint for f in findings}
    new = [f for f in findings if f.fingerprint not in known]
    fixed = [e for e in entries if e["fingerprint"] not in current]
    return Matched(new, len(findings) - len(new), fixed)
