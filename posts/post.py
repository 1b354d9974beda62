"""A post of the series: number, title, date, size, its Previously/Next links, and the
other posts it names by number ("Part 7") or only announces ("in the next post").

Series write their navigation in many forms (`*Previously: [T](19-x.md)*`,
`← [Previous: T](1-x.md) | [Next: T](3-y.md) →`, `**Next up:** [T](10-x.md)`, front matter
`prev:`/`next:`). They are recognised by wording and position: a line that *starts* with
navigation wording counts anywhere; elsewhere the wording must sit next to the link and the
line must be in the first or last blocks of the post. Only links that point at a post count.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import PurePosixPath

from docs_index.model import Block, BlockKind, Document, Link, Location
from docs_index.resolve import TargetKind, resolve
from posts.text import labelled_lines, leading_number


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
class Mention:
    """A post named by number in prose: "Part 7", "post #7", "Posts 7-9", "#7: Title"."""

    number: int
    """The (first) number named."""
    loc: Location
    text: str
    """The phrase as written in the plain text ("Part 7")."""
    teaser: bool
    """In a sentence announcing what is to come ("in Part 7 we will…", "coming soon")."""


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
    """Code examples: fences tagged with a programming language, and untagged blocks whose
    every line reads as code (see `count_blocks`)."""
    diagrams: int
    """Diagram fences (`mermaid`, ...) and untagged or `text` blocks that draw one."""
    sections: tuple[str, ...]
    """Headings of level 2 and deeper, and bold label lines standing for one
    (`**Further Reading**:`), in document order."""
    nav: tuple[NavLink, ...]
    """Every Previously/Next link found, in document order."""
    draft: bool = False
    """Front matter `draft: true` or `published: false`."""
    mentions: tuple[Mention, ...] = ()
    """Posts of the series named by number in the prose, outside links and code."""
    teasers: tuple[Location, ...] = ()
    requires: tuple[tuple[str, Location], ...] = ()
    """Posts the author says this one builds on, as written, with where it says so: front
    matter `prerequisites:` / `requires:` / `builds_on:`, or the links of a paragraph that
    opens with "Prerequisites", "Builds on", "Required reading" or "Before reading this".
    Unlike citations, these count whatever their place in the series."""
    """Links to posts that only announce or list them, not refer to them: in a sentence
    about what is to come ("in the next post, [storage](03-c.md)"), under a "Next steps" or
    "See also" heading, or in a list or table of three or more of the series' posts."""

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
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[-_]|$)")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%B %Y")
_BOX_DRAWING = re.compile("[\u2500-\u257f]")
_DIAGRAM_INFOS = frozenset({
    "mermaid", "plantuml", "puml", "dot", "graphviz", "ditaa", "svgbob", "bob", "goat", "d2",
    "pikchr", "nomnoml", "blockdiag", "seqdiag", "wavedrom", "diagram", "ascii-art", "asciiart",
})
"""Fence languages that render as, or declare, a diagram."""
_TEXT_INFOS = frozenset({
    "", "text", "txt", "plain", "plaintext", "output", "console-output", "stdout", "stderr",
    "log", "logs", "ascii", "none", "nohighlight", "no-highlight", "art",
})
"""Fence tags that say "no language": such a block is a diagram when it draws one, else
example output, never a code example."""
_V_ARROWS = "↓↑⇓⇑▼▲▽△⬇⬆"
_ARROW_COLUMN = re.compile(rf"^\s*[{_V_ARROWS}]")
"""A line opening on a downward or upward arrow: `  ↓`, `  ↓ Split into chunks`."""
_ASCII_COLUMN = (re.compile(r"^\s*\|[\s|]*$"), re.compile(r"^[\s|]*[vV^][\s|vV^]*$"))
"""A `|` line followed by a `v` line: the ASCII form of a downward arrow."""
_H_ARROW = re.compile(r"[→←⇒⇐↔⟶⟹➜➔]|(?<!\S)(?:-{1,3}>|={1,3}>|<-{1,3}|<={1,3})(?!\S)")
_FLOW_NODE = re.compile(r"^[A-Za-z(\[][\w\s()\[\]'./&+-]{0,40}$")
"""What sits between the arrows of a flow (`Client → Gateway → Log`): a short name, not a
`label: value` or `key=value` pair, nor a number (`10 GB → 2 GB` is a before/after)."""
_ASCII_BOX = re.compile(r"\+[-=]{3,}\+")
_CODE_LINE = re.compile(
    r"^\s*\$\s+\S"                                                      # shell prompt
    r"|^\s*(?:let\s+|const\s+|var\s+|export\s+|set\s+)?[A-Za-z_][\w.-]*(?:\[[^\]]*\])?"
    r"\s*(?::=|\+=|=)\s*\S"                                              # assignment
    r"|^\s*[A-Za-z_][\w.:]*(?:<[^>]*>)?\(.*\)[;,]?\s*$"                   # call
    r"|^\s*\((?:[a-z][\w-]*|[<>=+*/-]+)\s"                                 # s-expression
    r"|[;{}(\[,]\s*$|^[\s)}\]]+(?:[;,]\s*)?$"                              # brackets
    r"|^\s*\[\[?[\w.\-\"]+\]\]?\s*$"                                     # TOML table
    r"|^\s*(?:fn|def|class|import|from|use|pub|impl|func|package|return|if|for|while|match"
    r"|SELECT|INSERT|UPDATE|DELETE|CREATE|WITH)\s")
