"""The series index (`blog/README.md`): the posts it lists and its reading paths.

Shape read (the common one in real series; see tests/posts/test_blog_index.py):

    ### [1. Introducing X](01-intro.md)         ← an entry: any link to a post, first time seen
    **Target Audience**: architects              ← labelled lines up to the next entry
    **Length**: ~15 minute read

    ## 🎯 Reading Paths                          ← a heading naming reading/learning paths
    ### For Architects                           ← each sub-heading is a path
    1. [Introducing X](01-intro.md) - overview   ← list items: the steps, in order
    2. Fast recovery (coming soon)               ← a step without a link (target "")
    **Time**: ~3 hours                           ← its stated time
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from docs_index.model import Block, BlockKind, Document, Heading, Link, Location
from docs_index.resolve import TargetKind, resolve
from posts.text import labelled_lines, parse_minutes

_PATHS_HEADING = re.compile(r"\b(?:reading|learning)\s+(?:paths?|orders?|tracks?)\b", re.I)
_LENGTH_LABELS = ("length", "reading time", "read time", "time to read")
_AUDIENCE_LABELS = ("target audience", "audience", "for")
_TIME_LABELS = ("time", "total time", "reading time", "length", "duration")
_ITEM_MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])(?:\s+|$)")
_ENTRY_NUMBER = re.compile(r"^\W*(?:(?:part|post|episode)\s*)?#?\d{1,4}\s*[.:)\-–—]", re.I)
"""An entry title that numbers the post: "5. Storage", "Part 5: Storage", "#5 — Storage"."""


@dataclass(frozen=True)
class IndexEntry:
    target: str
    """The link as written."""
    loc: Location
    title: str
    minutes: float | None
    """Stated reading length ("**Length**: ~15 minute read" → 15.0)."""
    audience: str | None
    shaped: bool = True
    """Written the way the index writes its entries (a heading, list item or table row
    opening with the link), as opposed to a post linked in passing."""
    duplicate_of: Location | None = None
    """For a second entry for the same post: where the first one is."""


@dataclass(frozen=True)
class PathStep:
    order: int
    """1-based position in the path."""
    target: str
    """The step's (first) link as written; empty when the list item has no link."""
    loc: Location
    """The link's position, or the item text's for a step without a link."""
    text: str
    """The link text, or the item's first line for a step without a link."""
    lines: tuple[int, int] = field(default=(0, 0), compare=False)
    """First and last line of the list item, nested notes included (for rewriting)."""


@dataclass(frozen=True)
class ReadingPath:
    slug: str
    """GitHub anchor of the path's heading; the graph node is `path:<slug>`."""
    title: str
    loc: Location
    steps: tuple[PathStep, ...]
    stated_minutes: float | None
    time_loc: Location | None


@dataclass(frozen=True)
class BlogIndex:
    path: str
    entries: tuple[IndexEntry, ...]
    """One per listed post: its first entry-shaped link, else its first link."""
    paths: tuple[ReadingPath, ...]
    extra: tuple[IndexEntry, ...] = ()
    """Entries that list no new post: a second entry for a post (`duplicate_of` set), or a
    numbered entry (`### [5. T](../STORAGE.md)`) pointing at something that is not a post."""


def _paths_section(doc: Document) -> tuple[int, int, int]:
    """(first block, end block, heading level) of the reading-paths section, or empty."""
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and _PATHS_HEADING.search(block.text):
            end = next((j for j in range(i + 1, len(blocks))
                        if blocks[j].kind is BlockKind.HEADING and blocks[j].level <= block.level),
                       len(blocks))
            return i, end, block.level
    return 0, 0, 0


def _item_start(block: Block) -> int | None:
    """1-based column of the text after a list marker on the block's first line, or None
    when the paragraph does not open a list item (a continuation paragraph of one)."""
    match = _ITEM_MARKER.match(block.lines[0]) if block.lines else None
    return match.end() + 1 if match else None


def _item_spans(items: list[Block], section: list[Block]) -> list[tuple[int, int]]:
    """(first, last) line of each step's list item, with the blocks nested under it (notes
    on the step) and its continuation paragraphs, up to the next item of its list."""
    spans = []
    lines = [b.line for b in section]  # in file order: where each item's followers start
    for block in items:
        last = block.line + len(block.lines) - 1
        for i in range(bisect.bisect_right(lines, block.line), len(section)):
            other = section[i]
            opens_item = other.level == block.level and _item_start(other) is not None
            if other.level < block.level or opens_item:
                break
            last = other.line + len(other.lines) - 1
        spans.append((block.line, last))
    return spans


