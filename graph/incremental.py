"""The incremental run, first slice: a `check` whose inputs did not change since the last
run gives that run's findings without reading, building or checking anything again.

What a run's findings depend on, and how each is compared (docs/performance.md, "The
incremental run"):

- refgraph itself: its version, its dependencies' versions, the parser chosen
  (`REFGRAPH_PARSER`) and the source of its own modules (`engine()`); the configuration
  as loaded (`repr(Config)`), the root, `only`;
- the corpus: every file discovery lists (`.gitignore` files and the ignored files git
  tracks included), every folder, and the bytes of each file. Stats come first (size,
  modification and change times, inode and device, and for a link its own stat and
  target: `_stat`); a file whose stat is what the last run recorded, and was older than
  that run by more than `RACY_SECONDS`, keeps its recorded hash; any other is hashed
  (BLAKE2b) again. A file written in the same tick as the last run could have changed
  without its stat changing, which is why git re-hashes "racily clean" entries too;
- the missing link targets that are on disk but ignored (`why_ignored`): asked again.

A site generator's corpus takes part as any other: its configuration files are in the
listing. A file it reads that the listing leaves out (a Docusaurus sidebars file named
outside the root) is not watched (docs/performance.md, "The incremental run"). Any
other doubt is a miss: a full run, whose result replaces the state.

The state is one file per root and `only` under the cache directory, beside the parse
cache (`runs-r1/<2 hex>/<key>`): magic, a BLAKE2b digest of the payload, then
zlib-compressed JSON, decoded as untrusted input (`graph.incremental_state`). It is
written to a temporary file and renamed, so concurrent runs each leave a whole state (the
last rename wins); one that is truncated, corrupt, of another layout or another version
is a miss. It is safe to delete.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from docs_index.cache import trust_problem, write_private
from docs_index.corpus import Listing
from docs_index.files import NotRegularFile, TooLarge, read_regular
from docs_index.parsers import chosen_parser
from graph.incremental_state import MAX_STATE_BYTES, Inputs, State, decode

__all__ = ["LAYOUT", "RACY_SECONDS", "RunStore", "engine", "prune", "read_own", "run_key",
           "settings_text", "still", "take_inputs", "unchanged"]

LAYOUT = "runs-r1"
RACY_SECONDS = 2.0
"""A file modified this close to the run that recorded it is hashed again, stat or not."""
KEEP_STATES = 64
"""States kept (newest first): one per root and `only` a user checks."""
_LIBRARIES = ("refgraph", "markdown-it-py", "mdit-py-plugins", "python-frontmatter",
              "PyYAML", "networkx", "platformdirs", "pyromark")
_PACKAGES = ("docs_index", "graph", "posts", "refgraph")


def engine() -> str:
    """What every finding depends on besides the corpus and the configuration: the Python
    and library versions, the parser chosen and the source of refgraph's own modules (an
    edited checkout keeps its version number, and must not get an old result)."""
    digest = hashlib.blake2b(f"{sys.version_info[:2]} {chosen_parser()}".encode(),
                             digest_size=20)
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?;".encode())
    top = Path(__file__).resolve().parent.parent
    for package in _PACKAGES:
        for source in sorted((top / package).rglob("*.py")):
            digest.update(source.relative_to(top).as_posix().encode() + b"\0")
            digest.update(source.read_bytes())
    return digest.hexdigest()


def settings_text(config: object) -> str:
    """The configuration as text that is the same in every process: `repr` would list a
    set's members in the order of this process' string hashes."""
    def plain(value: object) -> object:
        if isinstance(value, (set, frozenset)):
            return sorted(map(repr, value))
        return repr(value)

    fields = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else config
    return json.dumps(fields, sort_keys=True, default=plain)


def _stat(full: str) -> tuple[os.stat_result, str]:
    """`os.stat(full)` and what says a file is the one the last run hashed, as git's index
    does: size and mtime alone miss a replacement that keeps both (`cp -p`, `rsync -t`,
    unpacking a tar), whose change time, inode or device differ. For a symbolic link
    `os.stat` describes the target, so the link's own stat and where it points are added.
    A link to nothing (jekyll/jekyll's `test/source/_includes/tmp`) is described by its
    own stat: the listing holds it as a file, and a run reads nothing through it, so it
    must not keep every run of the corpus from being reused or patched.
    One system call for a file that is not a link."""
    link = os.lstat(full)
    if not stat.S_ISLNK(link.st_mode):
        return link, f"{link.st_mtime_ns} {link.st_ctime_ns} {link.st_ino} {link.st_dev}"
    try:
        info = os.stat(full)
    except FileNotFoundError:  # its target (or a folder on the way) is not there
        return link, " ".join(map(str, ["dangling", link.st_mtime_ns, link.st_ctime_ns,
                                        link.st_ino, os.readlink(full)]))
    parts = [info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev,
             "link", link.st_mtime_ns, link.st_ctime_ns, link.st_ino, os.readlink(full)]
    return info, " ".join(map(str, parts))


def take_inputs(listing: Listing, max_bytes: int,
                before: Inputs | None) -> Inputs | None:
    """Stat (and where needed hash) every listed file; None when one cannot be stat'ed or
    read (a name that is not UTF-8, a file gone since discovery): no reuse then."""
    taken = time.time()
    kept = before.files if before is not None else {}
    racy_after = (before.taken - RACY_SECONDS) * 1e9 if before is not None else 0.0
    files: dict[str, tuple[int, str, str]] = {}
    root = os.fspath(listing.root)
    for path in sorted(listing.files):
        full = os.path.join(root, path)  # a string: a `Path` per file was half the time
        try:
            info, stamp = _stat(full)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            # a link to nothing: where it points, which its size alone does not say
            files[path] = (info.st_size, stamp, f"link to {os.readlink(full)}"
                           if stat.S_ISLNK(info.st_mode) else f"mode {stat.S_IFMT(info.st_mode)}")
            continue
        old = kept.get(path)
        # the change time too must be old: a coarse clock could give a replacement made
        # just after the last run the ctime that run recorded
        if old is not None and old[:2] == (info.st_size, stamp) \
                and max(info.st_mtime_ns, info.st_ctime_ns) < racy_after:
            files[path] = old
            continue
        if info.st_size > max_bytes:  # never read by the run: its size is what it sees
            files[path] = (info.st_size, stamp, "too large")
            continue
        try:
            data = read_regular(full, max_bytes)
        except (OSError, NotRegularFile, TooLarge):
            return None
        files[path] = (info.st_size, stamp, hashlib.blake2b(data, digest_size=20).hexdigest())
    return Inputs(files, tuple(sorted(listing.dirs)), listing.markdown, taken)


def still(listing: Listing, inputs: Inputs, paths: Iterable[str]) -> bool:
    """Whether `paths` have the stat `inputs` recorded before the run read them: a file
    saved while a run reads it may have been read in either version, so that run's result
    is not kept (an editor's save, then a revert to the recorded bytes, would otherwise
    leave findings of bytes no longer on disk)."""
    root = os.fspath(listing.root)
    for path in paths:
        try:
            info, stamp = _stat(os.path.join(root, path))
            if (info.st_size, stamp) != inputs.files[path][:2]:
                return False
        except (OSError, ValueError, KeyError):
            return False
    return True


# -- the store --------------------------------------------------------------------------------

def run_key(root: Path, only: Sequence[str]) -> str:
    """Which state a run reads and replaces: one per root and set of paths asked for."""
    text = "\0".join((os.fspath(root.resolve()), *sorted(only)))
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@dataclass
class RunStore:
    """States under `directory/runs-r1/`; a directory others can write is not used, as for
    the parse cache (`docs_index.cache.trust_problem`)."""

    directory: Path

    def __post_init__(self) -> None:
        self.base = self.directory / LAYOUT
        self.refused = trust_problem(self.directory)

    def _file(self, key: str) -> Path:
        return self.base / key[:2] / key

    def load(self, key: str) -> State | None:
        if self.refused:
            return None
        blob = read_own(self._file(key), MAX_STATE_BYTES)
        if blob is None:
            return None
        try:
            return decode(key, blob)
        # `decode` checks each field; the rest is a second net for a state of another shape
        except (ValueError, TypeError, KeyError, IndexError, zlib.error, UnicodeError,
                RecursionError):
            return None

    def save(self, key: str, blob: bytes) -> None:
        """Write a state atomically; a failure leaves the run's result as it is."""
        if self.refused or len(blob) > MAX_STATE_BYTES:
            return
        with contextlib.suppress(OSError):
            write_private(self.directory, self.base, self._file(key), blob)
            self._prune()

    def _prune(self) -> None:
        prune(self.base, KEEP_STATES)


def read_own(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of ours of at most `limit` bytes, not followed through a
    link; None otherwise (a cache entry someone else put there is not read)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or (
                hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        try:  # no more than the file holds: a buffer of `limit` would be reserved first
            return handle.read(min(limit, info.st_size) + 1)
        except (OSError, MemoryError):
            return None


def prune(base: Path, keep: int) -> None:
    """Keep the `keep` newest files in the shards of `base`; temporary files of killed runs
    older than a day go too."""
    now = time.time()
    found = []
    with contextlib.suppress(OSError):
        for shard in list(os.scandir(base)):
            if not shard.is_dir(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                for entry in list(os.scandir(shard.path)):
                    with contextlib.suppress(OSError):
                        info = entry.stat(follow_symlinks=False)
                        if entry.name.startswith(".tmp-"):
                            if now - info.st_mtime > 24 * 3600:
                                os.unlink(entry.path)
                            continue
                        found.append((-info.st_mtime, entry.path))
    for _, path in sorted(found)[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def unchanged(state: State, engine_id: str, config: str, inputs: Inputs,
              ignored: Callable[[tuple[str, ...]], Mapping[str, str]]) -> bool:
    """Whether a cold run now would find what the run that wrote `state` found.
    `ignored`: why each of the missing targets that are on disk is left out, as
    `docs_index.unlisted.why_ignored` says now (asked last: it reads the disk)."""
    return (state.engine == engine_id and state.config == config
            and state.inputs.digest() == inputs.digest()
            and dict(ignored(state.outcome.missing)) == state.outcome.ignored)
