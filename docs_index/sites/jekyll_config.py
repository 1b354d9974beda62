"""`_config.yml`, read safely: the Jekyll settings that decide where links land and how ids
are made.

PyYAML's safe loader, as Jekyll's own `SafeYAML.load`; a value refgraph does not understand
keeps Jekyll's default and becomes a note the run prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from docs_index.sites import read_config_bytes

POSTS_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's built-in permalink styles, as posts' URL templates (`PERMALINK_STYLES` in
`lib/jekyll/utils.rb`); pages get `/:path:output_ext` from each but `pretty` (`/:path/`)."""
REDIRECT_FROM = "jekyll-redirect-from"
"""The plugin that writes a page at each URL of a page's `redirect_from:`, sending the
reader on to it."""
RELATIVE_LINKS = "jekyll-relative-links"
"""The plugin (on by default on GitHub Pages) that rewrites `x.md` links to the page's URL."""


@dataclass(frozen=True)
class JekyllSettings:
    """Jekyll 4.3's defaults (`Jekyll::Configuration::DEFAULTS`)."""

    source: str = "."
    """`source`, relative to the folder of `_config.yml`."""
    baseurl: str = ""
    """`baseurl` without its trailing `/` (`/blog`), prefixed to every URL of the site."""
    permalink: str = "date"
    kramdown_input: str = "GFM"
    """`kramdown: input:` (Jekyll 4 sets `GFM`, read by kramdown-parser-gfm)."""
    auto_ids: bool = True
    auto_id_prefix: str = ""
    relative_links: bool = False
    """Whether `jekyll-relative-links` is among the plugins."""
    posts_permalink: str = ""
    """A posts URL template with placeholders (`/news/:year/:title/`), from `permalink`
    or `collections: posts: permalink:`; empty for the built-in `date` and `pretty`."""
    collections: tuple[tuple[str, str], ...] = ()
    """Each collection with `output: true` (other than posts) and its URL template."""
    collections_dir: str = ""
    """`collections_dir`: the folder (in the source folder) holding the collections' and
    the posts' folders; empty for the source folder itself."""
    redirect_from: bool = False
    """Whether `jekyll-redirect-from` is among the plugins."""
    defaults: tuple[tuple[str, str | None, str | None], ...] = ()
    """The `defaults:` sets in their order, when one gives a `permalink`: (scope path
    without its leading `/`, scope type or None, the permalink or None when the set gives
    none). Front matter beats them."""
    routes: dict[str, str] = field(default_factory=dict, compare=False)
    """Source file (relative to the source folder) → URL, for the files whose URL a
    template decides (collections, posts with a custom permalink); filled by the site."""
    served: dict[str, str] = field(default_factory=dict, compare=False)
    """The same the other way, URL → source file (the first file of a URL, as Jekyll
    writes one when two conflict)."""
    redirects: dict[str, str] = field(default_factory=dict, compare=False)
    """URL (as `served` keys it) → the source file a `redirect_from:` page sends on to."""


def read_jekyll_config(path: str, data: bytes | None,
                       error: str = "") -> tuple[JekyllSettings, tuple[str, ...]]:
    """The settings of the `_config.yml` at `path` (its bytes, or None and why not), and
    notes on what was not understood."""
    if data is None:
        return JekyllSettings(), (f"{path}: {error}; Jekyll's defaults are used",)
    try:
        loaded = yaml.safe_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as err:
        line = getattr(getattr(err, "problem_mark", None), "line", 0) + 1
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return JekyllSettings(), (f"{path}:{line}: cannot read: {reason}; Jekyll's "
                                  "defaults are used",)
    if loaded is None:
        loaded = {}  # an empty _config.yml: every default
    if not isinstance(loaded, dict):
        return JekyllSettings(), (f"{path}: not a mapping of settings; Jekyll's defaults "
                                  "are used",)
    notes: list[str] = []
    values: dict[str, Any] = {}

    def text(key: str, value: Any, default: str) -> str:
        if value is None:
            return default
        if isinstance(value, str):
            return value
        notes.append(f"{path}: {key} {value!r} not understood; {default!r} is used")
        return default

    source = text("source", loaded.get("source"), ".").strip("/") or "."
    values["source"] = source
    values["baseurl"] = text("baseurl", loaded.get("baseurl"), "").rstrip("/")
    permalink = text("permalink", loaded.get("permalink"), "date")
    if permalink.startswith("/") and ":" in permalink:
        # a template: pages are served as with `pretty` when it ends in `/` (Jekyll's
        # `permalink_style`), posts by the template
        values["posts_permalink"] = permalink
        permalink = "pretty" if permalink.endswith("/") else "date"
    elif permalink in POSTS_STYLES and permalink not in ("date", "pretty"):
        values["posts_permalink"] = POSTS_STYLES[permalink]  # pages: as with `date`
        permalink = "date"
    elif permalink not in ("date", "pretty"):
        notes.append(f"{path}: permalink {permalink!r} not understood; pages and posts are "
                     "looked for at the URLs of 'date'")
        permalink = "date"
    values["permalink"] = permalink
    values["collections"], posts = _collections(path, loaded.get("collections"), permalink,
                                                notes)
    if posts:
        values["posts_permalink"] = posts
    kramdown = loaded.get("kramdown") or {}
    if isinstance(kramdown, dict):
        given = text("kramdown input", kramdown.get("input"), "GFM")
        if given not in ("GFM", "kramdown"):
            notes.append(f"{path}: kramdown input {given!r} not understood; 'GFM' is used")
            given = "GFM"
        values["kramdown_input"] = given
        auto_ids = kramdown.get("auto_ids", True)
        values["auto_ids"] = auto_ids if isinstance(auto_ids, bool) else True
        values["auto_id_prefix"] = text("kramdown auto_id_prefix",
                                        kramdown.get("auto_id_prefix"), "")
    plugins = loaded.get("plugins") or loaded.get("gems") or []
    values["relative_links"] = isinstance(plugins, list) and RELATIVE_LINKS in plugins
    values["redirect_from"] = isinstance(plugins, list) and REDIRECT_FROM in plugins
    values["collections_dir"] = text("collections_dir", loaded.get("collections_dir"),
                                     "").strip("/")
    values["defaults"] = _defaults(path, loaded.get("defaults"), notes)
    markdown = loaded.get("markdown", "kramdown")
    if isinstance(markdown, str) and markdown.lower() != "kramdown":
        notes.append(f"{path}: markdown {markdown!r}: heading ids are read as kramdown's")
    return JekyllSettings(**values), tuple(notes)


