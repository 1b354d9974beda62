"""Where the incremental run keeps the graph of the last full run (`Snapshot`), one per root
and `only`, under `<cache dir>/graphs-r1/<2 hex>/<key>`.

A snapshot is Python's own serialisation (pickle) of the graph and what its rules found:
decoding it is what makes a run after an edit cheap, where rebuilding the objects from a
data format took as long as building the graph. A pickle names the functions and classes
it calls, so a snapshot is read as untrusted input, like every cache entry (a cache may be
restored from another CI run): `_Unpickler` resolves only the graph's own classes
(networkx's graph and view classes, refgraph's data classes and enums, plain containers,
dates), so a crafted snapshot can at worst make wrong findings, as a crafted parse-cache
entry could, never run code. Its header names the refgraph that wrote it
(`graph.incremental.engine`), so another version's is not even decoded; an HMAC-SHA-256
tag (a secret of 32 random bytes kept beside it, mode 0600) and the state's key bind it
to this cache and this root, so a damaged or copied one is a miss. A cache directory
others can write is not used (`docs_index.cache.trust_problem`). Written to a temporary
file and renamed, like every cache entry; a missing, truncated, foreign or damaged
snapshot is a miss, and the run is a full one. At most `KEEP` snapshots are kept, newest
by modification time.

Each file's headings and anchors (`LAZY`, with its reference uses when all are defined),
and each file's links, are packed apart (the links into posts of every file in one part,
a file's others in one part each), written after the pickle (`_Appendix`), which holds
each part's place and digest (`_Part`). The tag covers the pickle alone, and a part is
checked when it is read. The pickle is two, read by one unpickler (`_dump`, `_load`): the
LINKS_TO edges, each written once, follow the rest without a number in the pickler's memo.
In the loaded graph a file's headings and anchors stay packed (`g.graph["packed"]`) until
`hydrate` makes it whole: only the link rules read them, of the targets of the links they
judge that name a fragment. Each LINKS_TO edge's `links` is a `PackedLinks` that unpacks
its part the first time a rule reads it. Making every heading and every link again
was most of loading a snapshot, and the tag over all of it a tenth.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import enum
import hashlib
import hmac
import io
import os
import pickle
import shutil
import stat
import sys
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from docs_index.cache import trust_problem, write_private, write_private_with
from graph.incremental import _READ_FLAGS, prune, read_own
from graph.incremental_patch import Snapshot
from graph.model import EdgeKind, NodeKind

__all__ = ["LAYOUT", "LAZY", "PackedLinks", "SnapshotStore", "hydrate"]

LAYOUT = "graphs-r1"
KEEP = 8
"""Snapshots kept: each is the size of a graph in memory."""
MAX_BYTES = 4 * 1024 ** 3
_MAGIC = b"refgraph-graph-5\n"
_LENGTH = 8
"""Bytes of the pickle's length, after the engine: the packed parts follow the pickle."""
LAZY = ("headings", "anchors", "github_anchors", "exact_fragments")
"""Node attributes a snapshot keeps packed until `hydrate`: only the focused link rules
read them (`graph.checks.FOCUSED`), and only of the target of a link they judge that
names a fragment (`graph.incremental_run._fragment_targets`). A file's `ref_uses` are
packed with them when every use is defined: RG103 reads the undefined uses of every file,
RG101 and RG104 the uses of the files whose links they judge, which are made whole."""
_TAG = 32
_ENGINE = 40
"""Hex digits of `graph.incremental.engine()`, after the tag."""
_OWN = ("docs_index.", "graph.", "posts.")
_NETWORKX = frozenset({"networkx.classes.graph", "networkx.classes.digraph",
                       "networkx.classes.multigraph", "networkx.classes.multidigraph",
                       "networkx.classes.coreviews", "networkx.classes.reportviews"})
