"""Liquid in a Jekyll page, as far as it decides where links go.

Jekyll renders a page's Liquid before kramdown reads its Markdown, so a destination written
`{{ '/docs/x/' | relative_url }}` is a link to `/docs/x/` after `baseurl`, though Markdown
sees no link in it (a destination has no blanks), and `{% raw %}`, `{% comment %}` and
`{% highlight %}` make code or nothing of what they hold. refgraph renders only the URL
forms whose value the repository says (`relative_url`, `absolute_url`, `prepend:
site.baseurl`, `site.baseurl`, `site.url`); any other value (`{{ site.repository }}`,
`{{ page.x }}`, a loop variable) is opaque: such a link is not checked, and a reference
definition it writes still defines its label.

Written as small hand scanners over `{{`, `{%` and their closers (`str.find`), not regular
expressions: the input is user text, and each scan is one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.common.utils import normalizeReference

from docs_index.model import BlockKind, Document

CODE_TAGS = {"raw": "endraw", "comment": "endcomment", "highlight": "endhighlight"}
"""Liquid blocks whose contents are code (`raw`, `highlight`) or dropped (`comment`): no
link and no tag inside them is one."""
_URL_FILTERS = ("relative_url", "absolute_url")


class _Closers:
    """The end of a Liquid tag of one line, each closer searched for once: callers ask
    at growing positions, so a line of many unclosed `{{` costs one scan, not one per
    `{{`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def tag_end(self, start: int) -> int:
        """The end of the tag opening at `start` (`{{` or `{%`), or -1 if it is not
        closed on this line."""
        closer = "}}" if self.text.startswith("{{", start) else "%}"
        at = self.found.get(closer)
        if at is None or 0 <= at < start + 2:
            at = self.found[closer] = self.text.find(closer, start + 2)
        return -1 if at < 0 else at + 2


def tag_name(tag: str) -> str:
    """`raw` for `{%- raw -%}`: the first word of a `{% %}` tag."""
    inner = tag[2:-2].strip("-").strip()
    return inner.split(None, 1)[0] if inner else ""


def code_masked(doc: Document) -> dict[int, str]:
    """Each source line of the document's blocks, by line number, with the `raw`,
    `comment` and `highlight` blocks (their tags included) blanked, so that columns stay.
    The blocks are followed across Markdown blocks and through fenced code, where Liquid
    runs too."""
    masked: dict[int, str] = {}
    closing = ""  # the end tag awaited, while inside a code block
    for block in doc.blocks:
        for offset, line in enumerate(block.lines):
            number = block.line + offset
            if "{%" not in line and not closing:
                masked[number] = line
                continue
            out, done, start, closers = [], 0, 0, _Closers(line)
            region = 0 if closing else -1  # where the blanking began on this line
            while (start := line.find("{%", start)) >= 0:
                end = closers.tag_end(start)
                if end < 0:
                    break
                name = tag_name(line[start:end])
                if closing and name == closing:
                    out += [line[done:region], " " * (end - region)]
                    done, closing, region = end, "", -1
                elif not closing and name in CODE_TAGS:
                    closing, region = CODE_TAGS[name], start
                start = end
            if closing:
                out += [line[done:region], " " * (len(line) - region)]
            else:
                out.append(line[done:])
            masked[number] = "".join(out)
    return masked


@dataclass(frozen=True)
class Destination:
    """A link destination written with Liquid that Markdown does not read as one."""

    col: int
    """0-based column of its first character."""
    text: str
    """As written, Liquid tags and fragment included."""


def destination_at(line: str, start: int, closers: _Closers | None = None) -> Destination | None:
    """The destination starting at `start` if it opens with a Liquid tag (`{{` or `{%`)
    with a blank inside, which Markdown stops at: Liquid tags and the characters up to a
    blank, `)` or `<`."""
    end, blank = _destination_end(line, start, closers or _Closers(line))
    return Destination(start, line[start:end]) if blank else None


def _destination_end(line: str, start: int, closers: _Closers) -> tuple[int, bool]:
    """Where a destination opening with Liquid at `start` ends, and whether a tag in it
    holds a blank; (start, False) when none opens there or a tag is not closed."""
    if not line.startswith(("{{", "{%"), start):
        return start, False
    end, blank = start, False
    while end < len(line):
        if line.startswith(("{{", "{%"), end):
            close = closers.tag_end(end)
            if close < 0:
                return start, False
            blank = blank or any(c.isspace() for c in line[end:close])
            end = close
        elif line[end].isspace() or line[end] in ")<":
            break
        else:
            end += 1
    return end, blank


