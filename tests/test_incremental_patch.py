"""A run after an edit of plain docs and posts patches the last full run's graph
(`graph.incremental_patch`): on every test corpus and the example, each edit below must
give exactly the report a cold run gives, and the patch must really be what ran."""

from __future__ import annotations

import io
import os
import pickle
import re
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import graph.incremental_run
import graph.incremental_snapshot
from graph.api import ReadOptions, analyze
from graph.checks import RULE_NAMES
from graph.config import load_config
from graph.incremental import engine, run_key
from graph.incremental_patch import _guarded
from graph.incremental_run import REBASE_AFTER, analyze_incrementally
from graph.incremental_snapshot import (
    _MAGIC,
    LAYOUT,
    PackedLinks,
    SnapshotStore,
    _Appendix,
    _digest,
    _Part,
    _tag,
    _Unpickler,
    hydrate,
)
from graph.model import EdgeKind, NodeKind
from graph.report.json import render_json

HERE = Path(__file__).parent
CORPORA = sorted([*HERE.glob("corpora/*/corpus"), *(p for p in HERE.glob("series/*")
                                                    if p.is_dir()),
                  HERE.parent / "examples" / "pyralog-like"])


def _first_heading(text: str) -> str:
    return re.sub(r"^(#{1,6} +)(.*)$", r"\1\2 renamed", text, count=1, flags=re.M)


EDITS: dict[str, Callable[[str, str], str]] = {
    "prose": lambda text, _: text + "\nOne more sentence of prose.\n",
    "a line above everything": lambda text, _: "\n" + text,
    "a missing file": lambda text, _: text + "\n[gone](NOT-THERE.md)\n",
    "a missing anchor": lambda text, other: text + f"\n[x](/{other}#no-such-heading)\n",
    "a link to another doc": lambda text, other: text + f"\n[y](/{other})\n",
    "a renamed heading": lambda text, _: _first_heading(text),
    "no links": lambda text, _: re.sub(r"\]\([^)]*\)", "]", text),
    "a duplicate heading": lambda text, _: text + "\n## Example\n\n## Example\n",
    "a self anchor": lambda text, _: text + "\n[top](#example-1)\n",
    "an unused definition": lambda text, _: text + "\n[unused]: NOT-THERE-EITHER.md\n",
    "a suppression": lambda text, _: "<!-- refgraph: disable RG101 -->\n" + text,
}


def _report(root: Path, cache: Path | None) -> tuple[str, str | None]:
    config = load_config(root, None, RULE_NAMES)
    if cache is None:
        analysis = analyze(root, config, ReadOptions())
    else:
        analysis = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
    return render_json(analysis.report()), analysis.graph.graph.get("incremental")


def _editable(root: Path) -> list[str]:
    """Files a patch may take on, in a fixed order: two plain docs and two posts."""
    g = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions()).graph
    guarded = _guarded(g)
    found = [path for path in g.graph["markdown"] if path not in guarded]
    return [*[p for p in found if g.nodes[p]["kind"] == NodeKind.DOC][:2],
            *[p for p in found if g.nodes[p]["kind"] == NodeKind.POST][:2]]


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: str(p.relative_to(HERE.parent)))
def test_a_patched_run_equals_a_cold_one(corpus: Path, tmp_path: Path) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(corpus, root, symlinks=True)
    docs = _editable(root)
    if not docs:
        pytest.skip("no plain doc to edit")
    assert _report(root, cache)[1] == "full"
    patched = 0
    for path in docs:
        file = root / path
        original = file.read_text()
        other = next((d for d in docs if d != path), path)
        for name, edit in EDITS.items():
            file.write_text(edit(original, other))
            incremental, how = _report(root, cache)
            assert incremental == _report(root, None)[0], (path, name)
            patched += how == "patched"
        file.write_text(original)
        assert _report(root, cache)[0] == _report(root, None)[0], path
    # an edit that changes the series is a full run; every other edit of a plain doc or a
    # post is patched
    if any(Path(d).name != "README.md" for d in docs):
        assert patched >= len(EDITS) - 3, patched


def _last_heading(text: str) -> str:
    """The last heading renamed: in an index, most often a reading path's."""
    found = list(re.finditer(r"^#{1,6} +.*$", text, flags=re.M))
    if not found:
        return text
    at = found[-1].end()
    return text[:at] + " renamed" + text[at:]


def _minutes(text: str, delta: int) -> str:
    """Every stated reading time moved by `delta` minutes (entries, paths, totals)."""
    return re.sub(r"\b(\d+)( min| minutes?\b)", lambda m: f"{int(m.group(1)) + delta}{m.group(2)}",
                  text)


INDEX_EDITS: dict[str, Callable[[str], str]] = {
    "prose": lambda text: text + "\nOne more sentence of prose.\n",
    "a line above everything": lambda text: "\n" + text,
    "a renamed heading": _first_heading,
    "the last heading renamed": _last_heading,
    "minutes": lambda text: _minutes(text, 1),
    "fewer minutes": lambda text: _minutes(text, -1),
    "a missing anchor": lambda text: text + "\n[x](#no-such-heading)\n",
    "a stated count": lambda text: re.sub(r"\b(\d+)( posts| parts| lessons)",
                                          lambda m: f"{int(m.group(1)) + 1}{m.group(2)}",
                                          text, count=1),
    "a suppression": lambda text: "<!-- refgraph: disable RG301 -->\n" + text,
    "a status": lambda text: text.replace("Planned", "In progress", 1),
    "a citation": lambda text: re.sub(r"(\*\*Documentation\*\*:) *", r"\1 `NEWDOC.md`, ", text,
                                      count=1),
    "no citation": lambda text: re.sub(r"\*\*Documentation\*\*:.*", "", text, count=1),
    "entry titles": lambda text: re.sub(r"^(#+ *#\d+:.*)$", r"\1 Revisited", text, flags=re.M),
    "entries renumbered": lambda text: re.sub(
        r"^(#+ *#?)(\d+)\b", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text, flags=re.M),
}


def _indexes(root: Path) -> list[str]:
    """The indexes and indexes of series a build reads entries or reading paths from, and
    the plans it reads entries from: three of each."""
    g = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions()).graph
    indexes = {s for s, _, d in g.edges(data=True)
               if d["kind"] in (EdgeKind.LISTS, EdgeKind.HAS_PATH)}
    plans = {s for s, _, d in g.edges(data=True) if d["kind"] == EdgeKind.PLANS}
    return [*sorted(indexes)[:3], *sorted(plans)[:3]]


