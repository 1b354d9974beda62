"""Time `refgraph check` against the link checkers a user would pick instead, on one corpus.

Usage::

    python benchmarks/run.py [--sizes 1,10,100] [--runs 3] [--work DIR]
                             [--out benchmarks/results.md] [--skip-peers]
                             [--refgraph CMD] [--timeout SECONDS]

For each size N the synthetic corpus of ``benchmarks/make_corpus.py`` is generated into
``WORK/corpus-N`` (reused while the stamp file ``WORK/corpus-N.stamp``, kept outside the
corpus, matches N, the generator and the Markdown files on disk). Then every row below is
run ``--runs`` times and its median reported:

1. ``cat``: read every ``.md`` file once, the floor no checker can beat.
2. ``refgraph check`` with an empty, fresh ``--cache-dir`` before every run (cold).
3. ``refgraph check`` with a cache populated by an untimed run, nothing changed (warm).
4. The same, after appending a distinct line to one post before every run (one edit);
   the post's original bytes are restored afterwards.
5. The same, after renaming one heading before every run (a distinct name each time): the
   heading of the reference doc most linked to by anchor that most of those links name,
   so every file linking to it gains a dangling anchor. The doc's bytes are restored
   afterwards. A reference doc is neither a post nor an index or a plan (a file whose
   name starts with a digit, a README or index page, a BACKLOG, PLAN or ROADMAP).
5b. The same in the file most linked to by anchor whatever it is, when that is not the
   doc of row 5 (in the synthetic corpus, from N=100 on, the series' index).
5c. The same, after changing the first estimate of the plan (``blog/BACKLOG.md``) before
   every run; the plan's bytes are restored afterwards.
5d. The same, after adding a doc beside row 5's (linking it and a missing file) before
   every run, the previous run's removed; removed afterwards.
5e. The same, after appending a post to the series before every run (the next number in
   ``blog/``, with a Previously link to the last post), the previous run's removed;
   removed afterwards.
6. ``refgraph check --no-cache``: parse everything, no cache read or written, with the
   default parser (the compiled one when the ``fast`` extra is installed).
7. The same with ``REFGRAPH_PARSER=pure`` (markdown-it-py only), so the compiled parser's
   gain shows in the same run.
8. rumdl restricted to MD051 (link fragments) and MD057 (relative links exist).
9. remark-cli with remark-validate-links only.

The peers are installed under ``WORK/peers`` (a venv for rumdl, an npm prefix for remark)
and sanity-checked on a two-file corpus with a broken file link and a broken anchor
before anything is timed. Each measured run records the wall time (``time.perf_counter``
around the process) and the peak RSS of the whole process tree: a thread sums ``VmRSS``
over the process and its descendants (``/proc/PID/task/*/children``) every 20 ms, and the
result is the larger of that peak and ``ru_maxrss`` from ``os.wait4``. Peer runs are
killed after ``--timeout`` seconds, and a peer is skipped at a size where its time at
the previous size, scaled linearly, would exceed the timeout.

The table goes to standard output and, with the machine facts and the commands to
reproduce it, to ``--out``. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_CORPUS = HERE / "make_corpus.py"
DEFAULT_WORK = Path("/tmp/refgraph-bench")
DEFAULT_OUT = HERE / "results.md"
DEFAULT_TIMEOUT = 600.0
SAMPLE_SECONDS = 0.02
TAIL_CHARS = 2000
RUMDL_PIN = "rumdl==0.3.0"
NODE_PACKAGES = {"remark-cli": "12", "remark-validate-links": "13"}
CAT_SCRIPT = 'find "$1" -name "*.md" -print0 | xargs -0 cat > /dev/null'


class BenchError(Exception):
    """A setup step or a tool failed in a way that makes the numbers meaningless."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- measuring one process tree --------------------------------------------------------


def tree_pids(root: int) -> list[int]:
    """`root` and all its descendants, from /proc/PID/task/TID/children."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                children = Path(f"/proc/{pid}/task/{tid}/children").read_text()
            except OSError:
                continue
            stack.extend(int(child) for child in children.split())
    return found


def rss_kib(pid: int) -> int:
    """VmRSS of one process in KiB (0 once it is gone or a zombie)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


class TreeSampler(threading.Thread):
    """Every SAMPLE_SECONDS: the summed RSS of the tree under `pid`, kept at its maximum;
    kills the process group (the child leads its own session) once `timeout` is over."""

    def __init__(self, pid: int, started: float, timeout: float | None) -> None:
        super().__init__(daemon=True)
        self.pid, self.started, self.timeout = pid, started, timeout
        self.peak_kib = 0
        self.timed_out = False
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = sum(rss_kib(pid) for pid in tree_pids(self.pid))
            self.peak_kib = max(self.peak_kib, total)
            elapsed = time.perf_counter() - self.started
            if self.timeout is not None and elapsed > self.timeout and not self.timed_out:
                self.timed_out = True
                kill_group(self.pid)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass(frozen=True)
