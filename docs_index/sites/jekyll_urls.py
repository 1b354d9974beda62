"""Jekyll URLs that templates and front matter decide, mapped once per site.

- a collection with `output: true` (`/:collection/:path/`), found under `collections_dir`;
- posts under a `permalink` template, or one of the built-in styles `date`, `pretty`,
  `ordinal`, `none`, `weekdate` (Jekyll's `PERMALINK_STYLES`), with `:categories` from
  the folders above `_posts` and then the front matter's `categories` (a list, or a string
  split at blanks) or `category` (one), lower-cased, each once (`Document#categories_from_path`,
  `#populate_categories`);
- a page's own `permalink:` front matter, Markdown or `.html` (refgraph reads no `.html`
  page otherwise, so their front matter is read here, bounded);
- `redirect_from:` front matter when `jekyll-redirect-from` is among the plugins: each
  URL it lists serves a page that sends the reader on to the page.

Checked against jekyll 4.3.1 in tests/test_site_jekyll.py, except the redirects (a plugin
not installed there).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import fnmatch
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from docs_index.files import read_head
from docs_index.front_matter import read_front_matter
from docs_index.sites.jekyll_config import POSTS_STYLES, JekyllSettings

SOURCE_SUFFIXES = (".md", ".markdown", ".html")
POST_FILE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})-(?P<slug>.+)\.\w+$")
_PLACEHOLDER = re.compile(r":(collection|path|name|title|year|month|day|slugified_categories|"
                          r"categories|"
                          r"output_ext|slug|i_month|i_day|short_year|y_day|week|short_day)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def expand(template: str, placeholders: dict[str, str]) -> str:
    """A permalink template filled in, as Jekyll's `URL#generate_url_from_hash`: an empty
    value (`:categories` of a post with none) leaves no `//` behind; no leading `/`."""
    url = _PLACEHOLDER.sub(lambda m: placeholders.get(m[1], m[0]), template)
    return re.sub(r"/{2,}", "/", url).lstrip("/")


def placeholders(rel: str, collection: str, categories: str = "") -> dict[str, str]:
    """Jekyll's URL placeholders of a document at `rel` in its collection's folder."""
    stem = posixpath.splitext(rel)[0]
    base = posixpath.basename(stem)
    post = POST_FILE.match(posixpath.basename(rel))
    title = post["slug"].rsplit(".", 1)[0] if post else base
    values = {"collection": collection, "path": stem, "title": title, "slug": title,
              "name": _NOT_SLUG.sub("-", base.lower()).strip("-"),
              "categories": categories.lower(), "output_ext": ".html",
              # `UrlDrop#slugified_categories`: each category as `Utils.slugify` makes it
              "slugified_categories": "/".join(dict.fromkeys(
                  _NOT_SLUG.sub("-", c).strip("-") for c in categories.lower().split("/")
                  if c))}
    if post:
        values.update(year=post["y"], month=post["m"], day=post["d"], short_year=post["y"][2:],
                      i_month=str(int(post["m"])), i_day=str(int(post["d"])))
        try:
            date = datetime.date(int(post["y"]), int(post["m"]), int(post["d"]))
        except ValueError:  # `2024-02-30-x.md`: Jekyll stops; no day of the year to give
            return values
        values.update(y_day=date.strftime("%j"), week=date.strftime("%V"),
                      short_day=date.strftime("%a"))
    return values


def posts_template(settings: JekyllSettings) -> str:
    """The URL template of the site's posts: its own, else its style's."""
    return settings.posts_permalink or POSTS_STYLES.get(settings.permalink,
                                                        POSTS_STYLES["date"])


def _post_parts(page: str, collections_dir: str) -> tuple[list[str], str] | None:
    """A post's folder categories and its path below `_posts`, or None if `page` is no
    post; with `collections_dir`, only posts inside it are read (as Jekyll does)."""
    if collections_dir:
        if not page.startswith(collections_dir + "/"):
            return None
        page = page[len(collections_dir) + 1:]
    if "_posts" not in page.split("/")[:-1]:
        return None
    before, _, name = page.partition("_posts/")
    if not POST_FILE.match(posixpath.basename(name)):
        return None
    return [p for p in before.split("/") if p], name  # not the folders inside `_posts`


def with_routes(settings: JekyllSettings, source: str, files: Collection[str]) -> JekyllSettings:
    """`settings` with the URL of each file a template places: the documents of each
    collection with `output: true`, and posts when their template is not the built-in
    `date` or `pretty` (or they live under `collections_dir`). Built once per site from
    the corpus' file list (a dict, no per-link scan)."""
    cdir = settings.collections_dir
    if not settings.collections and not settings.posts_permalink and not cdir:
        return settings
    folders = {f"_{name}": template for name, template in settings.collections}
    routes = {}
    for path in sorted(files):
        if source and not path.startswith(source + "/"):
            continue
        page = path[len(source) + 1:] if source else path
        if not page.endswith(SOURCE_SUFFIXES):
            continue
        top, _, rest = (page[len(cdir) + 1:] if cdir and page.startswith(cdir + "/")
                        else page).partition("/")
        post = _post_parts(page, cdir)
        if top in folders and rest:
            routes[page] = expand(folders[top], placeholders(rest, top[1:]))
        elif post is not None:
            cats, name = post
            routes[page] = expand(posts_template(settings),
                                  placeholders(name, "posts", "/".join(cats)))
    return routed(settings, routes)


