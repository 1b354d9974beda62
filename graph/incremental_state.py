"""The run state's content and its encoding (`graph.incremental`): what a `check` found and
what it found it in, as digest-framed, zlib-compressed JSON, decoded as untrusted input
(every field checked for type; anything else is a ValueError, which the store counts as
a miss)."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import Any

from docs_index.model import Location
from graph.findings import Finding, Related, Severity
from graph.report.summary import RunStats

_MAGIC = b"refgraph-run-2\n"
MAX_STATE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Inputs:
    """The corpus as a run found it: each listed file's stat and hash, every folder."""

    files: dict[str, tuple[int, str, str]]
    """path → (size, the rest of its stat as `graph.incremental._stat` writes it,
    BLAKE2b of the bytes)."""
    dirs: tuple[str, ...]
    markdown: tuple[str, ...]
    taken: float
    """When the stats were taken (seconds since the epoch)."""

    def digest(self) -> str:
        h = hashlib.blake2b(digest_size=20)
        for path in sorted(self.files):
            size, _, content = self.files[path]
            h.update(f"f\0{path}\0{size}\0{content}\n".encode("utf-8", "surrogateescape"))
        for name, paths in (("d", self.dirs), ("m", self.markdown)):
            for path in paths:
                h.update(f"{name}\0{path}\n".encode("utf-8", "surrogateescape"))
        return h.hexdigest()



@dataclass(frozen=True)
class Outcome:
    """What a `check` run reports: enough to print every format and every line on
    standard error, without the graph."""

    findings: list[Finding]
    stats: RunStats
    site_lines: tuple[str, ...]
    """What the run said on standard error about how it read the corpus."""
    warnings: tuple[str, ...]
    """Settings that match nothing (`graph.settings.setting_warnings`)."""
    missing: tuple[str, ...]
    """The missing link targets, asked again (`why_ignored`) before reuse."""
    ignored: dict[str, str]
    """Those of them on disk but left out of the corpus, and why."""


# -- encoding ---------------------------------------------------------------------------------

def _loc(loc: Location) -> list[Any]:
    return [loc.path, loc.line, loc.col]


def _finding(f: Finding) -> list[Any]:
    return [_loc(f.loc), f.rule_id, f.message, f.severity.value, f.suggestion, f.target,
            [[_loc(r.loc), r.message] for r in f.related], f.fingerprint]


def encode(key: str, engine_id: str, config: str, inputs: Inputs, outcome: Outcome) -> bytes:
    stats = outcome.stats
    payload = {
        "key": key, "engine": engine_id, "config": config, "taken": inputs.taken,
        "files": [[p, *v] for p, v in sorted(inputs.files.items())],
        "dirs": list(inputs.dirs), "markdown": list(inputs.markdown),
        "findings": [_finding(f) for f in outcome.findings],
        "stats": [stats.files, stats.documents, stats.links, list(stats.sites),
                  stats.unchecked_references],
        "site_lines": list(outcome.site_lines), "warnings": list(outcome.warnings),
        "missing": list(outcome.missing), "ignored": sorted(outcome.ignored.items()),
    }
    body = zlib.compress(json.dumps(payload, allow_nan=False, separators=(",", ":"),
                                    ensure_ascii=False).encode("utf-8", "surrogatepass"),
                         1)  # the fastest level: written after every run, read once
    return _MAGIC + hashlib.blake2b(body, digest_size=16).digest() + body


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _int(value: object, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ValueError("not a count")
    return value


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _location(value: object) -> Location:
    path, line, col = _list(value)
    return Location(_str(path), _int(line), _int(col))


def _decode_finding(value: object) -> Finding:
    loc, rule, message, severity, suggestion, target, related, fingerprint = _list(value)
    return Finding(_location(loc), _str(rule), _str(message), Severity(_str(severity)),
                   _str(suggestion), _str(target),
                   tuple(Related(_location(r[0]), _str(r[1]))
                         for r in map(_list, _list(related))), _str(fingerprint))


@dataclass(frozen=True)
class State:
    engine: str
    config: str
    inputs: Inputs
    outcome: Outcome


def decode(key: str, blob: bytes) -> State:
    """The state in `blob`; ValueError for anything but an intact state of this layout
    made for `key`."""
    head = len(_MAGIC) + 16
    if not blob.startswith(_MAGIC) or len(blob) < head:
        raise ValueError("not a state")
    body = blob[head:]
    if hashlib.blake2b(body, digest_size=16).digest() != blob[len(_MAGIC):head]:
        raise ValueError("digest mismatch")
    inflater = zlib.decompressobj()
    raw = inflater.decompress(body, MAX_STATE_BYTES)
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("too large or truncated")
    payload = json.loads(raw.decode("utf-8", "surrogatepass"))
    if not isinstance(payload, dict) or payload.get("key") != key:
        raise ValueError("another run's state")
    taken = payload["taken"]
    if not isinstance(taken, float):
        raise ValueError("bad time")
    files = {}
    for row in map(_list, _list(payload["files"])):
        path, size, stamp, content = row
        files[_str(path)] = (_int(size), _str(stamp), _str(content))
    inputs = Inputs(files, tuple(map(_str, _list(payload["dirs"]))),
                    tuple(map(_str, _list(payload["markdown"]))), taken)
    n_files, documents, links, sites, unchecked = _list(payload["stats"])
    if not all(isinstance(s, dict) for s in _list(sites)):
        raise ValueError("bad sites")
    stats = RunStats(_int(n_files), _int(documents), _int(links), tuple(sites),
                     _int(unchecked))
    ignored = {_str(k): _str(v) for k, v in map(_list, _list(payload["ignored"]))}
    outcome = Outcome([_decode_finding(f) for f in _list(payload["findings"])], stats,
                      tuple(map(_str, _list(payload["site_lines"]))),
                      tuple(map(_str, _list(payload["warnings"]))),
                      tuple(map(_str, _list(payload["missing"]))), ignored)
    return State(_str(payload["engine"]), _str(payload["config"]), inputs, outcome)