def _read_path(
    heading: Heading, blocks: list[tuple[int, Block]], links: dict[int, list[Link]]
) -> ReadingPath:
    candidates: list[tuple[Block, PathStep]] = []  # order filled in below
    stated: float | None = None
    time_loc: Location | None = None
    # steps are the items of the outermost list; nested bullets are notes on a step
    depth = min((b.level for _, b in blocks if b.kind is BlockKind.PARAGRAPH and b.level > 0),
                default=0)
    for index, block in blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        if block.level > depth:
            continue
        if block.level > 0 and links.get(index):
            link = links[index][0]
            candidates.append((block, PathStep(0, link.target, link.loc, link.text)))
            continue
        labelled = list(labelled_lines(block))
        for label, value, offset in labelled:
            if label in _TIME_LABELS and stated is None:
                stated = parse_minutes(value)
                time_loc = Location(heading.loc.path, block.line + offset, 1)
        col = _item_start(block) if block.level > 0 and not labelled else None
        if col is not None:
            text = block.text.split("\n")[0].strip()
            candidates.append((block, PathStep(0, "", Location(heading.loc.path, block.line, col),
                                               text)))
    # An item without a link is a step only beside linked steps of the same kind of list
    # (numbered or bulleted): a path of plain bullets is prose, not a path with no links.
    linked_kinds = {b.item > 0 for b, step in candidates if step.target}
    kept = [(b, step) for b, step in candidates if step.target or (b.item > 0) in linked_kinds]
    spans = _item_spans([b for b, _ in kept], [b for _, b in blocks])
    steps = [replace(step, order=n, lines=span)
             for n, ((_, step), span) in enumerate(zip(kept, spans, strict=True), 1)]
    if stated is None and (in_heading := parse_minutes(heading.text)) is not None:
        stated, time_loc = in_heading, heading.loc  # "### Quick Tour (45 min)"
    return ReadingPath(heading.slug, heading.text, heading.loc, tuple(steps), stated, time_loc)


@dataclass(frozen=True)
class _Candidate:
    """A link from the index (outside the reading paths) to a local path."""

    block: int
    link: Link
    path: str
    """Resolved, root-relative."""
    leads: bool
    """The link opens its line (a table row: is the row's first link)."""
    shaped: bool = False
    """`leads`, in the kind of block (heading level, list depth) most post entries use."""


def _bare(text: str) -> str:
    return re.sub(r"^[\W_]+", "", text)


def _leads(block: Block, link: Link, first_on_line: bool) -> bool:
    """`### [1. T](01-a.md)`, `1. [T](01-a.md) — …` and a table row's first link open their
    line; a post named in passing ("start with [the intro](01-a.md)") does not."""
    if not first_on_line or not _bare(link.text):
        return False
    if block.kind is BlockKind.TABLE:
        return True
    if block.kind not in (BlockKind.HEADING, BlockKind.PARAGRAPH):
        return False
    lines = block.text.split("\n")
    offset = link.loc.line - block.line
    line = lines[offset] if 0 <= offset < len(lines) else ""
    return _bare(line).startswith(_bare(link.text))


def _candidates(doc: Document, links: dict[int, list[Link]], skip: range) -> list[_Candidate]:
    found: list[_Candidate] = []
    for index, block in enumerate(doc.blocks):
        if index in skip:
            continue
        lines_seen: set[int] = set()
        for link in links.get(index, ()):
            first_on_line = link.loc.line not in lines_seen
            lines_seen.add(link.loc.line)
            resolved = resolve(doc.path, link.target)
            if resolved.kind is TargetKind.PATH:
                found.append(_Candidate(index, link, resolved.path,
                                        _leads(block, link, first_on_line)))
    return found


