"""The incremental run against a cold one: after every edit, rename, deletion or addition,
`check` with the run state must print exactly what `check --no-cache` prints."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import graph.incremental
import graph.incremental_run
from docs_index.parsers import PARSER_VARIABLE
from graph.api import analyze
from graph.cli import main
from graph.incremental import LAYOUT

PATHS = ("README.md", "blog/README.md", "blog/01-start.md", "blog/02-middle.md",
         "blog/03-end.md", "docs/STORAGE.md", "docs/FORMATS.md", "docs/notes/Z.md",
         "docs/picture.png", ".gitignore", "docs/GONE.md", "docs/Storage.md",
         "blog/BACKLOG.md", "blog/02-middle-upd.md", "blog/04-next.md")
POSTS = ("blog/01-start.md", "blog/02-middle.md", "blog/03-end.md", "blog/04-next.md")
SNIPPETS = (
    "# Title\n", "## Part\n", "## Part\n", "### Part 1\n", "Some prose, 40 words long.\n",
    "[storage](/docs/STORAGE.md)\n", "[part](/docs/STORAGE.md#part)\n",
    "[second part](/docs/STORAGE.md#part-1)\n", "[gone](/docs/GONE.md)\n",
    "[case](/docs/FORMATS.md#Part)\n", "[z](/docs/notes/Z.md)\n", "[pic](/docs/picture.png)\n",
    "[start](/blog/01-start.md)\n", "[end](/blog/03-end.md#title)\n",
    "[ref][storage]\n\n[storage]: /docs/STORAGE.md\n", "[unused]: /docs/FORMATS.md\n",
    "Next: [Middle](/blog/02-middle.md)\n", "Previously: [Start](/blog/01-start.md)\n",
    "1. [Start](01-start.md)\n2. [Middle](02-middle.md)\n",
    "<!-- refgraph: disable RG101 -->\n", "[notes](/docs/notes/)\n",
    "## Reading Paths\n\n### Quick\n\n1. [Start](01-start.md)\n2. [End](03-end.md)\n",
    "**Time**: ~12 minutes\n", "(5 min read)\n",
    "### #4: Fourth\n\n**Status**: 📝 Planned\n\n"
    "**Documentation**: `docs/STORAGE.md`, Needs creation (docs/NEW.md)\n",
    "### #3: End\n\n**Status**: ✅ Complete\n",
)
IGNORES = ("", "docs/notes/\n", "# notes\ndocs/notes/Z.md\n")

content = st.lists(st.sampled_from(SNIPPETS), max_size=6).map("".join)
operation = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(PATHS), content),
    st.tuples(st.just("append"), st.sampled_from(PATHS), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("delete"), st.sampled_from(PATHS), st.just("")),
    st.tuples(st.just("rename"), st.sampled_from(PATHS), st.sampled_from(PATHS)),
    st.tuples(st.just("swap"), st.sampled_from(PATHS), content),
    # the next post of the series, linking the last one (and linked by it, for an even
    # length of content); a post given another number
    st.tuples(st.just("post"), st.just("blog"), content),
    st.tuples(st.just("renumber"), st.sampled_from(POSTS), st.sampled_from("0123456789")),
)
step = st.tuples(operation, st.booleans())  # with True, every file is given an old mtime
PAST = 1_000_000_000  # 2001: never "racily clean", so a file's stat alone is trusted


def apply(root: Path, op: tuple[str, str, str]) -> None:
    kind, path, arg = op
    target = root / path
    if kind == "write":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(IGNORES[len(arg) % 3] if path == ".gitignore" else arg)
    elif kind == "append":
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a") as handle:
            handle.write(arg)
    elif kind == "delete":
        target.unlink(missing_ok=True)
    elif kind == "post":
        posts = sorted(p for p in (root / path).glob("[0-9]*.md") if p.is_file())
        number = max((int(p.name[:2]) for p in posts if p.name[:2].isdigit()), default=0) + 1
        name = f"{number:02d}-new-{number}.md"
        (root / path).mkdir(parents=True, exist_ok=True)
        last = posts[-1].name if posts else "01-start.md"
        (root / path / name).write_text(f"# New {number}\nPreviously: [Last]({last})\n{arg}")
        if posts and len(arg) % 2 == 0:
            with posts[-1].open("a") as handle:
                handle.write(f"\nNext: [New]({name})\n")
    elif kind == "renumber":
        if target.is_file():
            stem = target.name.split("-", 1)[-1]
            os.replace(target, target.with_name(f"0{arg}-{stem}"))
    elif kind == "swap":  # another file, same size and mtime (`rsync -t`, a tar unpacked)
        if target.is_file():
            old = target.stat()
            swap = target.with_name(target.name + ".swap")
            swap.write_bytes(arg.encode().ljust(old.st_size, b"\n")[:old.st_size])
            os.utime(swap, ns=(old.st_atime_ns, old.st_mtime_ns))
            os.replace(swap, target)
    elif target.exists() and arg != path:  # rename onto another name, replacing it
        (root / arg).parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, root / arg)


def age(root: Path, tick: int) -> None:
    """Every file an old mtime, one second later at each step: a file written since the
    last run always has another stat, as on a real disk, but none is racily clean."""
    for file in root.rglob("*"):
        if file.is_file():
            os.utime(file, ns=(PAST * 10**9, (PAST + tick) * 10**9))


def check(root: Path, *cache: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json",
                                       *(cache or ("--no-cache",))])
    return result.exit_code, result.stdout, result.stderr


def start(root: Path) -> None:
    (root / "blog").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "refgraph.toml").write_text("")  # the root of the project, wherever it is
    for path, text in (("README.md", "# Project\n[blog](blog/README.md)\n"),
                       ("blog/README.md", "# Blog\n1. [Start](01-start.md)\n"),
                       ("blog/01-start.md", "# Start\nNext: [Middle](02-middle.md)\n"),
                       ("blog/02-middle.md", "# Middle\n[part](/docs/STORAGE.md#part)\n"),
                       ("docs/STORAGE.md", "# Storage\n## Part\n")):
        (root / path).write_text(text)


@contextlib.contextmanager
def counting_patches() -> Iterator[list[str]]:
    """How each incremental run was made ("patched", or None for a full one), in order."""
    made: list[str] = []
    patched = graph.incremental_run._patched

    def counted(*args: object, **kwargs: object) -> object:
        analysis = patched(*args, **kwargs)
        made.append("patched" if analysis is not None else None)
        return analysis

    graph.incremental_run._patched = counted
    try:
        yield made
    finally:
        graph.incremental_run._patched = patched


def differential(steps: list[tuple[tuple[str, str, str], bool]]) -> list[str]:
    """The runs each step made, as `counting_patches` gives them."""
    with tempfile.TemporaryDirectory() as work, counting_patches() as made:
        root, cache = Path(work) / "corpus", Path(work) / "cache"
        start(root)
        age(root, 0)
        for tick, (op, old) in enumerate(steps, 1):
            apply(root, op)
            if old:
                age(root, tick)
            incremental = check(root, "--cache-dir", str(cache))
            assert incremental == check(root), (tick, op)
            if tick % 3 == 0:  # unchanged since: the state is used as it was written
                assert check(root, "--cache-dir", str(cache)) == incremental
        return made


@settings(max_examples=8, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=5))
def test_incremental_equals_cold_after_random_edits(steps) -> None:
    for how in differential(steps):
        event(f"incremental run: {how or 'full'}")  # --hypothesis-show-statistics


@pytest.mark.slow
@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=12))
def test_incremental_equals_cold_after_many_random_edits(steps) -> None:
    for how in differential(steps):
        event(f"incremental run: {how or 'full'}")


def test_the_differential_patches_posts_added_removed_and_renumbered() -> None:
    """The steps above reach the patch for a change of the series' posts."""
    made = differential([
        (("post", "blog", "Some prose, 40 words long.\n"), False),
        (("post", "blog", "[start](/blog/01-start.md)\n"), True),
        (("renumber", "blog/03-new-3.md", "6"), False),
        (("write", "blog/02-middle-upd.md", "# Middle, again\n"), True),
        (("delete", "blog/02-middle.md", ""), False),
        (("append", "blog/06-new-3.md", "Previously: [Start](01-start.md)\n"), True),
    ])
    assert made == [None, *["patched"] * 5], made


