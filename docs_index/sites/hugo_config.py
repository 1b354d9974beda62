"""A Hugo site configuration (`hugo.toml`, `hugo.yaml`, `hugo.json`, `config.toml`,
`config.yaml`), read with `tomllib`, PyYAML's safe loader or `json`, never executed: the
settings that decide where pages are served and how heading ids are made.

Hugo matches its keys without regard to case (`contentDir`, `contentdir`), so they are
looked up that way here too.
"""

from __future__ import annotations

import json
import posixpath
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from docs_index.sites import read_config_bytes
from docs_index.sites.goldmark_ids import ID_TYPES
from docs_index.sites.hugo_hooks import LinkHook
from docs_index.sites.hugo_pages import Routes
from docs_index.sites.hugo_refs import PageIndex

SITE_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.json")
"""Names that make a Hugo site whatever they hold."""
CONFIG_DIR = "config/_default"
"""A configuration folder's default environment: `hugo.toml` or `config.toml` there is the
root table, every other file the table of the key its name gives (`markup.toml`)."""
CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
OLD_CONFIGS = ("config.toml", "config.yaml")
"""Hugo's older names, too common to trust alone: a Hugo site only with `contentDir` or
`baseURL` at the top."""

@dataclass(frozen=True)
class HugoSettings:
    content_dir: str = "content"
    base_path: str = ""
    """The path of `baseURL` without its slashes (`docs` for `https://x.org/docs/`): the
    site is served under it."""
    id_type: str = "github"
    """`markup.goldmark.parser.autoHeadingIDType`."""
    attribute_title: bool = True
    """`markup.goldmark.parser.attribute.title`: `## Title {#id}` sets the id."""
    content_setting: str = "contentDir"
    """The setting that named `content_dir`: `contentDir`, or `module.mounts` when a mount
    with target `content` replaces it."""
    lower_urls: bool = True
    """Not `disablePathToLower`: pages are served at lowercased URLs."""
    pages_by_lower_url: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Each page under the content folder by its lowercased path in it (filled by the site's
    detection, which has the file list), so a lowercased URL finds `Warnidf.md`."""
    pages: PageIndex = field(default_factory=PageIndex, compare=False, repr=False)
    """The pages as Hugo's `ref` and `GetPage` look them up (filled by detection)."""
    themes: tuple[str, ...] = ()
    """`theme`: the themes whose layouts follow the project's."""
    link_hook: LinkHook | None = field(default=None, compare=False, repr=False)
    """The site's link render hook, as read (filled by detection)."""
    inlining: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)
    """Shortcodes whose template calls `.RenderShortcodes` (filled by detection)."""
    included_ids: dict[str, frozenset[str]] = field(default_factory=dict, compare=False,
                                                    repr=False)
    """The ids each page takes from the pages such shortcodes include (filled from the
    documents before links land)."""
    definition_term_ids: bool = False
    """`markup.goldmark.parser.autoDefinitionTermID` (Hugo 0.144 on), with the definition
    list extension on: each definition term gets an id, as a heading does."""
    permalinks: dict[str, str] = field(default_factory=dict)
    """`permalinks`: a URL pattern per top section (`posts = "/:year/:slug/"`)."""
    routes: Routes = field(default_factory=Routes, compare=False, repr=False)
    """The URLs front matter and `permalinks` give pages (filled from their front
    matter before links land)."""


def _get(table: Any, *keys: str) -> Any:
    """`table[k1][k2]…`, each key matched without regard to case; None when absent."""
    for key in keys:
        if not isinstance(table, dict):
            return None
        table = next((v for k, v in table.items() if str(k).lower() == key.lower()), None)
    return table


def _parse(name: str, data: bytes) -> Any:
    text = data.decode("utf-8")
    if name.endswith(".toml"):
        return tomllib.loads(text)
    if name.endswith(".json"):
        return json.loads(text)
    return yaml.safe_load(text)


def read_hugo_config(root: Path, path: str) -> tuple[dict[str, Any] | None, str]:
    """The configuration as a table, or None and why it could not be read."""
    data, why = read_config_bytes(root / path)
    if data is None:
        return None, why
    try:
        table = _parse(path, data)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as err:
        # tomllib and json raise ValueError subclasses; the first line says where
        return None, f"cannot parse: {str(err).splitlines()[0] if str(err) else type(err).__name__}"
    except RecursionError:  # `a = [[[[…` thousands deep: the parsers recurse
        return None, "cannot parse: nested too deeply"
    if not isinstance(table, dict):
        return None, "not a table of settings"
    return table, ""


def project_of(path: str) -> str:
    """The folder of the Hugo project a configuration file belongs to."""
    folder = posixpath.dirname(path)
    if folder == CONFIG_DIR or folder.endswith("/" + CONFIG_DIR):
        return posixpath.dirname(posixpath.dirname(folder))
    return folder