def _structure(g) -> tuple[list, list, list]:
    """A graph as a build leaves it, in its order: nodes with their attributes, each
    node's successors with their edges, each node's predecessors. A patched graph must be
    the graph a full build makes: rules walk it in this order, and it becomes the next
    snapshot."""
    hydrate(g, list(g))
    nodes = [(node, list(attrs.items())) for node, attrs in g.nodes(data=True)]
    succ = [(node, [(target, [(key, {k: list(v) if k == "links" else v
                                     for k, v in data.items()})
                              for key, data in keyed.items()])
                    for target, keyed in g._succ[node].items()]) for node in g]
    pred = [(node, list(g._pred[node])) for node in g]
    return nodes, succ, pred


def _patched_graph(root: Path, cache: Path):
    config = load_config(root, None, RULE_NAMES)
    analysis = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
    return analysis.graph.graph.get("incremental"), analysis.graph


def edit_each(root: Path, cache: Path, paths: list[str],
              edits: dict[str, Callable[[str, str], str]]) -> list[tuple[str, str, str]]:
    """Each edit of each file (given its text and another of `paths`), against the
    snapshot of the corpus as it was: the report must be a cold run's, and a patched graph
    the graph a full build makes. Returns how each run was made, as (path, edit, how)."""
    how_each = []
    for path in paths:
        file = root / path
        original = file.read_text()
        other = next((p for p in paths if p != path), path)
        for name, edit in edits.items():
            file.write_text(edit(original, other))
            how, patched = _patched_graph(root, cache)
            cold = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions())
            if how == "patched":
                assert _structure(patched) == _structure(cold.graph), (path, name)
            file.write_text(original)
            _report(root, cache)  # the snapshot stays the original's
            file.write_text(edit(original, other))
            incremental, how = _report(root, cache)
            assert incremental == render_json(cold.report()), (path, name)
            how_each.append((path, name, how))
        file.write_text(original)
        assert _report(root, cache)[0] == _report(root, None)[0], path
    return how_each


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: str(p.relative_to(HERE.parent)))
def test_an_index_or_plan_edit_equals_a_cold_run(corpus: Path, tmp_path: Path) -> None:
    """An index's entries, reading paths and claims, a plan's entries, citations and claims
    are made again in the snapshot's graph (`graph.incremental_steps`): the report is a
    cold run's, the graph a full build's, and edits that leave the series as they were
    are patched."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(corpus, root, symlinks=True)
    indexes = _indexes(root)
    if not indexes:
        pytest.skip("no index")
    assert _report(root, cache)[1] == "full"
    # a site's navigation file (mdBook's SUMMARY.md) lists its pages: an edit is a full run
    navigation = _guarded(analyze(root, load_config(root, None, RULE_NAMES),
                                  ReadOptions()).graph, steps=False)
    how_each = edit_each(root, cache, indexes, {
        name: (lambda made: lambda text, _other: made(text))(edit)
        for name, edit in INDEX_EDITS.items()})
    # an edit that changes the series, or adds a reading path or a plan entry: a full run
    assert all(how == "patched" for path, name, how in how_each
               if name in ("prose", "a line above everything") and path not in navigation), how_each


@pytest.mark.parametrize("heading", ["### For Operators", "### For Language Enthusiasts"])
def test_a_reading_path_renamed_keeps_its_place(tmp_path: Path, heading: str) -> None:
    """A reading path's node is named by its heading: renamed, the new node takes the old
    one's place among the nodes, as a full build makes it in the same step."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    index = root / "blog/README.md"
    index.write_text(index.read_text().replace(heading, heading + " and Friends"))
    how, patched = _patched_graph(root, cache)
    cold = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions())
    assert how == "patched" and _structure(patched) == _structure(cold.graph)


def test_a_plan_edit_judges_again_a_link_to_a_post_it_plans(tmp_path: Path) -> None:
    """RG101 says where the plan schedules a missing post of a number it plans: the plan
    renaming that entry changes the finding of a doc the plan never names."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {
        "README.md": "# P\n\n[Blog](blog/README.md) [Guide](GUIDE.md)\n",
        "GUIDE.md": "# Guide\n\nSee [part three](blog/03-third.md).\n",
        "blog/01-one.md": "# One\n\nText.\n\nNext: [Two](02-two.md)\n",
        "blog/02-two.md": "# Two\n\nText.\n\nPreviously: [One](01-one.md)\n",
        "blog/README.md": "# Blog\n\n1. [One](01-one.md)\n2. [Two](02-two.md)\n",
        "blog/BACKLOG.md": "# Backlog\n\n### #3: Third\n\n**Status**: 📝 Planned\n",
    })
    first, _ = _report(root, cache)
    assert "post #3 (Third) is planned" in first
    plan = root / "blog/BACKLOG.md"
    plan.write_text(plan.read_text().replace("Third", "The Third Part"))
    report, how = _report(root, cache)
    assert how == "patched" and "post #3 (The Third Part) is planned" in report
    assert report == _report(root, None)[0]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("series: Raft Internals", "series: Raft Notes", "full"),  # another series
    ("part: 3", "part: 9", "patched"),  # another place in it (`incremental_series`)
    ("# Snapshots", "# Snapshots, Revisited", "patched"),  # the series are as they were
    ("date: 2023-05-02", "date: 2023-05-03", "patched"),
])
def test_discovery_runs_again_on_what_the_snapshot_keeps(tmp_path: Path, old: str, new: str,
                                                        expected: str) -> None:
    """An edit of what series discovery reads (front matter, a title, a README's links) is
    patched when discovery, run again on every file's front matter, title and README
    links as the snapshot keeps them, finds the same series, their posts in other places
    or not; else it is a full run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "series/front-matter/corpus", root)
    _report(root, cache)
    post = root / "content/posts/snapshots.md"
    post.write_text(post.read_text().replace(old, new, 1))
    report, how = _report(root, cache)
    assert how == expected and report == _report(root, None)[0]


