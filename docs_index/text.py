"""One Markdown file's bytes, and its bytes as text: only a regular file inside the root,
never past the size limit, UTF-8 with `\\n` line ends; each refusal is a `Problem`."""

from __future__ import annotations

import errno
from pathlib import Path

from docs_index.files import NotRegularFile, TooLarge, read_regular
from docs_index.model import Location, Problem


def decode(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """Bytes → text with `\\n` line ends, or a problem saying why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(Location(path, 1), "RG001",
                             "file is UTF-16 encoded; refgraph reads UTF-8")
    if b"\x00" in data[:8192]:
        return None, Problem(Location(path, 1), "RG001", "binary file with a Markdown name")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # line and column as an editor shows them: CR, LF and CRLF end lines, and the
        # column counts the characters before the bad byte
        before = data[: err.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", "replace")) + 1
        byte = data[err.start]
        return None, Problem(Location(path, line, col), "RG001",
                             f"not valid UTF-8 (byte 0x{byte:02x} at offset {err.start})")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load(root: Path, rel: str, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of one Markdown file, or the problems that kept it from being read."""
    full = root / rel
    try:
        if full.is_symlink() and not full.resolve().is_relative_to(root.resolve()):
            return None, [Problem(Location(rel, 1), "RG001",
                                  "symbolic link points outside the checked root; not read",
                                  "exclude it, or check from a root that contains its target")]
        return read_regular(full, max_bytes), []
    except TooLarge as err:
        return None, [Problem(Location(rel, 1), "RG003",
                              f"file is {err.size:,} bytes, over the {max_bytes:,}-byte limit")]
    except NotRegularFile as err:
        return None, [Problem(Location(rel, 1), "RG001",
                              f"not a regular file but {err.kind}; not read",
                              "exclude it, or replace it with a file")]
    except (OSError, RuntimeError) as err:  # RuntimeError: symlink loop in resolve()
        if isinstance(err, RuntimeError) or getattr(err, "errno", None) == errno.ELOOP:
            return None, [Problem(Location(rel, 1), "RG001", "symbolic link loop; not read",
                                  "point the link at a file, or remove it")]
        reason = getattr(err, "strerror", None) or type(err).__name__
        return None, [Problem(Location(rel, 1), "RG001", f"cannot read file: {reason}",
                              "make the file readable, or exclude it")]
