"""Corpus → one `networkx.MultiDiGraph`. The only code that adds nodes and edges.

Node ids are root-relative POSIX paths (`STORAGE.md`), `path:<slug>` for reading paths,
`plan:<n>` for planned posts and the URL for external links. A document's headings are its
`headings` attribute, and the links from one file to one target are one edge carrying each
link. A link to something that does not exist still gets a node, with `exists=False`: a
fact on the graph for the checks to judge, not a builder error.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from docs_index.corpus import MARKDOWN_SUFFIXES, Corpus
from docs_index.ignore import PatternList
from docs_index.model import Directive, Document, Link, LinkKind
from docs_index.resolve import Target, TargetKind, directory_readme, resolve
from docs_index.sites import (
    Navigation,
    Site,
    SiteRoot,
    describe,
    detect,
    site_named,
    site_of,
    with_pages,
)
from docs_index.wildmatch import escape
from graph.config import Config, generic_site
from graph.model import EdgeKind, NodeKind
from graph.series import corpus_series
from posts import BlogIndex, parse_index, parse_plan, parse_post
from posts.backlog import PlannedDoc, plan_beside
from posts.series import Series, SeriesPost, name_place
from posts.stats import parse_stats

_NUMBERED = re.compile(r"^(?!\d{4}-\d{2}-\d{2}(?:[-_.]|$))\d+[-_]")
"""A numbered file name (`07-x.md`), not a dated one (`2024-03-01-x.md`): a folder of dated
posts is a blog that discovery orders by date, not a series numbered by year."""


@dataclass(frozen=True)
class Layout:
    """Where the series lives in this corpus."""

    posts: str
    index: str
    plan: str


def detect_layout(config: Config, files: frozenset[str]) -> Layout:
    """The configured layout, or, when the default post glob matches nothing and the user set
    none, the directory holding the most numbered Markdown files (`NN-slug.md`), with its
    README as the index and its BACKLOG (else PLAN, ROADMAP: `plan_beside`) as the plan:
    real series live in `blog/`, `posts/`, `docs/blog/`, and a tool that finds nothing by
    default helps no one."""
    spec = PatternList.from_lines([config.posts])
    if "posts" in config.explicit or any(map(spec.matcher(), files)):
        plan = config.plan
        if "plan" not in config.explicit and plan not in files:  # `blog/PLAN.md`, if any
            plan = plan_beside([posixpath.dirname(plan)], files) or plan
        return Layout(config.posts, config.index, plan)
    counts = Counter(
        posixpath.dirname(f) for f in files
        if f.lower().endswith(MARKDOWN_SUFFIXES) and _NUMBERED.match(posixpath.basename(f))
    )
    if not counts or counts.most_common(1)[0][1] < 3:
        return Layout(config.posts, config.index, config.plan)
    best = min(counts, key=lambda d: (-counts[d], d.count("/"), d))
    prefix = f"{best}/" if best else ""
    return Layout(
        f"/{escape(prefix)}[0-9]*.md",  # a folder named `[draft]` is no glob
        config.index if "index" in config.explicit else f"{prefix}README.md",
        config.plan if "plan" in config.explicit else (
            plan_beside([best], files) or f"{prefix}BACKLOG.md"),
    )


def post_matcher(layout: Layout) -> Callable[[str], bool]:
    """Whether a file (POSIX, relative to the root) is a post of the layout's series."""
    return PatternList.from_lines([layout.posts]).matcher()


def needs_blocks(layout: Layout, sites: tuple[SiteRoot, ...] = (),
                 may_be_post: Callable[[str], bool] | None = None) -> Callable[[str], bool]:
    """Which documents `build` reads beyond their links and headings: posts, the index and
    the plan (prose, lists, footers), and the files of a site whose module reads source
    lines (Hugo's shortcodes); every other file goes without its blocks. `may_be_post`:
    which files may be posts, when series are configured or discovered
    (`graph.series.may_be_post`); else the layout's posts."""
    is_post = may_be_post or post_matcher(layout)
    reading = tuple(r for r in sites if r.kind != "github" and site_named(r.kind).reads_blocks)
    if not reading:
        return lambda path: path in (layout.index, layout.plan) or is_post(path)
    return lambda path: (path in (layout.index, layout.plan) or is_post(path)
                         or site_of(sites, path) in reading)


