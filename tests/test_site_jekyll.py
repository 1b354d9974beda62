"""Differential test: refgraph's verdict on each link of a Jekyll site equals its fate on
the site the real jekyll builds.

`tests/sites/jekyll/` is a small site (`baseurl: /blog`, GFM input) with planted defects. Its
pages have no layout, so a built page's `<a href>`s are the Markdown's links, in the same
order. A link works when, served under `/blog/`, the page it lands on exists at that URL
and, for a fragment, carries that id; refgraph must report a broken-link rule on exactly the
links that do not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.sites.jekyll import page_url
from docs_index.sites.jekyll_config import JekyllSettings
from graph import analyze
from graph.model import EdgeKind, edges_of
from tests.conftest import TESTS, make_tree
from tests.sites.generators import BUILD_TIMEOUT, require, scan, works

SITE = TESTS / "sites" / "jekyll"
BASEURL = "/blog/"
BROKEN = ("RG101", "RG102", "RG105", "RG109")
"""The rules that say a link does not land where it says."""


@pytest.fixture(scope="module", params=["date", "pretty"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with `permalink:` set, in a temporary folder."""
    src = tmp_path_factory.mktemp(f"jekyll-{request.param}") / "src"
    shutil.copytree(SITE, src)
    with (src / "_config.yml").open("a", encoding="utf-8") as config:
        config.write(f"permalink: {request.param}\n")
    return src


def _build(site: Path) -> Path:
    """The site jekyll builds from `site`, in `out` beside it."""
    out = site.parent / "out"
    subprocess.run([require("jekyll"), "build", "--quiet", "--safe", "-s", str(site), "-d",
                    str(out)], check=True, timeout=BUILD_TIMEOUT, capture_output=True,
                   cwd=site.parent)
    return out


@pytest.fixture(scope="module")
def built(site: Path) -> Path:
    return _build(site)


def built_page(out: Path, url: str) -> Path:
    return out / url / "index.html" if not url or url.endswith("/") else out / url


def test_page_urls() -> None:
    pages = ("index.md", "sub/page.md", "sub/index.md", "a.markdown",
             "_posts/2024-01-02-hello.md", "news/_posts/2024-01-02-x.markdown", "x.png")
    assert [page_url(p, JekyllSettings()) for p in pages] == [
        "index.html", "sub/page.html", "sub/index.html", "a.html", "2024/01/02/hello.html",
        "news/2024/01/02/x.html", "x.png"]
    assert [page_url(p, JekyllSettings(permalink="pretty")) for p in pages] == [
        "", "sub/page/", "sub/", "a/", "2024/01/02/hello/", "news/2024/01/02/x/", "x.png"]


def _wrong_and_broken(site: Path, built: Path) -> tuple[list, list, JekyllSettings]:
    """Each link whose verdict differs between refgraph and the built site, each link
    broken on the built site, and the settings refgraph read."""
    result = analyze(site)
    [root, _github] = result.graph.graph["sites"]
    settings = root.settings
    reported = {(f.loc.path, f.loc.line, f.loc.col) for f in result.findings
                if f.rule_id in BROKEN}
    links: dict[str, list[tuple[int, int]]] = {}
    for src, _dst, link in edges_of(result.graph, EdgeKind.LINKS_TO):
        links.setdefault(src, []).append((link["loc"].line, link["loc"].col))
    verdicts = []
    for source, places in sorted(links.items()):
        url = page_url(source, settings)
        hrefs = scan(built_page(built, url)).hrefs
        assert len(hrefs) == len(places), (source, hrefs)
        for (line, col), href in zip(sorted(places), hrefs, strict=True):
            on_site = works(built, url, href, BASEURL)
            by_refgraph = (source, line, col) not in reported
            verdicts.append((source, line, href, on_site, by_refgraph))
    wrong = [v for v in verdicts if v[3] != v[4]]
    broken = [(source, line) for source, line, _, on_site, _ in verdicts if not on_site]
    return wrong, broken, settings