class Outcome:
    wall: float
    peak_kib: int
    code: int
    timed_out: bool
    tail: str


def measure(argv: Sequence[str], cwd: Path, timeout: float | None = None,
            env: dict[str, str] | None = None) -> Outcome:
    """Run `argv` once: wall time, peak tree RSS, exit code, the tail of its stderr.
    `env` adds to (or overrides) this process's environment."""
    child_env = {**os.environ, **env} if env else None
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
                                env=child_env)
        sampler = TreeSampler(proc.pid, started, timeout)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
        except BaseException:  # e.g. Ctrl-C: leave no orphaned tree behind
            kill_group(proc.pid)
            proc.wait()
            raise
        finally:
            sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen in step
        err.seek(max(0, err.seek(0, os.SEEK_END) - TAIL_CHARS))
        tail = err.read().decode("utf-8", "replace")
    peak = max(sampler.peak_kib, usage.ru_maxrss)  # ru_maxrss is in KiB on Linux
    return Outcome(wall, peak, proc.returncode, sampler.timed_out, tail)


def capture(argv: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, errors="replace", check=False)


def run_checked(argv: Sequence[str], what: str) -> str:
    done = capture(argv)
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}): {shlex.join(argv)}\n"
                         f"{(done.stdout + done.stderr)[-TAIL_CHARS:]}")
    return done.stdout


# -- the corpus ------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    n: int
    path: Path
    files: int
    bytes: int
    summary: str


def markdown_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if p.is_file())


def tree_digest(root: Path) -> tuple[str, int, int]:
    """sha256 over the relative paths and bytes of the `.md` files; their count and size."""
    digest, count, size = hashlib.sha256(), 0, 0
    for path in markdown_files(root):
        data = path.read_bytes()
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
        count, size = count + 1, size + len(data)
    return digest.hexdigest(), count, size


def ensure_corpus(n: int, work: Path) -> Corpus:
    """WORK/corpus-N, regenerated unless its stamp (outside the corpus) still matches."""
    path, stamp = work / f"corpus-{n}", work / f"corpus-{n}.stamp"
    generator = hashlib.sha256(MAKE_CORPUS.read_bytes()).hexdigest()
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    if (path.is_dir() and recorded.get("n") == n and recorded.get("generator") == generator
            and recorded.get("tree") == tree_digest(path)[0]):
        log(f"N={n}: reusing {path}")
        return Corpus(n, path, recorded["files"], recorded["bytes"], recorded["summary"])
    log(f"N={n}: generating {path}")
    stamp.unlink(missing_ok=True)
    shutil.rmtree(path, ignore_errors=True)
    summary = run_checked([sys.executable, str(MAKE_CORPUS), str(n), str(path)],
                          "make_corpus.py").strip()
    tree, files, size = tree_digest(path)
    stamp.write_text(json.dumps({"n": n, "generator": generator, "tree": tree, "files": files,
                                 "bytes": size, "summary": summary}, indent=2,
                                 allow_nan=False) + "\n",
                     encoding="utf-8")
    return Corpus(n, path, files, size, summary)


def edited_file(corpus: Path) -> Path:
    """The file row 4 edits: the first post of the series (else the first `.md` file)."""
    posts = sorted(corpus.glob("blog/[0-9]*.md"))
    return posts[0] if posts else markdown_files(corpus)[0]


# The synthetic corpus writes inline links `[text](path#fragment)` and ATX headings only;
# both patterns are linear (no nested quantifiers) and run on that corpus, not user input.
ANCHOR_LINK = re.compile(r"\]\(([^()\s#]*)#([^()\s]+)\)")
ATX_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t]*$")
FENCE = re.compile(r"[ ]{0,3}(```|~~~)")


def github_slug(text: str) -> str:
    """GitHub's anchor for an ASCII heading, as `make_corpus.py` writes them."""
    plain = re.sub(r"[^\w\- ]", "", text.replace("`", "").lower(), flags=re.ASCII)
    return plain.replace(" ", "-")


def heading_lines(text: str) -> dict[str, int]:
    """First line index of each heading slug outside fenced code."""
    found: dict[str, int] = {}
    fence = ""
    for index, line in enumerate(text.split("\n")):
        opened = FENCE.match(line)
        if opened:
            fence = "" if fence == opened.group(1) else fence or opened.group(1)
            continue
        heading = None if fence else ATX_HEADING.match(line)
        if heading:
            found.setdefault(github_slug(heading.group(2)), index)
    return found


