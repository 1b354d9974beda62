"""Read each part of a corpus the way it is published: on github.com, or by a site generator.

Each generator has one module here, answering the same five questions for the files under
its source folder, and nothing else (see STYLE.md, "Sites and series"):

- *is this my site* (`detect`: from its configuration file, parsed safely, never executed);
- *how is a heading's id made* (`ids`: its explicit-id forms, its slugger, its duplicate
  suffixes);
- *which extra link syntaxes does it have* (`extra_links`, returned as ordinary `Link`s);
- *where does a link land* (`land`: a link as written → a file of the corpus);
- *what is its navigation* (`navigation`: the entries of its menu or table of contents,
  each with the file and line it is written at; None when the generator lists every page
  itself).

The rules never ask which site a file belongs to: the builder asks the site, and puts the
answers on the graph (ids, targets, whether a fragment's case matters).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docs_index.corpus import Listing, _under
from docs_index.files import NotRegularFile, TooLarge, read_regular
from docs_index.ignore import PatternList
from docs_index.model import Document, Heading, Link, Location, RefUse
from docs_index.resolve import Target, TargetKind

MAX_CONFIG_BYTES = 1024 * 1024
"""A site's configuration is a few kilobytes; past this it is not read (a note says so)."""


def read_config_bytes(path: Path) -> tuple[bytes | None, str]:
    """A site configuration's bytes (a regular file only, bounded: a FIFO named
    `mkdocs.yml` must not block), or None and why not, in the words of a note."""
    try:
        return read_regular(path, MAX_CONFIG_BYTES), ""
    except NotRegularFile as err:
        return None, f"not a regular file but {err.kind}"
    except TooLarge:
        return None, f"over {MAX_CONFIG_BYTES:,} bytes"
    except OSError as err:
        return None, f"cannot read: {err.strerror or err}"

SITE_SETTINGS = ("auto", "github", "mkdocs", "hugo", "jekyll", "mdbook", "docusaurus",
                 "generic")
"""Values of the `site` setting: `auto` detects; a site's name forces it."""


@dataclass(frozen=True)
class SiteRoot:
    """One published site of the corpus: which generator, configured where, built from which
    folder."""

    kind: str
    """The generator's name (`github`, `mkdocs`)."""
    config: str = ""
    """Its configuration file, relative to the corpus root; empty for GitHub."""
    source: str = ""
    """The folder its pages are built from, relative to the corpus root; "" is the root."""
    settings: Any = None
    """What the module read from the configuration (the module's own frozen dataclass)."""
    notes: tuple[str, ...] = ()
    """What in the configuration was not understood, one line each (`mkdocs.yml:12: …`)."""
    not_read: tuple[str, ...] = ()
    """Folders, relative to the corpus root, whose Markdown the generator takes as templates,
    not pages (Hugo's `archetypes/`): not read as documents, still files links may reach."""

    def holds(self, path: str) -> bool:
        return not self.source or path == self.source or path.startswith(self.source + "/")

    def describe(self) -> str:
        """`mkdocs at docs/ (mkdocs.yml)`, for the line a run prints."""
        where = f"{self.source}/" if self.source else "the root"
        return f"{self.kind} at {where}" + (f" ({self.config})" if self.config else "")


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
"""A Windows absolute path (`C:\\docs`, `C:/docs`)."""


def site_root(kind: str, config: str, source: str, setting: str, value: str,
              settings: Any, notes: tuple[str, ...]) -> SiteRoot:
    """The `kind` site configured by `config` and built from `source` (normalised, relative
    to the corpus root), where `setting = value` in the configuration names that folder. A
    folder above the root is no site: its files are read as GitHub shows them, and a note
    says why."""
    if source == ".." or source.startswith("../"):
        return SiteRoot("github", config, "", None, (
            *notes, f"{config}: {setting} {value!r} is outside the checked root; the site is "
            "not read"))
    if posixpath.isabs(value) or _DRIVE.match(value):
        return SiteRoot("github", config, "", None, (
            *notes, f"{config}: {setting} {value!r} is an absolute path, which names a "
            "folder of one machine; the site is not read"))
    return SiteRoot(kind, config, "" if source == "." else source, settings, notes)


@dataclass(frozen=True)
class Route:
    """How a site's links name its pages by URL rather than by file: from `root` (the
    folder served at `/`), without `extension`, a folder's index page by the folder."""

    root: str
    extension: str


