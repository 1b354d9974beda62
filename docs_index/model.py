"""Plain, frozen values that the Markdown reader produces.

Everything downstream (`posts/`, `graph/`) works on these and never re-reads a file, so
each value carries the position it came from as a `Location`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A position in a corpus file; orders findings, so fields are compared in this order."""

    path: str
    """POSIX path relative to the corpus root."""
    line: int
    """1-based line in the original file, front matter included."""
    col: int = 1
    """1-based column, in characters."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled by its fields (the incremental run's snapshot holds one per link and
        # heading): a slotted dataclass' own state walks `fields()` for each instance
        return Location, (self.path, self.line, self.col)


@dataclass(frozen=True, slots=True)
class Problem:
    """Input the reader could not take as it is; reported by the RG0xx rules."""

    loc: Location
    rule_id: str
    """The id of the rule that reports it, e.g. `RG001`."""
    detail: str
    """One line saying what is wrong, without the file name."""
    hint: str = ""
    """What to do, where the rule's own suggestion does not fit."""


class LinkKind(StrEnum):
    INLINE = "inline"
    """`[text](target)`"""
    REFERENCE = "reference"
    """A reference definition `[label]: target`, checked once where it is defined."""
    AUTOLINK = "autolink"
    """`<https://example.org>`"""
    IMAGE = "image"
    """`![alt](target)`"""
    HTML = "html"
    """`href`/`src` of a raw HTML tag."""


@dataclass(frozen=True, slots=True)
class Link:
    loc: Location
    """Where the link starts (its `[`, `<` or the HTML tag)."""
    target: str
    """The destination as written, before percent-decoding."""
    text: str
    """The link text (alt text for images, the label as written for definitions)."""
    kind: LinkKind
    block: int
    """Index of the `Block` the link stands in, -1 for reference definitions."""
    label: str = ""
    """Definitions only: the normalised label (as `RefUse.label`) uses are matched by."""


@dataclass(frozen=True, slots=True)
class RefUse:
    """A `[text][label]`, `[label][]` or `[label]` use of a reference definition, or a
    full or collapsed one whose label the file never defines."""

    loc: Location
    """Where the use starts (its `[`, or the `!` of an image)."""
    label: str
    """Normalised (whitespace collapsed, upper-cased) as markdown-it keys its definitions."""
    text: str = ""
    """The label as written, for messages."""
    defined: bool = True
    """False when no definition matches: markdown-it then renders the use as literal text.
    Shortcut uses `[label]` are recorded only when defined: bare brackets in prose are not
    references."""

    def __reduce__(self) -> tuple[Any, ...]:  # as `Location.__reduce__`
        return RefUse, (self.loc, self.label, self.text, self.defined)


@dataclass(frozen=True, slots=True)
class Heading:
    loc: Location
    level: int
    text: str
    """Plain text of the heading, markup stripped."""
    slug: str
    """The GitHub anchor, de-duplicated within the document (`-1`, `-2`)."""
    base_slug: str = ""
    """The anchor before de-duplication: `example` for a second `## Example`, whose `slug`
    is `example-1`; equal to `slug` for a heading whose anchor is its own."""

    def __reduce__(self) -> tuple[Any, ...]:  # as `Location.__reduce__`
        return Heading, (self.loc, self.level, self.text, self.slug, self.base_slug)


@dataclass(frozen=True, slots=True)
class Anchor:
    """An explicit HTML anchor: `<a id="x">`, `<a name="x">`, or any tag's `id`."""

    loc: Location
    name: str


@dataclass(frozen=True, slots=True)
class AttrList:
    """An attribute list `{#id .class}` (`{: #id}`) in inline text, outside code: GitHub
    shows it as text, a site generator with Python-Markdown's `attr_list` (or kramdown's)
    turns it into attributes of the element before it. Recorded as written; the site
    module decides what it means."""

    loc: Location
    """Where its `{` is."""
    body: str
    """What stands between the braces, a leading `:` and spaces removed."""
    block_end: bool = False
    """It stands alone on the last line of its paragraph (a block's attribute list)."""


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    FENCE = "fence"
    CODE = "code"
    HTML = "html"
    TABLE = "table"
    HR = "hr"


@dataclass(frozen=True, slots=True)
class Block:
    """A leaf block, in document order, so later stages can reason about sections and
    position ("the last lines of a post") without parsing again."""

    kind: BlockKind
    line: int
    """1-based first line."""
    lines: tuple[str, ...]
    """The block's source lines as in the file (for locating text within them)."""
    text: str = ""
    """Plain text; soft line breaks kept as `\\n`. Code content for fences."""
    level: int = 0
    """Heading level; for other blocks, the list nesting depth."""
    item: int = 0
    """1-based position within an ordered list item's list, 0 outside ordered lists."""
    info: str = ""
    """The info string of a fence (`rust`, `mermaid`)."""
    code: tuple[str, ...] = ()
    """Inline code spans, in order."""



class DirectiveKind(StrEnum):
    NEXT_LINE = "disable-next-line"
    LINE = "disable-line"
    FILE = "disable-file"
    DISABLE = "disable"
    ENABLE = "enable"


@dataclass(frozen=True, slots=True)
class Directive:
    loc: Location
    """Where the comment starts (its `<`)."""
    kind: DirectiveKind
    rules: tuple[str, ...]
    """Rule ids or names as written; empty for every rule."""


@dataclass(frozen=True, slots=True)
class Document:
    """One Markdown file, parsed once."""

    path: str
    title: str
    """Front matter `title`, else the first level-1 heading, else empty."""
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    """1-based file line of each top-level front matter key."""
    headings: tuple[Heading, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    links: tuple[Link, ...] = ()
    ref_uses: tuple[RefUse, ...] = ()
    blocks: tuple[Block, ...] = ()
    words: int = 0
    """Words of prose (code excluded)."""
    line_count: int = 0
    directives: tuple[Directive, ...] = ()
    """Suppression comments (`<!-- refgraph-disable … -->`), in file order."""
    attr_lists: tuple[AttrList, ...] = ()
    """Attribute lists that follow an inline element, end a heading or end a paragraph,
    in file order (see `AttrList`)."""

    def slugs(self) -> frozenset[str]:
        """Every fragment that lands somewhere in this document."""
        return frozenset(h.slug for h in self.headings) | {a.name for a in self.anchors}
