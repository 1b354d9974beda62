"""MkDocs: pages built from `docs_dir` by Python-Markdown, served one URL per page.

- *Is this my site*: a `mkdocs.yml` (or `.yaml`); its `docs_dir` (default `docs`, beside it)
  is the source folder (`mkdocs_config.py` reads it, never executing its tags).
- *Ids*: Python-Markdown's `toc` extension, which MkDocs always loads: an explicit id
  first (with `attr_list`: `## Title {#id}`, `{: #id}`, `[](){#id}`), every explicit id
  taken before any heading's, then `slugify(text, separator)` made unique with `_1`, `_2`
  (`toc.unique`). Python-Markdown's own functions are called, so the ids are its ids;
  raw HTML (`<a id="x">`) passes through to the page as written. A page's includes
  (`pymdownx.snippets`) add their headings (`mkdocs_pages.py`, `mkdocs_snippets.py`).
- *Extra links*: each `--8<--` include (written `--8<-- "file"`), the links of what it
  includes, and each autorefs cross-reference that resolves (`mkdocs_autorefs.py`); one
  only mkdocstrings could resolve is counted, not judged.
- *Where a link lands*: a link to a file of `docs_dir` (`.md` or any other) is resolved from
  the linking file, as MkDocs rewrites it; any other relative link is left as written and
  the browser resolves it from the page's URL (`a/b.md` is served at `a/b/` with
  `use_directory_urls`, else at `a/b.html`), so `../c/` lands on `a/c.md`, `a/c/index.md` or
  `a/c/README.md`; `/x/` is taken from the site's root. A link to a file outside `docs_dir`
  leaves the site: the built site has no such page.
  A link to an id a plugin writes (mkdocstrings, mkdocs-click, macros), or to a page one
  writes (coverage, gen-files), is unverifiable.
- *Navigation*: `nav` in `mkdocs.yml`, each entry with its line (`mkdocs_nav.py`), and
  literate-nav's nav files (`mkdocs_menu.py`); a page `nav` does not list is RG111 unless
  `not_in_nav` matches it; without `nav`, MkDocs lists every page itself.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from docs_index.model import Document, Heading, Link, LinkKind
from docs_index.resolve import Target, TargetKind, resolve
from docs_index.sites import (
    Landing,
    Navigation,
    References,
    Site,
    SiteRoot,
    landing_above,
    relative_to,
    site_root,
    written_path,
)
from docs_index.sites.mkdocs_config import MkDocsSettings, load_mkdocs_config
from docs_index.sites.mkdocs_menu import navigation
from docs_index.sites.mkdocs_pages import SitePages, site_pages
from docs_index.sites.mkdocs_snippets import as_target, find_snippet, spec_of, split_spec
from docs_index.suffixes import first_free

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
_INDEX_NAMES = ("index.md", "README.md")
_HEADER_ATTRS = re.compile(r"\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}[ ]*$")
"""`attr_list`'s `HEADER_RE` (`[ ]+` + this): an attribute list ending a heading. Searched
as written, it tries every `{` to the end of the line (quadratic on `{#a {#a …`), so it is
matched only at the `{` that can open the list: after the last `}` but the closing one."""


def _header_attrs(text: str) -> tuple[int, str] | None:
    """Where `HEADER_RE` would match in a heading's text (the spaces before the list) and
    its group, found in linear time."""
    stripped = text.rstrip(" ")
    if not stripped.endswith("}"):
        return None
    start = stripped.rfind("}", 0, len(stripped) - 1) + 1  # the list holds no `}`
    while (brace := text.find("{", start, len(stripped) - 1)) >= 0:
        if brace > 0 and text[brace - 1] == " ":
            match = _HEADER_ATTRS.match(text, brace)
            if match is not None:  # fails only for an empty list, just before the `}`
                spaces = len(text[:brace]) - len(text[:brace].rstrip(" "))
                return brace - spaces, match.group(1)
        start = brace + 1
    return None


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    found = []
    for config in sorted(f for f in files if f.rpartition("/")[2] in CONFIG_NAMES):
        settings, notes = load_mkdocs_config(root, config)
        source = posixpath.normpath(posixpath.join(posixpath.dirname(config),
                                                   settings.docs_dir))
        found.append(site_root("mkdocs", config, source, "docs_dir", settings.docs_dir,
                               settings, notes))
    return found


def _settings(site: SiteRoot) -> MkDocsSettings:
    return site.settings if isinstance(site.settings, MkDocsSettings) else MkDocsSettings()


def slugifier(settings: MkDocsSettings) -> Callable[[str, str], str]:
    """The toc `slugify` the site configures, as a function of (text, separator)."""
    from markdown.extensions import toc  # Python-Markdown only where MkDocs is used

    if settings.slugify == "unicode":
        return toc.slugify_unicode
    if settings.slugify.startswith("pymdownx."):
        try:
            from pymdownx import slugs  # optional: only when a site configures it
        except ImportError:
            return toc.slugify
        name = settings.slugify.rpartition(".")[2]
        factory = getattr(slugs, name, None)
        if factory is None:  # the configuration's note says so
            return toc.slugify
        return factory(**dict(settings.slugify_kwds)) if name == "slugify" else factory
    return toc.slugify


def _heading_attrs(text: str) -> tuple[str, str | None]:
    """A heading's text without its trailing attribute list, and the id that list sets."""
    from markdown.extensions.attr_list import get_attrs

    found = _header_attrs(text)
    if found is None:
        return text, None
    start, attrs = found
    ids = [value for key, value in get_attrs(attrs) if key == "id"]
    return text[:start], (ids[-1] if ids else None)