def test_the_differential_patches_files_added_removed_and_renamed() -> None:
    """The steps above reach the patch for files that come and go, not only full runs."""
    made = differential([
        (("write", "docs/GONE.md", "# Title\n[storage](/docs/STORAGE.md)\n"), False),
        (("append", "docs/STORAGE.md", "[gone](/docs/GONE.md)\n"), True),
        (("rename", "docs/GONE.md", "docs/Storage.md"), False),
        (("write", "docs/picture.png", "x"), True),
        (("delete", "docs/Storage.md", ""), False),
        (("delete", "docs/picture.png", ""), True),
    ])
    assert made == [None, *["patched"] * 5], made  # the first run has no snapshot yet


# -- the state is used, and safely ------------------------------------------------------------

def _no_full_run(*args: object, **kwargs: object) -> None:
    raise AssertionError("a full run where the state should have been used")


def test_an_unchanged_corpus_is_not_read_again(tmp_path, monkeypatch) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    start(root)
    first = check(root, "--cache-dir", str(cache))
    with monkeypatch.context() as patched:
        patched.setattr(graph.incremental_run, "analyze", _no_full_run)
        assert check(root, "--cache-dir", str(cache)) == first
    # an ignored file appearing on disk changes no listed file, but a message: a full run
    (root / ".gitignore").write_text("docs/notes/\n")
    (root / "blog/03-end.md").write_text("[z](/docs/notes/Z.md)\n")
    missing = check(root, "--cache-dir", str(cache))
    (root / "docs/notes").mkdir()
    (root / "docs/notes/Z.md").write_text("# Z\n")
    ignored = check(root, "--cache-dir", str(cache))
    assert ignored != missing and "gitignore:1" in ignored[1]
    assert ignored == check(root)