@dataclass(frozen=True)
class RenameTarget:
    path: Path
    line: int
    """0-based index of the heading line in the file."""
    slug: str
    links: int
    """Links in the corpus naming this doc and this anchor."""


_NOT_DOCS = re.compile(r"[0-9].*|(README|index|_index|BACKLOG|PLAN|ROADMAP)\.md",
                       re.IGNORECASE)
"""File names that are not reference docs: posts, indexes, plans (row 5)."""


def is_reference_doc(path: Path) -> bool:
    return not _NOT_DOCS.fullmatch(path.name)


def rename_target(corpus: Path, docs_only: bool = True) -> RenameTarget:
    """The heading row 5 renames: in the reference doc (any file, with `docs_only` false)
    most linked to by anchor, the heading most of those links name (ties: the first path,
    then the first slug in sort order)."""
    counts: dict[Path, dict[str, int]] = {}
    for source in markdown_files(corpus):
        text = source.read_text(encoding="utf-8", errors="replace")
        for match in ANCHOR_LINK.finditer(text):
            target, fragment = match.groups()
            if "://" in target or target.startswith("mailto:"):
                continue
            path = (source.parent / target).resolve() if target else source.resolve()
            per_doc = counts.setdefault(path, {})
            per_doc[fragment] = per_doc.get(fragment, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), str(item[0])))
    for path, fragments in ranked:
        if not path.is_file() or docs_only and not is_reference_doc(path):
            continue
        lines = heading_lines(path.read_text(encoding="utf-8"))
        named = sorted((-n, slug) for slug, n in fragments.items() if slug in lines)
        if named:
            links, slug = -named[0][0], named[0][1]
            return RenameTarget(path, lines[slug], slug, links)
    raise BenchError(f"no link to a heading in {corpus}: nothing for the rename row")


def renamed(original: bytes, line: int, k: int) -> bytes:
    """`original` with heading `line` renamed: its text gains a distinct suffix for run k."""
    lines = original.split(b"\n")
    lines[line] += f" renamed {k}".encode()
    return b"\n".join(lines)


# -- peers -----------------------------------------------------------------------------


@dataclass
class Peers:
    rumdl: Path
    rumdl_version: str
    remark: Path
    remark_plugin: Path
    node_versions: dict[str, str]
    node: str


def ensure_rumdl(peers: Path) -> tuple[Path, str]:
    """rumdl in its own venv, RUMDL_PIN if installable, else the latest release."""
    venv = peers / "venv"
    exe = venv / "bin" / "rumdl"
    if not exe.exists():
        if not (venv / "bin" / "python").exists():
            log(f"creating {venv}")
            run_checked([sys.executable, "-m", "venv", str(venv)], "python -m venv")
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
               "--disable-pip-version-check"]
        log(f"installing {RUMDL_PIN}")
        if capture([*pip, RUMDL_PIN]).returncode != 0:
            log(f"warning: {RUMDL_PIN} is not installable, installing the latest rumdl")
            run_checked([*pip, "rumdl"], "pip install rumdl")
    return exe, run_checked([str(exe), "--version"], "rumdl --version").strip()


def plugin_entry(package: Path) -> Path:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    exports = meta.get("exports")
    if isinstance(exports, dict):
        exports = exports.get(".")
    entry = exports if isinstance(exports, str) else meta.get("main", "index.js")
    return (package / entry).resolve()


def ensure_remark(peers: Path) -> tuple[Path, Path, dict[str, str]]:
    """remark-cli and remark-validate-links in an npm prefix, at their pinned majors."""
    prefix = peers / "node"
    modules = prefix / "node_modules"
    if not all((modules / name / "package.json").exists() for name in NODE_PACKAGES):
        npm = shutil.which("npm")
        if npm is None:
            raise BenchError("npm is not installed: install Node.js or use --skip-peers")
        specs = [f"{name}@{major}" for name, major in NODE_PACKAGES.items()]
        log(f"installing {' '.join(specs)} into {prefix}")
        run_checked([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                     *specs], "npm install")
    versions = {name: json.loads((modules / name / "package.json").read_text(
        encoding="utf-8"))["version"] for name in NODE_PACKAGES}
    return modules / ".bin" / "remark", plugin_entry(modules / "remark-validate-links"), versions


def ensure_peers(work: Path) -> Peers:
    peers = work / "peers"
    peers.mkdir(parents=True, exist_ok=True)
    rumdl, rumdl_version = ensure_rumdl(peers)
    remark, plugin, versions = ensure_remark(peers)
    node = run_checked(["node", "--version"], "node --version").strip()
    found = Peers(rumdl, rumdl_version, remark, plugin, versions, node)
    sanity_check(found)
    return found