def _pick_entries(
    doc: Document, candidates: list[_Candidate], is_post_path: Callable[[str], bool]
) -> tuple[list[_Candidate], dict[_Candidate, Location | None]]:
    """The entry of each listed post, and the extra entries with what they duplicate.

    The entry shape is the kind of block most post links open (`###` headings, list
    items of one depth, table rows). A post's entry is its first link of that shape, else
    its first link. A later link of that shape to the same post in the same section is a
    duplicate entry (a "Start here" list or a "Recently updated" section elsewhere repeats
    posts on purpose); a numbered link of that shape to anything else is an entry that
    points at no post.
    """
    def shape(c: _Candidate) -> tuple[BlockKind, int]:
        return doc.blocks[c.block].kind, doc.blocks[c.block].level

    headings = [i for i, b in enumerate(doc.blocks) if b.kind is BlockKind.HEADING]
    # per level, for each heading, the nearest heading at or above it of a lower level:
    # walking back per entry was quadratic in an index of 10,000 `###` entries
    lower: dict[int, list[int]] = {}

    def section(c: _Candidate) -> int:
        """The heading the entry stands under (for `###` entries, the `##` one)."""
        kind, level = shape(c)
        above = bisect.bisect_left(headings, c.block) - 1
        if above < 0 or kind is not BlockKind.HEADING:
            return headings[above] if above >= 0 else -1
        if level not in lower:
            last, lower[level] = -1, []
            for h in headings:
                last = h if doc.blocks[h].level < level else last
                lower[level].append(last)
        return lower[level][above]

    posts = [c for c in candidates if is_post_path(c.path)]
    shapes = Counter(shape(c) for c in posts if c.leads)
    main = shapes.most_common(1)[0][0] if shapes else None
    marked = [replace(c, shaped=c.leads and shape(c) == main) for c in candidates]
    chosen: dict[str, _Candidate] = {}
    extra: dict[_Candidate, Location | None] = {}
    for cand in marked:
        if not is_post_path(cand.path):
            if cand.shaped and _ENTRY_NUMBER.match(cand.link.text):
                extra[cand] = None
            continue
        current = chosen.get(cand.path)
        if current is None or (cand.shaped and not current.shaped):
            chosen[cand.path] = cand
        elif (cand.shaped and current.shaped and section(cand) == section(current)
              and _fragment(cand.link) == _fragment(current.link)):
            # entries for two sections of one post (`x.md#setup`, `x.md#access`) list
            # its parts, as a course's README does: no copy of the first entry
            extra[cand] = current.link.loc
    return list(chosen.values()), extra


def _fragment(link: Link) -> str:
    return link.target.partition("#")[2]


def parse_index(doc: Document, is_post_path: Callable[[str], bool]) -> BlogIndex:
    links: dict[int, list[Link]] = {}
    for link in doc.links:
        links.setdefault(link.block, []).append(link)
    headings = {h.loc.line: h for h in doc.headings}
    first, end, level = _paths_section(doc)

    paths: list[ReadingPath] = []
    if end:
        current = headings[doc.blocks[first].line]
        members: list[tuple[int, Block]] = []
        for index in range(first + 1, end):
            block = doc.blocks[index]
            if block.kind is BlockKind.HEADING and block.level > level:
                if members and any(b.level > 0 for _, b in members):
                    paths.append(_read_path(current, members, links))
                current, members = headings[block.line], []
            else:
                members.append((index, block))
        if members and any(b.level > 0 for _, b in members):
            paths.append(_read_path(current, members, links))

    candidates = _candidates(doc, links, range(first, end))
    chosen, extra = _pick_entries(doc, candidates, is_post_path)
    listed = sorted([*chosen, *extra], key=lambda c: c.link.loc)
    # Each entry owns the blocks up to the next entry (or the reading paths / the end).
    starts = [c.block for c in listed]
    entries: list[IndexEntry] = []
    extras: list[IndexEntry] = []
    for n, cand in enumerate(listed):
        link = cand.link
        stop = starts[n + 1] if n + 1 < len(starts) else len(doc.blocks)
        if end and starts[n] < first:
            stop = min(stop, first)
        minutes: float | None = None
        audience: str | None = None
        for block in doc.blocks[starts[n] : stop]:
            if block.kind is BlockKind.HEADING and block is not doc.blocks[starts[n]]:
                break
            for label, value, _ in labelled_lines(block):
                if label in _LENGTH_LABELS and minutes is None:
                    minutes = parse_minutes(value)
                elif label in _AUDIENCE_LABELS and audience is None:
                    audience = value
        if minutes is None and re.search(r"\bmin|\bread\b", doc.blocks[starts[n]].text, re.I):
            minutes = parse_minutes(doc.blocks[starts[n]].text)
        entry = IndexEntry(link.target, link.loc, link.text, minutes, audience, cand.shaped,
                           extra.get(cand))
        (extras if cand in extra else entries).append(entry)
    return BlogIndex(doc.path, tuple(entries), tuple(paths), tuple(extras))
