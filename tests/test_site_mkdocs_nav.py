"""Differential test: refgraph's findings on an MkDocs `nav` are MkDocs' own nav warnings.

`tests/sites/mkdocs-nav/` has a `nav` with planted defects and `validation.nav` set to warn;
`tests/sites/mkdocs-literate-nav/` names folders that the literate-nav plugin makes menus of
(from the links of a folder's nav file, or every page of a folder without one). The real mkdocs
builds each; each "not found in the documentation files" warning must be one RG110 at that
entry, the "not included in the nav" list must be the RG111 pages, and nothing else may be
reported.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph import analyze
from tests.conftest import TESTS

pytest.importorskip("mkdocs")

SITE = TESTS / "sites" / "mkdocs-nav"
LITERATE = TESTS / "sites" / "mkdocs-literate-nav"


def build_log(site: Path, out: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                           str(site / "mkdocs.yml"), "-d", str(out)],
                          check=True, timeout=120, capture_output=True, text=True,
                          env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"})
    return done.stderr


def omitted_pages(log: str) -> list[str]:
    """The pages MkDocs says exist in docs_dir but are not in `nav`, as `docs/…` paths."""
    listed = re.search(r'not included in the "nav" configuration:\n((?:  - .*\n)+)', log)
    return [] if listed is None else [
        "docs/" + line.removeprefix("  - ") for line in listed.group(1).splitlines()]


@pytest.fixture(scope="module")
def mkdocs_log(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_log(SITE, tmp_path_factory.mktemp("mkdocs-nav-site"))


def test_nav_entries_mkdocs_cannot_find_are_rg110(mkdocs_log: str) -> None:
    not_found = re.findall(r"A reference to '([^']+)' is included in the 'nav' "
                           r"configuration, which is not found", mkdocs_log)
    findings = [f for f in analyze(SITE).findings if f.rule_id == "RG110"]
    assert sorted(f.message.split()[2] for f in findings) == sorted(not_found)
    assert len(not_found) == 3
    text = (SITE / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    for f in findings:  # each at its entry, as written
        entry = f.message.split()[2]
        assert f.loc.path == "mkdocs.yml"
        assert text[f.loc.line - 1][f.loc.col - 1:].startswith(entry)


def test_pages_mkdocs_says_are_not_in_nav_are_rg111(mkdocs_log: str) -> None:
    omitted = omitted_pages(mkdocs_log)
    findings = [f for f in analyze(SITE).findings if f.rule_id == "RG111"]
    assert sorted(f.loc.path for f in findings) == sorted(omitted)
    assert omitted == ["docs/guide/lost.md"]  # drafts/ is `not_in_nav`


def test_literate_nav_sections_are_the_pages_mkdocs_lists(tmp_path: Path) -> None:
    """The real mkdocs-literate-nav builds the menus refgraph reads from the folders' nav
    files: the pages MkDocs calls unlisted are the RG111 pages, and each menu entry it
    cannot find is an RG101 at that link of the nav file."""
    pytest.importorskip("mkdocs_literate_nav")
    log = build_log(LITERATE, tmp_path / "site")
    findings = analyze(LITERATE).findings
    assert sorted(f.loc.path for f in findings if f.rule_id == "RG111") == (
        omitted_pages(log)) == ["docs/guide/b.md"]
    not_found = re.findall(r"A reference to '([^']+)' is included in the 'nav'", log)
    assert sorted(f"docs/{p}" for p in not_found) == sorted(
        f.message.split(", but ")[1].split()[0] for f in findings if f.rule_id == "RG101")
    assert {f.rule_id for f in findings} == {"RG101", "RG111"}


def test_nothing_else_is_reported() -> None:
    assert {f.rule_id for f in analyze(SITE).findings} == {"RG110", "RG111"}


def test_a_typo_in_an_entry_gets_the_page_as_nav_writes_it() -> None:
    typo = next(f for f in analyze(SITE).findings if "instal.md" in f.message)
    assert typo.suggestion == "did you mean guide/install.md?"


def test_without_nav_mkdocs_lists_every_page_itself(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "alone.md").write_text("# Alone\n", encoding="utf-8")
    assert analyze(tmp_path).findings == []  # no RG111, and no RG501 on a site's page


@pytest.mark.parametrize("nav", [
    "nav: &a [*a]\n",  # an alias inside its own anchor
    "a: &a [x.md, x.md, x.md, x.md, x.md, x.md, x.md, x.md, x.md, x.md]\n"
    + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
              for p, c in zip("abcdefg", "bcdefgh", strict=True))
    + "nav: [*h]\n",  # 10^8 entries once expanded
    "nav:\n" + "".join("  " * n + "- a:\n" for n in range(3000)),  # deeply nested
])
def test_a_hostile_nav_is_read_in_bounded_time(tmp_path: Path, nav: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n" + nav, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "from refgraph.cli import run; run()", "check", "--no-cache",
         str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("nav", ["5", '"x"', "true", "{a: 1}", '""', "{}"])
def test_a_nav_that_is_not_a_list_is_said_and_not_read(tmp_path: Path, nav: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nnav: {nav}\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    result = analyze(tmp_path)
    assert result.findings == []  # no RG110 for `5`, no RG111 for every page
    notes = [n for s in result.graph.graph["sites"] for n in s.notes]
    assert notes == ["mkdocs.yml:2: nav is not a list, which MkDocs refuses; it is not read, "
                     "and every page counts as listed"]


@pytest.mark.parametrize("docs_dir", ["/srv/docs", "C:/docs"])
def test_an_absolute_docs_dir_is_said_and_not_read(tmp_path: Path, docs_dir: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"docs_dir: {docs_dir}\nnav: [a.md]\n",
                                         encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = analyze(tmp_path)
    assert result.findings == []
    notes = [n for s in result.graph.graph["sites"] for n in s.notes]
    assert notes == [f"mkdocs.yml: docs_dir {docs_dir!r} is an absolute path, which names a "
                     "folder of one machine; the site is not read"]
