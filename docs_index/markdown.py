"""Markdown text → `Document`, with markdown-it-py.

This is the only module that knows the parser: swapping it (see the performance notes in
docs/) means rewriting `parse_markdown` and nothing else.

markdown-it-py gives block tokens a line range (`Token.map`) but inline tokens none, so the
position of each link is recorded while the inline rules run (`_track`) and turned into a
line and column here, once.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import footnote_def
from mdit_py_plugins.front_matter import front_matter_plugin

from docs_index.front_matter import read_front_matter
from docs_index.model import (
    Anchor,
    AttrList,
    Block,
    BlockKind,
    Document,
    Heading,
    Link,
    LinkKind,
    Location,
    Problem,
    RefUse,
)
from docs_index.slugs import Slugger, github_slug
from docs_index.suppress import find_directives

_TRACKED_RULES = ("link", "image", "autolink", "html_inline")


def _track(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the tokens it emits remember where in the source they began."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        ok = rule(state, silent)
        if ok and not silent:
            # tokens[count] may be the pending text the rule flushed before its own token
            for tok in state.tokens[count:]:
                if tok.type in ("link_open", "image", "html_inline"):
                    tok.meta["src_offset"] = start
                    tok.meta["src"] = state.src[start : state.pos]
                    break
        return ok

    return wrapped


def _undefined_reference(state: StateInline, silent: bool) -> bool:
    """Record a full `[text][label]` or collapsed `[label][]` reference whose label the file
    never defines, as a `ref_undefined` token; always decline, so the parse is unchanged.

    markdown-it renders such a use as literal text and leaves no token to find it by, so
    this rule runs just before `link` and looks at the source itself, with the same label
    parser `link` uses (code spans, escapes and HTML comments are consumed by earlier rules
    and never reach it). To keep brackets in prose out, it leaves alone a `[` that directly
    follows a word or a closing bracket (`m[i][j]`, the second pair of `[a][b][c]`), footnote
    labels (`[^1]`) and citations (`[1][2]`, `[3][]`); shortcut `[label]` is never recorded.
    """
    src, start = state.src, state.pos
    if silent or src[start] != "[":
        return False
    if start > 0 and (src[start - 1].isalnum() or src[start - 1] in "_])"):
        return False
    text_end = state.md.helpers.parseLinkLabel(state, start, True)
    after = text_end + 1
    if text_end < 0 or after >= state.posMax or src[after] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, after)
    if label_end < 0:
        return False
    text, written = src[start + 1 : text_end], src[after + 1 : label_end]
    label = written or text
    key = normalizeReference(label)
    if (not key or len(label) > 999 or key in state.env.get("references", {})
            or key.startswith("^") or (text.strip().isdigit() and label.strip().isdigit())):
        return False
    token = state.push("ref_undefined", "", 0)
    # an image is located at its `!`, as a defined one is
    offset = start - 1 if start > 0 and src[start - 1] == "!" else start
    token.meta = {"src_offset": offset, "label": key, "text": " ".join(label.split())}
    return False


MAX_NESTING = 100


def make_parser() -> MarkdownIt:
    """A CommonMark parser with GitHub's tables and front matter, tracking link positions.

    Links are recorded as written: refgraph never renders, so neither percent-encoding
    (`normalizeLink`) nor the rejection of `javascript:` or `file:` links (`validateLink`)
    may hide what the author wrote.
    """
    # maxNesting: CommonMark's preset stops at 20 levels (10 nested lists), far short of
    # what GitHub renders; markdown-it's parser keeps its own stack, so 100 is safe (tested
    # with 10,000 levels) and what lies deeper is reported (RG006), not lost in silence
    md = MarkdownIt("commonmark", {"store_labels": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(front_matter_plugin)
    # GitHub renders `[^x]: text` as a footnote: without this rule CommonMark reads
    # `[^x]: [url](url)` as a reference definition whose target is the whole link. Only the
    # definition's block rule is taken: its text is then read like any paragraph (its links
    # are links), while a `[^x]` in prose stays text, as it always was here.
    md.block.ruler.before("reference", "footnote_def", footnote_def,
                          {"alt": ["paragraph", "reference"]})
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    ruler = md.inline.ruler
    for name in _TRACKED_RULES:
        ruler.at(name, _track(ruler.__rules__[ruler.__find__(name)].fn))
    ruler.before("link", "undefined_reference", _undefined_reference)
    return md


_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")
"""Python-Markdown's `attr_list` pattern (`BASE_RE` in `markdown/extensions/attr_list.py`),
so what is recorded is what a site with that extension reads."""
_ELEMENT_ENDS = frozenset(")]*_`~")


def _attr_list_matches(text: str) -> Iterator[re.Match[str]]:
    """`_ATTR_LIST.finditer(text)`, in linear time. The pattern fails only at a line's
    end, so a line of `{` without `}` made each `{` scan to that end (quadratic: 80 KB of
    `{{< ref "a.md" ` took 10 s). No match reaches past a line's last `}`, so each line
    is searched only up to it."""
    start = 0
    while start <= len(text):
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline
        last = text.rfind("}", start, stop)
        if last >= 0:
            yield from _ATTR_LIST.finditer(text, start, last + 1)
        if newline < 0:
            return
        start = newline + 1
"""Characters that close an inline element (link, emphasis, code span): an attribute list
right after one belongs to it (`[](){#id}`, `*x*{: .c}`)."""


class _HtmlScan(HTMLParser):
    """Collects link attributes and anchors from raw HTML; comments are skipped by design."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, str, str]] = []  # line, col, kind, value, tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.found.append((line, col, "link", value, tag))
            elif name == "id" or (name == "name" and tag == "a"):
                self.found.append((line, col, "anchor", value, tag))

    handle_startendtag = handle_starttag

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # Python's parser raises AssertionError on a `<![` it does not know (`<![i]`);
        # HTML reads any `<![` but CDATA as a bogus comment up to the next `>`, as newer
        # Pythons do
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i)