@pytest.mark.parametrize(("minutes", "expected"), [("", "patched"), (" (5 min read)", "full")])
def test_a_lesson_two_indexes_list(tmp_path: Path, minutes: str, expected: str) -> None:
    """A module's README listing another module's lesson: the other index's edit is
    patched, unless the first gives the lesson minutes (the build keeps the first
    index's, in its order of indexes)."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE / "series/course-lessons/corpus", root)
    second = root / "02-advanced/README.md"
    second.write_text(second.read_text()
                      + f"4. [Basics 01-intro](../01-basics/lessons/01-intro.md){minutes}\n")
    _report(root, cache)
    first = root / "01-basics/README.md"
    first.write_text(first.read_text().replace("(lessons/01-intro.md)",
                                               "(lessons/01-intro.md) (7 min read)"))
    how, patched = _patched_graph(root, cache)
    cold = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions())
    assert how == expected and _report(root, cache)[0] == render_json(cold.report())
    if how == "patched":
        assert _structure(patched) == _structure(cold.graph)
        assert cold.graph.nodes["01-basics/lessons/01-intro.md"]["stated_minutes"] == 7


def test_an_index_listing_an_ignored_draft_keeps_its_attributes_in_order(
        tmp_path: Path) -> None:
    """The minutes an entry states are given before a build says why a missing file is
    left out (`ignored`): made again, they go back to their place."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {
        ".gitignore": "blog/03-draft.md\n",
        "README.md": "# P\n\n[Blog](blog/README.md)\n",
        "blog/01-one.md": "# One\n\nText.\n\nNext: [Two](02-two.md)\n",
        "blog/02-two.md": "# Two\n\nText.\n\nPreviously: [One](01-one.md)\n",
        "blog/03-draft.md": "# Draft\n\nNot yet.\n",
        "blog/README.md": "# Blog\n\n1. [One](01-one.md) (3 min read)\n"
                          "2. [Two](02-two.md) (4 min read)\n"
                          "3. [Draft](03-draft.md) (5 min read)\n",
    })
    _report(root, cache)
    index = root / "blog/README.md"
    index.write_text(index.read_text().replace("(5 min read)", "(6 min read)"))
    how, patched = _patched_graph(root, cache)
    cold = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions())
    assert cold.graph.nodes["blog/03-draft.md"].get("ignored")
    assert how == "patched" and _structure(patched) == _structure(cold.graph)


# -- the snapshot is used only whole and only where it was written ------------------------------

def _snapshot_file(cache: Path) -> Path:
    files = [p for p in (cache / LAYOUT).rglob("*")
             if p.is_file() and p.parent != cache / LAYOUT]
    assert len(files) == 1, files
    return files[0]


def _damage(cache: Path, how: str) -> None:
    snapshot = _snapshot_file(cache)
    data = snapshot.read_bytes()
    if how == "truncate":
        snapshot.write_bytes(data[: len(data) // 2])
    elif how == "flip":  # in the pickle (a packed part: `test_a_damaged_packed_part_...`)
        at = len(_MAGIC) + 32 + 40 + 8 + 50
        snapshot.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    elif how == "empty":
        snapshot.write_bytes(b"")
    elif how == "another secret":
        (cache / LAYOUT / "secret").write_bytes(bytes(32))
    elif how == "no secret":
        (cache / LAYOUT / "secret").unlink()


@pytest.mark.parametrize("how", ["truncate", "flip", "empty", "another secret", "no secret"])
def test_a_damaged_snapshot_is_a_full_run(tmp_path: Path, how: str) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    assert _report(root, cache)[1] == "full"
    _damage(cache, how)
    page = root / "ARROW.md"
    page.write_text(page.read_text() + "\n[gone](NOT-THERE.md)\n")
    report, how_made = _report(root, cache)
    assert how_made == "full"
    assert report == _report(root, None)[0]
    page.write_text(page.read_text() + "\nMore prose.\n")
    assert _report(root, cache)[1] == "patched"  # the full run wrote a whole one again


def test_a_snapshot_is_taken_only_for_its_own_root(tmp_path: Path) -> None:
    first, second, cache = tmp_path / "a", tmp_path / "b", tmp_path / "cache"
    for root in (first, second):
        shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(first, cache)
    store = SnapshotStore(cache)
    mine = store._file(run_key(first.resolve(), ()))
    theirs = store._file(run_key(second.resolve(), ()))
    theirs.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(mine, theirs)  # the tag binds the key: a copy under another name is no hit
    assert store.load(run_key(second.resolve(), ()), engine()) is None
    assert store.load(run_key(first.resolve(), ()), engine()) is not None


def test_a_snapshot_in_a_folder_others_can_write_is_not_used(tmp_path: Path) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    cache.chmod(0o777)
    try:
        assert SnapshotStore(cache).load(run_key(root.resolve(), ()), engine()) is None
    finally:
        cache.chmod(0o700)


def test_a_doc_a_reading_path_steps_through_is_timed_again(tmp_path: Path) -> None:
    """A doc's word count is read by RG405 when a reading path steps through it: a prose
    edit there runs the whole-corpus rules again (`signature`)."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    (root / "blog").mkdir(parents=True)
    (root / "refgraph.toml").write_text("")
    (root / "README.md").write_text("# Project\n\n[Blog](blog/README.md)\n")
    (root / "GUIDE.md").write_text("# Guide\n\n" + "word " * 3000 + "\n")
    (root / "blog/01-one.md").write_text("# One\n\n" + "word " * 2000
                                         + "\n\nNext: [Two](02-two.md)\n")
    (root / "blog/02-two.md").write_text("# Two\n\nMore.\n\nPreviously: [One](01-one.md)\n")
    (root / "blog/README.md").write_text(
        "# Blog\n\n### [1. One](01-one.md)\n\n### [2. Two](02-two.md)\n\n## Reading Paths\n\n"
        "### Quick\n\n1. [One](01-one.md)\n2. [Guide](../GUIDE.md)\n\n**Time**: ~1 minute\n")
    before, _ = _report(root, cache)
    (root / "GUIDE.md").write_text("# Guide\n\n" + "word " * 6000 + "\n")
    after, how = _report(root, cache)
    assert how == "patched" and after != before and "26 min for its docs" in after
    assert after == _report(root, None)[0]


# -- cases a review found ----------------------------------------------------------------------

def _corpus(root: Path, files: dict[str, str]) -> None:
    for path, text in {"refgraph.toml": "", **files}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def test_a_missing_target_takes_the_kind_of_its_first_link(tmp_path: Path) -> None:
    """`blog/03-missing.md/` makes a folder, `blog/03-missing.md` a post, and the first
    link decides: RG101's hint differs ("did you mean blog/03-three.md?")."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    posts = {f"blog/0{n}-{w}.md": f"# {w}\n\nText.\n" for n, w in
             ((1, "one"), (2, "two"), (3, "three"), (4, "four"))}
    _corpus(root, {"README.md": "# P\n\n[a](a.md) [b](b.md) [blog](blog/01-one.md)\n",
                   "a.md": "# A\n\n[x](blog/03-missing.md/)\n",
                   "b.md": "# B\n\n[y](blog/03-missing.md)\n", **posts})
    first, _ = _report(root, cache)
    for text in ("# A\n\nNo link now.\n", "# A\n\n[x](blog/03-missing.md/)\n"):
        (root / "a.md").write_text(text)
        report, how = _report(root, cache)
        assert how == "patched" and report == _report(root, None)[0]
    assert report == first


def test_a_file_over_the_size_limit_is_edited_when_its_size_changes(tmp_path: Path) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {"README.md": "# P\n\n[big](big.md)\n", "big.md": "# Big\n" + "x" * 1600})
    (root / "refgraph.toml").write_text("max-file-size = 1000\n")
    _report(root, cache)
    (root / "big.md").write_text("# Big\n" + "x" * 1700)
    report, _ = _report(root, cache)
    assert "1,706 bytes" in report and report == _report(root, None)[0]