def test_each_link_is_broken_for_refgraph_exactly_when_it_is_on_the_built_site(
        site: Path, built: Path) -> None:
    wrong, broken, settings = _wrong_and_broken(site, built)
    assert wrong == []
    if settings.permalink == "date":
        assert broken == [("_posts/2024-01-02-hello.md", 8), ("about.md", 14)] + [
            ("index.md", n) for n in (*range(16, 21), 23, 24)] + [
            ("liquid.md", n) for n in (8, 9, 12, 13, 28)] + [("sub/page.md", 9)]
    else:  # `.html` links to pages no longer land: served at `about/`, `sub/page/`
        assert ("index.md", 9) in broken
        assert ("index.md", 21) not in broken  # `{% link %}` gives the page's URL


ROUTED = {
    "_config.yml": "baseurl: /blog\ncollections:\n"
                   "  docs: {permalink: '/:collection/:path/', output: true}\n"
                   "  posts: {permalink: '/news/:year/:month/:day/:title/'}\n",
    "_docs/a/b.md": "---\n---\n## Usage\n\n[c](../../c/) [team](/blog/team/#people)\n",
    "_docs/c.md": "---\n---\n[b](../a/b/#usage) [not b](../b/) [post](../../news/2024/01/02/"
                  "hello/) [old post](/blog/2024/01/02/hello.html)\n",
    "_posts/2024-01-02-hello.md": "---\n---\n[b](/blog/docs/a/b/) [b.html](/blog/docs/a/b.html)\n",
    "pages/team.md": "---\npermalink: /team/\n---\n## People\n\n[c](../docs/c/) "
                     "[file](../pages/team.html)\n",
}


def test_collections_and_permalinks_are_where_jekyll_serves_them(tmp_path: Path) -> None:
    """Collections with `output: true`, a posts template and a page's own `permalink:`."""
    site = tmp_path / "src"
    out = _build(make_tree(site, ROUTED))
    wrong, broken, _ = _wrong_and_broken(site, out)
    assert wrong == []
    assert broken == [("_docs/c.md", 3), ("_docs/c.md", 3), ("_posts/2024-01-02-hello.md", 3),
                      ("pages/team.md", 6)]


def test_nothing_else_is_reported() -> None:
    result = analyze(SITE)
    # `#getting-started-1` works, but numbers the second heading: it shifts when one is added
    assert [(f.rule_id, f.loc.path, f.loc.line) for f in result.findings
            if f.rule_id not in BROKEN] == [("RG106", "index.md", 14)]


def _corpus(tmp_path: Path, index: str) -> list[str]:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("baseurl: /blog\n", encoding="utf-8")
    (tmp_path / "about.md").write_text("---\n---\n## Usage\n", encoding="utf-8")
    (tmp_path / "_posts" / "2024-01-02-hello.md").write_text("---\n---\n## Intro\n",
                                                             encoding="utf-8")
    (tmp_path / "index.md").write_text(index, encoding="utf-8")
    return [f"{f.loc.path}:{f.loc.line}:{f.loc.col}: {f.rule_id} {f.message}"
            for f in sorted(analyze(tmp_path).findings)]


def test_liquid_links_are_links_with_their_place(tmp_path: Path) -> None:
    """Each tag form, after `{{ site.baseurl }}` too (right on Jekyll 3 and GitHub Pages,
    where the tags give no baseurl), with a fragment checked against the target's ids;
    a tag in a code span or fenced code renders as code, not as a link."""
    assert _corpus(tmp_path, (
        "---\n---\n"
        "[a]({% link about.md %}#usage) [b]({{ site.baseurl }}{% link about.md %}#nope)\n"
        "[c]({%- post_url 2024-01-02-hello -%}#intro) "
        "[d]({{site.baseurl}}{% post_url 2024-01-02-hello %}#none)\n"
        "[e]({% link missing.md %}) [f]({% post_url 2024-01-09-gone %})\n"
        "[g]({{site.baseurl}}/about.html#usage) `{% link nope.md %}`\n"
        "[h]({% link {{ page.x }} %})\n\n"
        "```\n{% link nope.md %}\n```\n")) == [
        "index.md:3:36: RG102 link to {{ site.baseurl }}{% link about.md %}#nope, but "
        "about.md has no heading or anchor #nope",
        "index.md:4:50: RG102 link to {{site.baseurl}}{% post_url 2024-01-02-hello %}#none, "
        "but _posts/2024-01-02-hello.md has no heading or anchor #none",
        "index.md:5:5: RG101 link to {% link missing.md %}, but missing.md does not exist",
        "index.md:5:32: RG101 link to {% post_url 2024-01-09-gone %}, but "
        "_posts/2024-01-09-gone.md does not exist",
    ]


