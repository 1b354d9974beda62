"""RG1xx: links to files and headings that are not there, or only just there."""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import networkx as nx

from docs_index.model import Heading, LinkKind, RefUse
from docs_index.slugs import github_slug
from graph.checks.guess import Guesser
from graph.config import Config
from graph.findings import Finding, Related, Severity, changed_one
from graph.model import (
    EdgeKind,
    NodeKind,
    each_link,
    edges_of,
    focused_links,
    link_edges,
    listing_locs,
    memo,
)
from graph.plans import entry_number, planned_for, series_of
from graph.rules import Rule
from posts.backlog import PlanState
from posts.text import leading_number

_LISTED = 5
"""How many anchors a hint lists when none is close to the broken one."""
RELATED = 10
"""How many related locations a finding carries at most: a missing doc that 5,000 plan
entries cite, linked 5,000 times, gave each of 10,000 findings 5,000 of them (1.8 GB)."""


class _FileGuesser:
    """Proposes an existing file for a missing path, the way mkdocs' "Did you mean" does:
    a case-only difference first, then a close name in the same directory, then the one
    file of that name elsewhere."""

    def __init__(self, files: Iterable[str]) -> None:
        self.by_lower: dict[str, str] = {}
        self.by_dir: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.guessed: dict[str, str | None] = {}
        self.close: dict[str, Guesser] = {}
        for path in sorted(files):
            self.by_lower.setdefault(path.lower(), path)
            directory, name = posixpath.split(path)
            self.by_dir[directory].append(name)
            self.by_name[name.lower()].append(path)

    def guess(self, missing: str) -> str | None:
        if missing not in self.guessed:  # a missing target is often linked many times
            self.guessed[missing] = self._guess(missing)
        return self.guessed[missing]

    def _guess(self, missing: str) -> str | None:
        if missing.lower() in self.by_lower:
            return self.by_lower[missing.lower()]
        directory, name = posixpath.split(missing)
        if directory not in self.close:
            self.close[directory] = Guesser(self.by_dir.get(directory, []), cutoff=0.75)
        close = self.close[directory].guess(name)
        if close is not None:
            return posixpath.join(directory, close)
        elsewhere = self.by_name.get(name.lower(), [])
        return elsewhere[0] if len(elsewhere) == 1 else None


def _relative(path: str, source: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(source) or ".")


def _posts_by_number(g: nx.MultiDiGraph) -> dict[tuple[str | None, int], list[str]]:
    """Posts on disk by (series, number), each list sorted (built once per graph, by
    `memo`); the series is None in the single-series layout."""
    found: dict[tuple[str | None, int], list[str]] = defaultdict(list)
    for post, data in sorted(g.nodes(data=True)):
        if data["kind"] == NodeKind.POST and data["exists"] and data.get("number") is not None:
            found[data.get("series"), data["number"]].append(post)
    return dict(found)


def _same_number(g: nx.MultiDiGraph, node: str) -> tuple[int | None, list[str]]:
    """The number of a missing post (`blog/12-designing-a-language.md` → 12) and the posts
    on disk with that number, sorted; with several series, those of its own series only
    (lesson 4 of another module is no typo for this one's)."""
    number = leading_number(posixpath.basename(node))
    if number is None or g.nodes[node]["kind"] != NodeKind.POST:
        return None, []
    return number, memo(g, "posts_by_number", _posts_by_number).get(
        (series_of(g, node), number), [])


def _citations(g: nx.MultiDiGraph, node: str) -> list[tuple[str, dict[str, Any]]]:
    """(planned post, edge) of the plan's citations of `node`, in the graph's order. Read
    once per node: a missing file linked 8,000 times has 8,000 in-edges, and walking them
    for every link was quadratic."""
    cited: dict[str, list[tuple[str, dict[str, Any]]]] = memo(g, "citations", lambda _: {})
    if node not in cited:
        cited[node] = [(planned, data) for planned, _, data in g.in_edges(node, data=True)
                       if data["kind"] == EdgeKind.MUST_CITE]
    return cited[node]


def planned_related(g: nx.MultiDiGraph, node: str) -> tuple[Related, ...]:
    """The plan entries that explain a missing `node`: citations of it, or the planned post
    with its number (SARIF related locations). Made once per node, like the hint."""
    made: dict[str, tuple[Related, ...]] = memo(g, "planned_related", lambda _: {})
    if node not in made:
        made[node] = _planned_related(g, node)
    return made[node]


