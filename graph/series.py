"""Which series a corpus has: the `[[series]]` tables when there are any; else the single
series of the `posts`/`index`/`plan` keys when it applies (they are set, or the default
`blog/[0-9]*.md` matches); else what `posts.discover` finds. When discovery finds one series
or none, the folder `detect_layout` picks stays the series, as it always was."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from docs_index.ignore import PatternList
from docs_index.model import Document
from docs_index.resolve import TargetKind, resolve
from graph.config import Config, SeriesTable
from posts.backlog import PLAN_NAMES, plan_beside
from posts.discover import discover, numbered_posts, post_day
from posts.series import Place, Series, SeriesPost, WordNumbered, name_place, word_numbered

Navigations = Sequence[tuple[str, tuple[str, ...]]]
"""Each site's source folder and the pages its navigation lists, in order."""


def layout_applies(config: Config, files: frozenset[str]) -> bool:
    """Whether the single-series keys name the series: set by the user, or the default
    glob matches a file."""
    return "posts" in config.explicit or any(
        map(PatternList.from_lines([config.posts]).matcher(), files))


def may_be_post(config: Config, files: frozenset[str],
                legacy: Callable[[str], bool]) -> Callable[[str], bool]:
    """Before any file is read: which files may turn out to be posts (so their blocks are
    kept for the Previously/Next links). Discovery reads titles and front matter, so when
    it runs every Markdown file may be one."""
    if config.series:
        tables = PatternList.from_lines([t.posts for t in config.series]).matcher()
        named = {p for t in config.series for p in (t.index, t.plan) if p}
        # a table without `plan` takes the BACKLOG.md (PLAN.md, ROADMAP.md) beside it
        return lambda path: legacy(path) or tables(path) or path in named or (
            PurePosixPath(path).stem.lower() in PLAN_NAMES)
    if layout_applies(config, files):
        return legacy
    return lambda path: True


def _place(path: str, patterns: WordNumbered) -> Place:
    return name_place(path, patterns) or Place()


def legacy_series(config: Config, posts: str, index: str, plan: str,
                  markdown: Sequence[str]) -> Series:
    """The series of the single-series keys (or the folder detected for them), with posts
    by number as the rules have always ordered them."""
    match = PatternList.from_lines([posts]).matcher()
    patterns = word_numbered(markdown)
    # each file's place once: an incremental run finds the series again after a post is
    # added (`graph.incremental_series`), and reading 3,462 names thrice took 0.3 s
    places = {f: _place(f, patterns) for f in markdown if match(f)}
    files = sorted(places, key=lambda f: (places[f].number is None, places[f].number or 0, f))
    folders = sorted({posixpath.dirname(f) for f in files})
    name = (folders[0] or ".") if len(folders) == 1 else posts
    found_by = "config" if "posts" in config.explicit else "folder"
    present = set(markdown)
    posts = tuple(SeriesPost(f, places[f]) for f in files)
    if len(folders) == 1:  # one folder: a file sharing a lesson's number is its sub-page
        numbered = [(p.place, p.file) for p in posts if p.place.number is not None]
        posts = (*numbered_posts(numbered), *(p for p in posts if p.place.number is None))
    return Series(name, found_by, posts,
                  index if index in present else None, plan if plan in present else None,
                  legacy=True)


def _index_order(index: str, documents: Mapping[str, Document]) -> list[str]:
    doc = documents.get(index)
    if doc is None:
        return []
    order: dict[str, None] = {}  # first link first
    for link in doc.links:
        target = resolve(index, link.target)
        if target.kind is TargetKind.PATH:
            order.setdefault(target.path)
    return list(order)


def _table_plan(table: SeriesTable, files: list[str], present: set[str]) -> str | None:
    """The table's `plan`; when it sets none, a BACKLOG.md (PLAN.md, ROADMAP.md) beside its
    index, else beside its first post, as discovery finds a folder's plan."""
    if table.plan:
        return table.plan if table.plan in present else None
    folders = [posixpath.dirname(p) for p in (table.index, *files[:1]) if p]
    return plan_beside(folders, present)


def configured_series(tables: Sequence[SeriesTable], markdown: Sequence[str],
                      documents: Mapping[str, Document],
                      navigations: Navigations) -> tuple[Series, ...]:
    """Each `[[series]]` table as a series, ordered as its `order` says; a file two tables
    match is the first table's."""
    present = set(markdown)
    patterns = word_numbered(markdown)
    claimed: set[str] = set()
    found = []
    for table in tables:
        match = PatternList.from_lines([table.posts]).matcher()
        files = [f for f in sorted(markdown) if match(f) and f not in claimed
                 and f not in (table.index, table.plan)]
        plan = _table_plan(table, files, present)
        files = [f for f in files if f != plan]  # `guide/*.md` takes in guide/BACKLOG.md
        claimed.update(files)
        ranked: list[str] = []
        if table.order == "index":
            ranked = _index_order(table.index, documents)
        elif table.order == "nav":
            ranked = [p for _, pages in navigations for p in pages]
        if table.order == "number":
            posts = numbered_posts([(_place(f, patterns), f) for f in files])
        elif table.order == "date":
            days = {f: post_day(documents.get(f), f) for f in files}
            posts = tuple(SeriesPost(f, replace(_place(f, patterns), date=days[f]))
                          for f in sorted(files, key=lambda f: (days[f] or "", f)))
        else:
            rank = {p: i for i, p in enumerate(dict.fromkeys(ranked))}
            files.sort(key=lambda f: (rank.get(f, len(rank)), f))  # unlisted last
            posts = tuple(SeriesPost(f, replace(_place(f, patterns),
                                                position=i if f in rank else None))
                          for i, f in enumerate(files, 1))
        found.append(Series(table.name, "config", tuple(posts),
                            table.index if table.index in present else None,
                            plan, table.order))
    return tuple(found)


def corpus_series(config: Config, posts: str, index: str, plan: str,
                  markdown: Sequence[str], documents: Mapping[str, Document],
                  navigations: Navigations) -> tuple[Series, ...]:
    """The series of the corpus (see the module's docstring). `posts`, `index`, `plan`:
    the layout `detect_layout` settled on."""
    if config.series:
        return configured_series(config.series, markdown, documents, navigations)
    legacy = legacy_series(config, posts, index, plan, markdown)
    if layout_applies(config, frozenset(markdown)):
        return (legacy,)
    found = discover(markdown, documents, navigations)
    if not found or len(found) == 1 and legacy.posts:
        return (legacy,)
    return found