@dataclass(frozen=True)
class Landing:
    """Where a link lands on its site."""

    target: Target
    leaves: str = ""
    """The source folder of the site the link leaves for a file the built site does not
    have (`docs`), else empty."""
    unverifiable: str = ""
    """Why the link cannot be checked from the corpus, when it goes to a part of the built
    site that no source file of it makes (a sibling book, generated API pages): `a page
    mdBook's sibling book ../std/ makes`; else empty. The target is then not judged."""
    route: Route | None = None
    """Set when the link names a page by its route (`/commands/npm-team`), so that a
    proposal for a missing one is written as a route too."""
    anchors: frozenset[str] | None = None
    """The fragments the target offers this link, when they are not its headings: the
    `ANCHOR:` names of a file an mdBook chapter includes by name; else None."""


@dataclass(frozen=True)
class NavEntry:
    """One entry of a site's navigation (a `nav` item, a SUMMARY.md chapter, a sidebar
    item) that names a page."""

    page: str
    """The page it names, relative to the corpus root (it may not exist)."""
    loc: Location
    """Where the entry is written: the navigation file (`mkdocs.yml`, `SUMMARY.md`,
    `sidebars.js`), relative to the corpus root, and the entry's line and column."""
    written: str
    """The entry's target as written (`guide/install.md`, `intro`)."""
    title: str = ""


@dataclass(frozen=True)
class Navigation:
    """A site's navigation as its configuration writes it."""

    entries: tuple[NavEntry, ...]
    """In reading order."""
    complete: bool = True
    """Whether a page of the source folder that no entry names is left out of the menu
    (MkDocs `nav`, mdBook SUMMARY.md), so that it is worth a finding (RG111)."""
    unlisted_ok: tuple[str, ...] = ()
    """Gitignore-style patterns, relative to the site's source folder, of pages the
    configuration says are meant to be left out (MkDocs `not_in_nav`)."""


@dataclass(frozen=True)
class References:
    """What a site makes of a document's references: autorefs turns a `[text][id]` that no
    definition of the file matches into a link to a heading anywhere on the site."""

    uses: tuple[RefUse, ...]
    """The document's uses still to judge as Markdown does (RG103, RG104): those the site
    resolves (returned by `extra_links` as links) or cannot check are left out."""
    hints: Mapping[Location, str]
    """For an undefined use the site would have resolved, what to say instead of Markdown's
    hint (the site's nearest id)."""
    unchecked: int = 0
    """Uses only a generator that runs code could resolve (mkdocstrings' API objects):
    not checkable from Markdown, so counted, not reported."""


@dataclass(frozen=True)
class Site:
    """A generator's answers; each module makes one `SITE`."""

    name: str
    detect: Callable[[Path, frozenset[str]], list[SiteRoot]]
    """Every site of this kind in the corpus (root, its files)."""
    ids: Callable[[Document, SiteRoot], tuple[tuple[Heading, ...], frozenset[str]]]
    """A document's headings with their ids on this site, and every fragment that lands."""
    extra_links: Callable[[Document, SiteRoot], tuple[Link, ...]]
    land: Callable[[SiteRoot, str, str, Collection[str]], Landing]
    """(site, linking file, link as written, the corpus' files) → where it lands."""
    navigation: Callable[[SiteRoot, Collection[str]], Navigation | None]
    """(site, the corpus' files) → its navigation; None when the generator lists every page
    itself (MkDocs without `nav`, Hugo sections, Jekyll posts), so no page is unlisted."""
    exact_fragments: bool
    """Whether a fragment must match an id's case (a browser on a static page), or is
    forgiven (github.com's page script)."""
    reads_blocks: bool = False
    """Whether `ids` or `extra_links` read a document's source lines (`Document.blocks`),
    which the reader otherwise drops for files that are not posts."""
    pages: Callable[[SiteRoot, Mapping[str, Document]], SiteRoot] | None = None
    """The site with what its documents say of their URLs and of each other (Jekyll's
    `permalink:`, MkDocs' includes and cross-references), read once before links land;
    None when nothing a document says moves a page or another page's ids."""
    pages_from_front_matter: Callable[[SiteRoot], bool] | None = None
    """Whether this site's `pages` reads nothing of a document but its path and front
    matter (so an edit that keeps a page's front matter keeps the site as it was: the
    incremental run then reads no other page); None when it reads more."""
    references: Callable[[Document, SiteRoot], References] | None = None
    """What the site makes of the document's reference uses; None when it reads them as
    Markdown does."""
    file_listings: bool = False
    """Whether a link to a folder shows its file listing (github.com), which RG108 speaks
    of; on a static site a folder's URL is its index page, which `land` names."""
    page_suffixes: tuple[str, ...] = ()
    """Suffixes besides `.md` and `.markdown` of the files the generator builds as Markdown
    pages (Docusaurus' `.mdx`), read as Markdown in its source folders only."""


