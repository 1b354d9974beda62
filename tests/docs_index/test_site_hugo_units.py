"""Hugo: detection from its configuration (read safely), Goldmark ids, `ref`/`relref`
shortcodes as links with line:col, and where its links land."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docs_index.markdown import make_parser, parse_markdown
from docs_index.resolve import TargetKind
from docs_index.sites import SiteRoot, detect
from docs_index.sites import hugo as hugo_module
from docs_index.sites.hugo import SITE as HUGO
from docs_index.sites.hugo_config import HugoSettings
from tests.conftest import make_tree


def doc_of(text: str, path: str = "content/a.md"):
    return parse_markdown(make_parser(), path, text)[0]


def _detect(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, str, object]]:
    root = make_tree(tmp_path, files)
    return [(r.kind, r.source, r.config, r.settings) for r in detect(root, frozenset(files))]


@pytest.mark.parametrize(("files", "found"), [
    ({"hugo.toml": ""}, [("hugo", "content", "hugo.toml", HugoSettings())]),
    ({"site/hugo.yaml": "contentDir: src\nbaseURL: https://x.org/docs/\n"},
     [("hugo", "site/src", "site/hugo.yaml", HugoSettings("src", "docs"))]),
    ({"hugo.json": '{"markup": {"goldmark": {"parser": {"autoHeadingIDType": "blackfriday",'
                   ' "attribute": {"title": false}}}}}'},
     [("hugo", "content", "hugo.json", HugoSettings(id_type="blackfriday",
                                                     attribute_title=False))]),
    ({"config.toml": 'baseURL = "https://x.org/"\n'},
     [("hugo", "content", "config.toml", HugoSettings())]),
    ({"config.yaml": "contentdir: pages\n"},
     [("hugo", "pages", "config.yaml", HugoSettings("pages"))]),
    # a config.toml without Hugo's settings is some other tool's
    ({"config.toml": "[tool]\nx = 1\n"}, []),
    ({"config.yaml": "- a list\n"}, []),
    # a mount with target `content` replaces contentDir (Hugo's default content mount)
    ({"hugo.toml": "contentDir = 'x'\n[[module.mounts]]\nsource = 'assets'\ntarget = 'assets'\n"
                   "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n"},
     [("hugo", "content/en", "hugo.toml", HugoSettings("content/en",
                                                       content_setting="module.mounts source"))]),
    ({"site/hugo.yaml": "module:\n  mounts:\n    - {source: docs/, target: /content}\n"},
     [("hugo", "site/docs", "site/hugo.yaml",
       HugoSettings("docs", content_setting="module.mounts source"))]),
    ({"hugo.json": '{"Module": {"Mounts": [{"Source": "pages", "Target": "content"}]}}'},
     [("hugo", "pages", "hugo.json",
       HugoSettings("pages", content_setting="module.mounts source"))]),
    ({"hugo.toml": "disablePathToLower = true\n"},
     [("hugo", "content", "hugo.toml", HugoSettings(lower_urls=False))]),
    # hugo.toml wins over config.toml in its folder
    ({"hugo.toml": 'contentDir = "a"\n', "config.toml": 'contentDir = "b"\n'},
     [("hugo", "a", "hugo.toml", HugoSettings("a"))]),
])
def test_hugo_is_detected_from_its_configuration(tmp_path: Path, files: dict[str, str],
                                                 found: list[tuple[str, ...]]) -> None:
    assert _detect(tmp_path, files)[:-1] == found  # GitHub, last, holds the rest


@pytest.mark.parametrize(("text", "note"), [
    ("hugo.toml", "hugo.toml: cannot parse: Expected '=' after a key in a key/value pair "
                  "(at line 1, column 3); Hugo's defaults are used"),
    ('[markup.goldmark.parser]\nautoHeadingIDType = "slug"\n',
     "hugo.toml: autoHeadingIDType 'slug' is not one of github, github-ascii, blackfriday; "
     "'github' is used"),
    ('contentDir = "../elsewhere"\n',
     "hugo.toml: contentDir '../elsewhere' is outside the checked root; the site is not read"),
    ("[[module.mounts]]\nsource = '../elsewhere'\ntarget = 'content'\n",
     "hugo.toml: module.mounts source '../elsewhere' is outside the checked root; the site is "
     "not read"),
    ("[[module.mounts]]\nsource = 'en'\ntarget = 'content'\n"
     "[[module.mounts]]\nsource = 'fr'\ntarget = 'content'\n",
     "hugo.toml: module.mounts source 'fr' target 'content' is not read; only the first mount "
     "with target 'content' is"),
    ("[[module.mounts]]\nsource = 'blog'\ntarget = 'content/blog'\n",
     "hugo.toml: module.mounts source 'blog' target 'content/blog' is not read; only the first "
     "mount with target 'content' is"),
])
def test_what_hugo_toml_says_that_is_not_understood_is_a_note(tmp_path: Path, text: str,
                                                             note: str) -> None:
    root = make_tree(tmp_path, {"hugo.toml": "a b" if text == "hugo.toml" else text})
    roots = detect(root, frozenset({"hugo.toml"}))
    assert [n for r in roots for n in r.notes] == [note]


def test_a_yaml_tag_in_hugo_yaml_is_not_run(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"hugo.yaml": "x: !!python/object/apply:os.system [touch run]\n"})
    roots = detect(root, frozenset({"hugo.yaml"}))
    assert roots[0].kind == "hugo" and roots[0].notes[0].startswith("hugo.yaml: cannot parse")
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(("settings", "slugs"), [
    (HugoSettings(), ["title", "custom", "c-sharp", "title-1", "café-ü"]),
    (HugoSettings(id_type="github-ascii"), ["title", "custom", "c-sharp", "title-1", "cafe-u"]),
    (HugoSettings(id_type="blackfriday"), ["title", "custom", "c-sharp", "title-1", "café-ü"]),
    (HugoSettings(attribute_title=False),
     ["title", "other-custom", "c-sharp", "title-1", "café-ü"]),
])
def test_hugo_ids_are_goldmarks_from_the_source_line(settings: HugoSettings,
                                                     slugs: list[str]) -> None:
    # `*C*` reaches the slugger as written: its marks are dropped, not its letters
    doc = doc_of("## Title\n\n## Other {#custom}\n\n## *C* sharp\n\n## Title\n\n## Café ü\n")
    headings, ids = HUGO.ids(doc, SiteRoot("hugo", "hugo.toml", "content", settings))
    assert [h.slug for h in headings] == slugs
    assert ids == frozenset(slugs)
    assert headings[1].text == ("Other" if settings.attribute_title else "Other {#custom}")


def test_ref_and_relref_shortcodes_are_links_with_line_and_col() -> None:
    doc = doc_of('Intro\n\n[a]({{< ref "b.md" >}}) and {{% relref "/c/d.md#part" %}}\n'
                 "{{<relref e.md>}} {{< ref \"f.md\" lang=\"en\" >}}\n\n"
                 "```\n{{< ref \"g.md\" >}}\n```\n\n"
                 'Shown, not run: {{</* ref "h.md" */>}}\n')
    links = HUGO.extra_links(doc, SiteRoot("hugo", "hugo.toml", "content", HugoSettings()))
    assert [(k.loc.line, k.loc.col, k.target) for k in links] == [
        (3, 5, '{{< ref "b.md" >}}'), (3, 29, '{{% relref "/c/d.md#part" %}}'),
        (4, 1, "{{<relref e.md>}}"), (4, 19, '{{< ref "f.md" lang="en" >}}'),
        (7, 1, '{{< ref "g.md" >}}')]  # Hugo expands shortcodes in code blocks too


FILES = frozenset({"content/_index.md", "content/a.md", "content/s/_index.md",
                   "content/s/p.md", "content/s/b/index.md", "content/s/b/img.png",
                   "static/logo.png", "README.md"})


@pytest.mark.parametrize(("source", "href", "base", "kind", "path", "leaves"), [
    ("content/s/p.md", "../a.md", "", TargetKind.PATH, "content/a.md", ""),
    ("content/s/p.md", "/a.md", "", TargetKind.PATH, "content/a.md", ""),
    ("content/s/p.md", "s/b/index.md", "", TargetKind.PATH, "content/s/b/index.md", ""),
    ("content/s/p.md", "nope.md", "", TargetKind.PATH, "content/s/nope.md", ""),
    ("content/s/p.md", "../../README.md", "", TargetKind.PATH, "README.md", "content"),
    # URLs, from the page's URL (`s/p/`) or the site root
    ("content/s/p.md", "../b/", "", TargetKind.PATH, "content/s/b/index.md", ""),
    ("content/s/p.md", "../", "", TargetKind.PATH, "content/s/_index.md", ""),
    ("content/s/_index.md", "p/", "", TargetKind.PATH, "content/s/p.md", ""),
    ("content/s/b/index.md", "img.png", "", TargetKind.PATH, "content/s/b/img.png", ""),
    ("content/a.md", "/s/p/", "", TargetKind.PATH, "content/s/p.md", ""),
    ("content/a.md", "/", "", TargetKind.PATH, "content/_index.md", ""),
    ("content/a.md", "/logo.png", "", TargetKind.PATH, "static/logo.png", ""),
    ("content/a.md", "/s/missing/", "", TargetKind.PATH, "content/s/missing.md", ""),
    # under baseURL's path
    ("content/a.md", "/docs/s/p/", "docs", TargetKind.PATH, "content/s/p.md", ""),
    ("content/a.md", "/blog/x/", "docs", TargetKind.EXTERNAL, "/blog/x/", "content"),
])
def test_hugo_links_land_as_on_the_built_site(source: str, href: str, base: str,
                                              kind: TargetKind, path: str,
                                              leaves: str) -> None:
    site = SiteRoot("hugo", "hugo.toml", "content", HugoSettings(base_path=base))
    landing = HUGO.land(site, source, href, FILES)
    assert (landing.target.kind, landing.target.path, landing.leaves) == (kind, path, leaves)


# Hugo's look-up, `getContentNode` in gohugoio/hugo hugolib/pagecollections.go (commit
# 034b61956778f4f3e0858aa54582abbb5fa47771): page-relative first, then from the content
# root, then, for a ref with no inner `/`, by name alone (ambiguous when two pages share it)
REF_FILES = frozenset({"hugo.toml", "content/_index.md", "content/a.md",
                       "content/s/_index.md", "content/s/p.md", "content/s/Q.md",
                       "content/s/b/index.md", "content/s/b/notes.md",
                       "content/t/p.md", "content/t/only.md"})


@pytest.mark.parametrize(("source", "ref", "path"), [
    ("content/s/p.md", "p", "content/s/p.md"),  # its own folder first
    ("content/t/p.md", "p", "content/t/p.md"),
    ("content/a.md", "s/p", "content/s/p.md"),  # then from the root
    ("content/s/p.md", "/t/p.md", "content/t/p.md"),
    ("content/s/p.md", "b", "content/s/b/index.md"),  # a bundle by its folder
    ("content/s/b/index.md", "p", "content/s/p.md"),  # a bundle looks from its section
    ("content/s/b/index.md", "../p.md", "content/s/p.md"),  # unless it climbs
    ("content/a.md", "only", "content/t/only.md"),  # by name alone
    ("content/a.md", "/only", "content/t/only.md"),
    ("content/a.md", "q", "content/s/Q.md"),  # lowercased
    ("content/a.md", "s", "content/s/_index.md"),  # a section
    ("content/a.md", "s/_index.md", "content/s/_index.md"),
    ("content/a.md", "/", "content/_index.md"),
    ("content/a.md", "p", "content/p.md"),  # ambiguous: s/p and t/p; missing
    ("content/a.md", "x/only", "content/x/only.md"),  # an inner `/`: not by name
    ("content/a.md", "./only", "content/only.md"),  # `.`: page-relative only
    ("content/a.md", "notes", "content/notes.md"),  # a bundle's resource is no page
    ("content/s/p.md", "s/p/_index.md", "content/s/s/p/_index.md"),  # `_index`: a section only
])
def test_a_ref_finds_its_page_as_hugo_does(tmp_path: Path, source: str, ref: str,
                                           path: str) -> None:
    site = detect(make_tree(tmp_path, dict.fromkeys(REF_FILES, "")), REF_FILES)[0]
    landing = HUGO.land(site, source, f'{{{{< ref "{ref}#x" >}}}}', REF_FILES)
    assert (landing.target.path, landing.target.fragment) == (path, "x")


@pytest.mark.parametrize(("config", "href", "path"), [
    ("", "/functions/fmt/warnidf/", "content/functions/fmt/Warnidf.md"),
    ("", "../warnidf/", "content/functions/fmt/Warnidf.md"),
    ("", "/guide/", "content/Guide/_index.md"),
    ("", "/missing/", "content/missing.md"),
    # with disablePathToLower the URL keeps the file's case
    ("disablePathToLower = true\n", "/functions/fmt/warnidf/",
     "content/functions/fmt/warnidf.md"),
])
def test_a_lowercased_url_lands_on_a_mixed_case_page(tmp_path: Path, config: str, href: str,
                                                     path: str) -> None:
    files = {"hugo.toml": config, "content/functions/fmt/Warnidf.md": "# W\n",
             "content/functions/fmt/Errorf.md": "# E\n", "content/Guide/_index.md": "# G\n"}
    site = detect(make_tree(tmp_path, files), frozenset(files))[0]
    landing = HUGO.land(site, "content/functions/fmt/Errorf.md", href, frozenset(files))
    assert landing.target.path == path


def test_repeats_keep_hugos_numbering() -> None:
    from docs_index.sites.goldmark_ids import GoldmarkIds

    page = GoldmarkIds()
    assert [page.id(h) for h in ("a", "a", "a-1", "a", "a-2", "a {#a-3}", "a", "")] == [
        "a", "a-1", "a-1-1", "a-2", "a-2-1", "a-3", "a-4", "heading"]


WORST = {
    # 20,000 alike headings: each repeat searched from -1 again was quadratic (48.6 s for a
    # whole run); the search now starts where the last one ended
    "alike-headings": "from docs_index.sites.goldmark_ids import GoldmarkIds\n"
                      "p = GoldmarkIds()\nfor _ in range(20000): p.id('a')\n",
    # unclosed shortcodes, a long run before a missing `}}`
    "unclosed-shortcodes": "from docs_index.sites.hugo import _REF\n"
                           "_REF.findall('{{< ref a.md ' + ' ' * 200000)\n"
                           "_REF.findall('{{< ref \"a.md\" ' * 20000)\n"
                           "_REF.findall('{{< ref a.md ' + '>' * 200000)\n",
}


@pytest.mark.parametrize("name", sorted(WORST))
def test_worst_hugo_inputs_stay_linear(name: str) -> None:
    subprocess.run([sys.executable, "-c", WORST[name]], check=True, timeout=10,
                   cwd=Path(__file__).resolve().parents[2])


@pytest.mark.parametrize(("files", "found"), [
    # a configuration folder: its hugo.toml is the root table, markup.toml the `markup` key
    ({"config/_default/hugo.toml": 'contentDir = "src"\n',
      "config/_default/markup.toml": '[goldmark.parser]\nautoHeadingIDType = "blackfriday"\n',
      "config/_default/permalinks.toml": 'posts = "/:year/:slug/"\n',
      "config/_default/menus.en.toml": "x = 1\n"},
     [("hugo", "src", "config/_default/hugo.toml",
       HugoSettings("src", id_type="blackfriday", permalinks={"posts": "/:year/:slug/"}))]),
    ({"site/config/_default/config.toml": "", "site/config/_default/params.yaml": "a: 1\n"},
     [("hugo", "site/content", "site/config/_default/config.toml", HugoSettings())]),
    # beside a root hugo.toml, which Hugo reads first
    ({"hugo.toml": 'contentDir = "a"\n', "config/_default/hugo.toml": 'contentDir = "b"\n'},
     [("hugo", "a", "hugo.toml", HugoSettings("a"))]),
    # Hugo 0.120's form: permalinks per kind
    ({"hugo.toml": '[permalinks.page]\nposts = "/:slug/"\n'},
     [("hugo", "content", "hugo.toml", HugoSettings(permalinks={"posts": "/:slug/"}))]),
])
def test_a_configuration_folder_and_permalinks_are_read(tmp_path: Path, files: dict[str, str],
                                                        found: list[tuple[str, ...]]) -> None:
    assert _detect(tmp_path, files)[:-1] == found


@pytest.mark.parametrize(("pattern", "page", "front", "url"), [
    ("/:year/:month/:day/:slug/", "posts/a.md", {"title": "Hello, World!", "date": "2024-03-05"},
     "/2024/03/05/hello-world/"),
    ("/:section/:filename/", "posts/b/index.md", {}, "/posts/b/"),
    ("/:sections/:slugorfilename/", "a/b/c.md", {"slug": "x"}, "/a/b/x/"),
    ("/:monthname/:title/", "p/a.md", {"title": "Été à Paris", "date": "2024-07-01"},
     "/july/été-à-paris/"),
    ("/:year/:title/", "p/a.md", {"title": "no date"}, None),  # no date: not moved
    ("/:unknown/", "p/a.md", {}, None),
])
def test_permalink_patterns_are_filled_in(pattern: str, page: str, front: dict[str, str],
                                          url: str | None) -> None:
    from docs_index.sites.hugo_pages import expand

    assert expand(pattern, page, front) == url


def test_a_page_moved_by_front_matter_is_not_at_its_usual_url() -> None:
    from docs_index.sites.hugo_pages import routes

    found = routes("content", {
        "content/s/a.md": {"url": "/x/Y/", "aliases": ["/old/a/", "older"]},
        "content/s/b.md": {"slug": "bee"}, "content/s/_index.md": {"slug": "ignored"},
        "content/s/c.md": {}}, {}, lower=True)
    assert found.by_url == {"x/y": "content/s/a.md", "old/a": "content/s/a.md",
                            "x/older": "content/s/a.md", "s/bee": "content/s/b.md"}
    assert found.url_of == {"content/s/a.md": "x/Y", "content/s/b.md": "s/bee"}


# Hugo's own TestDescriptionListAutoID (gohugoio/hugo,
# markup/goldmark/internal/extensions/attributes/attributes_integration_test.go, commit
# 24cc25552f607eccf7f7fefff3d6a7bd8175c828), github-ascii; its setext heading and its heading
# with a link are left out: their ids come from the rendered text since Hugo 0.144, from
# the source line in the Hugo 0.111 the differential test builds with.
HUGO_TERMS_PAGE = """## Title with id set {#title-with-id}

