"""The parse cache: cached, uncached and parallel runs find exactly the same; an entry that
is corrupt, truncated or of another shape is never trusted but parsed again; concurrent
runs are safe; the cache stays under its bound and outside the checked tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import docs_index.cache as cache_module
import docs_index.reading as reading_module
from docs_index.cache import ParseCache, as_tuple, from_tuple, pack, payload_limit, unpack
from docs_index.corpus import decode, read_corpus
from docs_index.markdown import make_parser, parse_markdown
from docs_index.parsers import PARSER_VARIABLE
from graph.api import ReadOptions, analyze, default_cache_dir
from graph.cli import main
from graph.incremental import engine, run_key
from graph.incremental_snapshot import SnapshotStore
from graph.report.json import render_json
from tests.conftest import ROOT, TESTS

EXAMPLE = ROOT / "examples" / "pyralog-like"
ANY = 1 << 30
"""No bound on an entry's size, for looking at entries the tests made."""
CORPORA = sorted(TESTS.glob("corpora/*/corpus")) + [TESTS / "robustness" / "corpus", EXAMPLE]


def entries(directory: Path) -> list[Path]:
    """The entries under `directory`, not the record of their disk space (`usage`)."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.name != "usage")


@pytest.mark.parametrize("root", CORPORA, ids=lambda p: p.parent.name if p.name == "corpus"
                         else p.name)
def test_an_entry_gives_back_the_same_document(root: Path) -> None:
    md = make_parser()
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text, _ = decode(rel, path.read_bytes())
        if text is None:
            continue
        doc, problems = parse_markdown(md, rel, text)
        entry = unpack(pack(as_tuple(doc, problems)), payload_limit(text))
        assert entry is not None
        assert from_tuple(rel, text, entry) == (doc, problems), rel


def check_json(root: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_cached_uncached_and_parallel_runs_give_byte_identical_reports(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    uncached = check_json(EXAMPLE, "--no-cache", "--jobs", "1")
    cold = check_json(EXAMPLE, "--cache-dir", str(cache))
    assert len(entries(cache / f"v{cache_module.LAYOUT}")) == 29  # one per Markdown file read
    warm = check_json(EXAMPLE, "--cache-dir", str(cache))
    assert uncached == cold == warm
    assert '"rule": "RG101"' in uncached


def test_a_warm_run_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read = ReadOptions(tmp_path / "cache")
    before = analyze(EXAMPLE, read=read)
    monkeypatch.setattr(reading_module, "parse_text", _no_parsing)
    after = analyze(EXAMPLE, read=read)
    assert after.graph.graph["cache"].stats.hits == 29
    assert render_json(after.report()) == render_json(before.report())


def test_a_warm_cache_is_not_used_by_the_other_parser(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries the compiled parser made are not handed to a `REFGRAPH_PARSER=pure` run."""
    pytest.importorskip("pyromark")
    read = ReadOptions(tmp_path / "cache")
    monkeypatch.delenv(PARSER_VARIABLE, raising=False)
    fast = analyze(EXAMPLE, read=read)
    assert fast.graph.graph["cache"].stats.written == 29
    monkeypatch.setenv(PARSER_VARIABLE, "pure")
    pure = analyze(EXAMPLE, read=read)
    assert pure.graph.graph["cache"].stats.hits == 0
    assert analyze(EXAMPLE, read=read).graph.graph["cache"].stats.hits == 29
    monkeypatch.delenv(PARSER_VARIABLE)
    assert analyze(EXAMPLE, read=read).graph.graph["cache"].stats.hits == 29


def _no_parsing(*args: object) -> None:
    raise AssertionError("parsed although cached")


def test_the_process_pool_gives_the_same_corpus(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setattr(reading_module, "POOL_MIN_BYTES", 0)
    alone = read_corpus(EXAMPLE)
    cache = ParseCache(tmp_path / "cache")
    pooled = read_corpus(EXAMPLE, cache=cache, jobs=2)
    assert pooled == alone
    assert cache.stats.written == len(alone.documents)
    assert read_corpus(EXAMPLE, cache=ParseCache(tmp_path / "cache"), jobs=2) == alone


def corrupt(entry: Path, how: str) -> None:
    blob = entry.read_bytes()
    if how == "flipped":
        entry.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0x01]))
    elif how == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "other shape":  # an intact entry, digest and all, of the wrong layout
        entry.write_bytes(pack(("not", "a", "document")))
    elif how == "wrong types":
        data = list(unpack(blob, ANY) or ())
        data[5] = ((1, 1, "x.md", "x", "no-such-kind", 0, ""),)
        entry.write_bytes(pack(tuple(data)))


