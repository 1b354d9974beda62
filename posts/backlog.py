"""The plan (`blog/BACKLOG.md`): planned posts and the docs each must cite.

Shape read (see tests/posts/test_backlog.py and the seed plan it was modelled on):

    ### #20: LSM Trees Meet Arrow
    **Status**: 📝 Planned
    **Priority**: High
    **Estimated**: 5,000 words, 25 min read
    **Documentation**: `STORAGE.md`, `ARROW.md` (zk section), Needs creation (OPERATIONS.md)

Doc names come in backticks and in prose; both count. A name after "Needs creation" (or
"to be written/created") is marked as needing creation. URLs are kept apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docs_index.model import Block, BlockKind, Document, Location
from posts.text import labelled_lines, parse_count, parse_minutes

_ENTRY = re.compile(r"^(?:#|post\s+|part\s+)?(\d+)\s*[:.)—–-]\s*(.+)$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)>\]]+")
_DOC_NAME = re.compile(
    r"(?<![\w/.-])(?:[\w.-]+/)*[\w.-]+\.(?:md|markdown|mdx|rst|txt|toml|ya?ml|json)\b"
    r"|(?<![\w/.-])[\w.-]+/(?=[\s,;)]|$)"
)
_NEEDS_CREATION = re.compile(
    r"needs?\s+creat|to\s+be\s+(?:written|created)|not\s+yet\s+written|create\s+new", re.I)


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
    priority: str | None
    estimate_words: int | None
    estimate_minutes: float | None
    docs: tuple[PlannedDoc, ...]
    urls: tuple[str, ...]
    doc_line: Location | None
    """Where the `**Documentation**:` line is."""


@dataclass(frozen=True)
class Plan:
    path: str
    entries: tuple[PlannedPost, ...]
    statements: tuple[tuple[str, str, Location], ...]
    """Every other `**Label**: value` line (status claims, totals), for the stats rules."""


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
        needs = bool(_NEEDS_CREATION.search(prose[clause_start:clause_end]))
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
        match = _ENTRY.match(block.text.strip()) if block.kind is BlockKind.HEADING else None
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
        for member in blocks[i + 1 : end]:
            if member.kind is not BlockKind.PARAGRAPH:
                continue
            for label, value, offset in labelled_lines(member):
                fields.setdefault(label, value)
                if label in ("documentation", "docs", "references", "cites") and doc_line is None:
                    doc_line = Location(doc.path, member.line + offset, 1)
                    found, links = _docs(doc.path, member, offset, value)
                    docs.extend(found)
                    urls.extend(links)
        estimate = fields.get("estimated") or fields.get("estimate") or ""
        words = parse_count(estimate) if "word" in estimate.lower() else None
        minutes = parse_minutes(estimate.split(",", 1)[1]) if "," in estimate else None
        entries.append(PlannedPost(
            number=int(match.group(1)),
            title=match.group(2).strip(),
            loc=headings[block.line].loc,
            status=fields.get("status"),
            priority=fields.get("priority"),
            estimate_words=words,
            estimate_minutes=minutes,
            docs=tuple(docs),
            urls=tuple(urls),
            doc_line=doc_line,
        ))
        i = end
    return Plan(doc.path, tuple(entries), tuple(statements))