def _scan_html(html: str) -> list[tuple[int, int, str, str, str]]:
    scan = _HtmlScan()
    try:
        scan.feed(html)
        # feed() stops at a comment with no end. close() would try it again, then every
        # `<` after it, each a search to the end: quadratic ('<!--' * 40,000 took 10 s).
        # A browser reads an unclosed comment to the end of the HTML, so nothing after it
        # is shown, and nothing after it is read here
        if not scan.rawdata.startswith("<!--"):
            scan.close()
    except AssertionError:  # any other declaration Python's parser gives up on: keep
        pass                # what was found before it
    return scan.found


def _column(source_line: str, content_line: str, col_in_content: int, start: int = 0) -> int:
    """1-based column in the file of a character of an inline token's content line.

    markdown-it strips block prefixes (`> `, list indentation) and trailing spaces from
    each content line, so the line is found again in the source: as its end for
    paragraphs and headings, as a substring at or after `start` for table cells.
    """
    return _shift(source_line, content_line, start) + col_in_content + 1


def _shift(source_line: str, content_line: str, start: int = 0) -> int:
    """How far right of its place in the content line a character is in the source line
    (the same for every character of the line, so it is found once per line)."""
    body = content_line.rstrip()
    src = source_line.rstrip()
    if body and src.endswith(body) and start == 0:
        return len(src) - len(body)
    lead = len(content_line) - len(content_line.lstrip())
    found = source_line.find(content_line.strip(), start) if content_line.strip() else -1
    if found >= 0:
        return found - lead
    return 0


