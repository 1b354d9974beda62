"""mdBook's heading ids and link rewriting.

Pure functions over strings, no I/O: the mdBook site module calls them on what the corpus
reader already read. Each is a port of the rust-lang/mdBook source named in its docstring;
tests/sites/test_mdbook_rules.py quotes that source's own test tables with their commits
(master 641d06abe7d10d981ed61dd2711a30e4119666cd, tags v0.5.4 and v0.4.52, whose heading
ids differ). SUMMARY.md is read by `mdbook_summary`, `{{#include}}` and its kin by
`mdbook_directives`.

Hand-written because mdBook is a Rust binary that does not install here and no Python
package reproduces its rules.
"""

from __future__ import annotations

import re

from docs_index.suffixes import first_free

__all__ = [
    "RUST_WHITESPACE",
    "RUST_WHITESPACE_CHARS",
    "chapter_html_path",
    "explicit_heading_id",
    "html_link",
    "id_from_content",
    "is_readme",
    "legacy_id_from_content",
    "legacy_unique_id",
    "unique_id",
]

# Rust's `char::is_whitespace` is the Unicode White_Space property; Python's `str.isspace`
# also accepts U+001C..U+001F, which Rust does not, so the set is spelled out.
RUST_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
RUST_WHITESPACE_CHARS = "".join(sorted(RUST_WHITESPACE))


def id_from_content(content: str, *, section_fallback: bool = False) -> str:
    """A heading's id from its text, as mdBook 0.5 makes it: `id_from_content` in
    crates/mdbook-html/src/utils.rs (same code from v0.5.0 to v0.5.4).

    Trimmed, lower-cased, then letters, digits, `_` and `-` kept, each whitespace
    character turned into `-`, everything else dropped. Released versions give `""` for a
    heading of punctuation only; `section_fallback=True` follows the master branch after
    commit f895937f7134160b8383280ff6a6bfe2362e7c40 (in no release up to v0.5.4), which
    gives `section`. Python's `isalnum` stands for Rust's `is_alphanumeric`; they differ on
    combining vowel signs (Unicode Other_Alphabetic, e.g. Devanagari U+093F), which Rust
    keeps and this drops.
    """
    out = []
    for ch in content.strip(RUST_WHITESPACE_CHARS).lower():
        if ch.isalnum() or ch in "_-":
            out.append(ch)
        elif ch in RUST_WHITESPACE:
            out.append("-")
    result = "".join(out)
    return result or ("section" if section_fallback else "")


def unique_id(id_: str, used: set[str],
              jumps: dict[tuple[str, str, int], int] | None = None) -> str:
    """mdBook 0.5's `unique_id` (crates/mdbook-html/src/utils.rs): `x`, then `x-1`, `x-2`,
    ..., skipping any id the page already has.

    `used` is the page's set of generated ids and is updated; `jumps`, one per page like
    `used`, lets a repeat leap over the suffixes earlier repeats took (`first_free`), where
    mdBook counts from 1 each time (20,000 `## a`: 200 million lookups). Headings with an
    explicit `{#id}` never enter it (`add_header_links` in
    crates/mdbook-html/src/html/tree.rs), so an explicit id and a generated one can be
    equal on one page; headings written as raw HTML get no id at all.
    """
    if id_ not in used:
        used.add(id_)
        return id_
    candidate = f"{id_}-{first_free(id_, '-', 1, used, {} if jumps is None else jumps)}"
    used.add(candidate)
    return candidate


_LEGACY_ENTITIES = ("&lt;", "&gt;", "&amp;", "&#39;", "&quot;")


def legacy_id_from_content(html: str) -> str:
    """A heading's id as mdBook 0.4 makes it (src/utils/mod.rs at v0.4.52,
    f6dd0a4a13dfbf02a31ad8494e671fcddf832e48: `id_from_content` and `normalize_id`).

    The input is the heading's rendered HTML: tags and the entities `&lt;` `&gt;` `&amp;`
    `&#39;` `&quot;` are removed, the text trimmed and stripped of leading `#`; then
    letters, digits, `_`, `-` are kept and lower-cased in ASCII only (`Über` stays `Über`),
    whitespace becomes `-`. An empty result stays empty.
    """
    text = _strip_tags(html)
    for entity in _LEGACY_ENTITIES:
        text = text.replace(entity, "")
    text = text.strip(RUST_WHITESPACE_CHARS).lstrip("#").strip(RUST_WHITESPACE_CHARS)
    out = []
    for ch in text:
        if ch.isalnum() or ch in "_-":
            out.append(ch.lower() if ch.isascii() else ch)
        elif ch in RUST_WHITESPACE:
            out.append("-")
    return "".join(out)


