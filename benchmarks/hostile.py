"""Time `refgraph check` on inputs built to make a quadratic step show: each must stay
within its budget, a multiple of what an ordinary corpus of the same size costs.

Usage::

    python benchmarks/hostile.py [--scale 1.0] [--only NAME[,NAME]] [--work DIR]
                                 [--out benchmarks/results-hostile.md] [--refgraph CMD]
                                 [--timeout SECONDS]

Each case below writes a small corpus whose size is its full size times ``--scale``. Beside
it, `ordinary` writes the linear baseline: plain docs (sections, prose, links to files and
headings that exist) of the same number of bytes. Both are checked with ``refgraph check
--no-cache --format json`` once, in a subprocess killed after ``--timeout`` seconds, and
each run's wall time and peak RSS (``ru_maxrss`` from ``os.wait4``) is recorded. A case
fails when refgraph crashes (exit code other than 0 or 1), is killed, or takes more than
its time factor times the baseline's CPU time (user and system, which a busy machine
hardly moves, unlike wall time), or more than its memory factor times the baseline's
peak RSS. Measuring the baseline in the same run makes the budget hold on a
slow or busy machine, and makes a step that turns quadratic show as a ratio, not as a
number of seconds someone has to remember. Before the fixes most of these cases were
killed at 60 s at full size; see ``benchmarks/results-hostile.md``. The exit code is 1 when
a case failed. ``tests/test_hostile.py`` imports the generators to run them scaled down.
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results-hostile.md"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def one_missing_target(root: Path, n: int) -> None:
    """n links to one missing file (RG101 read every in-edge of the target per link)."""
    _write(root / "links.md", "".join(f"[x{i}](missing.md)\n\n" for i in range(n)))


def numbered_headings(root: Path, n: int) -> None:
    """n `## a` headings and n/4 links to `#a-N` (RG106 sorted all headings per link)."""
    _write(root / "big.md", "# Big\n\n" + "## a\n\n" * n)
    _write(root / "links.md", "".join(f"[x](big.md#a-{1 + i * 3 % (n - 1)})\n\n"
                                      for i in range(n // 4)))


def broken_anchors(root: Path, n: int) -> None:
    """n/10 broken anchors into an n-heading file (difflib over every anchor per link)."""
    _write(root / "big.md", "# Big\n\n" + "".join(f"## Section {i} of the log\n\n"
                                                  for i in range(n)))
    _write(root / "links.md", "".join(f"[x](big.md#sectoin-{i * 7 % n}-of-the-log)\n\n"
                                      for i in range(n // 10)))


def missing_files(root: Path, n: int) -> None:
    """n links to distinct missing files beside n/10 existing ones (difflib per guess)."""
    for i in range(n // 10):
        _write(root / f"doc-{i:05d}.md", f"# Doc {i}\n")
    _write(root / "links.md", "".join(f"[x](dco-{i:05d}.md)\n\n" for i in range(n)))


def undefined_references(root: Path, n: int) -> None:
    """n undefined references beside n unused definitions (RG103 rebuilt the labels of the
    whole corpus per use; RG104 compared every definition with every use)."""
    uses = "".join(f"See [this][ref-{i}].\n\n" for i in range(n))
    definitions = "".join(f"[def-{i}]: target.md\n" for i in range(n))
    _write(root / "target.md", "# Target\n")
    _write(root / "refs.md", uses + definitions)


def suppression_spaces(root: Path, n: int) -> None:
    """An unclosed suppression comment followed by n spaces (the directive regex)."""
    _write(root / "a.md", "<!-- refgraph-disable" + " " * n + "\n")


def code_span_backticks(root: Path, n: int) -> None:
    """A `refgraph-` line with n backticks (the code-span regex)."""
    _write(root / "a.md", "refgraph- " + "`" * n + " x\n\n" + "refgraph- " + "` " * n + "\n")


def post_line_of_links(root: Path, n: int) -> None:
    """A post whose one line holds n links to another post (posts/post.py helpers; then
    whether each link's destination is a post, matched against the posts' glob per link)."""
    _write(root / "blog/02-b.md", "# B\n")
    _write(root / "blog/01-a.md", "# A\n\n" + "[Part 2](02-b.md) " * n + "\n")


def post_paragraph_of_links(root: Path, n: int) -> None:
    """A post with an n-line paragraph, one link per line (posts/post.py helpers)."""
    _write(root / "blog/02-b.md", "# B\n")
    _write(root / "blog/01-a.md", "# A\n\n" + "Next: [b](02-b.md) and more\n" * n)


def post_part_mentions(root: Path, n: int) -> None:
    """A post that says "Part 2." n times in one paragraph (posts/post.py helpers)."""
    _write(root / "blog/02-b.md", "# B\n")
    _write(root / "blog/01-a.md", "# A\n\n" + "Part 2. " * n + "\n\n" + "Part 2 of " * n + "\n")


def long_reading_path(root: Path, n: int) -> None:
    """A reading path of n steps, every other one a doc that a post links to (RG402
    rescanned every step and every link into the doc per step)."""
    _write(root / "STORAGE.md", "# Storage\n")
    _write(root / "blog/01-a.md", "# A\n\nSee [storage](../STORAGE.md).\n")
    steps = "".join(f"{i + 1}. [A](01-a.md)\n" if i % 2 else f"{i + 1}. [S](../STORAGE.md)\n"
                    for i in range(n))
    _write(root / "blog/README.md", "# Blog\n\n### [1. A](01-a.md)\n\n## Reading Paths\n\n"
                                    "### Everything\n\n" + steps)


def plan_cites_missing_doc(root: Path, n: int) -> None:
    """n plan entries citing one missing doc that a post links to n times (each finding
    carried every other citation and link as a related location)."""
    _write(root / "blog/01-a.md", "# A\n\n" + "[m](../MISSING.md)\n\n" * n)
    _write(root / "blog/README.md", "# Blog\n\n### [1. A](01-a.md)\n")
    _write(root / "blog/BACKLOG.md", "# Backlog\n\n" + "".join(
        f"### #{i + 2}: Post {i}\n\n**Status**: planned\n**Documentation**: `MISSING.md`\n\n"
        for i in range(n)))


def repeated_index_entries(root: Path, n: int) -> None:
    """An index listing one post n times under `###` headings (finding each entry's
    section walked back over every heading above it)."""
    _write(root / "blog/01-a.md", "# A\n")
    _write(root / "blog/README.md", "# Blog\n\n" + "### [1. A](01-a.md)\n\n" * n)



def guideline_spaces(root: Path, n: int) -> None:
    """Guideline lines with a number and then n spaces (posts/guidelines.py: `\\s*` after
    a number then `\\s*` again, and a lazy `[a-z ]*?`, tried every split of the run)."""
    _write(root / "blog/01-a.md", "# A\n\nSome words.\n")
    _write(root / "blog/README.md", "# Blog\n\n### [1. A](01-a.md)\n")
    _write(root / "blog/BACKLOG.md", "# Backlog\n\n## Writing Guidelines\n\n"
           "- Length: 1" + " " * n + "words at least\n"
           "- Length: at most 1" + " " * n + "words\n"
           "- Posts" + " " * n + "words 3\n")


def stats_spaces(root: Path, n: int) -> None:
    """Index and plan lines with a number and then n spaces (posts/stats.py: an amount's
    `\\s*` then the `\\s+` before `words` or `actual`)."""
    _write(root / "blog/01-a.md", "# A\n\nSome words.\n")
    _write(root / "blog/README.md", "# Blog\n\n## Status\n\nWe wrote 1" + " " * n
           + "!\n\nReading: 1" + " " * n + "!\n\n### [1. A](01-a.md)\n")
    _write(root / "blog/BACKLOG.md", "# Backlog\n\n## Progress\n\nCurrently 1" + " " * n
           + "!\n")


def front_matter_brackets(root: Path, n: int) -> None:
    """A post whose `prerequisites` is `](` n times (posts/post.py read the rest of the
    value again from each `](`)."""
    _write(root / "blog/01-a.md", "---\nprerequisites: ['" + "](" * n + "']\n---\n# A\n")
    _write(root / "blog/README.md", "# Blog\n\n### [1. A](01-a.md)\n")


def wide_line(root: Path, n: int) -> None:
    """One line of n links to one missing file (the issue's `wide.md`: the hint, the plan
    lookups and the fingerprint hash were made per link, and findings sorted through the
    dataclass comparison; then each finding was made and copied with `dataclasses`, sorted
    out of a set, and written by Python's pure-Python indented JSON encoder; then each link
    was landed again by the build, and each finding hashed to drop repeats and written key
    by key)."""
    _write(root / "wide.md", "# Wide\n\n" + "[a](b.md) " * n + "\n")


def bold_label_spaces(root: Path, n: int) -> None:
    """A post line of `**` and n spaces (the bold-label pattern: a lazy label before two
    runs of `\\s*`, cubic)."""
    _write(root / "blog/01-a.md", "# A\n\n**" + " " * n + ":\n")
    _write(root / "blog/README.md", "# Blog\n\n### [1. A](01-a.md)\n")


def mdbook_alike_headings(root: Path, n: int) -> None:
    """n `## a` headings on an mdBook page after `## a-1` … (mdBook's ids: each repeat
    tried `-1`, `-2`, … from the start)."""
    _write(root / "book.toml", "[book]\ntitle = 'x'\n")
    _write(root / "src/SUMMARY.md", "# S\n\n- [Big](big.md)\n")
    _write(root / "src/big.md", "# Big\n\n" + "".join(f"## a-{i}\n\n" for i in range(1, n))
           + "## a\n\n" * n + f"[last](#a-{2 * n - 2})\n")


def mkdocs_numbered_headings(root: Path, n: int) -> None:
    """n `## a_5` headings on an MkDocs page (Python-Markdown's `toc.unique` tries each
    number after 5 for each repeat)."""
    _write(root / "mkdocs.yml", "site_name: x\n")
    _write(root / "docs/index.md", "# Big\n\n" + "## a_5\n\n" * n + f"[last](#a_{n + 4})\n")


def unlinked_steps(root: Path, n: int) -> None:
    """A reading path of n steps written without a link, beside n posts (RG401's hint
    normalised every title and compared it with difflib for each step)."""
    for i in range(1, n + 1):
        _write(root / f"blog/{i:05d}-post.md", f"# Storage engine part {i} of the log\n")
    entries = "".join(f"### [{i}. Post]({i:05d}-post.md)\n\n" for i in range(1, n + 1))
    steps = "1. [P](00001-post.md)\n" + "".join(
        f"{i + 2}. Storage engnie part {i * 7 % n} of the lgo\n" for i in range(n))
    _write(root / "blog/README.md", "# Blog\n\n" + entries + "## Reading Paths\n\n"
                                    "### Everything\n\n" + steps)


_WORDS = ("segment", "compaction", "log", "replica", "leader", "memtable", "cache", "flush",
          "the", "a", "of", "to", "and", "when", "each", "node", "writes", "reads")


def ordinary(root: Path, nbytes: int) -> None:
    """The linear baseline: docs of about 16 KB, each of 20 sections of prose with a few
    links to other docs and their headings, all existing, `nbytes` in all. Deterministic."""
    docs = max(2, nbytes // 16_000)
    for d in range(docs):
        parts = [f"# Doc {d}\n\n"]
        for k in range(20):
            parts.append(f"## Section {k} of doc {d}\n\n")
            for sentence in range(8):
                words = " ".join(_WORDS[(d * 7 + k * 5 + sentence * 3 + w) % len(_WORDS)]
                                 for w in range(12))
                other = (d + k + sentence) % docs
                link = (f" See [doc {other}](doc-{other:05d}.md#section-{sentence}-of-doc-"
                        f"{other})." if sentence % 3 == 0 else "")
                parts.append(f"{words.capitalize()}.{link} ")
            parts.append("\n\n")
        _write(root / f"doc-{d:05d}.md", "".join(parts))


def corpus_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, int], None]
    size: int
    """Full size, as in the report that found the case."""
    time_factor: float
    """CPU time allowed, as a multiple of the ordinary corpus of the same bytes: about
    twice the ratio measured here (at least 3: a small case is mostly start-up), far
    under what the quadratic code took (killed at 60 s, or minutes)."""
    memory_factor: float
    """Peak RSS allowed, as a multiple of the ordinary corpus' peak RSS; chosen the same
    way."""
    before: str
    """What the case took before it was fixed, at full size."""
    test_size: int
    """The size `tests/test_hostile.py` runs in the default test run: the quadratic code
    took 15 s or more there, the fixed code about a second."""


CASES = (
    Case("one-missing-target", one_missing_target, 8_000, 4, 3, "58 s", 4_000),
    Case("numbered-headings", numbered_headings, 20_000, 5, 4, "killed at 60 s", 10_000),
    Case("broken-anchors", broken_anchors, 20_000, 6, 4, "killed at 60 s", 10_000),
    Case("missing-files", missing_files, 20_000, 20, 7, "killed at 60 s", 6_000),
    Case("undefined-references", undefined_references, 5_000, 6, 4, "killed at 60 s", 2_500),
    Case("suppression-spaces", suppression_spaces, 200_000, 3, 3, "killed at 60 s", 100_000),
    Case("code-span-backticks", code_span_backticks, 50_000, 3, 3, "17 s", 25_000),
    Case("post-line-of-links", post_line_of_links, 100_000, 10, 12, "killed at 60 s", 20_000),
    Case("post-paragraph-of-links", post_paragraph_of_links, 30_000, 9, 5,
         "killed at 60 s", 10_000),
    Case("post-part-mentions", post_part_mentions, 50_000, 4, 3, "killed at 60 s", 25_000),
    Case("long-reading-path", long_reading_path, 20_000, 9, 7, "killed at 60 s", 6_000),
    Case("plan-cites-missing-doc", plan_cites_missing_doc, 5_000, 8, 10,
         "killed at 60 s, 1.3 GB", 2_000),
    Case("repeated-index-entries", repeated_index_entries, 20_000, 8, 8, "30 s", 16_000),
    Case("guideline-spaces", guideline_spaces, 1_000_000, 3, 3,
         "killed at 60 s (at 2,000 spaces)", 100_000),
    Case("stats-spaces", stats_spaces, 1_000_000, 5, 3, "killed at 60 s (at 100,000)",
         100_000),
    Case("front-matter-brackets", front_matter_brackets, 1_000_000, 3, 3,
         "killed at 60 s (at 100,000)", 100_000),
    Case("wide-line", wide_line, 100_000, 8, 10, "9.6 s (wall, on main)", 20_000),
    Case("bold-label-spaces", bold_label_spaces, 200_000, 3, 3,
         "11 s at 3,000 spaces (cubic)", 5_000),
    Case("mdbook-alike-headings", mdbook_alike_headings, 20_000, 8, 6, "killed at 60 s",
         14_000),
    Case("mkdocs-numbered-headings", mkdocs_numbered_headings, 20_000, 5, 4,
         "killed at 60 s (29 s at 10,000)", 14_000),
    Case("unlinked-steps", unlinked_steps, 5_000, 12, 5, "167 s at 1,000", 500),
)


@dataclass(frozen=True)
class Run:
    seconds: float
    """Wall time."""
    cpu: float
    """User and system time of the child: what budgets are judged by, as it hardly moves
    with the machine's load (on a 2-core machine at a load average of 14, one run took
    17 s of wall time for 2.4 s of CPU time)."""
    rss_kib: int
    returncode: int
    tail: str


@dataclass(frozen=True)
class Result:
    case: Case
    size: int
    nbytes: int
    run: Run
    baseline: Run
    status: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def time_ratio(self) -> float:
        return self.run.cpu / max(self.baseline.cpu, 1e-3)

    @property
    def memory_ratio(self) -> float:
        return self.run.rss_kib / max(self.baseline.rss_kib, 1)


def _wait_with_usage(proc: subprocess.Popen[bytes],
                     timeout: float) -> tuple[int, float, int]:
    """Exit code, CPU seconds and peak RSS (KiB) of `proc`, killed after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        if time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.01)


