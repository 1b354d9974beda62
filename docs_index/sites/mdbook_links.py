"""Where a link of an mdBook chapter lands on the built book.

A chapter `src/a/b.md` is written to `a/b.html` (a README chapter to `a/index.html`), so a
link is resolved from the chapter's folder whether it names the source (`x.md`, which
mdBook rewrites to `x.html`: `fix_link` in crates/mdbook-html/src/html/tree.rs) or the
built page (`x.html`), and mapped back to the source file the page is made from.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection

from docs_index.resolve import Target, TargetKind, resolve
from docs_index.sites import Landing, SiteRoot, link_path
from docs_index.sites.mdbook_config import MdBookSettings, summary_path
from docs_index.sites.mdbook_rules import is_readme

__all__ = ["land_link"]


def _in_src(site: SiteRoot, path: str) -> str:
    return posixpath.join(site.source, path) if site.source and path else (site.source or path)


def _page_source(site: SiteRoot, settings: MdBookSettings, url: str,
                 files: Collection[str]) -> str:
    """The source of the built page at `url` (relative to `src`): the chapter written
    there; else, for `index.html`, the folder's README or `index.md`; else the `.md` that
    would make it (missing, or a page SUMMARY.md does not list: RG111 says so)."""
    chapter = settings.pages.get(url)
    if chapter is not None:
        return _in_src(site, chapter)
    folder, name = posixpath.split(url)
    if name == "index.html":
        for index in ("README.md", "readme.md", "Readme.md", "index.md"):
            if _in_src(site, posixpath.join(folder, index)) in files:
                return _in_src(site, posixpath.join(folder, index))
    return _in_src(site, posixpath.join(folder, name[: -len(".html")] + ".md"))


def _redirected(site: SiteRoot, settings: MdBookSettings, url: str, fragment: str,
                files: Collection[str]) -> Landing | None:
    """Where an `[output.html.redirect]` page (`url`, relative to `src`) sends the reader:
    the entry for `url#fragment` first, as mdBook's redirect page looks it up, then the one
    for `url`; None when `url` is no such page."""
    redirects = settings.redirects
    new = redirects.get(f"{url}#{fragment}") if fragment else None
    new = new if new is not None else redirects.get(url)
    if new is None:
        return None
    target = resolve(_in_src(site, url), new)
    if target.kind is TargetKind.EXTERNAL:
        return Landing(target)
    if target.kind is not TargetKind.PATH or not site.holds(target.path):
        return Landing(target, unverifiable=_elsewhere(site, target.path))
    there = posixpath.relpath(target.path, site.source) if site.source else target.path
    page = _page_source(site, settings, there, files) if there.endswith(".html") else target.path
    return Landing(Target(TargetKind.PATH, page, target.fragment or fragment))


def land_link(site: SiteRoot, settings: MdBookSettings, source: str, href: str,
              files: Collection[str]) -> Landing:
    """Where a link of a chapter lands on the built book (see `mdbook.py`)."""
    landing = _land(site, settings, source, href, files)
    written = link_path(href)
    target = landing.target
    if (settings.preprocessors and not landing.unverifiable and not landing.leaves
            and target.kind is TargetKind.PATH and target.path not in files
            and written and "/" not in written and not written.endswith((".md", ".html"))):
        # rust-lang/reference's `[closure]: expr.closure`: a name its `spec` preprocessor
        # turns into a URL; refgraph does not run it, so cannot say
        names = ", ".join(settings.preprocessors)
        return Landing(target, unverifiable=f"a name that preprocessor {names} may turn "
                       "into a link (it is not run)")
    return landing


def _land(site: SiteRoot, settings: MdBookSettings, source: str, href: str,
          files: Collection[str]) -> Landing:
    target = resolve(source, href)
    if target.kind not in (TargetKind.PATH, TargetKind.OUTSIDE) or (
            source == summary_path(site.source)):
        return Landing(target)  # SUMMARY.md names chapter files; it is no chapter itself
    written = link_path(href)
    if written.startswith("/"):
        return Landing(target, unverifiable="the built site's host root, outside the book")
    if target.kind is TargetKind.OUTSIDE or not site.holds(target.path):
        if (target.kind is TargetKind.OUTSIDE or target.path not in files
                or written.endswith(".html") or not posixpath.splitext(written)[1]):
            return Landing(target, unverifiable=_elsewhere(site, target.path))
        return Landing(target, leaves=site.source)  # in the repository, not in the book
    if target.path in files:
        if written.endswith(".md") and is_readme(target.path):
            # mdBook links `README.html`, but writes the README chapter as `index.html`
            folder = posixpath.dirname(target.path)
            return Landing(Target(TargetKind.PATH, posixpath.join(folder, "README.html")
                                  if folder else "README.html", target.fragment))
        return Landing(target)
    if written.endswith(".md"):
        return Landing(target)
    url = posixpath.relpath(target.path, site.source) if site.source else target.path
    if target.is_dir or written.endswith("/") or not posixpath.splitext(written)[1]:
        url = posixpath.join(url, "index.html") if url != "." else "index.html"
    elif not written.endswith(".html"):
        return Landing(target)  # a file mdBook copies from src/ as it is (or missing)
    redirected = _redirected(site, settings, url, target.fragment, files)
    if redirected is not None:
        return redirected
    page = _page_source(site, settings, url, files)
    return Landing(Target(TargetKind.PATH, page, target.fragment))


def _elsewhere(site: SiteRoot, path: str) -> str:
    """Why a link out of the book cannot be checked: `the built site's ../std/, outside
    the book …` (the folder the link climbs to, and the one below it if any)."""
    parts = posixpath.relpath(path, site.source or ".").split("/")
    ups = next((i for i, p in enumerate(parts) if p != ".."), len(parts))
    keep = ups + 1 if len(parts) > ups + 1 else ups
    return (f"the built site's {'/'.join(parts[:keep])}/, outside the book (a sibling book "
            "or other pages of the site)")
