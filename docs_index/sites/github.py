"""github.com: how a repository's Markdown reads there, and what refgraph always did.

Ids are github-slugger's (made once by the reader, `docs_index/slugs.py`) plus HTML
`id`/`name` anchors; links resolve from the linking file (`docs_index/resolve.py`); a
fragment's case is forgiven by the page script; no navigation beyond the files.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from docs_index.model import Document, Heading, Link
from docs_index.resolve import resolve
from docs_index.sites import Landing, Navigation, Site, SiteRoot


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    return []  # GitHub needs no file: it holds whatever no other site does


def _ids(doc: Document, site: SiteRoot) -> tuple[tuple[Heading, ...], frozenset[str]]:
    return doc.headings, doc.slugs()


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    return ()


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    return Landing(resolve(source, href))


def _navigation(site: SiteRoot, files: Collection[str]) -> Navigation | None:
    return None


SITE = Site(name="github", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=False, file_listings=True)
