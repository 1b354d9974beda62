"""MkDocs with the literate-nav plugin (tests/test_site_mkdocs_nav.py builds the same site
with the real mkdocs-literate-nav): a `nav` entry naming a folder (`Guide: guide/`) is that
folder's menu, the list of links in its `nav_file` (default `SUMMARY.md`); a folder link in
it is read the same way; a folder without a nav file lists every page under it. On
mkdocs/mkdocs, read without this, the two folder entries were RG110 and the fourteen pages
their README.md files list were RG111."""

from __future__ import annotations

from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS

SITE = TESTS / "sites" / "mkdocs-literate-nav"


def test_a_folder_entry_is_the_menu_its_nav_file_lists() -> None:
    result = analyze(SITE)
    assert [(f.rule_id, f.loc.path, f.loc.line) for f in result.findings] == [
        ("RG101", "docs/guide/README.md", 7),  # a menu link to no page: checked as a link
        ("RG111", "docs/guide/b.md", 1),  # the one page no menu lists
    ]


def test_the_menu_is_read_in_order_from_each_nav_file() -> None:
    result = analyze(SITE)
    entries = sorted((edge["order"], src, dst) for src, dst, edge
                     in edges_of(result.graph, EdgeKind.NAV))
    assert [(src, dst) for _, src, dst in entries] == [
        ("mkdocs.yml", "docs/index.md"),
        ("docs/guide/README.md", "docs/guide/a.md"),
        ("docs/guide/sub/README.md", "docs/guide/sub/c.md"),
        ("docs/guide/README.md", "docs/guide/gone.md"),
        ("mkdocs.yml", "docs/other/d.md"),
    ]
