"""The plan's content guidelines: the numbers every post must meet, and the sections every
post must have.

Shape read (the seed plan's "Content Guidelines" section, and variants of it):

    ## Content Guidelines
    ### Required Elements (All Posts)
    - ✅ Summary with key metrics
    - ✅ Next steps & references
    ### Quality Standards
    - Minimum: 4,000 words
    - Target: 5,000-6,000 words                    (a target, not a bound: not read)
    - Read time: 20-30 min
    - Introductions (#1-12): 350-700 words, 1-3 code examples

Only explicit bounds are read: a range (`10-20`, `between 3 and 5`), a minimum or maximum
(`Minimum:`, `at least`, `4,000+`, `up to`, `Max:`). A bare number (`Diagrams: 3`), an
approximate one (`~5,000 words`) and targets (`Target:`, `Ideal:`) are not bounds a post
can be held to, so they are left out rather than guessed.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from docs_index.model import Block, BlockKind, Document, Location
from posts.text import mask_long_numbers


class Metric(StrEnum):
    """What a guideline measures; each value is the name of the post node attribute."""

    WORDS = "words"
    CODE_BLOCKS = "code_blocks"
    DIAGRAMS = "diagrams"
    MINUTES = "minutes"


@dataclass(frozen=True)
class Guideline:
    metric: Metric
    """What is measured."""
    low: float | None
    """Inclusive lower bound, None when the line sets none."""
    high: float | None
    """Inclusive upper bound, None when the line sets none."""
    scope: tuple[int, int] | None
    """The post numbers it applies to (`#1-12` → (1, 12)), None for every post."""
    text: str
    """The whole line, markup stripped: `Minimum: 4,000 words`."""
    loc: Location
    """Where the line's text starts (after the list marker)."""


_STOP = frozenset({
    "a", "an", "the", "of", "to", "and", "or", "for", "with", "in", "on", "at", "by", "your",
    "our", "its", "their", "this", "that", "each", "every", "per", "all", "any", "one", "least",
    "some", "clear", "short", "brief", "post", "posts", "section", "sections",
})
_COUNTABLE = frozenset({
    "code", "example", "snippet", "listing", "benchmark", "diagram", "table", "figure", "chart",
    "image", "screenshot", "graph", "metric", "number", "link",
})
"""Stems of things a post has several of, counted rather than given a heading."""
_SECTION_NAMES: tuple[tuple[str, ...], ...] = (
    ("summary", "conclusion", "conclusions", "takeaways", "key takeaways", "recap", "tl;dr",
     "tldr", "wrap-up", "wrapping up", "in short"),
    ("next steps", "what's next", "what next", "where to go next", "further reading",
     "learn more"),
    ("references", "further reading", "resources", "see also", "sources", "bibliography",
     "learn more", "reading list"),
    ("prerequisites", "before you begin", "before you start"),
)
"""Sections every series names the same few ways. An element naming one of them is
always checked, and any of its names satisfies it (`## Conclusion` for "Summary")."""


_GENERIC = frozenset({
    "use", "using", "usage", "how", "why", "what", "when", "where", "which", "who", "work",
    "way", "new", "vs", "versus", "about", "more", "it", "is", "are", "be", "we", "you", "do",
})
"""Words so common in headings ("When to Use LSM", "How It Works") that a heading sharing
one says nothing about which section it is."""


def _stem(word: str) -> str:
    # possessives: "Pyralog's Approach"; `re.sub(r"'s?$", "", word)` was a third of the
    # time of RG207, which stems every word of every post's headings
    word = word[:-2] if word.endswith("'s") else word[:-1] if word.endswith("'") else word
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def name_words(series_titles: Iterable[str], post_titles: Sequence[str]) -> frozenset[str]:
    """Stems naming the project rather than a section (the brand in "Pyralog solution"):
    the words of the series' own titles (its index, its plan), and any word in the titles
    of a quarter or more of the posts (at least two)."""
    found = {_stem(w) for title in series_titles for w in _words(title) if w not in _STOP}
    counts: dict[str, int] = {}
    for title in post_titles:
        for stem in {_stem(w) for w in _words(title) if w not in _STOP}:
            counts[stem] = counts.get(stem, 0) + 1
    floor = max(2, len(post_titles) / 4)
    return frozenset(found | {stem for stem, n in counts.items() if n >= floor})


