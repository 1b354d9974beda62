"""Files that are not regular files, and trees deeper than Python's recursion limit: each
run in a fresh `refgraph check` with a hard timeout, since the failure they guard against
is a hang (a FIFO waits for a writer forever; /dev/zero never ends)."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.files import NotRegularFile, TooLarge, read_regular
from tests.conftest import make_tree


def _cap_memory() -> None:
    # a regression reads /dev/zero until memory runs out: let it run out at 2 GB
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def check(root: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from refgraph.cli import run; run()", "check",
                           str(root)],
                          capture_output=True, text=True, timeout=timeout,
                          cwd=Path(__file__).parents[2], preexec_fn=_cap_memory)


def test_a_fifo_with_a_markdown_name_is_reported_not_opened(tmp_path: Path) -> None:
    make_tree(tmp_path, {"README.md": "# R\n\n[pipe](pipe.md)\n"})
    os.mkfifo(tmp_path / "pipe.md")
    result = check(tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        "pipe.md:1:1: RG001 error cannot read pipe.md: not a regular file but a named pipe "
        "(FIFO); not read (exclude it, or replace it with a file)")


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_with_a_markdown_name_is_reported_not_read(tmp_path: Path) -> None:
    make_tree(tmp_path, {"README.md": "# R\n\n[zero](zero.md)\n"})
    os.mknod(tmp_path / "zero.md", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    result = check(tmp_path)
    assert result.returncode == 1, result.stderr
    assert "zero.md:1:1: RG001 error cannot read zero.md: not a regular file but a " \
           "character device; not read" in result.stdout


def test_a_link_to_a_device_inside_the_root_is_not_read() -> None:
    # a corpus that holds /dev (checked from /): what zero.md -> /dev/zero amounts to
    # when the link's target is inside the checked root; in a capped process, as a
    # regression reads until memory runs out
    code = ("from pathlib import Path; from docs_index.corpus import _load; "
            "print(_load(Path('/dev'), 'zero', 1024)[1][0].detail)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=20, cwd=Path(__file__).parents[2], preexec_fn=_cap_memory)
    assert result.stdout == "not a regular file but a character device; not read\n"


def test_read_regular(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"12345")
    assert read_regular(tmp_path / "f", 5) == b"12345"
    with pytest.raises(TooLarge):
        read_regular(tmp_path / "f", 4)
    with pytest.raises(NotRegularFile, match="a directory"):
        read_regular(tmp_path, 5)
    os.symlink("f", tmp_path / "link")
    assert read_regular(tmp_path / "link", 5) == b"12345"
    with pytest.raises(NotRegularFile, match="a symbolic link"):
        read_regular(tmp_path / "link", 5, follow_symlinks=False)
    # a file that says it is empty but is not (as in /proc) is read up to the limit
    assert read_regular("/proc/self/status", 1 << 20).startswith(b"Name:")
    with pytest.raises(TooLarge):
        read_regular("/proc/self/status", 10)


def test_a_tree_a_thousand_levels_deep(tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(1000):  # os.walk recursed once per level and hit the recursion limit
        folder = folder / "d"
        folder.mkdir()
    (folder / "x.md").write_text("# X\n\n[up](../x.md)\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# R\n", encoding="utf-8")
    try:
        result = check(tmp_path)
    finally:
        # pytest removes old temporary folders with a recursive rmtree, which fails on
        # this one (RecursionError in a later session): take it down level by level
        (folder / "x.md").unlink()
        while folder != tmp_path:
            folder.rmdir()
            folder = folder.parent
    assert result.returncode == 1, result.stderr
    deep = "d/" * 1000 + "x.md"
    assert f"{deep}:3:1: RG101 error link to ../x.md" in result.stdout
