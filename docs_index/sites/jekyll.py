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
  A URL a permalink template decides (a collection with `output: true`, a posts
  `permalink` with placeholders, a page's own `permalink:`) is looked up first, in a map
  built once per site (`jekyll_urls.py`: from the file list, `.html` pages' front matter
  and, in `_pages`, Markdown front matter; `redirect_from` URLs too).
- *Extra links*: `{% link %}` and `{% post_url %}` tags, and the Liquid Jekyll renders
  before kramdown reads a page (`{{ '/x/' | relative_url }}` destinations, reference
  definitions written with Liquid), with `raw`, `comment` and `highlight` blocks left out
  (`jekyll_liquid.py`); a URL from any other Liquid value is opaque and not checked.
- *Navigation*: posts by date (a later version).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from urllib.parse import unquote

from docs_index.model import BlockKind, Document, Heading, Link, LinkKind, Location
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
from docs_index.sites.jekyll_config import JekyllSettings, load_jekyll_config
from docs_index.sites.jekyll_liquid import (
    code_masked,
    definition,
    inline_destinations,
    is_link_block,
    labels_defined,
    render_url,
)
from docs_index.sites.jekyll_urls import (
    POST_FILE,
    SOURCE_SUFFIXES,
    html_fronts,
    with_front_matter,
    with_routes,
)
from docs_index.sites.kramdown_ids import GfmIds, KramdownIds, ial_id, split_header_id

CONFIG_NAME = "_config.yml"
_POST_URL = re.compile(r"^(?:(?P<cat>.+)/)?(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/"
                       r"(?P<slug>[^/]+)\.html$")
_LIQUID_LINK = re.compile(
    r"(?:\{\{-?\s*site\.baseurl\s*-?\}\})?"
    r"\{%-?\s*(?P<tag>link|post_url)\s+(?P<arg>[^\s%{}]+)\s*-?%\}"
    r"(?:#(?P<fragment>[^\s)\]\"'<>]*))?")
"""A Liquid tag that renders a page's URL, as a link destination is written with it."""
_HTML_ATTRIBUTE = re.compile(r"(?:href|src)=[\"']?$", re.IGNORECASE)
"""An HTML `href`/`src` attribute opening right before a tag, which the Markdown reader
reads as a link itself."""
_BACKTICKS = re.compile(r"`+")
_ATX = re.compile(r"^[ \t>]*#{1,6}(?=[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^[ \t>]*(=+|-+)[ \t]*$")


_NOT_PAGES = ("_layouts", "_includes", "_sass", "_data", "_site")
"""Folders of a Jekyll source that hold no page."""


def _has_pages(folder: str, files: frozenset[str]) -> bool:
    """Whether a Markdown or HTML file under `folder` can be a page (outside `_layouts`,
    `_includes`, `_sass`, `_data`, `_site` and dot-folders)."""
    for path in files:
        if not path.endswith(SOURCE_SUFFIXES) or (folder and not path.startswith(folder + "/")):
            continue
        parts = (path[len(folder) + 1:] if folder else path).split("/")[:-1]
        if not any(p in _NOT_PAGES or p.startswith(".") for p in parts):
            return True
    return False


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    """A site for each `_config.yml` whose source folder holds a page: a theme's or a
    plugin's test configuration beside layouts and assets only (jekyll/jekyll's
    `test/fixtures/test-theme/`) is no site to read, and is not named in the run line."""
    found = []
    for config in sorted(f for f in files if f.rpartition("/")[2] == CONFIG_NAME):
        settings, notes = load_jekyll_config(root, config)
        source = posixpath.normpath(posixpath.join(posixpath.dirname(config),
                                                   settings.source))
        folder = "" if source == "." else source
        if not source.startswith("..") and not _has_pages(folder, files):
            continue
        settings = with_routes(settings, folder, files)
        settings = with_front_matter(settings, html_fronts(root, folder, files))
        found.append(site_root("jekyll", config, source, "source", settings.source,
                               settings, notes))
    return found


def _pages(site: SiteRoot, documents: Mapping[str, Document]) -> SiteRoot:
    """`site` with what its Markdown documents' front matter says of their URLs (their own
    `permalink:`, a post's `categories`, `redirect_from`), over what folders and templates
    give."""
    settings = _settings(site)
    fronts = [(posixpath.relpath(path, site.source) if site.source else path, doc.front_matter)
              for path, doc in sorted(documents.items())
              if (doc.front_matter or settings.defaults) and site.holds(path)]
    found = with_front_matter(settings, fronts)
    return site if found is settings else dataclasses.replace(site, settings=found)


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
        base = maker.last_base or made
        if not settings.auto_ids:
            made = base = ial_id(after) or split_header_id(contents)[1] or ""
        if made:  # kramdown writes no id for an empty one
            headings.append(Heading(heading.loc, heading.level, heading.text, made, base))
    ids = frozenset(h.slug for h in headings) | {a.name for a in doc.anchors}
    return tuple(headings), ids


def _mask_code_spans(line: str) -> str:
    """`line` with its one-line code spans blanked: a tag there renders as code, not a
    link. A span runs from a backtick run to the next run of the same length (CommonMark);
    written as one pass over the runs because a regex with a backreference retries each
    start and takes a minute on a line of 100,000 backticks."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for n in range(len(runs) - 1, -1, -1):
        width = runs[n][1] - runs[n][0]
        following[n] = last.get(width)
        last[width] = n
    pieces, done, n = [], 0, 0
    while n < len(runs):
        closer = following[n]
        if closer is None:
            n += 1
            continue
        start, end = runs[n][0], runs[closer][1]
        pieces += [line[done:start], " " * (end - start)]
        done, n = end, closer + 1
    return "".join([*pieces, line[done:]])


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    """The links Liquid makes that Markdown does not see, as Jekyll renders Liquid first:
    `{% link path %}` and `{% post_url name %}` (with a `#fragment` after them and a
    `{{ site.baseurl }}` before them), destinations opening with Liquid and a blank
    (`]({{ '/x/' | relative_url }})`), and reference definitions written so
    (`[label]: {{ site.repository }}/issues/1`, a loop's `[#{{ n }}]: …`), as definitions
    of the labels they render to. Found in the blocks' source lines; fenced and indented
    code, code spans, and `raw`, `comment` and `highlight` blocks are skipped."""
    found = []
    masked = code_masked(doc)
    undefined = sorted({use.label for use in doc.ref_uses if not use.defined})
    for n, block in enumerate(doc.blocks):
        if not is_link_block(block.kind):
            continue
        definitions = False  # the paragraph so far is definitions, one with Liquid
        for offset in range(len(block.lines)):
            number = block.line + offset
            line = masked[number]
            if "{" not in line and not definitions:
                continue
            html = block.kind is BlockKind.HTML
            text = line if html else _mask_code_spans(line)
            made = None if html else definition(text, plain=definitions)
            definitions = made is not None and (definitions or offset == 0)
            if made is not None:
                loc = Location(doc.path, number, made.destination.col + 1)
                found += [Link(loc, made.destination.text, made.label, LinkKind.REFERENCE,
                               -1, label) for label in labels_defined(made.label, undefined)]
            for match in _LIQUID_LINK.finditer(text):
                if _HTML_ATTRIBUTE.search(text, max(0, match.start() - 16), match.start()):
                    continue  # `href="{% link x.md %}"`: the HTML reader has it already
                if made is None or match.start() != made.destination.col:
                    loc = Location(doc.path, number, match.start() + 1)
                    found.append(Link(loc, match[0], match["arg"], LinkKind.INLINE, n))
            for destination in [] if html else inline_destinations(text):
                loc = Location(doc.path, number, destination.col + 1)
                found.append(Link(loc, destination.text, destination.text, LinkKind.INLINE, n))
    return tuple(found)


def _liquid_target(site: SiteRoot, tag: str, arg: str, files: Collection[str]) -> str:
    """The source file a `{% link %}` or `{% post_url %}` names (root-relative), or the
    file it would be; Jekyll stops the build when it does not exist."""
    if tag == "link":
        return _in_site(site, posixpath.normpath(arg.lstrip("/")))
    folder, _, name = arg.strip("/").rpartition("/")
    # `post_url dir/2024-01-02-x`: a post in `_posts/dir/` or in `dir/_posts/`
    places = [posixpath.join("_posts", folder), posixpath.join(folder, "_posts")] if folder \
        else ["_posts"]
    candidates = [_in_site(site, posixpath.join(place, name + suffix))
                  for place in places for suffix in (".md", ".markdown", ".html")]
    return next((c for c in candidates if c in files), candidates[0])


def page_url(page: str, settings: JekyllSettings) -> str:
    """Where a source file (relative to the site's source folder) is served, without
    `baseurl`: `a/b.md` → `a/b.html`, `cat/_posts/2024-01-02-x.md` → `cat/2024/01/02/x.html`;
    with `permalink: pretty`, `a/b/` and `cat/2024/01/02/x/` (`a/index.md` → `a/`)."""
    if page in settings.routes:
        return settings.routes[page]
    pretty = settings.permalink == "pretty"
    folder, name = posixpath.split(page)
    parts = folder.split("/") if folder else []
    if "_posts" in parts:
        match = POST_FILE.match(name)
        if match:
            # the folders above `_posts` are categories, those inside it are not
            # (`Document#categories_from_path`)
            cats = parts[:parts.index("_posts")]
            url = posixpath.join(*cats, match["y"], match["m"], match["d"], match["slug"])
            return f"{url}/" if pretty else f"{url}.html"
    stem, suffix = posixpath.splitext(page)
    if suffix not in (".md", ".markdown"):
        return page
    if not pretty:
        return f"{stem}.html"
    if posixpath.basename(stem) == "index":
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def url_folder(url: str) -> str:
    """The folder a browser resolves a relative link from: `a/b.html` → `a`, `a/b/` → `a/b`."""
    return url.rstrip("/") if url.endswith("/") or not url else posixpath.dirname(url)


def _in_site(site: SiteRoot, path: str) -> str:
    return posixpath.join(site.source, path) if site.source and path else (site.source or path)


def _page_at(site: SiteRoot, url: str, is_dir: bool, settings: JekyllSettings,
             files: Collection[str]) -> str:
    """The source file served at `url` (relative to the site root); else the file the URL
    names, missing."""
    url = "" if url in ("", ".") else url.strip("/")
    # Jekyll writes a URL `x/` as `x/index.html`, and a URL `x` as `x.html`
    keys = (url, f"{url}/", url.removesuffix("index.html"), url.removesuffix(".html"))
    for key in keys:
        if key in settings.served:
            return _in_site(site, settings.served[key])
    for key in keys[:3]:  # a page `redirect_from:` writes, which sends the reader on
        if key in settings.redirects and _in_site(site, key) not in files:
            return _in_site(site, settings.redirects[key])
    pretty = settings.permalink == "pretty"
    post = _POST_URL.match(url if url.endswith(".html") else f"{url}.html")
    posts: list[str] = []
    if post and not settings.posts_permalink and (pretty != url.endswith(".html")):
        # (a posts template replaces the built-in URLs: its posts are in `served`)
        folder = posixpath.join(post["cat"] or "", "_posts")
        name = f"{post['y']}-{post['m']}-{post['d']}-{post['slug']}"
        posts = [posixpath.join(folder, name + s) for s in (".md", ".markdown")]
    if is_dir or not posixpath.splitext(url)[1]:
        candidates = [posixpath.join(url, f"index{s}") for s in SOURCE_SUFFIXES]
        if pretty and url:  # `a/` is `a.md` served at a folder URL
            candidates[:0] = [*posts, f"{url}.md", f"{url}.markdown"]
    elif url.endswith(".html"):
        stem = url[: -len(".html")]
        if not pretty:
            candidates = [*posts, *(f"{stem}{s}" for s in SOURCE_SUFFIXES)]
        elif stem == "index" or stem.endswith("/index"):
            candidates = [f"{stem}{s}" for s in SOURCE_SUFFIXES]
        else:
            candidates = [url]  # only a static page keeps its `.html` URL
    else:
        candidates = [url]  # a static file, copied as it is
    # a file a template or its own `permalink:` places is not served at the usual URL
    kept = [c for c in candidates if c not in settings.routes]
    for candidate in kept:
        if _in_site(site, candidate) in files:
            return _in_site(site, candidate)
    if kept == candidates or url in settings.routes:
        # (an `.html` page its `permalink:` moved is not at its path's URL either)
        return _in_site(site, candidates[0])
    return _in_site(site, url or "index.html")


def _opaque(href: str) -> Landing:
    """A link whose URL Liquid computes from a value the repository does not hold
    (`{{ site.repository }}/issues`, `{{ page.x }}`, a loop variable): not checked, as
    nothing here says where it goes, and not reported (jekyll/jekyll's docs hold over
    3,000 such links). The one place to change should they be counted instead."""
    return Landing(Target(TargetKind.EMPTY, href))


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    settings = _settings(site)
    liquid = _LIQUID_LINK.fullmatch(href)
    if liquid is not None:
        # Jekyll 4 puts `baseurl` in the URL these tags give, and Jekyll 3 (GitHub Pages)
        # does not, so a `{{ site.baseurl }}` before one is right on the one and doubled on
        # the other: the tag is taken to name its file either way.
        path = _liquid_target(site, liquid["tag"], liquid["arg"], files)
        return Landing(Target(TargetKind.PATH, path, unquote(liquid["fragment"] or "")))
    rendered = render_url(href, settings.baseurl)
    if rendered is None:
        return _opaque(href)
    href = rendered
    target = resolve(source, href)
    if target.kind not in (TargetKind.PATH, TargetKind.OUTSIDE):
        return Landing(target)
    written = written_path(href)
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
                            written.endswith("/"), settings, files)
            return Landing(Target(TargetKind.PATH, path, target.fragment),
                           leaves=site.source or ".")
        url = posixpath.normpath(written[len(base):].lstrip("/") or ".")
    else:
        page = posixpath.relpath(source, site.source) if site.source else source
        folder = url_folder(page_url(page, settings))
        url = posixpath.normpath(posixpath.join(folder, written)) if written else (
            page_url(page, settings) or ".")
    above = landing_above(site, url, target.fragment)
    if above is not None:
        return above
    path = _page_at(site, url, written.endswith("/"), settings, files)
    return Landing(Target(TargetKind.PATH, path, target.fragment))


def _navigation(site: SiteRoot, files: Collection[str]) -> Navigation | None:
    return None


SITE = Site(name="jekyll", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=True, reads_blocks=True, pages=_pages,
            pages_from_front_matter=lambda _site: True)
