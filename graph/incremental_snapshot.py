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
(`graph.incremental.engine`), so another version's is not even decoded; a keyed BLAKE2b
tag (a secret of 32 random bytes kept beside it, mode 0600) and the state's key bind it
to this cache and this root, so a damaged or copied one is a miss. A cache directory
others can write is not used (`docs_index.cache.trust_problem`). Written to a temporary
file and renamed, like every cache entry; a missing, truncated, foreign or damaged
snapshot is a miss, and the run is a full one. At most `KEEP` snapshots are kept, newest
by modification time.

Each file's headings and anchors (`LAZY`) are pickled apart, one blob per file, and stay
packed in the loaded graph (`g.graph["packed"]`) until `hydrate` makes a file whole: only
the link rules read them, and a patched run's link rules read them of the files its
judged links reach. Each file's links are pickled apart too, one blob per file
(`_FileLinks`), and each LINKS_TO edge's `links` is a `PackedLinks` that unpacks its
file's blob the first time a rule reads it, so a run reads the links it judges. Making
every heading and every link again was most of loading a snapshot.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import hmac
import io
import os
import pickle
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from docs_index.cache import trust_problem, write_private
from graph.incremental import prune, read_own
from graph.incremental_patch import Snapshot
from graph.model import EdgeKind

__all__ = ["LAYOUT", "LAZY", "PackedLinks", "SnapshotStore", "hydrate"]

LAYOUT = "graphs-r1"
KEEP = 8
"""Snapshots kept: each is the size of a graph in memory."""
MAX_BYTES = 4 * 1024 ** 3
_MAGIC = b"refgraph-graph-3\n"
LAZY = ("headings", "anchors", "github_anchors", "exact_fragments")
"""Node attributes a snapshot keeps packed until `hydrate`: only the focused link rules
read them (`graph.checks.FOCUSED`), and only of the targets of the links they judge."""
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
            write_private(self.directory, self.base, path, secret)
        except OSError:
            return None
        return secret

    def load(self, key: str, engine: str) -> Snapshot | None:
        """The snapshot of `key` written by this refgraph (`engine`), or None."""
        if self.refused:
            return None
        secret = self._secret(create=False)
        blob = read_own(self._file(key), MAX_BYTES) if secret is not None else None
        head = len(_MAGIC) + _TAG + _ENGINE
        if secret is None or blob is None or not blob.startswith(_MAGIC) \
                or blob[len(_MAGIC) + _TAG:head] != engine.encode("ascii"):
            return None
        # read where they lie: slicing would copy a payload of hundreds of megabytes
        tag, payload = blob[len(_MAGIC):len(_MAGIC) + _TAG], memoryview(blob)[len(_MAGIC) + _TAG:]
        if not hmac.compare_digest(tag, _tag(secret, key, payload)):
            return None
        try:
            stream = io.BytesIO(blob)  # shares the bytes
            stream.seek(head)
            snapshot = _Unpickler(stream).load()
        except Exception:  # anything a damaged or crafted payload raises is a miss
            return None
        if not isinstance(snapshot, Snapshot) or not isinstance(snapshot.graph, nx.MultiDiGraph) \
                or not isinstance(snapshot.graph.graph.get("packed"), dict):
            return None
        return snapshot

    def save(self, key: str, snapshot: Snapshot) -> None:
        """Write a snapshot atomically; a failure (a graph that cannot be pickled, no
        memory or disk left for it) leaves the run's result as it is."""
        if self.refused or len(snapshot.engine) != _ENGINE:
            return
        secret = self._secret(create=True)
        if secret is None:
            return
        try:
            with _packed(snapshot.graph):
                payload = snapshot.engine.encode("ascii") + pickle.dumps(
                    snapshot, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError,
                MemoryError, UnicodeError):
            return
        if len(payload) > MAX_BYTES:
            return
        with contextlib.suppress(OSError, MemoryError):
            write_private(self.directory, self.base, self._file(key),
                          _MAGIC + _tag(secret, key, payload) + payload)
            self._prune()

    def _prune(self) -> None:
        prune(self.base, KEEP)