def inline_destinations(line: str) -> list[Destination]:
    """The destinations of `[text](…)` links on a line that open with Liquid Markdown does
    not read (`]({{ '/x/' | relative_url }})`); a `{% link %}` tag is read elsewhere."""
    found, start, closers = [], 0, _Closers(line)
    while (start := line.find("](", start)) >= 0:
        start += 2
        at = start
        while at < len(line) and line[at] == " ":
            at += 1
        end, blank = _destination_end(line, at, closers)
        if blank and "{%" not in line[at:end]:
            found.append(Destination(at, line[at:end]))
        start = max(start, end)  # each character is scanned once
    return found


@dataclass(frozen=True)
class Definition:
    """A reference definition `[label]: destination` whose destination (or label) is
    Liquid Markdown does not read as one."""

    label: str
    """As written; Liquid tags in it (a loop's `[#{{ issue }}]`) match any text."""
    destination: Destination


def definition(line: str, plain: bool = False) -> Definition | None:
    """`[label]: {{ … }}…` at the start of a line (up to three spaces in, as CommonMark);
    with `plain`, `[label]: url` too (a definition after one written with Liquid, which
    Markdown took for the same paragraph's text)."""
    indent = len(line) - len(line.lstrip(" "))
    if indent > 3 or not line.startswith("[", indent):
        return None
    close, at, closers = indent + 1, indent + 1, _Closers(line)
    bracket = -1
    while True:  # the label ends at the first `]` outside Liquid tags
        if bracket < at:
            bracket = line.find("]", at)
        tag = line.find("{{", at)
        if bracket < 0:
            return None
        if 0 <= tag < bracket:
            at = closers.tag_end(tag)
            if at < 0:
                return None
            continue
        close = bracket
        break
    label = line[indent + 1:close]
    if not label.strip() or label.startswith("^") or not line.startswith(":", close + 1):
        return None  # an empty label or a footnote: no reference
    rest = close + 2
    at = rest + len(line[rest:]) - len(line[rest:].lstrip(" \t"))
    destination = destination_at(line, at, closers)
    if destination is None and (plain or "{{" in label) and at < len(line):
        end = at
        while end < len(line) and not line[end].isspace():
            end += 1
        destination = Destination(at, line[at:end])  # a plain destination, a Liquid label
    return None if destination is None else Definition(label, destination)


def _pattern_parts(label: str) -> list[str]:
    """A label's literal parts around its Liquid tags, normalised as labels are."""
    parts, done, start, closers = [], 0, 0, _Closers(label)
    while (start := label.find("{{", done)) >= 0:
        end = closers.tag_end(start)
        if end < 0:
            break
        parts.append(label[done:start])
        done = end
    parts.append(label[done:])
    return [p.upper() for p in parts]


def labels_defined(written: str, uses: list[str]) -> list[str]:
    """The labels (normalised) a definition's label as written defines among `uses`: its
    own, or, with Liquid in it, every use it can render to (each tag matching any text:
    a literal part found left to right, the first at the start, the last at the end)."""
    if "{{" not in written:
        return [normalizeReference(written)]
    parts = _pattern_parts(written)
    return [use for use in uses if _matches(parts, use)]


def _matches(parts: list[str], label: str) -> bool:
    first, last = parts[0].strip(), parts[-1].strip()
    if not label.startswith(first) or not label.endswith(last) or len(label) < len(first) + len(
            last):
        return False
    at = len(first)
    for part in parts[1:-1]:
        found = label.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return at <= len(label) - len(last)


def render_url(href: str, baseurl: str) -> str | None:
    """`href` with the Liquid URL forms whose value the site says rendered: `{{ 'p' |
    relative_url }}` and `absolute_url` (`baseurl` and `p` with a leading `/`), `{{ 'p' |
    prepend: site.baseurl }}`, `{{ site.baseurl }}`, and `{{ site.url }}` at the start (the
    site itself). None when any other Liquid is in it: its value is not in the repository."""
    if "{%" in href:
        return None  # a tag (a `{% link %}` whole is read before this)
    out, done, start, closers = [], 0, 0, _Closers(href)
    while (start := href.find("{{", done)) >= 0:
        end = closers.tag_end(start)
        if end < 0:
            return None
        value = _url_value(href[start + 2:end - 2].strip("-").strip(), baseurl,
                           at_start=start == 0)
        if value is None:
            return None
        out += [href[done:start], value]
        done = end
    return "".join([*out, href[done:]])


def _url_value(expression: str, baseurl: str, at_start: bool) -> str | None:
    if expression == "site.baseurl":
        return baseurl
    if expression == "site.url" and at_start:
        return ""
    value, _, pipe = expression.partition("|")
    value, pipe = value.strip(), " ".join(pipe.split())
    if len(value) < 2 or value[0] not in "'\"" or value[-1] != value[0]:
        return None
    path = value[1:-1]
    if pipe in _URL_FILTERS:
        return baseurl + (path if path.startswith("/") else "/" + path)
    if pipe in ("prepend: site.baseurl", "prepend:site.baseurl"):
        return baseurl + path
    return None


def is_link_block(kind: BlockKind) -> bool:
    return kind in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE, BlockKind.HTML)