_PLAIN = {
    "builtins": frozenset({"set", "frozenset", "list", "dict", "tuple", "int", "float",
                           "str", "bytes", "bool", "complex", "slice", "range"}),
    "collections": frozenset({"OrderedDict", "defaultdict", "Counter", "deque"}),
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    "pathlib": frozenset({"PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath"}),
    # a string a Docusaurus configuration wrote, with where (its `__reduce__` makes it)
    "docs_index.sites.docusaurus_js": frozenset({"JsStr"}),
}


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
        secret = read_own(path, _TAG)
        if secret is not None and len(secret) == _TAG:
            return secret
        if not create:
            return None
        secret = os.urandom(_TAG)
        try:
            write_private(self.directory, self.base, path, secret, replace=False)
        except FileExistsError:  # another first run made it meanwhile: theirs is the one
            secret = read_own(path, _TAG)
            return secret if secret is not None and len(secret) == _TAG else None
        except OSError:
            return None
        return secret

    def load(self, key: str, engine: str) -> Snapshot | None:
        """The snapshot of `key` written by this refgraph (`engine`), or None. Only the
        pickle is read; the packed parts after it are read where they lie, when a rule
        unpacks one (`_FileBytes`)."""
        if self.refused:
            return None
        secret = self._secret(create=False)
        opened = _open_own(self._file(key), MAX_BYTES) if secret is not None else None
        if secret is None or opened is None:
            return None
        fd, size = opened
        kept = False
        try:
            head = len(_MAGIC) + _TAG + _ENGINE
            start = _read_at(fd, 0, head + _LENGTH)
            if len(start) < head + _LENGTH or not start.startswith(_MAGIC) \
                    or start[len(_MAGIC) + _TAG:head] != engine.encode("ascii"):
                return None
            end = head + _LENGTH + int.from_bytes(start[head:], "big")
            blob = _read_at(fd, 0, end) if end <= size else b""
            if len(blob) != end:
                return None
            # read where they lie: slicing would copy tens of megabytes
            tag = blob[len(_MAGIC):len(_MAGIC) + _TAG]
            payload = memoryview(blob)[len(_MAGIC) + _TAG:end]
            if not hmac.compare_digest(tag, _tag(secret, key, payload)):
                return None
            try:
                stream = io.BytesIO(blob)  # shares the bytes
                stream.seek(head + _LENGTH)
                snapshot = _load(_Unpickler(stream))
            except Exception:  # anything a damaged or crafted payload raises is a miss
                return None
            if not isinstance(snapshot, Snapshot) \
                    or not isinstance(snapshot.graph, nx.MultiDiGraph) \
                    or not isinstance(snapshot.graph.graph.get("packed"), dict) \
                    or not isinstance(snapshot.graph.graph.get("appendix"), _Appendix):
                return None
            snapshot.graph.graph["appendix"].data = _FileBytes(fd, end, size - end)
            kept = True
            return snapshot
        finally:
            if not kept:
                os.close(fd)

    def save(self, key: str, snapshot: Snapshot, consume: bool = False) -> None:
        """Write a snapshot atomically; a failure (a graph that cannot be pickled, no
        memory or disk left for it) leaves the run's result as it is. With `consume`,
        each file's headings, anchors and links are let go once packed, so that what
        packing makes takes the memory they held; the graph is then of no further use
        (even when writing failed)."""
        if self.refused or len(snapshot.engine) != _ENGINE:
            return
        secret = self._secret(create=True)
        if secret is None:
            return
        target = self._file(key)
        try:
            write_private_with(self.directory, self.base, target,
                               lambda out: _write(out, target.parent, secret, key, snapshot,
                                                  consume))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError,
                MemoryError, UnicodeError, OverflowError, pickle.UnpicklingError,
                OSError, _TooLarge):
            return  # UnpicklingError: a part carried over that does not read
        self._prune()

    def _prune(self) -> None:
        prune(self.base, KEEP)