def test_a_line_of_backticks_beside_a_tag_is_read_in_linear_time(tmp_path: Path) -> None:
    """Code spans are found in one pass over the backtick runs: a backreference regex took
    a minute on this line. In a subprocess with a hard timeout, so a regression cannot hang
    the suite (it takes well under a second)."""
    (tmp_path / "_config.yml").write_text("baseurl: /blog\n", encoding="utf-8")
    (tmp_path / "index.md").write_text(
        "---\n---\n[x]({% link index.md %}) " + "`" * 100_000 + " `a`\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "refgraph", "check", str(tmp_path)],
                          capture_output=True, text=True, timeout=20, check=False)
    assert (done.returncode, done.stdout) == (0, "No findings in 1 Markdown file, 1 link.\n")


def test_the_site_setting_reads_a_root_without_config_as_jekyll(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# Home\n\n[about](about.html#usage)\n",
                                       encoding="utf-8")
    (tmp_path / "about.md").write_text("# About\n\n## Usage\n", encoding="utf-8")
    assert [f.rule_id for f in analyze(tmp_path).findings] == ["RG101"]
    (tmp_path / "refgraph.toml").write_text('site = "jekyll"\n', encoding="utf-8")
    assert analyze(tmp_path).findings == []


STYLED = {
    "my/_posts/2024-01-02-a.md": "---\ncategories: [Rel, two]\n---\nx\n",
    "my/k/_posts/2024-03-01-b.md": "---\ncategory: News\n---\nx\n",
    "my/_posts/sub/2024-04-05-d.md": "---\n---\nx\n",
    "my/_docs/guide.md": "---\n---\nx\n",
    "pages/show.html": "---\npermalink: /show/\n---\n<p>x</p>\n",
}
STYLED_LINKS = {
    "date": ["/blog/rel/two/2024/01/02/a.html", "/blog/k/news/2024/03/01/b.html",
             "/blog/2024/04/05/d.html"],
    "ordinal": ["/blog/rel/two/2024/002/a.html", "/blog/k/news/2024/061/b.html",
                "/blog/2024/096/d.html"],
    "none": ["/blog/rel/two/a.html", "/blog/k/news/b.html", "/blog/d.html"],
    "weekdate": ["/blog/rel/two/2024/W01/Tue/a.html", "/blog/k/news/2024/W09/Fri/b.html",
                 "/blog/2024/W14/Fri/d.html"],
    "any": ["/blog/show/", "/blog/docs/guide/"],
    "never": ["/blog/2024/01/02/a.html", "/blog/pages/show.html", "/blog/my/_docs/guide.html",
              "/blog/my/2024/01/02/a.html", "/blog/sub/2024/04/05/d.html"],
}


@pytest.mark.parametrize("style", ["date", "ordinal", "none", "weekdate"])
def test_styles_categories_html_permalinks_and_collections_dir(tmp_path: Path,
                                                               style: str) -> None:
    """Each built-in permalink style, posts' `categories`/`category` front matter after
    their folder's (the folders above `_posts`, not those inside it), an `.html` page's
    own `permalink:`, and `collections_dir`: a link to
    each URL is broken for refgraph exactly when it is on the site jekyll builds."""
    site = tmp_path / "src"
    links = [url for urls in STYLED_LINKS.values() for url in urls]
    files = {**STYLED, "_config.yml": f"baseurl: /blog\npermalink: {style}\n"
             "collections_dir: my\ncollections:\n  docs: {output: true, permalink: "
             "'/:collection/:path/'}\n",
             "index.md": "---\n---\n" + "".join(f"[l]({url})\n" for url in links)}
    out = _build(make_tree(site, files))
    wrong, broken, _ = _wrong_and_broken(site, out)
    assert wrong == []
    working = sorted(url for n, url in enumerate(links, 3) if ("index.md", n) not in broken)
    assert working == sorted(STYLED_LINKS[style] + STYLED_LINKS["any"])