def test_the_only_file_linking_a_planned_doc_is_patched(tmp_path: Path) -> None:
    """Its link comes after the plan's citation among the doc's predecessors until they are
    put back in order: the doc is still linked, and the edit is patched."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    post = root / "blog/11-from-cluster-to-network.md"
    post.write_text(post.read_text() + "\nMore prose.\n")
    report, how = _report(root, cache)
    assert how == "patched" and report == _report(root, None)[0]


def test_a_crafted_snapshot_runs_nothing(tmp_path: Path) -> None:
    """A snapshot is untrusted input (a cache may be restored from another CI run): a
    pickle naming anything but the graph's own classes is a miss, and a full run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    proof = tmp_path / "ran"

    class Evil:
        def __reduce__(self) -> tuple[object, ...]:
            return os.system, (f"touch {proof}",)

    store, key = SnapshotStore(cache), run_key(root.resolve(), ())
    payload = engine().encode("ascii") + pickle.dumps(Evil())
    secret = (cache / LAYOUT / "secret").read_bytes()
    store._file(key).write_bytes(_MAGIC + _tag(secret, key, payload) + payload)
    page = root / "ARROW.md"
    page.write_text(page.read_text() + "\nMore prose.\n")
    report, how = _report(root, cache)
    assert not proof.exists() and how == "full" and report == _report(root, None)[0]


def test_a_file_saved_while_it_is_read_keeps_no_state(tmp_path: Path, monkeypatch) -> None:
    """The stat is taken before the run reads: a file saved in between and put back after
    has the recorded bytes but was read in the other version, so nothing is kept, and the
    next run reads it again."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    page = root / "ARROW.md"
    original = page.read_text()
    real = graph.incremental_run.analyze

    def saved_meanwhile(*args, **kwargs):
        page.write_text(original + "\n[gone](NOT-THERE.md)\n")
        found = real(*args, **kwargs)
        page.write_text(original)
        return found

    monkeypatch.setattr(graph.incremental_run, "analyze", saved_meanwhile)
    assert "NOT-THERE.md" in _report(root, cache)[0]
    monkeypatch.setattr(graph.incremental_run, "analyze", real)
    report, how = _report(root, cache)
    assert how == "full" and report == _report(root, None)[0]
    assert "NOT-THERE.md" not in report


def test_a_run_under_an_address_space_limit_reads_its_snapshot(tmp_path: Path) -> None:
    """A snapshot is read into a buffer of its own size, not of the largest one allowed
    (4 GiB): under `ulimit -v 4000000` that reservation alone failed."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {"a.md": "# A\n\nSee [b](b.md).\n", "b.md": "# B\n\ntext\n"})
    command = ("import resource, sys; from pathlib import Path; "
               "resource.setrlimit(resource.RLIMIT_AS, (4_000_000 * 1024,) * 2); "
               "from graph.api import ReadOptions; from graph.checks import RULE_NAMES; "
               "from graph.config import load_config; "
               "from graph.incremental_run import analyze_incrementally; "
               "root, cache = Path(sys.argv[1]), Path(sys.argv[2]); "
               "done = analyze_incrementally(root, load_config(root, None, RULE_NAMES), "
               "ReadOptions(cache_dir=cache)); print(done.graph.graph['incremental'])")
    run = [sys.executable, "-c", command, str(root), str(cache)]
    assert subprocess.run(run, capture_output=True, text=True, timeout=120).stdout == "full\n"
    (root / "a.md").write_text("# A\n\nSee [b](b.md).\n\nMore.\n")
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert (done.stdout, done.stderr) == ("patched\n", "")