def rumdl_argv(peers: Peers, corpus: Path) -> list[str]:
    """Only MD051 and MD057; no config file, no cache, no .gitignore filtering."""
    return [str(peers.rumdl), "check", str(corpus), "--enable", "MD051,MD057", "--no-config",
            "--no-cache", "--respect-gitignore=false", "--color", "never"]


def remark_argv(peers: Peers, corpus: Path) -> list[str]:
    """Only remark-validate-links (by path: remark resolves plugins from the cwd);
    `repository:false` because the corpus is no Git checkout; no config or ignore files.
    Without --frail, findings are warnings and exit 0; exit 1 means a fatal error."""
    return [str(peers.remark), str(corpus), "--use", f"{peers.remark_plugin}=repository:false",
            "--no-config", "--no-ignore", "--no-stdout", "--quiet", "--no-color"]


RUMDL_OK = (0, 1)  # 1: violations found; 2: usage or file errors
REMARK_OK = (0,)


def sanity_check(peers: Peers) -> None:
    """Both peers must report a missing file and a missing anchor in another file."""
    with tempfile.TemporaryDirectory(prefix="refgraph-bench-sanity-") as tmp:
        root = Path(tmp)
        (root / "sub").mkdir()
        (root / "a.md").write_text(
            "# Alpha\n\n## Real Heading\n\nSee [b](sub/b.md), [gone](nope.md), "
            "[bad](sub/b.md#no-such-heading) and [ok](sub/b.md#beta-section).\n",
            encoding="utf-8")
        (root / "sub" / "b.md").write_text(
            "# Beta\n\n## Beta Section\n\nBack to [a](../a.md#real-heading).\n",
            encoding="utf-8")
        checks = (("rumdl", rumdl_argv(peers, root), RUMDL_OK, ("MD057", "MD051")),
                  ("remark", remark_argv(peers, root), REMARK_OK,
                   ("missing-file", "missing-heading-in-file")))
        for name, argv, ok, (file_rule, anchor_rule) in checks:
            done = capture(argv, cwd=root)
            lines = (done.stdout + done.stderr).splitlines()
            wanted = ((file_rule, "nope.md"), (anchor_rule, "no-such-heading"))
            missing = [w for w in wanted if not any(all(s in ln for s in w) for ln in lines)]
            if done.returncode not in ok or missing:
                raise BenchError(f"{name} sanity check failed (exit {done.returncode}, "
                                 f"not reported: {missing}): {shlex.join(argv)}\n"
                                 + "\n".join(lines[-30:]))
    log("peers pass the sanity check (broken file link and broken anchor both reported)")


# -- rows ------------------------------------------------------------------------------


@dataclass
class Row:
    corpus: Corpus
    key: str
    tool: str
    walls: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    note: str = ""
    failed: bool = False


@dataclass
class Context:
    work: Path
    runs: int
    timeout: float
    refgraph: list[str]
    cache_flags: bool
    no_cache_flag: bool
    peers: Peers | None
    last_peer: dict[str, tuple[int, float | None]] = field(default_factory=dict)
    """Per peer key: (N, median wall or None if it timed out or failed) at the last N."""
    load_before: str = field(default_factory=lambda: load_average())


def time_row(row: Row, argv: Sequence[str], ctx: Context, ok: Sequence[int],
             before: Callable[[int], None] | None = None, peer: bool = False,
             env: dict[str, str] | None = None) -> Row:
    """`ctx.runs` measured runs into `row`; a refgraph crash aborts, a peer's is noted."""
    for k in range(1, ctx.runs + 1):
        if before is not None:
            before(k)
        out = measure(argv, row.corpus.path, ctx.timeout if peer else None, env)
        if out.timed_out:
            row.note = f"timed out after {ctx.timeout:g} s"
            break
        if out.code not in ok:
            message = (f"{row.tool} failed on N={row.corpus.n} (exit {out.code}): "
                       f"{shlex.join(argv)}\n{out.tail}")
            if not peer:
                raise BenchError(message)
            log(f"ERROR: {message}")
            row.note, row.failed = f"failed: exit {out.code}", True
            break
        row.walls.append(out.wall)
        row.peaks_kib.append(out.peak_kib)
        log(f"  N={row.corpus.n} {row.tool}: run {k}: {out.wall:.3f} s, "
            f"{out.peak_kib / 1024:.0f} MiB")
    if row.note:
        row.walls, row.peaks_kib = [], []
        log(f"  N={row.corpus.n} {row.tool}: {row.note}")
    return row


def reset_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


PURE_PARSER = {"REFGRAPH_PARSER": "pure"}


