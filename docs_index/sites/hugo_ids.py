"""Ids on a Hugo page: its headings' and definition terms' as Goldmark makes them
(`goldmark_ids.py`), its raw HTML anchors, and those of the pages it includes."""

from __future__ import annotations

from docs_index.model import BlockKind, Document, Heading
from docs_index.sites.goldmark_ids import GoldmarkIds, split_heading_attributes
from docs_index.sites.hugo_config import HugoSettings


def _heading_source(lines: dict[int, str], heading: Heading) -> str:
    """What Goldmark slugs: an ATX heading's source after its `#` marks; else (a setext
    heading) its text."""
    line = lines.get(heading.loc.line, "").lstrip(" ")
    return line.lstrip("#") if line.startswith("#") else heading.text


def definition_terms(doc: Document) -> list[tuple[int, str]]:
    """Goldmark's definition terms (line, plain text): each line of a paragraph before its
    first `: definition` line, or the whole paragraph just above (a blank line between) a
    paragraph that opens with one."""
    terms: list[tuple[int, str]] = []
    previous = None
    for block in doc.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            lines = block.text.split("\n")
            first = next((n for n, line in enumerate(lines) if line.startswith((": ", ":\t"))),
                         None)
            if first:
                terms += [(block.line + n, line) for n, line in enumerate(lines[:first])]
            elif first == 0 and previous is not None and (
                    previous.line + len(previous.lines) + 1 == block.line) and not (
                    terms and terms[-1][0] >= previous.line):
                terms += [(previous.line + n, line)
                          for n, line in enumerate(previous.text.split("\n"))]
        # a definition (`: x`) is no term for a later one
        previous = (block if block.kind is BlockKind.PARAGRAPH
                    and not block.text.startswith((": ", ":\t")) else None)
    return terms


def page_ids(doc: Document, settings: HugoSettings) -> tuple[tuple[Heading, ...],
                                                               frozenset[str]]:
    """A page's headings with their ids, and every id it has."""
    page = GoldmarkIds(settings.id_type, attributes=settings.attribute_title)
    # one pass over the blocks: a look-up per heading keeps 20,000 headings linear
    lines = {b.line: b.lines[0] for b in doc.blocks if b.kind is BlockKind.HEADING and b.lines}
    terms = definition_terms(doc) if settings.definition_term_ids else []
    # headings and terms share one id factory, in document order
    order = sorted([(h.loc.line, 0, n) for n, h in enumerate(doc.headings)]
                   + [(line, 1, n) for n, (line, _) in enumerate(terms)])
    headings = []
    term_ids = set()
    for _, is_term, n in order:
        if is_term:
            term_ids.add(page.term_id(terms[n][1]))
            continue
        heading = doc.headings[n]
        slug = page.id(_heading_source(lines, heading))
        text = (split_heading_attributes(heading.text)[0] if settings.attribute_title
                else heading.text)
        headings.append(Heading(heading.loc, heading.level, text.strip(), slug,
                                page.last_base or slug))
    ids = (frozenset(h.slug for h in headings) | term_ids | {a.name for a in doc.anchors}
           | settings.included_ids.get(doc.path, frozenset()))
    return tuple(headings), ids