@pytest.mark.parametrize("how", ["flipped", "truncated", "empty", "other shape",
                                 "wrong types"])
def test_a_corrupt_entry_is_detected_and_parsed_again(tmp_path: Path, how: str) -> None:
    cache_dir = tmp_path / "cache"
    expected = check_json(EXAMPLE, "--no-cache")
    read = ReadOptions(cache_dir)
    analyze(EXAMPLE, read=read)
    cached = entries(cache_dir)
    for entry in cached:
        corrupt(entry, how)
    analysis = analyze(EXAMPLE, read=read)
    stats = analysis.graph.graph["cache"].stats
    assert (stats.hits, stats.corrupt, stats.written) == (0, 29, 29)
    assert check_json(EXAMPLE, "--cache-dir", str(cache_dir)) == expected
    assert all(unpack(e.read_bytes(), ANY) is not None for e in cached)  # rewritten intact


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, root)
    read = ReadOptions(tmp_path / "cache")
    analyze(root, read=read)
    storage = root / "STORAGE.md"
    storage.write_text(storage.read_text(encoding="utf-8") + "\n[gone](GONE.md)\n",
                       encoding="utf-8")
    analysis = analyze(root, read=read)
    stats = analysis.graph.graph["cache"].stats
    assert (stats.hits, stats.misses) == (28, 1)
    assert any(f.rule_id == "RG101" and "GONE.md" in f.message for f in analysis.findings)
    assert render_json(analysis.report()) == render_json(analyze(root).report())


def test_same_bytes_under_another_name_are_another_entry(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    text = "# Same\n\n[x](missing.md)\n"
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.md").write_text(text, encoding="utf-8")
    (root / "two.md").write_text(text, encoding="utf-8")
    read = ReadOptions(tmp_path / "cache")
    analyze(root, read=read)
    again = analyze(root, read=read)
    assert again.graph.graph["cache"].stats.hits == 2
    assert sorted(str(f.loc) for f in again.findings if f.rule_id == "RG101") == [
        "a/one.md:3:1", "two.md:3:1"]


def test_another_version_misses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = ParseCache(tmp_path).key("a.md", b"# A\n")
    real = cache_module.metadata.version
    monkeypatch.setattr(cache_module.metadata, "version",
                        lambda name: "99.0" if name == "refgraph" else real(name))
    assert ParseCache(tmp_path).key("a.md", b"# A\n") != first


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    command = [sys.executable, "-c", "from graph.cli import main; main()", "check",
               str(EXAMPLE), "--format", "json", "--cache-dir", str(cache_dir)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT) for _ in range(4)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [1] * 4
    assert len(set(outputs)) == 1
    assert outputs[0].decode() == check_json(EXAMPLE, "--no-cache")
    parsed = entries(cache_dir / f"v{cache_module.LAYOUT}")
    assert len(parsed) == 29  # no temporary file left behind
    # and one run state (graph.incremental), one graph snapshot and its secret, whole
    assert len(entries(cache_dir)) == 32
    assert SnapshotStore(cache_dir).load(run_key(EXAMPLE.resolve(), ()), engine()) is not None
    assert all(unpack(e.read_bytes(), ANY) is not None for e in parsed)


def test_the_cache_stays_under_its_bound(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    analyze(EXAMPLE, read=ReadOptions(cache_dir))
    sizes = {e: e.stat().st_blocks * 512 for e in entries(cache_dir)}  # disk, not bytes
    total = sum(sizes.values())
    for age, entry in enumerate(sorted(sizes)):  # entries made older one by one
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    stale = tmp_path / "cache" / f"v{cache_module.LAYOUT}" / "00" / ".tmp-crashed"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"half")
    os.utime(stale, (1_000_000, 1_000_000))
    cache = ParseCache(cache_dir, max_bytes=total // 2)
    cache.prune()
    left = entries(cache_dir)
    assert sum(e.stat().st_blocks * 512 for e in left) <= total // 2 * 0.8
    assert cache.stats.evicted == len(sizes) - len(left) > 0
    assert not stale.exists()
    # the oldest went first
    assert set(left) == set(sorted(sizes)[len(sizes) - len(left):])


def test_an_unwritable_cache_is_said_once_and_the_run_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--format", "json",
                                       "--cache-dir", str(blocker / "cache")])
    assert result.exit_code == 1
    assert result.stdout == check_json(EXAMPLE, "--no-cache")
    assert result.stderr.count("refgraph: cache not written:") == 1
    assert "file-not-dir" in result.stderr