def test_a_file_edited_within_its_stat_is_hashed_again(tmp_path) -> None:
    """Same size, same mtime, other bytes: trusted only when it was old at the last run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    start(root)
    page = root / "docs/STORAGE.md"
    stamp = os.stat(page).st_mtime_ns  # now: racily clean for the run that records it
    check(root, "--cache-dir", str(cache))
    page.write_text("# Storage\n## Trap\n")  # same length, `part` anchor gone
    os.utime(page, ns=(stamp, stamp))
    assert check(root, "--cache-dir", str(cache)) == check(root)
    assert "RG102" in check(root)[1]


def _replaced_corpus(root: Path) -> None:
    """README links to `a.md#one`; every file two decades old, so never racily clean."""
    root.mkdir()
    (root / "refgraph.toml").write_text("")
    (root / "README.md").write_text("# Top\n\n[x](a.md#one) [l](l.md#one)\n")
    (root / "a.md").write_text("# A\n\n## One\n")
    (root / "b.md").write_text("# B\n\n## Two\n")  # same size, no `one` anchor
    (root / "l.md").symlink_to("a.md")
    for name in ("README.md", "a.md", "b.md", "refgraph.toml"):
        os.utime(root / name, ns=(PAST * 10**9, PAST * 10**9))


def test_a_file_replaced_by_one_of_the_same_size_and_mtime_is_hashed_again(
        tmp_path, monkeypatch) -> None:
    """`cp -p`, `rsync -t` and unpacking a tar keep size and mtime: the change time (and
    inode, device) tell. The racy rule is switched off, so the stat alone has to."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _replaced_corpus(root)
    outside = tmp_path / "b-src.md"
    shutil.copy2(root / "b.md", outside)
    assert check(root, "--cache-dir", str(cache)) == check(root)
    monkeypatch.setattr(graph.incremental, "RACY_SECONDS", -3600.0)
    shutil.copy2(outside, root / "a.md")  # `cp -p`: same size, same mtime, new bytes
    replaced = check(root, "--cache-dir", str(cache))
    assert replaced == check(root)
    assert '"a.md#one"' in replaced[1] and "RG102" in replaced[1]


def test_a_retargeted_link_is_hashed_again(tmp_path, monkeypatch) -> None:
    """`os.stat` follows a link: its own stat and target say it now points elsewhere."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _replaced_corpus(root)
    before = check(root, "--cache-dir", str(cache))
    assert before == check(root) and '"l.md#one"' not in before[1]
    monkeypatch.setattr(graph.incremental, "RACY_SECONDS", -3600.0)
    (root / "l.new").symlink_to("b.md")
    os.replace(root / "l.new", root / "l.md")  # `ln -sfn b.md l.md`
    after = check(root, "--cache-dir", str(cache))
    assert after == check(root)
    assert '"l.md#one"' in after[1]  # b.md: same size, same mtime, no `one` anchor


def test_the_state_of_one_parser_is_not_used_by_the_other(tmp_path, monkeypatch) -> None:
    """`REFGRAPH_PARSER=pure` asks for markdown-it-py's reading, not the compiled one's."""
    pytest.importorskip("pyromark")
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    start(root)
    monkeypatch.delenv(PARSER_VARIABLE, raising=False)
    first = check(root, "--cache-dir", str(cache))
    full_runs = []
    monkeypatch.setattr(graph.incremental_run, "analyze",
                        lambda *a, **k: full_runs.append(1) or analyze(*a, **k))
    monkeypatch.setenv(PARSER_VARIABLE, "pure")
    assert check(root, "--cache-dir", str(cache)) == first
    assert full_runs == [1]
    assert check(root, "--cache-dir", str(cache)) == first  # its own state now
    assert full_runs == [1]


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_a_damaged_state_is_a_miss(tmp_path, damage) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    start(root)
    check(root, "--cache-dir", str(cache))
    (state,) = (cache / LAYOUT).glob("*/*")
    blob = state.read_bytes()
    state.write_bytes({"truncate": blob[: len(blob) // 2], "empty": b"",
                       "flip": blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:],
                       "garbage": b"refgraph-run-1\n" + b"\0" * 64}[damage])
    (root / "docs/STORAGE.md").write_text("# Storage\n")  # and the corpus changed
    assert check(root, "--cache-dir", str(cache)) == check(root)
    shutil.rmtree(cache / LAYOUT)  # lost: the next run starts over
    assert check(root, "--cache-dir", str(cache)) == check(root)