class _Builder:
    def __init__(self, corpus: Corpus, config: Config, layout: Layout,
                 sites: Sequence[SiteRoot] | None,
                 built: nx.MultiDiGraph | None = None) -> None:
        """`built`: the graph of a full build of this corpus, to re-derive some of its files
        in (`graph.incremental_patch`): its sites and series are taken as they are, since
        `corpus` then holds only those files."""
        self.corpus = corpus
        self.config = config
        self.layout = layout
        self.g = nx.MultiDiGraph() if built is None else built
        self.is_post = post_matcher(layout)
        self.kinds: dict[str, NodeKind] = {}
        self.nav_targets: dict[str, bool] = {}  # `may_be_nav_target`, per path
        self.by_name: dict[str, list[str]] | None = None
        if built is not None:
            sites = built.graph["sites"]
        elif sites is None:
            sites = detect(corpus.root, corpus.files, config.site, generic_site(config))
        self.sites = (tuple(sites) if built is not None
                      else tuple(with_pages(root, corpus.documents) for root in sites))
        self.unverifiable: list[dict[str, Any]] = []
        self.unchecked: dict[str, int] = {}
        """Per file, its cross-references only a site's build resolves (`unchecked_references`)."""
        self.definers: set[str] = set()
        """Files holding a reference definition (`[label]: target`)."""
        self.borrowed: dict[str, set[str]] = {}
        """Per file, the files whose links are written in it (an MkDocs snippet's links are
        the including page's, nested includes too): their findings are located there."""
        self.navigations: list[tuple[SiteRoot, Navigation]] = []
        for root in self.sites:
            if root.kind != "github":
                nav = site_named(root.kind).navigation(root, corpus.files)
                if nav is not None:
                    self.navigations.append((root, nav))
        self.series = built.graph["all_series"] if built is not None else corpus_series(
            config, layout.posts, layout.index, layout.plan, tuple(corpus.documents),
            corpus.documents, [(root.source, tuple(e.page for e in nav.entries))
                               for root, nav in self.navigations])
        self.legacy = len(self.series) == 1 and self.series[0].legacy
        self.member: dict[str, tuple[Series, SeriesPost]] = {
            post.file: (series, post) for series in self.series for post in series.posts}
        self.post_folders = frozenset(posixpath.dirname(p) for p in self.member)
        if not self.legacy:  # each series' own index and plan; no single layout
            self.layout = Layout("", "", "")
            folders = {posixpath.dirname(p) for p in self.member}
            self.is_post = lambda path: path in self.member or (
                posixpath.dirname(path) in folders and name_place(path) is not None)
        self.indexes = {s.index for s in self.series if s.index} if not self.legacy else {
            layout.index}
        self.plans = {s.plan for s in self.series if s.plan} if not self.legacy else {
            layout.plan}

    def may_be_nav_target(self, path: str) -> bool:
        """A post, or a missing Markdown file beside one: `Next: [x](01b-x.md)` to a file
        that is not there is still the post's Next link (RG101 reports the file), not a
        post without one. Once per path: the posts' glob is matched as git matches
        patterns, and each post asks of every link it has."""
        known = self.nav_targets.get(path)
        if known is None:
            known = self.nav_targets[path] = self.nav_target_among(self.corpus.files, path)
        return known

    def nav_target_among(self, files: Collection[str], path: str) -> bool:
        """`may_be_nav_target` as it answers with `files` listed (an incremental run asks
        it of the files before a change too), not kept."""
        return bool(self.is_post(path) or (
            path not in files and path.lower().endswith(MARKDOWN_SUFFIXES)
            and posixpath.dirname(path) in self.post_folders))

    def kind_of(self, path: str) -> NodeKind:
        kind = self.kinds.get(path)
        if kind is None:
            kind = self.kinds[path] = self._kind_of(path)
        return kind

    def _kind_of(self, path: str) -> NodeKind:
        if path in self.indexes:
            return NodeKind.INDEX
        if path in self.plans:
            return NodeKind.BACKLOG
        if self.is_post(path):
            return NodeKind.POST
        if path.lower().endswith(MARKDOWN_SUFFIXES) or path in self.corpus.documents:
            return NodeKind.DOC  # a site's `.mdx` page is read as Markdown too
        return NodeKind.FILE

    def ensure(self, node: str, kind: NodeKind, **attrs: Any) -> str:
        if node not in self.g:
            self.g.add_node(node, kind=kind, **attrs)
        return node

    def target_node(self, target: Target,
                    listings: bool = True) -> tuple[str, dict[str, Any]]:
        """The node a resolved link points at (created if new), and extra edge attributes.
        `listings`: whether the linking file's site shows a folder as GitHub does (its
        README under a file listing, `via_dir` for RG108); a static site's `land` has
        already named the folder's index page, so a folder reached there is the folder."""
        if target.kind is TargetKind.EXTERNAL:
            return self.ensure(target.path, NodeKind.EXTERNAL, exists=True), {}
        if target.kind is TargetKind.OUTSIDE:
            return self.ensure(target.path, NodeKind.OUTSIDE, exists=False), {}
        path = target.path
        if path in self.corpus.files:
            return self.ensure(path, self.kind_of(path), exists=True), {}
        if path in self.corpus.dirs and not listings:
            return self.ensure(path or ".", NodeKind.DIR, exists=True), {}
        if path in self.corpus.dirs:
            readme = directory_readme(path, self.corpus.files)
            if readme is not None:
                return self.ensure(readme, self.kind_of(readme), exists=True), {"via_dir": path}
            return self.ensure(path or ".", NodeKind.DIR, exists=True), {"via_dir": path}
        kind = NodeKind.DIR if target.is_dir else self.kind_of(path)
        return self.ensure(path, kind, exists=self.corpus.exists(path)), {}

    def site_of(self, path: str) -> SiteRoot:
        return site_of(self.sites, path)

    def add_documents(self) -> None:
        for path, doc in self.corpus.documents.items():
            self.g.add_node(path, **self.document_attrs(path, doc))

    def document_attrs(self, path: str, doc: Document) -> dict[str, Any]:
        """A document's node attributes, from the document alone (and its site)."""
        speed = self.config.reading_speed
        kind = self.kind_of(path)
        root = self.site_of(path)
        site = site_named(root.kind)
        headings, anchors = site.ids(doc, root)
        attrs: dict[str, Any] = {"kind": kind, "exists": True, "title": doc.title,
                                 "words": doc.words, "anchors": anchors,
                                 "ref_uses": doc.ref_uses}
        if site.references is not None:  # autorefs: some uses are links, some unknowable
            refs = site.references(doc, root)
            attrs["ref_uses"] = refs.uses
            if refs.hints:
                attrs["ref_hints"] = refs.hints
            if refs.unchecked:
                self.unchecked[path] = refs.unchecked
        if root.kind != "github":
            attrs["github_anchors"] = doc.slugs()  # for links from GitHub-read files
        if site.exact_fragments:
            attrs["exact_fragments"] = True  # a browser on a static page: case matters
        if root.kind != "github":
            attrs["site"] = root.kind  # reached through the site's own menus and lists
        if kind is NodeKind.POST:
            attrs["minutes"] = math.ceil(doc.words / speed) if doc.words else 0
        # headings are data on their document, by anchor in file order (a later heading
        # of the same anchor wins, as a node of that id did): nine nodes in ten were
        # headings, and each cost a node, an edge and their dicts
        attrs["headings"] = {heading.slug: heading for heading in headings}
        return attrs

    def add_links(self) -> None:
        """Each link where its file's site lands it (GitHub: `docs_index.resolve`): one
        LINKS_TO edge per (file, target), whose `links` list holds each link's attributes in
        file order, so a file linking a doc forty times adds one edge, not forty."""
        for path, doc in self.corpus.documents.items():
            self.add_file_links(path, doc)

    def add_file_links(self, path: str, doc: Document) -> None:
        """The LINKS_TO edges of one file (`add_links`), and its unverifiable links."""
        between: dict[str, list[dict[str, Any]]] = {}
        root = self.site_of(path)
        site = site_named(root.kind)
        extras = site.extra_links(doc, root)
        for link in extras:
            if link.loc.path != path:
                self.borrowed.setdefault(link.loc.path, set()).add(path)
        self.define_references(path, extras)
        if any(link.kind is LinkKind.REFERENCE for link in (*doc.links, *extras)):
            self.definers.add(path)
        # where each destination as written lands, once per file: the site's `land` and the
        # target's node depend on the file and the destination alone, and a file often
        # links one target many times (a line of 100,000 links to one missing file)
        landed: dict[str, tuple[str | None, str, dict[str, Any]] | None] = {}
        for link in (*doc.links, *extras):
            href = link.target
            if href in landed:
                where = landed[href]
            else:
                where = landed[href] = self.land_link(path, root, site, href)
            if where is None:
                continue
            node, fragment, extra = where
            if node is None:  # no source file makes it: nothing to judge
                # `file`: whose build made it; a link an MkDocs snippet brings is located
                # in the included file, and a patch re-derives the including page's
                self.unverifiable.append({"loc": link.loc, "target": href, "reason": fragment,
                                          "file": path})
                continue
            # `kind` on each link too: `model.each_link` hands a link out as an edge
            data = {"kind": EdgeKind.LINKS_TO, "loc": link.loc, "fragment": fragment,
                    "text": link.text, "target": href, "link_kind": link.kind,
                    "label": link.label, **extra}
            links = between.get(node)
            if links is None:
                links = between[node] = []
                self.g.add_edge(path, node, kind=EdgeKind.LINKS_TO, links=links)
            links.append(data)

    def land_link(self, path: str, root: SiteRoot, site: Site, href: str
                  ) -> tuple[str | None, str, dict[str, Any]] | None:
        """Where a link `href` in `path` lands: its node (created if new), fragment and extra
        edge attributes; (None, the reason, {}) for a link no source file makes; None for
        one that goes nowhere."""
        landing = site.land(root, path, href, self.corpus.files)
        if landing.unverifiable:
            return None, landing.unverifiable, {}
        target = landing.target
        if target.kind is TargetKind.EMPTY:
            return None
        if target.kind is TargetKind.SAME_FILE:
            node, extra = path, {}
        else:
            node, extra = self.target_node(target, site.file_listings)
        if landing.route is not None:  # a proposal is written as a route too
            extra = {**extra, "route_root": landing.route.root,
                     "route_extension": landing.route.extension}
        if landing.anchors is not None:  # the fragments this link is judged by
            extra = {**extra, "anchors": landing.anchors}
        if landing.leaves:
            extra = {**extra, "leaves_site": f"{root.kind} site's {landing.leaves}/"}
        elif root.kind == "github" and node != path and (
                self.site_of(node).kind != "github"):
            extra = {**extra, "seen_on_github": True}  # GitHub renders the target
        return node, target.fragment, extra

    def add_navigation(self) -> None:
        """Each site's navigation as NAV edges from the file it is written in to each page
        it lists; a site whose generator lists every page itself has none."""
        for root, nav in self.navigations:
            for order, entry in enumerate(nav.entries, 1):
                source = entry.loc.path
                self.ensure(source, self.kind_of(source), exists=self.corpus.exists(source))
                page = entry.page
                # an entry names a page: a folder, or a file the site does not build, is none
                missing = ("" if page in self.corpus.files and root.holds(page) else
                           f"{page} is a folder" if page.rstrip("/") in self.corpus.dirs else
                           f"{page} is outside {root.source}/" if self.corpus.exists(page)
                           else f"{page} does not exist")
                node = self.ensure(page, self.kind_of(page), exists=self.corpus.exists(page))
                self.g.add_edge(source, node, kind=EdgeKind.NAV, order=order, loc=entry.loc,
                                target=entry.written, text=entry.title, missing=missing,
                                base=root.source)

    def define_references(self, path: str, extras: Sequence[Link]) -> None:
        """A reference definition the site's own syntax writes (Jekyll's `[x]: {{ … }}`,
        which Markdown does not read as one) defines the uses Markdown left undefined."""
        labels = {link.label for link in extras if link.kind is LinkKind.REFERENCE}
        if labels:
            uses = self.g.nodes[path].get("ref_uses", ())
            self.g.nodes[path]["ref_uses"] = tuple(
                replace(use, defined=True) if not use.defined and use.label in labels else use
                for use in uses)

    def add_posts(self) -> None:
        for path, doc in self.corpus.documents.items():
            if self.kind_of(path) is NodeKind.POST:
                self.add_post(path, doc)

    def add_post(self, path: str, doc: Document) -> None:
        """A post's number, date, place and what its prose says, and its Next, Previously
        and "requires" edges."""
        post = parse_post(self.with_site_links(path, doc), self.may_be_nav_target)
        number = post.number
        if path in self.member and not self.legacy:  # its place in its series
            series, member = self.member[path]
            place = member.place
            number = place.number if place.part is None else place.part
            self.g.nodes[path].update(series=series.name, place=place.label(),
                                      sub_page=place.sub_page)
        elif path in self.member and self.member[path][1].place.sub_page:
            # the single series keeps its numbers; a sub-page is still no step of it
            self.g.nodes[path]["sub_page"] = True
        # draft: front matter `draft: true` (Hugo, Jekyll, Astro), on disk but not out;
        # mentions: prose "Part 7"; teasers: links that only announce or list later posts
        self.g.nodes[path].update(number=number, date=post.date,
                                  code_blocks=post.code_blocks, diagrams=post.diagrams,
                                  sections=post.sections, draft=post.draft,
                                  mentions=post.mentions, teasers=frozenset(post.teasers))
        for nav in post.nav:
            target = resolve(path, nav.target)
            if target.kind is not TargetKind.PATH:
                continue
            node, _ = self.target_node(target)
            self.g.add_edge(path, node, kind=EdgeKind(nav.direction.value), loc=nav.loc,
                            form=nav.form, target=nav.target)
        for target_text, loc in post.requires:
            target = resolve(path, target_text)
            if target.kind is TargetKind.PATH:
                node, _ = self.target_node(target)
                self.g.add_edge(path, node, kind=EdgeKind.REQUIRES, loc=loc,
                                target=target_text)

    def with_site_links(self, path: str, doc: Document) -> Document:
        """The document with its site's own links (`{% post_url x %}`) added as the
        relative links to the files they land on, so a Jekyll post's Next line is read
        like any other; the document itself is unchanged."""
        root = self.site_of(path)
        if root.kind == "github":
            return doc
        site = site_named(root.kind)
        extra = []
        for link in site.extra_links(doc, root):
            landing = site.land(root, path, link.target, self.corpus.files)
            target = landing.target
            if landing.unverifiable or target.kind is not TargetKind.PATH:
                continue
            relative = posixpath.relpath(target.path, posixpath.dirname(path) or ".")
            extra.append(replace(link, target=relative + (
                f"#{target.fragment}" if target.fragment else "")))
        if not extra:
            return doc
        return replace(doc, links=tuple(sorted((*doc.links, *extra), key=lambda lk: lk.loc)))

    def add_series(self) -> None:
        """A node per series and an edge to each of its posts with its place, so the
        Python API and `render --format json` show what discovery found; no rule reads
        them (the rules ask `all_series`)."""
        for series in self.series:
            node = f"series:{series.name}"
            self.g.add_node(node, kind=NodeKind.SERIES, exists=True, name=series.name,
                            found_by=series.found_by, index=series.index or "",
                            plan=series.plan or "", order=series.order)
            for i, post in enumerate(series.posts, 1):
                if post.file in self.g:  # a post the corpus left out gets no bare node
                    self.g.add_edge(node, post.file, kind=EdgeKind.IN_SERIES, order=i,
                                    place=post.place.label(), sub_page=post.place.sub_page)

    def index_order(self) -> list[tuple[str, bool]]:
        """The files `add_indexes` reads, in its order, each with whether its entries are
        read: the indexes, then each index of series (a course's README linking its
        modules), which lists folders, not posts, but whose reading paths are the
        course's own."""
        listing = {s.listed_in for s in self.series if s.listed_in} - self.indexes
        return [*((path, True) for path in sorted(self.indexes)),
                *((path, False) for path in sorted(listing))]

    def add_indexes(self) -> None:
        for path, entries in self.index_order():
            self.add_index(path, entries)

    def add_index(self, path: str, entries: bool = True) -> None:
        doc = self.corpus.documents.get(path)
        if doc is None:
            return
        index = parse_index(doc, self.is_post)
        if entries:
            self.add_entries(doc, index)
        self.add_paths(doc, index)

    def add_entries(self, doc: Document, index: BlogIndex) -> None:
        # one LISTS edge per listed post, plus one per numbered entry pointing at no post
        # (the target's kind says so); a second entry for a post is kept on the index node
        extra = [e for e in index.extra if e.duplicate_of is None]
        listed = sorted((*index.entries, *extra), key=lambda e: e.loc)
        primary = set(index.entries)  # asked per entry: the tuple was read 6M times at N=100
        for order, entry in enumerate(listed, 1):
            node, _ = self.target_node(resolve(doc.path, entry.target))
            self.g.add_edge(doc.path, node, kind=EdgeKind.LISTS, order=order, loc=entry.loc,
                            target=entry.target, minutes=entry.minutes, audience=entry.audience,
                            text=entry.title, shaped=entry.shaped)
            if entry.minutes is not None and entry in primary:
                self.g.nodes[node].setdefault("stated_minutes", entry.minutes)
        self.g.nodes[doc.path]["duplicate_entries"] = tuple(
            (self.target_node(resolve(doc.path, e.target))[0], e)
            for e in index.extra if e.duplicate_of is not None)

    def add_paths(self, doc: Document, index: BlogIndex) -> None:
        for path in index.paths:
            # several series: each index may have a "Quick start" path, so the index names it
            node = f"path:{path.slug}" if self.legacy else f"path:{doc.path}:{path.slug}"
            extra = {} if self.legacy else {"slug": path.slug}
            # a step without a link (or with `[T]()`) points at no node: kept on the path
            unlinked = tuple(s for s in path.steps
                             if resolve(doc.path, s.target).kind is TargetKind.EMPTY)
            self.g.add_node(node, kind=NodeKind.READING_PATH, title=path.title, loc=path.loc,
                            stated_minutes=path.stated_minutes, time_loc=path.time_loc,
                            unlinked_steps=unlinked, **extra)
            self.g.add_edge(doc.path, node, kind=EdgeKind.HAS_PATH)
            for step in path.steps:
                target = resolve(doc.path, step.target)
                if target.kind is TargetKind.EMPTY:
                    continue
                step_node = doc.path if target.kind is TargetKind.SAME_FILE else (
                    self.target_node(target)[0])
                self.g.add_edge(node, step_node, kind=EdgeKind.STEP, order=step.order,
                                loc=step.loc, target=step.target, text=step.text,
                                fragment=target.fragment, lines=step.lines)

    def planned_target(self, plan_path: str, item: PlannedDoc) -> str:
        """Plans name docs loosely (`STORAGE.md` from `blog/BACKLOG.md` means the root one):
        try beside the plan, then from the root, then a unique file of that name anywhere."""
        name = item.name.rstrip("/")
        for base in (posixpath.dirname(plan_path), ""):
            candidate = posixpath.normpath(posixpath.join(base, name)) if base else name
            if candidate in self.corpus.files or candidate in self.corpus.dirs:
                return self.target_node(Target(TargetKind.PATH, candidate))[0]
        if self.by_name is None:
            self.by_name = {}
            for f in self.corpus.files:
                self.by_name.setdefault(posixpath.basename(f), []).append(f)
        same_name = self.by_name.get(name, [])
        if len(same_name) == 1:
            return self.target_node(Target(TargetKind.PATH, same_name[0]))[0]
        return self.target_node(Target(TargetKind.PATH, posixpath.normpath(name),
                                       is_dir=item.name.endswith("/")))[0]

    def plan_order(self) -> list[tuple[str, str | None]]:
        """The plans `add_plans` reads, in its order, each with the series it plans (None
        in the single-series layout); a plan two tables name is the first's."""
        if self.legacy:
            return [(self.layout.plan, None)]
        done: dict[str, str | None] = {}
        for series in self.series:
            if series.plan and series.plan not in done:
                done[series.plan] = series.name
        return list(done.items())

    def add_plans(self) -> None:
        """Each series' plan. The single-series layout's entries are `plan:<n>`; with several
        series `plan:<series>:<n>`, with `series` and `number` attributes: entry 3 of a
        module's plan is lesson 3 of that module, and no other."""
        for path, series in self.plan_order():
            self.add_plan(path, series)

    def add_plan(self, path: str, series: str | None) -> None:
        doc = self.corpus.documents.get(path)
        if doc is None:
            return
        plan = parse_plan(doc)
        self.g.nodes[doc.path].update(guidelines=plan.guidelines, required=plan.required)
        if series is not None:
            self.g.nodes[doc.path]["series"] = series
        for entry in plan.entries:
            node = f"plan:{entry.number}" if series is None else f"plan:{series}:{entry.number}"
            extra = {} if series is None else {"series": series, "number": entry.number}
            self.g.add_node(node, kind=NodeKind.PLANNED_POST, title=entry.title, loc=entry.loc,
                            status=entry.status, priority=entry.priority,
                            estimate_words=entry.estimate_words,
                            estimate_minutes=entry.estimate_minutes, urls=entry.urls,
                            state=entry.state, status_loc=entry.status_loc,
                            estimate_loc=entry.estimate_loc, **extra)
            self.g.add_edge(doc.path, node, kind=EdgeKind.PLANS, loc=entry.loc)
            for item in entry.docs:
                target = self.planned_target(doc.path, item)
                self.g.add_edge(node, target, kind=EdgeKind.MUST_CITE, loc=item.loc,
                                name=item.name, needs_creation=item.needs_creation,
                                note=item.note)

    def claim_sources(self) -> list[tuple[str, bool, str | None]]:
        """The files `add_claims` reads, in its order: (path, whether it is a plan, the
        series it counts)."""
        if self.legacy:
            return [(self.layout.index, False, None), (self.layout.plan, True, None)]
        return [(path, is_plan, s.name) for s in self.series
                for path, is_plan in ((s.index, False), (s.plan, True)) if path]

    def add_claims(self, only: frozenset[str] | None = None) -> None:
        """What each index and plan states about its series (counts, totals, progress,
        targets), as a `claims` attribute (`posts.stats.StatedStats`) of their nodes; with
        several series, `claims_series` names the series they count. `only`: those files
        alone (`graph.incremental_steps`)."""
        for path, is_plan, series in self.claim_sources():
            if only is not None and path not in only:
                continue
            doc = self.corpus.documents.get(path)
            if doc is None or path not in self.g or "claims" in self.g.nodes[path]:
                continue  # an index two series share counts for the first
            self.g.nodes[path]["claims"] = parse_stats(doc, is_plan=is_plan)
            if series is not None:
                self.g.nodes[path]["claims_series"] = series


