"""What an MkDocs site's pages say of each other, read once all of them are parsed: the
headings and links a page gets from the files it includes (`pymdownx.snippets`), the pages
whose ids a plugin makes (mkdocstrings `::: module`, `::: mkdocs-click`, macros `{{ }}`),
each folder's literate-nav menu, and where each autorefs cross-reference lands
(`mkdocs_autorefs.py`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from docs_index.model import BlockKind, Document, Heading, Link, LinkKind
from docs_index.sites.mkdocs_autorefs import AutoRef, Resolver
from docs_index.sites.mkdocs_config import MkDocsSettings
from docs_index.sites.mkdocs_snippets import Snippet, find_snippet, snippets

MakeIds = Callable[[Iterable[Heading], Iterable[str], Iterable[str]],
                   tuple[tuple[Heading, ...], frozenset[str]]]
"""(headings in page order, explicit ids, raw HTML anchors) → the page's headings with
their ids, and every id of the page."""

MAX_INCLUDE_DEPTH = 20
"""Nested snippets deeper than this are not followed (snippets stops near Python's
recursion limit; a corpus that deep is hostile)."""


@dataclass(frozen=True)
class PageIds:
    headings: tuple[Heading, ...]
    ids: frozenset[str]
    unknown: str = ""
    """Why the page has ids Markdown does not show (`mkdocstrings`), else empty."""


@dataclass(frozen=True)
class SitePages:
    pages: Mapping[str, PageIds]
    autorefs: Mapping[str, tuple[AutoRef, ...]]
    snippets: Mapping[str, tuple[tuple[Snippet, int], ...]]
    """Each page's includes, with the index of the block they stand in."""
    menus: Mapping[str, tuple[Link, ...]]
    """literate-nav: each folder's nav file (`docs/guide/SUMMARY.md`) → the links of its
    lists, in order."""
    included: Mapping[str, tuple[Link, ...]]
    """The links of the files each page includes: they are the page's links once built,
    resolved from its URL (snippets inserts raw text), located where they are written."""


def _block_of(doc: Document) -> Callable[[int], int]:
    starts = [(b.line, b.line + max(len(b.lines), 1) - 1, i) for i, b in enumerate(doc.blocks)]

    def block(line: int) -> int:
        lo, hi = 0, len(starts)
        while lo < hi:  # the last block starting at or before the line
            mid = (lo + hi) // 2
            if starts[mid][0] <= line:
                lo = mid + 1
            else:
                hi = mid
        if lo and starts[lo - 1][1] >= line:
            return starts[lo - 1][2]
        return -1

    return block


def _generator(doc: Document, settings: MkDocsSettings) -> str:
    """The plugin that writes part of the page, from its source lines, or ""."""
    for block in doc.blocks:
        code = block.kind in (BlockKind.FENCE, BlockKind.CODE)
        for line in block.lines:
            if settings.macros and ("{{" in line or "{%" in line):
                return "the macros plugin"
            if code:
                continue
            text = line.lstrip("#").lstrip(" ") if line.startswith("#") else line
            if not text.startswith(":::"):
                continue
            name = text[3:].strip()
            if settings.click and name.startswith("mkdocs-click"):
                return "mkdocs-click"
            if settings.mkdocstrings and name:
                return "mkdocstrings"
    return ""


def _in_ranges(line: int, ranges: tuple[tuple[int | None, int | None], ...]) -> bool:
    return not ranges or any((start is None or start <= line) and (end is None or line <= end)
                             for start, end in ranges)


def _explicit(doc: Document) -> list[str]:
    from markdown.extensions.attr_list import get_attrs

    return [value for attrs in doc.attr_lists for key, value in get_attrs(attrs.body)
            if key == "id"]