"""A line that reads as code, not as output or prose."""
_COMMENT_LINE = re.compile(r"^\s*(?://|#|--\s|/\*|\*)")
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


_BEFORE = 200
"""How far before a link, at most, its navigation wording is looked for."""
_AFTER = 24
"""How far after a link its navigation wording is looked for."""


def _nav_in_block(
    block: Block, links: list[Link], at_edge: bool, is_post_link: Callable[[str], bool]
) -> list[NavLink]:
    found: list[NavLink] = []
    # what the words around a link say, once per wording: a line of 100,000 links to the
    # next post repeats the same few words between them
    directions: dict[tuple[str, str, str], Direction | None] = {}
    by_line: dict[int, list[Link]] = {}  # not a scan of every link per line: 30,000-line
    for link in links:                   # paragraphs of links exist
        if is_post_link(link.target):
            by_line.setdefault(link.loc.line, []).append(link)
    for offset, plain in enumerate(block.text.split("\n")):
        line_no = block.line + offset
        on_line = by_line.get(line_no)
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
            # the words since the previous link's `)`, within reach: a line of 100,000
            # reference links has no `)`, and reading back to its start per link was
            # quadratic
            reach = max(0, start - _BEFORE)
            before = source[max(source.rfind(")", reach, start) + 1, reach):start]
            stop = on_line[i + 1].loc.col - 1 if i + 1 < len(on_line) else len(source)
            tail = source[start:stop]
            # only the words right after it: "[T](x) →", "[T](x) (next)"; a sentence
            # running on ("you built … and sent the results back") names no direction
            after = tail[tail.find(")") + 1 :][:_AFTER] if ")" in tail else ""
            around = (before, link.text, after)
            if around not in directions:
                directions[around] = _direction(*around)
            direction = directions[around]
            if direction is not None:
                found.append(NavLink(direction, link.target, link.loc, form, link.text))
    return found


# "Part 7", "part #7", "Posts 7-9", "episode 7", and a bare "#7" only where it opens a title
# ("#7: Storage", "#7 — Storage") as series plans write it: "#7" alone is an issue, a PR or an
# anchor as often as a post. Quantities ("post 3 times", "part 2.5", "part 10%") are not.
_MENTION = re.compile(
    r"(?<![\w/#.-])(?:(?P<noun>parts?|posts?|episodes?|instal+ments?)\s*(?:#\s*|no\.\s*)?"
    r"|#(?=\d{1,4}\s*(?::|\s[-–—])\s*(?-i:[A-Z])))"
    r"(?P<num>\d{1,4})(?!\d|[.,]\d|\s*(?:%|percent|times|x\b|min|hour|hr|day|week|month|year"
    r"|word|ms\b|sec))",
    re.IGNORECASE,
)
# "Part 3 of the Raft paper" / "of this post" name something else; "Part 3 of the series" /
# "of our blog" / "of 12" this series
_OF = re.compile(r"\s+of(\s+)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.,;:!?\n]")
_SERIES_WORD = re.compile(r"\b(?:series|blog)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")  # as `_MENTION`'s number matches them


