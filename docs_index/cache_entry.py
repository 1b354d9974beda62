"""One parse-cache entry: a `Document` and its problems as bytes, and back, the way back
treating the bytes as untrusted input.

The cache directory is outside the checked tree and may be shared (a CI cache restored from
another run) or damaged, so decoding never trusts an entry for more than its shape:

- the payload is JSON, not `marshal`: `marshal.loads` allocates what the bytes claim (33
  bytes saying "a tuple of 2^31 items" ask for 16 GiB before anything can be checked),
  while a JSON value cannot be larger than its text; the text is bounded before it is
  parsed (`unpack`'s `limit`, a multiple of the file's size), so is what decompressing it
  may produce;
- every field is then checked for its type and range (`from_tuple`): ints are ints (not
  floats, `inf` or strings), kinds are known, positions lie inside the file, the line count
  is the file's, and a suppression comment stands on a line that has one.

What shape checks cannot see is a well-formed entry that says less than the file does (its
links dropped): only parsing again could. That is why the cache is trusted only in a
directory no one else can write (`docs_index.cache.trust_problem`), and why a shared CI
cache should be keyed per branch; see the README's "Speed and the cache".
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Sequence
from typing import Any

from docs_index.model import (
    Anchor,
    AttrList,
    Block,
    BlockKind,
    Directive,
    DirectiveKind,
    Document,
    Heading,
    Link,
    LinkKind,
    Location,
    Problem,
    RefUse,
)

MAGIC = b"RGC3"
_DIGEST = 16


def payload_limit(text: str) -> int:
    """The most decoded JSON an entry for `text` may hold: a document repeats its text a
    few times (block text, link and heading text), JSON escapes can make a character six,
    and each position costs a few bytes. Past this the entry is not read (and the file is
    parsed: a miss, never a wrong result)."""
    return 1024 * 1024 + 64 * len(text)


def as_tuple(doc: Document, problems: list[Problem]) -> tuple:
    """`doc` and its problems as tuples of str/int/None, paths and block lines left out."""
    blocks = tuple((b.kind.value, b.line, len(b.lines), b.text, b.level, b.item, b.info, b.code)
                   for b in doc.blocks)
    return (
        doc.title, doc.front_matter, doc.front_matter_lines,
        tuple((h.loc.line, h.loc.col, h.level, h.text, h.slug, h.base_slug)
              for h in doc.headings),
        tuple((a.loc.line, a.loc.col, a.name) for a in doc.anchors),
        tuple((k.loc.line, k.loc.col, k.target, k.text, k.kind.value, k.block, k.label)
              for k in doc.links),
        tuple((r.loc.line, r.loc.col, r.label, r.text, r.defined) for r in doc.ref_uses),
        blocks, doc.words, doc.line_count,
        tuple((d.loc.line, d.loc.col, d.kind.value, d.rules) for d in doc.directives),
        tuple((p.loc.line, p.loc.col, p.rule_id, p.detail, p.hint) for p in problems),
        tuple((a.loc.line, a.loc.col, a.body, a.block_end) for a in doc.attr_lists),
    )


def pack(data: tuple) -> bytes:
    """An entry: magic, digest of the payload, payload (compressed JSON). ASCII JSON, so a
    lone surrogate from YAML front matter round-trips; NaN and infinity are allowed for the
    same front matter (`.inf`), and refused by `from_tuple` anywhere else. Empty when the
    data cannot be written (front matter nested past the recursion limit): no entry."""
    try:
        text = json.dumps(data, separators=(",", ":"))
    except (ValueError, RecursionError):
        return b""
    payload = zlib.compress(text.encode("ascii"), 1)
    return MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def unpack(blob: bytes, limit: int) -> list | None:
    """The fields of an entry, or None when it is not one intact entry or its JSON would
    be over `limit` bytes (checked while decompressing, so a small bomb stays small)."""
    head = len(MAGIC) + _DIGEST
    if len(blob) <= head or not blob.startswith(MAGIC):
        return None
    payload = blob[head:]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[len(MAGIC) : head]:
        return None
    inflate = zlib.decompressobj()
    try:
        raw = inflate.decompress(payload, limit + 1)
        if len(raw) > limit or not inflate.eof or inflate.unconsumed_tail:
            return None
        data = json.loads(raw.decode("ascii"))
    except (ValueError, RecursionError, zlib.error):  # JSONDecodeError, bad digits too
        return None
    return data if isinstance(data, list) else None


# -- checking the fields ---------------------------------------------------------------------

class _Bad(ValueError):
    pass


def _int(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:  # bool, float, inf, "3" are not
        raise _Bad("not an int in range")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise _Bad("not a string")
    return value


def _strs(value: object) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Bad("not a list")
    return tuple(_str(v) for v in value)


def _rows(value: object, width: int) -> list[list]:
    if type(value) is not list or any(type(r) is not list or len(r) != width for r in value):
        raise _Bad("not a list of rows")
    return value


def _choice(value: object, kinds: Callable[[str], Any]) -> Any:
    return kinds(_str(value))  # an unknown value raises ValueError


def from_tuple(path: str, text: str, data: Sequence,
               blocks: bool = True) -> tuple[Document, list[Problem]]:
    """The inverse of `as_tuple`, for the file at `path` whose text is `text`; without its
    blocks unless `blocks`. Every field is checked against its type and against `text`.

    Raises ValueError on anything that is not what `as_tuple` makes of this text."""
    if len(data) != 13:
        raise _Bad("not thirteen fields")
    (title, front, front_lines, headings, anchors, links, ref_uses, block_data, words,
     line_count, directives, problems, attrs) = data
    total = text.count("\n") + 1  # lines as the reader splits them, a last empty one too
    count = _int(line_count, 0, total)
    if count != total - (1 if text.endswith("\n") else 0):
        raise _Bad("not this file's line count")
    widest = len(text) + 1

    def loc(line: object, col: object) -> Location:
        return Location(path, _int(line, 1, total), _int(col, 0, widest))

    if type(front) is not dict or type(front_lines) is not dict:
        raise _Bad("front matter is not a mapping")
    lines_of = {key: _int(value, 1, total) for key, value in front_lines.items()}
    heads = tuple(Heading(loc(line, col), _int(level, 1, 6), _str(t), _str(slug), _str(base))
                  for line, col, level, t, slug, base in _rows(headings, 6))
    anchor_list = tuple(Anchor(loc(line, col), _str(name)) for line, col, name in
                        _rows(anchors, 3))
    link_list = tuple(Link(loc(line, col), _str(target), _str(t), _choice(kind, LinkKind),
                           _int(block, -1, len(text)), _str(label))
                      for line, col, target, t, kind, block, label in _rows(links, 7))
    uses = tuple(RefUse(loc(line, col), _str(label), _str(t), _flag(defined))
                 for line, col, label, t, defined in _rows(ref_uses, 5))
    split = text.split("\n") if blocks or directives else []
    block_list = []
    for kind, line, n, t, level, item, info, code in _rows(block_data, 8):
        first = _int(line, 1, total)
        n = _int(n, 0, total - first + 1)
        block_list.append(Block(_choice(kind, BlockKind), first,
                                tuple(split[first - 1 : first - 1 + n]) if blocks else (),
                                _str(t), _int(level, 0, len(text) + 1),
                                _int(item, 0, len(text) + 1), _str(info), _strs(code)))
    comments = []
    for line, col, kind, rules in _rows(directives, 4):
        where, what = loc(line, col), _choice(kind, DirectiveKind)
        source = split[where.line - 1]  # suppress.py finds a comment on one line
        if not source[where.col - 1:].startswith("<!--") or f"refgraph-{what}" not in source:
            raise _Bad("a suppression comment the file does not hold")
        comments.append(Directive(where, what, _strs(rules)))
    doc = Document(
        path=path, title=_str(title), front_matter=front, front_matter_lines=lines_of,
        headings=heads, anchors=anchor_list, links=link_list, ref_uses=uses,
        blocks=tuple(block_list) if blocks else (), words=_int(words, 0, len(text)),
        line_count=count, directives=tuple(comments),
        attr_lists=tuple(AttrList(loc(line, col), _str(body), _flag(end))
                         for line, col, body, end in _rows(attrs, 4)),
    )
    return doc, [Problem(loc(line, col), _str(rule_id), _str(detail), _str(hint))
                 for line, col, rule_id, detail, hint in _rows(problems, 5)]


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Bad("not a boolean")
    return value