class _Reader:
    """One pass over the token stream of one file."""

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.slugger = Slugger()
        self.headings: list[Heading] = []
        self.anchors: list[Anchor] = []
        self.attr_lists: list[AttrList] = []
        self.links: list[Link] = []
        self.ref_uses: list[RefUse] = []
        self.blocks: list[Block] = []
        self.problems: list[Problem] = []
        self.words = 0

    def loc(self, line0: int, col: int = 1) -> Location:
        return Location(self.path, line0 + 1, col)

    def block_lines(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(self.lines[start:end])

    # -- inline -------------------------------------------------------------------------

    def inline(
        self, tok: Token, block_index: int, start: int = 0, block: str = ""
    ) -> tuple[str, tuple[str, ...]]:
        """Collect links from an inline token; return its plain text and code spans.

        `start` is where in the source line to look for the content (table cells); `block`
        is `heading` or `paragraph` for the inline content of one (attribute lists at their
        end count), else empty.
        """
        assert tok.map is not None
        content = tok.content
        content_lines = content.split("\n")
        text: list[str] = []
        code: list[str] = []
        open_link: tuple[Token, int] | None = None  # link_open and where its text starts
        prose: list[str] = []  # text outside code spans, for attribute lists

        # where each content line starts, and its shift in the source, found once: per
        # link, counting lines and matching the line again was quadratic in a paragraph
        # (or a line) of 100,000 links
        line_starts = list(itertools.accumulate((len(line) + 1 for line in content_lines),
                                                initial=0))
        shifts: dict[int, int] = {}

        def where(offset: int) -> Location:
            line_in = bisect.bisect_right(line_starts, offset) - 1
            col_in = offset - line_starts[line_in]
            line0 = tok.map[0] + line_in  # type: ignore[index]
            if line_in not in shifts:
                source = self.lines[line0] if line0 < len(self.lines) else ""
                shifts[line_in] = _shift(source, content_lines[line_in], start)
            return self.loc(line0, shifts[line_in] + col_in + 1)

        for child in tok.children or ():
            kind = child.type
            if kind == "text":
                text.append(child.content)
                prose.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                text.append("\n")
            elif kind == "code_inline":
                text.append(child.content)
                code.append(child.content)
            elif kind == "link_open":
                open_link = (child, len(text))
            elif kind == "link_close" and open_link is not None:
                opener, first = open_link
                open_link = None
                self.add_link(opener, "".join(text[first:]), where, block_index)
            elif kind == "image":
                self.add_link(child, child.content, where, block_index)
            elif kind == "html_inline":
                self.html_inline(child, where, block_index)
            elif kind == "ref_undefined":
                meta = child.meta
                self.ref_uses.append(RefUse(where(meta["src_offset"]), meta["label"],
                                            meta["text"], defined=False))
        if "{" in content:
            self.attr_lists_in(content, "\n".join(prose), where, block)
        return "".join(text), tuple(code)

    def attr_lists_in(self, content: str, plain: str, where: Callable[[int], Location],
                      block: str) -> None:
        """Record the attribute lists of an inline token's source `content` that
        Python-Markdown's `attr_list` would apply: after an inline element, at the end of a
        heading, or alone on the last line of a paragraph. One found in the source but not
        in `plain` (the text outside code spans) is inside a code span, a URL or an HTML
        tag, where it is no attribute list."""
        in_plain = {m.group(0) for m in _attr_list_matches(plain)}
        end = len(content.rstrip(" "))
        for match in _attr_list_matches(content):
            if match.group(0) not in in_plain:
                continue
            at = match.start()
            at_end = match.end() == end
            # what stands before, read backwards from `at`, not by copying content[:at]:
            # a line of 50,000 attribute lists must not copy its prefix 50,000 times
            blank_to = at
            while blank_to > 0 and content[blank_to - 1] == " ":
                blank_to -= 1
            is_block = at_end and block == "paragraph" and (
                blank_to == 0 or content[blank_to - 1] == "\n")
            is_heading = at_end and block == "heading" and at > 0 and content[at - 1] == " "
            after_element = at > 0 and content[at - 1] in _ELEMENT_ENDS
            if is_block or is_heading or after_element:
                self.attr_lists.append(AttrList(where(at), match.group(1).strip(), is_block))

    def add_link(
        self, tok: Token, label: str, where: Callable[[int], Location], block_index: int
    ) -> None:
        offset = tok.meta.get("src_offset")
        loc = where(offset) if offset is not None else self.loc(0)
        raw: str = tok.meta.get("src", "")
        if tok.type == "image":
            if raw.endswith("]"):
                # `![alt][label]`: recorded as an image as before, and as a use of its label
                written = _written_label(raw[1:])
                self.ref_uses.append(RefUse(loc, normalizeReference(written), written))
            kind, target = LinkKind.IMAGE, str(tok.attrs.get("src", ""))
        elif tok.markup == "autolink":
            kind, target = LinkKind.AUTOLINK, str(tok.attrs.get("href", ""))
        elif "label" in tok.meta:
            # `[text][label]`, `[label][]` or `[label]` (markdown-it's `store_labels` keeps the
            # key it looked up): the target is checked once, at the definition, so the use
            # is only recorded for the label rules.
            self.ref_uses.append(RefUse(loc, tok.meta["label"], _written_label(raw)))
            return
        else:
            kind, target = LinkKind.INLINE, str(tok.attrs.get("href", ""))
        self.links.append(Link(loc, target, label, kind, block_index))

    def html_inline(
        self, tok: Token, where: Callable[[int], Location], block_index: int
    ) -> None:
        offset = tok.meta.get("src_offset")
        if offset is None:
            return
        start = where(offset)
        for line, col, kind, value, _tag in _scan_html(tok.content):
            # one inline tag rarely spans lines; columns after a break are best effort
            loc = Location(self.path, start.line + line - 1, start.col + (col if line == 1 else 0))
            self.add_html(kind, value, loc, block_index)

    def add_html(self, kind: str, value: str, loc: Location, block_index: int) -> None:
        if kind == "anchor":
            self.anchors.append(Anchor(loc, value))
        else:
            self.links.append(Link(loc, value, "", LinkKind.HTML, block_index))

    # -- blocks -------------------------------------------------------------------------

    def add_block(self, block: Block) -> int:
        self.blocks.append(block)
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE):
            self.words += len(block.text.split())
        return len(self.blocks) - 1

    def heading(self, open_tok: Token, inline_tok: Token) -> None:
        assert open_tok.map is not None
        start, end = open_tok.map
        index = len(self.blocks)
        text, code = self.inline(inline_tok, index, block="heading")
        level = int(open_tok.tag[1])
        loc = self.loc(start, len(self.lines[start]) - len(self.lines[start].lstrip()) + 1)
        self.headings.append(Heading(loc, level, text, self.slugger.slug(text),
                                     github_slug(text)))
        self.add_block(Block(BlockKind.HEADING, start + 1, self.block_lines(start, end),
                             text, level, 0, "", code))

    def html_block(self, tok: Token) -> None:
        assert tok.map is not None
        start, end = tok.map
        index = self.add_block(Block(BlockKind.HTML, start + 1, self.block_lines(start, end)))
        content_lines = tok.content.split("\n")
        shifts: dict[int, int] = {}  # per line, not per tag: a line may hold 100,000 tags
        for line, col, kind, value, _tag in _scan_html(tok.content):
            line0 = start + line - 1
            if line not in shifts:
                shifts[line] = _shift(self.lines[line0], content_lines[line - 1])
            self.add_html(kind, value, self.loc(line0, shifts[line] + col + 1), index)

    def table(self, tokens: list[Token], i: int) -> int:
        """Read a table from `table_open` at `i`; return the index after `table_close`."""
        open_tok = tokens[i]
        assert open_tok.map is not None
        start, end = open_tok.map
        index = len(self.blocks)
        rows: list[list[str]] = []
        code: list[str] = []
        i += 1
        search = 0  # cells of a row are found left to right in its source line
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open":
                rows.append([])
                search = 0
            elif tok.type == "inline" and tok.map is not None:
                cell, spans = self.inline(tok, index, search)
                rows[-1].append(cell)
                code.extend(spans)
                row = self.lines[tok.map[0]]
                found = row.find(tok.content, search) if tok.content else -1
                search = (found + len(tok.content)) if found >= 0 else search
            i += 1
        text = "\n".join(" | ".join(row) for row in rows)
        self.add_block(Block(BlockKind.TABLE, start + 1, self.block_lines(start, end),
                             text, 0, 0, "", tuple(code)))
        return i + 1

    def definitions(self, env: dict) -> None:
        for label, ref in sorted(env.get("references", {}).items(), key=lambda kv: kv[1]["map"]):
            line0 = ref["map"][0]
            source = self.lines[line0]
            col = source.find("[") + 1 or 1
            loc = self.loc(line0, col)
            # the label as written, when it stands on the definition's first line
            written = source[col : source.find("]", col)] if "]" in source[col:] else ""
            written = " ".join(written.split())
            if normalizeReference(written) != label:
                written = label
            self.links.append(Link(loc, ref["href"], written, LinkKind.REFERENCE, -1, label))