class _OfOther:
    r"""Whether a mention is followed by "of" something other than the series, as the
    pattern `\s+of\s+(?!\d)(?![^.,;:!?\n]*\b(?:series|blog)\b)` says, but with the
    clause ends and the words "series" and "blog" of the text found once: the lookahead
    read to the end of the clause per mention, quadratic in a line of 50,000 "Part 2 of"."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        self.words = [m.start() for m in _SERIES_WORD.finditer(text)]

    def _names_series(self, at: int) -> bool:
        """Whether "series" or "blog" follows `at` before the clause ends."""
        end = bisect.bisect_left(self.ends, at)
        word = bisect.bisect_left(self.words, at)
        return word < len(self.words) and (
            end == len(self.ends) or self.words[word] < self.ends[end])

    def match(self, at: int) -> bool:
        of = _OF.match(self.text, at)
        if of is None:
            return False
        # every end of the spaces after "of" the pattern's backtracking would try
        for after in range(of.end(), of.start(1), -1):
            if not self.text[after:after + 1].isdigit() and not self._names_series(after):
                return True
        return False
_PART_HEADING = re.compile(r"^\W*parts?\s+\d", re.IGNORECASE)
"""A post whose own sections are "## Part 1: Setup", "## Part 2: …": its "Part 2" is one."""
_TEASER = re.compile(
    r"^\W*(?:next|up next|coming up)\b|\blooking ahead\b|\bwhat[’']?s next\b"
    r"|\bnext\s+(?:post|part|article|instal+ment|episode|time|week|chapter)\b"
    r"|\bcoming\s+(?:soon|up|next)\b|\bstay tuned\b|\bupcoming\b|\bforthcoming\b"
    r"|\b(?:future|later|follow-?up)\s+(?:post|part|article|instal+ment|episode)s?\b"
    r"|\blater in (?:the|this) series\b|\bto be continued\b|\bnot (?:yet )?(?:published|out)\b"
    r"|\b(?:will|shall|[’']ll|going to)\s+(?:(?:also|then|later|soon)\s+)?(?:be\s+)?"
    r"(?:cover|look|dive|explore|discuss|show"
    r"|see|walk|build|examine|tackle|return|revisit|get|come|talk|introduce|explain|go)",
    re.IGNORECASE,
)
_AHEAD_HEADING = re.compile(
    r"\bnext steps?\b|\bwhat[’']?s next\b|\bup next\b|\bcoming (?:up|next|soon)\b"
    r"|\blooking ahead\b|\bwhere to go\b|\b(?:continue|further) reading\b|\bread next\b"
    r"|\bsee also\b|\brelated\b|\b(?:directions?|ways?|paths?|going|moving) forward\b",
    re.IGNORECASE,
)
"""A section that points ahead or around by design ("## Next Steps", "## See also")."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_TOC_MIN = 3
"""Posts a list or table must link to before it counts as a table of contents."""


def _blank(text: str, spans: list[str]) -> str:
    """`text` with each span (found left to right) replaced by spaces, newlines kept.

    Built from pieces in one pass (rebuilding the string per span was quadratic in a
    paragraph of 100,000 links); a span once not found is never looked for again, since
    the search only moves right."""
    pieces: list[str] = []
    cursor = 0
    absent: set[str] = set()
    for span in spans:
        if not span or span in absent:
            continue
        at = text.find(span, cursor)
        if at < 0:
            absent.add(span)
            continue
        pieces += [text[cursor:at], "".join(c if c == "\n" else " " for c in span)]
        cursor = at + len(span)
    return "".join(pieces) + text[cursor:]


class _Sentences:
    """The sentences of a text, found once, and whether each announces what is to come,
    judged once: per mention, finding them again was quadratic in a paragraph of 50,000
    mentions."""

    def __init__(self, text: str) -> None:
        self.text = text
        bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
        self.starts = [start for start, _ in bounds]
        self.ends = [end for _, end in bounds]
        self.judged: dict[tuple[int, int], bool] = {}

    def is_teaser(self, offset: int) -> bool:
        """Whether the sentence around `offset` (a word's start, never inside the space
        between two sentences) announces what is to come."""
        before = bisect.bisect_right(self.ends, offset)
        start = self.ends[before - 1] if before else 0
        after = bisect.bisect_left(self.starts, offset)
        stop = self.starts[after] if after < len(self.starts) else len(self.text)
        if (start, stop) not in self.judged:
            self.judged[start, stop] = bool(_TEASER.search(self.text[start:stop]))
        return self.judged[start, stop]


