"""What a run was told and what it found of the series: settings that match nothing (said
as warnings, since a glob that names no file is a typo more often than a wish), and, for
`refgraph config`, every setting in effect with where it came from."""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graph.build import Layout, post_matcher
from graph.config import Config
from posts.series import Series


@dataclass(frozen=True)
class SeriesFound:
    """What layout detection settled on, and what of it exists."""

    layout: Layout
    found_by: str
    """`configured`, `default`, or `detected` (the folder with the most numbered files)."""
    posts: tuple[str, ...]
    index_exists: bool
    plan_exists: bool


def series_found(config: Config, layout: Layout, files: frozenset[str]) -> SeriesFound:
    matches = post_matcher(layout)
    if "posts" in config.explicit:
        found_by = "configured"
    elif layout.posts == config.posts:
        found_by = "default"
    else:
        found_by = "detected"
    return SeriesFound(layout, found_by, tuple(sorted(f for f in files if matches(f))),
                       layout.index in files, layout.plan in files)


def setting_warnings(config: Config, series: SeriesFound,
                     markdown: Iterable[str]) -> list[str]:
    """One line per setting that matches nothing, naming the key and its line."""
    def where(key: str) -> str:
        return config.origins.get(key, config.source or "settings")

    warnings: list[str] = []
    skipped = "; the series rules (RG3xx, RG4xx) are skipped"
    layout = series.layout
    if not series.posts:
        if "posts" in config.explicit:
            warnings.append(f"{where('posts')}: warning: posts {layout.posts!r} matches no "
                            f"file{skipped}")
        elif series.index_exists or series.plan_exists:
            found = layout.index if series.index_exists else layout.plan
            warnings.append(f"refgraph: warning: {found} is there but no post is: posts "
                            f"{layout.posts!r} (the default) matches no file{skipped}; set "
                            f"posts in refgraph.toml")
    for key, path, exists in (("index", layout.index, series.index_exists),
                              ("plan", layout.plan, series.plan_exists)):
        if key in config.explicit and not exists:
            warnings.append(f"{where(key)}: warning: {key} {path!r} matches no file")
    checked = tuple(markdown)
    for root in config.roots:
        bound = root.strip("/")
        if not any(bound in ("", ".") or f == bound or f.startswith(f"{bound}/")
                   for f in checked):
            warnings.append(f"{where('roots')}: warning: roots entry {root!r} holds no "
                            f"Markdown file")
    return warnings


def settings_in_effect(config: Config) -> list[tuple[str, Any, str]]:
    """Each setting as `(key as written in the file, value, where it came from)`."""
    rows: list[tuple[str, Any, str]] = []
    for item in dataclasses.fields(Config):
        if item.name in ("explicit", "source", "origins", "series"):  # series: `refgraph series`
            continue
        key = item.name.replace("_", "-")
        rows.append((key, getattr(config, item.name), config.origins.get(key, "default")))
    return rows


@dataclass(frozen=True)
class SeriesSource:
    """One series as `refgraph config` shows it: what it is and where each part came from
    (its posts in order are `refgraph series`' to show)."""

    name: str
    found_by: str
    """One of `posts.series.FOUND_BY`."""
    how: str
    """How it was found, said for a reader: `[[series]] at refgraph.toml:7`, `folder`."""
    posts: int
    index: str | None
    index_from: str
    """`refgraph.toml:3`, `default`, `beside its posts`, `not found`..."""
    plan: str | None
    plan_from: str


def series_sources(config: Config, found: Sequence[Series],
                   single: SeriesFound) -> list[SeriesSource]:
    """Each series the run found, with where its index and plan came from: the
    configuration line that names them, or where discovery found them. `single`: what the
    single-series keys settled on, for the series they make."""
    tables = {table.name: table for table in config.series}
    rows: list[SeriesSource] = []
    for series in found:
        files = [p.file for p in series.posts]
        table = tables.get(series.name) if series.found_by == "config" else None
        if table is not None:
            how = f"[[series]] at {table.at}"
            index_from = table.at if table.index else "not set"
            plan_from = table.at if table.plan else _where_found(series.plan, files,
                                                                  series.index)
            if table.index and series.index is None:
                index_from = f"{table.index} not found; {table.at}"
            if table.plan and series.plan is None:
                plan_from = f"{table.plan} not found; {table.at}"
        elif series.legacy:
            how = {"configured": f"posts at {config.origins.get('posts', 'settings')}",
                   "default": "the default layout",
                   "detected": "the folder with the most numbered Markdown files"}[
                       single.found_by]
            index_from, plan_from = (
                config.origins.get(key, "default" if single.found_by != "detected"
                                   else "detected") for key in ("index", "plan"))
        else:
            how = series.found_by
            index_from = ("its site's navigation" if series.found_by == "navigation"
                          and series.index and not series.index.lower().endswith("readme.md")
                          else _where_found(series.index, files))
            plan_from = _where_found(series.plan, files)
        if series.plan is None and not (table is not None and table.plan):
            plan_from = "no BACKLOG.md, PLAN.md or ROADMAP.md beside it"
        rows.append(SeriesSource(series.name, series.found_by, how, len(files),
                                 series.index, index_from, series.plan, plan_from))
    return rows


def _where_found(path: str | None, posts: Sequence[str], index: str | None = None) -> str:
    """Where discovery found a series' index or plan, relative to its posts. Said from the
    paths, not re-derived: discovery (posts/discover.py) decides, this only describes."""
    if path is None:
        return "none found"
    folder = posixpath.dirname(path)
    first = posixpath.dirname(posts[0]) if posts else None
    if first == folder:
        return "beside its posts"
    if index is not None and index != path and posixpath.dirname(index) == folder:
        return "beside its index"
    if first is not None and (folder == "" or first.startswith(f"{folder}/")):
        return "in a folder above its posts"
    return "found"
