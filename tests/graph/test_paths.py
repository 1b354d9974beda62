"""The RG4xx path rules and RG501 on small corpora written on the fly: the cases a corpus
golden shows badly (a citation cycle, time bounds, built-in entry points)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.api import load_graph
from graph.checks.orphans import orphan_docs
from graph.checks.paths import path_time_mismatches, prerequisites_out_of_order
from graph.config import Config
from graph.design import written_before
from tests.conftest import make_tree, messages

WRITTEN_BEFORE = [
    pytest.param({"number": 1}, {"number": 2}, True, id="by-number"),
    pytest.param({"number": 3}, {"number": 2}, False, id="later-number"),
    pytest.param({"number": 2024, "date": "2024-01-05"}, {"number": 2024, "date": "2024-03-01"},
                 True, id="dated-names-tie-then-date"),
    pytest.param({"date": "2025-01-01"}, {"date": "2025-02-01"}, True, id="by-date"),
    pytest.param({"date": "January 2025"}, {"date": "2025-02-01"}, False, id="unreadable-date"),
    pytest.param({}, {"number": 1}, False, id="unknown"),
]


@pytest.mark.parametrize(("a", "b", "before"), WRITTEN_BEFORE)
def test_written_before(a: dict, b: dict, before: bool) -> None:
    assert written_before(a, b) is before


def test_citations_that_cannot_all_hold_are_named_as_a_cycle(tmp_path: Path) -> None:
    # numbers order a before b, dates order b before c and c before a: no order fits
    root = make_tree(tmp_path, {
        "refgraph.toml": 'posts = "blog/*.md"\n',
        "blog/01-a.md": "---\ndate: 2025-03-01\n---\n# A\n\nAs [C](c.md) said.\n",
        "blog/02-b.md": "---\ndate: 2025-01-01\n---\n# B\n\nAfter [A](01-a.md).\n",
        "blog/c.md": "---\ndate: 2025-02-01\n---\n# C\n\nAfter [B](02-b.md).\n",
        "blog/README.md": "# S\n\n- [A](01-a.md)\n- [B](02-b.md)\n- [C](c.md)\n\n"
                          "## Reading Paths\n\n### All\n\n1. [A](01-a.md)\n2. [B](02-b.md)\n"
                          "3. [C](c.md)\n",
    })
    config = Config(posts="blog/*.md", explicit=frozenset({"posts"}))
    found = list(prerequisites_out_of_order(load_graph(root, config), config))
    assert messages(found) == [
        "blog/README.md:11:4: step 1 of reading path 'All' (01-a.md) cites c.md (step 3), "
        "which the path puts later (the citations form a cycle: 02-b.md cites 01-a.md, "
        "c.md cites 02-b.md, 01-a.md cites c.md; no order fits, drop one citation)",
    ]


def test_links_that_are_no_citations(tmp_path: Path) -> None:
    """Navigation, a list of the series' posts, and links forward are not prerequisites."""
    root = make_tree(tmp_path, {
        "blog/01-a.md": "# A\n\nMore in [part 3](03-c.md).\n\n*Next: [B](02-b.md)*\n",
        "blog/02-b.md": "# B\n\nB.\n\n*Previously: [A](01-a.md)*\n*Next: [C](03-c.md)*\n",
        "blog/03-c.md": "# C\n\nThe series:\n\n- [A](01-a.md)\n- [B](02-b.md)\n- [C](#c)\n\n"
                        "*Previously: [B](02-b.md)*\n",
        "blog/README.md": "# S\n\n- [A](01-a.md)\n- [B](02-b.md)\n- [C](03-c.md)\n\n"
                          "## Reading Paths\n\n### Backwards\n\n1. [C](03-c.md)\n2. [B](02-b.md)\n"
                          "3. [A](01-a.md)\n",
    })
    assert list(prerequisites_out_of_order(load_graph(root), Config())) == []


POST = "# P\n\n" + "word " * 2299 + "\n"  # 10 minutes at 230 wpm, with the title
DOC = "# D\n\n" + "word " * 2299 + "\n"
MEASURES = ("its posts take 60 min by their index lengths and 20 min by word count "
            "(4,600 words at 230 wpm), plus 10 min for its docs")

