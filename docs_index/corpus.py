"""Find the files of a corpus and read each Markdown file exactly once.

Discovery works as linters do: `.git` and `node_modules` are skipped, every `.gitignore`
on the way down is honoured as git honours it (`ignore.py`, `wildmatch.py`), and
configured exclude patterns use the same syntax. Every other file's path is kept too, so
links to `Cargo.toml` or `diagrams/x.mmd` can be resolved. Files are read with
`files.read_regular`: only regular files, never past the size limit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docs_index.cache import ParseCache
from docs_index.files import read_regular
from docs_index.ignore import PatternList
from docs_index.model import Document, Location, Problem
from docs_index.reading import FileReader, read_files
from docs_index.text import decode as decode
from docs_index.text import load as _load  # noqa: F401  (its old name, used by tests)

MARKDOWN_SUFFIXES = (".md", ".markdown")
ALWAYS_SKIPPED = frozenset({".git", "node_modules", ".hg", ".svn"})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Corpus:
    """Everything read from disk; nothing after this stage opens a file."""

    root: Path
    documents: dict[str, Document]
    """Markdown files by POSIX path relative to the root, in sorted order."""
    files: frozenset[str]
    """Every file found (Markdown or not), POSIX, relative to the root."""
    dirs: frozenset[str]
    """Every directory found, POSIX, relative to the root ("" is the root)."""
    problems: tuple[Problem, ...] = field(default=())
    skipped: frozenset[str] = frozenset()
    """Directories left out by configured excludes: they exist, so links into them are
    taken as valid, but nothing inside them is listed or checked."""

    def exists(self, path: str) -> bool:
        """Whether `path` is a file or directory of the corpus (or inside a skipped one)."""
        if path in self.files or path in self.dirs:
            return True
        return any(path.startswith(d + "/") for d in self.skipped)


def _under(rel: str, roots: Iterable[str]) -> bool:
    """Whether `rel` is one of `roots` or inside one; everything is, when there are none."""
    bounds = [r.strip("/") for r in roots]
    return not bounds or any(b in ("", ".") or rel == b or rel.startswith(b + "/")
                             for b in bounds)


@dataclass(frozen=True)
class _Ignores:
    """The `.gitignore` files above one directory, deepest first, with the number of
    path components of the directory each is in (its patterns are relative to it)."""

    layers: tuple[tuple[int, PatternList], ...] = ()

    def ignored(self, parts: tuple[str, ...], is_dir: bool) -> bool:
        """As git decides: the deepest .gitignore with a matching pattern wins, so a
        nested `!keep.md` re-includes what the root ignored."""
        for start, patterns in self.layers:
            verdict = patterns.verdict(parts, start, is_dir)
            if verdict is not None:
                return verdict
        return False


def _read_gitignore(directory: str) -> PatternList | None:
    """A directory's `.gitignore`, if it is a regular file. Like git (2.32 on), a symbolic
    link is not followed; a FIFO or a device is never opened."""
    try:
        data = read_regular(os.path.join(directory, ".gitignore"), DEFAULT_MAX_BYTES,
                            follow_symlinks=False)
    except OSError:
        return None
    return PatternList.from_gitignore(data)


def _entries(directory: str) -> list[tuple[str, bool, bool]]:
    """(name, is a directory, is a symbolic link) for each entry, sorted by name; empty if
    the directory cannot be listed (as os.walk, which skips it)."""
    try:
        with os.scandir(directory) as listing:
            found = []
            for entry in listing:
                try:
                    is_dir = entry.is_dir()  # a link to a directory is one, as in os.walk
                    is_link = entry.is_symlink()
                except OSError:
                    is_dir, is_link = False, False
                found.append((entry.name, is_dir, is_link))
    except OSError:
        return []
    return sorted(found)


def discover(
    root: Path, exclude: Iterable[str] = (), roots: Iterable[str] = ()
) -> tuple[list[str], set[str], set[str], set[str]]:
    """Return (Markdown paths, all file paths, all directory paths, excluded directories).

    Only Markdown under `roots` (when given) is returned for parsing. Files and directories
    outside them, or matched by `exclude`, still exist (they are in the repository);
    they are kept out of the Markdown to parse. Git-ignored ones are not in the repository,
    so they are left out altogether.

    The walk keeps its own stack, so a tree thousands of levels deep cannot exhaust
    Python's recursion limit, and each directory carries only the `.gitignore` files
    above it, so a file is matched against those and not against every one in the tree.
    """
    excluded = PatternList.from_lines(exclude)
    markdown: list[str] = []
    files: set[str] = set()
    dirs: set[str] = {""}
    skipped: set[str] = set()
    stack: list[tuple[str, tuple[str, ...], _Ignores]] = [(str(root), (), _Ignores())]
    while stack:
        current, parts, ignores = stack.pop()
        entries = _entries(current)
        if any(name == ".gitignore" and not is_dir for name, is_dir, _ in entries):
            patterns = _read_gitignore(current)
            if patterns is not None and patterns.patterns:
                ignores = _Ignores(((len(parts), patterns), *ignores.layers))
        for name, is_dir, is_link in entries:
            path = (*parts, name)
            rel = "/".join(path)
            if is_dir:
                if name in ALWAYS_SKIPPED or ignores.ignored(path, True):
                    continue
                dirs.add(rel)
                if excluded.verdict(path, 0, True):
                    skipped.add(rel)
                elif not is_link:  # symbolic links are never followed
                    stack.append((os.path.join(current, name), path, ignores))
                continue
            if ignores.ignored(path, False):
                continue
            files.add(rel)
            if (name.lower().endswith(MARKDOWN_SUFFIXES) and not excluded.verdict(path)
                    and _under(rel, roots)):
                markdown.append(rel)
    return sorted(markdown), files, dirs, skipped


def _undecodable(path: str) -> bool:
    # an ASCII name holds no surrogate: asked of every file of the corpus on every run
    return not path.isascii() and any("\udc80" <= ch <= "\udcff" for ch in path)


def displayable(text: str) -> str:
    """A str that encodes as UTF-8: bytes of a file or folder name that are not UTF-8 (kept
    by Python as surrogates) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass(frozen=True)
