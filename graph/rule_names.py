"""What a user may type to name a rule, resolved one way everywhere: `--select/--ignore`,
`rules`, `select` and `ignore` in the configuration, `refgraph explain` and suppression
comments all take an id (`RG102`) or a name (`dangling-anchor`), in any case.

Kept apart from the registry (`graph/checks/__init__.py`) because `graph/config.py`,
which the checks import, needs it too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WELL_FORMED_ID = re.compile(r"[A-Za-z]{2}[0-9]+\Z")


@dataclass(frozen=True)
class RuleNames:
    """Every rule's id and name, keyed the way a user's spelling is looked up."""

    by_key: Mapping[str, str]
    """Lower-cased id or name → the rule's id."""
    spellings: tuple[str, ...]
    """Every id and name as the registry writes them, for "did you mean"."""

    @classmethod
    def of(cls, rules: Iterable[tuple[str, str]] | Iterable[str]) -> RuleNames:
        """From `(id, name)` pairs, or from bare ids (then only ids are known)."""
        by_key: dict[str, str] = {}
        spellings: set[str] = set()
        for rule in rules:
            rule_id, name = (rule, rule) if isinstance(rule, str) else rule
            by_key[rule_id.lower()] = by_key[name.lower()] = rule_id
            spellings.update((rule_id, name))
        return cls(by_key, tuple(sorted(spellings)))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.by_key.values())

    def resolve(self, spelled: str) -> str | None:
        """The id of the rule `spelled` names (an id or a name, any case), else None."""
        return self.by_key.get(spelled.strip().lower())

    def resolve_selector(self, spelled: str) -> str | None:
        """What `select`/`ignore` keep: a rule's id for an id or a name, the upper-cased
        prefix for a family prefix (`rg1` → `RG1`), else None."""
        found = self.resolve(spelled)
        if found is not None:
            return found
        prefix = spelled.strip().upper()
        return prefix if prefix and any(i.startswith(prefix) for i in self.ids) else None

    def guess(self, spelled: str) -> str:
        """`; did you mean 'dangling-anchor'?`, or "". A well-formed id (`RG999`) gets no
        guess: one wrong digit is as near to ten ids as to one."""
        if _WELL_FORMED_ID.match(spelled.strip()):
            return ""
        # a letter typed for the digit it looks like (`RG1O2`) is that digit, not a
        # wrong digit (which would be as near to RG112 as to RG102)
        digits = _LOOKALIKES.sub(lambda m: _DIGIT_OF[m.group().lower()], spelled.strip())
        if _WELL_FORMED_ID.match(digits) and digits.upper() in self.ids:
            return f"; did you mean {digits.upper()!r}?"
        return did_you_mean(spelled, self.spellings)

    def unknown(self, spelled: str) -> str:
        """`unknown rule 'dangling-ancor'; did you mean 'dangling-anchor'?`"""
        return f"unknown rule {spelled!r}{self.guess(spelled)}"


_DIGIT_OF = {"o": "0", "i": "1", "l": "1"}
_LOOKALIKES = re.compile(r"(?<=\w{2})[oOiIlL]")
"""Letters in an id's digits (after its `RG`) that are read as the digit they look like."""


def did_you_mean(spelled: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest of `choices` (compared without case), or "".

    difflib's ratio is what Python's own "Did you mean" for names is close to, and it is
    in the standard library; its default cutoff (0.6) catches a dropped or doubled letter
    in a short key without guessing at random words."""
    lowered = {c.lower(): c for c in sorted(choices)}
    close = difflib.get_close_matches(spelled.strip().lower(), lowered, n=1)
    return f"; did you mean {lowered[close[0]]!r}?" if close else ""