class _Reader:
    def __init__(self, site_config: str, settings: MkDocsSettings,
                 documents: Mapping[str, Document], make_ids: MakeIds) -> None:
        self.config_dir = posixpath.dirname(site_config)
        self.settings = settings
        self.documents = documents
        self.make_ids = make_ids
        self.snippets: dict[str, tuple[tuple[Snippet, int], ...]] = {}

    def page_snippets(self, doc: Document) -> tuple[tuple[Snippet, int], ...]:
        found = self.snippets.get(doc.path)
        if found is None:
            block = _block_of(doc)
            found = tuple((s, block(s.loc.line)) for s in snippets(doc)) if (
                self.settings.snippets) else ()
            self.snippets[doc.path] = found
        return found

    def parts(self, doc: Document, seen: tuple[str, ...]
              ) -> tuple[list[tuple[tuple[int, ...], Heading]], list[str], list[str], str]:
        """The page's headings with their order keys (own line, or the include's line
        then the included heading's key), its explicit ids and raw anchors, and why some
        of its ids are unknown."""
        headings = [((h.loc.line,), h) for h in doc.headings]
        explicit = _explicit(doc) if self.settings.attr_list else []
        anchors = [a.name for a in doc.anchors]
        unknown = _generator(doc, self.settings)
        if len(seen) > MAX_INCLUDE_DEPTH:
            return headings, explicit, anchors, unknown
        for snippet, _block in self.page_snippets(doc):
            if snippet.in_code:
                continue
            path, _ = find_snippet(snippet.path, self.config_dir, self.settings.snippet_base,
                                   self.settings.snippet_restrict, self.documents)
            included = self.documents.get(path)
            if included is None or path in seen:
                continue
            if snippet.section:
                unknown = unknown or f"snippets (section {snippet.section!r} of {path})"
                continue
            sub, sub_explicit, sub_anchors, sub_unknown = self.parts(included, (*seen, path))
            headings += [((snippet.loc.line, *key), h) for key, h in sub
                         if _in_ranges(h.loc.line, snippet.ranges)]
            explicit += sub_explicit
            anchors += sub_anchors
            unknown = unknown or sub_unknown
        return headings, explicit, anchors, unknown

    def links(self, doc: Document, seen: tuple[str, ...], block: int = -1) -> list[Link]:
        """The links the files `doc` includes bring into the including page (nested
        includes too); a definition (`[x]: url`) is rendered where it is used, so it
        comes as a plain link of the page."""
        found: list[Link] = []
        if len(seen) > MAX_INCLUDE_DEPTH:
            return found
        for snippet, at in self.page_snippets(doc):
            path, _ = find_snippet(snippet.path, self.config_dir, self.settings.snippet_base,
                                   self.settings.snippet_restrict, self.documents)
            included = self.documents.get(path)
            if included is None or path in seen or snippet.in_code or snippet.section:
                continue
            where = at if block < 0 else block
            found += [Link(link.loc, link.target, link.text,
                           LinkKind.INLINE if link.kind is LinkKind.REFERENCE else link.kind,
                           where)
                      for link in included.links if _in_ranges(link.loc.line, snippet.ranges)]
            found += self.links(included, (*seen, path), where)
        return found

    def page(self, doc: Document) -> PageIds:
        parts, explicit, anchors, unknown = self.parts(doc, (doc.path,))
        parts.sort(key=lambda item: item[0])
        headings, ids = self.make_ids([h for _, h in parts], explicit, anchors)
        return PageIds(headings, ids, unknown)


def site_pages(config: str, source: str, settings: MkDocsSettings,
               documents: Mapping[str, Document], make_ids: MakeIds) -> SitePages:
    """Read the site's pages (the documents under `source`) together."""
    reader = _Reader(config, settings, documents, make_ids)
    inside = {path: doc for path, doc in documents.items()
              if not source or path.startswith(source + "/")}
    pages = {path: reader.page(doc) for path, doc in sorted(inside.items())}
    autorefs: dict[str, tuple[AutoRef, ...]] = {}
    if settings.autorefs:
        resolver = Resolver(settings, {path: [h.slug for h in page.headings]
                                       for path, page in pages.items()}, documents)
        for path, doc in sorted(inside.items()):
            if any(not use.defined for use in doc.ref_uses):
                autorefs[path] = resolver.resolve(doc, _block_of(doc))
    included = {path: tuple(reader.links(doc, (path,))) for path, doc in sorted(inside.items())}
    return SitePages(pages, autorefs, {p: reader.page_snippets(d) for p, d in inside.items()},
                     _menus(settings, inside),
                     {path: links for path, links in included.items() if links})


def _menus(settings: MkDocsSettings, pages: Mapping[str, Document]
           ) -> dict[str, tuple[Link, ...]]:
    """The links in the lists of each literate-nav nav file (the plugin reads the file's
    list of links; prose links around it are no entries)."""
    if not settings.literate_nav:
        return {}
    return {path: tuple(link for link in doc.links if 0 <= link.block < len(doc.blocks)
                        and doc.blocks[link.block].level > 0)
            for path, doc in pages.items()
            if posixpath.basename(path) == settings.literate_nav}
