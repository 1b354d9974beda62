"""An MkDocs site's navigation: `nav` in `mkdocs.yml` (`mkdocs_nav.py` reads it with each
entry's line), and with the literate-nav plugin, the menus its nav files write.

literate-nav (mkdocs-literate-nav): a `nav` entry naming a folder (`- Guide: guide/`) is
replaced by the list of links in that folder's `nav_file` (default `SUMMARY.md`), a link to
a folder read the same way; a folder without a nav file lists every page under it; without
`nav`, the nav file of `docs_dir` is the whole menu.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping

from docs_index.model import Link, Location
from docs_index.resolve import TargetKind, resolve
from docs_index.sites import NavEntry, Navigation, SiteRoot, relative_to
from docs_index.sites.mkdocs_config import MkDocsSettings


def navigation(site: SiteRoot, settings: MkDocsSettings,
               nav_files: Mapping[str, tuple[Link, ...]],
               files: Collection[str]) -> Navigation | None:
    """`nav` as written in `mkdocs.yml`, each entry a page of `docs_dir` (with
    literate-nav, a folder entry is the menu of its nav file: `nav_files`, each nav file's
    list links); None without `nav` (nor a nav file of `docs_dir`), when MkDocs lists every
    page itself."""
    menus = nav_files if settings.literate_nav else None
    if settings.nav is None:
        root_menu = posixpath.join(site.source, settings.literate_nav)
        if menus is None or root_menu not in menus:
            return None
        entries = _literate(site, settings.literate_nav, site.source,
                            Location(root_menu, 1, 1), "", menus, files, set())
        return Navigation(tuple(entries), complete=True, unlisted_ok=settings.not_in_nav)
    entries = []
    for item in settings.nav:
        page = posixpath.normpath(posixpath.join(site.source, item.written))
        loc = Location(site.config, item.line, item.col)
        if item.written.endswith("/") and menus is not None:
            entries += _literate(site, settings.literate_nav, page, loc, item.written, menus,
                                 files, set())
            continue
        if page not in files and any(written == relative_to(site, page)
                                     for written, _ in settings.plugin_pages):
            continue  # the plugin adds the page when it builds: nothing to check here
        if item.written.endswith("/"):
            page += "/"  # MkDocs looks a folder up as a file: none is found
        entries.append(NavEntry(page, loc, item.written, item.title))
    return Navigation(tuple(entries), complete=True, unlisted_ok=settings.not_in_nav)


def _literate(site: SiteRoot, nav_file: str, folder: str, loc: Location, written: str,
              menus: Mapping[str, tuple[Link, ...]], files: Collection[str],
              seen: set[str]) -> list[NavEntry]:
    """A folder's menu with literate-nav: the links of its nav file, a folder link read
    the same way; without a nav file, every page under it (as the plugin falls back to)."""
    menu = posixpath.join(folder, nav_file) if folder else nav_file
    if menu in seen:
        return []
    seen.add(menu)
    if menu not in menus:
        prefix = f"{folder}/" if folder else ""
        return [NavEntry(path, loc, written or path, "") for path in sorted(files)
                if path.startswith(prefix) and path.endswith(".md") and site.holds(path)]
    entries = []
    for link in menus[menu]:
        target = resolve(menu, link.target)
        if target.kind is not TargetKind.PATH:
            continue
        if link.target.partition("#")[0].endswith("/"):
            entries += _literate(site, nav_file, target.path, link.loc, link.target, menus,
                                 files, seen)
        else:
            entries.append(NavEntry(target.path, link.loc, link.target, link.text))
    return entries
