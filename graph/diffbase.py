"""`--diff-base REV`: the findings a change since REV is responsible for.

A change is answerable for every finding in the Markdown files it touched, and for findings
elsewhere that were not there at the merge base: renaming `## Compaction` in STORAGE.md
breaks `STORAGE.md#compaction` links in files the change never opened. "Not there" is
decided by fingerprint (`graph.fingerprints`), which ignores line and column, so text moving
up or down does not bring old findings back. Git does the diffing, `git ls-tree` and
`git cat-file` give the corpus as it was; nothing here reads Git's files itself, and
nothing writes them: every git command runs without optional locks, so `git diff` does not
refresh `.git/index` after a file was touched.

The base is read as stored, blob by blob, not through `git archive`: archive applies the
repository's export rules (`export-ignore` in `.gitattributes` would drop the Markdown
files from the base, `export-subst` rewrites them) and its filters, so the base would not
be what was committed.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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
    untracked = _git_out(root, "ls-files", "--others", "--exclude-standard", "-z")
    return Change(merge_base, frozenset(_diffed(root, merge_base) + _split_z(untracked)))


def _diffed(root: Path, merge_base: str) -> list[str]:
    """Paths under `root` whose content differs between `merge_base` and the working tree.

    Plumbing, not `git diff`: porcelain diff drops files whose stat data changed but not
    their bytes (`touch`, a checkout) by refreshing the index, and writes `.git/index` to
    do it, whatever `--no-optional-locks` says. `git diff-index` writes nothing and shows
    such a file with no working-tree id; its bytes are hashed (`git hash-object`, with the
    same filters and line-end rules as diff) and it is dropped when they are the base's.
    """
    # --relative: paths come relative to the root and changes outside it are left out,
    # whatever `diff.relative` is set to; -z: names are raw bytes, NUL-separated
    out = _git_out(root, "diff-index", "--raw", "-z", "--no-renames", "--relative",
                   merge_base, "--")
    fields = out.split(b"\0")
    changed: list[bytes] = []
    unsure: list[tuple[bytes, bytes]] = []  # (base id, path) of files git did not hash
    for meta, path in zip(fields[0:-1:2], fields[1::2], strict=True):
        old_mode, new_mode, old_id, new_id, status = meta.removeprefix(b":").split(b" ")
        # only a regular file on both sides is hashed by name (a link would be followed,
        # a submodule is a directory), and not a name git reads line by line
        if (status == b"M" and not new_id.strip(b"0") and old_mode == new_mode
                and new_mode in (b"100644", b"100755") and b"\n" not in path):
            unsure.append((old_id, path))
        else:
            changed.append(path)
    if unsure:
        # from the top, paths with the root's prefix: --stdin-paths names are not taken
        # relative to a subdirectory as arguments are
        top = Path(os.fsdecode(_git_out(root, "rev-parse", "--show-toplevel")[:-1]))
        prefix = os.fsencode(_prefix(root))
        try:
            hashed = _git_in_out(top, b"".join(prefix + path + b"\n" for _, path in unsure),
                                 "hash-object", "--stdin-paths").split()
        except DiffBaseError:  # a file gone meanwhile: count them all as changed
            hashed = [b""] * len(unsure)
        changed += [path for (old, path), new in zip(unsure, hashed, strict=True)
                    if old != new]
    return [os.fsdecode(path) for path in changed]


def findings_at(root: Path, commit: str, config: Config,
                read: ReadOptions | None = None) -> list[Finding]:
    """`analyze()` of the corpus under `root` as it was at `commit`, with the same config
    (and `read`: with a cache, the files the change left alone are not parsed again).

    The root's subtree is written from the object store into a temporary directory,
    removed afterwards. A root that did not exist at `commit` had no findings.
    """
    tree = f"{_commit(root, commit)}:{_prefix(root)}"
    kind = _git(root, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        return []
    with tempfile.TemporaryDirectory(prefix="refgraph-diff-base-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        _write_tree(root, tree, corpus)
        return analyze(corpus, config, read).findings


def caused_by_change(findings: list[Finding], change: Change,
                     before: list[Finding]) -> list[Finding]:
    """Findings in changed files, plus those elsewhere whose fingerprint is not among
    `before`'s (new since the merge base, so the change caused them). Order is kept."""
    known = {f.fingerprint for f in before}
    return [f for f in findings if f.loc.path in change.files or f.fingerprint not in known]


