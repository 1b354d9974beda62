"""The plan (`blog/BACKLOG.md`): planned posts and the docs each must cite.

Shape read (see tests/posts/test_backlog.py and the seed plan it was modelled on):

    ### #20: LSM Trees Meet Arrow
    **Status**: 📝 Planned
    **Priority**: High
    **Estimated**: 5,000 words, 25 min read
    **Documentation**: `STORAGE.md`, `ARROW.md` (zk section), Needs creation (OPERATIONS.md)

Doc names come in backticks and in prose; both count. A name after "Needs creation" (or
"to be written/created") is marked as needing creation. URLs are kept apart.

The estimate is the size of the post to write: words, and a reading time only when the
clause says so ("25 min read", "**Read time**: 25 min"). "**Estimated Time**: 2 hours" is
the writing effort and is not read. The status is classified by its words, emoji and all
("📝 Planned", "🚧 In progress", "✅ Complete"). The "Content Guidelines" section is read by
`posts.guidelines`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from docs_index.model import Block, BlockKind, Document, Location
from posts.guidelines import Guideline, RequiredElement, parse_guidelines
from posts.text import labelled_lines, mask_long_numbers, parse_count, parse_minutes

_ENTRY = re.compile(r"^(?:#|post\s+|part\s+)?(\d+)\s*[:.)—–-]\s*(.+)$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)>\]]+")
_DOC_NAME = re.compile(
    r"(?<![\w/.-])(?:[\w.-]+/)*[\w.-]+\.(?:md|markdown|mdx|rst|txt|toml|ya?ml|json)\b"
    r"|(?<![\w/.-])[\w.-]+/(?=[\s,;)]|$)"
)
NEEDS_CREATION = re.compile(
    r"needs?\s+creat|to\s+be\s+(?:written|created)|not\s+yet\s+written|create\s+new", re.I)


PLAN_NAMES = ("backlog", "plan", "roadmap")
"""Stems of the file a series keeps its plan in, most common first: `BACKLOG.md`,
`PLAN.md`, `ROADMAP.md`, each also spelled `Backlog.md` or `backlog.md`."""


def plan_beside(folders: Sequence[str], files: Collection[str]) -> str | None:
    """The plan of a series: in the first of `folders` (its posts' folder, then its index's)
    that holds one, the first of `PLAN_NAMES` there (`BACKLOG.md` before `PLAN.md`). Only
    the three usual spellings are tried, each a set lookup, so a series costs the same
    however many files the corpus has. None when no folder holds one."""
    for folder in dict.fromkeys(folders):
        prefix = f"{folder}/" if folder else ""
        for stem in PLAN_NAMES:
            for name in (stem.upper(), stem.capitalize(), stem):
                if f"{prefix}{name}.md" in files:
                    return f"{prefix}{name}.md"
    return None


class PlanState(StrEnum):
    """What a planned post's status says about publication."""

    UNPUBLISHED = "unpublished"
    """Planned, draft, in progress, TODO, not started."""
    DONE = "done"
    """Complete, done, published."""
    UNKNOWN = "unknown"
    """No status, or words that say neither (blocked, in review)."""


_NOT_DONE = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:complete|done|published|finished|written|started)\b"
    r"|\bincomplete\b|\bunpublished\b|\bunfinished\b", re.IGNORECASE)
_DONE = re.compile(
    r"\b(?:complete|completed|done|published|finished|shipped|live|released)\b|[✅✔☑]",
    re.IGNORECASE)
_UNPUBLISHED = re.compile(
    r"\b(?:planned|planning|draft|drafted|drafting|in[\s-]progress|wip|todo|to[\s-]do"
    r"|pending|writing|outline|outlined|proposed|idea|queued|scheduled|upcoming)\b"
    r"|[📝🚧⏳🔜⬜🔲☐]", re.IGNORECASE)


