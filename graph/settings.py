"""What a run was told and what it found of the series: settings that match nothing (said
as warnings, since a glob that names no file is a typo more often than a wish), and, for
`refgraph config`, every setting in effect with where it came from."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.build import Layout, post_matcher
from graph.config import Config


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
