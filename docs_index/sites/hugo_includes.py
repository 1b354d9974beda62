"""Pages that a Hugo page takes into its own Markdown through a shortcode.

Hugo's documented way to share Markdown between pages is a shortcode that finds a page and
calls `.RenderShortcodes` on it, called with the `{{% %}}` notation (gohugoio/hugoDocs'
`include`: `{{% include "/_common/store-scope.md" %}}`): the included page's Markdown is
then rendered as part of the page, so its headings and terms are ids of the page. refgraph
reads which shortcode templates call `.RenderShortcodes` (never running them) and which
pages such a call names; its first argument is looked up as `.Page.GetPage`, else
`site.GetPage`, does.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from docs_index.model import Document
from docs_index.sites import read_config_bytes

SHORTCODE_FOLDERS = ("layouts/_shortcodes", "layouts/shortcodes")
_CALL = re.compile(r"\{\{%[ \t]*([\w-]+)[ \t]+(?:\"([^\"\n]*)\"|([^\s\"%<>{}]+))")
"""`{{% include "/_common/x.md" %}}`: the shortcode's name and first argument. Linear: each
part stops at a character the next cannot start with."""


def inlining_shortcodes(root: Path, project: str, themes: Iterable[str],
                        files: frozenset[str]) -> frozenset[str]:
    """Names of the project's (and its themes') shortcodes whose template calls
    `.RenderShortcodes`."""
    names = set()
    for base in ("", *(f"themes/{t}" for t in themes)):
        for folder in SHORTCODE_FOLDERS:
            prefix = posixpath.join(project, base, folder) + "/"
            for path in sorted(f for f in files if f.startswith(prefix)):
                name = path[len(prefix):]
                if "/" in name or not name.endswith(".html"):
                    continue
                data, _ = read_config_bytes(root / path)
                if data is not None and b".RenderShortcodes" in data:
                    names.add(name[: -len(".html")])
    return frozenset(names)


def included(doc: Document, names: frozenset[str]) -> list[str]:
    """The first argument of each call of those shortcodes in the document, in order."""
    found = []
    for block in doc.blocks:
        for line in block.lines:
            for match in _CALL.finditer(line):
                if match[1] in names:
                    found.append(match[2] if match[2] is not None else match[3])
    return found
