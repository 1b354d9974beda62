"""Did-you-mean guesses whose cost does not grow with the number of candidates.

`difflib.get_close_matches` compares the word with every candidate: a broken anchor into a
file of 20,000 headings costs 20,000 comparisons, and 2,000 such links 40 million. Lists
of up to `ALL` candidates are still compared whole, so what refgraph proposes on ordinary
corpora is what difflib proposes. Longer lists are first narrowed to a shortlist: the
candidates that sort next to the word, and next to it read backwards (a typo keeps
the start or the end of a name: `sectoin-12` still ends like `section-12`). Guesses are
memoised per word, since a broken target is often linked many times.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable

ALL = 200
"""Candidate lists up to this long are compared whole."""
NEAR = 3
"""Neighbours taken on each side of the word, in each of the two sort orders: enough for
a typo in a long list of similar names, few enough that 20,000 guesses stay in seconds."""


class Guesser:
    """The closest candidate to a word (difflib's ratio at least `cutoff`), or None."""

    def __init__(self, candidates: Iterable[str], cutoff: float) -> None:
        self.candidates = sorted(set(candidates))
        self.cutoff = cutoff
        self.backwards = (sorted(c[::-1] for c in self.candidates)
                          if len(self.candidates) > ALL else [])
        self.guessed: dict[str, str | None] = {}

    def shortlist(self, word: str) -> list[str]:
        """The candidates worth comparing with `word`: all of a short list, else about
        4 × NEAR neighbours, sorted."""
        if len(self.candidates) <= ALL:
            return self.candidates
        found: set[str] = set()
        for ordered, key, flip in ((self.candidates, word, False),
                                   (self.backwards, word[::-1], True)):
            at = bisect.bisect_left(ordered, key)
            for near in ordered[max(0, at - NEAR): at + NEAR]:
                found.add(near[::-1] if flip else near)
        return sorted(found)

    def close(self, word: str) -> list[str]:
        """The shortlist's candidates whose ratio to `word` is at least the cutoff, in
        shortlist order (difflib's cheap upper bounds first, as `get_close_matches`)."""
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        found = []
        for candidate in self.shortlist(word):
            matcher.set_seq1(candidate)
            if (matcher.real_quick_ratio() >= self.cutoff and matcher.quick_ratio() >= self.cutoff
                    and matcher.ratio() >= self.cutoff):
                found.append(candidate)
        return found

    def guess(self, word: str) -> str | None:
        if word not in self.guessed:
            close = difflib.get_close_matches(word, self.shortlist(word), n=1,
                                              cutoff=self.cutoff)
            self.guessed[word] = close[0] if close else None
        return self.guessed[word]
