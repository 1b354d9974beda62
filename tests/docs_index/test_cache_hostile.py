"""The parse cache as untrusted input: entries that are well formed but lie, entries that
ask for unbounded memory or block, and cache directories others can write."""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import docs_index.cache as cache_module
from docs_index.cache import ParseCache, as_tuple, pack, trust_problem
from docs_index.corpus import decode
from docs_index.markdown import make_parser, parse_markdown
from graph.cli import main
from tests.conftest import ROOT

TEXT = "# A\n\n<!-- refgraph-disable-next-line RG102 -->\nSee [gone](GONE.md).\n\nAnd [b](B.md).\n"
EXPECTED = ["a.md:3:1: RG004", "a.md:4:5: RG101", "a.md:6:5: RG101"]
ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                               reason="needs to give a file to another user")


def corpus_and_entry(tmp_path: Path) -> tuple[Path, Path, Path, list]:
    """A corpus with two dangling links, its cache directory and the path of the one
    entry, and the entry's fields as refgraph would write them."""
    root, cache_dir = tmp_path / "corpus", tmp_path / "cache"
    root.mkdir()
    (root / "a.md").write_text(TEXT, encoding="utf-8")
    cache = ParseCache(cache_dir)
    entry = cache._file(cache.key("a.md", TEXT.encode()))
    entry.parent.mkdir(parents=True)
    text, _ = decode("a.md", TEXT.encode())
    assert text is not None
    return root, cache_dir, entry, list(as_tuple(*parse_markdown(make_parser(), "a.md", text)))


def check(root: Path, cache_dir: Path) -> tuple[list[str], str]:
    result = CliRunner().invoke(main, ["check", "--jobs", "1", "--cache-dir", str(cache_dir),
                                       str(root)])
    assert result.exit_code in (0, 1), result.output
    found = [" ".join(line.split()[:2]) for line in result.stdout.splitlines()
             if ": RG" in line]
    return found, result.stderr


def with_digest(payload: bytes) -> bytes:
    """An entry whose digest is right, around any payload."""
    return (cache_module.pack(())[:4] + hashlib.blake2b(payload, digest_size=16).digest()
            + payload)


def lie(fields: list, how: str) -> list:
    links = [list(link) for link in fields[5]]
    if how == "inf words":
        fields[8] = float("inf")
    elif how == "string line":
        links[0][0] = str(links[0][0])
    elif how == "bool line":
        links[0][0] = True
    elif how == "line past the end":
        links[0][0] = 99
    elif how == "negative column":
        links[0][1] = -5
    elif how == "unknown kind":
        links[0][4] = "telepathy"
    elif how == "short row":
        links[0] = links[0][:3]
    elif how == "directive on a line without one":  # silences RG101 on line 4
        fields[10] = [[1, 1, "disable-file", ["RG101"]]]
    elif how == "directive of another kind":
        fields[10] = [[3, 1, "disable-file", ["RG101"]]]
    elif how == "wrong line count":
        fields[9] = 2
    elif how == "front matter a list":
        fields[1] = ["x"]
    fields[5] = links
    return fields


@pytest.mark.parametrize("how", [
    "inf words", "string line", "bool line", "line past the end", "negative column",
    "unknown kind", "short row", "directive on a line without one",
    "directive of another kind", "wrong line count", "front matter a list"])
def test_a_well_formed_entry_that_lies_is_parsed_again(tmp_path: Path, how: str) -> None:
    root, cache_dir, entry, fields = corpus_and_entry(tmp_path)
    entry.write_bytes(pack(tuple(lie(fields, how))))
    assert check(root, cache_dir) == (EXPECTED, "")


def test_an_intact_entry_is_a_hit(tmp_path: Path) -> None:
    root, cache_dir, entry, fields = corpus_and_entry(tmp_path)
    entry.write_bytes(pack(tuple(fields)))
    before = entry.stat().st_mtime_ns
    assert check(root, cache_dir) == (EXPECTED, "")
    assert entry.stat().st_mtime_ns == before  # read, not rewritten


def _bomb(mib: int) -> bytes:
    """A zlib stream of `mib` MiB of spaces in about a KiB per MiB, made in milliseconds: after
    a full flush, each further MiB of spaces compresses to the same bytes."""
    squeeze, chunk = zlib.compressobj(9), b" " * (1 << 20)
    first = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    again = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    n = mib << 20  # Adler-32 of n spaces, in closed form: sum of bytes, sum of sums
    low, high = (1 + 32 * n) % 65521, (n + 32 * n * (n + 1) // 2) % 65521
    end = squeeze.flush()[:-4] + (high << 16 | low).to_bytes(4, "big")
    return first + again * (mib - 1) + end


WORST = {
    # 33 bytes: marshal would allocate a 2^31-item tuple (16 GiB) before any check
    "huge marshal tuple": lambda entry: entry.write_bytes(
        with_digest(zlib.compress(marshal.dumps(()).replace(b")", b"(")[:1]
                                  + b"\xff\xff\xff\x7f", 1))),
    # 3 MiB inflating to 3 GiB, over the test's 1 GiB address-space cap
    "zlib bomb": lambda entry: entry.write_bytes(with_digest(_bomb(3072))),
    "fifo": lambda entry: os.mkfifo(entry),
    "link to /dev/zero": lambda entry: entry.symlink_to("/dev/zero"),
    "oversized file": lambda entry: entry.write_bytes(b"\0" * (65 << 20)),
}


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero and rlimits")
@pytest.mark.parametrize("how", sorted(WORST))
def test_an_entry_that_would_hang_or_blow_up_is_a_miss(tmp_path: Path, how: str) -> None:
    import resource

    root, cache_dir, entry, _ = corpus_and_entry(tmp_path)
    WORST[how](entry)

    def cap() -> None:  # a blow-up fails fast instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-c", "from graph.cli import main; main()", "check", "--jobs", "1",
         "--cache-dir", str(cache_dir), str(root)],
        capture_output=True, text=True, timeout=30, preexec_fn=cap, cwd=ROOT, check=False)
    assert done.returncode == 1, done.stderr
    assert [" ".join(line.split()[:2]) for line in done.stdout.splitlines()
            if ": RG" in line] == EXPECTED
    assert done.stderr == ""


