"""docs_index.resolve: link destinations resolved as GitHub does, table-driven."""

from __future__ import annotations

import pytest

from docs_index.resolve import Target, TargetKind, directory_readme, resolve

PATH = TargetKind.PATH
SAME = TargetKind.SAME_FILE
EXT = TargetKind.EXTERNAL
OUT = TargetKind.OUTSIDE
EMPTY = TargetKind.EMPTY

POST = "blog/01-a.md"

RESOLVE_CASES = [
    # relative paths
    pytest.param(POST, "02-b.md", Target(PATH, "blog/02-b.md"), id="relative"),
    pytest.param(POST, "./02-b.md", Target(PATH, "blog/02-b.md"), id="dot-slash"),
    pytest.param(POST, "../STORAGE.md", Target(PATH, "STORAGE.md"), id="parent"),
    pytest.param("a/b/c.md", "../../x.md", Target(PATH, "x.md"), id="two-parents"),
    pytest.param(POST, "sub/../02-b.md", Target(PATH, "blog/02-b.md"), id="dotdot-inside"),
    pytest.param("README.md", "docs/X.md", Target(PATH, "docs/X.md"), id="from-root-file"),
    pytest.param(POST, "02-B.md", Target(PATH, "blog/02-B.md"), id="case-kept"),
    # root-relative
    pytest.param(POST, "/docs/X.md", Target(PATH, "docs/X.md"), id="leading-slash"),
    pytest.param(POST, "/", Target(PATH, "", is_dir=True), id="slash-alone"),
    # percent-encoding
    pytest.param(POST, "setup%20guide.md", Target(PATH, "blog/setup guide.md"),
                 id="percent-encoded-space"),
    pytest.param(POST, "x.md#Sec%20One", Target(PATH, "blog/x.md", "Sec One"),
                 id="percent-encoded-fragment"),
    pytest.param(POST, "caf%C3%A9.md", Target(PATH, "blog/café.md"), id="percent-encoded-utf8"),
    # fragments
    pytest.param(POST, "#intro", Target(SAME, POST, "intro"), id="fragment-only"),
    pytest.param(POST, "02-b.md#part-2", Target(PATH, "blog/02-b.md", "part-2"),
                 id="path-and-fragment"),
    pytest.param(POST, "02-b.md#", Target(PATH, "blog/02-b.md"), id="empty-fragment"),
    # empty
    pytest.param(POST, "#", Target(EMPTY), id="hash-alone"),
    pytest.param(POST, "", Target(EMPTY), id="empty"),
    pytest.param(POST, "   ", Target(EMPTY), id="blank"),
    # external
    pytest.param(POST, "https://example.org/x.md", Target(EXT, "https://example.org/x.md"),
                 id="https"),
    pytest.param(POST, "HTTP://EXAMPLE.ORG", Target(EXT, "HTTP://EXAMPLE.ORG"), id="upper-http"),
    pytest.param(POST, "mailto:me@example.org", Target(EXT, "mailto:me@example.org"),
                 id="mailto"),
    pytest.param(POST, "//host/x", Target(EXT, "//host/x"), id="protocol-relative"),
    pytest.param(POST, " https://example.org ", Target(EXT, "https://example.org"),
                 id="surrounding-space"),
    # a drive letter is not a scheme
    pytest.param(POST, "C:/x", Target(PATH, "blog/C:/x"), id="drive-letter"),
    # climbing above the root
    pytest.param(POST, "../../x.md", Target(OUT, "../x.md"), id="outside"),
    pytest.param("README.md", "../x.md", Target(OUT, "../x.md"), id="outside-from-root"),
    pytest.param("README.md", "..", Target(OUT, ".."), id="outside-dotdot"),
    pytest.param(POST, "/../x.md", Target(OUT, "../x.md"), id="outside-from-slash"),
    pytest.param(POST, "../../x.md#a", Target(OUT, "../x.md", "a"), id="outside-fragment"),
    # directories
    pytest.param(POST, "sub/", Target(PATH, "blog/sub", is_dir=True), id="trailing-slash"),
    pytest.param(POST, "../", Target(PATH, "", is_dir=True), id="parent-dir-is-root"),
    pytest.param(POST, "sub", Target(PATH, "blog/sub"), id="no-trailing-slash"),
    pytest.param(POST, "../../", Target(OUT, "..", is_dir=True), id="outside-dir"),
    # queries are dropped
    pytest.param(POST, "x.md?raw=1", Target(PATH, "blog/x.md"), id="query"),
    pytest.param(POST, "x.md?plain=1#L10", Target(PATH, "blog/x.md", "L10"), id="query-fragment"),
    # a URL urllib cannot split is still a URL
    pytest.param(POST, "http://[::1", Target(EXT, "http://[::1"), id="bad-ipv6"),
]


@pytest.mark.parametrize(("source", "href", "expected"), RESOLVE_CASES)
def test_resolve(source: str, href: str, expected: Target) -> None:
    assert resolve(source, href) == expected


README_CASES = [
    pytest.param("blog", {"blog/README.md", "blog/01-a.md"}, "blog/README.md", id="readme"),
    pytest.param("", {"README.md"}, "README.md", id="root"),
    pytest.param("docs", {"docs/readme.md"}, "docs/readme.md", id="lower-case"),
    pytest.param("docs", {"docs/Readme.md"}, "docs/Readme.md", id="title-case"),
    pytest.param("docs", {"docs/README.markdown"}, "docs/README.markdown", id="markdown-suffix"),
    pytest.param("docs", {"docs/README"}, "docs/README", id="no-suffix"),
    pytest.param("docs", {"docs/README.md", "docs/readme.md"}, "docs/README.md",
                 id="upper-case-first"),
    pytest.param("docs", {"docs/index.md"}, None, id="none"),
    pytest.param("docs", {"docs/sub/README.md"}, None, id="only-in-subdir"),
    pytest.param("docs", {"README.md"}, None, id="only-at-root"),
]


@pytest.mark.parametrize(("directory", "files", "expected"), README_CASES)
def test_directory_readme(directory: str, files: set[str], expected: str | None) -> None:
    assert directory_readme(directory, files) == expected