def populate(cached: Sequence[str], corpus: Corpus, cache: Path, ok: Sequence[int]) -> None:
    """One untimed run, so the cache and run state match the corpus as it is now."""
    done = measure(cached, corpus.path)
    if done.code not in ok:
        raise BenchError(f"refgraph failed populating {cache} (exit {done.code}):\n"
                         f"{done.tail}")


def rename_row(corpus: Corpus, key: str, what: str, heading: RenameTarget,
               cached: list[str], ctx: Context, ok: Sequence[int]) -> Row:
    """Row 5 or 5b: `heading` renamed before every run, the file restored afterwards."""
    doc = heading.path.read_bytes()
    shown = heading.path.relative_to(corpus.path).as_posix()
    log(f"  N={corpus.n}: renaming #{heading.slug} in {shown} ({heading.links} links to it)")
    try:
        return time_row(
            Row(corpus, key, f"refgraph check, warm cache, heading renamed in {what}, "
                f"{shown} ({heading.links} links to it)"),
            cached, ctx, ok, before=lambda k: heading.path.write_bytes(renamed(doc, heading.line,
                                                                                k)))
    finally:
        heading.path.write_bytes(doc)


_ESTIMATE = re.compile(r"(\*\*Estimated\*\*:[^\n]*?)(\d+)( min read)")
"""A plan entry's estimate (`**Estimated**: 5,700 words, 25 min read`), as the synthetic
plan writes it; linear."""


def plan_row(corpus: Corpus, plan: Path, cached: list[str], ctx: Context,
             ok: Sequence[int]) -> Row:
    """Row 5c: the plan's first estimate changed before every run (a distinct number each
    time), the plan restored afterwards."""
    text = plan.read_text(encoding="utf-8")
    if not _ESTIMATE.search(text):
        raise BenchError(f"{plan}: no estimate to change")

    def change(k: int) -> None:
        plan.write_text(_ESTIMATE.sub(lambda m: f"{m[1]}{int(m[2]) + k + 1}{m[3]}", text,
                                      count=1), encoding="utf-8")

    try:
        return time_row(Row(corpus, "plan", "refgraph check, warm cache, an estimate changed "
                            "in the plan"), cached, ctx, ok, before=change)
    finally:
        plan.write_text(text, encoding="utf-8")


def added_row(corpus: Corpus, beside: Path, cached: list[str], ctx: Context,
              ok: Sequence[int]) -> Row:
    """Row 5d: a new doc beside `beside` (linking it and a missing file) before every run,
    the previous run's removed, so each run sees one file added; removed afterwards."""
    made: list[Path] = []

    def add(k: int) -> None:
        while made:
            made.pop().unlink()
        doc = beside.parent / f"zz-added-{'abcdefghijklmnopqrstuvwxyz'[k % 26]}.md"
        doc.write_text(f"# Added\n\nSee [the doc]({beside.name}) and "
                       f"[a missing one](missing-{k}.md).\n", encoding="utf-8")
        made.append(doc)

    try:
        return time_row(Row(corpus, "add", f"refgraph check, warm cache, a doc added beside "
                            f"{beside.relative_to(corpus.path).as_posix()}"),
                        cached, ctx, ok, before=add)
    finally:
        for doc in made:
            doc.unlink()


_NUMBERED = re.compile(r"^(\d+)-.*\.md$")


def appended_row(corpus: Corpus, cached: list[str], ctx: Context,
                 ok: Sequence[int]) -> Row | None:
    """Row 5e: the next post of the series in `blog/` (a Previously link to the last one)
    before every run, the previous run's removed, so each run sees one post added; removed
    afterwards. None for a corpus without numbered posts there."""
    folder = corpus.path / "blog"
    numbered = sorted((int(m[1]), path) for path in folder.glob("*.md")
                      if (m := _NUMBERED.match(path.name)))
    if not numbered:
        return None
    number, last = numbered[-1]
    width = len(_NUMBERED.match(last.name)[1])  # type: ignore[index]
    made: list[Path] = []

    def add(k: int) -> None:
        while made:
            made.pop().unlink()
        post = folder / f"{number + 1:0{width}d}-the-appended-post-{k}.md"
        post.write_text(f"# The Appended Post\n\n*Previously: [The last one]({last.name})*"
                        f"\n\nSome prose.\n", encoding="utf-8")
        made.append(post)

    try:
        return time_row(Row(corpus, "append", "refgraph check, warm cache, a post appended "
                            "to the series"), cached, ctx, ok, before=add)
    finally:
        for post in made:
            post.unlink()


