"""Writing the files a user asked for (`--output`, baselines): atomically, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same directory and a rename, so
    a reader sees the old file or the new one, never a partial one; the temporary file is
    removed if anything fails. A symlink is followed (the link stays), an existing file
    keeps its mode, and what is not a regular file (`/dev/stdout`, a pipe) is written to
    as it is, since it cannot be replaced."""
    # stat() follows the links the kernel makes (/dev/stdout → /proc/self/fd/1 → a pipe),
    # which realpath() cannot: it gives `pipe:[123]`, a name that is nowhere
    if path.exists() and not path.is_file():
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except BrokenPipeError:
            pass  # `-o /dev/stdout | head`: the reader has what it wanted, as on stdout
        return
    path = Path(os.path.realpath(path))
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp's 0600 would surprise whoever reads the report
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
