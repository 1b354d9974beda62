"""The series of a corpus as plain values: each series' name, how it was found, its posts in
reading order with their place, its index and plan. Discovery (`posts/discover.py`) makes
them; the builder puts them on the graph; the series rules and `refgraph series` read them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

FOUND_BY = ("folder", "dates", "front-matter", "titles", "navigation", "config")
"""How a series was found, most general first; `config` is a `[[series]]` table (or the
single-series keys), which discovery never overrides."""
ORDERS = ("number", "date", "index", "nav")
"""How a configured series orders its posts."""


@dataclass(frozen=True, order=True)
class Place:
    """Where a post stands in its series: what its file name, date or title says."""

    number: int | None = None
    """`07-x.md` → 7, `ch03-02-x.md` → 3, `lesson-4.md` → 4; never a year."""
    sub: int | None = None
    """`ch03-02-x.md` → 2: orders the files that share a number."""
    subsub: int | None = None
    """`4_1_2_x.md` → 2: orders the files that share a number and a sub-number (lesson 4.1.1
    before 4.1.2), as courses number the videos of a lesson."""
    letter: str = ""
    """`01b-x.md` → "b": a lesson put in after lesson 1 and before lesson 2."""
    date: str | None = None
    """ISO `YYYY-MM-DD`, from the name (`2024-03-01-x.md`) or front matter."""
    part: int | None = None
    """"Part 3", "(3/5)", "3 of 5" in the title, or `series: {part: 3}`."""
    position: int | None = None
    """1-based rank in a navigation's or an index's order."""
    word: str = "post"
    """What the series calls a post: lesson, chapter, part, post."""
    sub_page: bool = False
    """Shares its number with the lesson before it (`07-x.md` and `07-x-upd.md`): part of
    that lesson, not a step of the series."""

    def label(self) -> str:
        """`lesson 5`, `chapter 3.2`, `part 3`, `post of 2024-03-01`, `5th in the nav`."""
        if self.part is not None:
            return f"{self.word} {self.part}"
        if self.number is not None:
            sub = "".join(f".{n}" for n in (self.sub, self.subsub) if n is not None)
            return (f"{self.word} {self.number}{self.letter}{sub}"
                    + (" (sub-page)" if self.sub_page else ""))
        if self.date is not None:
            return f"{self.word} of {self.date}"
        if self.position is not None:
            return f"{self.word} {self.position}"
        return self.word


@dataclass(frozen=True)
class SeriesPost:
    file: str
    """Relative to the corpus root, POSIX."""
    place: Place


@dataclass(frozen=True)
class Series:
    name: str
    found_by: str
    """One of `FOUND_BY`."""
    posts: tuple[SeriesPost, ...]
    """In reading order; sub-pages right after their lesson."""
    index: str | None = None
    """The file that lists the posts (a module's README), when there is one."""
    plan: str | None = None
    order: str = "number"
    """One of `ORDERS`: what decided `posts`' order."""
    follows: str | None = None
    """The series a reader finishes before this one (the module before it in the index of
    series), whose last post may link Next to this one's first."""
    listed_in: str | None = None
    """The index of series that orders it among its sibling folders (a course's README)."""
    legacy: bool = False
    """The single series of the `posts`/`index`/`plan` keys (or the folder detected for
    them): ordered as those always were, by number, else by the index's order."""

    def files(self) -> frozenset[str]:
        return frozenset(p.file for p in self.posts)


# Names: `2024-03-01-slug`, `ch03-02-slug` / `chapter-3`, `part-2` / `lesson_4`, `07-slug`,
# `07-02-slug`, `06-core-01-slug` (module 6, its "core" part, lesson 1), `01b-slug`. Each
# pattern is anchored and its repeats are bounded digit or letter runs: no backtracking on a
# file name.
_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_]|$)")
_WORDED = re.compile(r"^(ch|chapter|part|lesson|module|episode|step)[-_ ]?(\d{1,4})"
                     r"(?:[-_.](\d{1,4}))?(?=[-_. ]|$)", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,4})(?:[-_.](\d{1,4}))?(?:[-_.](\d{1,4}))?(?=[-_. ]|$)")
_LETTERED = re.compile(r"^(\d{2,4})([a-z])(?=[-_. ]|$)", re.IGNORECASE)
"""`01b`: a padded number and one letter; `3d-printing` is a word, not lesson 3d."""
_NUMBER_WORD_NUMBER = re.compile(r"^(\d{1,4})[-_]([a-z]{1,24})[-_](\d{1,4})(?=[-_. ]|$)",
                                 re.IGNORECASE)
_WORDS = {"ch": "chapter", "chapter": "chapter", "part": "part", "lesson": "lesson",
          "module": "module", "episode": "episode", "step": "step"}

WordNumbered = frozenset[tuple[str, int, str]]
"""(folder, first number, lower-cased word) of the `N-word-M` names a folder uses as a
pattern: `06-core-01-x.md` beside `06-core-02-y.md` gives ("…", 6, "core")."""


def word_numbered(paths: Iterable[str]) -> WordNumbered:
    """The `N-word-M` prefixes that two or more files of one folder share. Only those read as
    a module, a part of it and a lesson (`06-core-01-…` … `06-core-05-…`, as
    data-engineering-zoomcamp numbers them); a lone `02-python-3-features.md`,
    `03-top-10-tips.md` or `07-x-2.md` beside `07-x.md` is an ordinary slug with a number."""
    seen: dict[tuple[str, int, str], int] = defaultdict(int)
    for path in paths:
        pure = PurePosixPath(path)
        two = _NUMBER_WORD_NUMBER.match(pure.stem)
        if two:
            seen[(str(pure.parent), int(two[1]), two[2].lower())] += 1
    return frozenset(key for key, count in seen.items() if count >= 2)


def name_place(path: str, patterns: WordNumbered = frozenset()) -> Place | None:
    """The place a file name gives, or None when it gives none (a README, `notes.md`). A
    dated name gives a date and no number: `2018-05-01-x.md` is not post 2018. `patterns`
    (from `word_numbered` over the file's folder) says which `N-word-M` names are
    sub-numbered; without it `06-core-01-x.md` is plain number 6."""
    pure = PurePosixPath(path)
    stem = pure.stem
    dated = _DATED.match(stem)
    if dated:
        try:
            day = date(int(dated[1]), int(dated[2]), int(dated[3])).isoformat()
        except ValueError:
            return None
        return Place(date=day)
    worded = _WORDED.match(stem)
    if worded:
        sub = int(worded[3]) if worded[3] else None
        return Place(number=int(worded[2]), sub=sub, word=_WORDS[worded[1].lower()])
    # a word between two numbers names a part of the module, the second number is the
    # lesson in it (`06-core-01-projects.md` is 6.1), when the folder repeats that prefix
    two = _NUMBER_WORD_NUMBER.match(stem)
    if two and (str(pure.parent), int(two[1]), two[2].lower()) in patterns:
        return Place(number=int(two[1]), sub=int(two[3]))
    lettered = _LETTERED.match(stem)
    if lettered:
        return Place(number=int(lettered[1]), letter=lettered[2].lower())
    numbered = _NUMBERED.match(stem)
    if numbered:
        sub = int(numbered[2]) if numbered[2] else None
        subsub = int(numbered[3]) if numbered[3] else None
        return Place(number=int(numbered[1]), sub=sub, subsub=subsub)
    return None