def _open_own(path: Path, limit: int) -> tuple[int, int] | None:
    """A descriptor of a regular file of ours of at most `limit` bytes, not followed
    through a link, and its size; None otherwise (as `graph.incremental.read_own`)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > limit or (
            hasattr(os, "getuid") and info.st_uid != os.getuid()):
        os.close(fd)
        return None
    return fd, info.st_size


def _read_at(fd: int, offset: int, length: int) -> bytes:
    """Up to `length` bytes of `fd` from `offset`: fewer at the end of the file, none when
    it cannot be read. A seek and a read where the system has no `pread` (Windows): only
    this module reads the descriptor, one part at a time."""
    pread = getattr(os, "pread", None)
    chunks = []
    while length > 0:
        try:
            if pread is not None:
                chunk = pread(fd, length, offset)
            else:
                os.lseek(fd, offset, os.SEEK_SET)
                chunk = os.read(fd, length)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
        length -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class _FileBytes:
    """The bytes of a snapshot's file after its pickle, read where they lie when a part is
    unpacked: reading them with the pickle read 109 of 145 MB at N=100, of which a run
    after an edit unpacks a few. The descriptor stays open while the graph holds the parts
    (closed with this object), so a snapshot replaced or pruned meanwhile is still the one
    read; bytes changed in place fail their part's digest."""

    def __init__(self, fd: int, start: int, size: int) -> None:
        self.fd, self.start, self.size = fd, start, size
        weakref.finalize(self, os.close, fd)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, span: slice) -> bytes:
        begin, end, _ = span.indices(self.size)
        return _read_at(self.fd, self.start + begin, max(0, end - begin))