def refgraph_rows(corpus: Corpus, ctx: Context) -> list[Row]:
    """Rows 2-7: cold cache, warm cache, warm cache with one edited file, warm cache after a
    heading rename (in a reference doc, and in the most anchor-linked file when that is
    another), no cache with the default parser and with the pure-Python one."""
    cache = ctx.work / f"cache-{corpus.n}"
    base = [*ctx.refgraph, "check", str(corpus.path), "--format", "json", "-o", os.devnull]
    cached = [*base, "--cache-dir", str(cache)] if ctx.cache_flags else base
    uncached = [*base, "--no-cache"] if ctx.no_cache_flag else base
    ok = (0, 1)  # 1: findings (the corpus plants broken links); 2: usage or config error
    rows = [time_row(Row(corpus, "cold", "refgraph check, cold cache"), cached, ctx, ok,
                     before=lambda _: reset_dir(cache))]
    reset_dir(cache)
    populate(cached, corpus, cache, ok)
    rows.append(time_row(Row(corpus, "warm", "refgraph check, warm cache"), cached, ctx, ok))
    target = edited_file(corpus.path)
    original = target.read_bytes()

    def edit(k: int) -> None:
        with target.open("ab") as handle:
            handle.write(f"\nEdited {k}.\n".encode())

    try:
        rows.append(time_row(Row(corpus, "edit", "refgraph check, warm cache, 1 file edited"),
                             cached, ctx, ok, before=edit))
    finally:
        target.write_bytes(original)
    # The rename's first run must see one change, the heading, not also the restored post.
    doc_heading = rename_target(corpus.path)
    any_heading = rename_target(corpus.path, docs_only=False)
    for key, what, heading in (("rename", "a reference doc", doc_heading),
                               ("rename-any", "the most anchor-linked file", any_heading)):
        if key == "rename-any" and heading.path == doc_heading.path:
            continue
        populate(cached, corpus, cache, ok)
        rows.append(rename_row(corpus, key, what, heading, cached, ctx, ok))
    plan = corpus.path / "blog" / "BACKLOG.md"
    if plan.is_file():
        populate(cached, corpus, cache, ok)
        rows.append(plan_row(corpus, plan, cached, ctx, ok))
    populate(cached, corpus, cache, ok)
    rows.append(added_row(corpus, doc_heading.path, cached, ctx, ok))
    populate(cached, corpus, cache, ok)
    appended = appended_row(corpus, cached, ctx, ok)
    if appended is not None:
        rows.append(appended)
    rows.append(time_row(Row(corpus, "nocache", "refgraph check --no-cache"), uncached, ctx, ok))
    rows.append(time_row(Row(corpus, "nocache-pure",
                             "refgraph check --no-cache, REFGRAPH_PARSER=pure"),
                         uncached, ctx, ok, env=PURE_PARSER))
    shutil.rmtree(cache, ignore_errors=True)
    return rows


def peer_row(corpus: Corpus, key: str, tool: str, argv: list[str], ok: Sequence[int],
             ctx: Context) -> Row:
    """One peer row, skipped when its time at the previous N, scaled to this N, would
    exceed the timeout (or when it timed out or failed there)."""
    row = Row(corpus, key, tool)
    last = ctx.last_peer.get(key)
    if last is not None:
        last_n, last_wall = last
        if last_wall is None or last_wall * corpus.n / last_n > ctx.timeout:
            row.note = "skipped (extrapolated > timeout)"
            log(f"  N={corpus.n} {tool}: {row.note}")
            return row
    time_row(row, argv, ctx, ok, peer=True)
    ctx.last_peer[key] = (corpus.n, statistics.median(row.walls) if row.walls else None)
    return row


def peer_rows(corpus: Corpus, ctx: Context) -> list[Row]:
    peers = ctx.peers
    assert peers is not None
    versions = peers.node_versions
    return [
        peer_row(corpus, "rumdl", f"{peers.rumdl_version} (MD051, MD057)",
                 rumdl_argv(peers, corpus.path), RUMDL_OK, ctx),
        peer_row(corpus, "remark", f"remark-cli {versions['remark-cli']} + "
                 f"remark-validate-links {versions['remark-validate-links']}",
                 remark_argv(peers, corpus.path), REMARK_OK, ctx),
    ]


def bench_size(n: int, ctx: Context) -> list[Row]:
    corpus = ensure_corpus(n, ctx.work)
    log(f"N={n}: {corpus.files} files, {corpus.bytes / 1e6:.1f} MB")
    cat = ["bash", "-c", CAT_SCRIPT, "bash", str(corpus.path)]
    rows = [time_row(Row(corpus, "cat", "cat (read all .md)"), cat, ctx, (0,))]
    rows += refgraph_rows(corpus, ctx)
    if ctx.peers is not None:
        rows += peer_rows(corpus, ctx)
    return rows


# -- refgraph --------------------------------------------------------------------------


