"""Hugo: pages built from `contentDir` by Goldmark, one URL per page.

- *Is this my site*: a `hugo.toml`/`hugo.yaml`/`hugo.json`, or a `config.toml`/`config.yaml`
  with `contentDir` or `baseURL`, or either in `config/_default/` (`hugo_config.py` reads
  it, never executing anything); its
  `contentDir` (default `content`, beside it), or the source of a `module.mounts` entry
  with target `content`, is the source folder.
- *Ids*: Goldmark's, from the heading's source line (`goldmark_ids.py`, checked against the
  real Hugo): `## Title {#id}` first (`parser.attribute.title`), then the slugger that
  `autoHeadingIDType` names, repeats `-1`, `-2`; raw HTML (`<a id="x">`) as written; with
  `autoDefinitionTermID`, definition terms too, numbered with the headings.
- *Extra links*: the `{{< ref "x.md#a" >}}` and `{{< relref … >}}` shortcodes (and their
  `{{% %}}` form), wherever they stand: Hugo expands shortcodes before Markdown, in code too
  (only the `{{</* */>}}` comment form is left alone).
- *Where a link lands*: a link to a `.md` file (a `ref`, or a link that a render hook maps
  with `GetPage`) from the linking page's folder, else from `contentDir`; any other relative
  link as the browser resolves it from the page's URL (`a/b.md` is served at `a/b/`,
  `a/_index.md` and the bundle `a/index.md` at `a/`), landing on `X.md`, `X/index.md` or
  `X/_index.md`; `/x/` from the site root, under `baseURL`'s path; a file other than a page
  from the page bundle or the site's `static/` folder. A URL that front matter (`url`,
  `slug`, `aliases`) or `permalinks` gives a page lands on it first (`hugo_pages.py`), and
  such a page is not at its usual URL. A `ref` finds its page as Hugo does (`hugo_refs.py`),
  and so does a destination the site's link render hook looks up with `GetPage`; one the
  hook rewrites is not checkable (`unverifiable`, `hugo_hooks.py`).
- *Navigation*: section `_index.md` and `weight` (a later version).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from urllib.parse import unquote

from docs_index.model import Document, Heading, Link, LinkKind, Location
from docs_index.resolve import Target, TargetKind, resolve
from docs_index.sites import (
    Landing,
    Navigation,
    Site,
    SiteRoot,
    landing_above,
    site_root,
    written_path,
)
from docs_index.sites.hugo_config import (
    OLD_CONFIGS,
    SITE_CONFIGS,
    HugoSettings,
    is_hugo_config,
    project_of,
    read_config_dir,
    read_hugo_config,
    settings_of,
)
from docs_index.sites.hugo_hooks import HOOK_PATHS, LinkHook, read_hook
from docs_index.sites.hugo_ids import page_ids
from docs_index.sites.hugo_includes import included, inlining_shortcodes
from docs_index.sites.hugo_pages import routes
from docs_index.sites.hugo_refs import AmbiguousRef, get_page, page_index

_PAGE_NAMES = ("index.md", "_index.md")
_REF = re.compile(r"\{\{([<%])[ \t]*(?:rel)?ref[ \t]+(?:\"([^\"\n]*)\"|([^\s\"%<>{}]+))"
                  r"[^\n{}]*?[>%]\}\}")
"""`{{< ref "x.md" >}}`, `{{% relref x.md %}}`: its first argument. Linear: each part stops
at a character the next cannot start with."""


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    found = []
    names = SITE_CONFIGS + OLD_CONFIGS
    taken: set[str] = set()
    # per project, its own hugo.* before config.*, then a config/_default/ folder's, as
    # Hugo looks for them
    for config in sorted((f for f in files if f.rpartition("/")[2] in names),
                         key=lambda f: (project_of(f), project_of(f) != posixpath.dirname(f),
                                        names.index(posixpath.basename(f)))):
        folder = project_of(config)
        if folder in taken:
            continue
        table, problem = read_hugo_config(root, config)
        if not is_hugo_config(config, table):
            continue
        taken.add(folder)
        table, dir_notes = read_config_dir(root, config, files, table)
        settings, notes = settings_of(config, table, problem)
        source = posixpath.normpath(posixpath.join(folder, settings.content_dir))
        settings = dataclasses.replace(settings, pages=page_index(_pages_under(source, files)))
        if settings.lower_urls:
            settings = dataclasses.replace(settings,
                                           pages_by_lower_url=_pages_by_lower_url(source, files))
        settings = dataclasses.replace(
            settings, link_hook=_link_hook(root, folder, settings, files),
            inlining=inlining_shortcodes(root, folder, settings.themes, files))
        site = site_root("hugo", config, source, settings.content_setting,
                         settings.content_dir, settings, (*notes, *dir_notes))
        found.append(dataclasses.replace(site, not_read=_template_folders(folder, files)))
    return found


def _link_hook(root: Path, project: str, settings: HugoSettings,
               files: frozenset[str]) -> LinkHook | None:
    """The project's link render hook, else its theme's, as Hugo looks for them."""
    for folder in ("", *(f"themes/{t}/" for t in settings.themes)):
        for name in HOOK_PATHS:
            path = posixpath.join(project, folder + name)
            if path in files:
                return read_hook(root, path)
    return None


_TEMPLATE_FOLDERS = ("archetypes", "layouts")
"""A Hugo project's folders of Go templates: `archetypes/x.md` is the skeleton `hugo new`
fills in (its front matter holds `{{ .Date }}`), never a page of the site."""


def _template_folders(project: str, files: frozenset[str]) -> tuple[str, ...]:
    """The project's template folders, and its themes' (`themes/x/archetypes`), that hold
    a file."""
    prefix = f"{project}/" if project else ""
    found = set()
    for path in files:
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix):].split("/")
        if len(parts) > 1 and parts[0] in _TEMPLATE_FOLDERS:
            found.add(prefix + parts[0])
        elif len(parts) > 3 and parts[0] == "themes" and parts[2] in _TEMPLATE_FOLDERS:
            found.add(prefix + "/".join(parts[:3]))
    return tuple(sorted(found))


def _pages(site: SiteRoot, documents: Mapping[str, Document]) -> SiteRoot:
    """`site` with the URLs its pages' front matter (`url`, `slug`, `aliases`) and its
    `permalinks` give them."""
    settings = _settings(site)
    fronts = {p: d.front_matter for p, d in documents.items() if site.holds(p)}
    found = routes(site.source, fronts, settings.permalinks, settings.lower_urls)
    taken = _included_ids(site, documents) if settings.inlining else {}
    if not found.by_url and not taken:
        return site
    return dataclasses.replace(site, settings=dataclasses.replace(
        settings, routes=found, included_ids=taken))


def _included_ids(site: SiteRoot, documents: Mapping[str, Document]) -> dict[str, frozenset[str]]:
    """The ids each page takes from the pages its `.RenderShortcodes` shortcodes include
    (one level; each included page's ids as it has them alone: where an included heading
    repeats one of the page's, Hugo's `-1` is not foreseen)."""
    settings = _settings(site)
    taken: dict[str, frozenset[str]] = {}
    for path, doc in documents.items():
        if not site.holds(path):
            continue
        ids: set[str] = set()
        for ref in included(doc, settings.inlining):
            # `.Page.GetPage`, else `site.GetPage` (from the content root)
            page = (_look_up(site, path, ref, reflink=False)
                    or _look_up(site, None, ref, reflink=False))
            if page is not None and page in documents:
                ids |= _ids(documents[page], site)[1]
        if ids:
            taken[path] = frozenset(ids)
    return taken



def _pages_under(source: str, files: frozenset[str]) -> list[str]:
    """The Markdown files under `source`, relative to it."""
    prefix = "" if source == "." else f"{source}/"
    return [f[len(prefix):] for f in files if f.startswith(prefix) and f.endswith(".md")]


def _pages_by_lower_url(source: str, files: frozenset[str]) -> dict[str, str]:
    """Each page under `source` by its lowercased path there; of two that differ only in
    case, the first in sorted order, so the answer is the same on every run."""
    prefix = "" if source == "." else f"{source}/"
    pages: dict[str, str] = {}
    for path in sorted(files):
        if path.startswith(prefix) and path.endswith(".md"):
            pages.setdefault(path[len(prefix):].lower(), path)
    return pages


def _settings(site: SiteRoot) -> HugoSettings:
    return site.settings if isinstance(site.settings, HugoSettings) else HugoSettings()


def _ids(doc: Document, site: SiteRoot) -> tuple[tuple[Heading, ...], frozenset[str]]:
    return page_ids(doc, _settings(site))


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    links = []
    for index, block in enumerate(doc.blocks):
        for offset, line in enumerate(block.lines):
            for match in _REF.finditer(line):
                # the shortcode as written is the target: `_land` knows it by its form
                # and looks its page up as Hugo does, and a message shows it as written
                links.append(Link(Location(doc.path, block.line + offset, match.start() + 1),
                                  match[0], match[0], LinkKind.INLINE, index))
    return tuple(links)


def _in_site(site: SiteRoot, path: str) -> str:
    return posixpath.join(site.source, path) if site.source and path else (site.source or path)


def page_url_dir(page: str) -> str:
    """The folder of a page's URL, relative to the site root: `a/b.md` → `a/b` (served at
    `a/b/`); `a/_index.md` and the bundle `a/index.md` → `a`."""
    folder, name = posixpath.split(page)
    return folder if name in _PAGE_NAMES else posixpath.splitext(page)[0]


def _page_at(site: SiteRoot, url: str, is_dir: bool, files: Collection[str]) -> str:
    """The source file served at `url` (relative to the site root); else the page the URL
    names (`url.md`), missing."""
    url = url.strip("/") if url not in ("", ".") else ""
    settings = _settings(site)
    routes = settings.routes
    moved = routes.by_url.get(url.lower() if settings.lower_urls else url)
    if moved is not None:
        return moved  # front matter or `permalinks` put a page (or an alias) here
    suffix = posixpath.splitext(posixpath.basename(url))[1]
    if suffix and not is_dir:
        # a file other than a page: a bundle's resource, or copied from static/
        static = posixpath.join(project_of(site.config), "static", url)
        return static if static in files else _in_site(site, url)
    candidates = [posixpath.join(url, n) for n in _PAGE_NAMES]
    if url:
        candidates.insert(0, f"{url}.md")
    for candidate in candidates:
        path = _in_site(site, candidate)
        if path in files and path not in routes.url_of:
            return path
    # Hugo serves `Warnidf.md` at `warnidf/` unless disablePathToLower
    for candidate in candidates:
        path = settings.pages_by_lower_url.get(candidate.lower())
        if path is not None and path not in routes.url_of:
            return path
    if any(_in_site(site, c) in routes.url_of for c in candidates):
        # the page that would be here is served elsewhere: nothing is at this URL
        return _in_site(site, url or ".")
    return _in_site(site, candidates[0])


def _page(site: SiteRoot, path: str) -> str:
    """`path` (root-relative) relative to the site's content folder."""
    return posixpath.relpath(path, site.source) if site.source else path


