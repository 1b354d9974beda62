"""The series index (`blog/README.md`): the posts it lists and its reading paths.

Shape read (the common one in real series; see tests/posts/test_blog_index.py):

    ### [1. Introducing X](01-intro.md)         ← an entry: any link to a post, first time seen
    **Target Audience**: architects              ← labelled lines up to the next entry
    **Length**: ~15 minute read

    ## 🎯 Reading Paths                          ← a heading naming reading/learning paths
    ### For Architects                           ← each sub-heading is a path
    1. [Introducing X](01-intro.md) - overview   ← list items: the steps, in order
    **Time**: ~3 hours                           ← its stated time
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docs_index.model import Block, BlockKind, Document, Heading, Link, Location
from docs_index.resolve import TargetKind, resolve
from posts.text import labelled_lines, parse_minutes

_PATHS_HEADING = re.compile(r"\b(?:reading|learning)\s+(?:paths?|orders?|tracks?)\b", re.I)
_LENGTH_LABELS = ("length", "reading time", "read time", "time to read")
_AUDIENCE_LABELS = ("target audience", "audience", "for")
_TIME_LABELS = ("time", "total time", "reading time", "length", "duration")


@dataclass(frozen=True)
class IndexEntry:
    target: str
    """The link as written."""
    loc: Location
    title: str
    minutes: float | None
    """Stated reading length ("**Length**: ~15 minute read" → 15.0)."""
    audience: str | None


@dataclass(frozen=True)
class PathStep:
    order: int
    """1-based position in the path."""
    target: str
    loc: Location
    text: str


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
    paths: tuple[ReadingPath, ...]


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


def _read_path(
    heading: Heading, blocks: list[tuple[int, Block]], links: dict[int, list[Link]]
) -> ReadingPath:
    steps: list[PathStep] = []
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
            steps.append(PathStep(len(steps) + 1, link.target, link.loc, link.text))
            continue
        for label, value, offset in labelled_lines(block):
            if label in _TIME_LABELS and stated is None:
                stated = parse_minutes(value)
                time_loc = Location(heading.loc.path, block.line + offset, 1)
    return ReadingPath(heading.slug, heading.text, heading.loc, tuple(steps), stated, time_loc)


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

    seen: set[str] = set()
    found: list[tuple[int, Link]] = []  # (block index, first link to each post)
    for index in range(len(doc.blocks)):
        if first <= index < end:
            continue
        for link in links.get(index, ()):
            resolved = resolve(doc.path, link.target)
            if resolved.kind is not TargetKind.PATH or not is_post_path(resolved.path):
                continue
            if resolved.path in seen:
                continue
            seen.add(resolved.path)
            found.append((index, link))
    # Each entry owns the blocks up to the next entry (or the reading paths / the end).
    starts = [index for index, _ in found]
    entries: list[IndexEntry] = []
    for n, (_, link) in enumerate(found):
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
        entries.append(IndexEntry(link.target, link.loc, link.text, minutes, audience))
    return BlogIndex(doc.path, tuple(entries), tuple(paths))