## Title with id set duplicate {#title-with-id}

## My Title

Base Name
: Base name of the file.

Base Name
: Duplicate term name.

My Title
: Term with same name as title.

Foo@Bar
: The foo bar.

foo [something](/a/b/) bar
: A foo bar.

良善天父
: The good father.

Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď
: Testing accents.
"""


def test_definition_terms_get_ids_as_in_hugos_own_test(tmp_path: Path) -> None:
    settings = HugoSettings(id_type="github-ascii", definition_term_ids=True)
    _, ids = HUGO.ids(doc_of(HUGO_TERMS_PAGE), SiteRoot("hugo", "hugo.toml", "content",
                                                        settings))
    assert ids == {"a-a-a-a-a-a-c-c-c-c-c-c-c-c-d", "base-name", "base-name-1",
                   "foo-something-bar", "foobar", "my-title", "my-title-1", "term",
                   "title-with-id"}


@pytest.mark.parametrize(("text", "on", "ids"), [
    # each line before the first `: ` is a term; a term above a blank line counts too
    ("One\nTwo\n: def\n: more\n\nLoose\n\n: def\n\n: again\n", True,
     {"one", "two", "loose"}),
    ("## Setup\n\nSetup\n: the term\n\n## Setup\n", True, {"setup", "setup-1", "setup-2"}),
    ("- item\n\n  In a list\n  : def\n", True, {"in-a-list"}),
    ("Setup\n: the term\n", False, set()),  # off by default
    ("Not: a term\n", True, set()),
])
def test_definition_terms_share_the_headings_ids(text: str, on: bool, ids: set[str]) -> None:
    settings = HugoSettings(definition_term_ids=on)
    assert HUGO.ids(doc_of(text), SiteRoot("hugo", "hugo.toml", "content", settings))[1] == ids


@pytest.mark.parametrize(("config", "on"), [
    ("[markup.goldmark.parser]\nautoDefinitionTermID = true\n", True),
    ("[markup.goldmark.parser]\nautoDefinitionTermID = true\n"
     "[markup.goldmark.extensions]\ndefinitionList = false\n", False),
    ("", False),
])
def test_auto_definition_term_id_is_read(tmp_path: Path, config: str, on: bool) -> None:
    site = detect(make_tree(tmp_path, {"hugo.toml": config}), frozenset({"hugo.toml"}))[0]
    assert site.settings.definition_term_ids is on


def test_template_folders_are_not_read_as_pages(tmp_path: Path) -> None:
    files = {"site/hugo.toml": "", "site/archetypes/default.md": "---\ndate: {{ .Date }}\n---\n",
             "site/layouts/partials/x.md": "", "site/themes/t/archetypes/post.md": "",
             "site/themes/t/README.md": "", "site/content/a.md": "", "archetypes/other.md": ""}
    roots = detect(make_tree(tmp_path, files), frozenset(files))
    assert roots[0].not_read == ("site/archetypes", "site/layouts", "site/themes/t/archetypes")


@pytest.mark.parametrize(("text", "literals", "get_page", "md_only"), [
    ('{{ $u := urls.Parse .Destination }}{{ if eq $u.String "g" }}x{{ else if eq $u.Path '
     '"/go" }}{{ end }}{{ with .Page.GetPage $u.Path }}{{ end }}'
     '{{ if eq $errorLevel "warning" }}{{ end }}', {"g", "/go"}, True, False),
    ('{{ if eq .Destination "home" }}{{ end }}{{ if eq "x" .Destination }}{{ end }}',
     {"home", "x"}, False, False),
    ('{{ $d := .Destination }}{{ if eq $d "top" }}{{ end }}'
     '{{ if strings.HasSuffix $d ".md" }}{{ with .Page.GetPage $d }}{{ end }}{{ end }}',
     {"top"}, True, True),
    ('{{ if eq $u.Fragment "x" }}{{ end }}', set(), False, False),
])
def test_a_link_render_hook_is_read_not_run(text: str, literals: set[str], get_page: bool,
                                            md_only: bool) -> None:
    from docs_index.sites.hugo_hooks import parse_hook

    hook = parse_hook("layouts/_markup/render-link.html", text)
    assert (hook.literals, hook.get_page, hook.md_only) == (literals, get_page, md_only)


@pytest.mark.parametrize(("files", "href", "why"), [
    ({"layouts/_markup/render-link.html": '{{ if eq .Destination "g" }}{{ end }}'}, "g",
     "wherever the link render hook layouts/_markup/render-link.html sends 'g'"),
    # a theme's hook, when the project has none
    ({"hugo.toml": 'theme = "t"\n',
      "themes/t/layouts/_default/_markup/render-link.html": '{{ if eq .Destination "g" }}'},
     "g", "wherever the link render hook themes/t/layouts/_default/_markup/render-link.html "
          "sends 'g'"),
    ({}, "g", ""),
    ({}, "{{% eturl rss %}}", "a URL the shortcode 'eturl' writes"),
])
def test_a_destination_a_template_decides_is_not_checkable(
        tmp_path: Path, files: dict[str, str], href: str, why: str) -> None:
    from graph import analyze

    files = {"hugo.toml": "", **files, "content/a.md": f"[x](<{href}>)\n"}
    root = make_tree(tmp_path, files)
    site = detect(root, frozenset(files))[0]
    assert hugo_module.unverifiable(site, href) == why
    # said at info level (RG112), not judged; without a reason, a missing page
    assert [f.rule_id for f in analyze(root).findings] == (["RG112"] if why else ["RG101"])


def test_a_page_included_with_render_shortcodes_brings_its_ids(tmp_path: Path) -> None:
    # gohugoio/hugoDocs' layouts/_shortcodes/include.html (commit
    # 1c613349f4220ae84070df25979d720c43e5cfa6): `{{ with or ($.Page.GetPage .) (site.GetPage
    # .) }}{{ .RenderShortcodes }}`, called as `{{% include "/_common/x.md" %}}`; Hugo 0.111
    # here predates `.RenderShortcodes` (0.117), so this is not checked against a build
    from graph import analyze

    files = {
        "hugo.toml": "",
        "layouts/_shortcodes/include.html": "{{ with .Page.GetPage (.Get 0) }}"
                                            "{{ .RenderShortcodes }}{{ end }}",
        "layouts/shortcodes/quote.html": "{{ with .Page.GetPage (.Get 0) }}{{ .Title }}{{ end }}",
        "content/_common/part.md": "## Scope\n",
        "content/_common/other.md": "## Other\n",
        "content/s/a.md": '# A\n\n{{% include "/_common/part.md" %}}\n\n'
                          '{{% quote "/_common/other.md" %}}\n\n'
                          "[in](#scope), [not in](#other), [in the other](b.md#scope)\n",
        "content/s/b.md": '# B\n\n{{% include "_common/part" %}}\n',
    }
    findings = analyze(make_tree(tmp_path, files)).findings
    assert [(f.loc.line, f.loc.col, f.rule_id) for f in findings
            if f.rule_id.startswith("RG1")] == [(7, 15, "RG102")]


@pytest.mark.parametrize(("name", "text"), [
    ("hugo.toml", "a = " + "[" * 5000), ("hugo.json", "[" * 5000),
    ("hugo.yaml", "a: " + "[" * 5000)])
def test_a_configuration_nested_too_deeply_is_a_note_not_a_traceback(
        tmp_path: Path, name: str, text: str) -> None:
    from graph import analyze

    root = make_tree(tmp_path, {name: text, "content/a.md": "# A\n"})
    result = analyze(root)
    notes = [n for s in result.graph.graph["sites"] for n in s.notes]
    assert any("nested too deeply" in n or "cannot parse" in n for n in notes), notes