def _explicit_ids(doc: Document) -> list[str]:
    from markdown.extensions.attr_list import get_attrs

    return [value for attrs in doc.attr_lists for key, value in get_attrs(attrs.body)
            if key == "id"]


def unique_linear(slug: str, used: set[str], jumps: dict[tuple[str, str, int], int]) -> str:
    """Python-Markdown's `toc.unique`: an id taken (or empty) gets `_1`, `_2`, … or, when it
    ends in `_N`, the next number after N, the first one free. Written here rather than
    called: `toc.unique`, even with its `counters` argument (3.11), tries each number from
    N + 1 on for a repeat of `## a_5` (10,000 of them: 25 s); `first_free` leaps over the
    runs known taken and gives the same ids."""
    if slug in used or not slug:
        match = _ID_COUNT.match(slug)
        base, count = (match.group(1), int(match.group(2))) if match else (slug, 0)
        slug = f"{base}_{first_free(base, '_', count + 1, used, jumps)}"
    used.add(slug)
    return slug


_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")
"""`toc.IDCOUNT_RE`."""


def make_ids(settings: MkDocsSettings, headings: Iterable[Heading], explicit: Iterable[str],
             anchors: Iterable[str]) -> tuple[tuple[Heading, ...], frozenset[str]]:
    """A page's headings with their toc ids, and every id of the page: `explicit` ids are
    taken before any heading's; raw HTML `anchors` are kept as written."""
    slugify = slugifier(settings)
    used: set[str] = set(explicit) if settings.attr_list else set()
    jumps: dict[tuple[str, str, int], int] = {}
    made = []
    for heading in headings:
        text, given = (_heading_attrs(heading.text) if settings.attr_list
                       else (heading.text, None))
        base = slugify(text, settings.separator)
        slug = given if given is not None else unique_linear(base, used, jumps)
        made.append(Heading(heading.loc, heading.level, text.strip(), slug,
                            given if given is not None else base))
    ids = frozenset(used) | {h.slug for h in made} | set(anchors)
    return tuple(made), ids


def _pages_of(site: SiteRoot) -> SitePages | None:
    pages = _settings(site).pages
    return pages if isinstance(pages, SitePages) else None


