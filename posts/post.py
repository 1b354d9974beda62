"""A post of the series: number, title, date, size, and its Previously/Next links.

Series write their navigation in many forms (`*Previously: [T](19-x.md)*`,
`← [Previous: T](1-x.md) | [Next: T](3-y.md) →`, `**Next up:** [T](10-x.md)`, front matter
`prev:`/`next:`). They are recognised by wording and position: a line that *starts* with
navigation wording counts anywhere; elsewhere the wording must sit next to the link and the
line must be in the first or last blocks of the post. Only links that point at a post count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import PurePosixPath

from docs_index.model import Block, BlockKind, Document, Link, Location
from docs_index.resolve import TargetKind, resolve
from posts.text import labelled_lines


class Direction(StrEnum):
    PREVIOUS = "previous"
    NEXT = "next"


class NavForm(StrEnum):
    LINE = "line"
    """`*Previously: [T](19-x.md)*` / `*Next: [T](21-y.md)*`"""
    ARROW = "arrow"
    """`← [Previous: T](1-x.md) | [Next: T](3-y.md) →`"""
    NEXT_UP = "next-up"
    """`**Next up:** [T](10-x.md) — teaser`"""
    FRONT_MATTER = "front-matter"
    """`prev:` / `next:` keys"""


@dataclass(frozen=True)
class NavLink:
    direction: Direction
    target: str
    """As written."""
    loc: Location
    form: NavForm
    text: str = ""


@dataclass(frozen=True)
class Post:
    path: str
    number: int | None
    slug: str
    title: str
    date: str | None
    """ISO `YYYY-MM-DD` when the stated date could be read, else as written."""
    words: int
    code_blocks: int
    diagrams: int
    sections: tuple[str, ...]
    nav: tuple[NavLink, ...]
    """Every Previously/Next link found, in document order."""

    @property
    def previous(self) -> NavLink | None:
        return next((n for n in self.nav if n.direction is Direction.PREVIOUS), None)

    @property
    def next(self) -> NavLink | None:
        return next((n for n in self.nav if n.direction is Direction.NEXT), None)


_PREV = re.compile(r"\b(?:previously|previous|prev|back)\b|←|«|⬅", re.IGNORECASE)
_NEXT = re.compile(r"\b(?:next|coming up|continue)\b|→|»|➡", re.IGNORECASE)
_NEXT_UP = re.compile(r"\b(?:next up|up next|coming up)\b", re.IGNORECASE)
_LEADING = re.compile(r"^[\s*_>|\-–—←→«»⬅➡️]*")
_STARTS_NAV = re.compile(
    r"^(?:previously|previous(?:\s+post)?|prev|next(?:\s+up|\s+post)?|up next|coming up)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^(\d+)[-_. ]?(.*)$")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%B %Y")
_BOX_DRAWING = re.compile("[\u2500-\u257f]")
_DIAGRAM_INFOS = frozenset({"mermaid", "plantuml", "dot", "graphviz", "ditaa", "svgbob"})
EDGE_BLOCKS = 6
"""How many blocks at the top and bottom of a post count as its header and footer."""


def _direction(before: str, text: str, after: str) -> Direction | None:
    """Decide from the words just before the link ("Previously: [Next-Gen Storage]"),
    then the link text ("[Next: T]"), then the words just after ("[T](x) →")."""
    for segment, pick_last in ((before, True), (text, False), (after, False)):
        hits = [(m.start(), Direction.PREVIOUS) for m in _PREV.finditer(segment)]
        hits += [(m.start(), Direction.NEXT) for m in _NEXT.finditer(segment)]
        if hits:
            hits.sort()
            return hits[-1][1] if pick_last else hits[0][1]
    return None


def _nav_in_block(
    block: Block, links: list[Link], at_edge: bool, is_post_link: Callable[[str], bool]
) -> list[NavLink]:
    found: list[NavLink] = []
    for offset, plain in enumerate(block.text.split("\n")):
        line_no = block.line + offset
        on_line = [lk for lk in links if lk.loc.line == line_no and is_post_link(lk.target)]
        if not on_line:
            continue
        starts_nav = bool(_STARTS_NAV.match(_LEADING.sub("", plain)))
        if not (starts_nav or at_edge):
            continue
        source = block.lines[offset] if offset < len(block.lines) else plain
        form = (NavForm.NEXT_UP if _NEXT_UP.search(plain)
                else NavForm.ARROW if re.search("[←→«»⬅➡]", plain) else NavForm.LINE)
        for i, link in enumerate(on_line):
            start = link.loc.col - 1
            prev_end = source.rfind(")", 0, start) + 1
            before = source[prev_end:start]
            stop = on_line[i + 1].loc.col - 1 if i + 1 < len(on_line) else len(source)
            tail = source[start:stop]
            after = tail[tail.find(")") + 1 :] if ")" in tail else ""
            direction = _direction(before, link.text, after)
            if direction is not None:
                found.append(NavLink(direction, link.target, link.loc, form, link.text))
    return found


def _date(doc: Document) -> str | None:
    raw = doc.front_matter.get("date") or doc.front_matter.get("published")
    if raw is None:
        for block in doc.blocks[:EDGE_BLOCKS]:
            for label, value, _ in labelled_lines(block):
                if label in ("published", "date", "posted"):
                    raw = value.strip(" *_")
                    break
            if raw is not None:
                break
    if raw is None:
        return None
    text = str(raw).strip()
    if re.match(r"\d{4}-\d{2}-\d{2}[ T]", text):  # a date with a time: keep the day
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def parse_post(doc: Document, is_post_path: Callable[[str], bool]) -> Post:
    """Read a post from its parsed document.

    `is_post_path` says whether a root-relative path is a post of the series; navigation
    links must point at one.
    """

    def is_post_link(target: str) -> bool:
        resolved = resolve(doc.path, target)
        return resolved.kind is TargetKind.PATH and is_post_path(resolved.path)

    name = PurePosixPath(doc.path).stem
    match = _NUMBER.match(name)
    number = int(match.group(1)) if match else None
    slug = match.group(2) if match else name

    nav: list[NavLink] = []
    for key, direction in (("prev", Direction.PREVIOUS), ("previous", Direction.PREVIOUS),
                           ("next", Direction.NEXT)):
        value = doc.front_matter.get(key)
        if isinstance(value, str) and value.strip():
            line = doc.front_matter_lines.get(key, 1)
            nav.append(NavLink(direction, value.strip(), Location(doc.path, line, 1),
                               NavForm.FRONT_MATTER))
    by_block: dict[int, list[Link]] = {}
    for link in doc.links:
        by_block.setdefault(link.block, []).append(link)
    last_hr = max((i for i, b in enumerate(doc.blocks) if b.kind is BlockKind.HR), default=-1)
    footer_start = len(doc.blocks) - EDGE_BLOCKS
    for index, block in enumerate(doc.blocks):
        if index not in by_block or block.kind not in (BlockKind.PARAGRAPH, BlockKind.HTML):
            continue
        at_edge = index < EDGE_BLOCKS or index >= footer_start or 0 <= last_hr < index
        nav.extend(_nav_in_block(block, by_block[index], at_edge, is_post_link))

    fences = [b for b in doc.blocks if b.kind in (BlockKind.FENCE, BlockKind.CODE)]
    diagrams = sum(1 for b in fences
                   if b.info.split(" ")[0].lower() in _DIAGRAM_INFOS or _BOX_DRAWING.search(b.text))
    return Post(
        path=doc.path,
        number=number,
        slug=slug,
        title=doc.title,
        date=_date(doc),
        words=doc.words,
        code_blocks=len(fences) - diagrams,
        diagrams=diagrams,
        sections=tuple(h.text for h in doc.headings if h.level >= 2),
        nav=tuple(nav),
    )
