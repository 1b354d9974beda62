"""A Hugo site's link render hook, read (never run) for what it decides about a link.

A hook is a Go template that Hugo runs for every Markdown link instead of writing its
destination as it is. refgraph cannot run it, so it reads three plain facts from its text:

- the destinations it compares with a string (`{{ if eq $u.String "g" }}` in gohugoio/hugoDocs,
  where `[term](g)` becomes a link to the glossary entry the link text names): such a
  link goes wherever the template computes, which no source file says, so it is not
  checkable;
- whether it looks pages up (`.GetPage`): a destination then lands on the page Hugo's
  look-up finds for it, as a `ref` does, and on the URL as written when it finds none (the
  hook passes it through);
- whether that look-up is only for `.md` destinations (the hook tests for `".md"`).

Hugo looks for `layouts/_markup/render-link.html` (Hugo 0.146 on) and
`layouts/_default/_markup/render-link.html` in the project, then in its theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docs_index.sites import read_config_bytes

HOOK_PATHS = ("layouts/_markup/render-link.html", "layouts/_default/_markup/render-link.html")
_PARSED = re.compile(r"\$(\w+)\s*:?=\s*(?:urls\.Parse\s+)?\.Destination\b")
"""`$u := urls.Parse .Destination`, `$dest := .Destination`: a variable holding it."""
_STRING = r'"([^"\n]*)"'


@dataclass(frozen=True)
class LinkHook:
    """What a link render hook was read to decide."""

    path: str
    """The hook's file, relative to the corpus root."""
    literals: frozenset[str] = frozenset()
    """Destinations it compares with a string, and so rewrites."""
    get_page: bool = False
    """It looks destinations up with `GetPage`."""
    md_only: bool = False
    """It does so only for destinations ending in `.md`."""


def read_hook(root: Path, path: str) -> LinkHook | None:
    """The hook at `path`, or None when it cannot be read (not a regular file, too large,
    not UTF-8): links are then taken as Hugo writes them without a hook."""
    data, _ = read_config_bytes(root / path)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return parse_hook(path, text)


def parse_hook(path: str, text: str) -> LinkHook:
    names = sorted({m[1] for m in _PARSED.finditer(text)})
    # the destination as the template writes it: `.Destination`, `$u`, `$u.String`,
    # `$u.Path`; alternatives of fixed words, each followed by a blank: no backtracking
    forms = [r"\.Destination"] + [rf"\${re.escape(n)}(?:\.String|\.Path)?" for n in names]
    expression = "(?:" + "|".join(forms) + ")"
    compare = re.compile(rf"\beq\s+(?:{expression}\s+{_STRING}|{_STRING}\s+{expression}\b)")
    literals = frozenset(m[1] if m[1] is not None else m[2] for m in compare.finditer(text))
    return LinkHook(path, literals, ".GetPage" in text, '".md"' in text)
