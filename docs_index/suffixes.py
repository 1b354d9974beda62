"""The first free numbered suffix of an id (`a_3`, `a-2`), found in amortised constant time.

Site generators make a repeated heading's id unique by trying `base_1`, `base_2`, … (or
from the number the id already ends with) until one is free. Done literally, each repeat
walks every suffix taken before it: 20,000 headings `## a` on one mdBook page, or `## a_5`
on an MkDocs page, cost 200 million lookups. Ids are only ever added to a page, so a run
of suffixes found taken stays taken: `jumps` remembers, for each suffix met on the way,
where its run ended (path compression, as in a union-find), and the next search leaps
over the whole run. The ids given are exactly those of the literal walk.
"""

from __future__ import annotations

from collections.abc import Container


def first_free(base: str, sep: str, start: int, used: Container[str],
               jumps: dict[tuple[str, str, int], int]) -> int:
    """The least `n >= start` with `f"{base}{sep}{n}"` not in `used`. `jumps` belongs to
    `used` (one per page, empty at first) and is updated; `used` may only grow."""
    n = start
    passed = []
    while f"{base}{sep}{n}" in used:
        passed.append(n)
        n = jumps.get((base, sep, n), n + 1)
    for taken in passed:  # every number from `taken` up to `n` is taken, and will stay so
        jumps[(base, sep, taken)] = n
    return n
