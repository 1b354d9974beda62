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
