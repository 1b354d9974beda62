"""What RG101, RG306 and RG401 propose for a link to a missing post or doc
(`graph.checks.links.missing_target_hint`): the published post of that number, the plan's
word on it, or the nearest file."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.api import load_graph
from graph.checks.links import dangling_file_links, missing_target_hint
from graph.config import Config
from tests.conftest import make_tree

PLAN = "# Backlog\n\n### #12: Designing a Query Language\n\n**Status**: {status}\n"


HINT_CASES = [
    # (files besides the index, the index's link, the hint)
    pytest.param({"blog/12-designing-a-query-language.md": "# Q\n",
                  "blog/BACKLOG.md": PLAN.format(status="🚧 In progress")},
                 "12-designing-a-language.md",
                 "did you mean 12-designing-a-query-language.md?",
                 id="published-under-another-name-while-in-progress"),
    pytest.param({"blog/12-designing-a-query-language.md": "# Q\n",
                  "blog/BACKLOG.md": PLAN.format(status="✅ Complete")},
                 "12-sulise.md", "did you mean 12-designing-a-query-language.md?",
                 id="published-under-a-name-not-close"),
    pytest.param({"blog/12-designing-a-query-language.md": "# Q\n",
                  "blog/12-designing-a-language-v2.md": "# Q2\n"},
                 "12-designing-a-language.md#types",
                 "did you mean 12-designing-a-language-v2.md#types?",
                 id="two-posts-of-that-number-the-closest"),
    pytest.param({"blog/BACKLOG.md": PLAN.format(status="✅ Complete")},
                 "12-designing-a-language.md",
                 "the plan marks post #12 (Designing a Query Language) complete at "
                 "blog/BACKLOG.md:5:13, but the file is missing", id="complete-but-missing"),
    pytest.param({"blog/BACKLOG.md": PLAN.format(status="🚧 In progress")},
                 "12-designing-a-language.md",
                 "post #12 (Designing a Query Language) is planned at blog/BACKLOG.md:3:1, "
                 "not published", id="in-progress-and-missing"),
    pytest.param({"blog/11-storage.md": "# S\n"}, "11-storgae.md",
                 "did you mean 11-storage.md?", id="no-plan-a-typo"),
    pytest.param({"blog/11-storage.md": "# S\n"}, "14-replication.md", None,
                 id="no-plan-nothing-close"),
]


@pytest.mark.parametrize(("files", "target", "hint"), HINT_CASES)
def test_missing_post_hint(tmp_path: Path, files: dict[str, str], target: str,
                           hint: str | None) -> None:
    root = make_tree(tmp_path, {**files, "blog/01-a.md": "# A\n",
                            "blog/notes.md": f"# Notes\n\nSee [the post]({target}).\n"})
    g = load_graph(root, Config())
    dst = "blog/" + target.partition("#")[0]
    assert missing_target_hint(g, "blog/notes.md", dst, target.partition("#")[2]) == hint


def test_dangling_link_from_another_directory(tmp_path: Path) -> None:
    """The proposal is relative to the linking file, and said by RG101 itself."""
    root = make_tree(tmp_path, {
        "blog/01-a.md": "# A\n", "blog/12-designing-a-query-language.md": "# Q\n",
        "blog/BACKLOG.md": PLAN.format(status="🚧 In progress"),
        "DOCS.md": "# Docs\n\nRead [the language post](blog/12-designing-a-language.md).\n",
    })
    found = list(dangling_file_links(load_graph(root, Config()), Config()))
    assert [(str(f.loc), f.suggestion) for f in found] == [
        ("DOCS.md:3:6", "did you mean blog/12-designing-a-query-language.md?")]


def test_a_doc_cited_by_a_completed_plan_entry_is_missing_not_planned(tmp_path) -> None:
    from graph import analyze

    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "BACKLOG.md").write_text(
        "# Backlog\n\n### #21: Decentralized\n\n**Status**: ✅ Complete\n\n"
        "**Documentation**: `DECENTRALIZED.md`\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# R\n\n[d](DECENTRALIZED.md)\n", encoding="utf-8")
    hints = [f.suggestion for f in analyze(tmp_path).findings if f.rule_id == "RG101"]
    assert hints == ["the plan cites DECENTRALIZED.md for #21 (Decentralized), which it marks "
                     "complete, but DECENTRALIZED.md does not exist"]


def test_a_line_of_links_to_one_missing_file_is_judged_once_per_target(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 links to one missing post on one line: one finding each, all with the same
    hint, worked out once (it was worked out per link, three number lookups each)."""
    import graph.checks.links as links
    root = make_tree(tmp_path, {"blog/11-storage.md": "# S\n",
                                "blog/wide.md": "# Wide\n\n" + "[a](11-storgae.md) " * 1000})
    g = load_graph(root, Config())
    calls: list[str] = []
    real = links.leading_number
    monkeypatch.setattr(links, "leading_number", lambda name: calls.append(name) or real(name))
    found = list(dangling_file_links(g, Config()))
    assert len({f.loc for f in found}) == 1000
    assert {f.suggestion for f in found} == {"did you mean 11-storage.md?"}
    assert len(calls) <= 2