def default_refgraph() -> list[str]:
    beside = Path(sys.executable).parent / "refgraph"
    found = str(beside) if beside.exists() else shutil.which("refgraph")
    if found is None:
        raise BenchError(f"no refgraph executable at {beside} or on PATH: use --refgraph CMD")
    return [found]


def compile_sources() -> None:
    """refgraph's own modules compiled to bytecode, as an installed package's are (pip
    compiles what it installs): an editable checkout where no bytecode is written
    (`PYTHONDONTWRITEBYTECODE`, a read-only tree) compiles every module on every run."""
    packages = [str(HERE.parent / name) for name in ("graph", "docs_index", "posts", "refgraph")]
    run_checked([sys.executable, "-m", "compileall", "-q", *packages], "python -m compileall")


def cache_support(refgraph: list[str]) -> tuple[bool, bool]:
    """Whether `refgraph check` has --cache-dir and --no-cache (parsed from --help once)."""
    text = run_checked([*refgraph, "check", "--help"], "refgraph check --help")
    cache_dir, no_cache = "--cache-dir" in text, "--no-cache" in text
    if not (cache_dir and no_cache):
        log("warning: `refgraph check --help` lists no --cache-dir/--no-cache; rows 2-7 "
            "run without cache flags, so they measure whatever refgraph does by default")
    return cache_dir, no_cache


# -- report ----------------------------------------------------------------------------


def fmt_seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def table(rows: list[Row]) -> str:
    lines = ["| N | files | MB | tool | median wall (s) | runs (s) | × rumdl | peak RSS (MiB) |",
             "|--:|--:|--:|---|--:|---|--:|--:|"]
    rumdl = {r.corpus.n: statistics.median(r.walls) for r in rows if r.key == "rumdl"
             and r.walls}
    for row in rows:
        head = f"| {row.corpus.n} | {row.corpus.files} | {row.corpus.bytes / 1e6:.1f} | {row.tool}"
        if not row.walls:
            lines.append(f"{head} | {row.note} | – | – | – |")
            continue
        wall = statistics.median(row.walls)
        runs = ", ".join(fmt_seconds(w) for w in row.walls)
        base = rumdl.get(row.corpus.n)
        ratio = f"{wall / base:.2f}×" if base else "–"
        peak = statistics.median(row.peaks_kib) / 1024
        lines.append(f"{head} | {fmt_seconds(wall)} | {runs} | {ratio} | {peak:.0f} |")
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    """1, 5 and 15 minute load averages: other work on the machine skews the numbers."""
    return " / ".join(f"{load:.2f}" for load in os.getloadavg())


def memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def compiled_parser(refgraph: list[str]) -> str:
    """Whether the Python beside the refgraph executable has pyromark (the `fast` extra)."""
    python = Path(refgraph[0]).parent / "python"
    if len(refgraph) != 1 or not python.exists():
        return "unknown"
    done = capture([str(python), "-c", "import importlib.metadata as m; "
                    "print(m.version('pyromark'))"])
    if done.returncode != 0:
        return "markdown-it-py (pyromark is not installed)"
    return f"pyromark {done.stdout.strip()}, markdown-it-py for what it cannot read alike"


def machine_facts(ctx: Context) -> list[str]:
    version = capture([*ctx.refgraph, "--version"])
    refgraph = version.stdout.strip() if version.returncode == 0 else "unknown"
    facts = [f"- CPU: {cpu_model()}, {os.cpu_count()} logical CPUs (`os.cpu_count()`)",
             f"- Memory: {memory_gib()}; OS: {platform.system()} {platform.release()}",
             f"- Load average (1/5/15 min): {ctx.load_before} before the run, "
             f"{load_average()} after it",
             f"- Python {platform.python_version()} ({platform.python_implementation()})",
             f"- refgraph: {refgraph} (`{shlex.join(ctx.refgraph)}`); default parser: "
             f"{compiled_parser(ctx.refgraph)}"]
    if not ctx.cache_flags:
        facts.append("- refgraph had no `--cache-dir`/`--no-cache`: rows 2-7 ran without "
                     "cache flags")
    if ctx.peers is not None:
        node = ", ".join(f"{k} {v}" for k, v in ctx.peers.node_versions.items())
        facts += [f"- rumdl: {ctx.peers.rumdl_version} (pip, `{RUMDL_PIN}` requested)",
                  f"- {node} (npm), Node.js {ctx.peers.node}"]
    return facts