@dataclasses.dataclass(eq=False)
class _Appendix:
    """The packed parts a snapshot's file holds after its pickle, read where they lie.
    Pickled as nothing: `SnapshotStore.load` gives it the file's bytes after the pickle
    (`data`, a `_FileBytes`), and `_packed` the parts it writes."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _Appendix, ()


@dataclasses.dataclass(eq=False)
class _Part:
    """One packed part (a file's headings and anchors, or its links): where it lies in the
    appendix and its digest. The tag covers the pickle, which holds the digests, so a
    part is checked when it is read, and a run reads few. Unpacked once."""

    appendix: _Appendix
    offset: int
    length: int
    digest: bytes

    def __reduce__(self) -> tuple[Any, ...]:  # never what was unpacked from it
        return _Part, (self.appendix, self.offset, self.length, self.digest)

    def read(self) -> bytes:
        data = self.appendix.__dict__.get("data")
        part = bytes(data[self.offset:self.offset + self.length]) \
            if data is not None and self.offset >= 0 else b""
        if len(part) != self.length or not hmac.compare_digest(_digest(part), self.digest):
            raise pickle.UnpicklingError("a packed part is not what was written")
        return part

    def unpacked(self) -> Any:
        if "made" not in self.__dict__:
            try:
                self.__dict__["made"] = _Unpickler(io.BytesIO(self.read())).load()
            except Exception as error:  # anything a damaged or crafted part raises
                raise pickle.UnpicklingError(f"a packed part: {error}") from error
        return self.__dict__["made"]


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclasses.dataclass(eq=False, slots=True)
class PackedLinks(Sequence[dict[str, Any]]):
    """The `links` of a LINKS_TO edge of a loaded snapshot: a sequence like the list a
    build makes, equal to it, its file's part unpacked when first read. Raises
    `pickle.UnpicklingError` when that part is not what `_packed` wrote."""

    file: _Part
    """The links of some LINKS_TO edges, in order: those into posts of every file, or the
    others of one file."""
    at: int
    """Which of those edges, in order."""
    size: int

    def __reduce__(self) -> tuple[Any, ...]:
        return PackedLinks, (self.file, self.at, self.size)

    def _links(self) -> list[dict[str, Any]]:
        made = self.file.unpacked()
        if not isinstance(made, list) or not 0 <= self.at < len(made) \
                or not isinstance(made[self.at], list) or len(made[self.at]) != self.size:
            raise pickle.UnpicklingError("packed links: not the edge's links")
        return made[self.at]

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: Any) -> Any:
        return self._links()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._links())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedLinks):
            other = other._links()
        return isinstance(other, list) and self._links() == other

    __hash__ = None  # type: ignore[assignment]  # as a list's


_BLOCK = 64 * 1024
"""Bytes read at a time to tag the pickle and to copy the parts behind it."""


class _TooLarge(Exception):
    """The snapshot would be over `MAX_BYTES`: not kept."""


def _write(out: BinaryIO, folder: Path, secret: bytes, key: str, snapshot: Snapshot,
           consume: bool) -> None:
    """The snapshot's file, written as it is made, so its bytes are never all in memory
    (at N=100 joining the header, the pickle and 100 MB of parts took 230 to 370 MB more
    than the graph): the parts go to an unnamed spool file as they are packed, the pickle
    streams into `out` after a header whose length and tag are filled in once it is
    written (the tag read back from the file, as BLAKE2b takes its input in order),
    then the spool is copied after it. Raises what pickling raises, and `_TooLarge`."""
    head = len(_MAGIC) + _TAG
    with tempfile.TemporaryFile(dir=folder) as spool:
        with _packed(snapshot.graph, spool, consume) as writer:
            out.write(_MAGIC + bytes(_TAG) + snapshot.engine.encode("ascii") + bytes(_LENGTH))
            _dump(out, snapshot)
        end = out.tell()
        if end + writer.size > MAX_BYTES:
            raise _TooLarge
        out.seek(head + _ENGINE)
        out.write((end - head - _ENGINE - _LENGTH).to_bytes(_LENGTH, "big"))
        out.seek(head)
        digest = _tagger(secret, key)
        for block in iter(lambda: out.read(min(_BLOCK, end - out.tell())), b""):
            digest.update(block)
        out.seek(len(_MAGIC))
        out.write(digest.digest())
        out.seek(end)
        spool.seek(0)
        shutil.copyfileobj(spool, out, _BLOCK)


def _dump(out: BinaryIO, snapshot: Snapshot) -> None:
    """The snapshot's pickle, in two: first the snapshot with the LINKS_TO edges that
    share their (source, target) with no other edge taken out of their key dicts, then
    those edges' keys and data. The pickler numbers every object it writes (its memo:
    16 bytes each, in a table that doubles as it fills) so that one written twice is
    written once; these edges' data and their `PackedLinks` are written once anyway, and
    were 1.1 of 2.2 million numbered objects at N=100 (a table of 64 MiB, 96 MiB while it
    grew, at a cold run's peak). The second pickle is written unnumbered (`fast`): what it
    shares with the first (the key names, the parts, the classes: `atoms`) is numbered
    there. The unpickler reading the second skips as many memo entries (`_load`)."""
    keyed, keys, datas = _apart(snapshot.graph)
    try:
        atoms = [EdgeKind.LINKS_TO, PackedLinks,
                 *{id(name): name for data in datas for name in data}.values(),
                 *{id(data["links"].file): data["links"].file for data in datas}.values()]
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump((snapshot, keyed, atoms))
        # nothing below is shared but through `atoms`; `fast` is documented as deprecated
        # (yet kept, in C, by every Python since 2.x): where it is gone the second pickle
        # is numbered too, bigger in memory and as right
        if hasattr(pickler, "fast"):
            pickler.fast = True
        pickler.dump((keys, datas))
    finally:
        _fill(keyed, keys, datas)


def _apart(g: nx.MultiDiGraph) -> tuple[list[dict[Any, Any]], list[Any], list[Any]]:
    """The key dicts of `g` holding packed LINKS_TO edges alone, emptied: each key dict
    once per edge it held, with the edges' keys and data in order (`_fill` puts them
    back). A key dict is shared by a source's successors and its target's predecessors,
    so it stays in the first pickle, numbered."""
    keyed: list[dict[Any, Any]] = []
    keys: list[Any] = []
    datas: list[Any] = []
    links_to = EdgeKind.LINKS_TO
    for nbrs in g._succ.values():
        for keydict in nbrs.values():
            for data in keydict.values():
                if len(data) != 2 or data.get("kind") is not links_to \
                        or type(data.get("links")) is not PackedLinks:
                    break
            else:
                keyed.extend([keydict] * len(keydict))
                keys.extend(keydict)
                datas.extend(keydict.values())
                keydict.clear()
    return keyed, keys, datas


def _fill(keyed: list[dict[Any, Any]], keys: list[Any], datas: list[Any]) -> None:
    """Each edge of `keys` and `datas` back in its key dict, in order (`_apart`); in C,
    one call per edge."""
    collections.deque(map(dict.__setitem__, keyed, keys, datas), maxlen=0)


def _load(unpickler: pickle.Unpickler) -> Any:
    """The snapshot `_dump` wrote: its two pickles read by one unpickler, whose memo the
    second shares with the first, and the edges of the second put back in their key
    dicts. Raises what a damaged or crafted payload makes it raise."""
    snapshot, keyed, _ = unpickler.load()
    keys, datas = unpickler.load()
    if not (type(keyed) is type(keys) is type(datas) is list
            and len(keyed) == len(keys) == len(datas)):
        raise pickle.UnpicklingError("the edges apart are not those taken out")
    _fill(keyed, keys, datas)
    return snapshot


class _Writer:
    """The parts of the snapshot being written, in the order they follow its pickle,
    each written to `spool` as it is made."""

    def __init__(self, spool: BinaryIO) -> None:
        self.appendix = _Appendix()
        self.spool = spool
        self.size = 0
        self.moved: dict[int, _Part] = {}

    def add(self, data: bytes) -> _Part:
        part = _Part(self.appendix, self.size, len(data), _digest(data))
        self.spool.write(data)
        self.size += len(data)
        return part

    def keep(self, part: _Part) -> _Part:
        """A part of the snapshot the graph was loaded from, never unpacked since: its
        bytes carried over as they are."""
        if part.appendix is self.appendix:
            return part
        if id(part) not in self.moved:
            self.moved[id(part)] = self.add(part.read())
        return self.moved[id(part)]


@contextlib.contextmanager
def _packed(g: nx.MultiDiGraph, spool: BinaryIO, consume: bool = False) -> Iterator[_Writer]:
    """`g` packed while it is pickled, and put back after: each node's `LAZY` attributes
    in one part (`g.graph["packed"]`; a node not made whole since the snapshot was loaded
    keeps its part), the links into posts of every file in one part, and each file's
    other links in a part of its own (links no rule read keep their part). The parts are
    the writer's, written to `spool` as they are made, to follow the pickle. With
    `consume` nothing is put back: what was packed is let go as it is packed
    (`SnapshotStore.save`)."""
    writer = _Writer(spool)
    kept = {name: g.graph[name] for name in ("packed", "appendix") if name in g.graph}
    parts = {node: writer.keep(part) for node, part in kept.get("packed", {}).items()
             if node in g}
    taken: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {}
    # LINKS_TO edge attributes and their `links` before packing, to put back: one list
    # per part, not a pair per edge (361k edges at N=100)
    swapped: list[tuple[list[dict[str, Any]], list[Any]]] = []
    into_posts: list[dict[str, Any]] = []
    try:
        for node, attrs in g.nodes(data=True):
            lazy = {name: attrs[name] for name in LAZY if name in attrs}
            uses = attrs.get("ref_uses")
            if uses and all(use.defined for use in uses):
                lazy["ref_uses"] = uses  # RG103 reads the undefined ones of every file
            if lazy:
                order = tuple(attrs)
                parts[node] = writer.add(pickle.dumps((order, lazy),
                                                      protocol=pickle.HIGHEST_PROTOCOL))
                if not consume:
                    taken[node] = order, lazy
                for name in lazy:
                    del attrs[name]
            # a file's links into posts go to one part for every file, the rest to a part
            # of its own: the whole-corpus rules that read links (RG309, RG404) read every
            # post's links into posts, and those alone (a tenth of a post's links)
            others: list[dict[str, Any]] = []
            for dst, keyed in g._succ[node].items():
                edges = (data for data in keyed.values() if data["kind"] == EdgeKind.LINKS_TO)
                (into_posts if g._node[dst]["kind"] == NodeKind.POST else others).extend(edges)
            _pack_links(writer, others, swapped, consume)
        _pack_links(writer, into_posts, swapped, consume)
        g.graph.update(packed=parts, appendix=writer.appendix)
        yield writer
    finally:
        for edges, before in swapped:
            for data, links in zip(edges, before, strict=True):
                data["links"] = links
        for node, (order, lazy) in taken.items():
            _restore(g.nodes[node], order, lazy)
        for name in ("packed", "appendix"):
            g.graph.pop(name, None)
        g.graph.update(kept)


def _pack_links(writer: _Writer, edges: list[dict[str, Any]],
                swapped: list[tuple[list[dict[str, Any]], list[Any]]], consume: bool) -> None:
    """The links of `edges` (LINKS_TO edge data) in one new part, but for those still
    packed, which keep theirs; the edges and their links as they were go to `swapped`,
    unless `consume` lets them go."""
    if not edges:
        return
    before = [data["links"] for data in edges]
    made = [links for links in before if not isinstance(links, PackedLinks)]
    part = writer.add(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)) if made else None
    if not consume:
        swapped.append((edges, before))
    at = 0
    for data, links in zip(edges, before, strict=True):
        if isinstance(links, PackedLinks):
            data["links"] = PackedLinks(writer.keep(links.file), links.at, links.size)
        else:
            data["links"] = PackedLinks(part, at, len(links))
            at += 1


def hydrate(g: nx.MultiDiGraph, nodes: Iterable[str]) -> None:
    """Make `nodes` whole: each one's `LAZY` attributes unpacked from the snapshot, in
    their place among its attributes. A node already whole, or never packed, is left as
    it is. Raises `pickle.UnpicklingError` for a part that is not what `_packed` wrote."""
    parts = g.graph.get("packed")
    if not parts:
        return
    for node in nodes:
        part = parts.pop(node, None)
        if part is None or node not in g:
            continue
        made = part.unpacked() if isinstance(part, _Part) else None
        if not (isinstance(made, tuple) and len(made) == 2 and isinstance(made[0], tuple)
                and isinstance(made[1], dict) and set(made[1]) <= {*LAZY, "ref_uses"}):
            raise pickle.UnpicklingError(f"{node}: not a packed node")
        _restore(g.nodes[node], *made)


def _restore(attrs: dict[str, Any], order: tuple[str, ...], lazy: dict[str, Any]) -> None:
    """`lazy` back in `attrs`, every attribute where `order` had it, later ones after."""
    merged = {name: lazy[name] if name in lazy else attrs[name]
              for name in order if name in lazy or name in attrs}
    merged.update((name, value) for name, value in attrs.items() if name not in merged)
    attrs.clear()
    attrs.update(merged)


class _Unpickler(pickle.Unpickler):
    """Resolves only what a snapshot holds, by exact module and name: networkx's graph and
    view classes, refgraph's data classes (those without `__post_init__`, whose
    construction does nothing but set fields) and enums, each defined in the module named,
    plain containers, dates and paths. A pickle can call only what it can name, so
    nothing else runs. Never a dotted name (`Graph.add_node.__class__` would reach any
    type through an allowed one), never a module the run has not imported."""

    def find_class(self, module: str, name: str) -> object:
        if "." not in name:
            if name in _PLAIN.get(module, ()):
                return super().find_class(module, name)
            loaded = sys.modules.get(module) if (
                module in _NETWORKX or module.startswith(_OWN)) else None
            found = getattr(loaded, name, None)
            if isinstance(found, type) and found.__module__ == module and (
                    module in _NETWORKX or issubclass(found, enum.Enum)
                    or dataclasses.is_dataclass(found) and "__post_init__" not in vars(found)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a snapshot")


def _tag(secret: bytes, key: str, payload: bytes | memoryview) -> bytes:
    """Keyed by the secret, bound to the state's key: a snapshot copied to another key's
    name is not taken for it."""
    digest = _tagger(secret, key)
    digest.update(payload)
    return digest.digest()


def _tagger(secret: bytes, key: str) -> Any:
    """The tag's hash before the payload (`_tag`), for a payload given in pieces. HMAC
    with SHA-256, which processors hash in hardware (SHA-NI, ARMv8's SHA extensions):
    tagging the 40 MB pickle of N=100 took 22 ms where keyed BLAKE2b took 42."""
    digest = hmac.new(secret, digestmod=hashlib.sha256)
    digest.update(key.encode("ascii") + b"\0")
    return digest
