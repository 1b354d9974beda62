"""Fingerprints survive line shifts and findings elsewhere, and tell repeats apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import analyze
from tests.conftest import make_tree

POST = "# Intro\n\nSee [storage](STORGE.md) and [ops](OPS.md).\n\nAgain [storage](STORGE.md).\n"


def _prints(root: Path) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for f in analyze(root).findings:
        found.setdefault((f.loc.path, f.target), []).append(f.fingerprint)
    return found


def test_line_shifts_and_findings_elsewhere_keep_fingerprints(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.md": POST, "b.md": "# B\n\n[a](a.md)\n"})
    before = _prints(tmp_path)
    make_tree(tmp_path, {"a.md": "Moved down.\n\n" * 5 + POST.replace("See", "We see"),
                         "b.md": "# B\n\n[a](a.md) and [gone](gone.md)\n"})
    after = _prints(tmp_path)
    assert {k: v for k, v in after.items() if k[0] == "a.md"} == before
    assert ("b.md", "gone.md") in after


def test_repeats_in_one_file_are_numbered(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.md": POST})
    prints = _prints(tmp_path)[("a.md", "STORGE.md")]
    assert [p.rsplit(":", 1)[1] for p in prints] == ["1", "2"]
    assert len({p.rsplit(":", 1)[0] for p in prints}) == 1


def test_target_rule_and_file_change_the_fingerprint(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.md": POST, "c.md": POST})
    prints = _prints(tmp_path)
    assert prints[("a.md", "STORGE.md")][0] != prints[("a.md", "OPS.md")][0]
    assert prints[("a.md", "STORGE.md")] != prints[("c.md", "STORGE.md")]


def test_line_numbers_in_messages_do_not_count(tmp_path: Path) -> None:
    index = ("# Blog\n\n{pad}- [One](01-one.md)\n- [One again](01-one.md)\n")
    make_tree(tmp_path, {"blog/01-one.md": "# One\n", "blog/README.md": index.format(pad="")})
    first = {f.rule_id: f.fingerprint for f in analyze(tmp_path).findings}
    make_tree(tmp_path, {"blog/README.md": index.format(pad="Intro.\n\n")})
    second = {f.rule_id: f.fingerprint for f in analyze(tmp_path).findings}
    assert "RG307" in first and first == second


def test_alike_findings_are_hashed_once_and_numbered_in_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """500 links to one missing file on one line: 500 fingerprints, one hash."""
    import graph.fingerprints as fingerprints
    make_tree(tmp_path, {"a.md": "# A\n\n" + "[a](b.md) " * 500})
    calls: list[str] = []
    real = fingerprints.fingerprint_key
    monkeypatch.setattr(fingerprints, "fingerprint_key",
                        lambda finding: calls.append(finding.message) or real(finding))
    prints = _prints(tmp_path)[("a.md", "b.md")]
    assert [p.rsplit(":", 1)[1] for p in prints] == [str(i) for i in range(1, 501)]
    assert len(calls) == 1


def test_changed_copies_a_finding_as_replace_does() -> None:
    from dataclasses import replace

    from docs_index.model import Location
    from graph.findings import Finding, Severity, changed
    finding = Finding(Location("a.md", 3, 5), "RG101", "link to b.md", Severity.ERROR,
                      "fix it", "b.md")
    moved = changed(finding, loc=Location("a.md", 4, 1), fingerprint="x:1")
    assert moved == replace(finding, loc=Location("a.md", 4, 1), fingerprint="x:1")
    assert (moved.fingerprint, moved.suggestion, finding.loc.line) == ("x:1", "fix it", 3)
    with pytest.raises(TypeError, match="no field 'fingerprnt'"):
        changed(finding, fingerprnt="x")


def test_alike_dangling_links_make_one_finding_and_copy_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """500 links to one missing file on one line: the message, hint and related places are
    made once, and every link still gets its own place."""
    from graph.rules import Rule
    make_tree(tmp_path, {"a.md": "# A\n\n" + "[a](b.md) " * 500 + "\n\n[c](c.md)\n"})
    made: list[str] = []
    real = Rule.at
    monkeypatch.setattr(Rule, "at", lambda self, loc, **args: made.append(self.id)
                        or real(self, loc, **args))
    findings = [f for f in analyze(tmp_path).findings if f.rule_id == "RG101"]
    assert made.count("RG101") == 2
    assert [(f.loc.line, f.loc.col, f.target) for f in findings] == [
        *((3, 1 + 10 * i, "b.md") for i in range(500)), (5, 1, "c.md")]
    assert len({(f.message, f.suggestion) for f in findings[:500]}) == 1


def test_changed_one_copies_a_finding_as_replace_does() -> None:
    from dataclasses import replace

    from docs_index.model import Location
    from graph.findings import Finding, Severity, changed_one
    finding = Finding(Location("a.md", 3, 5), "RG101", "link to b.md", Severity.ERROR,
                      "fix it", "b.md")
    moved = changed_one(finding, "loc", Location("a.md", 4, 1))
    assert moved == replace(finding, loc=Location("a.md", 4, 1))
    assert (moved.loc.line, moved.suggestion, moved.target, finding.loc.line) == (
        4, "fix it", "b.md", 3)
    with pytest.raises(Exception, match="fingerprint"):
        moved.fingerprint = "x"  # type: ignore[misc]  # still frozen
    with pytest.raises(TypeError, match="no field 'fingerprnt'"):
        changed_one(finding, "fingerprnt", "x")


def test_repeats_are_dropped_keeping_the_first_and_the_rest_sorted() -> None:
    from docs_index.model import Location
    from graph.findings import Finding, Severity
    from graph.fingerprints import with_fingerprints

    def at(path: str, line: int, suggestion: str, message: str = "link to b.md") -> Finding:
        return Finding(Location(path, line, 1), "RG101", message, Severity.ERROR,
                       suggestion, "b.md")

    found = with_fingerprints([at("b.md", 2, "first"), at("a.md", 9, "x"),
                               at("b.md", 2, "second"), at("a.md", 1, "y"),
                               at("a.md", 1, "y", "link to c.md")])
    assert [(f.loc.path, f.loc.line, f.message, f.suggestion) for f in found] == [
        ("a.md", 1, "link to b.md", "y"), ("a.md", 1, "link to c.md", "y"),
        ("a.md", 9, "link to b.md", "x"), ("b.md", 2, "link to b.md", "first")]
    assert [f.fingerprint.rsplit(":", 1)[1] for f in found] == ["1", "1", "2", "1"]
