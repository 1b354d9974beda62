"""A content-addressed cache of parse results, so an unchanged file is never parsed twice.

An entry is keyed by a hash of the file's path and bytes, refgraph's version, the versions of
the parser libraries and the source of the reader itself (`salt()`): any change to what
parsing depends on is a new key, never a stale hit. An entry holds the `Document` (block
lines excepted: they are cut again from the file's text, read anyway to hash it) and the
file's problems, as plain tuples: `marshal` writes and reads them fast and, unlike pickle,
never runs code. Each entry carries a BLAKE2 digest of its payload and is written to a
temporary file and renamed into place, so concurrent runs never see half an entry; one that
is truncated, corrupt or of another layout fails its digest or its decoding, counts as a
miss and is parsed and written again. After a run that wrote entries, the oldest entries
(by modification time; a hit refreshes it at most once a day) go until the cache is back
under its size bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from docs_index.model import (
    Anchor,
    Block,
    BlockKind,
    Directive,
    DirectiveKind,
    Document,
    Heading,
    Link,
    LinkKind,
    Location,
    Problem,
    RefUse,
)

LAYOUT = 1
"""Version of the entry layout below; part of the directory name."""
_MAGIC = b"RGC1"
_DIGEST = 16
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_TOUCH_AFTER = 24 * 3600
_LIBRARIES = ("refgraph", "markdown-it-py", "mdit-py-plugins", "python-frontmatter", "PyYAML")


def salt() -> bytes:
    """What a parse result depends on besides the file: versions, and the reader's source
    (an edited checkout keeps its version number, and must not get old results)."""
    parts = []
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=?")
    digest = hashlib.blake2b(";".join(parts).encode(), digest_size=16)
    here = Path(__file__).parent
    for name in ("cache.py", "front_matter.py", "markdown.py", "model.py", "slugs.py",
                 "suppress.py"):
        digest.update((here / name).read_bytes())
    return digest.digest()


# -- Document <-> plain tuples --------------------------------------------------------------

def as_tuple(doc: Document, problems: list[Problem]) -> tuple:
    """`doc` and its problems as tuples of str/int/None, paths and block lines left out."""
    blocks = tuple((b.kind.value, b.line, len(b.lines), b.text, b.level, b.item, b.info, b.code)
                   for b in doc.blocks)
    return (
        doc.title, doc.front_matter, doc.front_matter_lines,
        tuple((h.loc.line, h.loc.col, h.level, h.text, h.slug, h.base_slug)
              for h in doc.headings),
        tuple((a.loc.line, a.loc.col, a.name) for a in doc.anchors),
        tuple((k.loc.line, k.loc.col, k.target, k.text, k.kind.value, k.block, k.label)
              for k in doc.links),
        tuple((r.loc.line, r.loc.col, r.label, r.text, r.defined) for r in doc.ref_uses),
        blocks, doc.words, doc.line_count,
        tuple((d.loc.line, d.loc.col, d.kind.value, d.rules) for d in doc.directives),
        tuple((p.loc.line, p.loc.col, p.rule_id, p.detail, p.hint) for p in problems),
    )


def from_tuple(path: str, text: str, data: tuple,
               blocks: bool = True) -> tuple[Document, list[Problem]]:
    """The inverse of `as_tuple`, for the file at `path` whose text is `text`; without its
    blocks unless `blocks`.

    Raises TypeError, ValueError, IndexError or KeyError on what is not such a tuple."""
    (title, front, front_lines, headings, anchors, links, ref_uses, block_data, words,
     line_count, directives, problems) = data
    lines = text.split("\n") if blocks else []
    kinds = {k.value: k for k in BlockKind}
    link_kinds = {k.value: k for k in LinkKind}
    if not isinstance(front, dict) or not isinstance(front_lines, dict):
        raise TypeError("front matter is not a mapping")
    doc = Document(
        path=path, title=str(title), front_matter=front, front_matter_lines=front_lines,
        headings=tuple(Heading(Location(path, line, col), level, text_, slug, base)
                       for line, col, level, text_, slug, base in headings),
        anchors=tuple(Anchor(Location(path, line, col), name) for line, col, name in anchors),
        links=tuple(Link(Location(path, line, col), target, text_, link_kinds[kind], block,
                         label)
                    for line, col, target, text_, kind, block, label in links),
        ref_uses=tuple(RefUse(Location(path, line, col), label, text_, defined)
                       for line, col, label, text_, defined in ref_uses),
        blocks=tuple(Block(kinds[kind], line, tuple(lines[line - 1 : line - 1 + count]),
                           text_, level, item, info, code)
                     for kind, line, count, text_, level, item, info, code in block_data)
        if blocks else (),
        words=int(words), line_count=int(line_count),
        directives=tuple(Directive(Location(path, line, col), DirectiveKind(kind), rules)
                         for line, col, kind, rules in directives),
    )
    return doc, [Problem(Location(path, line, col), rule_id, detail, hint)
                 for line, col, rule_id, detail, hint in problems]


def pack(data: tuple) -> bytes:
    """An entry: magic, digest of the payload, payload (compressed marshal)."""
    payload = zlib.compress(marshal.dumps(data), 1)
    return _MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def unpack(blob: bytes) -> tuple | None:
    """The tuple of an entry, or None when it is not one intact entry."""
    head = len(_MAGIC) + _DIGEST
    if len(blob) <= head or not blob.startswith(_MAGIC):
        return None
    payload = blob[head:]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[len(_MAGIC) : head]:
        return None
    try:
        data = marshal.loads(zlib.decompress(payload))
    except (ValueError, EOFError, TypeError, zlib.error):
        return None
    return data if isinstance(data, tuple) else None


# -- the store ------------------------------------------------------------------------------

@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    """Entries found but not trusted (bad digest or layout); also counted as misses."""
    written: int = 0
    evicted: int = 0


@dataclass
class ParseCache:
    """Entries under `directory/v<LAYOUT>/<2 hex>/<key>`; nothing is ever written elsewhere."""

    directory: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    stats: CacheStats = field(default_factory=CacheStats)
    _salt: bytes = b""
    _broken: str = ""

    def __post_init__(self) -> None:
        self._salt = salt()
        self.base = self.directory / f"v{LAYOUT}"

    @property
    def problem(self) -> str:
        """Why the cache could not be written, if it could not (the run goes on without)."""
        return self._broken

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
        missing, unreadable or not intact (the file is then parsed again)."""
        try:
            with open(self._file(key), "rb") as handle:
                blob = handle.read()
                age = time.time() - os.fstat(handle.fileno()).st_mtime
        except OSError:
            self.stats.misses += 1
            return None
        data = unpack(blob)
        try:
            if data is None:
                raise ValueError("not an intact entry")
            result = from_tuple(path, text, data, blocks)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            self.stats.misses += 1
            self.stats.corrupt += 1
            return None
        self.stats.hits += 1
        if age > _TOUCH_AFTER:
            with contextlib.suppress(OSError):
                os.utime(self._file(key))
        return result

    def put(self, key: str, blob: bytes) -> None:
        """Write an entry atomically (temporary file, then rename); failures only disable
        writing for the rest of the run."""
        if self._broken:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as err:
            self._broken = f"{self.directory}: {err.strerror or err}"
            return
        self.stats.written += 1

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
        over it; leftover temporary files of crashed runs older than a day go too."""
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
            entries.append((info.st_mtime, info.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return
        for _, size, path in sorted(entries):
            if total <= self.max_bytes * 0.8:
                break
            if _unlink(path):
                total -= size
                self.stats.evicted += 1


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True
