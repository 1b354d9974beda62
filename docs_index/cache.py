"""A content-addressed cache of parse results, so an unchanged file is never parsed twice.

An entry is keyed by a hash of the file's path and bytes, refgraph's version, the versions
of the parser libraries, the parser chosen (`REFGRAPH_PARSER`) and the source of the reader
itself (`salt()`): any change to what parsing depends on is a new key, never a stale hit.
An entry holds the `Document` (block lines excepted: they are cut again from the file's
text, read anyway to hash it) and the file's problems (`docs_index.cache_entry`, which
decodes an entry as untrusted input). Each entry is written to a temporary file and renamed
into place, so concurrent runs never see half an entry; one that is truncated, corrupt, of
another layout or not a regular file of ours counts as a miss and is parsed and written
again. After a run that wrote entries, the oldest entries (by modification time; a hit
refreshes it at most once a day) go until the disk space the cache takes is back under its
bound.

Who can write the cache decides what a run finds, as who can write `~/.ssh` decides who
logs in: a cache directory that others can write (group- or world-writable, owned by
someone else, or under such a directory without the sticky bit) is not used at all
(`trust_problem`); the run goes on without it and says so once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

from docs_index.cache_entry import as_tuple, from_tuple, pack, payload_limit, unpack
from docs_index.cache_layouts import remove_layout
from docs_index.model import Document, Problem
from docs_index.parsers import chosen_parser

__all__ = ["DEFAULT_MAX_BYTES", "LAYOUT", "CacheStats", "ParseCache", "as_tuple",
           "from_tuple", "pack", "payload_limit", "salt", "trust_problem", "unpack"]

LAYOUT = 2
"""Version of the entry layout (`cache_entry.py`); part of the directory name."""
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""An entry file larger than this is not read (nor written): no parse result of a file
under the default `max-file-size` comes near it."""
_TOUCH_AFTER = 24 * 3600
_RESCAN_AFTER = 3600
"""Seconds after which `prune` looks at every entry again, whatever it recorded."""
_LIBRARIES = ("refgraph", "markdown-it-py", "mdit-py-plugins", "python-frontmatter", "PyYAML",
              "pyromark")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""Opening an entry never follows a link (to /dev/zero, to another user's file) and never
waits (a FIFO at an entry's path would block `open` until someone writes it)."""


def salt() -> bytes:
    """What a parse result depends on besides the file: versions, the parser chosen
    (`REFGRAPH_PARSER`), and the reader's source (an edited checkout keeps its version
    number, and must not get old results)."""
    parts = [f"parser={chosen_parser()}"]
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=?")
    digest = hashlib.blake2b(";".join(parts).encode(), digest_size=16)
    here = Path(__file__).parent
    for name in ("cache.py", "cache_entry.py", "front_matter.py", "markdown.py", "model.py",
                 "slugs.py", "suppress.py", "text.py", "markdown_fast.py",
                 "source_scan.py", "parsers.py"):
        digest.update((here / name).read_bytes())
    return digest.digest()


def trust_problem(directory: Path) -> str:
    """Why the cache in `directory` must not be used, or "" when only this user (and the
    superuser) can write it: the directory, if it exists, is ours and not group- or
    world-writable, and every directory above it is ours or the superuser's and, if others
    can write it, sticky (`/tmp`), so no one else can swap the cache for theirs. The checks
    OpenSSH's StrictModes makes of `~/.ssh`; on systems without POSIX owners, none."""
    if not hasattr(os, "getuid"):
        return ""
    me = os.getuid()
    path = Path(os.path.realpath(directory))
    for current in (path, *path.parents):
        try:
            info = current.stat()
        except OSError:
            continue  # to be made by us (or failing to be, said then): what is above decides
        others_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        if current == path:
            if info.st_uid != me:
                return f"{current} is owned by another user"
            if others_write:
                return f"{current} is writable by other users (chmod go-w)"
        elif info.st_uid not in (me, 0):
            return f"{current} is owned by another user"
        elif others_write and not info.st_mode & stat.S_ISVTX:
            return f"{current} is writable by other users and not sticky (chmod go-w)"
    return ""


def write_private(directory: Path, base: Path, target: Path, blob: bytes,
                  replace: bool = True) -> None:
    """Write `blob` at `target` under `base` in `directory` as one rename (a temporary file
    in the same folder first, so a reader never sees half of it), every folder made ours
    alone whatever the umask: a group-writable shard would let others in. Raises OSError;
    with `replace` false, FileExistsError when `target` is there already (two runs making
    the same file keep the first one's), where the file system can tell."""
    write_private_with(directory, base, target, lambda handle: handle.write(blob), replace)


def write_private_with(directory: Path, base: Path, target: Path,
                       fill: Callable[[BinaryIO], object], replace: bool = True) -> None:
    """`write_private`, the bytes written by `fill` through a handle open for reading and
    writing (it may seek back to fill in a header), so a large file is never one object in
    memory. Whatever `fill` raises leaves no temporary file behind and is raised again."""
    try:  # the folders are made when missing, not tried before each of 14,000 entries
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    except FileNotFoundError:
        for made in (directory, base, target.parent):
            with contextlib.suppress(FileExistsError):
                made.mkdir(mode=0o700, parents=made is directory)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w+b") as handle:
            fill(handle)
        if not replace:
            try:
                os.link(tmp, target)  # fails if it exists, as a rename does not
            except FileExistsError:
                raise
            except OSError:
                pass  # no hard links here: a rename, as before
            else:
                Path(tmp).unlink(missing_ok=True)
                return
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the store ------------------------------------------------------------------------------

@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    """Entries found but not trusted (bad digest or layout); also counted as misses."""
    written: int = 0
    written_bytes: int = 0
    """Disk space the written entries take, counted in whole 4 KiB blocks (`prune`)."""
    evicted: int = 0


@dataclass
class ParseCache:
    """Entries under `directory/v<LAYOUT>/<2 hex>/<key>`; nothing is ever written elsewhere."""

    directory: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    stats: CacheStats = field(default_factory=CacheStats)
    _salt: bytes = b""
    _broken: str = ""
    _refused: str = ""

    def __post_init__(self) -> None:
        self._salt = salt()
        self.base = self.directory / f"v{LAYOUT}"
        self._refused = trust_problem(self.directory)

    @property
    def problem(self) -> str:
        """Why the cache could not be written, if it could not (the run goes on without)."""
        return self._broken

    @property
    def refused(self) -> str:
        """Why the cache is not used at all: others can write it (see `trust_problem`)."""
        return self._refused

    def absorb(self, stats: CacheStats, problem: str) -> None:
        """Add the counts and the write failure of a worker's copy of this cache."""
        for name in ("hits", "misses", "corrupt", "written", "written_bytes", "evicted"):
            setattr(self.stats, name, getattr(self.stats, name) + getattr(stats, name))
        if problem and not self._broken:
            self._broken = problem

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.blake2b(self._salt, digest_size=20)
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.base / key[:2] / key

    def get(self, key: str, path: str, text: str,
            blocks: bool = True) -> tuple[Document, list[Problem]] | None:
        """The parse result of the file at `path` with `text`, or None when the entry is
        missing, unreadable, not a regular file of ours, too large or not exactly what
        parsing `text` gives in shape (the file is then parsed again)."""
        if self._refused:
            self.stats.misses += 1
            return None
        blob, age = self._read(self._file(key))
        if blob is None:
            self.stats.misses += 1
            return None
        data = unpack(blob, payload_limit(text))
        try:
            if data is None:
                raise ValueError("not an intact entry")
            result = from_tuple(path, text, data, blocks)
        # cache_entry turns every bad field into ValueError; the rest is a second net
        except (ValueError, TypeError, IndexError, KeyError):
            self.stats.misses += 1
            self.stats.corrupt += 1
            return None
        self.stats.hits += 1
        if age > _TOUCH_AFTER:
            with contextlib.suppress(OSError):
                os.utime(self._file(key))
        return result

    def _read(self, file: Path) -> tuple[bytes | None, float]:
        """The bytes of an entry file and its age; None for what is not a regular file
        owned by this user, or is larger than an entry can be."""
        try:
            fd = os.open(file, _READ_FLAGS)
        except OSError:
            return None, 0.0
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES or (
                    hasattr(os, "getuid") and info.st_uid != os.getuid()):
                return None, 0.0
            try:  # no more than the entry holds: a read reserves its whole size first
                data = handle.read(min(MAX_ENTRY_BYTES, info.st_size) + 1)
                return data, time.time() - info.st_mtime
            except (OSError, MemoryError):
                return None, 0.0

    def put(self, key: str, blob: bytes) -> None:
        """Write an entry atomically (temporary file, then rename); failures only disable
        writing for the rest of the run."""
        if self._broken or self._refused or not blob or len(blob) > MAX_ENTRY_BYTES:
            return
        try:
            write_private(self.directory, self.base, self._file(key), blob)
        except OSError as err:
            self._broken = f"{self.directory}: {err.strerror or err}"
            return
        self.stats.written += 1
        self.stats.written_bytes += -(-len(blob) // 4096) * 4096

    def _entries(self) -> Iterator[os.DirEntry]:
        try:
            shards = list(os.scandir(self.base))
        except OSError:
            return
        for shard in shards:
            if shard.is_dir(follow_symlinks=False):
                try:
                    yield from os.scandir(shard.path)
                except OSError:
                    continue

    def prune(self) -> None:
        """Delete the oldest entries until the cache is under 80% of its bound, when it is
        over it; leftover temporary files of crashed runs older than a day go too, and
        the entries of previous layouts (`v1/`), which no run reads again. The
        bound is on disk space, not on the bytes in the entries: a file takes whole blocks
        (200,000 entries of 200 bytes are 40 MiB of data and 800 MiB of disk).

        The disk space found is recorded (`usage`): a run whose written entries keep the
        recorded space under the bound adds them to it and looks at nothing else (a
        stat of every entry took 0.2 s of a run after one edit at 28,000 entries). A
        record older than an hour is not trusted, as two runs may each have added their
        own to the same record."""
        if self._refused:
            return
        usage = self.base / "usage"
        recorded = _recorded(usage)
        if recorded is not None and recorded + self.stats.written_bytes <= self.max_bytes:
            self._record(usage, recorded + self.stats.written_bytes)
            return
        for layout in range(1, LAYOUT):
            remove_layout(self.directory / f"v{layout}")
        entries: list[tuple[float, int, str]] = []
        now = time.time()
        for entry in self._entries():
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(".tmp-"):
                if now - info.st_mtime > _TOUCH_AFTER:
                    _unlink(entry.path)
                continue
            entries.append((info.st_mtime, _disk_bytes(info), entry.path))
        total = sum(size for _, size, _ in entries)
        if total > self.max_bytes:
            for _, size, path in sorted(entries):
                if total <= self.max_bytes * 0.8:
                    break
                if _unlink(path):
                    total -= size
                    self.stats.evicted += 1
        self._record(usage, total)

    def _record(self, usage: Path, total: int) -> None:
        with contextlib.suppress(OSError):
            write_private(self.directory, self.base, usage, f"{total}\n".encode("ascii"))


def _recorded(usage: Path) -> int | None:
    """The disk space `prune` last recorded, if the record is recent and readable."""
    try:
        if time.time() - usage.stat().st_mtime > _RESCAN_AFTER:
            return None
        text = usage.read_bytes()[:32].decode("ascii").strip()
    except (OSError, UnicodeError):
        return None
    return int(text) if text.isdigit() else None


def _disk_bytes(info: os.stat_result) -> int:
    """The disk space a file takes (st_blocks counts 512-byte units, whatever the block
    size); its size where the system does not say (Windows)."""
    blocks = getattr(info, "st_blocks", None)
    return blocks * 512 if blocks is not None else info.st_size


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True
