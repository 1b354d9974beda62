"""`_config.yml` read safely: Jekyll's defaults for what cannot be read, and a note saying so."""

from __future__ import annotations

from pathlib import Path

from docs_index.sites.jekyll import _detect
from docs_index.sites.jekyll_config import JekyllSettings, read_jekyll_config


def test_settings_are_read() -> None:
    data = (b"baseurl: /blog/\nsource: site\nkramdown:\n  input: kramdown\n"
            b"  auto_ids: false\nplugins: [jekyll-relative-links]\n")
    assert read_jekyll_config("_config.yml", data) == (JekyllSettings(
        source="site", baseurl="/blog", kramdown_input="kramdown", auto_ids=False,
        relative_links=True), ())


def test_an_empty_config_gives_the_defaults() -> None:
    assert read_jekyll_config("_config.yml", b"") == (JekyllSettings(), ())


def test_a_python_tag_is_never_run_and_is_a_note() -> None:
    settings, notes = read_jekyll_config("_config.yml", b"x: !!python/name:os.system\n")
    assert settings == JekyllSettings()
    assert len(notes) == 1
    assert notes[0].startswith("_config.yml:1: cannot read: ")
    assert notes[0].endswith("; Jekyll's defaults are used")


def test_bad_values_are_notes() -> None:
    assert read_jekyll_config("_config.yml", b"- a\n") == (
        JekyllSettings(), ("_config.yml: not a mapping of settings; Jekyll's defaults are used",))
    assert read_jekyll_config("_config.yml", b"kramdown: {input: Markdown}\n")[1] == (
        "_config.yml: kramdown input 'Markdown' not understood; 'GFM' is used",)
    assert read_jekyll_config("_config.yml", b"permalink: monthly\n") == (JekyllSettings(), (
        "_config.yml: permalink 'monthly' not understood; pages and posts are looked for at "
        "the URLs of 'date'",))


def test_built_in_styles_and_collections_dir_are_read() -> None:
    settings, notes = read_jekyll_config(
        "_config.yml", b"permalink: ordinal\ncollections_dir: /my/\nplugins: "
                       b"[jekyll-redirect-from]\n")
    assert (settings.permalink, settings.posts_permalink, settings.collections_dir,
            settings.redirect_from, notes) == (
        "date", "/:categories/:year/:y_day/:title:output_ext", "my", True, ())


def test_a_source_above_the_root_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("source: ../elsewhere\n", encoding="utf-8")
    [root] = _detect(tmp_path, frozenset({"_config.yml"}))
    assert (root.kind, root.notes) == ("github", (
        "_config.yml: source '../elsewhere' is outside the checked root; the site is not "
        "read",))


def test_a_config_beside_layouts_and_assets_only_is_no_site(tmp_path: Path) -> None:
    """jekyll/jekyll's `test/fixtures/test-theme/`: a theme's `_config.yml` with
    `_layouts/`, `_includes/`, `_sass/`, `_data/` and assets, but no page."""
    theme = {"theme/_config.yml", "theme/_layouts/default.html", "theme/_includes/a.html",
             "theme/_sass/x.scss", "theme/assets/base.js", "theme/.github/README.md"}
    site = {"site/_config.yml", "site/index.md"}
    for name in theme | site:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert [(r.kind, r.source) for r in _detect(tmp_path, frozenset(theme | site))] == [
        ("jekyll", "site")]