def test_the_default_cache_is_the_user_cache_directory(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.delenv("REFGRAPH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg" / "refgraph"
    monkeypatch.setenv("REFGRAPH_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


def _old_layout(cache_dir: Path, outside: Path) -> dict[str, Path]:
    """A `v1/` as refgraph 1's cache left it, with what else a folder may hold."""
    key = "ab" + "0" * 38
    shard = cache_dir / "v1" / "ab"
    shard.mkdir(parents=True, mode=0o700)
    cache_dir.chmod(0o700)
    (shard / key).write_bytes(b"old entry")
    (shard / ".tmp-crashed").write_bytes(b"half")
    outside.mkdir()
    target = outside / ("cd" + "1" * 38)
    target.write_bytes(b"not the cache's")
    (outside / "cd").mkdir()
    (outside / "cd" / ("cd" + "2" * 38)).write_bytes(b"not the cache's either")
    linked = cache_dir / "v1" / "cd"
    linked.mkdir(mode=0o700)
    (linked / target.name).symlink_to(target)
    (cache_dir / "v1" / "ef").symlink_to(outside / "cd")  # a shard that is a link
    (cache_dir / "v1" / "notes.txt").write_bytes(b"the user's")
    return {"entry": shard / key, "notes": cache_dir / "v1" / "notes.txt",
            "target": target, "beyond": outside / "cd" / ("cd" + "2" * 38)}


def test_a_previous_layouts_entries_are_removed_and_nothing_else(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    made = _old_layout(cache_dir, tmp_path / "outside")
    analyze(EXAMPLE, read=ReadOptions(cache_dir))
    assert not made["entry"].exists()
    assert sorted(p.name for p in (cache_dir / "v1").iterdir()) == ["ef", "notes.txt"]
    assert (cache_dir / "v1" / "ef").is_symlink()  # removed neither it nor through it
    assert made["notes"].read_bytes() == b"the user's"
    assert made["target"].read_bytes() == b"not the cache's"
    assert made["beyond"].read_bytes() == b"not the cache's either"
    assert entries(cache_dir / f"v{cache_module.LAYOUT}")


def test_a_previous_layout_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "ab").mkdir(parents=True)
    (elsewhere / "ab" / ("ab" + "0" * 38)).write_bytes(b"not the cache's")
    (cache_dir / "v1").symlink_to(elsewhere)
    analyze(EXAMPLE, read=ReadOptions(cache_dir))
    assert (elsewhere / "ab" / ("ab" + "0" * 38)).read_bytes() == b"not the cache's"


def test_a_previous_layout_stays_when_the_cache_is_not_trusted(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    made = _old_layout(cache_dir, tmp_path / "outside")
    cache_dir.chmod(0o770)  # group-writable: the cache is not used at all
    analyze(EXAMPLE, read=ReadOptions(cache_dir))
    assert made["entry"].read_bytes() == b"old entry"


def test_every_old_entry_goes_in_one_run(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    for n in range(300):
        key = f"{n % 256:02x}" + f"{n:038x}"
        shard = cache_dir / "v1" / key[:2]
        shard.mkdir(parents=True, exist_ok=True)
        (shard / key).write_bytes(b"x" * 100)
    cache_dir.chmod(0o700)
    for folder in [cache_dir / "v1", *(cache_dir / "v1").iterdir()]:
        folder.chmod(0o700)
    analyze(EXAMPLE, read=ReadOptions(cache_dir))
    assert not (cache_dir / "v1").exists()
