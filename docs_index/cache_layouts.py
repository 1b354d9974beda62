"""Removing the directory of a previous cache layout (`v1/` once entries live in `v2/`):
no run reads those entries again, and without this they would keep their disk space (up to
the cache's 512 MiB bound) for good."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_HEX = frozenset("0123456789abcdef")


def _ours(name: str, length: int) -> bool:
    return len(name) == length and set(name) <= _HEX


def remove_layout(base: Path) -> None:
    """Delete what a previous layout's directory holds of refgraph's own, then the
    directories it leaves empty. Only `<2 hex>/<40 hex>` entries and `.tmp-` files go:
    `--cache-dir` may name a folder that holds more than the cache, and anything else
    found there stays, with its folder (hence by hand: shutil.rmtree deletes it all).
    Each directory is opened without following a link and checked to be this user's,
    and everything below is named relative to that open directory (`dir_fd`), so a link
    put in place of a folder is never followed; unlink removes a link, not its target."""
    if not (os.unlink in os.supports_dir_fd and os.scandir in os.supports_fd):
        return  # no dir_fd (Windows): old entries are left rather than risk a link
    try:
        fd = _open_dir(str(base))
    except OSError:
        return
    try:
        shards = [e.name for e in os.scandir(fd)
                  if _ours(e.name, 2) and e.is_dir(follow_symlinks=False)]
        for shard in shards:
            with contextlib.suppress(OSError):
                _empty_shard(fd, shard)
                os.rmdir(shard, dir_fd=fd)
    except OSError:
        return
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(base)


def _open_dir(path: str, dir_fd: int | None = None) -> int:
    """A directory of this user's, opened without following a link (OSError if not)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0),
                 dir_fd=dir_fd)
    info = os.fstat(fd)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        os.close(fd)
        raise NotADirectoryError(path)
    return fd


def _empty_shard(parent: int, shard: str) -> None:
    fd = _open_dir(shard, parent)
    try:
        for entry in list(os.scandir(fd)):
            if (_ours(entry.name, 40) and entry.name.startswith(shard)) \
                    or entry.name.startswith(".tmp-"):
                with contextlib.suppress(OSError):  # a directory by that name stays
                    os.unlink(entry.name, dir_fd=fd)
    finally:
        os.close(fd)
