"""Sites: detection, MkDocs' configuration read safely, its ids and where its links land."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.markdown import make_parser, parse_markdown
from docs_index.resolve import TargetKind
from docs_index.sites import describe, detect, site_of
from docs_index.sites.mkdocs import SITE as MKDOCS
from docs_index.sites.mkdocs import unique_linear
from docs_index.sites.mkdocs_config import MkDocsSettings, read_mkdocs_config
from tests.conftest import make_tree


def doc_of(text: str, path: str = "docs/a.md"):
    return parse_markdown(make_parser(), path, text)[0]


@pytest.mark.parametrize(("text", "found"), [
    ("## Title {#top}\n", [(1, 10, "#top", False)]),
    ("## Title {: #p .c }\n", [(1, 10, "#p .c", False)]),
    ("Text\n{: #block }\n", [(2, 1, "#block", True)]),
    ("See [](){#here} now.\n", [(1, 9, "#here", False)]),
    ("*em*{: #e} and `code`{#c}\n", [(1, 5, "#e", False), (1, 22, "#c", False)]),
    ("> quoted\n> {: #q }\n", [(2, 3, "#q", True)]),
    # not attribute lists for Python-Markdown: mid-text, inside code, inside a URL, a
    # heading's braces without a space before them
    ("a {#mid} b\n", []),
    ("`{#code}` and ``x {#y}``\n", []),
    ("[a](http://x/{#u})\n", []),
    ("## Title{#x}\n", []),
])
def test_attribute_lists_are_recorded_where_attr_list_applies_them(
        text: str, found: list[tuple[int, int, str, bool]]) -> None:
    doc = doc_of(text)
    assert [(a.loc.line, a.loc.col, a.body, a.block_end) for a in doc.attr_lists] == found


def test_mkdocs_yml_with_python_tags_is_read_never_executed() -> None:
    text = b"""site_name: x
docs_dir: site-src
use_directory_urls: false
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
      slugify: !!python/name:markdown.extensions.toc.slugify_unicode
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - autorefs
extra:
  token: !ENV [TOKEN, none]
