"""Jekyll: pages and posts built from the folder of `_config.yml` by kramdown.

- *Is this my site*: a `_config.yml`; its folder (or its `source`) is the source folder
  (`jekyll_config.py` reads it with a safe loader).
- *Ids*: kramdown's, as Jekyll 4 runs it: `input: GFM` (kramdown-parser-gfm) by default,
  plain kramdown with `input: kramdown`; an explicit `{#id}` or a `{: #id}` line after the
  heading first; none with `auto_ids: false` (`kramdown_ids.py`, checked against Jekyll).
- *Where a link lands*: a relative `.md` link is the file it names (as
  `jekyll-relative-links` rewrites it on GitHub Pages); any other link is a URL the browser
  resolves from the page's URL (`a/b.md` is served at `a/b.html`, a post
  `cat/_posts/2024-01-02-x.md` at `cat/2024/01/02/x.html`), `/x` from the site root after
  `baseurl`, and the URL is mapped back to its source (`x.html` → `x.md`, `x.markdown`,
  `x.html`; `x/` → `x/index.md`; a post's URL → its file under `_posts`).
- *Navigation*: posts by date (a later version).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote

from docs_index.model import BlockKind, Document, Heading, Link
from docs_index.resolve import Target, TargetKind, resolve
from docs_index.sites import Landing, Site, SiteRoot
from docs_index.sites.jekyll_config import JekyllSettings, load_jekyll_config
from docs_index.sites.kramdown_ids import GfmIds, KramdownIds, ial_id, split_header_id

CONFIG_NAME = "_config.yml"
_SOURCE_SUFFIXES = (".md", ".markdown", ".html")
_POST_FILE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})-(?P<slug>.+)\.\w+$")
_POST_URL = re.compile(r"^(?:(?P<cat>.+)/)?(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/"
                       r"(?P<slug>[^/]+)\.html$")
_ATX = re.compile(r"^[ \t>]*#{1,6}(?=[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^[ \t>]*(=+|-+)[ \t]*$")


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    found = []
    for config in sorted(f for f in files if posixpath.basename(f) == CONFIG_NAME):
        settings, notes = load_jekyll_config(root, config)
        source = posixpath.normpath(posixpath.join(posixpath.dirname(config),
                                                   settings.source))
        if source == ".." or source.startswith("../"):
            found.append(SiteRoot("github", config, "", None, (
                *notes, f"{config}: source {settings.source!r} is outside the checked "
                "root; the site is not read")))
            continue
        found.append(SiteRoot("jekyll", config, "" if source == "." else source, settings,
                              notes))
    return found


def _settings(site: SiteRoot) -> JekyllSettings:
    return site.settings if isinstance(site.settings, JekyllSettings) else JekyllSettings()


def _heading_sources(doc: Document) -> list[tuple[str, str]]:
    """Each heading's contents as written (after the `#` marks) and the line after it,
    where kramdown looks for a block attribute list."""
    blocks = doc.blocks
    found = []
    for n, block in enumerate(blocks):
        if block.kind is not BlockKind.HEADING:
            continue
        lines = list(block.lines)
        if len(lines) > 1 and _SETEXT_UNDERLINE.match(lines[-1]):
            contents = " ".join(line.lstrip(" \t>") for line in lines[:-1])
        else:
            first = lines[0] if lines else ""
            match = _ATX.match(first)
            contents = first[match.end():] if match else first.lstrip(" \t>")
        end = block.line + len(lines)
        after = next((b.lines[0] for b in blocks[n + 1:n + 2] if b.line == end and b.lines),
                     "")
        found.append((contents, after))
    return found


def _ids(doc: Document, site: SiteRoot) -> tuple[tuple[Heading, ...], frozenset[str]]:
    settings = _settings(site)
    maker: GfmIds | KramdownIds = (
        KramdownIds(settings.auto_id_prefix) if settings.kramdown_input == "kramdown"
        else GfmIds(settings.auto_id_prefix))
    sources = _heading_sources(doc)
    if len(sources) != len(doc.headings):  # headings the block list does not show
        sources = [(h.text, "") for h in doc.headings]
    headings = []
    for heading, (contents, after) in zip(doc.headings, sources, strict=True):
        made = maker.id(contents, after)
        if not settings.auto_ids:
            made = ial_id(after) or split_header_id(contents)[1] or ""
        if made:  # kramdown writes no id for an empty one
            headings.append(Heading(heading.loc, heading.level, heading.text, made, made))
    ids = frozenset(h.slug for h in headings) | {a.name for a in doc.anchors}
    return tuple(headings), ids


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    return ()  # `{% link %}` and `{% post_url %}`: a later version


def page_url(page: str, settings: JekyllSettings) -> str:
    """Where a source file (relative to the site's source folder) is served, without
    `baseurl`: `a/b.md` → `a/b.html`, `cat/_posts/2024-01-02-x.md` → `cat/2024/01/02/x.html`."""
    folder, name = posixpath.split(page)
    parts = folder.split("/") if folder else []
    if "_posts" in parts:
        match = _POST_FILE.match(name)
        if match:
            cats = [p for p in parts if p != "_posts"]
            return posixpath.join(*cats, match["y"], match["m"], match["d"],
                                  f"{match['slug']}.html")
    stem, suffix = posixpath.splitext(page)
    return f"{stem}.html" if suffix in (".md", ".markdown") else page


def _in_site(site: SiteRoot, path: str) -> str:
    return posixpath.join(site.source, path) if site.source and path else (site.source or path)


def _page_at(site: SiteRoot, url: str, is_dir: bool, files: Collection[str]) -> str:
    """The source file served at `url` (relative to the site root); else the file the URL
    names, missing."""
    url = "" if url in ("", ".") else url.strip("/")
    if is_dir or not posixpath.splitext(url)[1]:
        candidates = [posixpath.join(url, f"index{s}") for s in _SOURCE_SUFFIXES]
    elif url.endswith(".html"):
        stem = url[: -len(".html")]
        candidates = [f"{stem}{s}" for s in _SOURCE_SUFFIXES]
        post = _POST_URL.match(url)
        if post:
            folder = posixpath.join(post["cat"] or "", "_posts")
            name = f"{post['y']}-{post['m']}-{post['d']}-{post['slug']}"
            candidates[:0] = [posixpath.join(folder, name + s) for s in (".md", ".markdown")]
    else:
        candidates = [url]  # a static file, copied as it is
    for candidate in candidates:
        if _in_site(site, candidate) in files:
            return _in_site(site, candidate)
    return _in_site(site, candidates[0])


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    settings = _settings(site)
    target = resolve(source, href)
    if target.kind not in (TargetKind.PATH, TargetKind.OUTSIDE):
        return Landing(target)
    written = unquote(href.strip().partition("#")[0].partition("?")[0])
    absolute = written.startswith("/")
    if not absolute and written.endswith((".md", ".markdown")):
        leaves = "" if target.kind is TargetKind.PATH and site.holds(target.path) else (
            site.source)
        return Landing(target, leaves=leaves)
    if absolute:
        base = settings.baseurl
        if base and written != base and not written.startswith(base + "/"):
            # served under `baseurl`: `/x` is outside the site once deployed
            path = _page_at(site, posixpath.normpath(written.lstrip("/") or "."),
                            written.endswith("/"), files)
            return Landing(Target(TargetKind.PATH, path, target.fragment),
                           leaves=site.source or ".")
        url = posixpath.normpath(written[len(base):].lstrip("/") or ".")
    else:
        page = posixpath.relpath(source, site.source) if site.source else source
        folder = posixpath.dirname(page_url(page, settings))
        url = posixpath.normpath(posixpath.join(folder, written)) if written else (
            page_url(page, settings))
    if url == ".." or url.startswith("../"):
        outside = posixpath.normpath(posixpath.join(site.source, url))
        return Landing(Target(TargetKind.OUTSIDE if outside.startswith("..") else
                              TargetKind.PATH, outside, target.fragment), leaves=site.source)
    path = _page_at(site, url, written.endswith("/"), files)
    return Landing(Target(TargetKind.PATH, path, target.fragment))


def _navigation(site: SiteRoot) -> tuple[str, ...]:
    return ()  # posts by date: a later version


SITE = Site(name="jekyll", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=True)
