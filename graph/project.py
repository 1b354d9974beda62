"""Where a run looks: the project root, and which of its files the user asked about.

`refgraph check blog/` and `refgraph check README.md docs/a.md` name part of a project, as
ruff and git are given part of one: the root is found the way they find it (the nearest
folder with a refgraph configuration, else the git repository's top), links resolve
against the whole of it, and only the named part is reported. Report paths stay relative
to that root, so a finding reads the same whichever part was asked for.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docs_index.corpus import ALWAYS_SKIPPED, DEFAULT_MAX_BYTES
from docs_index.files import read_regular
from docs_index.ignore import PatternList


class ProjectError(ValueError):
    """Paths that cannot be checked in one run; one line, for the user."""


@dataclass(frozen=True)
class Project:
    root: Path
    """The project root, absolute: what links resolve against and report paths are
    relative to."""
    only: tuple[str, ...] = ()
    """The files and folders asked for, POSIX, relative to the root; empty for all."""
    found_by: str = "the path given"
    """How the root was found, for `check -v`."""
    given: tuple[str, ...] = ()
    """The paths as the user wrote them, for messages."""


def _has_config(folder: Path) -> bool:
    """Whether `folder` holds refgraph's configuration (what `load_config` would read).

    A pyproject.toml that cannot be read or parsed is still taken as the project's if it
    names refgraph, so that loading it reports the error instead of skipping it; it is
    read with `read_regular`, as `load_config` reads it (a FIFO there must not block)."""
    if (folder / "refgraph.toml").is_file():
        return True
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
    try:
        text = read_regular(pyproject, DEFAULT_MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    try:
        tool = tomllib.loads(text).get("tool", {})
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return "[tool.refgraph]" in text
    return isinstance(tool, dict) and "refgraph" in tool


def _marked_root(start: Path,
                 memo: dict[Path, tuple[Path, str] | None]) -> tuple[Path, str] | None:
    """The nearest folder at or above `start` with a configuration, else the top of the
    git repository `start` is in; None outside both. The search stops at the repository's
    top: a configuration above it belongs to another project. `memo` keeps the answer
    for every folder passed on the way, so the thousands of files pre-commit may pass
    cost one search per folder, not one per file."""
    chain: list[Path] = []
    folder, found = start, None
    while True:
        if folder in memo:
            found = memo[folder]
            break
        chain.append(folder)
        if _has_config(folder):
            name = "refgraph.toml" if (folder / "refgraph.toml").is_file() else (
                "[tool.refgraph] in pyproject.toml")
            found = (folder, f"{name} in {folder}")
            break
        if (folder / ".git").exists():  # a directory, or a file in a worktree or submodule
            found = (folder, f"the git repository at {folder}")
            break
        if folder.parent == folder:
            break
        folder = folder.parent
    for passed in chain:
        memo[passed] = found
    return found


def _excluded(root: Path, rel: str) -> bool:
    """Whether the project at `root` leaves `rel` out (`exclude`, or a folder such as
    `node_modules` that is never read): then `rel` is not part of it."""
    parts = rel.split("/")
    if any(part in ALWAYS_SKIPPED for part in parts):
        return True
    from graph.checks import RULE_NAMES  # the rule table: only when a root is being judged
    from graph.config import ConfigError, load_config

    try:
        exclude = load_config(root, None, RULE_NAMES).exclude
    except ConfigError:
        return False  # the run reports it, with the file and line
    patterns = PatternList.from_lines(exclude)
    # as discovery's walk meets it: a folder above it, or it, matched as a folder
    return any(patterns.verdict(parts[:depth], 0, True) for depth in range(1, len(parts) + 1))


def _project_of(path: Path, memo: dict[Path, tuple[Path, str] | None]) -> tuple[Path, str]:
    """The root of the project `path` (absolute, existing) belongs to, and how it was
    found. A folder the found project excludes (a fixture corpus, vendored docs) is a
    project of its own, rooted at itself. An excluded file is not: it stays in its
    project and is not checked, as ruff's --force-exclude does for the files pre-commit
    passes, so that `check README.md vendor/x.md` is one run."""
    own = path if path.is_dir() else path.parent
    marked = _marked_root(own, memo)
    if marked is None:
        return own, "the path given (no configuration or git repository above it)"
    root, how = marked
    rel = path.relative_to(root).as_posix()
    if path.is_dir() and rel != "." and _excluded(root, rel):
        return own, f"the path given ({how} excludes it)"
    return root, how


def find_project(paths: Sequence[Path], start: Path | None = None) -> Project:
    """The project `paths` (relative to `start`, default the working directory) are part
    of. Every path must exist and belong to the same project."""
    base = Path(start) if start is not None else Path.cwd()
    roots: dict[Path, str] = {}
    asked: list[tuple[Path, Path, Path]] = []  # as given, absolute, its project's root
    memo: dict[Path, tuple[Path, str] | None] = {}
    for path in list(paths) or [Path(".")]:
        full = base / path
        if not full.exists():
            raise ProjectError(f"{path}: no such file or directory")
        absolute = full.resolve()
        root, how = _project_of(absolute, memo)
        roots.setdefault(root, how)
        asked.append((path, absolute, root))
    if len(roots) > 1:
        first = asked[0]
        other = next(a for a in asked if a[2] != first[2])
        raise ProjectError(f"{first[0]} and {other[0]} belong to different projects "
                           f"({first[2]} and {other[2]}); check each in its own run")
    root = asked[0][2]
    rels = {absolute.relative_to(root).as_posix() for _, absolute, _ in asked}
    only = () if "." in rels else tuple(sorted(rels))
    return Project(root, only, roots[root], tuple(str(path) for path in paths))


def in_scope(path: str, only: Iterable[str]) -> bool:
    """Whether the root-relative `path` is one of `only` or inside one (always, for none)."""
    bounds = tuple(only)
    return not bounds or any(path == b or path.startswith(b + "/") for b in bounds)


def shown(project: Project) -> str:
    """What was asked for, as the user wrote it (the root, when nothing was)."""
    return ", ".join(project.given) if project.given else str(project.root)
