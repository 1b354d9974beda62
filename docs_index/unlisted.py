"""Files that are on disk but not in the repository: git-ignored, or in a folder such as
`node_modules` that is never read.

Discovery leaves them out, as git does, so a link to one is broken on GitHub. But
"does not exist" sends the author looking for a typo in a path that is right; saying
which `.gitignore` line hides the file points at the real cause. Two questions are
answered here, both only about the few paths that need them:

- which ignored files git tracks anyway (`git add -f`): git ignores its ignore rules for
  those, so they are part of the repository and links to them resolve;
- why a link target that discovery did not list is missing, when it is on disk.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from docs_index.corpus import ALWAYS_SKIPPED, MARKDOWN_SUFFIXES, Listing, _under
from docs_index.files import read_regular
from docs_index.ignore import PatternList
from docs_index.wildmatch import Pattern, PatternError, parse_line

_GITIGNORE_LIMIT = 20 * 1024 * 1024
_GIT_TIMEOUT = 30.0
"""Seconds `git ls-files` may take; on a huge index it lists only what is ignored."""


def tracked_ignored(root: Path) -> list[str]:
    """Files under `root` that git tracks although an ignore rule matches them, relative
    to `root`; empty when `root` is in no git repository or git is not installed."""
    try:
        done = subprocess.run(
            # no optional locks: reading must never write into the repository
            ["git", "--no-optional-locks", "-C", str(root), "ls-files", "-z", "--cached",
             "--ignored", "--exclude-standard"],
            capture_output=True, timeout=_GIT_TIMEOUT, check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name and not name.startswith("../")})


def with_tracked(listing: Listing, exclude: Iterable[str] = (),
                 roots: Iterable[str] = ()) -> Listing:
    """`listing` with the ignored files git tracks added, as files of the corpus (and,
    for Markdown that `exclude` and `roots` keep, as files to read). Asks git only when
    the tree has a `.gitignore`: without one, discovery ignored nothing git would track."""
    if not any(f == ".gitignore" or f.endswith("/.gitignore") for f in listing.files):
        return listing
    extra = [rel for rel in tracked_ignored(listing.root)
             if rel not in listing.files and os.path.lexists(listing.root / rel)
             and not any(part in ALWAYS_SKIPPED for part in rel.split("/"))]
    if not extra:
        return listing
    excluded = PatternList.from_lines(exclude)
    dirs = set(listing.dirs)
    for rel in extra:
        parts = rel.split("/")
        dirs.update("/".join(parts[:n]) for n in range(1, len(parts)))
    markdown = [rel for rel in extra if rel.lower().endswith(MARKDOWN_SUFFIXES)
                and not excluded.match(rel) and _under(rel, roots)]
    return replace(listing, markdown=tuple(sorted({*listing.markdown, *markdown})),
                   files=listing.files | set(extra), dirs=frozenset(dirs))


def _patterns(path: Path) -> list[tuple[int, Pattern]]:
    """The patterns of one `.gitignore` with their line numbers, read as discovery reads
    it (not following a symbolic link); empty when it is absent or unreadable."""
    try:
        data = read_regular(path, _GITIGNORE_LIMIT, follow_symlinks=False)
    except OSError:
        return []
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        try:
            pattern = parse_line(line.removesuffix("\r"))
        except PatternError:
            continue
        if pattern is not None:
            found.append((number, pattern))
    return found


def why_ignored(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """For each root-relative path that is on disk but was left out of the corpus, why:
    `.gitignore:3` (the file and line of the rule that decides), or `node_modules` (a
    folder never read). Paths not on disk, or that no rule explains, are left out."""
    root = root.resolve()
    cache: dict[str, list[tuple[int, Pattern]]] = {}

    def rules(folder: tuple[str, ...]) -> list[tuple[int, Pattern]]:
        key = "/".join(folder)
        if key not in cache:
            cache[key] = _patterns(root.joinpath(*folder, ".gitignore"))
        return cache[key]

    reasons: dict[str, str] = {}
    for rel in sorted(set(paths)):
        parts = tuple(rel.split("/"))
        if not rel or ".." in parts or not os.path.lexists(root / rel):
            continue
        reason = _first_reason(parts, rules, (root / rel).is_dir())
        if reason is not None:
            reasons[rel] = reason
    return reasons


def _first_reason(parts: tuple[str, ...], rules: Callable[[tuple[str, ...]], list[tuple[
        int, Pattern]]], is_dir: bool) -> str | None:
    """The rule that leaves out `parts` or the shallowest folder above it, as git's walk
    meets them: a folder git does not enter hides all below it, whatever they match."""
    for depth in range(1, len(parts) + 1):
        prefix = parts[:depth]
        if prefix[-1] in ALWAYS_SKIPPED and (depth < len(parts) or is_dir):
            return f"{'/'.join(prefix)} is never read"
        entry_is_dir = depth < len(parts) or is_dir
        # the deepest .gitignore with a matching rule decides; within it, the last rule
        for base in range(depth - 1, -1, -1):
            decided = None
            for number, pattern in rules(prefix[:base]):
                if pattern.matches(prefix, base, entry_is_dir):
                    decided = (number, pattern)
            if decided is None:
                continue
            number, pattern = decided
            if not pattern.negated:
                where = "/".join((*prefix[:base], ".gitignore"))
                return f"{where}:{number}"
            break  # re-included here: look deeper
    return None