def _ahead_blocks(doc: Document) -> set[int]:
    """Blocks under a heading such as "Next Steps" or "What's next", up to the next heading
    of the same or a higher level."""
    found: set[int] = set()
    level = 0  # of the open "next steps" heading, 0 when none is open
    for index, block in enumerate(doc.blocks):
        if block.kind is BlockKind.HEADING:
            if level and block.level <= level:
                level = 0
            if not level and _AHEAD_HEADING.search(block.text):
                level = block.level
        elif level:
            found.add(index)
    return found


def _mentions(doc: Document, by_block: dict[int, list[Link]]) -> list[Mention]:
    """Posts named by number in headings, paragraphs and tables, outside code and links."""
    found: list[Mention] = []
    ahead = _ahead_blocks(doc)
    own_parts = any(h.level >= 2 and _PART_HEADING.match(h.text) for h in doc.headings)
    for index, block in enumerate(doc.blocks):
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE) \
                or not _DIGIT.search(block.text):
            continue  # a mention has a number, and blanking makes no digit
        links = by_block.get(index, [])
        # link texts are judged as links; code is not prose
        plain = _blank(block.text, list(block.code))
        masked = _blank(plain, [lk.text for lk in links])
        of_other: _OfOther | None = None  # made at the first mention: most blocks have none
        sentences: _Sentences | None = None
        cols: dict[tuple[int, str], int] = {}  # a phrase's column on a line, looked up once
        lines, counted = 0, 0  # newlines before `counted`, counted once left to right
        for match in _MENTION.finditer(masked):
            if of_other is None or sentences is None:
                of_other, sentences = _OfOther(masked), _Sentences(plain)
            if of_other.match(match.end()) or (
                    own_parts and (match.group("noun") or "").lower().startswith("part")):
                continue
            lines += masked.count("\n", counted, match.start())
            counted = match.start()
            offset = lines
            if block.kind is BlockKind.TABLE and offset:
                offset += 1  # the delimiter row is not in the table's text
            if (offset, match.group(0)) not in cols:
                source = block.lines[offset] if offset < len(block.lines) else ""
                cols[offset, match.group(0)] = source.find(match.group(0)) + 1 or 1
            found.append(Mention(int(match.group("num")),
                                 Location(doc.path, block.line + offset,
                                          cols[offset, match.group(0)]),
                                 match.group(0),
                                 index in ahead or sentences.is_teaser(match.start())))
    return found


def _teasers(doc: Document, by_block: dict[int, list[Link]],
             is_post_link: Callable[[str], bool]) -> list[Location]:
    """Positions of the post links that announce or list posts rather than rely on them."""
    found: list[Location] = []
    run: list[Link] = []  # post links of the current list (consecutive list items) or table
    ahead = _ahead_blocks(doc)

    def close_run() -> None:
        if len({lk.target for lk in run}) >= _TOC_MIN:
            found.extend(lk.loc for lk in run)
        run.clear()

    for index, block in enumerate(doc.blocks):
        post_links = [lk for lk in by_block.get(index, []) if is_post_link(lk.target)]
        if block.kind is BlockKind.PARAGRAPH and block.level > 0:
            run.extend(post_links)
        else:
            close_run()
            if block.kind is BlockKind.TABLE:
                run.extend(post_links)
                close_run()
        if index in ahead:
            found.extend(lk.loc for lk in post_links)
            continue
        if not post_links:
            continue  # nothing to judge: its sentences are not looked for
        cursor = 0
        plain = _blank(block.text, list(block.code))
        sentences = _Sentences(plain)
        absent: set[str] = set()  # texts not found right of the cursor: never looked for again
        for link in post_links:
            at = plain.find(link.text, cursor) if link.text and link.text not in absent else -1
            if at >= 0:
                cursor = at + len(link.text)
                if sentences.is_teaser(at):
                    found.append(link.loc)
            elif link.text:
                absent.add(link.text)
    close_run()
    return sorted(set(found))


