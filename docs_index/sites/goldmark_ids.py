"""Heading ids as Hugo makes them with Goldmark (Hugo 0.111, markup/goldmark/autoid.go).

Goldmark hands the id factory the heading's source line, not its rendered text, so emphasis
marks, a link's URL and an entity's name all reach the slugger. Three slugger kinds, set by
``markup.goldmark.parser.autoHeadingIDType``; checked against the real Hugo by
``tests/sites/test_goldmark_ids.py``. Pure functions over the contents after the ``#`` marks.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ID_TYPES",
    "GoldmarkIds",
    "blackfriday_slug",
    "github_ascii_slug",
    "github_slug",
    "split_heading_attributes",
]

ID_TYPES = ("github", "github-ascii", "blackfriday")
# Go's unicode.IsSpace, which bytes.TrimSpace uses: not Python's str.strip set.
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# goldmark parser/atx_heading.go: a closing run of "#" after a blank is not text.
_CLOSING_HASHES = re.compile(r"(?:\A|[\t ])#+[\t ]*\Z")
# goldmark parser/attribute.go: ``{#id .class key=value}`` ending the line (parser.attribute.
# title is on by default in Hugo); an id is "#" and the characters up to a blank or "}". A
# bare word is no attribute, so ``{braces}``, ``{: #id}`` and ``{#a b}`` stay heading text.
# Found in two steps so that no input backtracks: the last brace group ending the line (a
# search over "{" positions, each stopped by the next brace), then its items, which blanks
# separate, so each item can be matched one way only. A quoted value holding a brace is not
# read (a rare form; the heading then keeps its automatic id).
_LAST_BRACES = re.compile(r"\{(?P<body>[^{}]*)\}\Z")
_ATTRIBUTE_ITEM = (r"(?:[#.][^\s}]+"
                   r"|[A-Za-z_:][\w:.-]*[\t ]*=[\t ]*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`}]+))")
_ATTRIBUTE_BODY = re.compile(rf"[\t ]*(?:{_ATTRIBUTE_ITEM}(?:[\t ]+{_ATTRIBUTE_ITEM})*)?[\t ]*")
_ATTRIBUTE_ID = re.compile(r"(?:\A|[\t ])#(?P<id>[^\s}]+)")


def split_heading_attributes(contents: str) -> tuple[str, str | None]:
    """Split ``Title {#id .class}`` into the text Goldmark slugs and the explicit id."""
    # The closing "#" run goes first, so "Title {#id} ##" still has its id.
    text = _CLOSING_HASHES.sub("", contents.strip(" \t")).rstrip(" \t")
    match = _LAST_BRACES.search(text)
    explicit = None
    if (match is not None and match.start() > 0 and text[match.start() - 1] in " \t"
            and _ATTRIBUTE_BODY.fullmatch(match["body"])):
        ids = _ATTRIBUTE_ID.findall(match["body"])
        explicit = ids[-1] if ids else None
        text = text[: match.start()].rstrip(" \t")
    return text, explicit


def _go_lower(char: str) -> str:
    # Go's unicode.ToLower is the simple one-rune mapping; Python's str.lower is the full
    # one, which turns only U+0130 (İ) into two characters, where Go gives "i".
    lowered = char.lower()
    return lowered if len(lowered) == 1 else lowered[0]


def github_slug(text: str, *, ascii_only: bool = False) -> str:
    """Return Hugo's ``github`` id for a heading's source text, without duplicate suffix."""
    # autoid.go sanitizeAnchorNameWithHook: trim, "-" and " " to "-", keep "_", letters
    # (unicode.IsLetter: L*) and digits (unicode.IsDigit: Nd) lower-cased, drop the rest.
    out: list[str] = []
    for char in text.strip(_GO_SPACE):
        if ascii_only and ord(char) >= 0x80:
            continue  # dropped after the trim, so "😀 x" gives "-x"
        if char in "- ":
            out.append("-")
        elif char == "_" or unicodedata.category(char)[0] == "L" \
                or unicodedata.category(char) == "Nd":
            out.append(_go_lower(char))
    return "".join(out)


def github_ascii_slug(text: str) -> str:
    """Return Hugo's ``github-ascii`` id: accents folded, other non-ASCII dropped."""
    # autoid.go asciiTransformer: NFD, remove Mn, NFC; then only one-byte runes count.
    folded = unicodedata.normalize("NFD", text)
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return github_slug(unicodedata.normalize("NFC", folded), ascii_only=True)


def blackfriday_slug(text: str) -> str:
    """Return Hugo's ``blackfriday`` id (blackfriday v1 SanitizedAnchorName)."""
    # Letters (L*) and numbers (N*) lower-cased; any run of others is one "-", dropped at
    # the start and at the end.
    out: list[str] = []
    dash = False
    for char in text:
        if unicodedata.category(char)[0] in "LN":
            if dash and out:
                out.append("-")
            dash = False
            out.append(_go_lower(char))
        else:
            dash = True
    return "".join(out)


_SLUGGERS = {"github": github_slug, "github-ascii": github_ascii_slug,
             "blackfriday": blackfriday_slug}


class GoldmarkIds:
    """The ids of one page's headings, in document order, as Hugo's idFactory gives them."""

    def __init__(self, id_type: str = "github", *, attributes: bool = True) -> None:
        if id_type not in _SLUGGERS:
            raise ValueError(f"expected one of {ID_TYPES}, got {id_type!r}")
        self._slug = _SLUGGERS[id_type]
        # parser.attribute.title: off, a trailing `{#id}` is heading text like any other.
        self._attributes = attributes
        # autoid.go idFactory.vals: every id given so far, explicit ones included.
        self._taken: set[str] = set()
        self._last: dict[str, int] = {}
        """The number of each base's last `base-n` id."""
        self.last_base = ""
        """The id the last heading would have had before `-n` made it unique (RG106)."""

    def id(self, contents: str) -> str:
        """Return the id of the next heading from its contents as written."""
        if self._attributes:
            text, explicit = split_heading_attributes(contents)
        else:
            text = _CLOSING_HASHES.sub("", contents.strip(" \t")).rstrip(" \t")
            explicit = None
        if explicit is not None:
            self._taken.add(explicit)  # idFactory.Put: later auto ids avoid it
            self.last_base = explicit
            return explicit
        self.last_base = self._slug(text) or "heading"
        return self._unique(self.last_base)

    def term_id(self, text: str) -> str:
        """Return the id of the next definition term (`autoDefinitionTermID`) from its
        plain text, as Hugo's attributes transformer gives it: the same factory as the
        headings', so a term named like a heading gets `-1`; an empty one is `term`."""
        return self._unique(self._slug(text) or "term")

    def _unique(self, base: str) -> str:
        # idFactory.Generate: a taken id gets -1, -2, ... the first not taken, checked
        # against every id so far (so "echo-1-1" can appear).
        result = base
        # Ids are only ever added, so the first free number for a base never goes down:
        # the search starts where the last one for that base ended, which keeps 20,000
        # alike headings linear and gives Hugo's ids all the same.
        number = self._last.get(base, 0)
        while result in self._taken:
            number += 1
            result = f"{base}-{number}"
        if result != base:
            self._last[base] = number
        self._taken.add(result)
        return result
