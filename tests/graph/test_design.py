"""`refgraph paths` on tests/design/corpus: a path out of order, a cycle, coverage gaps,
proposals within and over budget, and `apply --order` rewriting only the path's lines."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.api import load_graph
from graph.cli import main
from graph.design import coverage, implied_order, prerequisites, propose
from graph.rewrite import RewriteError, reorder_items, reorder_path, split_lines
from tests.conftest import TESTS

CORPUS = TESTS / "design" / "corpus"


def run(*args: str, root: Path = CORPUS) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["paths", "-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_order_puts_prerequisites_first_keeping_ties() -> None:
    g = load_graph(CORPUS)
    ordering = implied_order(g, "path:for-operators")
    assert [ordering.steps[n - 1].node for n in ordering.order] == [
        "blog/01-basics.md", "blog/02-storage.md", "blog/03-replication.md", "blog/05-ops.md"]
    assert ordering.changed and not ordering.cycles
    code, out, _ = run("order", "operators")
    assert code == 0
    assert out.splitlines() == ["For Operators: in the order its prerequisites imply",
                                "1. 01-basics.md (now step 4)", "2. 02-storage.md",
                                "3. 03-replication.md", "4. 05-ops.md (now step 1)"]


def test_order_reports_a_cycle_with_its_posts() -> None:
    ordering = implied_order(load_graph(CORPUS), "path:deep-dive")
    assert ordering.cycles == ((("blog/06-tuning.md", "builds on", "blog/07-internals.md"),
                                ("blog/07-internals.md", "cites", "blog/06-tuning.md")),)
    code, out, _ = run("order", "Deep Dive")
    assert code == 0
    assert out.splitlines()[-1] == (
        "cycle: 06-tuning.md builds on 07-internals.md, 07-internals.md cites 06-tuning.md; "
        "no order satisfies these, so they keep the author's order: drop one citation or "
        "prerequisite")


def test_coverage_lists_unreached_posts_uncited_docs_and_gaps() -> None:
    cov = coverage(load_graph(CORPUS))
    assert cov.unreached == ("blog/04-queries.md",)
    assert cov.uncited_docs == ("TUNING.md",)  # the root README is an entry point
    assert cov.missing_prerequisites["For Operators"] == (
        ("blog/04-queries.md", "blog/05-ops.md"),)
    assert cov.skipped["Quick Tour"] == tuple(f"blog/{n}" for n in (
        "02-storage.md", "03-replication.md", "04-queries.md", "05-ops.md", "06-tuning.md",
        "07-internals.md"))
    code, out, _ = run("coverage")
    assert code == 0
    assert "Posts no reading path reaches (1):\n  blog/04-queries.md\n" in out
    assert "  missing prerequisite: blog/04-queries.md (needed by blog/05-ops.md)" in out


def test_propose_is_closed_ordered_and_explained() -> None:
    g = load_graph(CORPUS)
    proposal = propose(g, "blog/05-ops.md", speed=230, budget=70)
    posts = [post for post, _, _ in proposal.steps]
    assert posts == ["blog/01-basics.md", "blog/02-storage.md", "blog/03-replication.md",
                     "blog/04-queries.md", "blog/05-ops.md"]
    assert proposal.minutes == 65 and proposal.fits
    for n, post in enumerate(posts):  # closed: every prerequisite comes earlier
        assert all(posts.index(p.post) < n for p in prerequisites(g, post))
    code, out, err = run("propose", "--to", "Operations", "--budget", "70")
    assert code == 0
    assert out.splitlines()[0] == ("1. [The Basics](01-basics.md) - needed by Storage "
                                   "(cites it at blog/02-storage.md:3:4), ~10 min")
    assert out.splitlines()[-1] == "5. [Operations](05-ops.md) - the goal, ~20 min"
    assert err.strip() == "5 posts, ~65 min, within 70 min"


def test_propose_says_when_nothing_fits_the_budget() -> None:
    code, out, err = run("propose", "--to", "5", "--budget", "60")
    assert code == 1
    assert len(out.splitlines()) == 5
    assert ("no prerequisite-closed path to blog/05-ops.md fits 60 min: the shortest is the "
            "one above, 5 posts, ~65 min") in err


def test_propose_adapts_an_audience_path() -> None:
    proposal = propose(load_graph(CORPUS), "blog/05-ops.md", 230, audience="operators")
    assert proposal.added == ("blog/04-queries.md",) and proposal.dropped == ()
    code, _, err = run("propose", "--to", "05-ops.md", "--audience", "For Operators")
    assert code == 0 and "adapts 'For Operators': adds blog/04-queries.md; drops nothing" in err


def test_unknown_names_are_one_line_errors() -> None:
    code, _, err = run("show", "nope")
    assert code == 2 and "'nope' matches no reading path; choose one of 'For Operators'" in err
    code, _, err = run("propose", "--to", "99")
    assert code == 2 and "'99' is not a published post" in err


def test_show_marks_prerequisites_that_come_later() -> None:
    code, out, _ = run("show", "for-operators")
    assert code == 0
    assert ("   needs 03-replication.md (cites it at blog/05-ops.md:3:16): step 3, LATER"
            in out.splitlines())
    assert ("   needs 04-queries.md (cites it at blog/05-ops.md:3:58): not in this path"
            in out.splitlines())


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_paths_lists_every_path_with_times(fmt: str) -> None:
    code, out, _ = run("--format", fmt)
    assert code == 0
    if fmt == "json":
        data = json.loads(out)
        assert [p["title"] for p in data] == ["For Operators", "Deep Dive", "Quick Tour"]
        assert data[0]["minutes_by_index"] == 55 and data[0]["stated_minutes"] == 60
        assert [f["rule"] for f in data[0]["findings"]] == ["RG404", "RG404"]
    elif fmt == "markdown":
        assert "| For Operators | 4 | 60 min | 55 min |" in out
    else:
        assert "  time: stated 60 min; computed 55 min by index lengths" in out


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


def test_apply_order_rewrites_only_the_path_lines(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    index = root / "blog" / "README.md"
    before = index.read_text(encoding="utf-8").splitlines(keepends=True)
    code, _, err = run("apply", "operators", "--order", root=root)
    assert code == 0 and "reordered 'For Operators' in blog/README.md" in err
    after = index.read_text(encoding="utf-8").splitlines(keepends=True)
    start = before.index("1. [Operations](05-ops.md) - running it\n")
    assert after[:start] == before[:start] and after[start + 5:] == before[start + 5:]
    assert after[start:start + 5] == [
        "1. [The Basics](01-basics.md) - the model\n",
        "2. [Storage](02-storage.md) - where data lives\n",
        "   - skim the page layout\n",
        "3. [Replication](03-replication.md) - failover\n",
        "4. [Operations](05-ops.md) - running it\n"]
    checked = CliRunner().invoke(main, ["check", str(root)]).stdout
    assert [line for line in checked.splitlines() if "RG404" in line and "Operators" in line] \
        == []
    code, _, err = run("apply", "operators", "--order", root=root)
    assert code == 0 and "already in the order" in err


def test_apply_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = (root / "blog" / "README.md").read_bytes()
    code, out, _ = run("apply", "operators", "--order", "--dry-run", root=root)
    assert code == 0
    assert out.startswith("--- a/blog/README.md\n+++ b/blog/README.md\n")
    assert "-1. [Operations](05-ops.md) - running it\n" in out
    assert (root / "blog" / "README.md").read_bytes() == before


def test_apply_is_atomic_and_refuses_cycles(tmp_path: Path, monkeypatch) -> None:
    root = _copy(tmp_path)
    index = root / "blog" / "README.md"
    before = index.read_bytes()

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = CliRunner().invoke(main, ["paths", "-C", str(root), "apply", "operators",
                                       "--order"])
    assert result.exit_code != 0 and index.read_bytes() == before
    assert sorted(p.name for p in index.parent.iterdir()) == sorted(
        p.name for p in (CORPUS / "blog").iterdir())  # no temporary file left behind
    monkeypatch.undo()
    code, _, err = run("apply", "deep dive", "--order", root=root)
    assert code == 2 and "prerequisites form a cycle" in err
    code, _, err = run("apply", "operators", root=root)
    assert code == 2 and "--order" in err


def test_reorder_keeps_crlf_numbering_and_a_last_line_without_newline() -> None:
    text = "# P\r\n\r\n3. [B](b.md)\r\n   - note\r\n\r\n4. [A](a.md)"
    assert reorder_items(text, [(3, 4), (6, 6)], [1, 0]) == (
        "# P\r\n\r\n3. [A](a.md)\r\n\r\n4. [B](b.md)\r\n   - note")


def _index_with(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    root = _copy(tmp_path)
    index = root / "blog" / "README.md"
    text = index.read_text(encoding="utf-8")
    assert old in text
    index.write_bytes(text.replace(old, new).encode("utf-8"))
    return root, index


def test_apply_order_moves_a_note_holding_u2028_whole(tmp_path: Path) -> None:
    # str.splitlines cut the note at U+2028 and moved half of it: the reader does not
    root, index = _index_with(tmp_path, "4. [The Basics](01-basics.md) - the model\n",
                              "4. [The Basics](01-basics.md) - the model\n"
                              "   - read the\u2028glossary\u2029first\n")
    code, _, err = run("apply", "operators", "--order", root=root)
    assert code == 0, err
    lines = index.read_text(encoding="utf-8").split("\n")
    start = lines.index("1. [The Basics](01-basics.md) - the model")
    assert lines[start:start + 6] == [
        "1. [The Basics](01-basics.md) - the model",
        "   - read the\u2028glossary\u2029first",
        "2. [Storage](02-storage.md) - where data lives",
        "   - skim the page layout",
        "3. [Replication](03-replication.md) - failover",
        "4. [Operations](05-ops.md) - running it"]


@pytest.mark.parametrize("odd", ["\f", "\v", "\x85", "\u2028", "\x1c"])
def test_apply_order_counts_lines_as_the_reader_does(tmp_path: Path, odd: str) -> None:
    # a character str.splitlines takes for a line end, above the path, made every
    # line number off by one and the command refuse forever
    root, index = _index_with(tmp_path, "## Reading Paths\n", f"## Reading Paths\n\nA{odd}B\n")
    code, _, err = run("apply", "operators", "--order", root=root)
    assert code == 0, err
    text = index.read_text(encoding="utf-8")
    assert f"\nA{odd}B\n" in text
    assert "1. [The Basics](01-basics.md) - the model\n2. [Storage]" in text


def test_reorder_path_refuses_a_result_that_does_not_read_back() -> None:
    text = "# I\n\n## Reading Paths\n\n### P\n\n9. [B](b.md)\n   - note\n10. [A](a.md)\n"
    seen = [("b.md", "B", (7, 8)), ("a.md", "A", (9, 9))]
    # `9.` → `10.` widens the marker: the note would no longer nest under its step
    assert reorder_items(text, [(7, 8), (9, 9)], [1, 0]).endswith(
        "9. [A](a.md)\n10. [B](b.md)\n   - note\n")
    with pytest.raises(RewriteError, match="would not read back"):
        reorder_path("README.md", text, "p", seen, [1, 0])
    with pytest.raises(RewriteError, match="changed since they were read"):
        reorder_path("README.md", text, "p", [("b.md", "B", (6, 8)), seen[1]], [1, 0])
    fine = text.replace("   - note", "    - note")
    assert reorder_path("README.md", fine, "p", seen, [1, 0]).endswith(
        "9. [A](a.md)\n10. [B](b.md)\n    - note\n")


def test_apply_verifies_before_writing(tmp_path: Path, monkeypatch) -> None:
    # whatever goes wrong in the rewrite, a result that does not read back as the order
    # asked is never renamed into place
    import graph.rewrite

    root = _copy(tmp_path)
    index = root / "blog" / "README.md"
    before = index.read_bytes()
    real = graph.rewrite.reorder_items
    monkeypatch.setattr(graph.rewrite, "reorder_items",
                        lambda text, spans, order: real(text, spans, list(range(len(order)))))
    code, _, err = run("apply", "operators", "--order", root=root)
    assert code == 2 and index.read_bytes() == before
    assert err.strip().endswith("blog/README.md: the reordered list would not read back as "
                                "the order asked; nothing written (reorder it by hand)")


@pytest.mark.parametrize(("text", "lines"), [
    ("", []),
    ("a", ["a"]),
    ("a\nb", ["a\n", "b"]),
    ("a\r\nb\rc\n", ["a\r\n", "b\r", "c\n"]),
    ("a\fb\x85c\u2028d\u2029e\vf\x1cg\n", ["a\fb\x85c\u2028d\u2029e\vf\x1cg\n"]),
    ("\n\n", ["\n", "\n"]),
])
def test_split_lines_cuts_where_the_reader_cuts(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


def test_a_path_whose_prerequisites_all_come_first_keeps_its_order(monkeypatch) -> None:
    """A path with no step before a post it needs is in the order its prerequisites imply:
    that is found without ordering a graph of its steps (RG404 asks it of every path), and
    the answer is the one ordering them gives."""
    g = load_graph(CORPUS)
    expected = implied_order(g, "path:quick-tour")
    assert not expected.late and not expected.changed and not expected.cycles

    def unused(*args: object) -> None:
        raise AssertionError("a path in order needs no topological sort")

    monkeypatch.setattr("graph.design.stable_order", unused)
    ordering = implied_order(g, "path:quick-tour")
    assert ordering == expected and ordering.order == tuple(s.order for s in ordering.steps)