def _planned_related(g: nx.MultiDiGraph, node: str) -> tuple[Related, ...]:
    related = [Related(data["loc"], f"the plan cites {node} for #{entry_number(g, planned)}"
                       f" ({g.nodes[planned]['title']})")
               for planned, data in _citations(g, node)[:RELATED]]
    number, _ = _same_number(g, node)
    planned = planned_for(g, node, number) if number is not None else None
    if not related and planned is not None:
        entry = g.nodes[planned]
        related.append(Related(entry["loc"], f"post #{number} ({entry['title']}) in the plan"))
    return tuple(related)


def _planned_hint(g: nx.MultiDiGraph, node: str) -> str | None:
    """A missing doc the plan cites, or a missing post the plan lists, is not a typo: say
    where it is planned instead of guessing another file. A post the plan marks complete
    is said to be missing, not planned."""
    for planned, data in _citations(g, node)[:1]:
        entry = g.nodes[planned]
        number = entry_number(g, planned)
        if entry.get("state") == PlanState.DONE:
            return (f"the plan cites {node} for #{number} ({entry['title']}), which it "
                    f"marks complete, but {node} does not exist")
        return (f"{node} is planned for #{number} ({entry['title']}) at {data['loc']}, "
                f"but not written yet")
    number, _ = _same_number(g, node)
    planned = planned_for(g, node, number) if number is not None else None
    if number is None or planned is None:
        return None
    entry = g.nodes[planned]
    if entry.get("state") == PlanState.DONE:
        where = entry.get("status_loc") or entry["loc"]
        return (f"the plan marks post #{number} ({entry['title']}) complete at {where}, "
                f"but the file is missing")
    return f"post #{number} ({entry['title']}) is planned at {entry['loc']}, not published"


def dangling_file_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A relative link, image or reference definition whose target file or directory does
    not exist. Paths resolve as GitHub resolves them: relative to the linking file, `/`
    from the root, percent-encoding decoded, names case-sensitive. A target that is on
    disk but git-ignored (or in `node_modules`) is not in the repository either: it is
    reported as ignored, with the `.gitignore` line that ignores it. A file git tracks
    is in the repository, whatever `.gitignore` says.
    ## Why it matters
    The reader clicks and gets a 404. Renamed and deleted docs are the usual cause.
    ## Failing example
    `[storage](../STORGE.md)` in `blog/05-x.md` when the doc is `STORAGE.md`: refgraph
    proposes `../STORAGE.md`. A link to a doc the plan lists as not yet written says so.
    ## Passing example
    `[storage](../STORAGE.md)`.
    """
    listings = listing_locs(g)  # index entries and path steps: RG306 and RG401 judge them
    # what is said of a link depends on its file and what it says, not on where it is: the
    # finding is made once (message, hint, related places) for the 100,000 alike links of
    # one line, and copied to each link's place
    said: dict[tuple[str, str, str, str], Finding] = {}
    there: dict[str, bool] = {}  # per target: nothing to say of a link to it
    for src, dst, link in focused_links(g):
        fine = there.get(dst)
        if fine is None:
            node = g.nodes[dst]
            fine = there[dst] = node["exists"] or node["kind"] in (NodeKind.EXTERNAL,
                                                                  NodeKind.OUTSIDE)
        if fine or (listings and link["loc"] in listings):
            continue
        if link["link_kind"] == LinkKind.REFERENCE and is_unused_definition(g, src, link):
            continue  # nothing renders it: RG104 reports it once, naming the dead target
        key = (src, dst, link["target"], link["fragment"])
        found = said.get(key)
        if found is None:
            node = g.nodes[dst]
            found = said[key] = DANGLING_FILE_LINK.at(
                link["loc"], target=link["target"], path=dst, why=missing_state(node),
                hint=missing_target_hint(g, src, dst, link["fragment"], link),
                related=planned_related(g, dst))
            yield found
        else:
            yield changed_one(found, "loc", link["loc"])


def _used_labels(g: nx.MultiDiGraph, src: str) -> frozenset[str]:
    """The labels of the reference definitions something in `src` uses; asked of the files
    whose links are judged, not of every file (a patched run keeps the others' uses
    packed: `graph.incremental_snapshot.LAZY`)."""
    labels: dict[str, frozenset[str]] = memo(g, "used_labels", lambda _: {})
    if src not in labels:
        labels[src] = frozenset(u.label for u in g._node[src].get("ref_uses", ()) if u.defined)
    return labels[src]


def is_unused_definition(g: nx.MultiDiGraph, src: str, link: dict[str, Any]) -> bool:
    """Whether `link` is a reference definition that nothing in its file uses: no page
    shows it, so its target is not a broken link a reader meets."""
    return link["link_kind"] == LinkKind.REFERENCE and link["label"] not in _used_labels(g, src)


def missing_state(node: dict[str, Any]) -> str:
    """What to say of a missing target: that it does not exist, or that it does but the
    repository leaves it out (`exists but is ignored (.gitignore:3)`), which is a
    different fix."""
    ignored = node.get("ignored")
    return f"exists but is ignored ({ignored})" if ignored else "does not exist"


def _guesser(g: nx.MultiDiGraph) -> _FileGuesser:
    return _FileGuesser(g.graph.get("files", frozenset()))


def _as_route(path: str, src: str, link: dict[str, Any]) -> str:
    """A file of a site whose links name pages by route (`lib/content/commands/x.md`), as
    the link was written: `/commands/x` when it was absolute, else relative to `src`; a
    folder's index page as the folder."""
    root, extension = link["route_root"], link["route_extension"]
    if root and not path.startswith(f"{root}/"):
        return _relative(path, src)  # not on the site: no route reaches it
    page = path.removeprefix(f"{root}/") if root else path
    written = link["target"].partition("#")[0].partition("?")[0].rstrip("/")
    if posixpath.splitext(posixpath.basename(written))[1]:
        extension = ""  # written as a file (`/img/logo.png`): proposed as one
    if extension and page.endswith(extension):
        page = page[: -len(extension)]
        folder, stem = posixpath.split(page)
        if stem in ("index", "_index", "README"):
            page = f"{folder}/" if folder else ""
    if link["target"].startswith("/"):
        return f"/{page}"
    full = posixpath.join(root, page) if root else page
    shown = posixpath.relpath(full.rstrip("/") or ".", posixpath.dirname(src) or ".")
    return f"{shown}/" if page.endswith("/") or not page else shown