_WORD = re.compile(r"[a-z0-9][a-z0-9';-]*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _has_phrase(text: str, phrase: str) -> bool:
    r"""Whether `phrase` occurs in `text` as whole words: no word character or apostrophe
    on either side (`(?<![\w'])phrase(?![\w'])`, found without compiling a pattern per
    phrase: this runs for every post, heading and section name)."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if not (start and _word_char(text[start - 1])) and not (
                end < len(text) and _word_char(text[end])):
            return True
        start = text.find(phrase, start + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'"  # what `\w` matches, and the apostrophe


@dataclass(frozen=True)
class SaidHeadings:
    """A post's headings as `RequiredElement.satisfied_by` reads them, made once per post
    (`said_headings`): every required element of the plan asks every post."""

    text: str
    """Each heading's words joined by a space, the headings by a line break: a section
    name (words and spaces) is found in one heading as a whole word exactly when it is
    found so here (`_has_phrase`), since a line break is no word character."""
    stems: frozenset[str]
    """The stems of every heading's words."""


def said_headings(headings: Iterable[str], stems: dict[str, str] | None = None,
                  ) -> SaidHeadings:
    """`stems`: each word's stem, kept by a caller asking of many posts, whose headings
    share most of their words (RG207 stemmed 88,000 words of 3,461 posts at N=100)."""
    said = [_words(heading) for heading in headings]
    words = {w for words in said for w in words}
    if stems is None:
        stems = {}
    for word in words - stems.keys():
        stems[word] = _stem(word)
    return SaidHeadings("\n".join(" ".join(words) for words in said),
                        frozenset(map(stems.__getitem__, words)))


@dataclass(frozen=True)
class RequiredElement:
    text: str
    """As written, without list marker, check box or check mark: `Summary with key metrics`."""
    alternatives: tuple[str, ...]
    """Each way to satisfy it, the head of the element split at `&`/`and`/`or`/`/`:
    `Next steps & references` → ("Next steps", "references")."""
    scope: tuple[int, int] | None
    """The post numbers it applies to, None for every post."""
    loc: Location

    def keywords(self, alternative: str) -> frozenset[str]:
        return frozenset(_stem(w) for w in _words(alternative) if w not in _STOP)

    def telling_keywords(self, names: frozenset[str] = frozenset()) -> frozenset[str]:
        """The key words that say which section a heading is: without the project's name
        (`names`, see `name_words`) or words common to any heading ("use", "how")."""
        return frozenset(k for k in self.all_keywords() if k not in names and k not in _GENERIC)

    def all_keywords(self) -> frozenset[str]:
        """The key words of every alternative: what `satisfied_by` matches by default."""
        return frozenset().union(*(self.keywords(a) for a in self.alternatives))

    @property
    def countable(self) -> bool:
        """Names things counted in the text (`Code examples (5-10 per post)`), not a section."""
        return any(_stem(w) in _COUNTABLE or w.isdigit()
                   for a in self.alternatives for w in _words(a))

    @functools.cached_property
    def _names(self) -> tuple[str, ...]:
        """The section names this element is one of (made once per element: every
        heading of every post asks)."""
        names: list[str] = []
        for alternative in self.alternatives:
            said = " ".join(_words(alternative))
            for group in _SECTION_NAMES:
                if any(_has_phrase(said, name) for name in group):
                    names.extend(group)
        return tuple(names)

    @property
    def structural(self) -> bool:
        """Names a section series write under a heading (Summary, Next steps, References)."""
        return bool(self._names)

    def satisfied_by(self, headings: Iterable[str] | SaidHeadings,
                     keys: frozenset[str] | None = None) -> bool:
        """Loosely: a heading sharing a key word with an alternative (`## Next Steps` or
        `## References` for "Next steps & references"; possessives dropped, so "Pyralog's
        Approach" shares "pyralog"), or naming the same section. `keys` narrows the key
        words (to `telling_keywords`); by default every key word counts."""
        if keys is None:
            keys = self.all_keywords()
        names = self._names
        said = headings if isinstance(headings, SaidHeadings) else said_headings(headings)
        # one heading sharing a key word or naming the section is enough: all at once
        return bool(keys & said.stems) or any(_has_phrase(said.text, name) for name in names)

    def proposal(self) -> str:
        """Headings that would satisfy it: `"## Next Steps" or "## References"`."""
        return " or ".join(f'"## {string.capwords(a)}"' for a in self.alternatives)


@dataclass(frozen=True)
class Guidelines:
    measures: tuple[Guideline, ...]
    """Every bound read, one per metric per line."""
    required: tuple[RequiredElement, ...]


_PARTS = r"(?:elements|sections|parts)"
_SECTION = re.compile(
    rf"guidelines?|standards|quality bar|style guide|(?:required|mandatory) {_PARTS}"
    rf"|must[- ]have {_PARTS}", re.IGNORECASE)
"""Not "Must Have" alone: plans rank posts "High Priority (Must Have)"."""
_REQUIRED = re.compile(rf"required|mandatory|must[- ]have {_PARTS}", re.IGNORECASE)
_SCOPE = re.compile(
    r"(?<!\s)\(?\s*(?:#|\bposts?\s+#?|\bparts?\s+#?)(\d+)"
    r"(?:\s*(?:[-–—]|to)\s*#?(\d+))?\s*\)?",
    re.IGNORECASE)
r"""`(?<!\s)`: a match never starts inside a run of spaces, as one that could would start
where the run does; without it each space of a long run read the whole run again."""
_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_NUM = r"(\d[\d,]*+(?:\.\d+)?)\s*+([kK](?![a-zA-Z]))?"
r"""Possessive (`*+`) wherever what follows cannot start with what the run takes, so no
run is split again between two quantifiers: `1` and 100,000 spaces made `\s*` then
`\s*` try every split (quadratic; with the lazy `[a-z ]*?` of `_AT_LEAST`, cubic)."""
_RANGE = re.compile(rf"(?:between\s+)?{_NUM}\s*+(?:[-–—]|to\b|(?<=\d )and\b)\s*{_NUM}", re.I)
_AT_LEAST = re.compile(
    rf"(?:\bat\s+least|\bmin(?:imum)?|\bno\s+(?:fewer|less)\s+than|(?<!no )\bmore\s+than|\bover"
    rf"|≥|>=?)\s*+:?\s*+{_NUM}|{_NUM}\s*+\+|{_NUM}\s*+[a-z ]*?\b(?:minimum|or\s+more|at\s+least)\b",
    re.IGNORECASE)
_AT_MOST = re.compile(
    rf"(?:\bat\s+most|\bmax(?:imum)?|\bup\s+to|\bno\s+more\s+than|\bunder|\bbelow"
    rf"|\bfewer\s+than|\bless\s+than|≤|<=?)\s*+:?\s*+{_NUM}"
    rf"|{_NUM}\s*+[a-z ]*?\b(?:max(?:imum)?|or\s+(?:fewer|less))\b",
    re.IGNORECASE)
_APPROX = re.compile(r"(?:~|≈|\babout\b|\baround\b|\bapprox(?:imately|\.)?|\broughly\b)\s*\d",
                     re.I)
_SOFT_LABEL = re.compile(
    r"\b(?:target|ideal|aim|goal|average|typical|recommended|suggested|preferred|sweet spot)\b",
    re.IGNORECASE)
_MIN_LABEL = re.compile(r"^(?:min(?:imum)?|at least|floor)\b", re.IGNORECASE)
_MAX_LABEL = re.compile(r"^(?:max(?:imum)?|at most|cap|limit|ceiling|up to)\b", re.IGNORECASE)
_METRICS = (
    (Metric.WORDS, re.compile(r"\bwords?\b", re.I)),
    (Metric.CODE_BLOCKS, re.compile(r"\bcode\b|\bsnippets?\b|\blistings?\b", re.I)),
    (Metric.DIAGRAMS, re.compile(r"\bdiagrams?\b", re.I)),
    (Metric.MINUTES, re.compile(r"\bread(?:ing)?\b", re.I)),
)
_HOURS = re.compile(r"\d\s*(?:hours?|hrs?|h)\b", re.I)
_DURATION = re.compile(r"\d\s*(?:min(?:ute)?s?|hours?|hrs?|h)\b", re.I)
_NUMBERED = re.compile(r"^(?:#|post\s+|part\s+)?\d+\s*[:.)—–-]", re.I)
"""A planned post's heading (`### #20: …`), whatever words its title has."""


def _number(digits: str, k: str | None) -> float:
    value = float(digits.replace(",", ""))
    return value * 1000 if k else value


def _matched(match: re.Match[str]) -> float:
    """The number of whichever alternative matched (each has a digits and a K group)."""
    groups = match.groups()
    digits, k = next((groups[i], groups[i + 1]) for i in range(0, len(groups), 2) if groups[i])
    return _number(digits, k)


def take_scope(text: str) -> tuple[tuple[int, int] | None, str]:
    """The post numbers a line is limited to (`Deep-dives (#13-16): …`), and the line
    without them, so they are not read as bounds."""
    match = _SCOPE.search(mask_long_numbers(text))
    if match is None:
        return None, text
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    return (min(low, high), max(low, high)), text[: match.start()] + " " + text[match.end() :]


def _metric(clause: str, label: str) -> Metric | None:
    for source in (clause, label):
        found = [(m.start(), metric) for metric, rx in _METRICS if (m := rx.search(source))]
        if found:
            return min(found)[1]
    return None


def _bounds(clause: str, label: str) -> tuple[float | None, float | None] | None:
    clause = mask_long_numbers(clause)
    if _APPROX.search(clause):
        return None
    if match := _RANGE.search(clause):
        low, high = _number(*match.group(1, 2)), _number(*match.group(3, 4))
        return min(low, high), max(low, high)
    if match := _AT_LEAST.search(clause):
        return _matched(match), None
    if match := _AT_MOST.search(clause):
        return None, _matched(match)
    if match := re.search(_NUM, clause):
        if _MIN_LABEL.match(label):
            return _number(*match.groups()), None
        if _MAX_LABEL.match(label):
            return None, _number(*match.groups())
    return None


def parse_measures(text: str, loc: Location,
                   scope: tuple[int, int] | None = None) -> list[Guideline]:
    """The bounds one guideline line sets, one per metric it names; `scope` is the
    heading's, used when the line names no post numbers of its own."""
    own, rest = take_scope(text)
    scope = own or scope
    label, _, value = rest.partition(":") if ":" in rest else ("", "", rest)
    label = label.strip()
    if _SOFT_LABEL.search(label):
        return []
    found: list[Guideline] = []
    for clause in re.split(r";|,\s|\(|\)", value):
        metric = _metric(clause, label)
        bounds = _bounds(clause, label) if metric else None
        if metric is None or bounds is None:
            continue
        if metric is Metric.MINUTES and not (_DURATION.search(clause) or "read" in label.lower()):
            continue  # "read" alone ("read by a reviewer twice") is not a reading time
        low, high = bounds
        if metric is Metric.MINUTES and _HOURS.search(clause):
            low, high = (None if b is None else b * 60 for b in (low, high))
        found.append(Guideline(metric, low, high, scope, text.strip(), loc))
    return found


def parse_element(text: str, scope: tuple[int, int] | None, loc: Location) -> RequiredElement:
    """`✅ Next steps & references` → alternatives ("Next steps", "references")."""
    item_scope, rest = take_scope(text)
    tokens = re.sub(r"^\s*\[[ xX]\]\s*", "", rest).split()
    while tokens and not re.search(r"[A-Za-z0-9]", tokens[0]):
        tokens.pop(0)  # check marks, including ones a wrong decoding turned into letters
    shown = " ".join(tokens)
    head = re.split(r"\s*(?:\(|:|\s[-–—]\s|\b(?:with|linking|that|including|covering|"
                    r"showing|per|such as|e\.g\.)\b)", shown, maxsplit=1)[0]
    alternatives = [a.strip() for a in re.split(r"\s*(?:&|\+|/|,|\band\b|\bor\b)\s*", head)]
    return RequiredElement(shown, tuple(a for a in alternatives if a) or (shown,),
                           item_scope or scope, loc)


def _lines(block: Block) -> Iterator[tuple[str, int, int]]:
    """(plain text, line offset, 1-based column of the text) of each line of a paragraph."""
    for offset, plain in enumerate(block.text.split("\n")):
        source = block.lines[offset] if offset < len(block.lines) else plain
        marker = _MARKER.match(source)
        col = marker.end() + 1 if marker else len(source) - len(source.lstrip()) + 1
        yield plain, offset, col


def parse_guidelines(doc: Document) -> Guidelines:
    """Read every guideline section of a plan (a heading such as "Content Guidelines",
    "Quality Standards", "Required Elements", with everything under it)."""
    measures: list[Guideline] = []
    required: list[RequiredElement] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        top = blocks[i]
        i += 1
        if (top.kind is not BlockKind.HEADING or not _SECTION.search(top.text)
                or _NUMBERED.match(top.text.strip())):
            continue
        in_required = bool(_REQUIRED.search(top.text))
        scope = take_scope(top.text)[0]
        while i < len(blocks) and not (blocks[i].kind is BlockKind.HEADING
                                       and blocks[i].level <= top.level):
            block = blocks[i]
            i += 1
            if block.kind is BlockKind.HEADING:
                in_required = bool(_REQUIRED.search(block.text))
                scope = take_scope(block.text)[0]
                continue
            if block.kind is not BlockKind.PARAGRAPH:
                continue
            if in_required:
                if block.level > 0:  # a list item; prose around the list is not an element
                    loc = next(Location(doc.path, block.line + o, c) for _, o, c in _lines(block))
                    required.append(parse_element(" ".join(block.text.split()), scope, loc))
                continue
            for plain, offset, col in _lines(block):
                loc = Location(doc.path, block.line + offset, col)
                measures.extend(parse_measures(plain, loc, scope))
    return Guidelines(tuple(measures), tuple(required))
