"""Docusaurus's rules for heading ids, doc ids and routes, and `.md` links.

Pure functions over strings, no I/O. Each is a port of the facebook/docusaurus source named
in its docstring, with the commit the search index holds; tests/sites/test_docusaurus_rules.py
quotes those files' own test tables. Hand-written because Docusaurus is a Node site that does
not build here. Sidebars are read by `docusaurus_sidebars`.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from docs_index.slugs import Slugger

__all__ = [
    "doc_id",
    "doc_slug",
    "heading_ids",
    "is_category_index",
    "md_link_sources",
    "md_link_targets",
    "parse_heading_id",
    "split_number_prefix",
]

# JavaScript's `\s` and `String.prototype.trim` set, and the characters its `.` stops at.
_JS_WHITESPACE = (
    "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_JS_LINE_TERMINATORS = frozenset("\n\r\u2028\u2029")


def parse_heading_id(heading: str) -> tuple[str, str | None]:
    r"""`parseMarkdownHeadingId(heading, 'classic')` in
    packages/docusaurus-utils/src/markdownHeadingIdUtils.ts
    @ 2c36c7f0c6596754b5deb7b3b2ca0a89a63e11fc: `Title {#id}` -> (`Title`, `id`).

    The source is the regex `\s*\{#(?<id>(?:.(?!\{#|\}))*.)\}$`: an id of one or more
    characters up to the `}` that ends the text, with no `}` and no `{#` after its first
    character; the leftmost such `{#` wins, and, as with JS `String.replace`, the first
    occurrence of the matched suffix is removed from the text. Written out by hand because
    that regex takes quadratic time on long runs of spaces in Python (and in Node).
    """
    end = len(heading) - 1
    if end < 0 or heading[end] != "}":
        return heading, None
    # Walk back from the `}` while the id's later characters stay allowed.
    lo = end
    while lo > 0:
        m = lo - 1
        ch = heading[m]
        if ch == "}" or ch in _JS_LINE_TERMINATORS or heading.startswith("{#", m):
            break
        lo = m
    # The id's first character (at `lo - 1`) may be `}` or the `{` of `{#`, not a newline.
    first = lo - 1 if lo > 0 and heading[lo - 1] not in _JS_LINE_TERMINATORS else lo
    start = heading.find("{#", max(first - 2, 0), end - 1)
    if start < 0:
        return heading, None
    begin = start
    while begin > 0 and heading[begin - 1] in _JS_WHITESPACE:
        begin -= 1
    return heading.replace(heading[begin:], "", 1), heading[start + 2 : end].strip(_JS_WHITESPACE)


def heading_ids(texts: list[str]) -> list[str]:
    """The ids of a page's headings, in order, from their plain text.

    The remark plugin (packages/docusaurus-mdx-loader/src/remark/headings/index.ts @
    0bbabb7ec75861be244e50e02310ebbac229cbb8) takes an explicit `{#id}` as it is, without
    telling the slugger, so a later heading can get the same id; other headings go through
    github-slugger (packages/docusaurus-utils/src/slugger.ts), as `docs_index.slugs`.
    That module ports github-slugger 2.0.0; which version a given Docusaurus release pins
    was not checked.
    """
    slugger = Slugger()
    out = []
    for text in texts:
        _, explicit = parse_heading_id(text)
        out.append(explicit if explicit else slugger.slug(text))
    return out


# packages/docusaurus-plugin-content-docs/src/numberPrefix.ts
# @ 00c24f4c80fc5d91258ba7c418b57f3032ff09bb. JS `\d` is ASCII, Python's is any Unicode digit,
# hence `[0-9]`.
_IGNORED_PREFIX = re.compile(
    r"^(([0-9]{2}|[0-9]{4})[-_.][0-9]{2}([-_.]([0-9]{2}|[0-9]{4}))?)(.*)$|^([0-9]+[-_.][0-9]+)(.*)$"
)
_NUMBER_PREFIX = re.compile(r"^(?P<n>[0-9]+)(?P<sep>\s*[-_.]+\s*)(?P<rest>.*)$")


def split_number_prefix(name: str) -> tuple[str, int | None]:
    """`DefaultNumberPrefixParser`: `01-intro` -> (`intro`, 1); dates and versions such as
    `2021-01-31 - Doc` or `8.0` keep their digits."""
    if _IGNORED_PREFIX.match(name):
        return name, None
    m = _NUMBER_PREFIX.match(name)
    if m is None:
        return name, None
    return m.group("rest"), int(m.group("n"))


def _strip_dirs(dir_name: str) -> str:
    return "/".join(split_number_prefix(seg)[0] for seg in dir_name.split("/"))


def _split_source(source: str) -> tuple[str, str]:
    head, _, name = source.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return head or ".", stem


def doc_id(source: str, front_matter_id: str | None = None) -> str:
    """A doc's id from its path under the docs folder (`doProcessDocMetadata` in
    packages/docusaurus-plugin-content-docs/src/docs.ts): the folder with number prefixes
    stripped, then the `id:` front matter or the file name without extension and prefix."""
    dir_name, stem = _split_source(source)
    base = front_matter_id or split_number_prefix(stem)[0]
    return base if dir_name == "." else f"{_strip_dirs(dir_name)}/{base}"


def is_category_index(source: str) -> bool:
    """`isCategoryIndex` in docs.ts: `index`, `readme` (any case) or a file named as its
    own folder (`guides/guides.md`)."""
    dir_name, stem = _split_source(source)
    parent = dir_name.rsplit("/", 1)[-1].lower() if dir_name != "." else None
    return stem.lower() in ("index", "readme") or stem.lower() == parent


def doc_slug(
    source: str, front_matter_slug: str | None = None, front_matter_id: str | None = None
) -> str:
    """The doc's route below the docs base path: `getSlug` in
    packages/docusaurus-plugin-content-docs/src/slug.ts @ f42082a9df5cd28d643fe8b635a263dce719e775.

    A `slug:` starting with `/` is used as it is. A category index (:func:`is_category_index`)
    without `slug:` takes its folder's route, with a trailing `/`. Otherwise `slug:` (or
    the id's last part) is resolved like a URL against the folder, number prefixes stripped.
    """
    if front_matter_slug and front_matter_slug.startswith("/"):
        return front_matter_slug
    dir_name, stem = _split_source(source)
    base_dir = "/" if dir_name == "." else "/" + _strip_dirs(dir_name).strip("/") + "/"
    if not front_matter_slug and is_category_index(source):
        return base_dir
    base = front_matter_slug or front_matter_id or split_number_prefix(stem)[0]
    # resolvePathname is URL resolution: `..` stops at the root, and a path ending in `/`,
    # `.` or `..` keeps a trailing `/`, which posixpath.normpath drops.
    resolved = posixpath.normpath(posixpath.join(base_dir, base))
    resolved = "/" + resolved.lstrip("/")  # normpath keeps a leading `//`
    keeps_slash = base.endswith("/") or base.rsplit("/", 1)[-1] in (".", "..")
    return resolved + "/" if keeps_slash and resolved != "/" else resolved


# packages/docusaurus-utils/src/markdownLinks.ts @ 00d9fc26159eb976b35ab0285e37438259215c49
_MD_LINK = re.compile(r"(?:(?:\]\()|(?:\]:\s?))(?!https)([^'\")\]\s>]+\.mdx?)")


def md_link_sources(from_source: str, target: str) -> list[str]:
    """Where Docusaurus looks for the file of a `.md`/`.mdx` link, in order, as paths
    relative to the docs folder (`sourcesToTry` in `replaceMarkdownLinks`): beside the
    linking file, then from the docs folder's root, after `decodeURIComponent`. `@site/x`
    is relative to the site folder; it is returned as it is for the caller to place.
    Read from markdownLinks.ts at the commit above; newer releases do this in a remark
    plugin, not re-read here.
    """
    if target.startswith("@site/"):
        return [target]
    target = unquote(target)
    head = from_source.rpartition("/")[0]
    beside = posixpath.normpath(posixpath.join(head, target))
    root = posixpath.normpath(target.lstrip("/"))
    return [beside] if beside == root else [beside, root]


def md_link_targets(line: str) -> list[str]:
    """The `.md`/`.mdx` targets `replaceMarkdownLinks` rewrites in one line: inline and
    reference-definition links, not `https` ones, up to a quote, `)`, `]`, space or `>`."""
    return [m.group(1) for m in _MD_LINK.finditer(line)]