def test_after_many_edits_the_patched_graph_is_the_next_snapshot(tmp_path: Path) -> None:
    """More than `REBASE_AFTER` edited files: the patched graph replaces the snapshot, and
    the next edit is patched from it, still equal to a cold run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    docs = {f"d{n:02}.md": f"# D{n}\n\n## Part\n\n[next](d{n + 1:02}.md#part)\n"
            for n in range(12)}
    _corpus(root, {"README.md": "# P\n\n[first](d00.md)\n", **docs})
    _report(root, cache)
    store, key = SnapshotStore(cache), run_key(root.resolve(), ())
    first = store.load(key, engine()).inputs.digest()
    for n in range(REBASE_AFTER + 1):
        (root / f"d{n:02}.md").write_text(f"# D{n}\n\n## Part\n\n[next](d{n + 2:02}.md#gone)\n")
    report, how = _report(root, cache)
    assert how == "patched" and report == _report(root, None)[0]
    assert store.load(key, engine()).inputs.digest() not in (None, first)
    (root / "d11.md").write_text("# D11\n\n[back](d00.md#nothing)\n")
    report, how = _report(root, cache)
    assert how == "patched" and report == _report(root, None)[0]


@pytest.mark.parametrize("module, name", [
    ("networkx.classes.graph", "Graph.add_node.__class__"),  # a dotted name reaches any type
    ("networkx.classes.function", "nodes"),
    ("networkx.readwrite.gml", "StringIO"),
    ("graph.incremental", "RunStore"),  # a data class whose construction does I/O
    ("graph.incremental_snapshot", "Path"),  # a type another module defines
    ("docs_index.not_a_module", "X"),
    ("builtins", "getattr"),
    ("os", "system"),
])
def test_a_snapshot_names_nothing_but_its_own_classes(module: str, name: str) -> None:
    """`module.name` called with no arguments, as a crafted pickle would (GLOBAL, an empty
    tuple, REDUCE): refused before anything is looked up or called."""
    crafted = b"\x80\x04c" + f"{module}\n{name}\n".encode() + b")R."
    with pytest.raises(pickle.UnpicklingError):
        _Unpickler(io.BytesIO(crafted)).load()


def test_a_snapshot_not_patched_is_emptied_before_the_full_run(tmp_path: Path,
                                                               monkeypatch) -> None:
    """With the cycle collector off, a loaded graph refers to itself (networkx's views)
    and would stay in memory through the full run: twice the memory (3.0 GiB at N=100)."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    loaded = []
    real = SnapshotStore.load

    def keeping(self, key, engine_id):
        loaded.append(real(self, key, engine_id))
        return loaded[-1]

    monkeypatch.setattr(SnapshotStore, "load", keeping)
    settings = root / "refgraph.toml"
    settings.write_text(settings.read_text() + "\nreading-speed = 201\n")  # all judged again
    assert _report(root, cache)[1] == "full"
    assert loaded[0] is not None and loaded[0].graph.number_of_nodes() == 0


def _snapshot(root: Path, cache: Path):
    store, key = SnapshotStore(cache), run_key(root.resolve(), ())
    return store, key, store.load(key, engine())


def test_a_snapshot_unpacks_only_what_is_read_and_gives_back_what_was_built(
        tmp_path: Path) -> None:
    """A loaded snapshot keeps each file's headings and anchors packed until `hydrate`,
    and each edge's links packed until read (`PackedLinks`: its length known, equal to
    the list a build makes either way round); made whole, a node's attributes are those
    of the built graph, in the same order."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    built = analyze(root, load_config(root, None, RULE_NAMES), ReadOptions()).graph
    g = _snapshot(root, cache)[2].graph
    assert "headings" in built.nodes["ARROW.md"] and "headings" not in g.nodes["ARROW.md"]
    hydrate(g, ["ARROW.md"])
    assert list(g.nodes["ARROW.md"].items()) == list(built.nodes["ARROW.md"].items())
    edges = [(src, dst, data) for src, dst, data in g.edges(data=True)
             if data["kind"] == EdgeKind.LINKS_TO]
    assert edges and all(isinstance(data["links"], PackedLinks) for *_, data in edges)
    src, dst, data = edges[0]
    packed, made = data["links"], built[src][dst][0]["links"]
    assert len(packed) == len(made) and "made" not in packed.file.__dict__
    assert packed == made and made == packed and list(packed) == made
    assert packed[0] == made[0] and "made" in packed.file.__dict__


@pytest.mark.parametrize("part", ["headings", "links", "flipped"])
def test_a_damaged_packed_part_is_a_full_run(tmp_path: Path, part: str) -> None:
    """A file's packed headings, or packed links, that do not unpack (crafted under a valid
    tag and digest), or whose bytes on disk are not those written (the tag covers the
    pickle, which holds each part's digest), make the run a full one, found before the
    patch or while a rule reads them."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    _report(root, cache)
    store, key, snapshot = _snapshot(root, cache)
    g = snapshot.graph

    def crafted(data: bytes) -> _Part:
        appendix = _Appendix()
        appendix.data = data
        return _Part(appendix, 0, len(data), _digest(data))

    if part == "headings":
        g.graph["packed"]["ARROW.md"] = crafted(pickle.dumps(("not", "a", "node")))
    elif part == "links":
        data = g["QUICK_START.md"]["ARROW.md"][0]
        data["links"] = PackedLinks(crafted(b"\x80\x05 damaged"), 0, len(data["links"]))
    if part != "flipped":
        store.save(key, snapshot)
    else:  # every byte after the pickle
        blob = bytearray(store._file(key).read_bytes())
        head = len(_MAGIC) + 32 + 40
        end = head + 8 + int.from_bytes(blob[head:head + 8], "big")
        blob[end:] = bytes(b ^ 0xFF for b in blob[end:])
        store._file(key).write_bytes(bytes(blob))
    page = root / "ARROW.md"
    page.write_text(page.read_text() + "\nMore prose.\n")
    report, how = _report(root, cache)
    assert how == "full" and report == _report(root, None)[0]


def test_two_first_runs_tag_with_the_same_secret(tmp_path: Path, monkeypatch) -> None:
    """A run that found no secret makes one; when another first run made one meanwhile,
    it takes that one instead of replacing it, so neither run's snapshot is tagged with a
    secret that is no longer on disk."""
    first = SnapshotStore(tmp_path / "cache")._secret(create=True)
    real = graph.incremental_snapshot.read_own
    looked: list[Path] = []

    def before_the_first_wrote(path: Path, limit: int) -> bytes | None:
        looked.append(path)
        return None if len(looked) == 1 else real(path, limit)

    monkeypatch.setattr(graph.incremental_snapshot, "read_own", before_the_first_wrote)
    assert SnapshotStore(tmp_path / "cache")._secret(create=True) == first
    assert (tmp_path / "cache" / LAYOUT / "secret").read_bytes() == first


def test_an_undefined_reference_reads_only_the_files_that_define_some(tmp_path: Path) -> None:
    """RG103 runs whole on every run, and its hint looks for the label among every file's
    reference definitions: a patched run reads the links of the files that hold one, not
    every file's (`g.graph["definers"]`), and says what a cold run says."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {
        "a.md": "# A\n\nSee [the log][write-pth] and [b](b.md).\n",
        "b.md": "# B\n\nSee [the log][write-path].\n\n[write-path]: c.md\n",
        "c.md": "# C\n\n[d](d.md) [a](a.md)\n",
        "d.md": "# D\n\n[c](c.md)\n",
    })
    assert _report(root, cache)[1] == "full"
    (root / "a.md").write_text("# A\n\nSee [the log][write-pth] and [b](b.md). More.\n")
    config = load_config(root, None, RULE_NAMES)
    done = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
    g = done.graph
    assert g.graph["incremental"] == "patched" and g.graph["definers"] == {"b.md"}
    assert "RG103" in {f.rule_id for f in done.findings}
    unread = g["d.md"]["c.md"][0]["links"]
    assert isinstance(unread, PackedLinks) and "made" not in unread.file.__dict__
    assert render_json(done.report()) == _report(root, None)[0]


def test_a_definition_added_by_an_edit_is_found_for_another_files_hint(
        tmp_path: Path) -> None:
    """RG103's hint offers a definition another file holds: one an edit adds is found,
    as in a cold run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {"a.md": "# A\n\nSee [the log][write-path] and [d](d.md).\n",
                   "d.md": "# D\n\n[a](a.md)\n", "c.md": "# C\n"})
    before = _report(root, cache)[0]
    (root / "d.md").write_text("# D\n\n[a](a.md)\n\n[write-path]: c.md\n")
    report, how = _report(root, cache)
    assert how == "patched" and report == _report(root, None)[0] != before


