"""Reading a file that may be anything: only regular files are opened, and never more
than a limit is read.

A FIFO named `pipe.md` blocks the reader forever and `zero.md` linked to /dev/zero never
ends, so the kind is checked before opening (`stat`) and again on what was opened
(`fstat`: the name may have been replaced in between); `O_NONBLOCK` keeps even that
open from waiting for a FIFO's writer.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFDIR: "a directory", stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket", stat.S_IFLNK: "a symbolic link",
}


class NotRegularFile(OSError):
    """The path is a directory, FIFO, device or socket; `kind` says which."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file but {kind}")
        self.kind = kind


class TooLarge(OSError):
    """The file holds more than the limit; `size` is how much it was found to hold."""

    def __init__(self, size: int) -> None:
        super().__init__(f"file is {size:,} bytes")
        self.size = size


def _check(mode: int, size: int, limit: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFile(_KINDS.get(stat.S_IFMT(mode), "not a file"))
    if size > limit:
        raise TooLarge(size)


def read_regular(path: Path | str, limit: int, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises NotRegularFile, TooLarge (also when the file grew past `limit` while read) or
    the OSError of `stat`/`open`; with `follow_symlinks=False` a symbolic link is not a
    regular file (ELOOP from `O_NOFOLLOW` if it became one after the check).
    """
    info = os.stat(path, follow_symlinks=follow_symlinks)
    _check(info.st_mode, info.st_size, limit)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        _check(info.st_mode, info.st_size, limit)
        # ask for what fstat says (a buffer of `limit` bytes for each small file is slow),
        # then for the rest up to the limit, as a file may grow or (in /proc) say size 0
        data = file.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += file.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def read_head(path: Path | str, limit: int) -> bytes:
    """The first `limit` bytes of the regular file at `path`, however long it is (a page's
    front matter is at its top). Raises NotRegularFile or the OSError of `stat`/`open`."""
    _check(os.stat(path).st_mode, 0, limit)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        _check(os.fstat(fd).st_mode, 0, limit)
        return file.read(limit)