TIMES = [
    pytest.param("~5 minutes", [f"states 5 min, but {MEASURES} (state ~1 hour)"],
                 id="too-short"),
    pytest.param("~20 minutes", [], id="word-count-fits"),
    pytest.param("~40 minutes", [], id="word-count-with-docs-fits"),
    pytest.param("~1 hour", [], id="index-lengths-fit"),
    pytest.param("~1.5 hours", [], id="index-lengths-with-docs-fit"),
    pytest.param("~2 hours", [], id="a-doc-step-leaves-the-upper-bound-open"),
]
POSTS_ONLY = "its posts take 60 min by their index lengths and 20 min by word count " \
    "(4,600 words at 230 wpm)"
TIMES_WITHOUT_DOC = [
    pytest.param("~5 minutes", [f"states 5 min, but {POSTS_ONLY} (state ~1 hour)"],
                 id="too-short"),
    pytest.param("~1 hour", [], id="index-lengths-fit"),
    pytest.param("~1.5 hours", [f"states 1.5 hours, but {POSTS_ONLY} (state ~1 hour)"],
                 id="too-long"),
]


def time_findings(root: Path, stated: str, doc_step: str) -> list[str]:
    make_tree(root, {
        "DOC.md": DOC,
        "blog/01-a.md": POST,
        "blog/02-b.md": POST,
        "blog/README.md": "# S\n\n### [A](01-a.md)\n**Length**: 30 min\n\n### [B](02-b.md)\n"
                          "**Length**: 30 min\n\n## Reading Paths\n\n### All\n\n"
                          f"1. [A](01-a.md)\n2. [B](02-b.md)\n{doc_step}\n"
                          f"**Time**: {stated}\n",
    })
    result = list(path_time_mismatches(load_graph(root), Config()))
    return [f"{f.message.split(' ', 3)[3]} ({f.suggestion})" for f in result]


@pytest.mark.parametrize(("stated", "found"), TIMES)
def test_path_time_bounds(tmp_path: Path, stated: str, found: list[str]) -> None:
    """Index lengths say 60 min, words 20 min, the doc step 10 min more: a stated time fits
    if it is near either measure, docs counted or not, and may be longer with a doc."""
    assert time_findings(tmp_path, stated, "3. [Doc](../DOC.md)\n") == found


@pytest.mark.parametrize(("stated", "found"), TIMES_WITHOUT_DOC)
def test_path_time_bounds_without_docs(tmp_path: Path, stated: str, found: list[str]) -> None:
    assert time_findings(tmp_path, stated, "") == found


def test_a_doc_step_may_take_longer_than_its_words_say(tmp_path: Path) -> None:
    """pyralog's 'For Distributed Systems Engineers': four posts at 1.8 hours plus
    `[Research Paper](../PAPER.md)`, a paper of 12,000 words whose copy here is a stub,
    stated as ~3 hours. The paper's words cannot bound the time."""
    entries = "".join(f"### [{n}](0{n}-p.md)\n**Length**: ~27 minute read\n\n"
                      for n in range(1, 5))
    steps = "".join(f"{n}. [{n}](0{n}-p.md) - part {n}\n" for n in range(1, 5))
    root = make_tree(tmp_path, {
        "PAPER.md": "# Pyralog: A Paper\n\nAbstract only.\n",
        **{f"blog/0{n}-p.md": POST for n in range(1, 5)},
        "blog/README.md": f"# S\n\n{entries}## Reading Paths\n\n"
                          f"### For Distributed Systems Engineers\n{steps}"
                          "5. [Research Paper](../PAPER.md) - Formal analysis\n\n"
                          "**Time**: ~3 hours\n",
    })
    assert list(path_time_mismatches(load_graph(root), Config())) == []


def test_an_unknown_step_leaves_the_upper_bound_open(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "blog/01-a.md": POST,
        "blog/README.md": "# S\n\n### [A](01-a.md)\n**Length**: 10 min\n\n## Reading Paths\n\n"
                          "### All\n\n1. [A](01-a.md)\n2. [Raft](https://raft.github.io/)\n\n"
                          "**Time**: 3 hours\n",
    })
    assert list(path_time_mismatches(load_graph(root), Config())) == []


ENTRY_POINTS = [
    "CHANGELOG.md", "LICENSE.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md",
    "docs/README.md", "docs/index.md", "content/_index.md", ".github/ISSUE_TEMPLATE/bug.md",
    ".github/PULL_REQUEST_TEMPLATE.md", "AGENTS.md", "book/src/SUMMARY.md",
    "site/docs/install.md", "manual/source/usage.md", "web/guide/start.md",
]


