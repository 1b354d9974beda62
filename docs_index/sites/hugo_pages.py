"""Where Hugo serves a page whose front matter or the site's `permalinks` moves it.

Hugo's rules (its documentation, "URL management", and `resources/page/permalinks.go`):
front matter `url` is the page's whole URL; otherwise a `permalinks` pattern for the page's
top section builds it from placeholders (`:year`, `:slug`, ...); otherwise `slug` replaces
the last part of the path. Each of `aliases` is one more URL that lands on the page (a
redirect page Hugo writes, or a server redirect made from them); one without a leading `/`
is taken from the folder of the page's URL. A page with its own URL is not at its usual one.
Only regular pages (not `_index.md` sections) are moved by `permalinks`, as in Hugo 0.111.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_PLACEHOLDER = re.compile(r":(\w+)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Routes:
    """The URLs front matter and `permalinks` give, each without its slashes (`a/b`)."""

    by_url: dict[str, str] = field(default_factory=dict)
    """Page (root-relative) served at each URL its front matter or a pattern gives it,
    aliases included; keys lowercased when Hugo lowercases URLs."""
    url_of: dict[str, str] = field(default_factory=dict)
    """Each moved page's own URL, from which its relative links are resolved."""


def urlize(text: str) -> str:
    """Hugo's `urlize` for a title: letters, digits and `.`, `_`, `-`, `/`, `#`, `+`, `~`
    kept, spaces to `-`, the rest dropped, lowercased (helpers `MakePath`, `URLize`)."""
    out = []
    for char in text.strip():
        if char.isspace():
            out.append("-")
        elif char in "._-/#+~" or unicodedata.category(char)[0] in "LNM":
            out.append(char.lower())
    return "".join(out)


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def expand(pattern: str, page: str, front: Mapping[str, Any]) -> str | None:
    """A `permalinks` pattern filled in for `page` (relative to the content folder); None
    when it has a placeholder refgraph does not know, or a date one and the page no date."""
    folder, name = posixpath.split(page)
    stem = posixpath.basename(folder) if name == "index.md" else posixpath.splitext(name)[0]
    sections = folder.split("/") if folder else []
    if name == "index.md":
        sections = sections[:-1]
    title = urlize(str(front.get("title", "")))
    slug = str(front["slug"]).strip() if front.get("slug") else ""
    date = _date(front.get("date"))
    values = {"section": sections[0] if sections else "", "sections": "/".join(sections),
              "title": title, "slug": slug or title, "filename": stem,
              "contentbasename": stem, "slugorfilename": slug or stem,
              "slugorcontentbasename": slug or stem}
    if date is not None:
        values.update(year=f"{date.year:04d}", month=f"{date.month:02d}",
                      day=f"{date.day:02d}", monthname=_MONTHS[date.month - 1].lower())
    unknown: list[str] = []

    def fill(match: re.Match[str]) -> str:
        value = values.get(match[1])
        if value is None:
            unknown.append(match[1])
        return value or ""

    expanded = _PLACEHOLDER.sub(fill, pattern)  # linear: a run of word characters
    return None if unknown else expanded


def routes(source: str, documents: Mapping[str, Any], permalinks: Mapping[str, str],
           lower: bool) -> Routes:
    """The URLs of the pages under `source` that front matter or `permalinks` move, and
    their aliases. `documents` maps root-relative paths to their front matter."""
    prefix = "" if source in ("", ".") else f"{source}/"
    found = Routes()
    for path in sorted(documents):
        if not path.startswith(prefix) or not path.endswith(".md"):
            continue
        front = documents[path]
        page = path[len(prefix):]
        url = _own_url(page, front, permalinks)
        if url is not None:
            url = url.strip("/")
            found.url_of[path] = url
            found.by_url.setdefault(url.lower() if lower else url, path)
        aliases = front.get("aliases")
        for alias in aliases if isinstance(aliases, list) else []:
            if not isinstance(alias, str) or not alias.strip():
                continue
            base = "" if alias.startswith("/") else posixpath.dirname(
                url if url is not None else _usual_url(page))
            target = posixpath.normpath(posixpath.join(base, alias.strip().strip("/")))
            found.by_url.setdefault(target.lower() if lower else target, path)
    return found


def _usual_url(page: str) -> str:
    folder, name = posixpath.split(page)
    return folder if name in ("index.md", "_index.md") else posixpath.splitext(page)[0]


def _own_url(page: str, front: Mapping[str, Any], permalinks: Mapping[str, str]) -> str | None:
    """The page's URL when it is not the usual one, else None."""
    url = front.get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    folder, name = posixpath.split(page)
    section = page.split("/")[0] if "/" in page else ""
    pattern = permalinks.get(section)
    if name != "_index.md" and isinstance(pattern, str):
        expanded = expand(pattern, page, front)
        if expanded is not None:
            return expanded
    slug = front.get("slug")
    if isinstance(slug, str) and slug.strip() and name != "_index.md":
        parent = posixpath.dirname(folder) if name == "index.md" else folder
        return posixpath.join(parent, slug.strip())
    return None