# -- files added, removed and renamed ----------------------------------------------------------

def _steps(root: Path, cache: Path,
           steps: list[tuple[Callable[[], object], str, str | None]]) -> None:
    """Each step changed on disk, then run: the report a cold run's, made as `how` says,
    and holding `finding` (or, for "-text", not holding it)."""
    for number, (change, how, finding) in enumerate(steps, 1):
        change()
        report, made = _report(root, cache)
        assert report == _report(root, None)[0], number
        assert made == how, number
        if finding is not None:
            assert (finding[1:] not in report) if finding[0] == "-" else (finding in report), \
                number


def test_a_doc_added_removed_and_renamed_is_patched(tmp_path: Path) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {"README.md": "# P\n\n[a](docs/a.md) [b](docs/b.md)\n",
                   "docs/a.md": "# A\n\n[g](GUIDE.md#setup) [n](notes.md)\n",
                   "docs/b.md": "# B\n\nText.\n"})
    guide = root / "docs/GUIDE.md"
    _report(root, cache)
    _steps(root, cache, [
        # the link dangled: its finding goes, and the new doc is an orphan
        (lambda: guide.write_text("# Guide\n\n## Setup\n\n[b](b.md) [x](GONE.md)\n"),
         "patched", "-docs/GUIDE.md does not exist"),
        # removed again: the finding comes back
        (guide.unlink, "patched", "docs/GUIDE.md does not exist"),
        (lambda: guide.write_text("# Guide\n\n## Setup\n"), "patched", None),
        # renamed: the link dangles again, with a guess at the new name
        (lambda: guide.rename(root / "docs/GUIDES.md"), "patched",
         '"hint": "did you mean GUIDES.md#setup?"'),
        # a close name the link did not name: only the hint changes
        (lambda: (root / "docs/note.md").write_text("# Note\n"), "patched",
         '"hint": "did you mean note.md?"'),
        (lambda: (root / "docs/note.md").unlink(), "patched", "-did you mean note.md"),
        # a doc in a new folder
        (lambda: ((root / "extra").mkdir(), (root / "extra/c.md").write_text(
            "# C\n\n[a](../docs/a.md#a)\n")), "patched", '"file": "extra/c.md"'),
        (lambda: (root / "extra/c.md").rename(root / "extra/d.md"), "patched",
         '"file": "extra/d.md"'),
    ])


def test_an_image_added_and_removed_is_patched(tmp_path: Path) -> None:
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {"README.md": "# P\n\n[a](a.md)\n",
                   "a.md": "# A\n\n![chart](img/chart.png) [script](tools/run.py)\n"})
    (root / "img").mkdir()
    (root / "img/logo.png").write_bytes(b"\x89PNG")
    _report(root, cache)
    chart, script = root / "img/chart.png", root / "tools/run.py"
    _steps(root, cache, [
        (lambda: chart.write_bytes(b"\x89PNG"), "patched", "-img/chart.png does not exist"),
        (chart.unlink, "patched", "img/chart.png does not exist"),
        (lambda: (root / "img/unlinked.png").write_bytes(b"x"), "patched", None),
        # in a folder of its own, which nothing links
        (lambda: (script.parent.mkdir(), script.write_text("print()\n")), "patched",
         "-tools/run.py does not exist"),
    ])


def test_a_file_list_change_series_discovery_could_see_is_a_full_run(tmp_path: Path) -> None:
    """A folder's README, a numbered name, a file beside posts that is none, a name the
    plan cites, a linked folder: each may change the series or a target the build made,
    so each is a full run (and still a cold run's report); a post of the series is
    patched."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    posts = {f"blog/0{n}-{w}.md": f"# {w}\n\nText.\n" for n, w in
             ((1, "one"), (2, "two"), (3, "three"))}
    _corpus(root, {"README.md": "# P\n\n[blog](blog/README.md) [d](guides/)\n",
                   "blog/README.md": "# Blog\n\n1. [One](01-one.md)\n2. [Two](02-two.md)\n",
                   "blog/BACKLOG.md": "# Backlog\n\n## 4. Four\n\n- Docs: `CITED.md`\n",
                   **posts})
    _report(root, cache)

    def write(path: str, text: str = "# X\n") -> Callable[[], None]:
        def change() -> None:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        return change

    _steps(root, cache, [
        # the next post of the series: patched (`test_a_post_appended_removed_and_…`)
        (write("blog/04-four.md"), "patched", None),
        (write("notes/README.md"), "full", None),
        (write("notes/07-seven.md"), "full", None),
        (write("blog/aside.md"), "full", None),
        (write("docs/CITED.md"), "full", None),
        (write("guides/intro.md"), "patched", None),  # a linked folder: its linkers again
        (write("notes/part.md", "# Storage, Part 2\n"), "full", None),
        (write("notes/dated.md", "---\ndate: 2024-03-01\n---\n# D\n"), "full", None),
        (write("notes/plain.md"), "patched", None),
    ])


def test_a_removal_leaving_a_folder_of_dated_pages_is_a_full_run(tmp_path: Path) -> None:
    """Pages dated in their front matter are a series once every page of their folder has
    a day: removing the one without is seen by discovery."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    dated = {f"news/{w}.md": f"---\ndate: 2024-03-0{n}\n---\n# {w}\n\n[x](plain.md)\n"
             for n, w in ((1, "one"), (2, "two"))}
    _corpus(root, {"README.md": "# P\n\n[one](news/one.md)\n", **dated,
                   "news/plain.md": "# Plain\n", "news/other.md": "# Other\n"})
    _report(root, cache)
    _steps(root, cache, [
        ((root / "news/other.md").unlink, "patched", None),  # one page without a day left
        ((root / "news/plain.md").unlink, "full", None),
    ])