def _command(root: Path, *args: str) -> list[str]:
    # no optional locks: reading must never write into the repository (git diff and
    # git status otherwise refresh the index's stat data and rewrite .git/index)
    return ["git", "--no-optional-locks", "-C", str(root), *args]


def _environment() -> dict[str, str]:
    # the variable too, for the git commands git itself starts
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `git -C root args` (no shell); bytes out, because paths need not be UTF-8."""
    try:
        return subprocess.run(_command(root, *args), capture_output=True, text=False,
                              check=False, env=_environment())
    except FileNotFoundError:
        raise DiffBaseError("--diff-base: git is not installed (no 'git' on PATH)") from None


def _git_out(root: Path, *args: str) -> bytes:
    """stdout of a git command that is expected to succeed; git's own message if not."""
    done = _git(root, *args)
    if done.returncode != 0:
        raise DiffBaseError(f"--diff-base: git {args[0]} failed: {_reason(done.stderr)}")
    return done.stdout


def _git_in_out(root: Path, data: bytes, *args: str) -> bytes:
    """stdout of a git command given `data` on its standard input."""
    done = subprocess.run(_command(root, *args), input=data, capture_output=True,
                          check=False, env=_environment())
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


_BLOB, _LINK = (b"100644", b"100755"), b"120000"


def _tree_entries(root: Path, tree: str) -> list[tuple[bytes, bytes, bytes]]:
    """(mode, object id, path) of every blob and symlink under `tree`, paths relative to
    it; submodules (mode 160000, a commit of another repository) are left out."""
    out = _git_out(root, "ls-tree", "-r", "-z", "--full-tree", tree)
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, _kind, oid = meta.split(b" ")
        if mode in _BLOB or mode == _LINK:
            entries.append((mode, oid, path))
    return entries


def _safe(path: bytes) -> bool:
    """A relative path with no empty, `.` or `..` part: git refuses to check such tree
    entries out, and a crafted repository must not make refgraph write outside `dest`."""
    parts = path.split(b"/")
    return not path.startswith(b"/") and all(p not in (b"", b".", b"..") for p in parts)


def _write_tree(root: Path, tree: str, dest: Path) -> None:
    """Write the blobs of `tree` under `dest` as stored (`git cat-file --batch`, one
    process for the whole tree), then its symbolic links.

    Links are made last, so nothing is ever written through one; a link that leads out of
    `dest` (a docs symlink to `../README.md` does) is made as it is, and the corpus reader
    judges it as it does in the working tree ("points outside the checked root").
    """
    entries = [e for e in _tree_entries(root, tree) if _safe(e[2])]
    base = os.fsencode(dest)
    links: list[tuple[bytes, bytes]] = []
    with subprocess.Popen(_command(root, "cat-file", "--batch"), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, env=_environment()) as cat:
        assert cat.stdin is not None and cat.stdout is not None
        for mode, oid, path in entries:
            cat.stdin.write(oid + b"\n")
            cat.stdin.flush()
            header = cat.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise DiffBaseError(f"--diff-base: git cat-file: cannot read {oid.decode()}")
            size = int(header[2])
            target = os.path.join(base, path)
            if mode == _LINK:
                links.append((target, cat.stdout.read(size)))
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                _copy(cat.stdout, target, size)
            cat.stdout.read(1)  # the newline after each object
        cat.stdin.close()
    for target, linked in links:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(linked, target)


def _copy(source: IO[bytes], target: bytes, size: int) -> None:
    """`size` bytes of `source` into a new file `target`, a MiB at a time (a large blob
    is never held whole); never through an existing file or link."""
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644),
              "wb") as out:
        while size:
            chunk = source.read(min(size, 1 << 20))
            if not chunk:
                raise DiffBaseError("--diff-base: git cat-file stopped early")
            out.write(chunk)
            size -= len(chunk)
