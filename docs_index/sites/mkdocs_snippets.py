"""`pymdownx.snippets`: `--8<-- "file"` lines, which insert another file's text into a page
before Markdown reads it.

What the preprocessor does (`SnippetPreprocessor.parse_snippets` in
`pymdownx/snippets.py`, pymdown-extensions 10+): a line that is only `--8<-- "path"` (any
run of `-` around `8<`, the path in single or double quotes) is replaced by that file's
lines; a line that is only `--8<--` opens or closes a block whose every line is a path; a
path ending in `:3:9` (`:3:9,12:14`) keeps those lines, one ending in `:name` keeps the
section between `--8<-- [start:name]` and `--8<-- [end:name]`; a `;` before the marker or
the path turns it off. Paths are looked up in each `base_path` in turn (relative to where
`mkdocs build` runs: the folder of `mkdocs.yml`), never above it when
`restrict_base_path` is on. It reads raw lines, so a marker inside a code fence includes
too (that is how code files are shown).

The scanner is written by hand, line by line, because the preprocessor's own patterns are
not safe on hostile input (its `RE_SNIPPET_FILE` comment says it backtracks
quadratically); each line is looked at once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from docs_index.model import BlockKind, Document, Location

MARKER_PREFIX = "--8<-- "
"""How an include is written as a link's target (`--8<-- "file.md:2:5"`), so that the
site's `land` knows it is no link of the page and messages show it as written."""

_RANGE_CHARS = frozenset("0123456789:,-")
_SECTION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass(frozen=True)
class Snippet:
    """One file a page includes."""

    loc: Location
    """The marker line (inline form) or the path's line (block form)."""
    spec: str
    """As written, without quotes: `CONTRIBUTING.md`, `src/app.py:3:9`, `a.md:intro`."""
    path: str
    """The path part of `spec`."""
    ranges: tuple[tuple[int | None, int | None], ...] = ()
    """1-based inclusive line ranges kept (None: from the start / to the end)."""
    section: str = ""
    """The section kept, when `spec` names one."""
    in_code: bool = False
    """The marker stands in a code block: what it inserts is code, not headings."""


def _marker_run(text: str, at: int) -> int:
    """The end of a `-+8<-+` marker starting at `at`, or -1."""
    i = at
    while i < len(text) and text[i] == "-":
        i += 1
    if i == at or not text.startswith("8<", i):
        return -1
    j = i + 2
    k = j
    while k < len(text) and text[k] == "-":
        k += 1
    return k if k > j else -1


def _read_line(line: str) -> tuple[str, str]:
    """(`inline`, spec) for `--8<-- "spec"`, (`block`, "") for a bare `--8<--`, ("", "")
    otherwise (escaped markers included)."""
    text = line.rstrip("\r").lstrip(" \t")
    if text.startswith(";"):
        return "", ""
    end = _marker_run(text, 0)
    if end < 0:
        return "", ""
    rest = text[end:]
    if not rest:
        return "block", ""
    stripped = rest.lstrip(" \t")
    if stripped == rest or len(stripped) < 3 or stripped[0] not in "'\"":
        return "", ""
    quote = stripped[0]
    if stripped[-1] != quote or "\n" in stripped:
        return "", ""
    spec = stripped[1:-1].strip()
    return ("inline", spec) if spec else ("", "")


def split_spec(spec: str) -> tuple[str, tuple[tuple[int | None, int | None], ...], str]:
    """`a.md:3:9,12:` → (`a.md`, ((3, 9), (12, None)), ""); `a.md:intro` → (`a.md`, (),
    `intro`). Linear: the suffix is found by walking back over the characters it may
    hold."""
    i = len(spec)
    while i > 0 and spec[i - 1] in _RANGE_CHARS:
        i -= 1
    colon = spec.find(":", i)
    if colon >= 0:
        ranges = []
        for part in spec[colon + 1:].split(","):
            bounds = part.split(":")
            try:
                start = int(bounds[0]) if bounds[0] else None
                end = int(bounds[1]) if len(bounds) > 1 and bounds[1] else None
            except ValueError:
                return spec, (), ""
            ranges.append((start, end))
        return spec[:colon], tuple(ranges), ""
    name_at = spec.rfind(":")
    name = spec[name_at + 1:] if name_at > 0 else ""
    if name and name[0].isascii() and name[0].isalpha() and set(name) <= _SECTION_CHARS:
        return spec[:name_at], (), name
    return spec, (), ""


def snippets(doc: Document) -> Iterator[Snippet]:
    """The includes of a page, in order, from its source lines (`Document.blocks`)."""
    in_block = False
    for block in doc.blocks:
        in_code = block.kind in (BlockKind.FENCE, BlockKind.CODE)
        for offset, line in enumerate(block.lines):
            form, spec = _read_line(line)
            if form == "block":
                in_block = not in_block
                continue
            if in_block and form != "inline":
                spec = line.strip()
                if not spec or spec.startswith(";"):
                    continue
            elif form != "inline" or in_block:
                continue  # an inline marker directly in a block is skipped, as snippets does
            if spec.lower().startswith(("http://", "https://")):
                continue  # `url_download`: not a file of the corpus
            path, ranges, section = split_spec(spec)
            if not path.strip():
                continue
            col = len(line) - len(line.lstrip(" \t")) + 1
            yield Snippet(Location(doc.path, block.line + offset, col), spec, path.strip(),
                          ranges, section, in_code)


def find_snippet(path: str, config_dir: str, bases: tuple[str, ...], restrict: bool,
                 files: Collection[str]) -> tuple[str, bool]:
    """The file (relative to the corpus root) a snippet path names, and whether it exists;
    else where the first base path would have it. (A base path that does not exist is
    skipped by snippets; here it simply holds no file.)"""
    first = ""
    for base in bases:
        base_path = posixpath.normpath(posixpath.join(config_dir, base))
        if base_path in files:  # a file as base: only that file itself is found
            if posixpath.normpath(posixpath.join(posixpath.dirname(base_path),
                                                 path)) == base_path:
                return base_path, True
            continue
        candidate = posixpath.normpath(posixpath.join(base_path, path))
        if candidate == ".." or candidate.startswith("../"):
            continue  # above the checked root: not a file refgraph can see
        if restrict and base_path != "." and not candidate.startswith(base_path + "/"):
            continue
        first = first or candidate
        if candidate in files:
            return candidate, True
    return first or posixpath.normpath(posixpath.join(config_dir, path)), False


def as_target(spec: str) -> str:
    return f'{MARKER_PREFIX}"{spec}"'


def spec_of(target: str) -> str | None:
    """The snippet spec of a link target made by `as_target`, else None."""
    if target.startswith(MARKER_PREFIX + '"') and target.endswith('"'):
        return target[len(MARKER_PREFIX) + 1:-1]
    return None
