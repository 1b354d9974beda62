"""Standard output that fails: a closed pipe ends the output quietly and the command exits
as it would have; a full disk (`> /dev/full`) is one line on standard error and exit 2.

Both need a real file descriptor 1, so each command runs in a process of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_tree

RUN = [sys.executable, "-c", "from refgraph.cli import run; run()"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("out") / "c"
    return make_tree(root, {"README.md": "# R\n\n[a](A.md) [gone](gone.md)\n",
                            "A.md": "# A\n\n" + "Some words.\n" * 2000})


def _commands(root: Path) -> list[tuple[list[str], int]]:
    """A command of each kind, with its exit status when nothing goes wrong. The guard is
    one, in `refgraph.cli.run`; these show it holds for stdout written by `sys.stdout.write`,
    by `click.echo`, by click itself (--help) and through `-o /dev/stdout`."""
    c = str(root)
    return [
        (["check", c, "--fail-on", "never"], 0),
        (["check", c, "--format", "json"], 1),
        (["paths", "-C", str(ROOT / "examples" / "pyralog-like"), "--no-cache"], 0),
        (["render", c, "-o", "-"], 0),
        (["baseline", "write", "/dev/stdout", c], 0),
        (["--help"], 0),
    ]


def _argv(args: list[str]) -> list[str]:
    light = ["--no-cache", "-j", "1"] if args[0] in ("check", "render", "baseline") else []
    return [*RUN, *args, *light]


def _run_all(commands: list[list[str]], stdout: int) -> list[tuple[int, str]]:
    """Run `commands` side by side (each mostly waits on imports), all writing to
    `stdout`; their exit statuses and standard errors."""
    procs = [subprocess.Popen(_argv(args), stdout=stdout, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for args in commands]
    try:
        return [(proc.wait(timeout=60), proc.stderr.read()) for proc in procs]  # type: ignore[union-attr]
    finally:
        for proc in procs:
            proc.kill()
            proc.stderr.close()  # type: ignore[union-attr]


def test_closed_pipe_is_a_quiet_end(corpus: Path) -> None:
    commands = _commands(corpus)
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    try:
        results = _run_all([args for args, _ in commands], write)
    finally:
        os.close(write)
    for (args, code), (status, err) in zip(commands, results, strict=True):
        assert status == code, (args, err)
        assert "Error" not in err and "Traceback" not in err, (args, err)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_is_one_line_and_exit_2(corpus: Path) -> None:
    # -o /dev/stdout names a file: "cannot write /dev/stdout: …", as for any file
    commands = [args for args, _ in _commands(corpus)
                if "/dev/stdout" not in args and args[0] != "render"]
    with open("/dev/full", "w") as full:
        results = _run_all(commands, full.fileno())
    for args, (status, err) in zip(commands, results, strict=True):
        assert status == 2, (args, err)
        assert err.splitlines()[-1] == (
            "Error: cannot write standard output: No space left on device"), (args, err)
        assert "Traceback" not in err


def test_output_to_dev_stdout_through_a_pipe(corpus: Path) -> None:
    """realpath(/dev/stdout) is `pipe:[N]` when it is a pipe: `-o /dev/stdout | cat` said
    "No such file or directory"."""
    proc = subprocess.run(_argv(["check", str(corpus), "-o", "/dev/stdout", "--format",
                                 "json"]), capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert '"tool": "refgraph"' in proc.stdout


def test_the_executable_ends_without_freeing_what_the_run_made(corpus: Path) -> None:
    """`run` ends the process at once (`hard_exit`) after flushing both streams: an exit
    handler never runs, and the report, large or piped, is whole, with its status."""
    script = ("import atexit, sys; atexit.register(lambda: print('HANDLER', file=sys.stderr));"
              " from refgraph.cli import run; run()")
    for args, code in _commands(corpus)[:2]:
        proc = subprocess.run([sys.executable, "-c", script, *args, "--no-cache"],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert (proc.returncode, "HANDLER" in proc.stderr) == (code, False), proc.stderr
        assert proc.stdout.endswith("in 2 Markdown files, 2 links.\n") or proc.stdout.endswith(
            "}\n")
    text = subprocess.run([sys.executable, "-c", script, "check", str(corpus), "--no-cache"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT).stdout
    assert text.count("\n") == 2  # one finding and the summary line
