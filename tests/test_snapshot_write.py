"""Writing the snapshot (`graph.incremental_snapshot.SnapshotStore.save`) streams it to its
file: no copy of the file's bytes is ever in memory, and `check` (which needs no graph
after it) lets each file's links go as they are packed. The bytes written are the same
either way, and read back as the graph that was written."""

from __future__ import annotations

import errno
import io
import pickletools
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

import graph.incremental_snapshot
from graph.api import ReadOptions, analyze, list_files
from graph.checks import RULE_NAMES
from graph.config import load_config
from graph.incremental import engine, run_key, settings_text, take_inputs
from graph.incremental_patch import Snapshot, bare
from graph.incremental_run import RULE_CACHES, analyze_incrementally
from graph.incremental_snapshot import _MAGIC, SnapshotStore
from graph.incremental_state import Inputs
from graph.model import EdgeKind, edges_of
from graph.report.json import render_json


def _corpus(root: Path) -> None:
    """Files with many links each, so that the snapshot is mostly their packed links."""
    (root / "refgraph.toml").parent.mkdir(parents=True)
    (root / "refgraph.toml").write_text("")
    names = [f"doc-{n:02}.md" for n in range(40)]
    for n, name in enumerate(names):
        lines = [f"# Doc {n}", ""] + [f"## Part {p}" for p in range(10)]
        for step in range(1, 16):
            target = names[(n + step) % len(names)]
            lines += [f"See [part {p} of {target}]({target}#part-{p}) here." for p in range(8)]
        (root / name).write_text("\n\n".join(lines) + "\n")


def _inputs(root: Path) -> Inputs:
    config = load_config(root, None, RULE_NAMES)
    inputs = take_inputs(list_files(root, config)[0], config.max_file_size, None)
    assert inputs is not None
    return inputs


def _snapshot(root: Path, inputs: Inputs) -> Snapshot:
    config = load_config(root, None, RULE_NAMES)
    analysis = analyze(root, config, ReadOptions())
    g = analysis.graph.graph
    raw = g.pop("raw_findings")
    for name in RULE_CACHES:
        g.pop(name, None)
    return Snapshot(engine(), settings_text(config), inputs, analysis.graph, raw,
                    analysis.stats)


def _saved(store: SnapshotStore, key: str, snapshot: Snapshot, consume: bool) -> tuple[int, int]:
    """(the most memory traced while saving, above what was traced before; the memory
    traced after saving, less what was traced before), in bytes. Traced from before the
    snapshot was made (`tracing`), so that what it lets go counts."""
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    with bare(snapshot.graph):
        store.save(key, snapshot, consume=consume)
    after, peak = tracemalloc.get_traced_memory()
    return peak - before, after - before


@pytest.fixture
def tracing() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def test_the_snapshot_is_written_without_a_copy_of_it_in_memory(tmp_path: Path,
                                                                tracing: None) -> None:
    root = tmp_path / "corpus"
    _corpus(root)
    store, key = SnapshotStore(tmp_path / "cache"), run_key(root, ())
    snapshot = _snapshot(root, _inputs(root))
    assert len(list(edges_of(snapshot.graph, EdgeKind.LINKS_TO))) == 40 * 15 * 8
    peak, _ = _saved(store, key, snapshot, consume=False)
    size = store._file(key).stat().st_size
    # joining the pickle and the parts into one blob held the file twice over (2.3x here)
    assert peak < size, (peak, size)
    loaded = store.load(key, engine())
    assert loaded is not None
    assert sorted(loaded.graph.edges(keys=True)) == sorted(snapshot.graph.edges(keys=True))
    assert all(list(loaded.graph.edges[edge]["links"]) == snapshot.graph.edges[edge]["links"]
               for edge in snapshot.graph.edges(keys=True)
               if snapshot.graph.edges[edge]["kind"] == EdgeKind.LINKS_TO)