def read_config_dir(root: Path, path: str, files: frozenset[str],
                    table: dict[str, Any] | None) -> tuple[dict[str, Any] | None, list[str]]:
    """`table` (read from `path`, the root table of a `config/_default/` folder) with the
    folder's other files merged in under the keys their names give; a file that cannot be
    read is a note."""
    folder = posixpath.dirname(path)
    if folder != CONFIG_DIR and not folder.endswith("/" + CONFIG_DIR):
        return table, []
    merged = dict(table or {})
    notes = []
    for other in sorted(f for f in files if posixpath.dirname(f) == folder and f != path):
        stem, suffix = posixpath.splitext(posixpath.basename(other))
        if suffix not in CONFIG_SUFFIXES or "." in stem or stem in ("hugo", "config"):
            continue  # `menus.en.toml` is one language's; not read
        part, problem = read_hugo_config(root, other)
        if part is None:
            notes.append(f"{other}: {problem}; not read")
            continue
        current = _get(merged, stem)
        merged[stem] = {**part, **current} if isinstance(current, dict) else part
    return merged, notes


def is_hugo_config(path: str, table: dict[str, Any] | None) -> bool:
    name = posixpath.basename(path)
    if name in SITE_CONFIGS or project_of(path) != posixpath.dirname(path):
        return True
    return table is not None and (_get(table, "contentDir") is not None
                                  or _get(table, "baseURL") is not None)


def _is_content(target: object) -> bool:
    return isinstance(target, str) and (target.strip("/") == "content"
                                        or target.strip("/").startswith("content/"))


def _content_mount(path: str, table: dict[str, Any], notes: list[str]) -> str | None:
    """The source of the mount with target `content`; None without content mounts. Hugo
    replaces its default content mount once any mount targets `content`; refgraph reads one
    content folder, so other content mounts are noted, not read."""
    mounts = _get(table, "module", "mounts")
    if not isinstance(mounts, list):
        return None
    chosen = None
    for mount in mounts:
        target = _get(mount, "target")
        if not _is_content(target):
            continue
        source = _get(mount, "source")
        if (chosen is None and str(target).strip("/") == "content" and isinstance(source, str)
                and source.strip("/")):
            chosen = source.strip("/")
        else:
            notes.append(f"{path}: module.mounts source {source!r} target {target!r} is not "
                         "read; only the first mount with target 'content' is")
    return chosen


def settings_of(path: str, table: dict[str, Any] | None,
                problem: str) -> tuple[HugoSettings, tuple[str, ...]]:
    """The settings refgraph uses, and a note for each one it could not understand."""
    if table is None:
        return HugoSettings(), (f"{path}: {problem}; Hugo's defaults are used",)
    notes: list[str] = []
    content_dir = _get(table, "contentDir")
    if not isinstance(content_dir, str) or not content_dir.strip("/"):
        if content_dir is not None:
            notes.append(f"{path}: contentDir {content_dir!r} is not a folder; 'content' is used")
        content_dir = "content"
    mounted = _content_mount(path, table, notes)
    base_url = _get(table, "baseURL")
    base_path = urlsplit(base_url).path.strip("/") if isinstance(base_url, str) else ""
    parser = _get(table, "markup", "goldmark", "parser")
    id_type = _get(parser, "autoHeadingIDType")
    if id_type is None:
        id_type = "github"
    elif id_type not in ID_TYPES:
        notes.append(f"{path}: autoHeadingIDType {id_type!r} is not one of "
                     f"{', '.join(ID_TYPES)}; 'github' is used")
        id_type = "github"
    title = _get(parser, "attribute", "title")
    permalinks = _permalinks(path, _get(table, "permalinks"), notes)
    if _get(table, "uglyURLs") is True:
        notes.append(f"{path}: uglyURLs is not read; pages are taken at their directory URLs")
    return HugoSettings(
        mounted or content_dir.strip("/"), base_path, id_type,
        title if isinstance(title, bool) else True,
        "module.mounts source" if mounted else "contentDir",
        _get(table, "disablePathToLower") is not True,
        definition_term_ids=(_get(parser, "autoDefinitionTermID") is True and _get(
            table, "markup", "goldmark", "extensions", "definitionList") is not False),
        permalinks=permalinks, themes=_themes(_get(table, "theme"))), tuple(notes)


def _themes(value: object) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(n.strip("/") for n in names if isinstance(n, str) and n.strip("/"))


def _permalinks(path: str, value: object, notes: list[str]) -> dict[str, str]:
    """`permalinks` per section, from `[permalinks]` or its `[permalinks.page]` table
    (Hugo 0.120 on); a section's own page (`[permalinks.section]`) is not read."""
    if not isinstance(value, dict):
        return {}
    page = _get(value, "page")
    table = page if isinstance(page, dict) else value
    if isinstance(_get(value, "section"), dict):
        notes.append(f"{path}: permalinks.section is not read; section pages are taken at "
                     "their usual URLs")
    return {str(k).strip("/"): v for k, v in table.items() if isinstance(v, str)}
