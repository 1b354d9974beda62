"""Jekyll URLs a template decides: collections with `output: true`, a posts permalink with
placeholders, and a page's own `permalink:` front matter; a link to such a URL lands on
the file served there."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_index.sites.jekyll import page_url
from docs_index.sites.jekyll_config import JekyllSettings, read_jekyll_config
from docs_index.sites.jekyll_urls import expand
from graph import analyze
from graph.model import EdgeKind, edges_of

COLLECTIONS = (b"collections:\n  docs: {permalink: '/:collection/:path/', output: true}\n"
               b"  recipes: {output: true}\n  drafts_only: {permalink: /x/:path/}\n")
POSTS = b"collections:\n  posts: {permalink: '/news/:year/:month/:day/:title/'}\n"


def _landings(tmp_path: Path, config: bytes, files: dict[str, str]) -> dict[str, str]:
    """Each link (as written) → the file it lands on."""
    (tmp_path / "_config.yml").write_bytes(config)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = analyze(tmp_path).graph
    return {link["target"]: dst for _src, dst, link in edges_of(graph, EdgeKind.LINKS_TO)}


@pytest.mark.parametrize(("config", "files", "link", "lands"), [
    # a collection's template: `_docs/a/b.md` is served at /docs/a/b/
    (COLLECTIONS, {"_docs/a/b.md": "x", "_docs/c.md": "[l](../b/)"}, "../b/",
     "docs/b/index.md"),  # served at /docs/c/: `../b/` is /docs/b/, which nothing is
    (COLLECTIONS, {"_docs/a/b.md": "x", "_docs/a/c.md": "[l](../b/)"}, "../b/", "_docs/a/b.md"),
    (COLLECTIONS, {"_docs/a/b.md": "x", "i.md": "[l](/docs/a/b/)"}, "/docs/a/b/",
     "_docs/a/b.md"),
    (COLLECTIONS, {"_docs/a/b.md": "x", "i.md": "[l](/docs/a/b/index.html#top)"},
     "/docs/a/b/index.html#top", "_docs/a/b.md"),
    # the default template of a collection: `/:collection/:path:output_ext`
    (COLLECTIONS, {"_recipes/soup.md": "x", "i.md": "[l](/recipes/soup.html)"},
     "/recipes/soup.html", "_recipes/soup.md"),
    # without `output: true` a collection is not served
    (COLLECTIONS, {"_drafts_only/a.md": "x", "i.md": "[l](/x/a/)"}, "/x/a/", "x/a/index.md"),
    # a posts template with a prefix
    (POSTS, {"_posts/2024-01-02-hello.md": "x", "i.md": "[l](/news/2024/01/02/hello/)"},
     "/news/2024/01/02/hello/", "_posts/2024-01-02-hello.md"),
    (b"permalink: /blog/:categories/:title.html\n",
     {"rel/_posts/2024-01-02-hello.md": "x", "i.md": "[l](/blog/rel/hello.html)"},
     "/blog/rel/hello.html", "rel/_posts/2024-01-02-hello.md"),
    # under a template, a post is not at the built-in URL, nor a moved page at its usual one
    (POSTS, {"_posts/2024-01-02-hello.md": "x", "i.md": "[l](/2024/01/02/hello.html)"},
     "/2024/01/02/hello.html", "2024/01/02/hello.md"),
    (b"", {"pages/team.md": "---\npermalink: /team/\n---\n", "i.md": "[l](pages/team.html)"},
     "pages/team.html", "pages/team.html"),
    # a page's own permalink, and a relative link from it
    (b"", {"pages/team.md": "---\npermalink: /team/\n---\n[l](../x.html)",
           "i.md": "[l](/team/)", "x.md": "x"}, "/team/", "pages/team.md"),
    (b"", {"pages/team.md": "---\npermalink: /team/\n---\n[l](../x.html)", "x.md": "x"},
     "../x.html", "x.md"),
    (COLLECTIONS, {"_docs/a/index.md": "---\npermalink: /docs/a/\n---\n[l](b/)",
                   "_docs/a/b.md": "x"}, "b/", "_docs/a/b.md"),
])
def test_templated_urls_land_on_their_source(tmp_path: Path, config: bytes,
                                             files: dict[str, str], link: str,
                                             lands: str) -> None:
    assert _landings(tmp_path, config, files)[link] == lands


def test_placeholders_follow_jekyll() -> None:
    values = {"collection": "docs", "path": "a/b", "categories": "", "title": "x",
              "output_ext": ".html"}
    assert expand("/:collection/:path/", values) == "docs/a/b/"
    assert expand("/:categories/:title:output_ext", values) == "x.html"  # no `//` left
    assert expand("/:unknown/:title", values) == ":unknown/x"


def test_posts_and_collections_are_read_from_the_config() -> None:
    both = COLLECTIONS + POSTS.removeprefix(b"collections:\n")
    settings, notes = read_jekyll_config("_config.yml", both)
    assert notes == ()
    assert settings.collections == (("docs", "/:collection/:path/"),
                                    ("recipes", "/:collection/:path:output_ext"))
    assert settings.posts_permalink == "/news/:year/:month/:day/:title/"
    pretty, _ = read_jekyll_config("_config.yml", b"permalink: /:title/\ncollections: [a]\n")
    assert (pretty.permalink, pretty.posts_permalink) == ("pretty", "/:title/")
    assert page_url("a/b.md", pretty) == "a/b/"  # pages take the template's ending
    assert read_jekyll_config("_config.yml", b"collections: 3\n")[1] == (
        "_config.yml: collections 3 not understood; none is read",)
    assert JekyllSettings().routes == {}


REDIRECTS = b"plugins:\n  - jekyll-redirect-from\n"
"""A page of `redirect_from:` is written at each URL, as a file named as the URL (`/help`
gives `help`, `/x/` gives `x/index.html`): jekyll-redirect-from's README and
spec/jekyll_redirect_from/generator_spec.rb ("a page with multiple redirects": `/help`,
`/contact`, `/let-there/be/light-he-said`), jekyll/jekyll-redirect-from@6c0f2791f163."""


@pytest.mark.parametrize(("config", "link", "lands"), [
    (REDIRECTS, "/help", "page.md"),
    (REDIRECTS, "/let-there/be/light-he-said#part", "page.md"),
    (REDIRECTS, "/docs/templates/", "page.md"),
    (REDIRECTS, "/docs/templates/index.html", "page.md"),
    (REDIRECTS, "/old/index.html", "page.md"),
    (REDIRECTS, "/old/", "page.md"),
    (REDIRECTS, "/help.html", "help.md"),  # no such file is written
    (b"", "/help", "help/index.md"),  # without the plugin, no redirect page
])
def test_redirect_from_urls_land_on_their_page(tmp_path: Path, config: bytes, link: str,
                                               lands: str) -> None:
    page = ("---\nredirect_from:\n  - /help\n  - /let-there/be/light-he-said\n"
            "  - /docs/templates/\n  - /old/index.html\n---\n## Part\n")
    assert _landings(tmp_path, config, {"page.md": page, "i.md": f"[l]({link})"})[link] == lands


def test_html_pages_front_matter_is_read_for_redirects(tmp_path: Path) -> None:
    html = "---\nlayout: x\nredirect_from: /showcase-old/\n---\n<p>x</p>\n"
    assert _landings(tmp_path, REDIRECTS, {"pages/showcase.html": html,
                                           "i.md": "[l](/showcase-old/)"}) == {
        "/showcase-old/": "pages/showcase.html"}


def test_a_long_html_page_keeps_its_permalink(tmp_path: Path) -> None:
    """Only the top of an `.html` page is read for its front matter: a page of over a
    megabyte (the bound of a configuration file) still lands where `permalink:` says."""
    from graph import analyze

    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n\n[team](/team/)\n", encoding="utf-8")
    (tmp_path / "team.html").write_text("---\npermalink: /team/\n---\n" + "<p>x</p>\n" * 150_000,
                                        encoding="utf-8")
    assert analyze(tmp_path).findings == []