def _look_up(site: SiteRoot, source: str | None, ref: str, *, reflink: bool) -> str | None:
    """The page (root-relative) Hugo's look-up finds for `ref` from `source` (None: from
    the content root, as `site.GetPage`), or None; an ambiguous name finds none (Hugo fails
    the build on it)."""
    context = _page(site, source) if source is not None else None
    try:
        found = get_page(_settings(site).pages, context, ref, reflink=reflink)
    except AmbiguousRef:
        return None
    return _in_site(site, found) if found is not None else None


def _land_ref(site: SiteRoot, source: str, match: re.Match[str]) -> Landing:
    """A `ref`/`relref` shortcode: its page as Hugo's look-up finds it; missing, the file
    the reference names (`x` is `x.md`), from the page's folder or, with a leading `/`,
    from the content folder."""
    written = match[2] if match[2] is not None else match[3]
    ref, _, fragment = written.partition("#")
    if not ref:
        return Landing(Target(TargetKind.SAME_FILE, source, unquote(fragment)))
    found = _look_up(site, source, ref, reflink=True)
    if found is None:
        named = ref if posixpath.splitext(ref)[1] else f"{ref.rstrip('/')}.md"
        base = "" if ref.startswith("/") else posixpath.dirname(_page(site, source))
        found = _in_site(site, posixpath.normpath(posixpath.join(base, named.lstrip("/"))))
    return Landing(Target(TargetKind.PATH, found, unquote(fragment)))