def _ids(doc: Document, site: SiteRoot) -> tuple[tuple[Heading, ...], frozenset[str]]:
    pages = _pages_of(site)
    page = pages.pages.get(doc.path) if pages is not None else None
    if page is not None:  # with what the page includes
        return page.headings, page.ids
    settings = _settings(site)
    return make_ids(settings, doc.headings,
                    _explicit_ids(doc) if settings.attr_list else (),
                    (a.name for a in doc.anchors))


def _pages(site: SiteRoot, documents: Mapping[str, Document]) -> SiteRoot:
    """The site with its pages read together: includes, generated ids, cross-references."""
    if _pages_alone(site):
        return site
    settings = _settings(site)
    pages = site_pages(site.config, site.source, settings, documents,
                       partial(make_ids, settings))
    return replace(site, settings=replace(settings, pages=pages))


def _pages_alone(site: SiteRoot) -> bool:
    """Whether no page reads another: no includes, generated ids or cross-references."""
    settings = _settings(site)
    return not (settings.snippets or settings.autorefs or settings.mkdocstrings
                or settings.macros or settings.click or settings.literate_nav)


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    """Each file a page includes (`--8<--`, as a link written `--8<-- "file"`, which `land`
    knows), the links of what it includes, and each cross-reference autorefs resolves, as
    a link to its page and id."""
    pages = _pages_of(site)
    if pages is None:
        return ()
    links = [Link(snippet.loc, as_target(snippet.spec), snippet.path, LinkKind.INLINE, block)
             for snippet, block in pages.snippets.get(doc.path, ())]
    links += pages.included.get(doc.path, ())
    folder = posixpath.dirname(doc.path)
    for ref in pages.autorefs.get(doc.path, ()):
        if ref.page:
            target = posixpath.relpath(ref.page, folder) if ref.page != doc.path else ""
            links.append(Link(ref.use.loc, f"{target}#{ref.anchor}", ref.title,
                              LinkKind.INLINE, ref.block))
    return tuple(links)


def _references(doc: Document, site: SiteRoot) -> References:
    pages = _pages_of(site)
    refs = pages.autorefs.get(doc.path, ()) if pages is not None else ()
    if not refs:
        return References(doc.ref_uses, {})
    judged = {ref.use.loc: ref for ref in refs}
    uses = tuple(use for use in doc.ref_uses if use.defined or use.loc not in judged
                 or not (judged[use.loc].page or judged[use.loc].unchecked))
    hints = {ref.use.loc: ref.hint for ref in refs if ref.hint}
    return References(uses, hints, sum(1 for ref in refs if ref.unchecked))


def page_url_dir(page: str, use_directory_urls: bool) -> str:
    """The folder of a page's URL, relative to the site root: `a/b.md` → `a/b` with
    directory URLs (served at `a/b/`), else `a`; `a/index.md` and `a/README.md` → `a`."""
    folder, name = posixpath.split(page)
    stem = name.rsplit(".", 1)[0]
    if stem in ("index", "README") or not use_directory_urls:
        return folder
    return posixpath.join(folder, stem)


def _in_site(site: SiteRoot, path: str) -> str:
    return posixpath.join(site.source, path) if site.source and path else (site.source or path)