def _language(info: str) -> str:
    """The language of a fence's info string: `rust,ignore` and `{.rust}` → `rust`."""
    return re.split(r"[\s,{}]", info.strip().lstrip("{."), maxsplit=1)[0].lower()


def _flow_art(lines: list[str]) -> bool:
    """Arrows drawn as a flow: a line opening on a vertical arrow (`↓`, or `|` over `v`),
    or a chain `Client → Gateway → Log` (two arrows or more between short names)."""
    for i, line in enumerate(lines):
        if _ARROW_COLUMN.match(line) or i and _ASCII_COLUMN[1].match(line) and (
                _ASCII_COLUMN[0].match(lines[i - 1])):
            return True
        parts = [part.strip() for part in _H_ARROW.split(line.strip())]
        if len(parts) >= 3 and all(p == "" or _FLOW_NODE.match(p) for p in parts) and (
                sum(p != "" for p in parts) >= 2):
            return True
    return False


def _draws(text: str) -> bool:
    """Whether a block without a language is a drawing: box-drawing characters, an ASCII box
    (`+----+` top and bottom), or arrows laid out as a flow."""
    lines = text.split("\n")
    return bool(_BOX_DRAWING.search(text)) or sum(
        1 for line in lines if _ASCII_BOX.search(line)) >= 2 or _flow_art(lines)


def _reads_as_code(text: str) -> bool:
    """Whether every line of a block without a language reads as code (assignments, calls,
    shell prompts, brackets): `topic.retention = "7d"`, not `user:123 → {age:25}`."""
    lines = [line for line in text.split("\n") if line.strip()]
    code = [line for line in lines if not _COMMENT_LINE.match(line)]
    return bool(code) and all(_CODE_LINE.search(line) for line in code)


def count_blocks(blocks: tuple[Block, ...]) -> tuple[int, int]:
    """(code examples, diagrams) among a post's fenced and indented blocks.

    A diagram: a fence in a diagram language (`mermaid`, `dot`, ...), or a block without a
    language (untagged, `text`, `output`, ...) that draws one: box-drawing characters, ASCII
    boxes, arrows laid out as a flow (`↓` on its own line, `A → B → C`). A block tagged with
    a programming language is code, whatever its comments draw (`// ├─ append`). A code
    example: a fence tagged with a programming language, or an untagged block whose every
    line reads as code; text and output blocks are neither.
    """
    code = diagrams = 0
    for block in blocks:
        if block.kind not in (BlockKind.FENCE, BlockKind.CODE):
            continue
        language = _language(block.info) if block.kind is BlockKind.FENCE else ""
        if language in _DIAGRAM_INFOS:
            diagrams += 1
        elif language not in _TEXT_INFOS:
            code += 1
        elif _draws(block.text):
            diagrams += 1
        elif language == "" and _reads_as_code(block.text):
            code += 1
    return code, diagrams


_BOLD_LABEL = re.compile(
    r"^\s*+(\*\*|__)(?P<label>[^*_\n]{1,60}?)\s*+(?P<inner>:)?\s*+\1\s*+(?P<outer>:)?\s*+"
    r"(?P<rest>.*)$")
"""`**Label**: rest` or `**Label:** rest`. The runs of space are possessive: what follows
each (a colon, the closing `**`, the rest) cannot start with a space, so giving spaces back
never helped, and the lazy label tried each of its 60 lengths against every split of the
spaces after it (`**` and 3,000 spaces: 11 s)."""
_LABEL_WORDS = 6
"""A bold label longer than this is an emphasised sentence, not a section name."""


def _labels(block: Block) -> list[tuple[int, str]]:
    """(line, label) of each bold label line of a paragraph that stands for a heading:
    `**Further Reading**:`, `**Further Reading:**`, `**Further Reading**` alone on its line,
    or `**Problem**: Email spam` (a label with a colon, then text)."""
    found: list[tuple[int, str]] = []
    for offset, source in enumerate(block.lines):
        match = _BOLD_LABEL.match(source)
        if match is None:
            continue
        label = match.group("label").strip()
        colon = match.group("inner") or match.group("outer")
        if (match.group("rest") and not colon or len(label.split()) > _LABEL_WORDS
                or label.endswith((".", "!", "?")) or not re.search(r"[A-Za-z]", label)):
            continue
        found.append((block.line + offset, label))
    return found


