"""A site refgraph has no profile for, described by two settings: `site-root` (the folder
served at the site's `/`) and `implied-extension` (what a link without one names).

npm's documentation is the case it was made for: `docs/lib/content/commands/npm-team.md` is
served at `/commands/npm-team`, and pages link each other by that route. The settings say
only that much, so the module answers the five questions as a plain static site does:

- *Is this my site*: no file says so; `detect` makes one from the settings.
- *Ids*: GitHub's slugger (the one refgraph reads every file with) and HTML anchors; a
  fragment must match an id's case, as a browser compares it on a static page.
- *Where a link lands*: a file of the corpus as written (from the linking file; `/x` from
  `site-root`); a link without an extension is a route, the first of `X.md`,
  `X/index.md`, `X/_index.md`, `X/README.md` (with the implied extension); a link to a
  file outside `site-root` leaves the site (RG109).
- *Extra link syntaxes* and *navigation*: none.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from docs_index.model import Document, Heading, Link
from docs_index.resolve import Target, TargetKind, resolve
from docs_index.sites import Landing, Navigation, Route, Site, SiteRoot, written_path

INDEX_STEMS = ("index", "_index", "README")
"""What a folder's route names, in this order (plain static servers, Hugo sections,
GitHub-style folders)."""


@dataclass(frozen=True)
class GenericSettings:
    """What the `site-root` and `implied-extension` settings say."""

    root: str = ""
    """The folder served at the site's `/`, relative to the corpus root; "" is the root."""
    extension: str = ".md"
    """What a link without an extension names (`/commands/npm-team` → `npm-team.md`); ""
    when links name files as they are."""


def generic_root(settings: GenericSettings) -> SiteRoot:
    """The site the settings describe."""
    return SiteRoot("generic", "", settings.root.strip("/"), settings)


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    return []  # no file names this site: the settings do (`generic_root`)


def _settings(site: SiteRoot) -> GenericSettings:
    return site.settings if isinstance(site.settings, GenericSettings) else GenericSettings()


def _ids(doc: Document, site: SiteRoot) -> tuple[tuple[Heading, ...], frozenset[str]]:
    return doc.headings, doc.slugs()


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    return ()


def _candidates(path: str, is_dir: bool, extension: str) -> list[str]:
    """The files a route names, in the order tried: `X.md`, then the folder's index pages;
    a route ending in `/` or naming the site's root is a folder only. Without an implied
    extension a route without one names a file of that name (`LICENSE`)."""
    # without an implied extension a folder still shows a Markdown index page
    folder = [posixpath.join(path, f"{stem}{extension or '.md'}") for stem in INDEX_STEMS]
    return folder if not path or is_dir else [f"{path}{extension}", *folder]


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    settings = _settings(site)
    written = written_path(href)
    absolute = written.startswith("/")
    target = resolve(source, href)
    if absolute and target.kind is TargetKind.PATH:
        # `/x` is taken from the site's root, not the repository's
        inside = posixpath.normpath(posixpath.join(site.source, target.path or "."))
        target = Target(TargetKind.PATH, "" if inside == "." else inside, target.fragment,
                        target.is_dir)
    if target.kind is not TargetKind.PATH:
        return Landing(target)
    route = Route(site.source, settings.extension)
    path = target.path
    if path in files:
        leaves = "" if site.holds(path) else site.source
        return Landing(target, leaves=leaves)
    has_suffix = bool(posixpath.splitext(posixpath.basename(path))[1])
    if has_suffix and not target.is_dir:
        # a file as written (`img/logo.png`), here or missing; `/img/x.png` from the root
        return Landing(target, route=route if absolute else None)
    candidates = _candidates(path, target.is_dir or written.endswith("/"), settings.extension)
    found = next((c for c in candidates if c in files), None)
    chosen = found if found is not None else candidates[0]
    landed = Target(TargetKind.PATH, chosen, target.fragment)
    return Landing(landed, leaves="" if site.holds(chosen) else site.source, route=route)


def _navigation(site: SiteRoot, files: Collection[str]) -> Navigation | None:
    return None  # no menu is known: every page counts as listed


SITE = Site(name="generic", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=True)
