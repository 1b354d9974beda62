"""Statistics the index and the plan state about the series: totals, progress, targets.

Numbers are everywhere in prose ("5-10 code examples", "874K tokens remaining (87%)"), so
only these shapes are read, line by line, from the plain text of paragraphs and list items
(never code; see tests/posts/test_stats.py for each):

    A 12-part technical series · a series of 12 posts     → posts now (index only)
    12 posts, ~4 hours of reading, 45,000 words           → posts, time and words now
    **Total**: 45,000 words · **Total reading time**: ~4h → now: a label saying "total"
    ## Statistics / **Posts**: 12 · **Words**: ~45K       → now: a statistics section
    ~4 hours of reading · 45,000 words in total           → time / words now
      (these "now" shapes only in the lead, before the first `##`, and in overview,
      status, summary or statistics sections: under a track's heading they are its size)
    9/20 expansion posts complete (45%) · currently 9/20  → progress (fraction, percentage)
    **Remaining**: 11 posts (#20-30) · 11 posts remaining → posts still to write
    ## Success Metrics (plan only; also goals, targets, criteria):
    150K+ total words (currently ~100K)                   → a target, and words now
    150K+ total words (~150K actual) · (10.3h actual)     → the same: a target, and now
    10+ hours read time · All 20 posts (11-30) complete    → targets

A range of posts narrows what a figure counts: on the line itself ("12 introduction posts
(1-12) complete (currently 12/12)"), else in a heading above it ("### Original Series
(Posts 1-10)" / "**Posts**: 10" is the size of posts 1-10, not of the series).

Left alone: the plan's per-post entries (`### #20: Title`) and content guidelines, which
posts/backlog.py reads; reading-paths sections; lines about one post ("per post", "each",
"average", "minimum"); per-post labels (`**Length**:`, `**Estimated Time**:`); time
without reading wording ("27.5 hours of work"); a subset ("the first 10 posts, ~3 hours").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from docs_index.model import BlockKind, Document, Location
from posts.text import labelled_lines, mask_long_numbers


class Measure(StrEnum):
    POSTS = "posts"
    WORDS = "words"
    MINUTES = "minutes"
    """Reading time."""


@dataclass(frozen=True)
class Stat:
    """A number stated about the whole series as it is now."""

    measure: Measure
    """What is counted: posts, words or minutes of reading."""
    value: float
    """In posts, words or minutes ("~6.5h" → 390.0, "~100K" → 100000.0)."""
    approximate: bool
    """Written with "~", "about", "K" and the like."""
    at_least: bool
    """Written as a lower bound: "45K+", "over 40,000"."""
    text: str
    """The claim as written (plain text), e.g. `currently ~100K`."""
    number: tuple[int, int]
    """Where the number (with its unit, for times) stands in `text`, to propose the
    same text with the right value."""
    scale: float
    """Posts, words or minutes per written unit: 1000 for "K", 60 for hours."""
    loc: Location
    """Where the claim starts in the file."""
    first: int | None = None
    """First post number the figure covers, from a heading above it ("### Original Series
    (Posts 1-10)" → 1); None for the whole series."""
    last: int | None = None
    """Last post number the figure covers; None for the whole series."""


@dataclass(frozen=True)
class Progress:
    """`done/total` published, as in "9/20 expansion posts complete (45%)"."""

    done: int
    """Posts said to be published: the 9 of "9/20"."""
    total: int
    """Posts the fraction counts towards: the 20 of "9/20"."""
    percent: float | None
    """The percentage stated beside it, if any: "(45%)" → 45.0."""
    qualifier: str
    """Words narrowing what is counted ("expansion", "introductions"); empty for the
    whole series."""
    first: int | None
    """First post number counted, when stated: the 11 of "(#11-30)", written beside the
    fraction, elsewhere on its line, or in a heading above it (only a range of `total`
    posts)."""
    last: int | None
    """Last post number counted, when stated."""
    text: str
    """The claim as written, e.g. `currently 9/20`."""
    loc: Location
    """Where the claim starts in the file."""


@dataclass(frozen=True)
class Remaining:
    """Posts still to write: "Remaining: 11 posts (#20-30)", "11 posts remaining"."""

    count: int
    """How many posts are said to remain."""
    first: int | None
    """First number of the stated range ("#20-30" → 20), if any."""
    last: int | None
    """Last number of the stated range, if any."""
    text: str
    """The claim as written, e.g. `11 posts (#20-30)`."""
    loc: Location
    """Where the claim starts in the file."""


@dataclass(frozen=True)
class Target:
    """A goal of the plan: "150K+ total words", "All 20 posts (11-30) complete"."""

    measure: Measure
    """What the goal counts."""
    value: float
    """The goal, in posts, words or minutes ("10+ hours" → 600.0)."""
    first: int | None
    """For posts: the first number the target counts, when stated ("(11-30)" → 11), or
    given by a heading above it (only a range of `value` posts)."""
    last: int | None
    """For posts: the last number the target counts, when stated."""
    text: str
    """The target as written, e.g. `150K+ total words`."""
    loc: Location
    """Where the target starts in the file."""


@dataclass(frozen=True)
class StatedStats:
    """Everything one document (the index or the plan) states about the series' numbers."""

    path: str
    """The document, relative to the corpus root."""
    current: tuple[Stat, ...]
    """Totals stated for now, in document order."""
    progress: tuple[Progress, ...]
    """Progress fractions, in document order."""
    remaining: tuple[Remaining, ...]
    """Remaining counts, in document order."""
    targets: tuple[Target, ...]
    """Goals (plan only), in document order; a measure may have several."""


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_APPROX = r"~\s*|≈\s*|(?:about|approximately|approx\.?|around|roughly|nearly|almost|some)\s+"
_LOWER = r"(?:at\s+least|over|more\s+than)\s+"
_PRE = rf"(?P<pre>{_APPROX}|{_LOWER})?"
_RANGE = r"#?(?P<first>\d+)\s*[-–]\s*#?(?P<last>\d+)"
_POSTS = r"(?:posts?|articles?|parts?|episodes?|lessons?|chapters?)"
"""What a series counts its posts in: a course in lessons, a book in chapters."""
_STATE = r"(?:complete[d]?|done|published|written|finished|live)"
_AMOUNT = rf"{_PRE}(?P<num>{_NUM})\s*(?P<k>[kK](?![a-zA-Z]))?(?P<plus>\+)?"
_SPACED = r"(?:\s*+(?=[kK+])(?P<k>[kK](?![a-zA-Z]))?(?P<plus>\+)?)?"
r"""What may follow an amount before more words (`5k words`, `3+ words`): the spaces are
taken only before a K or a plus, so they never split with the `\s+` after (`1` and 100,000
spaces tried every split: quadratic, and cubic with ACTUAL's two). Possessive quantifiers
(`*+`) below likewise stand where what follows cannot start with a space."""
_TIME = (rf"{_PRE}(?P<num>(?:{_NUM})(?:\s*+[-–]\s*(?:{_NUM}))?)\s*+(?P<plus>\+)?\s*+"
         r"(?P<unit>hours?|hrs?|h|minutes?|mins?|m)\b"
         r"(?:\s*(?P<extra>\d+)\s*(?P<unit2>m|mins?|minutes?)\b)?")
_READ = r"\s+(?:of\s+)?(?:total\s+)?(?:reading|read)\b(?:\s+time\b)?"

WORDS = re.compile(rf"(?<![\w.,]){_PRE}(?P<num>{_NUM}){_SPACED}\s+(?:total\s+)?words\b", re.I)
READING = re.compile(rf"(?<![\w.,]){_TIME}{_READ}", re.I)
HOURS_OF_READING = re.compile(rf"(?<![\w.,]){_TIME}\s+of\s+(?:total\s+)?reading\b", re.I)
TIME = re.compile(rf"(?<![\w.,]){_TIME}", re.I)
POSTS = re.compile(rf"(?<![\w.,#/]){_PRE}(?P<num>\d+)(?P<plus>\+)?\s+(?:published\s+)?"
                   rf"{_POSTS}\b", re.I)
PART_SERIES = re.compile(r"(?<![\w.,])(?P<num>\d+)[- ]part\b(?:\s+[\w-]+){0,3}?\s+series\b", re.I)
SERIES_OF = re.compile(rf"\bseries\s+of\s+{_PRE}(?P<num>\d+)\s+{_POSTS}\b", re.I)
PROGRESS = re.compile(
    r"(?<![\w.,/])(?P<done>\d+)\s*(?:/|(?P<of>\s(?:out\s+)?of\s))\s*(?P<total>\d+)(?![\d/.])"
    rf"(?P<qual>(?:\s+(?!{_POSTS}\b|{_STATE}\b|are\b)[A-Za-z][\w-]*){{0,2}})"
    rf"(?P<noun>\s+{_POSTS})?(?:\s*\({_RANGE}\))?(?:\s+(?:are\s+)?(?P<state>{_STATE})\b)?"
    r"(?:\s*[(,]\s*(?P<pct>\d+(?:\.\d+)?)\s*%(?:\s+(?:complete|done))?\)?)?", re.I)
REMAINING = re.compile(rf"(?<![\w.,])(?P<count>\d+)\s+(?:more\s+)?{_POSTS}(?:\s*\({_RANGE}\))?"
                       r"\s+(?:remaining|left|to\s+go|to\s+write|still\s+to\s+(?:write|come))\b",
                       re.I)
REMAINING_VALUE = re.compile(rf"^~?\s*(?P<count>\d+)(?:\s+(?:more\s+)?{_POSTS})?"
                             rf"(?:\s*\({_RANGE}\))?", re.I)
TARGET_POSTS = re.compile(rf"(?<![\w.,/])(?P<all>all\s+)?(?P<num>\d+)\+?\s+(?:[A-Za-z-]+\s+)?"
                          rf"{_POSTS}\b(?:\s*\({_RANGE}\))?(?P<rest>.*)$", re.I)
CURRENTLY = re.compile(rf"\bcurrently\s+(?:at\s+)?{_AMOUNT}", re.I)
ACTUAL = re.compile(rf"(?<![\w.,]){_PRE}(?P<num>{_NUM}){_SPACED}"
                    r"(?:\s*+(?:hours?|hrs?|h|minutes?|mins?|m|words))?"
                    r"\s+actual\b", re.I)
SCOPE = re.compile(
    rf"\(\s*(?:{_POSTS}\s+)?#?(?P<a>\d{{1,3}})\s*[-–]\s*#?(?P<b>\d{{1,3}})\s*\)"
    rf"|\b{_POSTS}\s+#?(?P<c>\d{{1,3}})\s*[-–]\s*#?(?P<d>\d{{1,3}})\b(?![.,]\d)"
    r"|(?<![\w&])#(?P<e>\d{1,3})\s*[-–]\s*#?(?P<f>\d{1,3})\b(?![.,]\d)", re.I)
"""A range of post numbers: "(1-12)", "(Posts 1-10)", "posts 11-30", "#13-16"."""

_SKIP_SECTION = re.compile(r"guideline|quality\s+standard|style\s+guide|template|per[- ]post|"
                           r"each\s+post|\b(?:reading|learning)\s+(?:paths?|orders?|tracks?)\b",
                           re.I)
_ENTRY = re.compile(r"^(?:#|post\s+|part\s+)?\d+\s*[:.)—–-]\s*\S", re.I)
_TARGET_SECTION = re.compile(r"success|metric|goal|target|criteria|definition\s+of\s+done|"
                             r"milestone|objective|\bkpis?\b", re.I)
_SUBSET = re.compile(r"\b(?:first|last|next|previous|these|those|other|remaining|another|new|"
                     r"older|earlier|later|planned|upcoming|more)\s+$", re.I)
_SUMMARY_SECTION = re.compile(r"overview|status|summary|progress|about|introduction|"
                              r"^(?:\W*\s)?(?:the\s+)?series$", re.I)
_STATS_SECTION = re.compile(r"statistic|\bstats\b|by\s+the\s+numbers|at\s+a\s+glance|"
                            r"in\s+numbers", re.I)
_ONE_POST = re.compile(r"\bper[\s-](?:post|article|part|episode|entry|lesson|chapter)\b|"
                       r"\beach\b|\baverage\b|\bavg\b|\bminimum\b|\bmaximum\b", re.I)
_PER_POST_LABELS = frozenset({"length", "reading time", "read time", "time", "duration",
                              "estimated", "estimate", "estimated time", "time to read"})
_STATUS_LABELS = frozenset({"", "status", "current status", "progress", "overall",
                            "overall status", "overall progress", "series", "series status",
                            "posts", "published", "completion", "state"})
_POSTS_LABELS = frozenset({"posts", "total posts", "published", "published posts",
                           "posts published", "post count", "number of posts", "lessons",
                           "total lessons", "chapters", "total chapters"})
_WORDS_LABELS = frozenset({"words", "total words", "word count", "total word count"})
_TIME_LABELS = frozenset({"reading time", "read time", "total reading time", "total read time",
                          "time to read", "time to read it all"})
_REMAINING_LABELS = frozenset({"remaining", "left", "to go", "to write", "posts remaining",
                               "remaining posts", "still to write"})


def _amount(m: re.Match[str], hours: bool = False) -> tuple[float, bool, bool, float]:
    """(value, approximate, at least, scale) of a match of one of the shapes above."""
    groups = m.groupdict()
    pre = (groups.get("pre") or "").strip().lower()
    value = float(re.split(r"\s*[-–]\s*", m.group("num"))[-1].replace(",", ""))  # upper bound
    scale = 1.0
    if hours:
        scale = 60.0 if m.group("unit").lower().startswith("h") else 1.0
        value = value * scale + (float(m.group("extra")) if m.group("extra") else 0.0)
    elif groups.get("k"):
        scale = 1000.0
        value *= scale
    lower = bool(groups.get("plus")) or pre.startswith(("at", "over", "more"))
    approximate = bool(pre) and not lower or scale == 1000.0
    return value, approximate, lower, scale


def _number_end(m: re.Match[str]) -> int:
    groups = m.groupdict()
    for name in ("unit2", "unit", "k"):
        if groups.get(name):
            return m.end(name)
    return m.end("num")


def _range(m: re.Match[str]) -> tuple[int | None, int | None]:
    if m.groupdict().get("first"):
        return int(m.group("first")), int(m.group("last"))
    return None, None


def post_ranges(text: str) -> list[tuple[int, int]]:
    """The ranges of post numbers `text` names, in order ("(Posts 1-10)" → [(1, 10)])."""
    found = []
    for m in SCOPE.finditer(text):
        first, last = (int(n) for n in m.groups() if n is not None)
        if first < last:
            found.append((first, last))
    return found


def _sized(ranges: list[tuple[int, int]], size: int) -> tuple[int | None, int | None]:
    """The first of `ranges` holding `size` posts, else (None, None)."""
    return next(((a, b) for a, b in ranges if b - a + 1 == size), (None, None))


_SEPARATOR = re.compile(r"\s*(?:[,;·|(—–]|-\s|and\b|with\b)\s*", re.I)
_LABEL_AMOUNT = re.compile(_AMOUNT, re.I)
_LABEL_COUNT = re.compile(rf"{_PRE}(?P<num>\d+)(?P<plus>\+)?\b", re.I)


class _Reader:
    def __init__(self, doc: Document, is_plan: bool) -> None:
        self.doc = doc
        self.is_plan = is_plan
        self.current: list[Stat] = []
        self.progress: list[Progress] = []
        self.remaining: list[Remaining] = []
        self.targets: list[Target] = []
        self.scope: tuple[int, int] | None = None
        """The range of posts the headings above the current line name, if any."""

    def loc(self, source: str, line_no: int, text: str) -> Location:
        """Where `text` starts in the source line; when markup splits it, where its number is."""
        col = source.find(text)
        number = re.search(r"\d[\d,./]*", text)
        if col < 0 and number:
            col = source.find(number.group(0))
        return Location(self.doc.path, line_no, col + 1 if col >= 0 else 1)

    def stat(self, measure: Measure, m: re.Match[str], line: str, source: str, line_no: int,
             *, hours: bool = False, start: int | None = None, end: int | None = None) -> None:
        value, approximate, lower, scale = _amount(m, hours)
        begin = m.start() if start is None else start
        stop = m.end() if end is None else max(end, m.end())
        begin += len(line[begin:stop]) - len(line[begin:stop].lstrip())
        text = line[begin:stop].rstrip()
        number = (m.start("num") - begin, _number_end(m) - begin)
        first, last = self.scope or (None, None)
        self.current.append(Stat(measure, value, approximate, lower, text, number, scale,
                                 self.loc(source, line_no, text), first, last))

    def read(self) -> StatedStats:
        # (level, flags, range of posts) of the enclosing headings
        sections: list[tuple[int, str, tuple[int, int] | None]] = []
        for block in self.doc.blocks:
            if block.kind is BlockKind.HEADING:
                while sections and sections[-1][0] >= block.level:
                    sections.pop()
                flags = sections[-1][1] if sections else ""
                ranges = post_ranges(block.text)
                scope = ranges[0] if ranges else sections[-1][2] if sections else None
                entry = self.is_plan and _ENTRY.match(block.text.strip())
                if _SKIP_SECTION.search(block.text) or entry:
                    flags += " skip"
                if self.is_plan and _TARGET_SECTION.search(block.text):
                    flags += " target"
                if _STATS_SECTION.search(block.text):
                    flags += " stats"
                if block.level > 1 and _SUMMARY_SECTION.search(block.text.strip()):
                    flags += " summary"
                sections.append((block.level, flags, scope))
                continue
            flags = sections[-1][1] if sections else ""
            self.scope = sections[-1][2] if sections else None
            if all(level < 2 for level, _, _ in sections):
                flags += " lead"  # before the first `##`: the document's introduction
            if block.kind is not BlockKind.PARAGRAPH or "skip" in flags:
                continue
            labels = {offset: (label, value) for label, value, offset in labelled_lines(block)}
            for offset, line in enumerate(block.text.split("\n")):
                source = block.lines[offset] if offset < len(block.lines) else line
                label, value = labels.get(offset, ("", ""))
                self.line(line, source, block.line + offset, label, value, flags)
        return StatedStats(self.doc.path, tuple(self.current), tuple(self.progress),
                           tuple(self.remaining), tuple(self.targets))

    def line(self, line: str, source: str, line_no: int, label: str, value: str,
             flags: str) -> None:
        if _ONE_POST.search(line):
            return
        if label in _PER_POST_LABELS and "stats" not in flags:
            return
        # every shape below reads numbers from `line` and `value`: masked once, here
        line, value = mask_long_numbers(line), mask_long_numbers(value)
        taken = self.fractions(line, source, line_no, label)
        self.rest(line, source, line_no, label, value)
        if "target" in flags:
            self.goals(line, source, line_no, taken)
        else:
            self.totals(line, source, line_no, label, value, flags)

    def fractions(self, line: str, source: str, line_no: int, label: str) -> list[range]:
        """Progress fractions; returns where they stand, so no other shape reads them."""
        taken: list[range] = []
        for m in PROGRESS.finditer(line):
            currently = re.search(r"\bcurrently\s*$", line[: m.start()], re.I)
            if m.group("of") and not (m.group("noun") and m.group("state")):
                continue
            if not (m.group("state") or currently or label and label in _STATUS_LABELS):
                continue
            start = currently.start() if currently else m.start()
            text = line[start : m.end()].strip()
            total = int(m.group("total"))
            first, last = _range(m)
            if first is None:  # "12 introduction posts (1-12) complete (currently 12/12)"
                first, last = _sized(post_ranges(line), total)
            if first is None:
                first, last = _sized([self.scope] if self.scope else [], total)
            # "Introductions: 3/3 complete" counts introductions, not the series
            lead = re.search(r"([A-Za-z][\w /&-]*?)\s*:\s*$", line[:start])
            qualifier = [lead.group(1).lower()] if lead and (
                lead.group(1).lower() not in _STATUS_LABELS) else []
            self.progress.append(Progress(
                int(m.group("done")), total,
                float(m.group("pct")) if m.group("pct") else None,
                " ".join([*qualifier, *m.group("qual").split()]), first, last, text,
                self.loc(source, line_no, text)))
            taken.append(range(start, m.end()))
        return taken

    def rest(self, line: str, source: str, line_no: int, label: str, value: str) -> None:
        """Posts still to write, from a `**Remaining**:` label or "N posts remaining"."""
        found = [(m, line) for m in REMAINING.finditer(line)]
        if label in _REMAINING_LABELS and not found and (m := REMAINING_VALUE.match(value)):
            found.append((m, value))
        for m, within in found:
            text = within[m.start() : m.end()].strip()
            first, last = _range(m)
            self.remaining.append(Remaining(int(m.group("count")), first, last, text,
                                            self.loc(source, line_no, text)))

    def goals(self, line: str, source: str, line_no: int, taken: list[range]) -> None:
        """Targets of a success-metrics section, and the "currently …" or "… actual"
        beside them."""
        current = CURRENTLY.search(line) or ACTUAL.search(line)
        head = line[: current.start()] if current else line
        measure: Measure | None = None
        if (m := WORDS.search(head)) is not None:
            measure, value, end = Measure.WORDS, _amount(m)[0], m.end()
        elif (m := READING.search(head)) is not None:
            measure, value, end = Measure.MINUTES, _amount(m, hours=True)[0], m.end()
        elif ((m := TARGET_POSTS.search(head)) is not None
              and not any(m.start("num") in r for r in taken)
              and (m.group("all") or re.search(rf"^\W*{_STATE}\b", m.group("rest"), re.I)
                   or re.search(r"\bpublish\w*\s*$", head[: m.start()], re.I))):
            measure, value, end = Measure.POSTS, float(m.group("num")), m.start("rest")
        if measure is not None and m is not None:
            text = head[m.start() : end].strip()
            if measure is Measure.POSTS and m.group("rest").strip():
                state = re.match(rf"^\W*{_STATE}\b", m.group("rest"), re.I)
                text = head[m.start() : m.start("rest") + (state.end() if state else 0)].strip()
            first, last = _range(m) if measure is Measure.POSTS else (None, None)
            if measure is Measure.POSTS and first is None and self.scope:
                first, last = _sized([self.scope], int(value))
            self.targets.append(Target(measure, value, first, last, text,
                                       self.loc(source, line_no, text)))
        if current is None or any(current.start() in r for r in taken):
            return
        at = current.start("pre") if current.group("pre") else current.start("num")
        end = current.end() if current.re is ACTUAL else None  # "~150K actual"
        timed = TIME.match(line, at)
        if timed is not None:
            reading = re.match(_READ, line[timed.end() :], re.I)
            if measure is Measure.MINUTES or reading:
                self.stat(Measure.MINUTES, timed, line, source, line_no, hours=True,
                          start=current.start(), end=end)
        elif (counted := WORDS.match(line, at)) is not None:
            self.stat(Measure.WORDS, counted, line, source, line_no, start=current.start(),
                      end=end)
        elif measure is Measure.WORDS:
            self.stat(Measure.WORDS, current, line, source, line_no)

    def totals(self, line: str, source: str, line_no: int, label: str, value: str,
               flags: str) -> None:
        """What the series holds now, in the shapes of the module docstring. Only the
        document's lead and its summary or statistics sections are read, except for
        "N-part series": "5 posts, ~2 hours of reading" under a track's heading is the
        track's size, not the series'."""
        if not self.is_plan:
            for shape in (PART_SERIES, SERIES_OF):
                for m in shape.finditer(line):
                    self.stat(Measure.POSTS, m, line, source, line_no)
        stats = "stats" in flags
        if not (stats or "summary" in flags or "lead" in flags):
            return
        words = list(WORDS.finditer(line))
        reading = list(READING.finditer(line))
        posts = list(POSTS.finditer(line))
        if any(_SUBSET.search(line[: m.start()]) for m in posts):
            return  # "the first 10 posts, ~3 hours of reading": a part of the series
        compound = any(
            (sep := _SEPARATOR.match(line, m.end())) is not None
            and (WORDS.match(line, sep.end()) or READING.match(line, sep.end()))
            for m in posts)
        total = compound or "total" in label

        def alone(m: re.Match[str]) -> bool:
            """A statistics section's "- 12 posts": the number is the whole line."""
            return stats and not label and not line[: m.start()].strip() and bool(
                re.fullmatch(r"\W*(?:(?:in\s+)?total|so\s+far)?\W*", line[m.end() :], re.I))

        if posts and (total or label in _POSTS_LABELS or alone(posts[0])):
            self.stat(Measure.POSTS, posts[0], line, source, line_no)
        for m in words:
            said_total = "total" in m.group(0).lower() or re.match(
                r"\s+in\s+total\b", line[m.end() :], re.I) or re.search(
                r"\btotal(?:\s+of)?\s*$", line[: m.start()], re.I)
            if total or said_total or stats and label in _WORDS_LABELS or alone(m):
                self.stat(Measure.WORDS, m, line, source, line_no)
        for m in reading:
            of_reading = HOURS_OF_READING.match(line, m.start())
            if total or of_reading or stats and label in _TIME_LABELS or alone(m):
                self.stat(Measure.MINUTES, m, line, source, line_no, hours=True)
        if words or reading or posts or not value or not (stats or "total" in label):
            return
        # the label names the measure: "**Total words**: ~45,000", "**Reading time**: 4h"
        start = len(line) - len(value)
        if label in _WORDS_LABELS and (m := _LABEL_AMOUNT.match(line, start)):
            self.stat(Measure.WORDS, m, line, source, line_no)
        elif label in _TIME_LABELS and (m := TIME.match(line, start)):
            self.stat(Measure.MINUTES, m, line, source, line_no, hours=True)
        elif label in _POSTS_LABELS and (m := _LABEL_COUNT.match(line, start)):
            self.stat(Measure.POSTS, m, line, source, line_no)


def parse_stats(doc: Document, *, is_plan: bool) -> StatedStats:
    """The statistics `doc` (the index, or the plan when `is_plan`) states, in document order."""
    return _Reader(doc, is_plan).read()
