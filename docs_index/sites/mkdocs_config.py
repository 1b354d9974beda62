"""`mkdocs.yml`, read safely: the settings that decide where links land and how ids are made.

MkDocs loads its configuration with PyYAML tags that import Python objects
(`!!python/name:pymdownx.slugs.uslugify`, `!!python/object/apply:…`) and with its own `!ENV`
and `!relative`. Executing them is out of the question (a configuration is input, like a
document), so PyYAML's safe loader is extended to keep such a tag as a `Tagged` value,
name and line, never importing anything; the settings that matter (the toc slugify) are
matched by name against the functions refgraph knows, and whatever is not understood
becomes a note the run prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from docs_index.sites import read_config_bytes
from docs_index.sites.mkdocs_nav import NavItem, nav_node, read_nav


@dataclass(frozen=True)
class Tagged:
    """A value under a tag the safe loader does not construct: kept as its name."""

    tag: str
    """`tag:yaml.org,2002:python/name:pymdownx.slugs.uslugify`, `!ENV`."""
    value: Any
    line: int

    @property
    def name(self) -> str:
        """`pymdownx.slugs.uslugify` for a `python/name:`/`python/object/apply:` tag."""
        return self.tag.rpartition(":")[2] if "python/" in self.tag else self.tag


class _Loader(yaml.SafeLoader):
    """SafeLoader, plus: any other tag becomes a `Tagged` (nothing is imported or run)."""


def _tagged(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value, node.start_mark.line + 1)


_Loader.add_multi_constructor("", _tagged)  # every tag SafeLoader does not know


@dataclass(frozen=True)
class MkDocsSettings:
    docs_dir: str = "docs"
    use_directory_urls: bool = True
    attr_list: bool = False
    """`attr_list` is on: `{#id}` sets ids."""
    slugify: str = "default"
    """`default` (Python-Markdown's `toc.slugify`), `unicode` (`slugify_unicode`), or a
    pymdownx.slugs name (`pymdownx.slugs.uslugify`)."""
    slugify_kwds: tuple[tuple[str, Any], ...] = ()
    """Keyword arguments of `!!python/object/apply:pymdownx.slugs.slugify`."""
    separator: str = "-"
    autorefs: bool = False
    """The autorefs plugin is on (mkdocstrings turns it on too): a `[text][id]` no
    definition matches is a cross-reference to a heading or anchor of the whole site."""
    mkdocstrings: bool = False
    """The mkdocstrings plugin is on: `::: package.module` blocks become API pages, whose
    identifiers (`package.module.Class`) only it can resolve."""
    macros: bool = False
    """The macros plugin is on: `{{ ... }}` is replaced by whatever its Python code makes."""
    click: bool = False
    """The `mkdocs-click` extension is on: `::: mkdocs-click` blocks become a command's
    reference, headings included."""
    plugin_pages: tuple[tuple[str, str], ...] = ()
    """Pages a plugin writes at build time, relative to `docs_dir`, with the plugin's name
    (the coverage plugin's `coverage.md`)."""
    gen_files: bool = False
    """The gen-files plugin is on: its scripts may write any page."""
    literate_nav: str = ""
    """The literate-nav plugin's `nav_file` (default `SUMMARY.md`) when it is on: a folder's
    menu is the list of links in that file; empty when the plugin is off."""
    snippets: bool = False
    """`pymdownx.snippets` is on: `--8<-- "file"` inserts a file's text."""
    snippet_base: tuple[str, ...] = (".",)
    """Its `base_path`, relative to the folder of `mkdocs.yml` (where `mkdocs build`
    runs)."""
    snippet_restrict: bool = True
    """Its `restrict_base_path`: a snippet must stay inside its base path."""
    pages: Any = field(default=None, compare=False)
    """What the site's documents say of each other (`mkdocs_pages.SitePages`): set once
    all documents are read, before links land."""
    nav: tuple[NavItem, ...] | None = None
    """The page entries of `nav`; None when the configuration has none (every page is
    listed, by MkDocs itself)."""
    not_in_nav: tuple[str, ...] = ()
    """`not_in_nav`: gitignore-style patterns of pages meant to be left out of `nav`."""


_SLUGIFIERS = {
    "markdown.extensions.toc.slugify": "default",
    "markdown.extensions.toc.slugify_unicode": "unicode",
    "pymdownx.slugs.uslugify": "pymdownx.slugs.uslugify",
    "pymdownx.slugs.uslugify_encoded": "pymdownx.slugs.uslugify_encoded",
    "pymdownx.slugs.gfm": "pymdownx.slugs.gfm",
    "pymdownx.slugs.gfm_encoded": "pymdownx.slugs.gfm_encoded",
    "pymdownx.slugs.slugify": "pymdownx.slugs.slugify",
}


def _compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (whose marks give `nav` entries their lines) and its value,
    from one parse: `yaml.load` would parse the text again."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def read_mkdocs_config(path: str, data: bytes | None,
                       error: str = "") -> tuple[MkDocsSettings, tuple[str, ...]]:
    """The settings of the `mkdocs.yml` at `path` (its bytes, or None and why not), and
    notes on what was not understood. A file that cannot be read gives MkDocs' defaults."""
    if data is None:
        return MkDocsSettings(), (f"{path}: {error}; MkDocs' defaults are used",)
    try:
        composed, loaded = _compose_and_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as err:
        line = getattr(getattr(err, "problem_mark", None), "line", 0) + 1
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return MkDocsSettings(), (f"{path}:{line}: cannot read: {reason}; MkDocs' defaults "
                                  "are used",)
    if not isinstance(loaded, dict):
        return MkDocsSettings(), (f"{path}: not a mapping of settings; MkDocs' defaults "
                                  "are used",)
    notes: list[str] = []
    values: dict[str, Any] = {}
    docs_dir = loaded.get("docs_dir", "docs")
    if isinstance(docs_dir, str) and docs_dir.strip("/"):
        # an absolute docs_dir is kept absolute: `site_root` says it is not followed
        values["docs_dir"] = docs_dir.rstrip("/")
    elif "docs_dir" in loaded:
        notes.append(f"{path}: docs_dir {docs_dir!r} not understood; 'docs' is used")
    udu = loaded.get("use_directory_urls", True)
    if isinstance(udu, bool):
        values["use_directory_urls"] = udu
    else:
        notes.append(f"{path}: use_directory_urls {udu!r} not understood; true is used")
    values.update(_extensions(path, loaded.get("markdown_extensions"), notes,
                              values.get("docs_dir", "docs")))
    values["nav"] = read_nav(nav_node(composed), path, notes)
    not_in_nav = loaded.get("not_in_nav")
    if isinstance(not_in_nav, str):
        values["not_in_nav"] = tuple(not_in_nav.splitlines())
    elif not_in_nav is not None:
        notes.append(f"{path}: not_in_nav {not_in_nav!r} not understood; it is not read")
    plugin_options = dict(_entries(loaded.get("plugins")))
    plugins = set(plugin_options)
    values["gen_files"] = bool(plugins & {"gen-files", "mkdocs-gen-files"})
    if "coverage" in plugins:
        options = plugin_options["coverage"]
        # `page_path` (mkdocs-coverage 1.1+), formerly `page_name`; "coverage" either way
        page = next((options[key] for key in ("page_path", "page_name")
                     if isinstance(options, dict) and isinstance(options.get(key), str)),
                    "coverage")
        values["plugin_pages"] = ((f"{page.strip('/')}.md", "the coverage plugin"),)
    if "literate-nav" in plugins:
        options = plugin_options["literate-nav"]
        nav_file = options.get("nav_file") if isinstance(options, dict) else None
        values["literate_nav"] = nav_file if isinstance(nav_file, str) and nav_file else (
            "SUMMARY.md")
    values["autorefs"] = bool(plugins & {"autorefs", "mkdocstrings"})
    values["mkdocstrings"] = "mkdocstrings" in plugins
    values["macros"] = "macros" in plugins
    return MkDocsSettings(**values), tuple(notes)


def _entries(items: object) -> list[tuple[str, Any]]:
    """`markdown_extensions`/`plugins` as (name, options): a list of names or one-key
    mappings, or a mapping of name → options."""
    if isinstance(items, dict):
        return [(str(k), v) for k, v in items.items()]
    if not isinstance(items, list):
        return []
    found: list[tuple[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            found.append((item, None))
        elif isinstance(item, dict):
            found += [(str(k), v) for k, v in item.items()]
    return found


def _extensions(path: str, items: object, notes: list[str],
                docs_dir: str = "docs") -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, options in _entries(items):
        short = name.removeprefix("markdown.extensions.")
        if short == "attr_list":
            values["attr_list"] = True
        if short in ("mkdocs-click", "mkdocs_click"):
            values["click"] = True
        if short == "pymdownx.snippets":
            values.update(_snippets(path, options, notes, docs_dir))
        if short != "toc" or not isinstance(options, dict):
            continue
        separator = options.get("separator")
        if isinstance(separator, str):
            values["separator"] = separator
        slugify = options.get("slugify")
        if slugify is None:
            continue
        known = _SLUGIFIERS.get(slugify.name) if isinstance(slugify, Tagged) else None
        if known is None:
            where = f"{path}:{slugify.line}" if isinstance(slugify, Tagged) else path
            shown = slugify.name if isinstance(slugify, Tagged) else repr(slugify)
            notes.append(f"{where}: toc slugify {shown} is not one refgraph knows (it is "
                         "never run); heading ids are made as by the default")
            continue
        missing = _unavailable(known)
        if missing:
            notes.append(f"{path}:{slugify.line}: toc slugify {slugify.name} {missing}; "
                         "heading ids are made as by the default")
            continue
        values["slugify"] = known
        if isinstance(slugify.value, dict) and isinstance(slugify.value.get("kwds"), dict):
            values["slugify_kwds"] = tuple(sorted(slugify.value["kwds"].items()))
    return values


def _relative(value: object, docs_dir: str) -> object:
    """A path MkDocs' `!relative` tag makes (`!relative $config_dir`, `!relative
    $docs_dir/snippets`), relative to the folder of `mkdocs.yml`; other values as they
    are (a bare `!relative`, relative to each page, stays a `Tagged`)."""
    if not isinstance(value, Tagged) or value.tag != "!relative" or not isinstance(
            value.value, str):
        return value
    for name, folder in (("$config_dir", "."), ("$docs_dir", docs_dir)):
        if value.value == name or value.value.startswith(name + "/"):
            return folder + value.value[len(name):]
    return value


def _snippets(path: str, options: object, notes: list[str],
              docs_dir: str = "docs") -> dict[str, Any]:
    """`pymdownx.snippets` and the options that decide which file a snippet names."""
    values: dict[str, Any] = {"snippets": True}
    if not isinstance(options, dict):
        return values
    base = options.get("base_path", ".")
    bases = [_relative(b, docs_dir) for b in (base if isinstance(base, list) else [base])]
    if all(isinstance(b, str) for b in bases):
        values["snippet_base"] = tuple(str(b) for b in bases)
    else:
        shown = ", ".join(f"{b.tag} {b.value}".strip() if isinstance(b, Tagged) else repr(b)
                          for b in bases)
        notes.append(f"{path}: pymdownx.snippets base_path {shown} not understood; '.' "
                     "is used")
    restrict = options.get("restrict_base_path", True)
    if isinstance(restrict, bool):
        values["snippet_restrict"] = restrict
    return values


def _unavailable(known: str) -> str:
    """Why a pymdownx.slugs function cannot be used here, or "": it is called, by name, only
    from the installed pymdown-extensions (an optional package), which may be absent or
    may no longer have it (`uslugify` was removed in favour of `slugify(...)`)."""
    if not known.startswith("pymdownx."):
        return ""
    try:
        from pymdownx import slugs
    except ImportError:
        return "needs pymdown-extensions, which is not installed"
    name = known.rpartition(".")[2]
    return "" if hasattr(slugs, name) else "is not in the installed pymdown-extensions"


def load_mkdocs_config(root_path: Any, path: str) -> tuple[MkDocsSettings, tuple[str, ...]]:
    """Read `path` (relative to the corpus root `root_path`) as a regular file, bounded."""
    data, why = read_config_bytes(root_path / path)
    return read_mkdocs_config(path, data, why) if data is None else read_mkdocs_config(path, data)
