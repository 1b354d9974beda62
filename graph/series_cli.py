"""`refgraph series`: each series refgraph found, how it found it, its posts in order with
their place, its index and plan; what a user checks before trusting a series finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from graph.cli_reading import directory_option, locate, read_options, reading
from posts.series import Series


@click.command(name="series")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@directory_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: refgraph.toml, else pyproject.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@read_options
def show_series(path: Path | None, start: Path | None, config_file: Path | None,
                fmt: str) -> None:
    """Show the series of the project PATH is in (default: the current directory; its root
    found as `check` finds it): each one's name, how it was found (folder, dates,
    front-matter, titles, navigation, config), its posts in reading order with their
    place, its index and its plan.

    Exit codes: 0 shown, 2 usage or configuration error.
    """
    from graph.api import load_graph
    from graph.cli import _config  # graph.cli imports this module

    project = locate(start, (path,) if path is not None else ())
    config = _config(project, config_file, (), ())
    g = load_graph(project.root, config, reading())
    found: tuple[Series, ...] = g.graph["all_series"]
    found = tuple(s for s in found if s.posts or s.index or s.plan)
    if fmt == "json":
        click.echo(json.dumps([series_json(s) for s in found], indent=2, sort_keys=True,
                              ensure_ascii=False))
    else:
        click.echo(series_text(found))


def series_json(series: Series) -> dict[str, Any]:
    return {"name": series.name, "found_by": series.found_by, "index": series.index,
            "plan": series.plan,
            "posts": [{"file": p.file, "place": p.place.label()} for p in series.posts]}


def series_text(found: tuple[Series, ...]) -> str:
    """One block per series: a header line, then a post a line, place and file in columns."""
    lines: list[str] = []
    for series in found:
        about = [f"found by {series.found_by}",
                 f"index {series.index}" if series.index else "no index",
                 f"plan {series.plan}" if series.plan else "no plan"]
        if series.listed_in:
            about.append(f"listed in {series.listed_in}"
                         + (f" after {series.follows}" if series.follows else ", first"))
        lines.append(f"{series.name} ({'; '.join(about)})")
        width = max((len(p.place.label()) for p in series.posts), default=0)
        lines += [f"  {p.place.label():<{width}}  {p.file}" for p in series.posts]
    posts = sum(len(s.posts) for s in found)
    lines.append(f"Found {len(found):,} series, {posts:,} post{'s' if posts != 1 else ''}."
                 if found else "Found no series.")
    return "\n".join(lines)
