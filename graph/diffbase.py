"""`--diff-base REV`: the findings a change since REV is responsible for.

A change is answerable for every finding in the Markdown files it touched, and for findings
elsewhere that were not there at the merge base: renaming `## Compaction` in STORAGE.md
breaks `STORAGE.md#compaction` links in files the change never opened. "Not there" is
decided by fingerprint (`graph.fingerprints`), which ignores line and column, so text moving
up or down does not bring old findings back. Git does the diffing and `git archive` gives
the corpus as it was; nothing here reads Git's files itself.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph.api import ReadOptions, analyze
from graph.config import Config
from graph.findings import Finding


class DiffBaseError(Exception):
    """One line, e.g. `--diff-base: unknown revision 'nope'` or
    `--diff-base: /x is not inside a git repository`."""


@dataclass(frozen=True)
class Change:
    """What changed between a merge base and the working tree, seen from the checked root."""

    merge_base: str
    """Full sha of `git merge-base REV HEAD`."""
    files: frozenset[str]
    """Paths relative to the root (POSIX, like `Finding.loc.path`) changed since
    `merge_base`: modified, added, deleted, both sides of renames, untracked files that are
    not ignored; uncommitted changes count. Only paths under the root."""


def changed_files(root: Path, rev: str) -> Change:
    """The merge base of `rev` and HEAD, and the files under `root` changed since then."""
    _require_work_tree(root)
    merge_base = _merge_base(root, _commit(root, rev), rev)
    # --relative: paths come relative to the root and changes outside it are left out,
    # whatever `diff.relative` is set to; -z: names are raw bytes, NUL-separated
    diffed = _git_out(root, "diff", "--name-only", "-z", "--no-renames", "--no-color",
                      "--relative", merge_base, "--")
    untracked = _git_out(root, "ls-files", "--others", "--exclude-standard", "-z")
    return Change(merge_base, frozenset(_split_z(diffed) + _split_z(untracked)))


def findings_at(root: Path, commit: str, config: Config,
                read: ReadOptions | None = None) -> list[Finding]:
    """`analyze()` of the corpus under `root` as it was at `commit`, with the same config
    (and `read`: with a cache, the files the change left alone are not parsed again).

    The root's subtree is exported with `git archive` into a temporary directory, removed
    afterwards. A root that did not exist at `commit` had no findings.
    """
    tree = f"{_commit(root, commit)}:{_prefix(root)}"
    kind = _git(root, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        return []
    # from a subdirectory, git archive would look for that subdirectory inside `tree` too
    top = os.fsdecode(_git_out(root, "rev-parse", "--show-toplevel").removesuffix(b"\n"))
    with tempfile.TemporaryDirectory(prefix="refgraph-diff-base-") as tmp:
        archive, corpus = Path(tmp) / "base.tar", Path(tmp) / "corpus"
        _git_out(Path(top), "archive", "--format=tar", f"--output={archive}", tree)
        corpus.mkdir()
        _extract(archive, corpus)
        return analyze(corpus, config, read).findings


def caused_by_change(findings: list[Finding], change: Change,
                     before: list[Finding]) -> list[Finding]:
    """Findings in changed files, plus those elsewhere whose fingerprint is not among
    `before`'s (new since the merge base, so the change caused them). Order is kept."""
    known = {f.fingerprint for f in before}
    return [f for f in findings if f.loc.path in change.files or f.fingerprint not in known]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `git -C root args` (no shell); bytes out, because paths need not be UTF-8."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              text=False, check=False)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base: git is not installed (no 'git' on PATH)") from None


def _git_out(root: Path, *args: str) -> bytes:
    """stdout of a git command that is expected to succeed; git's own message if not."""
    done = _git(root, *args)
    if done.returncode != 0:
        raise DiffBaseError(f"--diff-base: git {args[0]} failed: {_reason(done.stderr)}")
    return done.stdout


def _reason(stderr: bytes) -> str:
    """Git's last error line without its `fatal: ` / `error: ` label."""
    lines = [line for line in os.fsdecode(stderr).splitlines() if line.strip()]
    last = lines[-1].strip() if lines else "no message"
    return last.removeprefix("fatal: ").removeprefix("error: ")


def _split_z(out: bytes) -> list[str]:
    """NUL-separated `-z` output → paths, decoded as `os.walk` decodes names."""
    return [os.fsdecode(name) for name in out.split(b"\0") if name]


def _require_work_tree(root: Path) -> None:
    if not root.is_dir():
        raise DiffBaseError(f"--diff-base: {root} is not a directory")
    done = _git(root, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        reason = _reason(done.stderr)
        detail = "" if "not a git repository" in reason else f" ({reason})"
        raise DiffBaseError(f"--diff-base: {root} is not inside a git repository{detail}")


def _prefix(root: Path) -> str:
    """The root's directory inside the repository (`docs/`, or empty at the top). Git works
    it out from the resolved path, so a root reached through a symlink is placed right."""
    out = _git_out(root, "rev-parse", "--show-prefix")
    return os.fsdecode(out.removesuffix(b"\n"))


def _commit(root: Path, rev: str) -> str:
    """The full sha of the commit `rev` names."""
    # a leading dash would be read as an option; no ref name can start with one
    done = None if rev.startswith("-") else _git(
        root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done is None or done.returncode != 0:
        raise DiffBaseError(f"--diff-base: unknown revision {rev!r}")
    return done.stdout.decode("ascii").strip()


def _merge_base(root: Path, commit: str, rev: str) -> str:
    """`git merge-base commit HEAD`; a shallow clone is the usual reason there is none."""
    done = _git(root, "merge-base", commit, "HEAD")
    if done.returncode == 0:
        return done.stdout.decode("ascii").strip()
    shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
    hint = "; this is a shallow clone, fetch more history (git fetch --unshallow)" \
        if shallow else ""
    raise DiffBaseError(f"--diff-base: no merge base between {rev!r} and HEAD{hint}")


def _extract(archive: Path, dest: Path) -> None:
    """Unpack `archive` into `dest` with tarfile's 'data' filter.

    The filter refuses a symlink that leads out of `dest` (a docs symlink to `../README.md`
    does); dropping it would turn the reader's "points outside the checked root" finding
    into dangling links. So such links are made last, once nothing more is written through
    them, and the corpus reader judges them as it does in the working tree.
    """
    outward: list[tarfile.TarInfo] = []

    def data_or_defer(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError:
            if member.issym():
                outward.append(member)
            return None

    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter=data_or_defer)
    for member in outward:
        link = dest / member.name
        inside = link.parent.resolve().is_relative_to(dest.resolve())
        if inside and not os.path.lexists(link):
            link.symlink_to(member.linkname)