def _land_md(site: SiteRoot, source: str, target: Target, written: str,
             files: Collection[str]) -> Landing:
    """A link to a `.md` file (which a render hook maps with `GetPage`): from the page's
    folder, else from `contentDir`, else as `GetPage` finds it (a bundle looks from its
    section)."""
    if not written.startswith("/") and target.kind is TargetKind.PATH and (
            target.path in files or not site.holds(target.path)):
        return Landing(target, leaves="" if site.holds(target.path) else site.source)
    from_root = posixpath.normpath(_in_site(site, written.lstrip("/")))
    if from_root in files or written.startswith("/"):
        return Landing(Target(TargetKind.PATH, from_root, target.fragment))
    found = _look_up(site, source, written, reflink=False)
    if found is not None:
        return Landing(Target(TargetKind.PATH, found, target.fragment))
    return Landing(target)


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    settings = _settings(site)
    shortcode = _REF.fullmatch(href)
    if shortcode is not None:
        return _land_ref(site, source, shortcode)
    why = unverifiable(site, href)
    if why:  # a template decides where it goes: said (RG112), not judged
        return Landing(resolve(source, href), unverifiable=why)
    target = resolve(source, href)
    if target.kind not in (TargetKind.PATH, TargetKind.OUTSIDE):
        return Landing(target)
    written = written_path(href)
    if written.endswith(".md"):
        return _land_md(site, source, target, written, files)
    hook = settings.link_hook
    if hook is not None and hook.get_page and not hook.md_only and written:
        # the hook looks the destination up as a page (with and without its trailing
        # `/`, as hugoDocs' does) and passes it through when no page answers
        found = (_look_up(site, source, written, reflink=False)
                 or _look_up(site, source, written.rstrip("/"), reflink=False))
        if found is not None:
            return Landing(Target(TargetKind.PATH, found, target.fragment))
    absolute = written.startswith("/")
    if absolute and settings.base_path:
        prefix = f"/{settings.base_path}"
        if written != prefix and not written.startswith(prefix + "/"):
            # outside the site's path on its host: another site's page, which refgraph
            # cannot see; RG109 says so, and no rule looks for a file
            return Landing(Target(TargetKind.EXTERNAL, href.strip(), target.fragment),
                           leaves=site.source)
        written = written[len(prefix):] or "/"
    own = settings.routes.url_of.get(source)
    base = "" if absolute else own if own is not None else page_url_dir(_page(site, source))
    url = posixpath.normpath(posixpath.join(base, written.lstrip("/"))) if written else base
    above = landing_above(site, url, target.fragment)
    if above is not None:
        return above
    path = _page_at(site, url, target.is_dir or written.endswith("/"), files)
    return Landing(Target(TargetKind.PATH, path, target.fragment))


def unverifiable(site: SiteRoot, href: str) -> str:
    """Why a link's destination cannot be checked from the corpus, else "": one that the
    site's link render hook compares with a string and so rewrites (hugoDocs' `[term](g)`),
    or one that another shortcode writes (`{{% eturl rss %}}`): a template decides where it
    goes, and no source file says."""
    hook = _settings(site).link_hook
    if hook is not None and href.strip() in hook.literals:
        return f"wherever the link render hook {hook.path} sends {href.strip()!r}"
    opened = href.find("{{")
    if opened >= 0:
        name = href[opened + 3:].split(None, 1)[0] if href[opened + 3:].split() else ""
        return f"a URL the shortcode {name!r} writes" if name else "a URL a template writes"
    return ""


def _navigation(site: SiteRoot, files: Collection[str]) -> Navigation | None:
    return None


SITE = Site(name="hugo", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=True, reads_blocks=True, pages=_pages,
            pages_from_front_matter=lambda site: not _settings(site).inlining)