def _page_at(site: SiteRoot, url: str, is_dir: bool, settings: MkDocsSettings,
             files: Collection[str]) -> tuple[str, bool]:
    """The source file served at `url` (relative to the site root), and whether it exists;
    else the page the URL names (`url.md`), missing."""
    url = url.strip("/") if url not in ("", ".") else ""
    if url and not is_dir and _in_site(site, url) in files:
        return _in_site(site, url), True
    suffix = posixpath.splitext(posixpath.basename(url))[1]
    if suffix and suffix != ".html" and not is_dir:
        candidates = [url]  # a static file (`img/logo.png`): copied as it is, or missing
    elif url.endswith(".html"):
        stem = url[: -len(".html")]
        if stem == "index" or stem.endswith("/index"):
            candidates = [posixpath.join(stem[: -len("index")], n) for n in _INDEX_NAMES]
        else:
            candidates = [] if settings.use_directory_urls else [f"{stem}.md"]
    else:
        candidates = [posixpath.join(url, n) for n in _INDEX_NAMES]
        if url and settings.use_directory_urls:
            candidates.insert(0, f"{url}.md")
    candidates = [posixpath.normpath(c) for c in candidates] or [url]
    for candidate in candidates:
        if _in_site(site, candidate) in files:
            return _in_site(site, candidate), True
    return _in_site(site, candidates[0]), False


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    spec = spec_of(href)
    settings = _settings(site)
    if spec is not None:  # an include: looked up in the snippets base paths
        path, _exists = find_snippet(split_spec(spec)[0].strip(),
                                     posixpath.dirname(site.config), settings.snippet_base,
                                     settings.snippet_restrict, files)
        return Landing(Target(TargetKind.PATH, path))
    landing = _land_link(site, source, href, files)
    target = landing.target
    if (target.kind is TargetKind.PATH and target.path not in files and not landing.leaves
            and site.holds(target.path)):
        writer = _plugin_page(settings, relative_to(site, target.path))
        if writer:
            return Landing(target, "", f"a page {writer} at build time")
    return _generated(site, source, landing)


def _plugin_page(settings: MkDocsSettings, page: str) -> str:
    """What writes the (missing) page `page` of `docs_dir` (`the coverage plugin writes`),
    or ""."""
    known = dict(settings.plugin_pages).get(page)
    if known:
        return f"{known} writes"
    return "the gen-files plugin's scripts may write" if settings.gen_files and (
        page.endswith(".md")) else ""


def _generated(site: SiteRoot, source: str, landing: Landing) -> Landing:
    """A link to an id of a page part of whose ids a plugin makes (mkdocstrings, macros)
    cannot be judged from Markdown, unless the id is one the Markdown makes."""
    target = landing.target
    pages = _pages_of(site)
    if pages is None or not target.fragment or target.kind not in (TargetKind.PATH,
                                                                   TargetKind.SAME_FILE):
        return landing
    path = source if target.kind is TargetKind.SAME_FILE else target.path
    page = pages.pages.get(path)
    if page is None or not page.unknown or target.fragment in page.ids or (
            unquote(target.fragment) in page.ids):
        return landing
    return Landing(target, landing.leaves,
                   f"an id that {page.unknown} makes on {path}, which Markdown does not show")


def _land_link(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    settings = _settings(site)
    target = resolve(source, href)
    if target.kind not in (TargetKind.PATH, TargetKind.OUTSIDE):
        return Landing(target)
    written = written_path(href)
    absolute = written.startswith("/")
    if target.kind is TargetKind.PATH and not absolute and target.path in files:
        return Landing(target, leaves=site.source if not site.holds(target.path) else "")
    if written.endswith(".md") and not absolute:
        leaves = "" if target.kind is TargetKind.PATH and site.holds(target.path) else (
            site.source)
        return Landing(target, leaves=leaves)
    # a URL: from the page's URL, or from the site root for `/x/`
    page = posixpath.relpath(source, site.source) if site.source else source
    base = "" if absolute else page_url_dir(page, settings.use_directory_urls)
    url = posixpath.normpath(posixpath.join(base, written.lstrip("/"))) if written else base
    above = landing_above(site, url, target.fragment)
    if above is not None:
        return above
    path, _exists = _page_at(site, url, target.is_dir or written.endswith("/"), settings,
                             files)
    return Landing(Target(TargetKind.PATH, path, target.fragment))


def _navigation(site: SiteRoot, files: Collection[str]) -> Navigation | None:
    pages = _pages_of(site)
    return navigation(site, _settings(site), pages.menus if pages is not None else {}, files)


SITE = Site(name="mkdocs", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=True, reads_blocks=True, pages=_pages,
            pages_from_front_matter=_pages_alone, references=_references)