def routed(settings: JekyllSettings, routes: dict[str, str],
           redirects: dict[str, str] | None = None) -> JekyllSettings:
    served: dict[str, str] = {}
    for page, url in sorted(routes.items()):
        served.setdefault(url, page)  # Jekyll warns of a conflict and writes one
    return dataclasses.replace(settings, routes=routes, served=served,
                               redirects=settings.redirects if redirects is None else redirects)


def _categories(front: Mapping[str, Any]) -> list[str]:
    """The front matter's categories, as `Document#populate_categories` reads them."""
    given = front.get("categories")
    found = given.split() if isinstance(given, str) else (
        [str(c) for c in given if c is not None] if isinstance(given, list) else [])
    one = front.get("category")
    if isinstance(one, str | int | float) and not isinstance(one, bool):
        found = [str(one)]  # `category` wins over `categories` in the plural helper
    return found


def redirect_key(url: str) -> str:
    """A URL as the served map keys it: no leading `/`, `x/index.html` as `x/`."""
    url = url.strip().lstrip("/")
    return url.removesuffix("index.html") if url.endswith("/index.html") or url == (
        "index.html") else url


@dataclasses.dataclass
class _Scope:
    """The `defaults:` sets that share one scope (path and type): a page is in all of them
    or in none."""

    where: str
    scope_type: str | None
    first: int
    """The position of its first set in `defaults:`."""
    given: list[int] = dataclasses.field(default_factory=list)
    """The positions of its sets that give a permalink, in order."""
    links: list[str] = dataclasses.field(default_factory=list)

    def rank(self) -> tuple[int, bool]:
        """A set outranks the one before it (`FrontmatterDefaults#has_precedence?`) when its
        rank is not lower: a longer path, or as long and naming a type where the other does
        not."""
        return len(self.where), self.scope_type is not None


class DefaultScopes:
    """The `defaults:` sets of a site prepared once for every page: the scopes without `*`
    by path, looked up with each prefix of a page's path, and the few with `*` (capped when
    `_config.yml` is read) matched one by one; sets with the same scope are one `_Scope`.
    Pages × sets cost seconds for a `_config.yml` of thousands of sets."""

    def __init__(self, settings: JekyllSettings) -> None:
        scopes: dict[tuple[str, str | None], _Scope] = {}
        for order, (where, scope_type, permalink) in enumerate(settings.defaults):
            scope = scopes.setdefault((where, scope_type), _Scope(where, scope_type, order))
            if permalink is not None:
                scope.given.append(order)
                scope.links.append(permalink)
        self.by_path: dict[str, list[_Scope]] = {}
        self.globbed: list[_Scope] = []
        for scope in scopes.values():
            if "*" in scope.where:
                self.globbed.append(scope)
            else:
                self.by_path.setdefault(scope.where, []).append(scope)
        # only a page prefix as long as some scope path can be one
        self.lengths = sorted({len(where) for where in self.by_path})

    def permalink(self, page: str, kind: str) -> str | None:
        """The permalink the `defaults:` of `_config.yml` give the page at `page` (relative
        to the source folder) of type `kind` (`posts`, `pages`, a collection's name), as
        `FrontmatterDefaults#all` merges them: of the sets whose scope holds the page (its
        path a prefix of the page's, as a string; its type the page's), in their order, one
        that outranks every set before it (see `_Scope.rank`) sets the permalink when it
        gives one; any other fills it in only while none is set. So the answer is the last
        such outranking set's permalink, else the first permalink given at all."""
        held = [scope for end in self.lengths if end <= len(page)
                for scope in self.by_path.get(page[:end], ())]
        held += [scope for scope in self.globbed if _glob_holds(scope.where, page)]
        held = [scope for scope in held if scope.scope_type in (None, kind)]
        # a set outranks all before it while no set of a higher rank came first: walk the
        # ranks from the highest, keeping the first position of anything ranked higher
        by_rank: dict[tuple[int, bool], list[_Scope]] = {}
        for scope in held:
            by_rank.setdefault(scope.rank(), []).append(scope)
        best: tuple[int, str] | None = None
        higher: int | None = None  # the first position of a set ranked higher
        for rank in sorted(by_rank, reverse=True):
            for scope in by_rank[rank]:
                i = (len(scope.given) if higher is None
                     else bisect.bisect_left(scope.given, higher)) - 1
                if i >= 0 and (best is None or scope.given[i] > best[0]):
                    best = (scope.given[i], scope.links[i])
            first = min(scope.first for scope in by_rank[rank])
            higher = first if higher is None else min(higher, first)
        if best is not None:
            return best[1]
        given = [(scope.given[0], scope.links[0]) for scope in held if scope.given]
        return min(given)[1] if given else None


