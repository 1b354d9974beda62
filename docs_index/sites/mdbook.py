"""mdBook: a book's chapters, listed in `SUMMARY.md`, built from `[book] src` into one HTML
page each.

- *Is this my site*: a `book.toml` anywhere (several books in one repository are several
  sites); its `[book] src` (default `src`, beside it) is the source folder
  (`mdbook_config.py` reads it with `tomllib`, and SUMMARY.md).
- *Ids*: mdBook 0.5's (`mdbook_rules.py`): `# Title {#id}` first, then the heading's text
  lower-cased with letters, digits, `_`, `-` kept and whitespace made `-`, repeats `-1`,
  `-2`; a book whose `book.toml` uses settings only 0.4 accepts gets 0.4's ids. Raw HTML
  anchors (`<a id="x">`) as written.
- *Extra links*: `{{#include file}}`, `{{#include file:name}}` and line ranges,
  `{{#rustdoc_include}}`, `{{#playground}}` (`mdbook_directives.py`), wherever they stand:
  mdBook expands them in the chapter's raw text, code blocks included. The file is taken
  from the chapter's folder; a named part must be an `ANCHOR: name` of the file.
- *Where a link lands*: a chapter is served at its path in `src/` with `.html` for `.md`
  (`README.md` as `index.html`), so a link is resolved from the chapter's folder either
  way: `x.md` (which mdBook rewrites to `x.html`) on `x.md`, `x.html` on `x.md`,
  `dir/` and `index.html` on `README.md` or `index.md` (at the book's root, the first
  chapter, which mdBook also writes as `index.html`), `[output.html.redirect]` pages on
  their destination (`mdbook_links.py`). A link to `README.md` becomes `README.html`,
  which mdBook never writes. A page link that leaves `src/` goes to another part of the
  built site (a sibling book): not checkable; a file link that leaves it names a file the
  book does not copy; a bare name that is no file, in a book with a preprocessor refgraph
  does not run, may be that preprocessor's to resolve: not checkable either.
- *Navigation*: SUMMARY.md's chapters; drafts (`[Title]()`), part titles and separators
  name no page. mdBook builds only the chapters it lists.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path

from docs_index.files import read_regular
from docs_index.model import Document, Heading, Link, LinkKind, Location
from docs_index.resolve import Target, TargetKind
from docs_index.sites import (
    Landing,
    NavEntry,
    Navigation,
    References,
    Site,
    SiteRoot,
    site_root,
)
from docs_index.sites.mdbook_config import MdBookSettings, load_book, summary_path
from docs_index.sites.mdbook_directives import (
    Directive,
    DirectiveKind,
    anchor_names,
    find_directives,
)
from docs_index.sites.mdbook_links import land_link
from docs_index.sites.mdbook_rules import (
    explicit_heading_id,
    id_from_content,
    legacy_id_from_content,
    legacy_unique_id,
    unique_id,
)
from docs_index.wildmatch import escape

MAX_INCLUDED_BYTES = 4 * 1024 * 1024
"""An included file is source code or a snippet; past this its anchors are not read."""
_DIRECTIVE_START = "{{"
"""How a directive's link target starts (the directive as written, `{{#include …}}` or
`{{ #include …}}`): a Markdown link that starts so and is a directive is expanded by mdBook
before Markdown is read, so `land` takes it as one."""


def _detect(root: Path, files: frozenset[str]) -> list[SiteRoot]:
    found: list[SiteRoot] = []
    for config in sorted(f for f in files if f.rpartition("/")[2] == "book.toml"):
        settings, notes = load_book(root, config, files)
        source = posixpath.normpath(posixpath.join(posixpath.dirname(config), settings.src))
        same = next((s for s in found if s.kind == "mdbook"
                     and (s.source or ".") == source), None)
        if same is not None:
            # rust-lang/book's nostarch/book.toml builds ../src again, for print: one
            # source folder is one set of pages, judged by the first book
            found[found.index(same)] = replace(same, notes=(
                *same.notes, f"{config}: builds {source}/ too; read as {same.config} says"))
            continue
        found.append(site_root("mdbook", config, source, "[book] src", settings.src, settings,
                               tuple(notes)))
    return found


def _settings(site: SiteRoot) -> MdBookSettings:
    return site.settings if isinstance(site.settings, MdBookSettings) else MdBookSettings()


def _ids(doc: Document, site: SiteRoot) -> tuple[tuple[Heading, ...], frozenset[str]]:
    legacy = _settings(site).legacy_ids
    used: set[str] = set()
    counter: dict[str, int] = {}
    jumps: dict[tuple[str, str, int], int] = {}
    headings = []
    for heading in doc.headings:
        text, explicit = explicit_heading_id(heading.text)
        if explicit is not None:
            slug = base = explicit  # an explicit id never enters the generated ones
        elif legacy:
            # 0.4 slugs the heading's HTML, where `Vec<T>` is `Vec&lt;T&gt;`: escaped, the
            # text is not taken for a tag
            base = legacy_id_from_content(html.escape(text, quote=False))
            slug = legacy_unique_id(base, counter)
        else:
            base = id_from_content(text)
            slug = unique_id(base, used, jumps)
        headings.append(Heading(heading.loc, heading.level, text.strip(), slug, base))
    ids = frozenset(h.slug for h in headings) | {a.name for a in doc.anchors}
    return tuple(headings), ids


def _directives(doc: Document) -> list[tuple[int, Directive, int, str]]:
    """Each file directive of a chapter with its block's index, first line and the
    directive as written. Every block is scanned, code included: the links preprocessor
    works on the chapter's raw text."""
    found = []
    for index, block in enumerate(doc.blocks):
        text = "\n".join(block.lines)  # once per block: a block may hold many directives
        for directive in find_directives(text):
            if directive.kind is not DirectiveKind.TITLE:
                # one line in a finding, though `{{#include …}}` may span several
                written = " ".join(text[directive.start : directive.end].split())
                found.append((index, directive, block.line, written))
    return found


