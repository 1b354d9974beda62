"""What an MkDocs site's pages say of each other, read once all of them are parsed: the
headings a page gets from the files it includes (`pymdownx.snippets`), the pages whose ids
a plugin makes (mkdocstrings `::: module`, `::: mkdocs-click`, macros `{{ }}`), and where
each autorefs cross-reference lands.

autorefs (`mkdocs_autorefs/_internal/references.py`, mkdocs-autorefs 1.4.5): its inline
processor runs right after Python-Markdown's own reference processor, so it only sees a
`[title][identifier]` or `[title][]` no definition of the page matches (a shortcut
`[identifier]` is never one: it uses `REFERENCE_RE`, which needs the second brackets). A
full form's identifier is matched as written; a collapsed form's title is tried as written
and then as `toc.slugify(title, "-")`, except a title that is one code span
(`` [`bool`][] ``), whose content is matched as written. It matches against every heading
id of the whole site (`HeadingScannerTreeProcessor`) and every `<a id>` an attribute list
makes (`[](){#id}`, `AnchorScannerTreeProcessor`, with `attr_list`); mkdocstrings adds the
identifiers of the API objects it documents, which no Markdown source shows.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from docs_index.model import BlockKind, Document, Heading, Link, LinkKind, RefUse
from docs_index.sites.mkdocs_config import MkDocsSettings
from docs_index.sites.mkdocs_snippets import Snippet, find_snippet, snippets

MakeIds = Callable[[Iterable[Heading], Iterable[str], Iterable[str]],
                   tuple[tuple[Heading, ...], frozenset[str]]]
"""(headings in page order, explicit ids, raw HTML anchors) → the page's headings with
their ids, and every id of the page."""

MAX_INCLUDE_DEPTH = 20
"""Nested snippets deeper than this are not followed (snippets stops near Python's
recursion limit; a corpus that deep is hostile)."""
MAX_SCAN = 4_000
"""Characters read from a reference's `[` to find its two bracket pairs; a longer one is
left to RG103 as Markdown reads it."""
MAX_GUESS_IDS = 20_000
"""Past this many ids on a site, no did-you-mean is looked for (each guess compares every
id)."""


@dataclass(frozen=True)
class PageIds:
    headings: tuple[Heading, ...]
    ids: frozenset[str]
    unknown: str = ""
    """Why the page has ids Markdown does not show (`mkdocstrings`), else empty."""


@dataclass(frozen=True)
class AutoRef:
    """What autorefs makes of one undefined reference of a page."""

    use: RefUse
    title: str
    page: str = ""
    """The page it lands on, relative to the corpus root; empty when it does not."""
    anchor: str = ""
    unchecked: bool = False
    """Only the API generator (mkdocstrings) could resolve it."""
    hint: str = ""
    block: int = -1


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


def _anchor_ids(doc: Document) -> list[str]:
    """The ids of `[](){#id}` anchors: an empty link right before the attribute list."""
    from markdown.extensions.attr_list import get_attrs

    lines = {b.line + i: text for b in doc.blocks for i, text in enumerate(b.lines)}
    found = []
    for attrs in doc.attr_lists:
        line = lines.get(attrs.loc.line, "")
        if line.endswith(("[]()", "[](<>)"), 0, attrs.loc.col - 1):  # no copy per list
            found += [value for key, value in get_attrs(attrs.body) if key == "id"]
    return found


def _scan_reference(text: str) -> tuple[str, str | None] | None:
    """(title, identifier) of the `[title][identifier]` at the start of `text`; identifier
    None for `[title][]`; None when it is not one (an image, an unclosed bracket). Walks
    the brackets once, skipping escapes and code spans, as Python-Markdown's
    `getText` does."""
    if not text.startswith("["):
        return None
    depth, i = 1, 1
    while i < len(text) and depth:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":
            run = i
            while i < len(text) and text[i] == "`":
                i += 1
            close = text.find(text[run:i], i)
            i = close + (i - run) if close >= 0 else i
            continue
        depth += 1 if char == "[" else -1 if char == "]" else 0
        i += 1
    if depth:
        return None
    title = text[1 : i - 1]
    if i < len(text) and text[i] in " \t\n":
        i += 1
    if not text.startswith("[", i):
        return None
    close = text.find("]", i + 1)
    if close < 0:
        return None
    identifier = text[i + 1 : close]
    return title, (identifier if identifier else None)


def _code_span(title: str) -> str | None:
    """The content of a title that is one code span (`` `bool` ``), else None."""
    run = len(title) - len(title.lstrip("`"))
    if not run or not title.endswith("`" * run) or len(title) <= 2 * run:
        return None
    inner = title[run:-run]
    return inner.strip() if "`" * run not in inner else None


def is_api_identifier(identifier: str) -> bool:
    """A Python object path (`bool`, `package.module.Class.attr`), which mkdocstrings may
    resolve from its own pages or its inventories."""
    parts = identifier.split(".")
    return bool(identifier) and all(part.isidentifier() for part in parts)


class _Resolver:
    def __init__(self, settings: MkDocsSettings, pages: Mapping[str, PageIds],
                 documents: Mapping[str, Document]) -> None:
        self.settings = settings
        self.ids: dict[str, str] = {}
        for path in sorted(pages):
            page_ids = [h.slug for h in pages[path].headings]
            if settings.attr_list:
                page_ids += _anchor_ids(documents[path])
            for anchor in page_ids:
                self.ids.setdefault(anchor, path)  # autorefs warns and takes the first
        self.known = sorted(self.ids)

    def resolve(self, doc: Document, block_of: Callable[[int], int]) -> tuple[AutoRef, ...]:
        from markdown.extensions.toc import slugify

        lines = {b.line + i: (n, i) for n, b in enumerate(doc.blocks)
                 for i in range(len(b.lines))}
        texts: dict[int, tuple[str, list[int]]] = {}  # block → its text, each line's offset
        found = []
        for use in doc.ref_uses:
            if use.defined:
                continue
            at = lines.get(use.loc.line)
            scanned = None
            if at is not None:
                number, index = at
                if number not in texts:
                    block_lines = doc.blocks[number].lines
                    offsets = [0]
                    for line in block_lines:
                        offsets.append(offsets[-1] + len(line) + 1)
                    texts[number] = ("\n".join(block_lines), offsets)
                text, offsets = texts[number]
                start = offsets[index] + use.loc.col - 1
                # bounded: a use is a label pair; 50,000 of them in one paragraph must not
                # each copy the rest of it
                scanned = _scan_reference(text[start : start + MAX_SCAN])
            if scanned is None:  # an image, or not read: left to RG103 as it is
                continue
            title, identifier = scanned
            candidates = [identifier] if identifier is not None else []
            if identifier is None:
                code = _code_span(title)
                candidates = [code] if code is not None else [title, slugify(title, "-")]
            block = block_of(use.loc.line)
            hit = next((c for c in candidates if c in self.ids), None)
            if hit is not None:
                found.append(AutoRef(use, title, self.ids[hit], hit, block=block))
            elif self.settings.mkdocstrings and is_api_identifier(candidates[0]):
                found.append(AutoRef(use, title, unchecked=True, block=block))
            else:
                found.append(AutoRef(use, title, hint=self.hint(title, candidates[0]),
                                     block=block))
        return tuple(found)

    def hint(self, title: str, identifier: str) -> str:
        close = (difflib.get_close_matches(identifier, self.known, n=1, cutoff=0.6)
                 if len(self.known) <= MAX_GUESS_IDS else [])
        return ("no heading or [](){#id} anchor of the site has this id (autorefs)"
                + (f"; did you mean [{title}][{close[0]}], on {self.ids[close[0]]}?"
                   if close else ""))


def site_pages(config: str, source: str, settings: MkDocsSettings,
               documents: Mapping[str, Document], make_ids: MakeIds) -> SitePages:
    """Read the site's pages (the documents under `source`) together."""
    reader = _Reader(config, settings, documents, make_ids)
    inside = {path: doc for path, doc in documents.items()
              if not source or path.startswith(source + "/")}
    pages = {path: reader.page(doc) for path, doc in sorted(inside.items())}
    autorefs: dict[str, tuple[AutoRef, ...]] = {}
    if settings.autorefs:
        resolver = _Resolver(settings, pages, documents)
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
