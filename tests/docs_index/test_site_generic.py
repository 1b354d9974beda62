"""The generic site (`site-root`, `implied-extension`): detection and where its links land."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_index.resolve import TargetKind
from docs_index.sites import detect, site_of
from docs_index.sites.generic import SITE, GenericSettings, generic_root

FILES = frozenset({
    "docs/content/index.md", "docs/content/commands/npm-team.md",
    "docs/content/guide/_index.md", "docs/content/faq/README.md",
    "docs/content/img/logo.png", "docs/content/empty/diagram.png", "docs/mkdocs.yml",
    "docs/README.md", "LICENSE",
})


def test_the_settings_make_a_site_inside_others() -> None:
    generic = generic_root(GenericSettings("docs/content"))
    roots = detect(Path("/nonexistent"), frozenset({"README.md"}), "auto", generic)
    assert [(r.kind, r.source) for r in roots] == [("generic", "docs/content"),
                                                   ("github", "")]
    assert site_of(roots, "docs/content/a.md").kind == "generic"
    assert site_of(roots, "docs/contents.md").kind == "github"
    assert [r.kind for r in detect(Path("."), frozenset(), "github", generic)] == ["github"]
    assert [r.kind for r in detect(Path("."), frozenset(), "generic", None)] == [
        "generic", "github"]


@pytest.mark.parametrize(("source", "href", "path", "fragment", "leaves"), [
    # a route from the site's root: X.md, then the folder's index pages
    ("docs/content/index.md", "/commands/npm-team", "docs/content/commands/npm-team.md", "",
     ""),
    ("docs/content/index.md", "/commands/npm-team#synopsis",
     "docs/content/commands/npm-team.md", "synopsis", ""),
    ("docs/content/index.md", "/guide", "docs/content/guide/_index.md", "", ""),
    ("docs/content/index.md", "/faq/", "docs/content/faq/README.md", "", ""),
    ("docs/content/commands/npm-team.md", "/", "docs/content/index.md", "", ""),
    # relative routes, from the linking file's folder
    ("docs/content/commands/npm-team.md", "../guide", "docs/content/guide/_index.md", "",
     ""),
    ("docs/content/guide/_index.md", "../commands/npm-team",
     "docs/content/commands/npm-team.md", "", ""),
    # a missing route names X.md; a folder without an index page names its index.md
    ("docs/content/index.md", "/commands/npm-tem", "docs/content/commands/npm-tem.md", "",
     ""),
    ("docs/content/index.md", "/empty/", "docs/content/empty/index.md", "", ""),
    # files as written, from the site's root when absolute
    ("docs/content/index.md", "/img/logo.png", "docs/content/img/logo.png", "", ""),
    ("docs/content/index.md", "commands/npm-team.md", "docs/content/commands/npm-team.md",
     "", ""),
    # outside the site's root: the built site has no such page
    ("docs/content/index.md", "../README.md", "docs/README.md", "", "docs/content"),
    ("docs/content/index.md", "../../LICENSE", "LICENSE", "", "docs/content"),
])
def test_where_a_link_lands(source: str, href: str, path: str, fragment: str,
                            leaves: str) -> None:
    site = generic_root(GenericSettings("docs/content"))
    landing = SITE.land(site, source, href, FILES)
    assert (landing.target.kind, landing.target.path, landing.target.fragment,
            landing.leaves) == (TargetKind.PATH, path, fragment, leaves)


def test_without_an_implied_extension_links_name_files() -> None:
    site = generic_root(GenericSettings("docs/content", ""))
    landing = SITE.land(site, "docs/content/index.md", "/commands/npm-team", FILES)
    assert landing.target.path == "docs/content/commands/npm-team"
    assert SITE.land(site, "docs/content/index.md", "/faq/", FILES).target.path == (
        "docs/content/faq/README.md")