def _extra_links(doc: Document, site: SiteRoot) -> tuple[Link, ...]:
    links = []
    for index, directive, first, written in _directives(doc):
        loc = Location(doc.path, first + directive.line - 1, directive.col)
        links.append(Link(loc, written, written, LinkKind.INLINE, index))
    return tuple(links)


def _included(directive: Directive, chapter: str) -> str:
    """The file a directive names, root-relative: from the chapter's folder, as written
    (mdBook joins the path to the folder, decoding nothing)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(chapter), directive.path))


def _pages(site: SiteRoot, documents: Mapping[str, Document]) -> SiteRoot:
    """The book with what its chapters include: each included file, and the `ANCHOR:`
    names of those included by name. The reader reads Markdown only, so a source file a
    chapter includes is read here, once, bounded."""
    settings = _settings(site)
    included: set[str] = set()
    by_name: set[str] = set()
    for path, doc in sorted(documents.items()):
        if not site.holds(path):
            continue
        for _index, directive, _line, _written in _directives(doc):
            target = _included(directive, path)
            included.add(target)
            if isinstance(directive.selector, str):
                by_name.add(target)
    anchors: dict[str, frozenset[str]] = {}
    root = settings.root.resolve() if settings.root is not None else None
    for target in sorted(by_name):
        if root is None or target == ".." or target.startswith("../"):
            continue
        path = (root / target).resolve()
        if not path.is_relative_to(root):  # a symbolic link out of the corpus: not read
            continue
        try:
            data = read_regular(path, MAX_INCLUDED_BYTES)
        except (OSError, ValueError):  # missing, not a file, too large: RG101's or no answer
            continue
        anchors[target] = anchor_names(data.decode("utf-8", "replace"))
    return replace(site, settings=replace(settings, include_anchors=anchors,
                                          included=frozenset(included)))


def _land_directive(site: SiteRoot, source: str, directive: Directive) -> Landing:
    path = _included(directive, source)
    kind = TargetKind.OUTSIDE if path == ".." or path.startswith("../") else TargetKind.PATH
    if not isinstance(directive.selector, str):
        return Landing(Target(kind, path))
    # None when the file was not read (missing: RG101's; or no book.toml said where the
    # corpus is): the name is then not judged
    return Landing(Target(kind, path, directive.selector),
                   anchors=_settings(site).include_anchors.get(path))


def _in_src(site: SiteRoot, path: str) -> str:
    return posixpath.join(site.source, path) if site.source and path else (site.source or path)


def _land(site: SiteRoot, source: str, href: str, files: Collection[str]) -> Landing:
    if href.startswith(_DIRECTIVE_START):
        directive = next(iter(find_directives(href)), None)
        if directive is not None:
            return _land_directive(site, source, directive)
    return land_link(site, _settings(site), source, href, files)


def _navigation(site: SiteRoot, files: Collection[str]) -> Navigation | None:
    """SUMMARY.md's chapters; None when the book has none (mdBook then builds nothing)."""
    settings = _settings(site)
    if not settings.summary:
        return None
    where = summary_path(site.source)
    entries = []
    for entry in settings.summary:
        if not entry.path:
            continue  # a draft, a part title, a separator: no page
        line = settings.summary_text[entry.line - 1] if entry.line <= len(
            settings.summary_text) else ""
        col = line.find("[") + 1 or 1
        page = posixpath.normpath(_in_src(site, entry.path))
        entries.append(NavEntry(page, Location(where, entry.line, col), entry.path,
                                entry.title))
    # a Markdown file a chapter includes is part of that chapter, not a page of its own;
    # the "not found" page is rendered whether SUMMARY.md lists it or not
    inside = sorted(posixpath.relpath(p, site.source) if site.source else p
                    for p in settings.included if site.holds(p))
    return Navigation(tuple(entries), complete=True, unlisted_ok=tuple(
        "/" + escape(p) for p in (*inside, posixpath.normpath(settings.page_404))))


def _references(doc: Document, site: SiteRoot) -> References:
    """In a book with a preprocessor refgraph does not run (rust-lang/reference's
    mdbook-spec turns `[items.fn]` into a link to that rule), a reference no definition of
    the chapter matches may be the preprocessor's to resolve: counted, not reported."""
    if not _settings(site).preprocessors:
        return References(doc.ref_uses, {})
    uses = tuple(use for use in doc.ref_uses if use.defined)
    return References(uses, {}, len(doc.ref_uses) - len(uses))


SITE = Site(name="mdbook", detect=_detect, ids=_ids, extra_links=_extra_links, land=_land,
            navigation=_navigation, exact_fragments=True, reads_blocks=True, pages=_pages,
            references=_references)