DEFAULTED = {
    "_config.yml": (
        "baseurl: /blog\ncollections:\n  docs: {output: true}\ndefaults:\n"
        "  - scope: {path: '', type: posts}\n"
        "    values: {layout: post, permalink: '/:slugified_categories/:year/:name'}\n"
        "  - scope: {path: _posts/special, type: posts}\n"
        "    values: {permalink: '/special/:title/'}\n"
        "  - scope: {path: '', type: docs}\n    values: {permalink: '/manual/:path/'}\n"
        "  - scope: {path: _docs/old}\n    values: {permalink: '/legacy/:path/'}\n"
        "  - scope: {path: _docs/old}\n    values: {permalink: '/older/:path/'}\n"
        "  - scope: {path: _docs/y, type: docs}\n    values: {permalink: '/typed/:path/'}\n"
        "  - scope: {path: _docs/y}\n    values: {permalink: '/untyped/:path/'}\n"
        "  - scope: {path: _docs/z/inner}\n    values: {layout: post}\n"
        "  - scope: {path: _docs/z}\n    values: {permalink: '/shorter/:path/'}\n"
        "  - scope: {path: '_docs/*/deep'}\n    values: {permalink: '/deep/:name/'}\n"
        "  - scope: {path: ''}\n    values: {title: no permalink here}\n"),
    "_posts/2024-01-02-alpha.md": "---\ncategory: Tech Notes!\n---\nx\n",
    "_posts/special/2024-02-03-beta.md": "---\n---\nx\n",
    "_posts/2024-03-04-gamma.md": "---\npermalink: /own/gamma/\n---\nx\n",
    "_docs/intro.md": "---\n---\nx\n",
    "_docs/old/thing.md": "---\n---\nx\n",
    "_docs/x/deep/leaf.md": "---\n---\nx\n",
    "_docs/y/z.md": "---\n---\nx\n",
    "_docs/z/inner/w.md": "---\n---\nx\n",
}
DEFAULTED_LINKS = {
    "working": ["/blog/tech-notes/2024/2024-01-02-alpha.html", "/blog/special/beta/",
                "/blog/own/gamma/", "/blog/manual/intro/", "/blog/older/old/thing/",
                "/blog/deep/leaf/", "/blog/typed/y/z/", "/blog/manual/z/inner/w/"],
    "broken": ["/blog/tech notes!/2024/01/02/alpha.html", "/blog/2024/01/02/alpha.html",
               "/blog/2024/02/03/beta.html", "/blog/tech-notes/2024/2024-03-04-gamma.html",
               "/blog/docs/intro.html", "/blog/manual/old/thing/",
               "/blog/manual/x/deep/leaf/", "/blog/legacy/old/thing/", "/blog/untyped/y/z/",
               "/blog/shorter/z/inner/w/"],
}


def test_front_matter_defaults_place_posts_and_collections_as_jekyll_does(
        tmp_path: Path) -> None:
    """`defaults:` in `_config.yml`: a scope's `permalink` for posts and a collection, the
    longer scope path winning, of two identical scopes the later, of two as long the one
    naming a type, a set without a permalink that still outranks a later shorter scope
    (`FrontmatterDefaults#all`), a glob scope, `:slugified_categories`, and a post's own
    `permalink:` over them all: each link is broken for refgraph exactly when it is on the
    site jekyll builds. (BillHertzing.github.io's parts link each other at such URLs.)"""
    site = tmp_path / "src"
    links = [url for urls in DEFAULTED_LINKS.values() for url in urls]
    files = {**DEFAULTED, "index.md": "---\n---\n" + "".join(
        f"[l]({url.replace(' ', '%20')})\n" for url in links)}
    out = _build(make_tree(site, files))
    wrong, broken, _ = _wrong_and_broken(site, out)
    assert wrong == []
    working = [url for n, url in enumerate(links, 3) if ("index.md", n) not in broken]
    assert working == DEFAULTED_LINKS["working"]