def _sections(doc: Document) -> tuple[str, ...]:
    """Headings of level 2 and deeper, and bold label lines of top-level paragraphs, in
    document order."""
    found = [(h.loc.line, h.text) for h in doc.headings if h.level >= 2]
    for block in doc.blocks:
        if block.kind is BlockKind.PARAGRAPH and block.level == 0:
            found.extend(_labels(block))
    return tuple(text for _, text in sorted(found, key=lambda item: item[0]))


def _draft(doc: Document) -> bool:
    draft, published = doc.front_matter.get("draft"), doc.front_matter.get("published")
    return draft is True or str(draft).lower() == "true" or published is False or (
        str(published).lower() == "false")


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
    if raw is None or isinstance(raw, bool):  # `published: false` marks a draft, not a date
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


_REQUIRES_KEYS = ("prerequisites", "requires", "builds_on", "builds-on")
_REQUIRES_LINE = re.compile(
    r"^\W*(?:prerequisites?|builds on|required reading|before reading this|read first)\b",
    re.IGNORECASE)
_LINK_RUN = re.compile(r"(?<![^)\s])[^)\s]++(?=\))")
r"""A whole run of characters a link target may hold, closed by `)`: found in one pass,
where searching `\]\(([^)\s]+)\)` read the rest of a run again from each `](` in it
(quadratic on `](` repeated)."""


def _front_matter_link(item: str) -> str | None:
    r"""The target of the first `[Title](target)` in `item`: what follows the first `](`
    of a run that a `)` closes (as `\]\(([^)\s]+)\)` found it)."""
    for run in _LINK_RUN.finditer(item):
        at = run.group().find("](")
        if at != -1 and at + 2 < len(run.group()):
            return run.group()[at + 2 :]
    return None


def _requires(doc: Document, by_block: dict[int, list[Link]]) -> list[tuple[str, Location]]:
    found: list[tuple[str, Location]] = []
    for key in _REQUIRES_KEYS:
        value = doc.front_matter.get(key)
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        loc = Location(doc.path, doc.front_matter_lines.get(key, 1), 1)
        for item in values:
            if isinstance(item, str) and item.strip():
                link = _front_matter_link(item)  # "[Title](03-x.md)" or "03-x.md"
                found.append((link or item.strip(), loc))
    for index, block in enumerate(doc.blocks):
        if block.kind is BlockKind.PARAGRAPH and _REQUIRES_LINE.match(block.text):
            found += [(link.target, link.loc) for link in by_block.get(index, [])]
    return found


def parse_post(doc: Document, is_post_path: Callable[[str], bool]) -> Post:
    """Read a post from its parsed document.

    `is_post_path` says whether a root-relative path is a post of the series; navigation
    links must point at one.
    """

    post_links: dict[str, bool] = {}  # per destination: a post links one many times

    def is_post_link(target: str) -> bool:
        known = post_links.get(target)
        if known is None:
            resolved = resolve(doc.path, target)
            known = post_links[target] = (resolved.kind is TargetKind.PATH
                                          and is_post_path(resolved.path))
        return known

    name = PurePosixPath(doc.path).stem
    match = _NUMBER.match(name)
    # a dated name (`2018-05-01-x.md`) is a post of that day, not post 2018
    number = None if _DATED_NAME.match(name) else leading_number(name)
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

    code_blocks, diagrams = count_blocks(doc.blocks)
    return Post(
        path=doc.path,
        number=number,
        slug=slug,
        title=doc.title,
        date=_date(doc),
        words=doc.words,
        code_blocks=code_blocks,
        diagrams=diagrams,
        sections=_sections(doc),
        nav=tuple(nav),
        draft=_draft(doc),
        mentions=tuple(_mentions(doc, by_block)),
        teasers=tuple(_teasers(doc, by_block, is_post_link)),
        requires=tuple(_requires(doc, by_block)),
    )