def _written_label(raw: str) -> str:
    """The label of a reference link's source, whitespace collapsed: `[text][label]` →
    `label`; `[label][]` and `[label]` → `label` as written (not the rendered text: `[*x*][]`
    is looked up as `*x*`). A label holds no unescaped brackets, so a full reference is the
    one whose last `[` directly follows a `]`."""
    last = raw.rfind("[")
    if last > 0 and raw[last - 1] == "]" and raw.endswith("]"):
        label = raw[last + 1 : -1] or raw[1 : last - 1]
    else:
        label = raw[1:-1]
    return " ".join(label.split())


def _front_matter(reader: _Reader, tok: Token) -> tuple[dict, dict[str, int]]:
    """Metadata from the front matter block the Markdown parser found (see front_matter.py)."""
    assert tok.map is not None
    # 1-based line of the first YAML line, after `---`
    data, lines, problems = read_front_matter(reader.path, tok.content, tok.map[0] + 2)
    reader.problems.extend(problems)
    return data, lines


def _walk(reader: _Reader, tokens: list[Token]) -> Iterator[tuple[Token, dict, dict[str, int]]]:
    """Turn the token stream into blocks; yields the front matter token if there is one."""
    lists: list[list[int]] = []  # per open list: [ordered?, items so far]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "front_matter":
            data, lines = _front_matter(reader, tok)
            yield tok, data, lines
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1)) - 1 if kind == "ordered_list_open" else 0
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1][1] += 1
        elif kind == "heading_open":
            reader.heading(tok, tokens[i + 1])
            i += 2
        elif kind == "paragraph_open":
            assert tok.map is not None
            start, end = tok.map
            index = len(reader.blocks)
            text, code = reader.inline(tokens[i + 1], index, block="paragraph")
            item = lists[-1][1] if lists and lists[-1][0] else 0
            reader.add_block(Block(BlockKind.PARAGRAPH, start + 1, reader.block_lines(start, end),
                                   text, len(lists), item, "", code))
            i += 2
        elif kind in ("fence", "code_block"):
            assert tok.map is not None
            start, end = tok.map
            block_kind = BlockKind.FENCE if kind == "fence" else BlockKind.CODE
            reader.add_block(Block(block_kind, start + 1, reader.block_lines(start, end),
                                   tok.content, len(lists), 0, tok.info.strip()))
        elif kind == "html_block":
            reader.html_block(tok)
        elif kind == "table_open":
            i = reader.table(tokens, i)
            continue
        elif kind == "hr":
            assert tok.map is not None
            start, end = tok.map
            reader.add_block(Block(BlockKind.HR, start + 1, reader.block_lines(start, end)))
        i += 1