def test_entry_points_and_site_pages_are_not_orphans(tmp_path: Path) -> None:
    files = {name: "# T\n" for name in ENTRY_POINTS}
    files |= {"README.md": "# R\n", "LOST.md": "# Lost\n", "site/mkdocs.yml": "nav: []\n",
              "manual/source/conf.py": "", "manual/source/index.rst": "",
              "web/.vitepress/config.mts": ""}
    root = make_tree(tmp_path, files)
    found = list(orphan_docs(load_graph(root), Config()))
    assert [f.loc.path for f in found] == ["LOST.md"]
    assert found[0].suggestion == ('link it from README.md, e.g. [Lost](LOST.md), or add '
                                   '"LOST.md" to orphans-allow')


def test_orphans_allow_and_loose_notes(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"README.md": "# R\n", "notes/a.md": "# A\n", "LOST.md": "# L\n"})
    g = load_graph(root)
    allowed = Config(orphans_allow=("notes/", "LOST.md"))
    assert list(orphan_docs(g, allowed)) == []
    (root / "README.md").unlink()  # no landing page: a folder of notes, nothing expected
    assert list(orphan_docs(load_graph(root), Config())) == []


def test_notes_beside_the_series_plan_are_not_orphans(tmp_path: Path) -> None:
    """pyralog's `blog/EXPANSION_PLAN.md`, beside `blog/BACKLOG.md`, is the series' own
    planning note; a doc at the root, or in a folder below the series, still needs a link."""
    root = make_tree(tmp_path, {
        "README.md": "# R\n", "LOST.md": "# Lost\n",
        "blog/01-a.md": "# A\n", "blog/02-b.md": "# B\n", "blog/03-c.md": "# C\n",
        "blog/README.md": "# S\n\n- [A](01-a.md)\n- [B](02-b.md)\n- [C](03-c.md)\n",
        "blog/BACKLOG.md": "# Backlog\n",
        "blog/EXPANSION_PLAN.md": "# Blog Series Expansion Plan\n",
        "blog/old/draft.md": "# Draft\n",
    })
    found = list(orphan_docs(load_graph(root), Config()))
    assert [f.loc.path for f in found] == ["LOST.md", "blog/old/draft.md"]


def test_a_series_at_the_root_exempts_no_doc(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "01-a.md": "# A\n", "02-b.md": "# B\n", "03-c.md": "# C\n", "LOST.md": "# Lost\n",
        "README.md": "# S\n\n- [A](01-a.md)\n- [B](02-b.md)\n- [C](03-c.md)\n",
        "BACKLOG.md": "# Backlog\n",
    })
    assert [f.loc.path for f in orphan_docs(load_graph(root), Config())] == ["LOST.md"]


TITLES = {"blog/01-a.md": "Storage Engine", "blog/02-b.md": "Replication (coming soon)",
          "blog/03-c.md": "Consensus", "blog/04-d.md": "Consensus",
          "blog/05-e.md": "Log-Structured Merge Trees"}


@pytest.mark.parametrize(("text", "node"), [
    ("Storage Engine", "blog/01-a.md"),
    ("The storage engine, in depth", "blog/01-a.md"),  # the title held in the text
    ("Replication", "blog/02-b.md"),  # the text held in the title
    ("Consensus", None),  # two posts of that title
    ("Log structured merge tres", "blog/05-e.md"),  # close
    ("Sto", None),  # too short to say
    ("Something else entirely", None),
])
def test_an_unlinked_step_names_a_post_by_its_title(text: str, node: str | None) -> None:
    from graph.checks.paths import _Titles

    assert _Titles(TITLES).match(text) == node


def test_titles_are_looked_up_by_text_not_compared_with_each(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 steps against 2,000 titles: each title is normalised once (it was normalised,
    and searched, for every step: 1,000 of each took 167 s)."""
    import graph.checks.paths as paths

    calls: list[str] = []
    real = paths._normal
    monkeypatch.setattr(paths, "_normal", lambda text: calls.append(text) or real(text))
    titles = paths._Titles({f"blog/{i:04d}.md": f"Part {i} of the log" for i in range(2_000)})
    assert [titles.match(f"Part {i} of the log") for i in range(0, 2_000, 7)] == [
        f"blog/{i:04d}.md" for i in range(0, 2_000, 7)]
    assert len(calls) < 2_400
