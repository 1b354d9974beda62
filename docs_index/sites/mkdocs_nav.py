"""MkDocs `nav`, read from the composed YAML of `mkdocs.yml` so that each entry keeps the
line and column it is written at (a finding about an entry points at it).

The shapes are MkDocs' own (`mkdocs/structure/nav.py`, `_data_to_navigation`): a list
whose items are a page path, a one-key mapping `Title: path`, or `Title: [items]` for a
section; a mapping of several keys is several such items. A value with a scheme or host,
or starting with `/`, is a link to somewhere else, not a page (MkDocs' default for
`validation.nav.absolute_links`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

MAX_NODES = 100_000
"""A nav is tens of entries; past this many nodes the rest is not read (a note says so).
Aliases make a small file a huge tree (`&a [*b, *b]`), so the walk counts nodes visited."""


@dataclass(frozen=True)
class NavItem:
    """One page entry of `nav`: its path as written (relative to `docs_dir`), its title
    (empty when MkDocs takes the page's own), and where it is written."""

    written: str
    title: str
    line: int
    col: int


def _pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value)


def read_nav(node: yaml.Node | None, path: str,
             notes: list[str]) -> tuple[NavItem, ...] | None:
    """The page entries of the composed `nav` value, in reading order; None when `nav` is
    absent or null (MkDocs then lists every page itself)."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        return None
    if not isinstance(node, yaml.SequenceNode):  # MkDocs refuses such a configuration
        notes.append(f"{path}:{node.start_mark.line + 1}: nav is not a list, which MkDocs "
                     "refuses; it is not read, and every page counts as listed")
        return None
    items: list[NavItem] = []
    stack: list[tuple[str, yaml.Node]] = [("", node)]
    visited = 0
    while stack:  # an explicit stack: a nav nested 10,000 deep must not overflow Python's
        title, current = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            notes.append(f"{path}: nav has over {MAX_NODES:,} entries once aliases are "
                         "expanded; the rest is not read")
            break
        if isinstance(current, yaml.SequenceNode):
            stack += [("", child) for child in reversed(current.value)]
        elif isinstance(current, yaml.MappingNode):
            for key, value in reversed(_pairs(current)):
                name = key.value if isinstance(key, yaml.ScalarNode) else ""
                stack.append((str(name), value))
        elif isinstance(current, yaml.ScalarNode) and isinstance(current.value, str):
            value = current.value.strip()
            if not value or current.tag.endswith(":null"):
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith("/"):
                continue  # a link elsewhere, which MkDocs does not look up
            mark = current.start_mark
            items.append(NavItem(value, title, mark.line + 1, mark.column + 1))
        else:
            line = current.start_mark.line + 1
            notes.append(f"{path}:{line}: nav entry not understood; it is not read")
    return tuple(items)


def nav_node(root: yaml.Node | None) -> yaml.Node | None:
    """The value node of the top-level `nav` key of a composed `mkdocs.yml`, if any."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in _pairs(root):
        if isinstance(key, yaml.ScalarNode) and key.value == "nav":
            return value
    return None