def missing_target_hint(g: nx.MultiDiGraph, src: str, dst: str, fragment: str = "",
                        link: dict[str, Any] | None = None) -> str | None:
    """What to say about a link from `src` to the missing `dst`: the post on disk with the
    same number (`12-designing-a-language.md` for `12-designing-a-query-language.md`, even
    while the plan still lists #12), else where the plan schedules it, else the nearest
    existing file, as a link relative to `src` (or as a route, for a `link` its site
    reads as one: `/commands/npm-team`); None when there is nothing to say.

    Made once per (source, target, fragment, route): a line of 100,000 links to one
    missing file asked the same question 100,000 times."""
    route = ((link["target"], link["route_root"], link["route_extension"])
             if link is not None and "route_root" in link else None)
    hints: dict[tuple[str, str, str, tuple[str, str, str] | None], str | None] = memo(
        g, "target_hints", lambda _: {})
    key = (src, dst, fragment, route)
    if key not in hints:
        hints[key] = _target_hint(g, src, dst, fragment, link)
    return hints[key]


def _target_hint(g: nx.MultiDiGraph, src: str, dst: str, fragment: str,
                 link: dict[str, Any] | None) -> str | None:
    if g.nodes[dst].get("ignored"):  # the path is right: no other file to guess
        return ("commit it with `git add -f`, or stop ignoring it, if readers should get "
                "it; else drop the link")
    guess = memo(g, "file_guesser", _guesser).guess(dst)
    if link is not None and "route_root" in link:
        if guess is None:
            return None
        return f"did you mean {_as_route(guess, src, link)}{'#' + fragment if fragment else ''}?"
    _, same_number = _same_number(g, dst)
    if same_number:
        directory, name = posixpath.split(dst)
        guess = guess if guess in same_number else max(same_number, key=lambda post: (
            posixpath.dirname(post) == directory,
            difflib.SequenceMatcher(None, name, posixpath.basename(post)).ratio()))
        return f"did you mean {_relative(guess, src)}{'#' + fragment if fragment else ''}?"
    hint = _planned_hint(g, dst)
    if hint is None and guess is not None:
        hint = f"did you mean {_relative(guess, src)}{'#' + fragment if fragment else ''}?"
    return hint


