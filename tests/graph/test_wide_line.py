"""A line of many links to one missing file (issue 21's `wide.md`): what depends on the
destination alone is worked out once per file and destination, not once per link, and each
link still gets its own place and finding."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import docs_index.sites.github as github
from graph.api import load_graph
from graph.config import Config
from graph.model import EdgeKind
from refgraph import analyze

LINKS = 40


def _wide(root: Path) -> Path:
    (root / "docs").mkdir()
    (root / "docs" / "wide.md").write_text(
        "# Wide\n\n" + "[a](b.md) " * LINKS + "[c](../c.md#x) [c](../c.md#x)\n", encoding="utf-8")
    (root / "c.md").write_text("# C\n\n[w](docs/b.md) [w](docs/b.md)\n", encoding="utf-8")
    return root


def test_each_destination_lands_once_per_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    landed: Counter[tuple[str, str]] = Counter()
    resolve = github.resolve

    def counted(source: str, href: str) -> object:
        landed[source, href] += 1
        return resolve(source, href)

    monkeypatch.setattr(github, "resolve", counted)
    g = load_graph(_wide(tmp_path), Config())
    assert landed == {("docs/wide.md", "b.md"): 1, ("docs/wide.md", "../c.md#x"): 1,
                      ("c.md", "docs/b.md"): 1}
    (edge,) = [d for v, d in g["docs/wide.md"]["docs/b.md"].items()
               if d["kind"] == EdgeKind.LINKS_TO]
    assert [(link["loc"].line, link["loc"].col) for link in edge["links"]] == [
        (3, 1 + 10 * i) for i in range(LINKS)]
    assert g.nodes["docs/b.md"]["exists"] is False
    assert len(g["c.md"]["docs/b.md"][0]["links"]) == 2


def test_each_link_of_the_line_is_a_finding_at_its_own_place(tmp_path: Path) -> None:
    findings = [f for f in analyze(_wide(tmp_path)).findings if f.rule_id == "RG101"]
    assert [(f.loc.path, f.loc.line, f.loc.col) for f in findings] == [
        ("c.md", 3, 1), ("c.md", 3, 16)] + [("docs/wide.md", 3, 1 + 10 * i)
                                             for i in range(LINKS)]
    assert len({f.fingerprint for f in findings}) == len(findings)
    assert findings[2].message == findings[-1].message


def test_a_post_reads_each_destination_and_wording_once(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A post's line of links to the next post (`post-line-of-links` in
    benchmarks/hostile.py): whether a destination is a post, and what the words around a
    link say, are asked once each, not once per link."""
    import posts.post as post

    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "02-b.md").write_text("# B\n", encoding="utf-8")
    (tmp_path / "blog" / "01-a.md").write_text(
        "# A\n\n" + "[Part 2](02-b.md) " * LINKS + "\n\nNext: [B](02-b.md)\n", encoding="utf-8")
    resolved: Counter[tuple[str, str]] = Counter()
    worded: Counter[tuple[str, str, str]] = Counter()
    resolve, direction = post.resolve, post._direction

    def counted_resolve(source: str, href: str) -> object:
        resolved[source, href] += 1
        return resolve(source, href)

    def counted_direction(before: str, text: str, after: str) -> object:
        worded[before, text, after] += 1
        return direction(before, text, after)

    monkeypatch.setattr(post, "resolve", counted_resolve)
    monkeypatch.setattr(post, "_direction", counted_direction)
    analysis = analyze(tmp_path)
    assert resolved[("blog/01-a.md", "02-b.md")] == 1
    assert max(worded.values()) == 1
    assert analysis.graph.nodes["blog/01-a.md"]["kind"] == "post"
    assert [(v, d["kind"]) for _, v, d in analysis.graph.out_edges("blog/01-a.md", data=True)
            if d["kind"] == EdgeKind.NEXT] == [("blog/02-b.md", EdgeKind.NEXT)]