def classify_status(status: str | None) -> PlanState:
    """`📝 Planned` → UNPUBLISHED, `✅ Complete` → DONE. Done wins over unfinished words
    ("Draft complete"): the rules built on this prefer saying nothing to a false alarm."""
    if not status:
        return PlanState.UNKNOWN
    if _NOT_DONE.search(status):
        return PlanState.UNPUBLISHED
    if _DONE.search(status):
        return PlanState.DONE
    if _UNPUBLISHED.search(status):
        return PlanState.UNPUBLISHED
    return PlanState.UNKNOWN


@dataclass(frozen=True)
class PlannedDoc:
    name: str
    """As written in the plan: `OPERATIONS.md`, `sulise/`."""
    loc: Location
    needs_creation: bool
    note: str = ""
    """What follows the name in its clause, e.g. `(zk section)`."""


@dataclass(frozen=True)
class PlannedPost:
    number: int
    title: str
    loc: Location
    status: str | None
    """As written: `📝 Planned`."""
    priority: str | None
    estimate_words: int | None
    """Planned length; the middle of a range (`5,000-6,000 words` → 5500)."""
    estimate_minutes: float | None
    """Planned reading time (`25 min read`), never the writing effort."""
    docs: tuple[PlannedDoc, ...]
    urls: tuple[str, ...]
    doc_line: Location | None
    """Where the `**Documentation**:` line is."""
    state: PlanState = PlanState.UNKNOWN
    """What the status says about publication."""
    status_loc: Location | None = None
    """Where the status value starts."""
    estimate_loc: Location | None = None
    """Where the first estimate value (words or reading time) starts."""


@dataclass(frozen=True)
class Plan:
    path: str
    entries: tuple[PlannedPost, ...]
    statements: tuple[tuple[str, str, Location], ...]
    """Every other `**Label**: value` line (status claims, totals), for the stats rules."""
    guidelines: tuple[Guideline, ...] = ()
    """Bounds from the content guidelines ("Minimum: 4,000 words"), for every post."""
    required: tuple[RequiredElement, ...] = ()
    """Elements every post must have ("Summary with key metrics")."""


_ESTIMATE_LABELS = frozenset({
    "estimated", "estimate", "estimates", "estimated length", "estimated size", "length",
    "size", "target length", "expected length", "planned length",
})
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK](?![a-zA-Z]))?(?:\s*[-–—]\s*"
                     r"(\d[\d,]*(?:\.\d+)?)\s*([kK](?![a-zA-Z]))?)?")


def _amount(text: str) -> int | None:
    """`5,000 words` → 5000; a range `5,000-6,000 words` → its middle, 5500."""
    match = _AMOUNT.search(mask_long_numbers(text))
    if match is None:
        return None
    low = parse_count("".join(g for g in match.group(1, 2) if g))
    if match.group(3) is None or low is None:
        return low
    high = parse_count("".join(g for g in match.group(3, 4) if g))
    return low if high is None else (low + high) // 2


def _estimate(label: str, value: str) -> tuple[int | None, float | None]:
    """Words and reading minutes an entry's field plans, if it is an estimate at all."""
    if label not in _ESTIMATE_LABELS and "read" not in label and "word" not in label:
        return None, None
    words: int | None = None
    minutes: float | None = None
    for clause in re.split(r";|,\s|\(|\)", value):
        if words is None and "word" in (clause + label).lower():
            words = _amount(clause)
        elif minutes is None and "read" in (clause + label).lower():
            minutes = parse_minutes(clause)
    return words, minutes


def _value_loc(path: str, block: Block, offset: int, value: str) -> Location:
    """Where a field's value starts in its source line (`**Status**: 📝 Planned` → the 📝)."""
    source = block.lines[offset] if offset < len(block.lines) else ""
    col = source.find(value[:12]) if value else -1
    return Location(path, block.line + offset, col + 1 if col >= 0 else 1)