_MAX_GLOB = 1024
"""A scope path with `*` longer than this holds no page: no file's path on disk is that
long, and each one would be matched against every page."""


def _glob_holds(pattern: str, page: str) -> bool:
    """Whether a scope path with `*` holds `page`: Jekyll globs the scope on disk and asks
    if a match is a prefix of the page's path; here, each of the pattern's segments must
    match the page's segment at its place (`*` does not cross `/`)."""
    if len(pattern) > _MAX_GLOB:
        return False
    parts, segments = pattern.strip("/").split("/"), page.split("/")
    return len(segments) >= len(parts) and all(
        fnmatch.fnmatchcase(seg, part) for seg, part in zip(segments, parts, strict=False))


def with_front_matter(settings: JekyllSettings,
                      fronts: Iterable[tuple[str, Mapping[str, Any]]]) -> JekyllSettings:
    """`settings` with what each page's front matter (page relative to the source folder)
    says of its URL: its own `permalink:` (`/team/`, or a template such as `/:path/`),
    a post's `categories`, and the URLs `redirect_from` sends on to it."""
    routes = dict(settings.routes)
    redirects = dict(settings.redirects)
    cdir = settings.collections_dir
    scopes = DefaultScopes(settings)
    for page, front in fronts:
        post = _post_parts(page, cdir)
        inside = page[len(cdir) + 1:] if cdir and page.startswith(cdir + "/") else page
        top, _, rest = inside.partition("/")
        collection = top[1:] if top.startswith("_") and rest and post is None else ""
        kind = "posts" if post is not None else collection or "pages"
        # front matter beats `defaults:`, even a `permalink:` left empty; a page is given
        # them only with front matter (without, Jekyll copies it as it is), a post or a
        # collection's document always (an empty `---` block reads as no front matter)
        permalink = front.get("permalink") if "permalink" in front else scopes.permalink(
            page, kind) if front or kind != "pages" else None
        cats = ""
        if post is not None:
            folder_cats, name = post
            cats = "/".join(dict.fromkeys(c.lower() for c in (*folder_cats,
                                                              *_categories(front))))
        if isinstance(permalink, str) and permalink.strip():
            where = rest if collection else name if post is not None else page
            routes[page] = expand(permalink.strip(), placeholders(
                where, "posts" if post is not None else collection, cats)) or ""
        elif post is not None and _categories(front):
            routes[page] = expand(posts_template(settings), placeholders(name, "posts", cats))
        wanted = front.get("redirect_from")
        if settings.redirect_from and wanted:
            for url in [wanted] if isinstance(wanted, str) else (
                    wanted if isinstance(wanted, list) else []):
                if isinstance(url, str) and url.strip():
                    redirects.setdefault(redirect_key(url), page)
    if routes == settings.routes and redirects == settings.redirects:
        return settings
    return routed(settings, routes, redirects)


MAX_FRONT_MATTER = 64 * 1024
"""Front matter is read from the first bytes of an `.html` page only."""


def html_fronts(root: Path, source: str, files: Collection[str]) -> list[tuple[str, dict]]:
    """The front matter of each `.html` page of the site (relative to its source folder),
    for the URLs it sets; folders Jekyll does not read (`_layouts`, `_includes`, `.git`,
    `_site`) are skipped, but collections and `_posts` are read. A file that is not a
    regular file, or has no front matter, is passed over."""
    found = []
    for path in sorted(files):
        if not path.endswith(".html") or (source and not path.startswith(source + "/")):
            continue
        page = path[len(source) + 1:] if source else path
        if any(part.startswith(".") or part in ("_layouts", "_includes", "_site", "_sass",
                                                "_data", "node_modules", "vendor")
               for part in page.split("/")[:-1]):
            continue
        front = _front_matter(root / path, page)
        if front:
            found.append((page, front))
    return found


def _front_matter(path: Path, page: str) -> dict[str, Any]:
    try:  # only the top: a page of any length keeps its permalink
        data = read_head(path, MAX_FRONT_MATTER)
    except OSError:  # NotRegularFile too: a FIFO named x.html must not block
        return {}
    if not data.startswith(b"---"):
        return {}
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    first, _, rest = text.partition("\n")
    if first.strip() != "---":
        return {}
    end = rest.find("\n---")
    if end < 0 and not rest.startswith("---"):
        return {}
    front, _lines, problems = read_front_matter(page, rest[:max(end, 0)], 2)
    return {} if problems else front