def _collections(path: str, given: Any, style: str,
                 notes: list[str]) -> tuple[tuple[tuple[str, str], ...], str]:
    """`collections:` as (name, URL template) for those with `output: true`, and the
    posts' own template if it sets one. A collection's default template is
    `/:collection/:path` with the site's style's ending (Jekyll's `Collection#url_template`)."""
    if given is None:
        return (), ""
    if isinstance(given, list):  # the short form: names only, none written out
        given = {name: {} for name in given if isinstance(name, str)}
    if not isinstance(given, dict):
        notes.append(f"{path}: collections {given!r} not understood; none is read")
        return (), ""
    default = "/:collection/:path/" if style == "pretty" else "/:collection/:path:output_ext"
    found, posts = [], ""
    for name, meta in sorted(given.items(), key=lambda item: str(item[0])):
        meta = meta if isinstance(meta, dict) else {}
        template = meta.get("permalink")
        template = template if isinstance(template, str) and template.startswith("/") else ""
        if name == "posts":
            posts = template if ":" in template else ""
        elif isinstance(name, str) and meta.get("output") is True:
            found.append((name, template or default))
    return tuple(found), posts


_OLD_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}
"""Singular scope types Jekyll still reads, with a deprecation warning."""


def _defaults(path: str, given: Any,
              notes: list[str]) -> tuple[tuple[str, str | None, str | None], ...]:
    """The `defaults:` sets, as `FrontmatterDefaults#valid_sets` keeps them: a set whose
    `values` is no mapping is skipped (Jekyll warns of it). A set without a `permalink` is
    kept too (its permalink None): it still outranks later, shorter scopes in
    `FrontmatterDefaults#all`. None at all when no set gives a permalink."""
    if given is None:
        return ()
    if not isinstance(given, list):
        notes.append(f"{path}: defaults {given!r} not understood; none is read")
        return ()
    found: list[tuple[str, str | None, str | None]] = []
    globs = 0
    for entry in given:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        values = entry["values"]
        permalink = values.get("permalink")
        given_link = None if "permalink" not in values else (
            permalink.strip() if isinstance(permalink, str) else "")
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        where = scope.get("path")
        kind = scope.get("type")
        where = where.lstrip("/") if isinstance(where, str) else ""
        if "*" in where:
            # each scope path with `*` is matched against every page; one without is a
            # lookup (`DefaultScopes`), so only these are capped
            globs += 1
            if globs > MAX_GLOB_SCOPES:
                continue
        found.append((where, _OLD_TYPES.get(str(kind), str(kind)) if kind is not None
                      else None, given_link))
    if globs > MAX_GLOB_SCOPES:
        notes.append(f"{path}: defaults: {globs:,} scope paths with '*'; only the first "
                     f"{MAX_GLOB_SCOPES:,} are read")
    return tuple(found) if any(link for _, _, link in found) else ()


MAX_GLOB_SCOPES = 256
"""The `defaults:` scope paths with `*` that are read: each is matched against each page."""


def load_jekyll_config(root_path: Any, path: str) -> tuple[JekyllSettings, tuple[str, ...]]:
    """Read `path` (relative to the corpus root `root_path`) as a regular file, bounded."""
    data, why = read_config_bytes(root_path / path)
    return read_jekyll_config(path, data, why) if data is None else read_jekyll_config(path, data)