class Listing:
    """What discovery found, before any Markdown file is read."""

    root: Path
    markdown: tuple[str, ...]
    """Markdown files to read, sorted."""
    files: frozenset[str]
    dirs: frozenset[str]
    skipped: frozenset[str]
    problems: tuple[Problem, ...]
    """Markdown files whose names cannot be read (not UTF-8)."""


def list_corpus(root: Path, exclude: Iterable[str] = (), roots: Iterable[str] = ()) -> Listing:
    """Discover the files under `root` (and, if given, the Markdown under one of `roots`,
    paths relative to `root`)."""
    root = root.resolve()
    markdown, files, dirs, skipped = discover(root, exclude, roots)
    problems: list[Problem] = []
    # a name that is not UTF-8 (Python keeps its bytes as surrogates) cannot be written in
    # a UTF-8 link or report: shown with U+FFFD, reported if Markdown, never read
    if any(_undecodable(p) for p in (*files, *dirs)):
        problems += [Problem(Location(displayable(rel), 1), "RG001",
                             "file name is not valid UTF-8; not read",
                             "rename it with a UTF-8 name")
                     for rel in markdown if _undecodable(rel)]
        markdown = [rel for rel in markdown if not _undecodable(rel)]
        files = {displayable(f) for f in files}
        dirs = {displayable(d) for d in dirs}
        skipped = {displayable(d) for d in skipped}
    return Listing(root, tuple(markdown), frozenset(files), frozenset(dirs),
                   frozenset(skipped), tuple(problems))


def read_listing(
    listing: Listing, max_bytes: int = DEFAULT_MAX_BYTES, cache: ParseCache | None = None,
    jobs: int = 1, keep_blocks: Callable[[str], bool] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Corpus:
    """Read and parse the Markdown files of `listing`.

    With a `cache`, a file whose bytes were parsed before is not parsed again; with `jobs`
    above 1, the files that must be parsed are parsed by that many processes. Neither
    changes the result. Documents for which `keep_blocks` says no come without their
    blocks: most files need only their links and headings, and blocks are most of the
    memory a document takes. `progress` is told (phase, done, total) as files are read
    and parsed.
    """
    problems = list(listing.problems)
    documents = _read_all(listing.root, list(listing.markdown), max_bytes, cache, jobs,
                          problems, keep_blocks or (lambda _path: True),
                          progress or (lambda _phase, _done, _total: None))
    ordered = tuple(sorted(problems, key=lambda p: (p.loc, p.rule_id)))
    return Corpus(listing.root, documents, listing.files, listing.dirs, ordered,
                  listing.skipped)


def read_corpus(
    root: Path, exclude: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES,
    roots: Iterable[str] = (), cache: ParseCache | None = None, jobs: int = 1,
) -> Corpus:
    """Discover and parse every Markdown file under `root` (and, if given, under one of
    `roots`, paths relative to `root`): `list_corpus`, then `read_listing`."""
    return read_listing(list_corpus(root, exclude, roots), max_bytes, cache, jobs)


def _read_all(root: Path, markdown: list[str], max_bytes: int, cache: ParseCache | None,
              jobs: int, problems: list[Problem], keep_blocks: Callable[[str], bool],
              progress: Callable[[str, int, int], None]) -> dict[str, Document]:
    """Read every file, take what the cache has, parse the rest (see `reading.py`)."""
    reader = FileReader(root, max_bytes, cache)
    documents: dict[str, Document] = {}
    wanted = [(rel, keep_blocks(rel)) for rel in markdown]
    for rel, (doc, found) in read_files(reader, wanted, jobs, progress):
        problems.extend(found)
        if doc is not None:
            documents[rel] = doc
    if cache is not None and cache.stats.written:
        cache.prune()
    return documents