def test_a_consuming_save_lets_the_links_go_and_writes_the_same_bytes(
        tmp_path: Path, tracing: None) -> None:
    root = tmp_path / "corpus"
    _corpus(root)
    store, key = SnapshotStore(tmp_path / "cache"), run_key(root, ())
    inputs = _inputs(root)
    kept_peak, kept_after = _saved(store, key, _snapshot(root, inputs), consume=False)
    written = store._file(key).read_bytes()
    consumed_peak, consumed_after = _saved(store, key, _snapshot(root, inputs), consume=True)
    assert store._file(key).read_bytes() == written
    # kept: the graph is put back as it was; consumed: its links and headings are gone
    assert kept_after < 64 * 1024 < 2 * len(written) < -consumed_after, \
        (kept_after, consumed_after, len(written))
    assert consumed_peak < kept_peak


def test_a_disk_full_while_writing_leaves_no_snapshot_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pickle is on disk before the parts are copied behind it: a failure then (a full
    disk) must leave neither a half snapshot nor its temporary file, and the run's
    report as it is."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root)
    config = load_config(root, None, RULE_NAMES)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(graph.incremental_snapshot.shutil, "copyfileobj", full)
    done = analyze_incrementally(root, config, ReadOptions(cache_dir=cache), keep_graph=False)
    assert done.graph.graph["incremental"] == "full" and done.graph.number_of_nodes() == 0
    assert render_json(done.report()) == render_json(analyze(root, config, ReadOptions()).report())
    left = sorted(p.name for p in (cache / "graphs-r1").rglob("*") if p.is_file())
    assert left == ["secret"]
    monkeypatch.undo()
    with (root / "doc-00.md").open("a") as doc:
        doc.write("\nOne more line.\n")
    again = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
    assert again.graph.graph["incremental"] == "full"  # no snapshot to patch
    assert (cache / "graphs-r1" / run_key(root, ())[:2] / run_key(root, ())).is_file()


def _memoized(pickles: bytes) -> tuple[int, int]:
    """(objects numbered in the pickler's memo, pickles) of a snapshot's pickles."""
    stream, numbered, count = io.BytesIO(pickles), 0, 0
    while stream.tell() < len(pickles):
        numbered += sum(op.name in ("MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT")
                        for op, _, _ in pickletools.genops(stream))
        count += 1
    return numbered, count


def test_the_edges_written_once_are_not_numbered(tmp_path: Path) -> None:
    """The pickler numbers each object it writes (16 bytes of its memo each, 96 MiB at
    N=100 at a cold run's peak), so that one written twice is written once; a LINKS_TO
    edge's data and its `PackedLinks` are written once, in a second pickle without
    numbers. Read back, the graph is the one written: each node's successors and
    predecessors, and their edges, in order."""
    root = tmp_path / "corpus"
    _corpus(root)
    store, key = SnapshotStore(tmp_path / "cache"), run_key(root, ())
    snapshot = _snapshot(root, _inputs(root))
    g = snapshot.graph
    links_to = sum(kind == EdgeKind.LINKS_TO for _, _, kind in g.edges(data="kind"))
    with bare(g):
        store.save(key, snapshot)
    blob = store._file(key).read_bytes()
    head = len(_MAGIC) + 32 + 40
    end = head + 8 + int.from_bytes(blob[head:head + 8], "big")
    numbered, pickles = _memoized(blob[head + 8:end])
    # a key dict, shared by a source's successors and a target's predecessors, is numbered;
    # its edge, the edge's `PackedLinks` and that one's arguments were too
    assert numbered < 3 * links_to, (numbered, links_to)  # 5.5 each before
    loaded = store.load(key, engine())
    assert loaded is not None
    h = loaded.graph
    assert list(h.nodes(data="kind")) == list(g.nodes(data="kind"))
    for node in g:
        assert list(h.pred[node]) == list(g.pred[node])
        assert list(h.succ[node].items()) == list(g.succ[node].items())
        assert all(h._pred[node][source] is h._succ[source][node] for source in h._pred[node])
