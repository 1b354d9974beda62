"""Did-you-mean guesses over long candidate lists (`graph.checks.guess`)."""

from __future__ import annotations

import difflib

from graph.checks.guess import ALL, Guesser


def test_a_short_list_is_compared_whole_as_difflib_does() -> None:
    names = ["compaction", "replication", "write-path", "segments"]
    guesser = Guesser(names, cutoff=0.6)
    assert guesser.shortlist("compactoin") == sorted(names)
    for word in ("compactoin", "replicaton", "segment", "nothing-like-it"):
        close = difflib.get_close_matches(word, sorted(names), n=1, cutoff=0.6)
        assert guesser.guess(word) == (close[0] if close else None)


def test_a_long_list_is_narrowed_to_neighbours_from_the_start_and_from_the_end() -> None:
    names = [f"section-{i}-of-the-log" for i in range(20_000)]
    guesser = Guesser(names, cutoff=0.6)
    shortlist = guesser.shortlist("sectoin-1234-of-the-log")  # a typo early: found by its end
    assert "section-1234-of-the-log" in shortlist
    assert len(shortlist) <= 12
    assert guesser.guess("sectoin-1234-of-the-log") == "section-1234-of-the-log"
    assert guesser.guess("section-1234-of-the-lgo") == "section-1234-of-the-log"
    assert len(Guesser(names[:ALL], cutoff=0.6).shortlist("x")) == ALL


def test_close_keeps_every_candidate_at_the_cutoff_in_shortlist_order() -> None:
    guesser = Guesser(["write-path", "write-paths", "read-path"], cutoff=0.75)
    assert guesser.close("write-pth") == ["write-path", "write-paths"]
    assert guesser.guess("write-pth") == "write-path"
    assert guesser.close("zzz") == []
