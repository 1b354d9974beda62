"""Where the incremental run keeps the graph of the last full run (`Snapshot`), one per root
and `only`, under `<cache dir>/graphs-r1/<2 hex>/<key>`.

A snapshot is Python's own serialisation (pickle) of the graph and what its rules found:
decoding it is what makes a run after an edit cheap, where rebuilding the objects from a
data format took as long as building the graph. Loading a pickle runs whatever it names,
so a snapshot is only read when it carries a keyed BLAKE2b tag made with a secret of 32
random bytes kept beside it (mode 0600, in a directory only this user can write,
`docs_index.cache.trust_problem`): whoever can forge one can already write this user's
files, as with Python's own `__pycache__`. Written to a temporary file and renamed, like
every cache entry; a missing, truncated, foreign or damaged snapshot is a miss, and the
run is a full one. At most `KEEP` snapshots are kept, newest by modification time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from docs_index.cache import trust_problem, write_private
from graph.incremental_patch import Snapshot

__all__ = ["LAYOUT", "SnapshotStore"]

LAYOUT = "graphs-r1"
KEEP = 8
"""Snapshots kept: each is the size of a graph in memory."""
MAX_BYTES = 4 * 1024 ** 3
_MAGIC = b"refgraph-graph-1\n"
_TAG = 32
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_own(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of ours, not followed through a link; None otherwise."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or (
                hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        try:
            return handle.read(limit + 1)
        except OSError:
            return None


class SnapshotStore:
    """Snapshots under `directory/graphs-r1/`; a directory others can write is not used."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.base = directory / LAYOUT
        self.refused = trust_problem(directory)

    def _file(self, key: str) -> Path:
        return self.base / key[:2] / key

    def _secret(self, create: bool) -> bytes | None:
        path = self.base / "secret"
        secret = _read_own(path, _TAG)
        if secret is not None and len(secret) == _TAG:
            return secret
        if not create:
            return None
        secret = os.urandom(_TAG)
        try:
            write_private(self.directory, self.base, path, secret)
        except OSError:
            return None
        return secret

    def load(self, key: str) -> Snapshot | None:
        if self.refused:
            return None
        secret = self._secret(create=False)
        blob = _read_own(self._file(key), MAX_BYTES) if secret is not None else None
        if secret is None or blob is None or not blob.startswith(_MAGIC):
            return None
        tag, payload = blob[len(_MAGIC):len(_MAGIC) + _TAG], blob[len(_MAGIC) + _TAG:]
        if not hmac.compare_digest(tag, _tag(secret, key, payload)):
            return None
        try:
            snapshot = pickle.loads(payload)
        except Exception:  # a tagged payload of another refgraph: any error is a miss
            return None
        return snapshot if isinstance(snapshot, Snapshot) else None

    def save(self, key: str, snapshot: Snapshot) -> None:
        """Write a snapshot atomically; a failure (a graph that cannot be pickled, a full
        disk) leaves the run's result as it is."""
        if self.refused:
            return
        secret = self._secret(create=True)
        if secret is None:
            return
        try:
            payload = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        if len(payload) > MAX_BYTES:
            return
        with contextlib.suppress(OSError):
            write_private(self.directory, self.base, self._file(key),
                          _MAGIC + _tag(secret, key, payload) + payload)
            self._prune()

    def _entries(self) -> Iterator[os.DirEntry]:
        with contextlib.suppress(OSError):
            for shard in list(os.scandir(self.base)):
                if shard.is_dir(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        yield from list(os.scandir(shard.path))

    def _prune(self) -> None:
        now = time.time()
        kept = []
        for entry in self._entries():
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if entry.name.startswith(".tmp-"):
                    if now - info.st_mtime > 24 * 3600:
                        os.unlink(entry.path)
                    continue
                kept.append((-info.st_mtime, entry.path))
        for _, path in sorted(kept)[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _tag(secret: bytes, key: str, payload: bytes) -> bytes:
    """Keyed by the secret, bound to the state's key: a snapshot copied to another key's
    name is not taken for it."""
    digest = hashlib.blake2b(key=secret, digest_size=_TAG)
    digest.update(key.encode("ascii") + b"\0")
    digest.update(payload)
    return digest.digest()
