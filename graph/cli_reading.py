"""Options shared by every command that reads a corpus: how files are read (cache, worker
processes), never what is found in them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
import networkx as nx

from graph.api import ReadOptions, default_cache_dir, default_jobs
from graph.project import Project, ProjectError, find_project


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> object:
    ctx.meta[f"refgraph.{param.name}"] = value
    return value


def read_options(command: Callable[..., None]) -> Callable[..., None]:
    """--cache-dir, --no-cache, --jobs: how files are read, never what is found. Kept in
    `ctx.meta` for `reading()` rather than passed to every command."""
    for option in reversed((
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     expose_value=False, callback=_remember,
                     help="Cache parse results here [default: $REFGRAPH_CACHE_DIR, else the "
                          "user cache directory, e.g. ~/.cache/refgraph]."),
        click.option("--no-cache", is_flag=True, expose_value=False, callback=_remember,
                     help="Parse every file; read and write no cache."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), expose_value=False,
                     callback=_remember,
                     help="Processes that parse files [default: one per core]."),
    )):
        command = option(command)
    return command


def reading() -> ReadOptions:
    """The `ReadOptions` the current command was given."""
    meta = click.get_current_context().meta
    cache_dir = None if meta.get("refgraph.no_cache") else (
        meta.get("refgraph.cache_dir") or default_cache_dir())
    return ReadOptions(cache_dir, meta.get("refgraph.jobs") or default_jobs())


def say_cache_problem(g: nx.MultiDiGraph) -> None:
    """A cache that could not be written, or was not used because others can write it, is
    said once on standard error; the run went on."""
    cache = g.graph.get("cache")
    if cache is not None and cache.refused:
        click.echo(f"refgraph: cache not used: {cache.refused}", err=True)
    elif cache is not None and cache.problem:
        click.echo(f"refgraph: cache not written: {cache.problem}", err=True)


def directory_option(command: Callable[..., None]) -> Callable[..., None]:
    """-C DIR, the same on every command (as git -C and make -C): work as if started in
    DIR. PATHs given are taken from there, and the project root is looked for from there.
    (`--root` is the name `refgraph paths -C` had before it meant this.)"""
    return click.option(
        "-C", "--directory", "--root", "start", metavar="DIR",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Run as if started in DIR: PATHs are relative to it, and the project root "
             "(refgraph.toml, pyproject.toml with [tool.refgraph], else the git root) is "
             "looked for from there.")(command)


def locate(start: Path | None, paths: tuple[Path, ...]) -> Project:
    """The project root and what to check in it, or a usage error (exit 2)."""
    try:
        return find_project(paths, start)
    except ProjectError as err:
        raise click.BadParameter(str(err), param_hint="PATH") from None