def sites() -> tuple[Site, ...]:
    """Every site kind refgraph knows, GitHub last (it holds whatever no other site does).
    An explicit tuple, not a registry filled on import."""
    from docs_index.sites import docusaurus, generic, github, hugo, jekyll, mdbook, mkdocs

    return (mkdocs.SITE, hugo.SITE, jekyll.SITE, mdbook.SITE, docusaurus.SITE, generic.SITE,
            github.SITE)


def site_named(name: str) -> Site:
    return next(s for s in sites() if s.name == name)


def with_site_pages(listing: Listing, roots: tuple[SiteRoot, ...], exclude: Iterable[str] = (),
                    only: Iterable[str] = ()) -> Listing:
    """`listing` with the files a site builds as Markdown pages beyond `.md` (`.mdx` in a
    Docusaurus docs folder) added to those to read, as `exclude` and `roots` (`only`)
    allow; elsewhere such a file is read as GitHub shows it: as a file, not Markdown."""
    suffixes = {r.kind: site_named(r.kind).page_suffixes for r in roots}
    if not any(suffixes.values()):
        return listing
    excluded = PatternList.from_lines(exclude)
    extra = [f for f in sorted(listing.files) if f not in listing.markdown
             and f.lower().endswith(suffixes[site_of(roots, f).kind])
             and not excluded.match(f) and _under(f, only)
             and not any(f.startswith(d + "/") for d in listing.skipped)]
    if not extra:
        return listing
    return replace(listing, markdown=tuple(sorted({*listing.markdown, *extra})))


def with_pages(root: SiteRoot, documents: Mapping[str, Document]) -> SiteRoot:
    """`root` with its documents' own URLs known, for the sites whose front matter sets
    them."""
    pages = site_named(root.kind).pages
    return pages(root, documents) if pages is not None else root


def detect(root: Path, files: frozenset[str], setting: str = "auto",
           generic: SiteRoot | None = None) -> tuple[SiteRoot, ...]:
    """The sites of the corpus at `root`, deepest source folder first, GitHub (the whole
    root) last. `setting` is the `site` setting: `github` reads everything as GitHub does;
    a site's name keeps only that kind, and without its configuration file takes the whole
    root as that site with its defaults. `generic`: the site the `site-root` and
    `implied-extension` settings describe, when they are set (no file names it)."""
    found: list[SiteRoot] = []
    if setting != "github":
        for site in sites():
            if setting in ("auto", site.name):
                found += site.detect(root, files)
        if generic is not None and setting in ("auto", "generic"):
            found.append(generic)
    if setting not in ("auto", "github") and not found:
        found.append(SiteRoot(setting))  # settings None: the module's defaults
    found.sort(key=lambda s: (-(s.source.count("/") + 1) if s.source else 0, s.source))
    return (*found, SiteRoot("github"))


def not_read(roots: tuple[SiteRoot, ...], path: str) -> bool:
    """Whether `path` is in a folder that a site takes as templates, not pages."""
    return any(path.startswith(folder + "/") for r in roots for folder in r.not_read)


def site_of(roots: tuple[SiteRoot, ...], path: str) -> SiteRoot:
    """The site whose source folder holds `path` (the deepest one); GitHub elsewhere."""
    return next(r for r in roots if r.holds(path))


def link_path(href: str) -> str:
    """A link's path as written, without its fragment and query (still percent-encoded)."""
    return href.strip().partition("#")[0].partition("?")[0]


def written_path(href: str) -> str:
    """A link's path as a file name: `link_path`, percent-decoded."""
    return unquote(link_path(href))


def landing_above(site: SiteRoot, url: str, fragment: str) -> Landing | None:
    """Where a URL that climbs above the site's root (`../x` from its top page, resolved
    relative to the source folder) lands: outside the source folder, which the link then
    leaves; None for a URL that stays on the site."""
    if url != ".." and not url.startswith("../"):
        return None
    outside = posixpath.normpath(posixpath.join(site.source, url))
    return Landing(Target(TargetKind.OUTSIDE if outside.startswith("..") else TargetKind.PATH,
                          outside, fragment), leaves=site.source)


def relative_to(site: SiteRoot, path: str) -> str:
    """`path` (root-relative) relative to the site's source folder."""
    return posixpath.relpath(path, site.source) if site.source else path


def describe(roots: tuple[SiteRoot, ...]) -> str:
    """`mkdocs at docs/ (mkdocs.yml), github elsewhere`; `github` when nothing else is."""
    others = [r.describe() for r in roots if r.kind != "github"]
    return ", ".join([*others, "github elsewhere"]) if others else "github"


def as_json(roots: tuple[SiteRoot, ...]) -> list[dict[str, object]]:
    """The sites for a report's run metadata, GitHub last."""
    return [{"kind": r.kind, "config": r.config or None, "source": r.source,
             "notes": list(r.notes)} for r in roots]
