"""Inline suppression comments, as markdownlint and ESLint spell them:

    <!-- refgraph-disable-next-line RG102 -->   the next line
    <!-- refgraph-disable-line RG101 -->        the line the comment is on
    <!-- refgraph-disable RG501 RG502 -->       from here to the next `refgraph-enable`
    <!-- refgraph-enable RG501 -->              (or to the end of the file)
    <!-- refgraph-disable-file RG304 -->        the whole file

Rules are ids or names, separated by spaces or commas; none means every rule. Comments in
code blocks are text, not directives, so only HTML, paragraph, heading and table blocks are
scanned.
"""

from __future__ import annotations

import re

from docs_index.model import BlockKind, Directive, DirectiveKind, Document, Location

__all__ = ["Directive", "DirectiveKind", "find_directives"]

_DIRECTIVE = re.compile(
    r"<!--\s*refgraph-(disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"([^>]*?)\s*-->")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_SCANNED = (BlockKind.HTML, BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE)


def find_directives(doc: Document) -> tuple[Directive, ...]:
    """Every suppression comment in `doc`, in file order."""
    found: list[Directive] = []
    for block in doc.blocks:
        if block.kind not in _SCANNED:
            continue
        for offset, line in enumerate(block.lines):
            if "refgraph-" not in line:
                continue
            if block.kind is not BlockKind.HTML:  # a directive in a code span is text
                line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
            for match in _DIRECTIVE.finditer(line):
                rules = tuple(r for r in re.split(r"[\s,]+", match.group(2)) if r)
                found.append(Directive(Location(doc.path, block.line + offset, match.start() + 1),
                                       DirectiveKind(match.group(1)), rules))
    return tuple(found)