def commands(ctx: Context) -> list[str]:
    corpus, cache = Path("CORPUS"), "CACHE"
    base = [*ctx.refgraph, "check", str(corpus), "--format", "json", "-o", os.devnull]
    cached = [*base, "--cache-dir", cache] if ctx.cache_flags else base
    uncached = [*base, "--no-cache"] if ctx.no_cache_flag else base
    lines = [f"- cat: `{shlex.join(['bash', '-c', CAT_SCRIPT, 'bash', 'CORPUS'])}`",
             f"- refgraph, cold (CACHE emptied before each run), warm (CACHE populated by an "
             f"untimed run) and one file edited (a line appended to the first post before "
             f"each run, restored afterwards) and heading renamed (in the reference doc most "
             f"linked to by anchor, and in the file most linked to by anchor when that is "
             f"another, the heading most of those links name gains ` renamed K` before "
             f"run K; restored afterwards), an estimate changed in the plan (its first "
             f"one, by K + 1 minutes before run K; restored afterwards) and a doc added "
             f"(beside the renamed reference doc, the previous run's removed; removed "
             f"afterwards) and a post appended (the next number in blog/, the previous "
             f"run's removed; removed afterwards): `{shlex.join(cached)}`. refgraph's modules are "
             f"compiled to bytecode before the first run, as an installed package's are",
             f"- refgraph, no cache: `{shlex.join(uncached)}`, with the default parser and "
             f"with `REFGRAPH_PARSER=pure` in the environment"]
    if ctx.peers is not None:
        lines += [f"- rumdl: `{shlex.join(rumdl_argv(ctx.peers, corpus))}`",
                  f"- remark: `{shlex.join(remark_argv(ctx.peers, corpus))}`"]
    return lines


def reproduce(args: argparse.Namespace, corpora: list[Corpus]) -> list[str]:
    cmd = ["python", "benchmarks/run.py", "--sizes", ",".join(str(c.n) for c in corpora),
           "--runs", str(args.runs)]
    if args.work != DEFAULT_WORK:
        cmd += ["--work", str(args.work)]
    if args.timeout != DEFAULT_TIMEOUT:
        cmd += ["--timeout", f"{args.timeout:g}"]
    if args.skip_peers:
        cmd.append("--skip-peers")
    if args.refgraph:
        cmd += ["--refgraph", args.refgraph]
    make = [shlex.join(["python", "benchmarks/make_corpus.py", str(c.n), str(c.path)])
            for c in corpora]
    return ["```sh", *make, shlex.join(cmd), "```"]


def report(rows: list[Row], ctx: Context, args: argparse.Namespace) -> str:
    corpora = list({row.corpus.n: row.corpus for row in rows}.values())
    today = datetime.now(UTC).date().isoformat()
    return "\n".join([
        "# refgraph benchmarks", "",
        f"Measured on {today} (UTC) with `benchmarks/run.py`, median of {args.runs} "
        f"run(s) per row. Peak RSS is the largest sum of VmRSS over the process tree "
        f"(sampled every {SAMPLE_SECONDS * 1000:.0f} ms; pages shared between processes "
        f"count once per process) or the child's `ru_maxrss`, whichever is larger. "
        f"× rumdl is the row's median wall time over rumdl's at the same N.", "",
        "## Machine", "", *machine_facts(ctx), "",
        "## Results", "", table(rows), "",
        "## Corpora", "", *[f"- N={c.n}: {c.summary}" for c in corpora], "",
        "## Commands", "", "Every command runs with the corpus as working directory.", "",
        *commands(ctx), "",
        "## Reproduce", "", *reproduce(args, corpora), "",
    ])


# -- command line ----------------------------------------------------------------------


def sizes(text: str) -> list[int]:
    try:
        values = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text}") \
            from error
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be integers >= 1")
    return values


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--sizes", type=sizes, default=[1, 10, 100],
                        help="comma-separated corpus sizes N (default: 1,10,100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per row (default: 3)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help=f"corpora, caches and peer installs (default: {DEFAULT_WORK})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="Markdown results file (default: benchmarks/results.md)")
    parser.add_argument("--skip-peers", action="store_true", help="time refgraph and cat only")
    parser.add_argument("--refgraph", metavar="CMD",
                        help="refgraph command (default: the refgraph next to this Python)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds per peer run before it is killed (default: 600)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    args.work = args.work.resolve()
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        args.work.mkdir(parents=True, exist_ok=True)
        refgraph = shlex.split(args.refgraph) if args.refgraph else default_refgraph()
        compile_sources()
        cache_dir, no_cache = cache_support(refgraph)
        peers = None if args.skip_peers else ensure_peers(args.work)
        ctx = Context(args.work, args.runs, args.timeout, refgraph, cache_dir, no_cache, peers)
        rows = [row for n in args.sizes for row in bench_size(n, ctx)]
    except BenchError as error:
        log(f"error: {error}")
        return 2
    text = report(rows, ctx, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(table(rows))
    log(f"wrote {args.out}")
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
