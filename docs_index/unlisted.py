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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from docs_index.corpus import ALWAYS_SKIPPED, MARKDOWN_SUFFIXES, Listing, _under
from docs_index.files import read_regular
from docs_index.ignore import PatternList

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


@dataclass(frozen=True)
class _Rules:
    """One `.gitignore`: its patterns for matching (indexed: a generated file of 50,000
    names costs a lookup, not 50,000 matches) and each pattern's line number."""

    patterns: PatternList
    lines: tuple[int, ...]
    """The line of `patterns.patterns[i]`, 1-based."""


def _read_rules(path: Path) -> _Rules:
    """One `.gitignore`, read as discovery reads it (not following a symbolic link);
    no rules when it is absent or unreadable."""
    try:
        data = read_regular(path, _GITIGNORE_LIMIT, follow_symlinks=False)
    except OSError:
        return _Rules(PatternList(), ())
    patterns = PatternList.from_gitignore(data)
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    # the patterns keep their lines as written, in order: find each one's number by
    # walking the lines once, instead of parsing them all a second time
    numbers: list[int] = []
    lines = enumerate((line.removesuffix("\r") for line in text.split("\n")), 1)
    for pattern in patterns.patterns:
        numbers.append(next(number for number, line in lines if line == pattern.text))
    return _Rules(patterns, tuple(numbers))


class _Explainer:
    """Why paths under one root are left out, remembering what it read and decided: the
    links to ignored files usually share the folders that hide them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.rules: dict[tuple[str, ...], _Rules] = {}
        self.decided: dict[tuple[tuple[str, ...], bool], str | None] = {}

    def _rules(self, folder: tuple[str, ...]) -> _Rules:
        if folder not in self.rules:
            self.rules[folder] = _read_rules(self.root.joinpath(*folder, ".gitignore"))
        return self.rules[folder]

    def _decide(self, prefix: tuple[str, ...], is_dir: bool) -> str | None:
        """The rule that leaves `prefix` itself out, if any: the deepest `.gitignore`
        with a matching pattern decides, and a `!pattern` there keeps it."""
        key = (prefix, is_dir)
        if key not in self.decided:
            reason = None
            if prefix[-1] in ALWAYS_SKIPPED and is_dir:
                reason = f"{'/'.join(prefix)} is never read"
            else:
                for base in range(len(prefix) - 1, -1, -1):
                    rules = self._rules(prefix[:base])
                    best = rules.patterns.deciding(prefix, base, is_dir)
                    if best < 0:
                        continue
                    if not rules.patterns.patterns[best].negated:
                        where = "/".join((*prefix[:base], ".gitignore"))
                        reason = f"{where}:{rules.lines[best]}"
                    break
            self.decided[key] = reason
        return self.decided[key]

    def explain(self, parts: tuple[str, ...], is_dir: bool) -> str | None:
        """The rule that leaves out `parts` or the shallowest folder above it, as git's
        walk meets them: a folder git does not enter hides all below it."""
        for depth in range(1, len(parts) + 1):
            reason = self._decide(parts[:depth], depth < len(parts) or is_dir)
            if reason is not None:
                return reason
        return None


def why_ignored(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """For each root-relative path that is on disk but was left out of the corpus, why:
    `.gitignore:3` (the file and line of the rule that decides), or `node_modules is
    never read`. Paths not on disk, or that no rule explains, are left out."""
    root = root.resolve()
    explainer = _Explainer(root)
    reasons: dict[str, str] = {}
    for rel in sorted(set(paths)):
        parts = tuple(rel.split("/"))
        if not rel or ".." in parts or not os.path.lexists(root / rel):
            continue
        reason = explainer.explain(parts, (root / rel).is_dir())
        if reason is not None:
            reasons[rel] = reason
    return reasons
