"""Hugo's page look-up: which page `{{< ref "x" >}}`, `{{< relref "x" >}}` and a render
hook's `.Page.GetPage "x"` find.

Ported from `getContentNode` in gohugoio/hugo `hugolib/pagecollections.go` (commit
034b61956778f4f3e0858aa54582abbb5fa47771, the code of Hugo 0.111 that the differential test
builds with): a reference is lowercased and loses its extension; without a leading `/` it is
tried first from the linking page's folder (a leaf bundle's `index.md` looks from the folder
above, unless the reference climbs with `..`), then from the content root; a reference that
starts with `.` is only page-relative. A `ref`/`relref` with no `/` (or one leading `/`
only) that still finds nothing is looked up by its last name alone, among every page's, and
is ambiguous when two pages share it. `x/_index` names a section only, `x/index` a bundle
only, `x` either or a regular page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["branch", "leaf", "page"]
_AMBIGUOUS = ""
"""The reverse index's value for a name two pages share (Hugo's `ambiguousContentNode`)."""


@dataclass(frozen=True)
class PageIndex:
    """The pages of one Hugo site by their look-up keys (`/guide/install`, lowercased),
    paths relative to the content folder."""

    branches: dict[str, str] = field(default_factory=dict)
    """Section pages (`_index.md`) by their folder's key; the home page under ``."""
    leaves: dict[str, str] = field(default_factory=dict)
    """Leaf bundles (`index.md`) by their folder's key."""
    regular: dict[str, str] = field(default_factory=dict)
    """Other pages by their path without extension."""
    by_name: dict[str, str] = field(default_factory=dict)
    """Each page by the last part of its key, `_AMBIGUOUS` where two share it."""


def page_index(pages: list[str]) -> PageIndex:
    """The index of `pages` (Markdown paths relative to the content folder). A Markdown file
    inside a leaf bundle other than its `index.md` is a resource of the bundle, not a page."""
    index = PageIndex()
    bundles = {posixpath.dirname(p) for p in pages if posixpath.basename(p) == "index.md"}
    for page in sorted(pages):
        folder, name = posixpath.split(page)
        parents = [folder]
        while parents[-1]:
            parents.append(posixpath.dirname(parents[-1]))
        if name != "index.md" and any(p in bundles for p in parents if p):
            continue  # a bundle's resource
        if name == "_index.md":
            key, table = _key(folder), index.branches
        elif name == "index.md":
            key, table = _key(folder), index.leaves
        else:
            key, table = _key(posixpath.splitext(page)[0]), index.regular
        table.setdefault(key, page)
        if key:
            base = posixpath.basename(key)
            index.by_name[base] = page if index.by_name.get(base, page) == page else _AMBIGUOUS
    return index


def _key(path: str) -> str:
    """Hugo's `cleanTreeKey`: lowercased, one leading `/`, no trailing one; `` for the root."""
    key = posixpath.normpath("/" + path.lower().strip("/"))
    return "" if key == "/" else key


def _clean_ref(ref: str) -> tuple[str, Kind]:
    """The key a reference looks for, and what kind of page it may name."""
    key = _key(ref)
    if not key.endswith("."):
        key = posixpath.splitext(key)[0]
    if key.endswith("/_index") or key == "/_index":
        return key[: -len("/_index")], "branch"
    if key.endswith("/index") or key == "/index":
        return key[: -len("/index")], "leaf"
    return key, "page"


def _node(index: PageIndex, key: str, kind: Kind) -> str | None:
    if kind == "branch":
        return index.branches.get(key)
    if kind == "leaf":
        return index.leaves.get(key)
    return index.regular.get(key) or index.branches.get(key) or index.leaves.get(key)


class AmbiguousRef(ValueError):
    """Two pages answer to the name a reference gives (Hugo fails the build)."""


def get_page(index: PageIndex, context: str | None, ref: str, *, reflink: bool) -> str | None:
    """The page (relative to the content folder) that `ref` names from the page `context`
    (relative to the content folder; None for `site.GetPage`), or None. `reflink`: a
    `ref`/`relref` shortcode, which also looks pages up by name alone. Raises AmbiguousRef."""
    ref = ref.strip()
    key, kind = _clean_ref(ref)
    if context is not None and not ref.startswith("/"):
        base, name = posixpath.split(context)
        if name == "index.md" and not ref.startswith(".."):
            base = posixpath.dirname(base)  # a bundle looks from its section's level
        found = _node(index, _clean_ref(posixpath.join(base, ref))[0], kind)
        if found is not None:
            return found
    if ref.startswith("."):
        return None  # page-relative only
    found = _node(index, key, kind)
    if found is not None:
        return found
    slashes = ref.count("/")
    if not (reflink or context is None) or slashes > 1 or (slashes == 1 and ref[0] != "/"):
        return None
    by_name = index.by_name.get(posixpath.basename(key))
    if by_name == _AMBIGUOUS:
        raise AmbiguousRef(ref)
    return by_name