"""
    settings, notes = read_mkdocs_config("mkdocs.yml", text)
    assert settings == MkDocsSettings(docs_dir="site-src", use_directory_urls=False,
                                      attr_list=True, slugify="unicode", autorefs=True)
    assert notes == ()


@pytest.mark.parametrize(("text", "note"), [
    (b"markdown_extensions:\n  - toc:\n      slugify: !!python/name:my.module.slug\n",
     "mkdocs.yml:3: toc slugify my.module.slug is not one refgraph knows (it is never run); "
     "heading ids are made as by the default"),
    (b"site_name: [unclosed\n", "mkdocs.yml:2: cannot read: while parsing a flow sequence; "
     "MkDocs' defaults are used"),
    (b"- a list\n", "mkdocs.yml: not a mapping of settings; MkDocs' defaults are used"),
    (b"use_directory_urls: maybe\n",
     "mkdocs.yml: use_directory_urls 'maybe' not understood; true is used"),
])
def test_what_mkdocs_yml_says_that_is_not_understood_is_a_note(text: bytes, note: str) -> None:
    settings, notes = read_mkdocs_config("mkdocs.yml", text)
    assert notes == (note,)
    assert settings.docs_dir == "docs"


def test_pymdownx_slugs_configured_by_name_are_used() -> None:
    pytest.importorskip("pymdownx.slugs")
    text = (b"markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:"
            b"pymdownx.slugs.slugify {kwds: {case: lower}}\n")
    settings, notes = read_mkdocs_config("mkdocs.yml", text)
    assert (settings.slugify, settings.slugify_kwds, notes) == (
        "pymdownx.slugs.slugify", (("case", "lower"),), ())
    assert ids_of("# Héllo Wörld\n", slugify=settings.slugify,
                  slugify_kwds=settings.slugify_kwds)[0] == ["héllo-wörld"]
    gone, notes = read_mkdocs_config(
        "mkdocs.yml", b"markdown_extensions:\n  - toc:\n      slugify: "
        b"!!python/name:pymdownx.slugs.uslugify\n")
    assert gone.slugify == "default"
    assert notes == ("mkdocs.yml:3: toc slugify pymdownx.slugs.uslugify is not in the "
                     "installed pymdown-extensions; heading ids are made as by the default",)


def test_a_python_object_tag_is_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (f"x: !!python/object/apply:os.system ['touch {marker}']\n"
            "y: !!python/name:os.system\n").encode()
    settings, notes = read_mkdocs_config("mkdocs.yml", text)
    assert (settings, notes, marker.exists()) == (MkDocsSettings(), (), False)


def test_each_file_is_judged_by_the_site_whose_source_holds_it(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"mkdocs.yml": "site_name: x\n", "docs/a.md": "# A\n",
                                "book/mkdocs.yml": "docs_dir: src\n", "book/src/b.md": "",
                                "README.md": "# R\n"})
    files = frozenset({"mkdocs.yml", "docs/a.md", "book/mkdocs.yml", "book/src/b.md",
                       "README.md"})
    roots = detect(root, files)
    assert [(r.kind, r.source, r.config) for r in roots] == [
        ("mkdocs", "book/src", "book/mkdocs.yml"), ("mkdocs", "docs", "mkdocs.yml"),
        ("github", "", "")]
    assert [site_of(roots, p).source for p in ("docs/a.md", "book/src/b.md", "README.md",
                                                "docsx/c.md")] == ["docs", "book/src", "",
                                                                   ""]
    assert describe(roots) == ("mkdocs at book/src/ (book/mkdocs.yml), mkdocs at docs/ "
                               "(mkdocs.yml), github elsewhere")
    assert [r.kind for r in detect(root, files, "github")] == ["github"]


def test_site_mkdocs_forced_without_its_config_reads_the_root_so(tmp_path: Path) -> None:
    roots = detect(tmp_path, frozenset({"a.md"}), "mkdocs")
    assert [(r.kind, r.source) for r in roots] == [("mkdocs", ""), ("github", "")]


def ids_of(text: str, **settings: object) -> tuple[list[str], list[str]]:
    doc = doc_of(text)
    root = detect(Path("."), frozenset(), "mkdocs")[0]
    root = type(root)("mkdocs", "", "", MkDocsSettings(**settings))  # type: ignore[arg-type]
    headings, ids = MKDOCS.ids(doc, root)
    return [h.slug for h in headings], sorted(ids)


@pytest.mark.parametrize(("text", "settings", "slugs", "extra"), [
    # Python-Markdown's toc: NFKD to ASCII, punctuation dropped, `_N` for repeats
    ("# Héllo, Wörld!\n## Héllo, Wörld!\n## Héllo, Wörld!\n", {},
     ["hello-world", "hello-world_1", "hello-world_2"], []),
    ("# Straße `x_y` & <b>b</b>\n", {}, ["strae-x_y-b"], []),
    # without attr_list, braces are text
    ("## Title {#t}\n", {}, ["title-t"], []),
    # with it, explicit ids first, taken before any heading's slug
    ("## Title {#t}\n## Title\n", {"attr_list": True}, ["t", "title"], []),
    ("## Same\n\nx\n{: #same }\n", {"attr_list": True}, ["same_1"], ["same"]),
    ("## A {: .cls }\nsee [](){#here}\n", {"attr_list": True}, ["a"], ["here"]),
    ('<a id="raw"></a>\n\n## Raw\n', {}, ["raw"], []),
    ("# Héllo Wörld\n", {"slugify": "unicode"}, ["héllo-wörld"], []),
    ("# A b\n", {"separator": "_"}, ["a_b"], []),
])
def test_mkdocs_ids_are_python_markdowns(text: str, settings: dict, slugs: list[str],
                                         extra: list[str]) -> None:
    got_slugs, ids = ids_of(text, **settings)
    assert got_slugs == slugs
    assert ids == sorted({*slugs, *extra})


FILES = frozenset({"docs/index.md", "docs/a.md", "docs/sub/b.md", "docs/sub/index.md",
                   "docs/img/x.png", "docs/c/README.md", "README.md"})


@pytest.mark.parametrize(("source", "href", "udu", "path", "leaves"), [
    ("docs/a.md", "sub/b.md#part", True, "docs/sub/b.md", ""),
    ("docs/a.md", "img/x.png", True, "docs/img/x.png", ""),
    ("docs/a.md", "missing.md", True, "docs/missing.md", ""),
    # URLs: from the page's URL (`docs/a.md` is at `a/`, `docs/sub/b.md` at `sub/b/`)
    ("docs/a.md", "../sub/b/", True, "docs/sub/b.md", ""),
    ("docs/a.md", "../sub/", True, "docs/sub/index.md", ""),
    ("docs/a.md", "../c/", True, "docs/c/README.md", ""),
    ("docs/sub/b.md", "../../a/#x", True, "docs/a.md", ""),
    ("docs/sub/index.md", "b/", True, "docs/sub/b.md", ""),
    ("docs/a.md", "../gone/", True, "docs/gone.md", ""),
    ("docs/a.md", "img/x.ico", True, "docs/a/img/x.ico", ""),
    ("docs/a.md", "sub/b.html", False, "docs/sub/b.md", ""),
    ("docs/a.md", "sub/", False, "docs/sub/index.md", ""),
    ("docs/a.md", "/sub/b/", True, "docs/sub/b.md", ""),
    ("docs/a.md", "/", True, "docs/index.md", ""),
    # leaving docs_dir
    ("docs/a.md", "../README.md", True, "README.md", "docs"),
    ("docs/a.md", "../../x/", True, "x", "docs"),
])
def test_mkdocs_links_land_as_on_the_built_site(source: str, href: str, udu: bool, path: str,
                                                leaves: str) -> None:
    root = type(detect(Path("."), frozenset())[0])(
        "mkdocs", "mkdocs.yml", "docs", MkDocsSettings(use_directory_urls=udu))
    landing = MKDOCS.land(root, source, href, FILES)
    assert landing.target.kind is TargetKind.PATH
    assert (landing.target.path, landing.leaves) == (path, leaves)


@pytest.mark.parametrize("slugs", [
    ["a"] * 6,
    ["a", "a_1", "a", "a", "a_1", "a_3", "", "", "b_2", "b", "b", "b"],
    ["x_1", "x", "x", "x_2", "x", "x_5", "x", "x", "x"],
])
def test_the_linear_unique_gives_python_markdowns_ids(slugs: list[str]) -> None:
    from markdown.extensions import toc

    used_ours: set[str] = set()
    used_theirs: set[str] = set()
    counters: dict[str, int] = {}
    ours = [unique_linear(s, used_ours, counters) for s in slugs]
    theirs = [toc.unique(s, used_theirs) for s in slugs]  # without counters: plain
    assert ours == theirs


def test_twenty_thousand_alike_headings_on_an_mkdocs_page_stay_linear(tmp_path: Path) -> None:
    """Each repeat of `## a` starts past the suffixes known taken; trying `a_1` … from the
    start for each would be 200 million lookups. In a child process with a timeout."""
    root = make_tree(tmp_path, {"mkdocs.yml": "site_name: x\n",
                                "docs/index.md": "## a\n\n" * 20_000 + "[last](#a_19999)\n"})
    code = ("import sys; from refgraph.cli import run; sys.argv = ['refgraph', 'check', "
            f"'--no-cache', '--select', 'RG102', {str(root)!r}]; run()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