def test_a_linked_folder_that_comes_and_goes_is_patched(tmp_path: Path) -> None:
    """A link to a folder lands on it while it is there (RG108 proposes a file in it), and
    is RG101's once it is not: the files linking it are read again."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {"README.md": "# P\n\n[a](a.md) [guides](guides/) [tools](tools)\n",
                   "a.md": "# A\n\n[guides](guides/#setup)\n"})
    _report(root, cache)
    page = root / "guides/intro.md"
    _steps(root, cache, [
        (lambda: (page.parent.mkdir(), page.write_text("# Intro\n")), "patched",
         '"rule": "RG108"'),
        (lambda: (page.unlink(), page.parent.rmdir()), "patched", '"rule": "RG101"'),
        (lambda: ((root / "tools").mkdir(), (root / "tools/run.py").write_text("")),
         "patched", "-tools does not exist"),
        (lambda: ((root / "tools/run.py").rename(root / "run.py"),
                  (root / "tools").rmdir()), "patched", "tools does not exist"),
    ])


def test_after_a_posts_edit_the_rules_read_only_the_links_into_posts(tmp_path: Path) -> None:
    """After a post's edit the whole-corpus rules run again, and those reading links read
    the links between posts (RG309, RG404): the links into posts of every file are packed
    in one part, apart from the rest, so a post's links to docs, the most of them, stay
    packed unless a link rule judges that post again (or RG103 reads its definitions,
    RG201 its links to a missing doc)."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    assert _report(root, cache)[1] == "full"
    edited = root / "blog/08-node-roles.md"
    edited.write_text(edited.read_text() + "\nMore prose.\n")
    config = load_config(root, None, RULE_NAMES)
    done = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
    g = done.graph
    assert g.graph["incremental"] == "patched"
    judged = {"blog/08-node-roles.md", *g.predecessors("blog/08-node-roles.md"),
              *g.graph["definers"],
              *(src for src, dst in g.edges() if g.nodes[dst]["kind"] == NodeKind.DOC
                and not g.nodes[dst]["exists"])}
    read: dict[str, list[bool]] = {NodeKind.POST: [], NodeKind.DOC: []}
    for src, dst, data in g.edges(data=True):
        kind = g.nodes[dst]["kind"]
        if data["kind"] == EdgeKind.LINKS_TO and src not in judged and kind in read \
                and g.nodes[src]["kind"] == NodeKind.POST:
            read[kind].append("made" in data["links"].file.__dict__)
    assert read[NodeKind.POST] and all(read[NodeKind.POST])
    assert read[NodeKind.DOC] and not any(read[NodeKind.DOC])
    # every file's links into posts in one part: one unpacking for every post
    assert len({id(data["links"].file) for _, dst, data in g.edges(data=True)
                if data["kind"] == EdgeKind.LINKS_TO and g.nodes[dst]["kind"] == NodeKind.POST
                and not isinstance(data["links"], list)}) == 1
    assert render_json(done.report()) == _report(root, None)[0]


def test_loading_a_snapshot_reads_the_pickle_not_the_packed_parts(tmp_path: Path) -> None:
    """A snapshot's packed parts (each file's links, headings and anchors) are most of its
    file; loading it reads the pickle alone, and a part where it lies when it is unpacked,
    so loading holds less than the parts in memory and a patched run still says what a
    cold run says."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    words = " ".join(f"[link {n}](doc{n % 40}.md#part-{n % 40})" for n in range(1000))
    _corpus(root, {f"doc{i}.md": f"# Doc {i}\n\n## Part {i}\n\n{words}\n" for i in range(40)})
    assert _report(root, cache)[1] == "full"
    store, key, _ = _snapshot(root, cache)
    size = store._file(key).stat().st_size
    head = len(_MAGIC) + 32 + 40
    with store._file(key).open("rb") as handle:
        handle.seek(head)
        parts = size - head - 8 - int.from_bytes(handle.read(8), "big")
    assert parts > size / 2
    tracemalloc.start()
    try:
        loaded = store.load(key, engine())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert loaded is not None and peak < parts / 2
    page = root / "doc3.md"
    page.write_text(page.read_text() + "\nMore prose.\n")
    assert _report(root, cache) == (_report(root, None)[0], "patched")


def test_reference_uses_all_defined_stay_packed_until_their_file_is_judged(
        tmp_path: Path) -> None:
    """A file's reference uses are packed with its headings when every use is defined
    (RG103 reads the undefined ones of every file, kept in the pickle); RG101 and RG104
    read the uses of the files whose links they judge, which a patched run makes whole:
    every edit below gives what a cold run gives."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {
        "a.md": "# A\n\nSee [the log][wal] and [b](b.md).\n\n[wal]: c.md\n[gone]: gone.md\n",
        "b.md": "# B\n\nSee [the log][wall] and [a](a.md).\n\n[wal]: c.md\n",
        "c.md": "# C\n\n[a](a.md) [b](b.md)\n",
    })
    assert _report(root, cache)[1] == "full"
    g = _snapshot(root, cache)[2].graph
    assert "ref_uses" not in g.nodes["a.md"] and not g.nodes["c.md"].get("ref_uses")
    assert [use.defined for use in g.nodes["b.md"]["ref_uses"]] == [False]
    hydrate(g, ["a.md"])
    assert [use.label for use in g.nodes["a.md"]["ref_uses"]] == ["WAL"]
    for path, text in (("c.md", "# C\n\n[a](a.md) [b](b.md) More.\n"),
                       ("a.md", "# A\n\nSee [the log][wal] and [b](b.md). More.\n\n"
                                "[wal]: c.md\n[gone]: gone.md\n"),
                       ("a.md", "# A\n\nSee [the log][gone] and [b](b.md).\n\n"
                                "[wal]: c.md\n[gone]: gone.md\n"),
                       ("b.md", "# B\n\nSee [the log][wal] and [a](a.md).\n\n[wal]: c.md\n")):
        (root / path).write_text(text)
        assert _report(root, cache) == (_report(root, None)[0], "patched"), (path, text)