@dataclasses.dataclass(eq=False)
class _FileLinks:
    """One file's links, the `links` of each of its LINKS_TO edges in order, pickled as one
    blob; unpacked once, by the first of its edges a rule reads."""

    blob: bytes

    def __reduce__(self) -> tuple[Any, ...]:  # the blob, never what was unpacked from it
        return _FileLinks, (self.blob,)

    def unpacked(self) -> list[list[dict[str, Any]]]:
        made = self.__dict__.get("made")
        if made is None:
            try:
                made = _Unpickler(io.BytesIO(self.blob)).load()
            except Exception as error:  # anything a damaged blob raises
                raise pickle.UnpicklingError(f"packed links: {error}") from error
            if not isinstance(made, list) or not all(isinstance(x, list) for x in made):
                raise pickle.UnpicklingError("packed links: not a list of links")
            self.__dict__["made"] = made
        return made


@dataclasses.dataclass(eq=False)
class PackedLinks(Sequence[dict[str, Any]]):
    """The `links` of a LINKS_TO edge of a loaded snapshot: a sequence like the list a
    build makes, equal to it, its file's blob unpacked when first read. Raises
    `pickle.UnpicklingError` when that blob is not what `_packed` wrote."""

    file: _FileLinks
    at: int
    """Which of the file's LINKS_TO edges, in order."""
    size: int

    def __reduce__(self) -> tuple[Any, ...]:
        return PackedLinks, (self.file, self.at, self.size)

    def _links(self) -> list[dict[str, Any]]:
        made = self.file.unpacked()
        if not 0 <= self.at < len(made) or len(made[self.at]) != self.size:
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


@contextlib.contextmanager
def _packed(g: nx.MultiDiGraph) -> Iterator[None]:
    """`g` packed while it is pickled, and put back after: each node's `LAZY` attributes
    moved into `g.graph["packed"]`, one blob per node (a node not made whole since the
    snapshot was loaded keeps its blob), and each file's links into one `_FileLinks`
    (those never read since keep theirs)."""
    kept = g.graph.get("packed")
    blobs = {node: blob for node, blob in (kept or {}).items() if node in g}
    taken: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {}
    lists: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    try:
        for node, attrs in g.nodes(data=True):
            lazy = {name: attrs[name] for name in LAZY if name in attrs}
            if lazy:
                order = tuple(attrs)
                blobs[node] = pickle.dumps((order, lazy), protocol=pickle.HIGHEST_PROTOCOL)
                taken[node] = order, lazy
                for name in lazy:
                    del attrs[name]
            edges = [data for keyed in g._succ[node].values() for data in keyed.values()
                     if data["kind"] == EdgeKind.LINKS_TO
                     and not isinstance(data["links"], PackedLinks)]
            if edges:
                file = _FileLinks(pickle.dumps([data["links"] for data in edges],
                                               protocol=pickle.HIGHEST_PROTOCOL))
                for index, data in enumerate(edges):
                    lists.append((data, data["links"]))
                    data["links"] = PackedLinks(file, index, len(data["links"]))
        g.graph["packed"] = blobs
        yield
    finally:
        for data, links in lists:
            data["links"] = links
        for node, (order, lazy) in taken.items():
            _restore(g.nodes[node], order, lazy)
        if kept is None:
            g.graph.pop("packed", None)
        else:
            g.graph["packed"] = kept


def hydrate(g: nx.MultiDiGraph, nodes: Iterable[str]) -> None:
    """Make `nodes` whole: each one's `LAZY` attributes unpacked from the snapshot, in
    their place among its attributes. A node already whole, or never packed, is left as
    it is. Raises `pickle.UnpicklingError` for a blob that is not what `_packed` writes."""
    blobs = g.graph.get("packed")
    if not blobs:
        return
    for node in nodes:
        blob = blobs.pop(node, None)
        if blob is None or node not in g:
            continue
        try:
            order, lazy = _Unpickler(io.BytesIO(blob)).load()
        except Exception as error:  # anything a damaged blob raises
            raise pickle.UnpicklingError(f"{node}: {error}") from error
        if not (isinstance(order, tuple) and isinstance(lazy, dict)
                and set(lazy) <= set(LAZY)):
            raise pickle.UnpicklingError(f"{node}: not a packed node")
        _restore(g.nodes[node], order, lazy)


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
    digest = hashlib.blake2b(key=secret, digest_size=_TAG)
    digest.update(key.encode("ascii") + b"\0")
    digest.update(payload)
    return digest.digest()