def _directives(corpus: Corpus) -> dict[str, tuple[Directive, ...]]:
    """Suppression comments per file, for `run_checks` (they are not nodes: they speak
    about findings, not about the corpus)."""
    return {path: doc.directives for path, doc in corpus.documents.items() if doc.directives}


def site_lines(sites: tuple[SiteRoot, ...]) -> tuple[str, ...]:
    """What a run says on standard error about how it reads the corpus: nothing when all of
    it is read as GitHub shows it, else one line naming the sites, and one per thing in a
    site's configuration that was not understood."""
    notes = [f"refgraph: {note}" for s in sites for note in s.notes]
    if all(s.kind == "github" for s in sites):
        return tuple(notes)
    return (f"refgraph: sites: {describe(sites)}", *notes)


def build(corpus: Corpus, config: Config,
          sites: Sequence[SiteRoot] | None = None) -> nx.MultiDiGraph:
    """Build the graph of a corpus. Parser problems are kept in `g.graph["problems"]`.
    `sites`: what `detect` found for this corpus, when the caller already asked (it reads
    each site's configuration file); None detects them here."""
    layout = detect_layout(config, corpus.files)
    builder = _Builder(corpus, config, layout, sites)
    builder.add_documents()
    builder.add_links()
    builder.add_navigation()
    builder.add_posts()
    builder.add_indexes()
    builder.add_series()
    builder.add_plans()
    builder.add_claims()
    g = builder.g
    g.graph.update(root=str(corpus.root), layout=builder.layout, problems=corpus.problems,
                   all_series=builder.series,
                   sites=builder.sites, site_lines=site_lines(builder.sites),
                   directives=_directives(corpus), unverifiable=builder.unverifiable,
                   unchecked_references=sum(builder.unchecked.values()),
                   unchecked=builder.unchecked,
                   navigations=builder.navigations, files=corpus.files,
                   documents=len(corpus.documents), definers=frozenset(builder.definers),
                   borrowed=builder.borrowed)
    return g



_MISSING_KINDS = frozenset({NodeKind.DOC, NodeKind.POST, NodeKind.INDEX, NodeKind.BACKLOG,
                            NodeKind.FILE, NodeKind.DIR})


def missing_paths(g: nx.MultiDiGraph) -> list[str]:
    """Paths inside the root that something links to but that are not in the corpus."""
    return sorted(node for node, data in g.nodes(data=True)
                  if data["kind"] in _MISSING_KINDS and not data.get("exists", True))


def mark_ignored(g: nx.MultiDiGraph, reasons: Mapping[str, str]) -> None:
    """Record on each missing node that is on disk why the corpus left it out
    (`.gitignore:3`), so rules can say so instead of "does not exist"."""
    for node, reason in reasons.items():
        if node in g and not g.nodes[node].get("exists", True):
            g.nodes[node]["ignored"] = reason
