"""RG1xx: links to files and headings that are not there."""

from __future__ import annotations

import difflib
import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

import networkx as nx

from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, edges_of
from graph.rules import Rule

_POST_NUMBER = re.compile(r"^(\d+)")
_LISTED = 5
"""How many anchors a hint lists when none is close to the broken one."""


class _FileGuesser:
    """Proposes an existing file for a missing path, the way mkdocs' "Did you mean" does:
    a case-only difference first, then a close name in the same directory, then the one
    file of that name elsewhere."""

    def __init__(self, files: Iterable[str]) -> None:
        self.by_lower: dict[str, str] = {}
        self.by_dir: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for path in sorted(files):
            self.by_lower.setdefault(path.lower(), path)
            directory, name = posixpath.split(path)
            self.by_dir[directory].append(name)
            self.by_name[name.lower()].append(path)

    def guess(self, missing: str) -> str | None:
        if missing.lower() in self.by_lower:
            return self.by_lower[missing.lower()]
        directory, name = posixpath.split(missing)
        close = difflib.get_close_matches(name, self.by_dir.get(directory, []), n=1, cutoff=0.75)
        if close:
            return posixpath.join(directory, close[0])
        elsewhere = self.by_name.get(name.lower(), [])
        return elsewhere[0] if len(elsewhere) == 1 else None


def _relative(path: str, source: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(source) or ".")


def _planned_hint(g: nx.MultiDiGraph, node: str) -> str | None:
    """A missing doc the plan cites, or a missing post the plan lists, is not a typo: say
    where it is planned instead of guessing another file."""
    for planned, _, data in g.in_edges(node, data=True):
        if data["kind"] == EdgeKind.MUST_CITE:
            entry = g.nodes[planned]
            number = planned.removeprefix("plan:")
            return (f"{node} is planned for #{number} ({entry['title']}) at {data['loc']}, "
                    f"but not written yet")
    match = _POST_NUMBER.match(posixpath.basename(node))
    planned = f"plan:{int(match.group(1))}" if match else ""
    if g.nodes[node]["kind"] == NodeKind.POST and planned in g:
        entry = g.nodes[planned]
        return f"post #{planned[5:]} ({entry['title']}) is planned at {entry['loc']}, not published"
    return None


def dangling_file_links(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A relative link, image or reference definition whose target file or directory does
    not exist. Paths resolve as GitHub resolves them: relative to the linking file, `/`
    from the root, percent-encoding decoded, names case-sensitive.
    ## Why it matters
    The reader clicks and gets a 404. Renamed and deleted docs are the usual cause.
    ## Failing example
    `[storage](../STORGE.md)` in `blog/05-x.md` when the doc is `STORAGE.md`: refgraph
    proposes `../STORAGE.md`. A link to a doc the plan lists as not yet written says so.
    ## Passing example
    `[storage](../STORAGE.md)`.
    """
    for src, dst, link in edges_of(g, EdgeKind.LINKS_TO):
        node = g.nodes[dst]
        if node["exists"] or node["kind"] in (NodeKind.EXTERNAL, NodeKind.OUTSIDE):
            continue
        yield DANGLING_FILE_LINK.at(link["loc"], target=link["target"], path=dst,
                                    hint=missing_target_hint(g, src, dst, link["fragment"]))


@functools.lru_cache(maxsize=4)
def _guesser(files: frozenset[str]) -> _FileGuesser:
    return _FileGuesser(files)


def missing_target_hint(g: nx.MultiDiGraph, src: str, dst: str, fragment: str = "") -> str | None:
    """What to say about a link from `src` to the missing `dst`: where the plan schedules
    it, else the nearest existing file as a link relative to `src`, else None."""
    hint = _planned_hint(g, dst)
    if hint is None:
        guess = _guesser(g.graph.get("files", frozenset())).guess(dst)
        if guess is not None:
            hint = f"did you mean {_relative(guess, src)}{'#' + fragment if fragment else ''}?"
    return hint


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
    for _src, dst, link in edges_of(g, EdgeKind.LINKS_TO):
        fragment = link["fragment"]
        node = g.nodes[dst]
        if not fragment or not node["exists"] or "anchors" not in node:
            continue
        anchors: frozenset[str] = node["anchors"]
        bare = fragment.removeprefix("user-content-")
        if bare in anchors or fragment.lower() == "top":
            continue
        if bare.lower() in {a.lower() for a in anchors}:
            continue
        close = difflib.get_close_matches(bare, sorted(anchors), n=1, cutoff=0.6)
        if close:
            hint = f"did you mean #{close[0]}?"
        elif anchors:
            listed = ", ".join(f"#{a}" for a in sorted(anchors)[:_LISTED])
            hint = f"anchors in {dst}: {listed}{' …' if len(anchors) > _LISTED else ''}"
        else:
            hint = f"{dst} has no headings"
        yield DANGLING_ANCHOR.at(link["loc"], target=link["target"], path=dst, anchor=fragment,
                                 hint=hint)


DANGLING_FILE_LINK = Rule(
    id="RG101", name="dangling-file-link", severity=Severity.ERROR,
    message="link to {target}, but {path} does not exist",
    suggestion="fix the path or create the file", check=dangling_file_links)
DANGLING_ANCHOR = Rule(
    id="RG102", name="dangling-anchor", severity=Severity.ERROR,
    message="link to {target}, but {path} has no heading or anchor #{anchor}",
    suggestion="link to an existing heading's anchor", check=dangling_anchors)