def _strip_tags(html: str) -> str:
    """mdBook 0.4's `(<.*?>)` removal, by hand: a backtracking regex takes quadratic time
    on a line of many `<` without `>`, where Rust's regex engine stays linear."""
    out = []
    pos = 0
    gt = -1  # the next `>` at or after the scan position, cached so no text is rescanned
    while True:
        lt = html.find("<", pos)
        if lt < 0:
            break
        if gt < lt:
            gt = html.find(">", lt)
        if gt < 0:
            break
        newline = html.find("\n", lt, gt)
        if newline >= 0:  # `.` stops at a newline: no tag starts before it on this line
            out.append(html[pos : newline + 1])
            pos = newline + 1
            continue
        out.append(html[pos:lt])
        pos = gt + 1
    out.append(html[pos:])
    return "".join(out)


def legacy_unique_id(id_: str, counter: dict[str, int]) -> str:
    """mdBook 0.4's `unique_id_from_content` suffixes: a count per base id, so the third
    `x` is `x-2` even when a heading's own id is literally `x-1` (no collision check).
    In 0.4 every `<hN>` of the page's HTML gets an id, raw HTML headings included
    (`build_header_links` in src/renderer/html_handlebars/hbs_renderer.rs)."""
    n = counter.get(id_, 0)
    counter[id_] = n + 1
    return id_ if n == 0 else f"{id_}-{n}"


# pulldown-cmark's heading attribute block (ENABLE_HEADING_ATTRIBUTES, on in every mdBook
# since 0.4): `{...}` at the end of the heading content, no `{ } < > \` or newline inside.
_HEADING_ATTRS = re.compile(r"\{([^{}<>\\\n]*)\}[ \t]*\Z")
_ATTR_SEPARATORS = re.compile(r"[ \t\f]+")


def explicit_heading_id(content: str, *, atx: bool = True) -> tuple[str, str | None]:
    """Split a heading's content (`Title {#id .class}`, without the opening `#`s) into its
    text and its explicit id, or None.

    As pulldown-cmark's specs/heading_attrs.txt: the block comes after an ATX heading's
    closing `#`s (`# H1 # {#id1}`), items are separated by space, tab or form feed, an
    item `#name` is the id and the last one wins, `#` alone is ignored.
    """
    m = _HEADING_ATTRS.search(content)
    text = content if m is None else content[: m.start()]
    text = text.rstrip(" \t")
    if atx:
        # CommonMark's optional closing sequence: `#`s preceded by a space or tab, or the
        # whole content. Written out because a regex for it backtracks quadratically on
        # long runs of spaces.
        bare = text.rstrip("#")
        if len(bare) < len(text) and (bare == "" or bare[-1] in " \t"):
            text = bare.rstrip(" \t")
    if m is None:
        return text, None
    found: str | None = None
    for item in _ATTR_SEPARATORS.split(m.group(1)):
        if item.startswith("#") and len(item) > 1:
            found = item[1:]
    return text, found


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def html_link(target: str) -> str:
    """How mdBook rewrites a link target in a chapter: `fix_link` in
    crates/mdbook-html/src/html/tree.rs (the same in 0.4's `adjust_links`).

    Fragment-only and scheme links stay; otherwise the regex `(?P<link>.*)\\.md(?P<anchor>#.*)?`
    is applied: the last `.md` of the first line holding one becomes `.html`, a `#fragment`
    right after it is kept, and the rest is dropped. So `a.mdx` becomes `a.html` and
    `a.md?x` becomes `a.html`, as in mdBook. `README.md` becomes `README.html`, a page
    that is never built: only a chapter's own output file is renamed `index.html`
    (:func:`chapter_html_path`); rust-lang/mdBook issue #984, open.
    Written out by hand, since that regex backtracks quadratically in Python.
    """
    if target.startswith("#") or _SCHEME.match(target):
        return target
    for line in target.split("\n"):
        dot = line.rfind(".md")
        if dot >= 0:
            rest = line[dot + 3 :]
            return line[:dot] + ".html" + (rest if rest.startswith("#") else "")
    return target


def is_readme(path: str) -> bool:
    """`is_readme_file` in crates/mdbook-driver/src/builtin_preprocessors/index.rs: the
    file stem is `readme` in any case, whatever the extension."""
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem.lower() == "readme"


def chapter_html_path(source: str) -> str:
    """The output file of a SUMMARY chapter: `README.md` (any case) is renamed `index.md` by
    the index preprocessor, then `.md` becomes `.html` (`path.with_extension("html")`)."""
    head, _, name = source.rpartition("/")
    if is_readme(source):
        name = "index.md"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{head}/{stem}.html" if head else f"{stem}.html"