def check(root: Path, refgraph: Sequence[str], timeout: float) -> Run:
    command = [*refgraph, "check", "--no-cache", "--format", "json", str(root)]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        returncode, cpu, rss = _wait_with_usage(proc, timeout)
        seconds = time.perf_counter() - start
        stderr.seek(0)
        tail = stderr.read().decode(errors="replace").strip().splitlines()[-1:]
    return Run(seconds, cpu, rss, returncode, " ".join(tail)[:200])


def measure(case: Case, scale: float, work: Path, refgraph: Sequence[str],
            timeout: float) -> Result:
    size = max(2, int(case.size * scale))
    root, base = work / case.name, work / f"{case.name}.ordinary"
    for folder in (root, base):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    case.make(root, size)
    nbytes = corpus_bytes(root)
    ordinary(base, nbytes)
    baseline = check(base, refgraph, timeout)
    run = check(root, refgraph, timeout)
    result = Result(case, size, nbytes, run, baseline, "ok")
    if run.seconds >= timeout:
        status = f"killed at {timeout:g} s"
    elif run.returncode not in (0, 1):
        status = f"exit {run.returncode}: {run.tail}"
    elif result.time_ratio > case.time_factor:
        status = "over the time budget"
    elif result.memory_ratio > case.memory_factor:
        status = "over the memory budget"
    else:
        return result
    return Result(case, size, nbytes, run, baseline, status)