def _docs(path: str, block: Block, offset: int, value: str) -> tuple[list[PlannedDoc], list[str]]:
    source = block.lines[offset] if offset < len(block.lines) else value
    urls = _URL.findall(value)
    prose = _URL.sub(" ", value)
    docs: list[PlannedDoc] = []
    clause_start = 0
    search = 0  # names are found left to right in the source line
    for match in _DOC_NAME.finditer(prose):
        name = match.group(0)
        clause_end = min((i for i in (prose.find(",", match.end()), prose.find(";", match.end()))
                          if i >= 0), default=len(prose))
        separators = [prose.rfind(c, 0, match.start()) for c in ",;"]
        clause_start = max([clause_start, *(i + 1 for i in separators if i >= 0)])
        note = prose[match.end() : clause_end].strip()
        if note.startswith(")"):
            note = note[1:].strip()
        # "Needs creation (X.md)" and "`X.md` (to be written)": the phrase is in X's clause
        needs = bool(NEEDS_CREATION.search(prose[clause_start:clause_end]))
        col = _find_name(source, name, search)
        if col >= 0:
            search = col + len(name)
        loc = Location(path, block.line + offset, col + 1 if col >= 0 else 1)
        docs.append(PlannedDoc(name, loc, needs, note))
    return docs, urls


def _find_name(source: str, name: str, start: int) -> int:
    """Where `name` stands on its own in `source` (not inside `NEW_STORAGE.md`), or -1."""
    at = source.find(name, start)
    while at >= 0:
        before = source[at - 1] if at else " "
        if not (before.isalnum() or before in "_/.-"):
            return at
        at = source.find(name, at + 1)
    return -1


def parse_plan(doc: Document) -> Plan:
    entries: list[PlannedPost] = []
    statements: list[tuple[str, str, Location]] = []
    blocks = doc.blocks
    headings = {h.loc.line: h for h in doc.headings}  # every heading block has one
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # a number too long to be a post's is no entry's (see `mask_long_numbers`)
        heading = block.text.strip()
        match = (_ENTRY.match(mask_long_numbers(heading))
                 if block.kind is BlockKind.HEADING else None)
        if not match:
            if block.kind is BlockKind.PARAGRAPH:
                for label, value, offset in labelled_lines(block):
                    statements.append((label, value, Location(doc.path, block.line + offset, 1)))
            i += 1
            continue
        level = block.level
        end = next((j for j in range(i + 1, len(blocks))
                    if blocks[j].kind is BlockKind.HEADING and blocks[j].level <= level),
                   len(blocks))
        fields: dict[str, str] = {}
        docs: list[PlannedDoc] = []
        urls: list[str] = []
        doc_line: Location | None = None
        status_loc: Location | None = None
        estimate_loc: Location | None = None
        words: int | None = None
        minutes: float | None = None
        for member in blocks[i + 1 : end]:
            if member.kind is not BlockKind.PARAGRAPH:
                continue
            for label, value, offset in labelled_lines(member):
                if label == "status" and "status" not in fields:
                    status_loc = _value_loc(doc.path, member, offset, value)
                fields.setdefault(label, value)
                said_words, said_minutes = _estimate(label, value)
                if (said_words is not None and words is None
                        or said_minutes is not None and minutes is None):
                    estimate_loc = estimate_loc or _value_loc(doc.path, member, offset, value)
                words = words if words is not None else said_words
                minutes = minutes if minutes is not None else said_minutes
                if label in ("documentation", "docs", "references", "cites") and doc_line is None:
                    doc_line = Location(doc.path, member.line + offset, 1)
                    found, links = _docs(doc.path, member, offset, value)
                    docs.extend(found)
                    urls.extend(links)
        entries.append(PlannedPost(
            number=int(match.group(1)),
            title=heading[match.start(2):].strip(),
            loc=headings[block.line].loc,
            status=fields.get("status"),
            priority=fields.get("priority"),
            estimate_words=words,
            estimate_minutes=minutes,
            docs=tuple(docs),
            urls=tuple(urls),
            doc_line=doc_line,
            state=classify_status(fields.get("status")),
            status_loc=status_loc,
            estimate_loc=estimate_loc,
        ))
        i = end
    guidelines = parse_guidelines(doc)
    return Plan(doc.path, tuple(entries), tuple(statements), guidelines.measures,
                guidelines.required)
