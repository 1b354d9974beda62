"""`refgraph config`: the settings in effect, where each came from, and what layout
detection found of the series, so a user can see what refgraph understood before trusting
a finding. It lists the files but parses none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from graph.cli_reading import directory_option, locate
from graph.settings import SeriesFound


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
def show_config(path: Path | None, start: Path | None, config_file: Path | None,
                select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
                fmt: str) -> None:
    """Show the settings in effect for the project PATH is in (default: the current
    directory; its root found as `check` finds it), where each came from (default, file
    and line, command line), and the series, index and plan detected.

    Exit codes: 0 shown, 2 usage or configuration error.
    """
    from docs_index.corpus import list_corpus
    from docs_index.sites import as_json, describe, detect
    from graph.build import detect_layout
    from graph.cli import _config  # graph.cli imports this module
    from graph.config import generic_site
    from graph.settings import series_found, setting_warnings, settings_in_effect

    project = locate(start, (path,) if path is not None else ())
    config = _config(project, config_file, select, ignore, fail_on)
    listing = list_corpus(project.root, config.exclude, config.roots)
    series = series_found(config, detect_layout(config, listing.files), listing.files)
    rows = settings_in_effect(config)
    roots = detect(project.root, listing.files, config.site, generic_site(config))
    # a generic site is made by its settings, so they are where it comes from
    origin = next((config.origins[k] for k in ("site", "site-root", "implied-extension")
                   if k in config.origins), "default" if len(roots) == 1 else "detected")
    if fmt == "json":
        click.echo(json.dumps({
            "configuration": config.source or None,
            "settings": {key: {"value": _plain(value), "from": origin}
                         for key, value, origin in rows},
            "series": _series_json(series),
            "site": {"name": describe(roots), "from": origin, "sites": as_json(roots)},
        }, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(_text(config.source, rows, series, f"{describe(roots)} ({origin})",
                         len(config.series)))
    for warning in setting_warnings(config, series, listing.markdown):
        click.echo(warning, err=True)


def _text(source: str, rows: list[tuple[str, Any, str]], series: SeriesFound,
          site: str, tables: int = 0) -> str:
    """The settings as TOML that could be pasted into refgraph.toml, each with its origin
    as a comment; then the series as found."""
    assignments = [f"{key} = {_toml(value)}" for key, value, _ in rows]
    width = max(map(len, assignments)) + 2
    layout = series.layout
    count = len(series.posts)
    lines = [f"# configuration: {source or 'none (defaults)'}",
             *(f"{line:<{width}}# {origin}" for line, (_, _, origin) in zip(assignments, rows,
                                                                              strict=True)),
             "",
             f"# series: {_found_by(series, tables)}",
             f"# posts: {layout.posts}, {count:,} file{'s' if count != 1 else ''}",
             f"# index: {layout.index} ({'found' if series.index_exists else 'not found'})",
             f"# plan: {layout.plan} ({'found' if series.plan_exists else 'not found'})",
             f"# site: {site}"]
    return "\n".join(lines)


_FOUND_BY = {"configured": "as configured", "default": "the default layout",
             "detected": "detected (the folder with the most numbered Markdown files; "
                         "all series: `refgraph series`)"}


def _found_by(series: SeriesFound, tables: int) -> str:
    """How the series shown was found; `[[series]]` tables replace the single-series
    layout, whose lines then say what the keys alone would give."""
    if tables:
        return (f"{tables} [[series]] table{'s' if tables != 1 else ''} (`refgraph series` "
                "shows their posts); without them:")
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