def test_a_cache_others_can_write_is_not_used(tmp_path: Path) -> None:
    # a well-formed entry with the links dropped turned a failing run green: no check of
    # its shape can see that, so the cache is trusted only where no one else can write
    root, cache_dir, entry, fields = corpus_and_entry(tmp_path)
    fields[5] = []
    entry.write_bytes(pack(tuple(fields)))
    assert check(root, cache_dir)[0] == EXPECTED[:1]  # trusted: ours alone (documented)
    cache_dir.chmod(0o777)
    found, err = check(root, cache_dir)
    assert found == EXPECTED
    assert err == f"refgraph: cache not used: {cache_dir} is writable by other users " \
                  "(chmod go-w)\n"
    assert pack(tuple(fields)) == entry.read_bytes()  # and nothing written to it


def test_trust_follows_the_path_up(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert trust_problem(shared / "cache") == (
        f"{shared} is writable by other users and not sticky (chmod go-w)")
    shared.chmod(0o777 | stat.S_ISVTX)  # like /tmp: others cannot replace what is ours
    assert trust_problem(shared / "cache") == ""
    (shared / "cache").mkdir(mode=0o700)
    assert trust_problem(shared / "cache") == ""


@ROOT_ONLY
def test_a_cache_or_entry_owned_by_another_user_is_not_used(tmp_path: Path) -> None:
    root, cache_dir, entry, fields = corpus_and_entry(tmp_path)
    fields[5] = []
    entry.write_bytes(pack(tuple(fields)))
    os.chown(entry, 4242, 4242)
    assert check(root, cache_dir) == (EXPECTED, "")  # the entry is not ours: a miss
    os.chown(cache_dir, 4242, 4242)
    assert trust_problem(cache_dir) == f"{cache_dir} is owned by another user"


def test_a_new_cache_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        root, cache_dir, entry, _ = corpus_and_entry(tmp_path)
        entry.parent.rmdir()
        entry.parent.parent.rmdir()
        cache_dir.rmdir()
        check(root, cache_dir)
    finally:
        os.umask(old)
    for made in (cache_dir, entry.parent.parent, entry.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert trust_problem(cache_dir) == ""


def _aged_entries(tmp_path: Path, count: int, size: int) -> tuple[ParseCache, Path]:
    """A cache with `count` entries of `size` bytes in one shard, the first the oldest."""
    cache = ParseCache(tmp_path / "cache")
    shard = cache.base / "00"
    shard.mkdir(parents=True)
    for n in range(count):
        (shard / f"{n:040x}").write_bytes(b"x" * size)
        os.utime(shard / f"{n:040x}", (1_000_000 + n, 1_000_000 + n))
    return cache, shard


def test_the_bound_counts_disk_space_not_bytes(tmp_path: Path) -> None:
    # 200,000 entries of 200 bytes are 40 MiB of data but 800 MiB of disk
    cache, shard = _aged_entries(tmp_path, 64, 100)
    disk = sum(p.stat().st_blocks * 512 for p in shard.iterdir())
    if disk <= 64 * 100:
        pytest.skip("this file system keeps small files inside their inode")
    cache.max_bytes = 64 * 100 * 4  # far above the bytes, far below the disk space
    cache.prune()
    left = sorted(shard.iterdir())
    assert sum(p.stat().st_blocks * 512 for p in left) <= cache.max_bytes * 0.8
    assert cache.stats.evicted == 64 - len(left) > 0
    assert [p.name for p in left] == [f"{n:040x}" for n in range(64 - len(left), 64)]


def test_what_cannot_be_written_makes_no_entry(tmp_path: Path) -> None:
    deep: list = []
    for _ in range(sys.getrecursionlimit() + 10):
        deep = [deep]
    assert pack(({"a": deep},)) == b""
    cache = ParseCache(tmp_path / "cache")
    cache.put("ab" + "0" * 38, b"")
    assert (cache.stats.written, (tmp_path / "cache").exists()) == (0, False)


def test_a_run_that_writes_little_adds_to_the_recorded_usage_without_a_scan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`prune` records the disk space it found; a later run whose writes keep the record
    under the bound adds them and stats nothing; one that goes over scans and evicts."""
    cache, shard = _aged_entries(tmp_path, 8, 5000)
    found = sum(p.stat().st_blocks * 512 for p in shard.iterdir())
    cache.prune()
    assert int((cache.base / "usage").read_text()) == found
    scans = []
    real = ParseCache._entries
    monkeypatch.setattr(ParseCache, "_entries", lambda self: scans.append(1) or real(self))
    cache.max_bytes = found + 8192
    cache.stats.written_bytes = 4096
    cache.prune()
    assert scans == [] and int((cache.base / "usage").read_text()) == found + 4096
    for n in (8, 9):  # written by this run: over the bound
        (shard / f"{n:040x}").write_bytes(b"x" * 5000)
    cache.stats.written_bytes = sum((shard / f"{n:040x}").stat().st_blocks * 512
                                    for n in (8, 9))
    cache.prune()
    assert scans == [1] and cache.stats.evicted > 0
    assert int((cache.base / "usage").read_text()) <= cache.max_bytes * 0.8