def test_a_system_without_pread_reads_the_packed_parts_too(tmp_path: Path,
                                                           monkeypatch) -> None:
    """Where `os.pread` is missing (Windows), a snapshot's pickle and parts are read with a
    seek and a read, and a patched run still says what a cold run says."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(HERE.parent / "examples" / "pyralog-like", root)
    assert _report(root, cache)[1] == "full"
    monkeypatch.delattr(os, "pread")
    post = root / "blog/08-node-roles.md"
    post.write_text(post.read_text() + "\nMore prose, and [storage](../STORAGE.md#nowhere).\n")
    assert _report(root, cache) == (_report(root, None)[0], "patched")


# -- posts added, removed and renumbered --------------------------------------------------------

def _series_steps(root: Path, cache: Path,
                  steps: list[tuple[Callable[[], object], str]]) -> None:
    """Each step changed on disk, then run: made as said, the report a cold run's, and a
    patched graph the graph a full build makes, in its order."""
    _report(root, cache)
    for number, (change, how) in enumerate(steps, 1):
        change()
        config = load_config(root, None, RULE_NAMES)
        analysis = analyze_incrementally(root, config, ReadOptions(cache_dir=cache))
        cold = analyze(root, config, ReadOptions())
        assert render_json(analysis.report()) == render_json(cold.report()), number
        assert analysis.graph.graph.get("incremental") == how, number
        if how == "patched":
            assert _structure(analysis.graph) == _structure(cold.graph), number
            for key in ("all_series", "series", "discovery", "layout", "markdown", "files",
                        "setting_warnings", "definers"):
                assert analysis.graph.graph[key] == cold.graph.graph[key], (number, key)


def _write(root: Path, path: str, text: str) -> Callable[[], None]:
    def change() -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return change


def _post(title: str, before: str | None = None, after: str | None = None,
          front: str = "") -> str:
    nav = "".join(f"\n{word}: [{name}]({name})\n" for word, name in
                  (("Previously", before), ("Next", after)) if name)
    return f"{front}# {title}\n\nSee [the storage doc](../STORAGE.md#compaction).\n{nav}"


def test_a_post_appended_removed_and_renumbered_is_patched(tmp_path: Path) -> None:
    """The single series of `blog/NN-*.md`: the next post written (linking the one before,
    which links it in turn, and listed with its minutes before it was), a sub-page sharing
    a number, a post renumbered and removed. Each is patched and is a full build's
    graph."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(root, {
        "README.md": "# P\n\n[blog](blog/README.md)\n",
        "STORAGE.md": "# Storage\n\n## Compaction\n",
        "blog/README.md": "# Blog\n\n1. [One](01-one.md) (5 min read)\n"
                          "2. [Two](02-two.md)\n3. [Three](03-three.md)\n"
                          "4. [Four](04-four.md) (7 min read)\n",
        "blog/BACKLOG.md": "# Backlog\n\n### #4: Four\n\n**Status**: 📝 Planned\n\n"
                           "**Documentation**: `STORAGE.md`\n",
        "blog/01-one.md": _post("One", after="02-two.md"),
        "blog/02-two.md": _post("Two", "01-one.md", "03-three.md"),
        "blog/03-three.md": _post("Three", "02-two.md", "04-four.md"),
    })
    four, five = root / "blog/04-four.md", root / "blog/05-five.md"
    _series_steps(root, cache, [
        (_write(root, "blog/04-four.md", _post("Four", "03-three.md")), "patched"),
        (_write(root, "blog/03-three-upd.md", _post("Three, updated")), "patched"),
        (lambda: four.rename(five), "patched"),
        (lambda: (root / "blog/03-three-upd.md").rename(root / "blog/03-a-three.md"),
         "patched"),
        (five.unlink, "patched"),
        (lambda: (root / "blog/02-two.md").unlink(), "patched"),
    ])


def test_a_lesson_added_removed_and_moved_in_a_course_is_patched(tmp_path: Path) -> None:
    """Series discovery finds a course's modules (folders of numbered lessons, ordered by
    the README linking them): a lesson added, renumbered, removed, and a lesson's front
    matter moving it, are patched where the modules stay the same; a module gone is a
    full run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"
    lessons = {f"{module}/{n}_{w}.md": _post(f"{w} {n}") for module in ("01-intro", "02-deep")
               for n, w in ((1, "setup"), (2, "run"), (3, "check"))}
    _corpus(root, {
        "README.md": "# Course\n\n1. [Intro](01-intro/)\n2. [Deep](02-deep/)\n",
        "STORAGE.md": "# Storage\n\n## Compaction\n",
        "01-intro/README.md": "# Intro\n\n[Setup](1_setup.md) [Run](2_run.md)\n",
        **lessons,
        "notes/guide.md": "# Guide\n\n[next](../01-intro/4_more.md) [run](../02-deep/2_run.md)\n",
    })
    _series_steps(root, cache, [
        (_write(root, "01-intro/4_more.md", _post("More 4", "3_check.md")), "patched"),
        (lambda: (root / "02-deep/3_check.md").rename(root / "02-deep/5_check.md"),
         "patched"),
        (lambda: (root / "02-deep/2_run.md").unlink(), "patched"),
        (_write(root, "02-deep/1_setup.md", _post("Setup 1", front="---\ndraft: true\n---\n")),
         "patched"),
        # a module left with one lesson is no series: another set of series, a full run
        (lambda: (root / "02-deep/5_check.md").unlink(), "full"),
    ])


def test_a_post_moved_by_its_front_matter_is_patched(tmp_path: Path) -> None:
    """Posts a front matter `series:` gathers: a part renumbered, a post added and removed;
    a post moved to a series not found before is a full run."""
    root, cache = tmp_path / "corpus", tmp_path / "cache"

    def post(part: int, name: str = "Storage") -> str:
        return _post(f"Post {part}", front=f"---\nseries:\n  name: {name}\n  part: {part}\n---\n")

    _corpus(root, {
        "README.md": "# P\n\n[a](posts/a.md) [b](posts/b.md) [c](posts/c.md)\n",
        "STORAGE.md": "# Storage\n\n## Compaction\n",
        "posts/a.md": post(1), "posts/b.md": post(2), "posts/c.md": post(3),
        "posts/x.md": post(1, "Other"), "posts/y.md": post(2, "Other"),
    })
    _series_steps(root, cache, [
        (_write(root, "posts/c.md", post(5)), "patched"),
        (_write(root, "posts/d.md", post(4)), "patched"),
        (lambda: (root / "posts/d.md").unlink(), "patched"),
        (_write(root, "posts/b.md", post(3, "Third")), "full"),
    ])