def _anchors(g: nx.MultiDiGraph, dst: str, link: dict[str, Any]) -> frozenset[str]:
    """The target's anchors as the linking file's reader sees them: a link from a file read
    on GitHub into a page of another site (an MkDocs `docs_dir`) lands on GitHub's
    rendering of that page, with GitHub's anchors (`github_anchors`)."""
    if "anchors" in link:  # the target's fragments for this link (an mdBook include)
        return link["anchors"]
    node = g.nodes[dst]
    if link.get("seen_on_github") and "github_anchors" in node:
        return node["github_anchors"]
    return node.get("anchors", frozenset())


def _lowered_anchors(
    g: nx.MultiDiGraph,
) -> Callable[[str, dict[str, Any]], dict[str, list[str]]]:
    """For a target node (as a link's reader sees it), its anchors by lower case, each list
    sorted: made once per target (lower-casing every anchor of a 20,000-heading file per
    link was quadratic)."""
    made: dict[tuple[str, bool, bool], dict[str, list[str]]] = {}

    def lowered(dst: str, link: dict[str, Any]) -> dict[str, list[str]]:
        key = (dst, bool(link.get("seen_on_github")), "anchors" in link)
        if key not in made:
            found: dict[str, list[str]] = defaultdict(list)
            for anchor in sorted(_anchors(g, dst, link)):
                found[anchor.lower()].append(anchor)
            made[key] = found
        return made[key]
    return lowered


