"""Workers read and parse the files themselves: the parent process sends paths and gets
documents, and never holds a file's text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import docs_index.reading as reading_module
from docs_index.cache import ParseCache
from docs_index.corpus import list_corpus, read_corpus
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "pyralog-like"


def test_workers_read_the_files_and_the_parent_reads_none(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    alone = read_corpus(EXAMPLE)
    log = tmp_path / "reads"
    real_load = reading_module.load

    def load(root: Path, rel: str, max_bytes: int) -> tuple[bytes | None, list]:
        with log.open("a", encoding="utf-8") as out:  # a worker's list would stay there
            out.write(f"{os.getpid()} {rel}\n")
        return real_load(root, rel, max_bytes)

    monkeypatch.setattr(reading_module, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(reading_module, "load", load)
    cache = ParseCache(tmp_path / "cache")
    pooled = read_corpus(EXAMPLE, cache=cache, jobs=2)
    assert pooled == alone
    reads = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(rel for _, rel in reads) == list(list_corpus(EXAMPLE).markdown)  # once each
    assert str(os.getpid()) not in {pid for pid, _ in reads}
    assert cache.stats.written == len(alone.documents)  # the workers' counts, summed
    # and a warm pooled run takes everything from the cache, in the workers too
    warm = ParseCache(tmp_path / "cache")
    assert read_corpus(EXAMPLE, cache=warm, jobs=2) == alone
    assert (warm.stats.hits, warm.stats.written) == (len(alone.documents), 0)


def test_a_cache_that_cannot_be_written_is_said_once_from_the_workers(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(reading_module, "POOL_MIN_BYTES", 0)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = ParseCache(blocker / "cache")
    assert read_corpus(EXAMPLE, cache=cache, jobs=2) == read_corpus(EXAMPLE)
    assert cache.problem.startswith(str(blocker / "cache"))
    assert cache.stats.written == 0
