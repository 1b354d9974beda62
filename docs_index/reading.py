"""Read, decode, look up and parse the Markdown files of a listing: in this process, or in
worker processes that read the files themselves.

Workers are started before any file is read and are sent only paths. Each reads its
files, takes what the cache has, parses the rest, writes their entries, and sends back
the `Document`s alone (without their blocks unless asked for). The parent never holds a
file's text, and no worker holds texts it inherited from the parent: a cold run's memory,
summed over the process tree, is the documents plus one chunk of text per worker, not
every text times the workers (docs/performance.md).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from docs_index.cache import CacheStats, ParseCache, as_tuple, pack
from docs_index.model import Document, Problem
from docs_index.parsers import TextParser, make_text_parser
from docs_index.text import decode, load

POOL_MIN_BYTES = 1024 * 1024
"""Below this much Markdown on disk, starting worker processes costs more than it saves."""
CHUNK = 8
"""Files per task sent to a worker: enough to keep the pipe quiet, few enough that a
worker holds little text at a time."""

Read = tuple[Document | None, list[Problem]]
"""One file's document (None if it could not be read) and the problems found."""


def parse_text(parser: TextParser, rel: str, text: str) -> tuple[Document, list[Problem]]:
    """Parse one file's text; the single place every read parses through (tests count
    the calls here to prove a cached run parses nothing)."""
    return parser(rel, text)


@dataclass
class FileReader:
    """What reading one file needs: the root, the size limit, the cache, a parser (made on
    first use: a run whose files are all cached never builds one)."""

    root: Path
    max_bytes: int
    cache: ParseCache | None
    parser: TextParser | None = None

    def read(self, rel: str, keep_blocks: bool) -> Read:
        data, found = load(self.root, rel, self.max_bytes)
        if data is None:
            return None, found
        text, problem = decode(rel, data)
        if text is None:
            assert problem is not None
            return None, [problem]
        cache = self.cache
        key = cache.key(rel, data) if cache is not None else ""
        del data  # the bytes are not needed past the key
        hit = cache.get(key, rel, text, keep_blocks) if cache is not None else None
        if hit is not None:
            return hit
        if self.parser is None:
            self.parser = make_text_parser()
        doc, problems = parse_text(self.parser, rel, text)
        if cache is not None:
            cache.put(key, pack(as_tuple(doc, problems)))
        return (doc if keep_blocks else replace(doc, blocks=())), problems


def read_files(reader: FileReader, markdown: list[tuple[str, bool]], jobs: int,
               progress: Callable[[str, int, int], None]) -> Iterator[tuple[str, Read]]:
    """(path, what was read) for each (path, keep its blocks?) in order; in `jobs` worker
    processes when there is enough Markdown for them to pay off."""
    total = len(markdown)
    if jobs > 1 and total > 1 and _disk_bytes(reader.root, markdown) >= POOL_MIN_BYTES:
        yield from _read_in_pool(reader, markdown, jobs, progress)
        return
    for number, (rel, keep) in enumerate(markdown, 1):
        progress("reading and parsing", number, total)
        yield rel, reader.read(rel, keep)


def _disk_bytes(root: Path, markdown: list[tuple[str, bool]]) -> int:
    """The files' sizes from `stat` alone, to decide on workers before reading any."""
    size = 0
    for rel, _ in markdown:
        try:
            size += os.stat(root / rel).st_size
        except OSError:
            continue
        if size >= POOL_MIN_BYTES:
            break
    return size


def _read_in_pool(reader: FileReader, markdown: list[tuple[str, bool]], jobs: int,
                  progress: Callable[[str, int, int], None]) -> Iterator[tuple[str, Read]]:
    chunks = [markdown[i : i + CHUNK] for i in range(0, len(markdown), CHUNK)]
    # on Linux, fork starts workers in milliseconds with the parser already imported, and
    # before anything is read there is little to copy; elsewhere the platform's default
    # (spawn: fork is unsafe on macOS), which pickles the reader once per worker
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    done = 0
    with ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context,
                             initializer=_start_worker, initargs=(reader,)) as pool:
        for results, stats, problem in pool.map(_read_chunk, chunks):
            if reader.cache is not None:
                reader.cache.absorb(stats, problem)
            for rel, read in results:
                done += 1
                progress("reading and parsing", done, len(markdown))
                yield rel, read


_worker: FileReader | None = None
"""This worker process's reader, set once by `_start_worker` (one per process, never
shared: the pool's initializer is the only way to hand a worker its state)."""


def _start_worker(reader: FileReader) -> None:
    global _worker
    _worker = reader
    if reader.cache is not None:
        reader.cache.stats = CacheStats()  # counted per chunk, added up by the parent


def _read_chunk(chunk: list[tuple[str, bool]]
                ) -> tuple[list[tuple[str, Read]], CacheStats, str]:
    """In a worker: read each file of `chunk`; the cache counts of this chunk and why
    the cache could not be written, if it could not."""
    assert _worker is not None
    cache = _worker.cache
    if cache is not None:
        cache.stats = CacheStats()
    results = [(rel, _worker.read(rel, keep)) for rel, keep in chunk]
    if cache is None:
        return results, CacheStats(), ""
    return results, cache.stats, cache.problem