def dangling_anchors(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A link `DOC.md#part` (or `#part` within a file) whose file exists but has no heading
    with the GitHub anchor `part` and no HTML `id`/`name` anchor `part`.
    ## Why it matters
    GitHub scrolls nowhere: the reader lands at the top of a long doc, often after the
    heading was renamed.
    ## Failing example
    `[compaction](../STORAGE.md#compactions)` when the heading is `## Compaction`: refgraph
    proposes `#compaction`. Anchors differing only in case are left to their own rule.
    ## Passing example
    `[compaction](../STORAGE.md#compaction)`.
    """
    lowered = _lowered_anchors(g)
    guessers: dict[frozenset[str], Guesser] = {}  # per anchor set: one guess per anchor
    for _src, dst, link in focused_links(g):
        fragment = link["fragment"]
        if not fragment:
            continue
        node = g.nodes[dst]
        if not node["exists"] or ("anchors" not in node and "anchors" not in link):
            continue
        anchors = _anchors(g, dst, link)
        bare = fragment.removeprefix("user-content-")
        if bare in anchors or fragment.lower() == "top":
            continue
        if bare.lower() in lowered(dst, link):
            continue
        if anchors not in guessers:
            guessers[anchors] = Guesser(anchors, cutoff=0.6)
        close = guessers[anchors].guess(bare)
        if close is not None:
            hint = f"did you mean #{close}?"
        elif anchors:
            listed = ", ".join(f"#{a}" for a in sorted(anchors)[:_LISTED])
            hint = f"anchors in {dst}: {listed}{' …' if len(anchors) > _LISTED else ''}"
        else:
            hint = f"{dst} has no headings"
        yield DANGLING_ANCHOR.at(link["loc"], target=link["target"], path=dst, anchor=fragment,
                                 hint=hint)


DANGLING_FILE_LINK = Rule(
    id="RG101", name="dangling-file-link", severity=Severity.ERROR,
    message="link to {target}, but {path} {why}",
    suggestion="fix the path or create the file", check=dangling_file_links)
DANGLING_ANCHOR = Rule(
    id="RG102", name="dangling-anchor", severity=Severity.ERROR,
    message="link to {target}, but {path} has no heading or anchor #{anchor}",
    suggestion="link to an existing heading's anchor", check=dangling_anchors)


# -- references ---------------------------------------------------------------------------

def _definitions(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Reference definitions by normalised label: (defining file, edge) in file order.

    A definition with an empty target (`[//]: # (comment)`, `[x]: <>`) makes no edge: the
    comment idiom is neither a link nor an unused definition."""
    found: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    definers = g.graph.get("definers")  # the files holding one (`graph.build`)
    links = edges_of(g, EdgeKind.LINKS_TO) if definers is None else each_link(
        link_edges(g, (src for src in g if src in definers)))  # the same order, no other file
    for src, _dst, link in links:
        if link["link_kind"] == LinkKind.REFERENCE:
            found[link["label"]].append((src, link))
    return found


def _rebased(target: str, source: str, dest: str) -> str:
    """`target` as written in `source`, rewritten to lead to the same place from `dest`."""
    path, sep, fragment = target.partition("#")
    if not path or path.startswith("/") or ":" in path.split("/", 1)[0]:
        return target  # same-file, root-relative or a URL: the same from anywhere
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    moved = _relative(resolved, dest) + ("/" if path.endswith("/") else "")
    return f"{moved}{sep}{fragment}"


class _UndefinedHints:
    """Hints for undefined references: each file's labels are gathered once, and a guess
    is made once per label (per use, rebuilding them from the whole corpus was
    quadratic)."""

    def __init__(self, definitions: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
        self.definitions = definitions
        self.texts: dict[str, dict[str, str]] = defaultdict(dict)  # path → label → text
        for labels in definitions.values():
            for src, link in labels:
                self.texts[src][link["label"]] = link["text"]
        self.guessers: dict[str, Guesser] = {}

    def hint(self, path: str, use: RefUse) -> str | None:
        """Copy the definition another file has for the label, else the closest label
        here."""
        elsewhere = next(((src, link) for src, link in self.definitions.get(use.label, [])
                          if src != path), None)
        if elsewhere is not None:
            src, link = elsewhere
            return (f"copy the definition in {src}:{link['loc'].line}, as "
                    f"[{use.text}]: {_rebased(link['target'], src, path)}")
        here = self.texts.get(path, {})
        if path not in self.guessers:
            self.guessers[path] = Guesser(here, cutoff=0.75)
        close = self.guessers[path].guess(use.label)
        return f"did you mean [{here[close]}]?" if close is not None else None


def undefined_references(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A full reference link `[text][label]` or a collapsed one `[label][]` (images too) whose
    label has no `[label]: target` definition in the same file. Labels match as Markdown
    matches them: case ignored, inner whitespace collapsed.
    ## Why it matters
    Markdown reports nothing: the page shows the brackets as literal text and no link.
    Definitions belong to one file, so a paragraph copied from another post loses them.
    ## Failing example
    `See [the write path][write-path].` in `blog/03-x.md`, whose definitions list has no
    `[write-path]:` line. When another file defines that label, refgraph proposes its
    definition, rewritten for this file; else the closest label defined here. Not flagged:
    the shortcut form `[label]` (too often plain brackets in prose, task list boxes
    `[x]`), code spans, escaped `\\[`, footnotes `[^1]`, `m[i][j]`, citation runs `[1][2]`.
    ## Passing example
    `See [the write path][write-path].` with `[write-path]: 02-the-write-path.md` at the
    end of the file.
    """
    hints: _UndefinedHints | None = None  # every file's definitions, read when needed
    for path, data in g.nodes(data=True):
        site_hints = data.get("ref_hints", {})  # a site's cross-references (autorefs)
        for use in data.get("ref_uses", ()):
            if not use.defined:
                if hints is None:
                    hints = _UndefinedHints(_definitions(g))
                hint = site_hints.get(use.loc) or hints.hint(path, use)
                yield UNDEFINED_REFERENCE.at(use.loc, label=use.text, path=path, hint=hint)


def _first_inline_links(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], Any]:
    """(source, target, fragment) → the place of the first link there that is not a
    reference definition."""
    inline: dict[tuple[str, str, str], Any] = {}
    for src, dst, link in focused_links(g):
        if link["link_kind"] != LinkKind.REFERENCE:
            key = (src, dst, link["fragment"])
            inline[key] = min(inline.get(key, link["loc"]), link["loc"])
    return inline


def unused_reference_definitions(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A reference definition `[label]: target` that no `[text][label]`, `[label][]`,
    `[label]` or `![alt][label]` in the same file uses.
    ## Why it matters
    It is usually the trace of a link that was meant and never written, of a misspelt
    use (then RG103 reports the use), or of a link since rewritten inline. Otherwise it is
    dead text that still gets checked.
    ## Failing example
    `[wal]: ../STORAGE.md#write-ahead-log` at the end of a post that never writes `[…][wal]`;
    refgraph points at a misspelt use, or at an inline link to the same target.
    Not flagged: the comment idiom `[//]: # (note)` and other definitions with an empty
    target, and every definition after the first of the same label (Markdown ignores
    those). An unused definition whose target is missing is this one finding, which says
    so, and not also RG101: no page shows it.
    ## Passing example
    The same definition, with `the [write-ahead log][wal]` in the text.
    """
    used: dict[str, frozenset[str]] = {}
    undefined: dict[str, tuple[dict[str, tuple[int, RefUse]], Guesser]] = {}
    # (src, dst, fragment) → the first inline link: made at the first unused definition,
    # as comparing the places of 100,000 links where no definition is unused is waste
    inline: dict[tuple[str, str, str], Any] | None = None
    for src, dst, link in focused_links(g):
        if link["link_kind"] != LinkKind.REFERENCE:
            continue
        if src not in used:
            uses = g.nodes[src].get("ref_uses", ())
            used[src] = frozenset(u.label for u in uses if u.defined)
            first: dict[str, tuple[int, RefUse]] = {}  # label → its first undefined use
            for i, use in enumerate(uses):
                if not use.defined:
                    first.setdefault(use.label, (i, use))
            undefined[src] = (first, Guesser(first, cutoff=0.75))
        if link["label"] in used[src]:
            continue
        first, guesser = undefined[src]
        # the first use in the file that is close enough, as when every use was compared;
        # a long list is narrowed to its shortlist first
        _, close = min((first[label] for label in guesser.close(link["label"])),
                       key=lambda found: found[0], default=(0, None))
        if inline is None:
            inline = _first_inline_links(g)
        same = inline.get((src, dst, link["fragment"]))
        hint = None
        target = g.nodes[dst]
        if not target["exists"] and target["kind"] not in (NodeKind.EXTERNAL,
                                                           NodeKind.OUTSIDE):
            # the one finding on this line (RG101 leaves it alone): say its target is gone
            hint = f"and {dst} {missing_state(target)}; delete the definition"
        elif close is not None:
            hint = f"[{close.text}] at line {close.loc.line} looks like a misspelling of it"
        elif same is not None:
            hint = f"line {same.line} links the same target inline; delete the definition"
        yield UNUSED_REFERENCE_DEFINITION.at(link["loc"], target=link["target"],
                                             label=link["text"], hint=hint)


# -- anchors ------------------------------------------------------------------------------

def _fragment_target(g: nx.MultiDiGraph, dst: str, link: dict[str, Any]) -> str | None:
    """The fragment of a link into a parsed Markdown file, without GitHub's `user-content-`
    prefix; None for links without one, or to anything else."""
    fragment: str = link["fragment"]
    node = g._node[dst]  # `g.nodes`, without its view: asked per link judged
    if not fragment or not node["exists"] or ("anchors" not in node and "anchors" not in link):
        return None
    return fragment.removeprefix("user-content-")


def _with_fragment(target: str, fragment: str) -> str:
    return f"{target.partition('#')[0]}#{fragment}"


def anchor_case_mismatches(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A link `DOC.md#Fragment` (or `#Fragment`) that matches a heading's anchor or an HTML
    anchor of the target only when case is ignored.
    ## Why it matters
    GitHub forgives the case and scrolls to the heading, so nobody notices; browsers and
    most static site generators (mkdocs, Hugo, a GitHub Pages export) compare fragments
    exactly, and the same link lands at the top of the page there. On a page of such a
    site (an MkDocs `docs_dir`) the finding is an error, unless `rules` sets a level.
    ## Failing example
    `[compaction](../STORAGE.md#Compaction)` when the heading is `## Compaction`, whose
    anchor is `compaction`: refgraph proposes `../STORAGE.md#compaction`. Fragments that
    match nothing at all are RG102's to report.
    ## Passing example
    `[compaction](../STORAGE.md#compaction)`.
    """
    lowered = _lowered_anchors(g)
    for _src, dst, link in focused_links(g):
        bare = _fragment_target(g, dst, link)
        if bare is None:
            continue
        anchors = _anchors(g, dst, link)
        if bare in anchors or link["fragment"].lower() == "top":
            continue
        matches = lowered(dst, link).get(bare.lower())
        if not matches:
            continue
        exact = link["fragment"][: -len(bare)] + matches[0]
        finding = ANCHOR_CASE_MISMATCH.at(
            link["loc"], target=link["target"], anchor=link["fragment"], slug=exact,
            hint=f"link to {_with_fragment(link['target'], exact)}")
        # on a static site (the target's site compares fragments exactly) the link is broken
        yield (replace(finding, severity=Severity.ERROR)
               if (g.nodes[dst].get("exact_fragments") or "anchors" in link)
               and not link.get("seen_on_github")
               else finding)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _heading_places(g: nx.MultiDiGraph, dst: str) -> dict[str, tuple[int, Heading | None]]:
    """For each heading of `dst` (by anchor): which occurrence of its title it is, and its
    parent heading (the nearest one above of a lower level), from one pass in file order."""
    places: dict[str, tuple[int, Heading | None]] = {}
    seen: dict[str, int] = defaultdict(int)
    open_: list[Heading] = []  # the headings above, each of a higher level than the one before
    for _, slug, heading in sorted((h.loc, slug, h)
                                   for slug, h in g.nodes[dst]["headings"].items()):
        seen[heading.base_slug] += 1
        while open_ and open_[-1].level >= heading.level:
            open_.pop()
        places[slug] = (seen[heading.base_slug], open_[-1] if open_ else None)
        open_.append(heading)
    return places


def _stable_anchor_hint(g: nx.MultiDiGraph, dst: str, heading: Heading,
                        places: dict[str, tuple[int, Heading | None]]) -> tuple[int, str]:
    """Which occurrence of its title `heading` is, and a proposal for an anchor that does
    not move: the parent heading's title before its own, as an explicit anchor."""
    nth, parent = places[heading.slug]
    proposal = github_slug(f"{parent.text} {heading.text}") if parent else ""
    where = f"{heading.loc.path}:{heading.loc.line}"
    if proposal and proposal not in g.nodes[dst]["anchors"]:
        return nth, (f'put <a id="{proposal}"></a> above the heading at {where} and link '
                     f"#{proposal}, or give that heading a unique title")
    return nth, f"give the heading at {where} a unique title, or an explicit <a id> anchor"


def duplicate_heading_anchors(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A link to a numbered anchor that GitHub made for a repeated heading: `#example-1` for
    the second `## Example` of the target.
    ## Why it matters
    The number counts the headings of that title above it: add or remove one (an
    `## Example` in an earlier section) and the link silently lands on another section.
    ## Failing example
    `[the replication example](../STORAGE.md#example-1)`: refgraph proposes an explicit
    anchor named after the parent heading, `<a id="replication-example"></a>`. A heading
    that is itself called `Step 1` has the anchor `step-1` of its own and is not flagged,
    nor is a link to the first `#example`.
    ## Passing example
    `[the replication example](../STORAGE.md#replication-example)` with that anchor above
    the heading, or a heading retitled `## Replication example`.
    """
    places: dict[str, dict[str, tuple[int, Heading | None]]] = {}  # per target, made once
    for _src, dst, link in focused_links(g):
        bare = _fragment_target(g, dst, link)
        heading = g.nodes[dst].get("headings", {}).get(bare) if bare is not None else None
        if heading is None or heading.base_slug in ("", bare):
            continue
        if dst not in places:
            places[dst] = _heading_places(g, dst)
        nth, hint = _stable_anchor_hint(g, dst, heading, places[dst])
        yield DUPLICATE_HEADING_ANCHOR.at(link["loc"], target=link["target"],
                                          anchor=link["fragment"], nth=_ordinal(nth),
                                          text=heading.text, hint=hint)


# -- where a link leads -------------------------------------------------------------------

def links_outside_root(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A relative link that climbs above the checked root: `../../other-repo/x.md` from
    `blog/05-x.md` when `blog/` sits at the root.
    ## Why it matters
    refgraph cannot check it, and on the published site (GitHub, a docs site built from
    this root) it leads out of the project: a 404, or someone else's page.
    ## Failing example
    `[storage](../../STORAGE.md)` in `blog/05-x.md`, one `../` too many: the file is
    `STORAGE.md` at the root, so refgraph proposes `../STORAGE.md`. Root-relative links
    (`/STORAGE.md`) never leave the root. Switch the rule off where the checked root is a
    folder of a larger repository on purpose.
    ## Passing example
    `[storage](../STORAGE.md)`, or the other project's published URL.
    """
    files: frozenset[str] = g.graph.get("files", frozenset())
    outside: dict[str, bool] = {}  # per target
    for src, dst, link in focused_links(g):
        leaves = outside.get(dst)
        if leaves is None:
            leaves = outside[dst] = g.nodes[dst]["kind"] == NodeKind.OUTSIDE
        if not leaves:
            continue
        inside = dst
        while inside.startswith("../"):
            inside = inside[3:]
        hint = None
        if inside in files:
            fragment = link["fragment"]
            hint = f"did you mean {_relative(inside, src)}{'#' + fragment if fragment else ''}?"
        yield LINK_OUTSIDE_ROOT.at(link["loc"], target=link["target"], hint=hint)


def links_to_directories(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A link to a directory (`../guides/`, `../guides`) rather than to a file in it.
    ## Why it matters
    GitHub shows the directory's file listing with its README under it; static site
    generators do something else (an index page, a 404), and a directory with no README
    shows a bare listing. Linking the README says where the reader lands.
    ## Failing example
    `[the guides](../guides/)` when `guides/README.md` exists: refgraph proposes
    `../guides/README.md`. For a directory without a README it says so. Directories that
    do not exist are RG101's to report. Only links read on GitHub: on a static site
    (MkDocs, Hugo, Jekyll) a folder's URL is its index page, and a folder without one is
    a missing page (RG101).
    ## Passing example
    `[the guides](../guides/README.md)`.
    """
    for src, dst, link in focused_links(g):
        if "via_dir" not in link:
            continue
        directory = link["via_dir"]
        where = f"the directory {directory}/" if directory else "the root directory"
        fragment = f"#{link['fragment']}" if link["fragment"] else ""
        if g.nodes[dst]["kind"] == NodeKind.DIR:
            shows = "a bare file listing, as it has no README"
            hint = (f"link a file in {directory or 'the root'}, or add "
                    f"{posixpath.join(directory, 'README.md')}")
        else:
            shows = f"its {posixpath.basename(dst)} under a file listing"
            hint = f"link {_relative(dst, src)}{fragment} directly"
        yield LINK_TO_DIRECTORY.at(link["loc"], target=link["target"], where=where,
                                   shows=shows, hint=hint)


UNDEFINED_REFERENCE = Rule(
    id="RG103", name="undefined-reference", severity=Severity.WARNING,
    message="reference [{label}] is not defined in this file, so it shows as plain text",
    suggestion="add [{label}]: <target> to {path}, or fix the label", check=undefined_references)
UNUSED_REFERENCE_DEFINITION = Rule(
    id="RG104", name="unused-reference-definition", severity=Severity.INFO,
    message="reference definition [{label}]: {target} is never used in this file",
    suggestion="use it as `[text][{label}]`, or delete it", check=unused_reference_definitions)
ANCHOR_CASE_MISMATCH = Rule(
    id="RG105", name="anchor-case-mismatch", severity=Severity.WARNING,
    message="link to {target} matches the anchor #{slug} only when case is ignored",
    suggestion="write the anchor as #{slug}", check=anchor_case_mismatches)
DUPLICATE_HEADING_ANCHOR = Rule(
    id="RG106", name="duplicate-heading-anchor", severity=Severity.INFO,
    message="link to {target}: #{anchor} numbers the {nth} \"{text}\" heading and shifts "
            "when one is added or removed above",
    suggestion="link an anchor that does not depend on the heading count",
    check=duplicate_heading_anchors)
LINK_OUTSIDE_ROOT = Rule(
    id="RG107", name="link-outside-root", severity=Severity.WARNING,
    message="link to {target} climbs above the checked root and cannot be checked",
    suggestion="link the published URL instead, or check from a root that contains it",
    check=links_outside_root)
LINK_TO_DIRECTORY = Rule(
    id="RG108", name="link-to-directory", severity=Severity.INFO,
    message="link to {target} points at {where}: GitHub shows {shows}",
    suggestion="link a file in {where}", check=links_to_directories)
