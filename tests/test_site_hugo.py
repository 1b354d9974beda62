"""Differential test: refgraph's verdict on each link of a Hugo site equals its fate on the
site the real Hugo builds.

`tests/sites/hugo/` is a small site with planted defects, built with layouts that render only
each page's content, so a built page's `<a href>`s are its Markdown links and `ref`/`relref`
shortcodes, in the same order. Its render hook maps a link to a `.md` file to that page's URL,
as Hugo sites do. A link works when the page it lands on exists at that URL and, for a
fragment, carries that id; refgraph must report a broken-link rule on exactly the links that
do not. Skipped without Hugo, unless REFGRAPH_REQUIRE_GENERATORS is set (CI).
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
from pathlib import Path

import pytest

from docs_index.sites import detect, hugo
from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS
from tests.sites import generators

SITE = TESTS / "sites" / "hugo"
BROKEN = ("RG101", "RG102", "RG105", "RG109")
"""The rules that say a link does not land where it says."""


MOVED = {"content/guide/moved.md": "elsewhere/moved/",  # front matter `url`
         "content/guide/slugged.md": "guide/nice-name/",  # `slug`
         "content/posts/first.md": "2024/03/first-post/",  # `permalinks`, slug from title
         "content/posts/second.md": "2024/03/two/"}  # `permalinks` with `slug`
"""Pages served away from their usual URL (the built page is read there, so a wrong entry
fails the test)."""


def page_url(source: str) -> str:
    """`content/a/b.md` → `a/b/`; `content/a/_index.md` and the bundle `a/index.md` → `a/`."""
    if source in MOVED:
        return MOVED[source]
    page = posixpath.relpath(source, "content")
    folder, name = posixpath.split(page)
    stem = folder if name in ("_index.md", "index.md") else posixpath.splitext(page)[0]
    return f"{stem}/" if stem else ""




def build(site: Path, tmp: Path) -> Path:
    hugo = generators.require("hugo")
    # built from a copy: Hugo leaves a .hugo_build.lock in its source folder
    shutil.copytree(site, tmp / "src")
    subprocess.run([hugo, "--quiet", "--source", str(tmp / "src"),
                    "--destination", str(tmp / "out"), "--cacheDir", str(tmp / "cache")],
                   check=True, timeout=generators.BUILD_TIMEOUT, capture_output=True)
    return tmp / "out"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SITE, tmp_path_factory.mktemp("hugo-site"))


def verdicts(site: Path, built: Path, decided: str = "") -> list[tuple[str, int, int, str,
                                                                        bool, bool]]:
    """Each link of the site's pages: (page, line, col, href on the built page, works on
    the built site, works for refgraph). Built links whose href starts with `decided` are
    the ones the site's render hook rewrote: refgraph leaves them unjudged (no edge), so
    they are left out here and counted by the caller."""
    result = analyze(site)
    reported = {(f.loc.path, f.loc.line, f.loc.col) for f in result.findings
                if f.rule_id in BROKEN}
    links: dict[str, list[tuple[int, int]]] = {}
    for src, _dst, link in edges_of(result.graph, EdgeKind.LINKS_TO):
        if src.startswith("content/"):
            links.setdefault(src, []).append((link["loc"].line, link["loc"].col))
    found = []
    for source, places in sorted(links.items()):
        url = page_url(source)
        hrefs = [h for h in generators.scan(built / url / "index.html").hrefs
                 if not (decided and h.startswith(decided))]
        assert len(hrefs) == len(places), (source, hrefs)
        for (line, col), href in zip(sorted(places), hrefs, strict=True):
            on_site = generators.works(built, url, href)
            by_refgraph = (source, line, col) not in reported
            found.append((source, line, col, href, on_site, by_refgraph))
    return found


def test_each_link_is_broken_for_refgraph_exactly_when_it_is_on_the_built_site(
        built: Path) -> None:
    found = verdicts(SITE, built)
    wrong = [v for v in found if v[4] != v[5]]
    assert wrong == []
    broken = [(source, line, col) for source, line, col, _, on_site, _ in found
              if not on_site]
    assert broken == [
        ("content/_index.md", 16, 13), ("content/_index.md", 21, 1),
        ("content/_index.md", 21, 35), ("content/_index.md", 22, 1),
        ("content/_index.md", 22, 59), ("content/_index.md", 23, 1),
        ("content/_index.md", 27, 55), ("content/_index.md", 32, 1),
        ("content/_index.md", 32, 31), ("content/guide/_index.md", 9, 24),
        ("content/guide/_index.md", 9, 48), ("content/guide/bundle/index.md", 7, 45),
        ("content/guide/moved.md", 9, 1)]


HOOK_SITE = TESTS / "sites" / "hugo-hook"
"""A site whose link render hook works as gohugoio/hugoDocs' does: `[term](g)` goes to the
glossary entry the link text names, any other local destination is looked up as a page
(`GetPage`) and passed through when none answers."""


def test_links_a_render_hook_looks_up_are_judged_as_it_resolves_them(
        tmp_path: Path) -> None:
    built = build(HOOK_SITE, tmp_path)
    found = verdicts(HOOK_SITE, built, decided="/glossary/#")
    assert [v for v in found if v[4] != v[5]] == []
    assert [v[:3] for v in found if not v[4]] == [
        ("content/templates/intro.md", 12, 10), ("content/templates/intro.md", 12, 46)]
    # the hook's own destinations are not judged: one of them is broken on the site
    # (`/glossary/#a-widget`), which no source file can tell
    rewritten = [h for page in ("", "templates/intro/")
                 for h in generators.scan(built / page / "index.html").hrefs
                 if h.startswith("/glossary/#")]
    assert rewritten == ["/glossary/#a-widget", "/glossary/#widget", "/glossary/#gadget"]
    site = detect(HOOK_SITE, frozenset({"hugo.toml", HOOK}))[0]
    assert hugo.unverifiable(site, "g") == (
        f"wherever the link render hook {HOOK} sends 'g'")
    findings = analyze(HOOK_SITE).findings
    assert [f.rule_id for f in findings if f.rule_id != "RG112"] == ["RG101", "RG102"]
    # each destination the hook rewrites is said, at info level, not judged
    assert len([f for f in findings if f.rule_id == "RG112"]) == len(rewritten)


HOOK = "layouts/_default/_markup/render-link.html"


def test_nothing_else_is_reported() -> None:
    result = analyze(SITE)
    others = [(f.rule_id, f.loc.path, f.loc.line) for f in result.findings
              if f.rule_id not in BROKEN]
    # `#setup-1` works, but numbers the second `## Setup`: it shifts when one is added
    assert others == [("RG106", "content/guide/install.md", 11)]
    assert result.stats.sites[0]["kind"] == "hugo"
