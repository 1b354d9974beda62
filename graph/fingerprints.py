"""Fingerprints that identify a finding across edits, for baselines, `--diff-base` and SARIF.

A fingerprint hashes the rule, the file, the link target and the message with every number
taken out (line and column numbers, but also word counts, sizes and offsets that move when
text is added elsewhere in the file), so moving text, growing a post by a sentence, or
adding findings in other files does not change it. Two findings that hash alike in one
file (the same broken link written twice) are told apart by their order in the file:
`<hash>:1`, `<hash>:2`, like GitHub's `primaryLocationLineHash`; baselines pair them by
nearest line (`graph.baseline.match_baseline`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from graph.findings import Finding, changed_one, order

VERSION = "refgraph/v1"
"""The key in SARIF `partialFingerprints`; changes if the recipe below ever does."""

# `README.md:79:5`, `line 107`, `346 words`, `30,580 bytes`, `offset 605`: numbers that change
# when anything else in the file does; the file, rule and target still tell findings apart.
_NUMBERS = re.compile(r"\d+(?:[.,:]\d+)*")


def fingerprint_key(finding: Finding) -> str:
    message = _NUMBERS.sub("#", finding.message)
    text = "\0".join((finding.rule_id, finding.loc.path, finding.target, message))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def with_fingerprints(findings: Iterable[Finding]) -> list[Finding]:
    """`findings` without repeats, sorted, each with its fingerprint set. A repeat is a
    finding equal to one before it (same place, rule and message: what `order` holds), and
    the first is kept, as `dict.fromkeys` would keep it; finding repeats by that tuple, which
    sorting needs anyway, spares hashing each finding through the dataclass' `__hash__`."""
    by_place: dict[tuple[str, int, int, str, str], Finding] = {}
    for finding in findings:
        by_place.setdefault(order(finding), finding)
    seen: dict[str, int] = {}
    # one hash per distinct (rule, file, target, message): a line of 100,000 links to one
    # missing file gives 100,000 findings alike but for their positions
    keys: dict[tuple[str, str, str, str], str] = {}
    out = []
    for place in sorted(by_place):
        finding = by_place[place]
        alike = (place[3], place[0], finding.target, place[4])  # rule, file, target, message
        key = keys.get(alike)
        if key is None:
            key = keys[alike] = fingerprint_key(finding)
        number = seen[key] = seen.get(key, 0) + 1
        out.append(changed_one(finding, "fingerprint", f"{key}:{number}"))
    return out