def table(results: Sequence[Result]) -> str:
    lines = ["| case | size | bytes | before the fix (full size) | wall | CPU | ordinary CPU "
             "| ratio | budget | peak RSS | ordinary | ratio | budget | status |",
             "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(
            f"| {r.case.name} | {r.size:,} | {r.nbytes:,} | {r.case.before} "
            f"| {r.run.seconds:.2f} s | {r.run.cpu:.2f} s | {r.baseline.cpu:.2f} s "
            f"| {r.time_ratio:.1f}× "
            f"| {r.case.time_factor:g}× | {r.run.rss_kib / 1024:.0f} MiB "
            f"| {r.baseline.rss_kib / 1024:.0f} MiB | {r.memory_ratio:.1f}× "
            f"| {r.case.memory_factor:g}× | {r.status} |")
    return "\n".join(lines) + "\n"


def report(results: Sequence[Result], argv: Sequence[str]) -> str:
    return (f"# Hostile inputs: time and memory of `refgraph check`\n\n"
            f"Generated by `benchmarks/hostile.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; one "
            f"run each, `--no-cache`. *Ordinary* is the linear baseline: plain docs of the "
            f"same bytes, checked just before the case; a budget is a multiple of its CPU "
            f"time (user and system) and of its peak RSS.\n\n"
            f"{table(results)}\n"
            f"## Reproduce\n\n```sh\npython benchmarks/hostile.py "
            f"{shlex.join(argv)}\n```\n".replace(" \n```", "\n```"))


def default_refgraph() -> list[str]:
    script = Path(sys.executable).parent / "refgraph"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from refgraph.cli import run; run()"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--refgraph", default=None, help="command to run refgraph")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    wanted = {n for n in args.only.split(",") if n}
    unknown = wanted - {c.name for c in CASES}
    if unknown:
        parser.error(f"unknown case {sorted(unknown)[0]!r}")
    refgraph = shlex.split(args.refgraph) if args.refgraph else default_refgraph()
    results = []
    with tempfile.TemporaryDirectory(prefix="refgraph-hostile-") as scratch:
        work = args.work or Path(scratch)
        for case in CASES:
            if wanted and case.name not in wanted:
                continue
            result = measure(case, args.scale, work, refgraph, args.timeout)
            print(table([result]).splitlines()[-1], flush=True)
            results.append(result)
    if args.out is not None:
        args.out.write_text(report(results, list(argv if argv is not None else sys.argv[1:])),
                            encoding="utf-8")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
