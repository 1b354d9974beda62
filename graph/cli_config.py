"""`refgraph config`: the settings in effect, where each came from, and what layout
detection found of the series, so a user can see what refgraph understood before trusting
a finding. It parses the files (through the cache) only because series discovery reads
titles and front matter; it runs no check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from graph.cli_reading import directory_option, locate, read_options, reading
from graph.settings import SeriesFound, SeriesSource


@click.command(name="config")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@directory_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: refgraph.toml, else pyproject.toml).")
@click.option("--select", multiple=True, help="As for `check`: shown as set on the command line.")
@click.option("--ignore", multiple=True, help="As for `check`.")
@click.option("--fail-on", type=click.Choice(("error", "warning", "info", "never")),
              help="As for `check`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@read_options
def show_config(path: Path | None, start: Path | None, config_file: Path | None,
                select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
                fmt: str) -> None:
    """Show the settings in effect for the project PATH is in (default: the current
    directory; its root found as `check` finds it), where each came from (default, file
    and line, command line), the series, index and plan the single-series keys give, and
    each series found (by discovery or `[[series]]` tables) with where its index and plan
    came from.

    Exit codes: 0 shown, 2 usage or configuration error.
    """
    from docs_index.sites import as_json, describe
    from graph.api import list_files, load_graph
    from graph.cli import _config  # graph.cli imports this module
    from graph.settings import series_sources, settings_in_effect

    project = locate(start, (path,) if path is not None else ())
    config = _config(project, config_file, select, ignore, fail_on)
    # listed and detected once; discovery reads titles and front matter, so the series
    # take a parse (cached)
    listed = list_files(project.root, config)
    g = load_graph(project.root, config, reading(), listed=listed)
    series = g.graph["series"]
    rows = settings_in_effect(config)
    found = series_sources(config, g.graph["all_series"], series)
    roots = listed[1]
    # a generic site is made by its settings, so they are where it comes from
    origin = next((config.origins[k] for k in ("site", "site-root", "implied-extension")
                   if k in config.origins), "default" if len(roots) == 1 else "detected")
    if fmt == "json":
        click.echo(json.dumps({
            "configuration": config.source or None,
            "settings": {key: {"value": _plain(value), "from": origin}
                         for key, value, origin in rows},
            "series": _series_json(series),
            "all_series": [_source_json(s) for s in found],
            "site": {"name": describe(roots), "from": origin, "sites": as_json(roots)},
        }, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(_text(config.source, rows, series, f"{describe(roots)} ({origin})",
                         len(config.series), found))
    for warning in g.graph["setting_warnings"]:
        click.echo(warning, err=True)


def _text(source: str, rows: list[tuple[str, Any, str]], series: SeriesFound,
          site: str, tables: int = 0, found: list[SeriesSource] | None = None) -> str:
    """The settings as TOML that could be pasted into refgraph.toml, each with its origin
    as a comment; then the series as found: the single-series keys' layout, and each
    series when there are several or tables name them."""
    assignments = [f"{key} = {_toml(value)}" for key, value, _ in rows]
    width = max(map(len, assignments)) + 2
    layout = series.layout
    count = len(series.posts)
    lines = [f"# configuration: {source or 'none (defaults)'}",
             *(f"{line:<{width}}# {origin}" for line, (_, _, origin) in zip(assignments, rows,
                                                                              strict=True)),
             "",
             f"# series: {_found_by(series, tables, len(found or []))}",
             f"# posts: {layout.posts}, {count:,} file{'s' if count != 1 else ''}",
             f"# index: {layout.index} ({'found' if series.index_exists else 'not found'})",
             f"# plan: {layout.plan} ({'found' if series.plan_exists else 'not found'})",
             *_series_lines(found or [], tables),
             f"# site: {site}"]
    return "\n".join(lines)


def _series_lines(found: list[SeriesSource], tables: int) -> list[str]:
    """One block per series; none when the single-series lines above already say it."""
    if not tables and len(found) < 2:
        return []
    lines = [f"# series found: {len(found)} (their posts in order: `refgraph series`)"]
    for s in found:
        how = f"found by {s.found_by}" + (f" ({s.how})" if s.how != s.found_by else "")
        lines += [f"#   {s.name}: {how}, {s.posts:,} post{'s' if s.posts != 1 else ''}",
                  f"#     index: {s.index or 'none'} ({s.index_from})",
                  f"#     plan: {s.plan or 'none'} ({s.plan_from})"]
    return lines


def _source_json(s: SeriesSource) -> dict[str, Any]:
    return {"name": s.name, "found_by": s.found_by, "how": s.how, "posts": s.posts,
            "index": {"path": s.index, "from": s.index_from},
            "plan": {"path": s.plan, "from": s.plan_from}}


_FOUND_BY = {"configured": "as configured", "default": "the default layout",
             "detected": "detected (the folder with the most numbered Markdown files; "
                         "all series: `refgraph series`)"}


def _found_by(series: SeriesFound, tables: int, found: int = 0) -> str:
    """How the series shown was found; `[[series]]` tables, or several series found by
    discovery, replace the single-series layout, whose lines then say what the keys alone
    would give."""
    if tables:
        return (f"{tables} [[series]] table{'s' if tables != 1 else ''} (`refgraph series` "
                "shows their posts); without them:")
    if found > 1:
        return f"{found} found (below); the single-series keys alone would give:"
    return _FOUND_BY[series.found_by]


def _series_json(series: SeriesFound) -> dict[str, Any]:
    layout = series.layout
    return {"found_by": series.found_by,
            "posts": {"pattern": layout.posts, "files": list(series.posts)},
            "index": {"path": layout.index, "exists": series.index_exists},
            "plan": {"path": layout.plan, "exists": series.plan_exists}}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _toml(value: Any) -> str:
    """A setting's value written as TOML. By hand: the standard library reads TOML but does
    not write it, and the values here are only strings, numbers, lists of strings and one
    table of strings; a JSON string is a valid TOML basic string."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {_toml(v)}" for k, v in sorted(value.items()))
        return f"{{ {inner} }}" if inner else "{}"
    return repr(value)