def parse_markdown(md: MarkdownIt, path: str, text: str) -> tuple[Document, list[Problem]]:
    """Parse one file's text (line endings already `\\n`) into a `Document`."""
    lines = text.split("\n")
    reader = _Reader(path, lines)
    env: dict = {}
    tokens = md.parse(text, env)
    front: dict = {}
    front_lines: dict[str, int] = {}
    for _tok, data, key_lines in _walk(reader, tokens):
        front, front_lines = data, key_lines
    reader.definitions(env)
    limit = md.options["maxNesting"]
    deep = next((t for t in tokens if t.level >= limit - 1 and t.map), None)
    if deep is not None:
        assert deep.map is not None
        reader.problems.append(Problem(
            Location(path, deep.map[0] + 1), "RG006",
            f"nested {limit} levels deep (lists, quotes), where parsing stops; what follows "
            "may not be checked"))
    return finish(reader, text, front, front_lines)


def finish(reader: _Reader, text: str, front: dict,
           front_lines: dict[str, int]) -> tuple[Document, list[Problem]]:
    """The `Document` of what `reader` collected from `text`: shared with the compiled
    parser's reader (`markdown_fast.py`), so both make it the same way."""
    path, lines = reader.path, reader.lines
    title = front.get("title") if isinstance(front.get("title"), str) else None
    if title is None:
        title = next((h.text for h in reader.headings if h.level == 1), "")
    doc = Document(
        path=path,
        title=title.strip(),
        front_matter=front,
        front_matter_lines=front_lines,
        headings=tuple(reader.headings),
        anchors=tuple(reader.anchors),
        # by place: the path is the file's own, and comparing (line, col) directly is a
        # fifth of comparing `Location`s (100,000 links on one line)
        links=tuple(sorted(reader.links, key=lambda link: (link.loc.line, link.loc.col))),
        ref_uses=tuple(reader.ref_uses),
        blocks=tuple(reader.blocks),
        words=reader.words,
        line_count=len(lines) - (1 if text.endswith("\n") else 0),
        attr_lists=tuple(reader.attr_lists),
    )
    return replace(doc, directives=find_directives(doc)), reader.problems
