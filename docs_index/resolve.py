"""Resolve a link destination the way GitHub does when it renders a repository.

Relative to the linking file, a leading `/` from the repository root, percent-encoding
decoded, file names case-sensitive, a directory shown through its README. Pure string
work: existence is decided by the caller against the corpus' file set.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

README_NAMES = ("README.md", "README.markdown", "readme.md", "Readme.md", "README")


class TargetKind(StrEnum):
    EXTERNAL = "external"
    """A URL with a scheme (`https:`, `mailto:`) or a host (`//host/x`)."""
    SAME_FILE = "same-file"
    """`#fragment` only."""
    PATH = "path"
    """A path inside the root."""
    OUTSIDE = "outside"
    """A relative path that climbs above the root."""
    EMPTY = "empty"
    """`[x]()` or `[x](#)`: goes nowhere, checks nothing."""


@dataclass(frozen=True, slots=True)
class Target:
    kind: TargetKind
    path: str = ""
    """Root-relative POSIX path for PATH (the linking file for SAME_FILE)."""
    fragment: str = ""
    """Percent-decoded fragment without `#`."""
    is_dir: bool = False
    """Written with a trailing `/`."""


def resolve(source: str, href: str) -> Target:
    """Resolve `href` as written in the file `source` (root-relative POSIX path)."""
    target = _resolve_from(posixpath.dirname(source), href)
    if target.kind is TargetKind.SAME_FILE:
        return Target(TargetKind.SAME_FILE, source, target.fragment)
    return target


@functools.lru_cache(maxsize=1 << 16)
def _resolve_from(directory: str, href: str) -> Target:
    """`resolve` for any file in `directory` (a SAME_FILE target's path is filled in by
    `resolve`); memoised, as the files of one folder link to the same targets."""
    href = href.strip()
    if not href:
        return Target(TargetKind.EMPTY)
    if ":" in href or href.startswith("//") or not href.isprintable():
        try:
            parts = urlsplit(href)
        except ValueError:  # `http://[::1`, an unclosed IPv6 host: a URL all the same
            return Target(TargetKind.EXTERNAL, href)
        if len(parts.scheme) == 1:
            # a one-letter "scheme" is a Windows drive letter: GitHub treats `C:/x` as a
            # relative path, so read it as one
            parts = urlsplit("./" + href)
        if parts.scheme or parts.netloc:
            return Target(TargetKind.EXTERNAL, href)
        raw_path, raw_fragment = parts.path, parts.fragment
    else:
        # printable, no scheme and no host: what urlsplit gives (it only strips control
        # characters and splits at `#` and `?`), without its cost on every link
        raw_path, _, raw_fragment = href.partition("#")
        raw_path = raw_path.partition("?")[0]
    path = unquote(raw_path)
    fragment = unquote(raw_fragment)
    if not path:
        if not fragment:
            return Target(TargetKind.EMPTY)
        return Target(TargetKind.SAME_FILE, "", fragment)
    is_dir = path.endswith("/")
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(directory, path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return Target(TargetKind.OUTSIDE, normal, fragment, is_dir)
    return Target(TargetKind.PATH, "" if normal == "." else normal, fragment, is_dir)


def directory_readme(directory: str, files: Collection[str]) -> str | None:
    """The file GitHub shows for a directory, if any."""
    for name in README_NAMES:
        candidate = f"{directory}/{name}" if directory else name
        if candidate in files:
            return candidate
    return None
