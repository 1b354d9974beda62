"""A book's `book.toml` and `SUMMARY.md`, read as mdBook reads them, never run.

`book.toml` is TOML, read with `tomllib`; only what decides where chapters are and how
their ids and URLs are made is kept (`[book] src`, the 0.4-only settings that say which
mdBook builds the book, `[output.html.redirect]`). A custom preprocessor is a program
refgraph does not run: a note says so, as it may change chapters before they are built.
"""

from __future__ import annotations

import posixpath
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docs_index.sites import read_config_bytes
from docs_index.sites.mdbook_rules import chapter_html_path
from docs_index.sites.mdbook_summary import SummaryEntry, parse_summary

__all__ = ["MdBookSettings", "load_book"]

_BUILTIN_PREPROCESSORS = frozenset({"links", "index", "anchors"})
"""Preprocessors mdBook runs itself (a `[preprocessor.links]` table only tunes them)."""


@dataclass(frozen=True)
class MdBookSettings:
    """What refgraph takes from a book's configuration and its SUMMARY.md."""

    root: Path | None = None
    """The corpus root on disk: included files (`{{#include}}`) are read from it."""
    src: str = "src"
    """`[book] src` as written."""
    legacy_ids: bool = False
    """Heading ids as mdBook 0.4 makes them: the book's configuration uses settings that
    only 0.4 accepts."""
    summary: tuple[SummaryEntry, ...] = ()
    """SUMMARY.md's entries, in reading order."""
    summary_text: tuple[str, ...] = ()
    """SUMMARY.md's lines, to give each entry its column."""
    preprocessors: tuple[str, ...] = ()
    """The preprocessors `book.toml` adds to mdBook's own, which refgraph does not run."""
    page_404: str = "404.md"
    """`[output.html] input-404`: the page mdBook renders as its "not found" page
    (`hbs_renderer.rs`), listed in SUMMARY.md or not."""
    redirects: dict[str, str] = field(default_factory=dict)
    """`[output.html.redirect]`: old page relative to the book's root (with a `#fragment`
    for a fragment's own entry) → new URL."""
    pages: dict[str, str] = field(default_factory=dict)
    """Each page mdBook writes for a chapter (`first/index.html`, relative to `src`) → the
    chapter's source relative to `src`; `index.html` is the first chapter's too."""
    include_anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    """Each file a chapter includes with `{{#include file:name}}` (root-relative) and the
    `ANCHOR:` names it has; filled once the chapters are read (`mdbook.py`)."""
    included: frozenset[str] = frozenset()
    """Every file a chapter includes, root-relative: a Markdown one is part of a chapter,
    not a page of its own."""


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def load_book(root: Path, config: str, files: frozenset[str]) -> tuple[MdBookSettings, list[str]]:
    """The settings of the book configured by `config` (root-relative), and one note per
    thing refgraph did not understand or will not run."""
    notes: list[str] = []
    data, why = read_config_bytes(root / config)
    table: dict[str, Any] = {}
    if data is None:
        notes.append(f"{config}: {why}; mdBook's defaults are used")
    else:
        try:
            table = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            notes.append(f"{config}: cannot read: {err}; mdBook's defaults are used")
        except RecursionError:  # `a = [[[[…` nested past Python's stack: no book has it
            notes.append(f"{config}: cannot read: nested too deeply; mdBook's defaults are "
                         "used")
    book = _table(table.get("book"))
    html = _table(_table(table.get("output")).get("html"))
    src = book.get("src", "src")
    if not isinstance(src, str) or not src.strip():
        notes.append(f"{config}: [book] src {src!r} not understood; 'src' is used")
        src = "src"
    legacy = [name for name, present in (("book.multilingual", "multilingual" in book),
                                         ("output.html.curly-quotes", "curly-quotes" in html))
              if present]
    if legacy:
        notes.append(f"{config}: {', '.join(legacy)} is accepted only by mdBook 0.4; heading "
                     "ids are made as by mdBook 0.4")
    if book.get("multilingual") is True:
        notes.append(f"{config}: multilingual books are not understood; {src}/ is read as "
                     "one language")
    preprocessors = tuple(name for name in sorted(_table(table.get("preprocessor")))
                          if name not in _BUILTIN_PREPROCESSORS)
    for name in preprocessors:
        notes.append(f"{config}: preprocessor {name} is not run; chapters are read as "
                     "written")
    page_404 = html.get("input-404", "404.md")
    if not isinstance(page_404, str):
        notes.append(f"{config}: [output.html] input-404 {page_404!r} not understood; "
                     "'404.md' is used")
        page_404 = "404.md"
    redirects = {old.lstrip("/"): new for old, new in _table(html.get("redirect")).items()
                 if isinstance(new, str)}
    source = posixpath.normpath(posixpath.join(posixpath.dirname(config), src))
    if source == ".." or source.startswith("../") or posixpath.isabs(src):
        summary, lines = (), ()  # not read: `site_root` says the book is outside the root
    else:
        summary, lines = _read_summary(root, source, files, notes)
    return MdBookSettings(root=root, src=src, legacy_ids=bool(legacy), summary=summary,
                          summary_text=lines, preprocessors=preprocessors,
                          page_404=page_404, redirects=redirects,
                          pages=_pages_of(summary)), notes


def _pages_of(summary: tuple[SummaryEntry, ...]) -> dict[str, str]:
    """The page each chapter is written to; mdBook also writes the first chapter as
    `index.html` (`hbs_renderer.rs`), unless a README chapter is written there."""
    pages: dict[str, str] = {}
    chapters = [posixpath.normpath(e.path) for e in summary if e.path]
    for chapter in chapters:
        pages.setdefault(chapter_html_path(chapter), chapter)
    if chapters:
        pages.setdefault("index.html", chapters[0])
    return pages


def summary_path(source: str) -> str:
    return posixpath.join(source, "SUMMARY.md") if source not in ("", ".") else "SUMMARY.md"


def _read_summary(root: Path, source: str, files: frozenset[str],
                  notes: list[str]) -> tuple[tuple[SummaryEntry, ...], tuple[str, ...]]:
    """SUMMARY.md's entries. Read here, beside `book.toml`, because the reader keeps a
    Markdown file's links and headings, not the list structure that makes parts, drafts
    and numbered chapters; it is a few kilobytes, read once more."""
    path = summary_path(source)
    if path not in files:
        notes.append(f"{path}: missing; mdBook cannot build the book without it, and no "
                     "page is taken as unlisted")
        return (), ()
    data, why = read_config_bytes(root / path)
    text = data.decode("utf-8", "replace") if data is not None else None
    if text is None:
        notes.append(f"{path}: {why}; the book's chapters are not known")
        return (), ()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(parse_summary(text)), tuple(text.split("\n"))
