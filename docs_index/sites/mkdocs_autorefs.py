"""autorefs cross-references on an MkDocs site: `[title][identifier]` and `[title][]` that no
definition of the page matches, resolved against the ids of the whole site.

What autorefs does (`mkdocs_autorefs/_internal/references.py`, mkdocs-autorefs 1.4.5): its
inline processor runs right after Python-Markdown's own reference processor, so it only sees
a reference no definition matches; a shortcut `[identifier]` is never one (it uses
`REFERENCE_RE`, which needs the second brackets), nor is an image. A full form's identifier
is matched as written; a collapsed form's title is tried as written and then as
`toc.slugify(title, "-")`, except a title that is one code span (`` [`bool`][] ``), whose
content is matched as written. It matches against every heading id of the whole site
(`HeadingScannerTreeProcessor`) and every `<a id>` an attribute list makes (`[](){#id}`,
`AnchorScannerTreeProcessor`, with `attr_list`); mkdocstrings adds the identifiers of the
API objects it documents, which no Markdown source shows.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from docs_index.model import Document, RefUse
from docs_index.sites.mkdocs_config import MkDocsSettings

MAX_SCAN = 4_000
"""Characters read from a reference's `[` to find its two bracket pairs; a longer one is
left to RG103 as Markdown reads it."""
MAX_GUESS_IDS = 20_000
"""Past this many ids on a site, no did-you-mean is looked for (each guess compares every
id)."""


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


class Resolver:
    """The site's ids (heading ids of each page, `[](){#id}` anchors), and what each
    undefined reference of a page resolves to."""

    def __init__(self, settings: MkDocsSettings, headings: Mapping[str, Iterable[str]],
                 documents: Mapping[str, Document]) -> None:
        self.settings = settings
        self.ids: dict[str, str] = {}
        for path in sorted(headings):
            page_ids = list(headings[path])
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
