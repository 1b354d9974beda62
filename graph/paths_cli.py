"""`refgraph paths`: list, show, order, coverage, propose and apply reading paths (see
graph/design.py)."""

from __future__ import annotations

import difflib
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import click
import networkx as nx

from docs_index.files import read_regular
from graph.api import load_graph
from graph.checks.chains import all_series, is_legacy
from graph.cli_reading import (
    directory_option,
    locate,
    read_options,
    reading,
    say_cache_problem,
)
from graph.config import Config, ConfigError, load_config
from graph.design import (
    DesignError,
    PathDesign,
    coverage,
    describe_cycle,
    design,
    find_path,
    find_post,
    format_minutes,
    implied_order,
    index_of,
    path_series,
    paths_of,
    prerequisites,
    propose,
    relative,
)
from graph.findings import Finding
from graph.metro import MAP_FORMATS, render_map
from graph.output import write_atomic
from graph.paths_json import coverage_dict, order_dict, path_dict, show_dict
from graph.report.text import format_finding
from graph.rewrite import RewriteError, reorder_path, split_lines
from posts.series import Series

EXIT_OK, EXIT_NO_FIT, EXIT_USAGE = 0, 1, 2


class PathsProblem(click.ClickException):
    exit_code = EXIT_USAGE


@dataclass
class _Corpus:
    """What the group's options name; the corpus is read when a command first needs it, so
    `paths show --help` and a refused --format read nothing."""

    root: Path
    config_file: Path | None
    fmt: str
    series_name: str | None = None
    """`--series NAME`: the series a command is about, when the corpus has several."""

    @functools.cached_property
    def config(self) -> Config:
        from graph.checks import RULE_NAMES

        try:
            return load_config(self.root, self.config_file, RULE_NAMES)
        except ConfigError as err:
            raise PathsProblem(str(err)) from None

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        g = load_graph(self.root, self.config, reading())
        say_cache_problem(g)
        return g

    def indexed(self) -> nx.MultiDiGraph:
        """The graph, for a command about the index's reading paths (all but `propose`,
        which needs only posts): without the index, an error naming where it looked.
        With several series, each has its own index (and a course's README may hold
        paths too): they are all read."""
        g = self.graph
        self.selected()  # an unknown --series is refused before anything is printed
        layout = g.graph["layout"]
        if not is_legacy(g):
            return g
        if not g.has_node(layout.index) or not g.nodes[layout.index].get("exists"):
            raise PathsProblem(f"no index found: looked for {layout.index} under "
                               f"{self.root} ({self._why(layout.index)}); give the corpus "
                               "root with -C DIR, or set index = \"...\" in refgraph.toml")
        return g

    def selected(self) -> Series | None:
        """The series --series names (None without it); an unknown name is a usage error
        listing the names."""
        if self.series_name is None:
            return None
        found = all_series(self.graph)
        chosen = next((s for s in found if s.name == self.series_name), None)
        if chosen is None:
            raise PathsProblem(f"--series {self.series_name!r}: no such series; "
                               f"{_choose(found)}")
        return chosen

    def single(self) -> Series | None:
        """The one series a command needs: --series, else the corpus' only series (None
        in the single-series layout); several and no --series is a usage error."""
        chosen = self.selected()
        found = all_series(self.graph)
        if chosen is None and not is_legacy(self.graph) and len(found) > 1:
            raise PathsProblem(f"`paths {click.get_current_context().info_name}` is about "
                               f"one series, and this corpus has {len(found)}: "
                               f"{_choose(found)}")
        return chosen if chosen is not None else (found[0] if len(found) == 1 else None)

    def find_path(self, g: nx.MultiDiGraph, name: str) -> str:
        """A reading path by name, among those about --series when given; a name that
        reads as paths of several series is a usage error listing them."""
        candidates = paths_of(g, self.selected())
        try:
            return find_path(g, name, candidates)
        except DesignError as err:
            series = sorted({path_series(g, p) or index_of(g, p) for p in err.candidates})
            if len(series) > 1:
                raise PathsProblem(f"{name!r} is a reading path of several series "
                                   f"({', '.join(series)}): choose one with --series NAME"
                                   ) from None
            raise PathsProblem(str(err)) from None

    def _why(self, index: str) -> str:
        if "index" in self.config.explicit:
            return f"the index set in {self.config.source}"
        if index != self.config.index:
            return "the README beside the numbered posts"
        return "the default; no folder of numbered posts was found"

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """Only the path list shows findings; the other commands need the graph alone."""
        from graph.checks import run_checks

        return run_checks(self.graph, self.config)


def _choose(found: tuple[Series, ...]) -> str:
    if not found:
        return "no series was found (`refgraph series` shows what was)"
    return f"choose one with --series NAME: {', '.join(s.name for s in found)}"


def _no_paths(g: nx.MultiDiGraph, corpus: _Corpus) -> str:
    """What the list (or the map) says when there is no reading path to show."""
    if is_legacy(g):
        return f"{g.graph['layout'].index} has no reading paths"
    if corpus.series_name:
        return f"no index has a reading path about series {corpus.series_name}"
    return f"none of the indexes of the {len(all_series(g))} series has reading paths"


def _minutes(value: float | None) -> str:
    return "n/a" if value is None else format_minutes(value)


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _findings_on(path: PathDesign, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.loc.path == path.index
            and path.loc.line <= f.loc.line <= path.last_line]


def _corpus(ctx: click.Context, formats: tuple[str, ...] = ("text",)) -> _Corpus:
    """The group's corpus, after refusing a --format this command cannot print."""
    corpus: _Corpus = ctx.obj
    if corpus.fmt not in formats:
        raise click.UsageError(f"--format {corpus.fmt}: `paths {ctx.info_name}` prints "
                               f"{' or '.join(formats)}")
    return corpus


def _json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True,
                          allow_nan=False))


def _find_post(g: nx.MultiDiGraph, goal: str, chosen: Series | None) -> str:
    """The --to post, of --series when given; a number or name that several series have
    is a usage error listing them."""
    try:
        return find_post(g, goal, chosen)
    except DesignError as err:
        if chosen is None and not is_legacy(g):
            hits = [s.name for s in all_series(g) if _finds(g, goal, s)]
            if len(hits) > 1:
                raise PathsProblem(f"--to {goal!r} is a post of several series "
                                   f"({', '.join(hits)}): choose one with --series NAME"
                                   ) from None
        raise PathsProblem(str(err)) from None


def _finds(g: nx.MultiDiGraph, goal: str, series: Series) -> bool:
    try:
        find_post(g, goal, series)
    except DesignError:
        return False
    return True


def _resolve(call, *args):  # type: ignore[no-untyped-def]
    try:
        return call(*args)
    except DesignError as err:
        raise PathsProblem(str(err)) from None


class _PathsGroup(click.Group):
    """`refgraph paths [PATH] [COMMAND]`: a PATH before the command, as `check PATH` takes
    one, when it cannot be read as a command: the first word after the group's options
    that names no command but an existing file or folder (a folder named like a command
    needs -C DIR, or `./show`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given, rest, _ = self.make_parser(ctx).parse_args(args=list(args))
        if (rest and rest[0] not in self.commands and not rest[0].startswith("-")
                and (Path(given.get("start") or ".") / rest[0]).exists()):
            ctx.meta["refgraph.paths_path"] = Path(rest[0])
            at = len(args) - len(rest)
            args = [*args[:at], *args[at + 1:]]
        return super().parse_args(ctx, args)


@click.group(cls=_PathsGroup, invoke_without_command=True,
             subcommand_metavar="[PATH] [COMMAND [ARGS]...]")
@directory_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: refgraph.toml, else pyproject.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", *MAP_FORMATS]),
              default="text", show_default=True, help="Format of the path list.")
@click.option("--series", "series_name", metavar="NAME",
              help="The series to work on, when the corpus has several (`refgraph series` "
                   "lists them).")
@read_options
@click.pass_context
def paths(ctx: click.Context, start: Path | None, config_file: Path | None, fmt: str,
          series_name: str | None) -> None:
    """List the index's reading paths: steps, stated and computed time, posts and docs
    covered, findings. Subcommands: show, order, coverage, propose, apply.

    --format: the list and `show`, `order`, `coverage` print text or json; the list also
    markdown; the list and `show` also draw a metro map, as a Mermaid flowchart in a fenced
    block (mermaid) or a standalone SVG file (svg); `propose` prints a Markdown list (text
    or markdown); `apply` prints text.

    With several series, the list shows the paths of every index (of one series, and
    the paths stepping into it, with --series); `coverage` needs --series; a path name
    or post number found in several series asks for it.

    PATH (before the command; default: the current directory) is a folder of the
    project: its root is found as `check` finds it.
    """
    path = ctx.meta.get("refgraph.paths_path")
    ctx.obj = _Corpus(locate(start, (path,) if path else ()).root, config_file, fmt,
                      series_name)
    if ctx.invoked_subcommand is None:
        click.echo(_list(ctx.obj, fmt), nl=False)


def _list(corpus: _Corpus, fmt: str) -> str:
    g, speed = corpus.indexed(), corpus.config.reading_speed
    chosen = paths_of(g, corpus.selected())
    if fmt in MAP_FORMATS:  # no text in place of a picture: a map of nothing is refused
        if not chosen:
            raise PathsProblem(f"{_no_paths(g, corpus)} to draw")
        text, notes = render_map(g, chosen, fmt, corpus.root.name, speed)
        for note in notes:
            click.echo(note, err=True)
        return text
    designs = [design(g, p, speed) for p in chosen]
    if fmt == "json":
        return json.dumps([path_dict(d, _findings_on(d, corpus.findings)) for d in designs],
                          indent=2, ensure_ascii=False, sort_keys=True,
                          allow_nan=False) + "\n"
    if not designs:
        return (f"{_no_paths(g, corpus)} (a \"Reading Paths\" heading with a sub-heading "
                "and a list of links per path).\n")
    if fmt == "markdown":
        rows = ["| Path | Steps | Stated | By index lengths | By words | Posts | Docs | Findings |",
                "|---|---:|---:|---:|---:|---:|---:|---:|"]
        rows += [f"| {d.title.replace('|', '&#124;')} | {len(d.steps)} | "
                 f"{_minutes(d.stated_minutes)} | {_minutes(d.by_index)} | "
                 f"{_minutes(d.by_words)} | {len(d.posts)} | {len(d.docs)} | "
                 f"{len(_findings_on(d, corpus.findings))} |" for d in designs]
        return "\n".join(rows) + "\n"
    out = []
    for d in designs:
        of = f", series {d.series}" if d.series and not is_legacy(g) else ""
        out.append(f"{d.title} ({d.loc.path}:{d.loc.line}{of})")
        by_index = (f"{_minutes(d.by_index)} by index lengths" if d.by_index is not None
                    else "index lengths not stated for every post")
        out.append(f"  time: stated {_minutes(d.stated_minutes)}; computed {by_index}, "
                   f"{_minutes(d.by_words)} by word count ({d.words:,} words at "
                   f"{corpus.config.reading_speed} wpm)")
        for s in d.steps:
            kind = "" if s.kind == "post" else f" ({s.kind})"
            out.append(f"  {s.order}. {relative(s.node, d.index) if s.node else s.text}{kind}")
        out.append(f"  covers {_plural(len(d.posts), 'post')}, {_plural(len(d.docs), 'doc')}"
                   + (f": {', '.join(d.docs)}" if d.docs else ""))
        found = _findings_on(d, corpus.findings)
        out += [f"  finding: {format_finding(f)}" for f in found] or ["  no findings"]
        out.append("")
    return "\n".join(out)


@paths.command()
@click.argument("name")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """NAME step by step, with each step's prerequisites and whether they come earlier."""
    corpus = _corpus(ctx, ("text", "json", *MAP_FORMATS))
    g = corpus.indexed()
    if corpus.fmt in MAP_FORMATS:
        path = corpus.find_path(g, name)
        text, notes = render_map(g, [path], corpus.fmt, g.nodes[path]["title"],
                                 corpus.config.reading_speed)
        for note in notes:
            click.echo(note, err=True)
        click.echo(text, nl=False)
        return
    d = design(g, corpus.find_path(g, name), corpus.config.reading_speed)
    if corpus.fmt == "json":
        _json(show_dict(g, d))
        return
    position = {}
    for s in d.steps:
        if s.node:
            position.setdefault(s.node, s.order)
    lines = [f"{d.title} ({d.loc.path}:{d.loc.line}): {len(d.steps):,} steps, stated "
             f"{_minutes(d.stated_minutes)}, {_minutes(d.by_index)} by index lengths, "
             f"{_minutes(d.by_words)} by word count"]
    for s in d.steps:
        name_ = relative(s.node, d.index) if s.node else s.text
        title = g.nodes[s.node].get("title") if s.node else ""
        lines.append(f"{s.order}. {name_}" + (f" - {title}" if title else "")
                     + f" [{s.kind}, {_minutes(s.minutes)}]")
        if s.kind != "post":
            continue
        pres = prerequisites(g, s.node)
        if not pres:
            lines.append("   needs no other post")
        for pre in pres:
            at = position.get(pre.post)
            where = ("not in this path" if at is None
                     else f"step {at}, earlier" if at < s.order else f"step {at}, LATER")
            lines.append(f"   needs {relative(pre.post, d.index)} ({pre.how} it at {pre.loc}):"
                         f" {where}")
    click.echo("\n".join(lines))


@paths.command()
@click.argument("name")
@click.pass_context
def order(ctx: click.Context, name: str) -> None:
    """The order NAME's prerequisites imply (ties keep the author's order)."""
    corpus = _corpus(ctx, ("text", "json"))
    g = corpus.indexed()
    path = corpus.find_path(g, name)
    ordering = implied_order(g, path, corpus.config.reading_speed)
    index = index_of(g, path)
    by_order = {s.order: s for s in ordering.steps}
    title = g.nodes[path]["title"]
    if corpus.fmt == "json":
        _json(order_dict(title, path, ordering, path_series(g, path)))
        return
    head = ("its prerequisites form a cycle; the best order" if ordering.cycles
            else "already in the order its prerequisites imply" if not ordering.changed
            else "in the order its prerequisites imply")
    lines = [f"{title}: {head}"]
    for n, o in enumerate(ordering.order, 1):
        s = by_order[o]
        moved = "" if n == o else f" (now step {o})"
        lines.append(f"{n}. {relative(s.node, index) if s.node else s.text}{moved}")
    for cycle in ordering.cycles:
        lines.append(f"cycle: {describe_cycle(cycle, index)}; no order satisfies these, so "
                     "they keep the author's order: drop one citation or prerequisite")
    click.echo("\n".join(lines))


@paths.command(name="coverage")
@click.pass_context
def coverage_command(ctx: click.Context) -> None:
    """Posts no path reaches, docs no path's posts cite, what each path skips."""
    corpus = _corpus(ctx, ("text", "json"))
    g = corpus.indexed()
    cov = coverage(g, corpus.config.reading_speed, corpus.single())
    if corpus.fmt == "json":
        _json(coverage_dict(cov))
        return
    of = f" of {cov.series}" if cov.series and not is_legacy(g) else ""
    lines = [f"Posts{of} no reading path reaches ({len(cov.unreached):,}):"]
    lines += [f"  {p}" for p in cov.unreached] or ["  none"]
    lines.append(f"Docs no reading path's posts cite ({len(cov.uncited_docs):,}):")
    lines += [f"  {p}" for p in cov.uncited_docs] or ["  none"]
    for title, skipped in cov.skipped.items():
        lines.append(f"{title}: skips {len(skipped):,} posts of the series"
                     + (f": {', '.join(skipped)}" if skipped else ""))
        for pre, needer in cov.missing_prerequisites[title]:
            lines.append(f"  missing prerequisite: {pre} (needed by {needer})")
    click.echo("\n".join(lines))


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """FloatRange lets `nan` through (no comparison holds) and `inf` is no budget: both
    would reach the JSON and text reports as numbers that are not."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of minutes")
    return value


@paths.command(name="propose")
@click.option("--to", "goal", required=True, help="The post the path leads to.")
@click.option("--budget", type=click.FloatRange(min=0), callback=_finite,
              help="Time budget in minutes.")
@click.option("--audience", help="An existing reading path to adapt (its order breaks ties).")
@click.pass_context
def propose_command(ctx: click.Context, goal: str, budget: float | None,
                    audience: str | None) -> None:
    """The shortest prerequisite-closed reading order ending at --to, as a Markdown list.

    Exit code 1 when it does not fit --budget.
    """
    corpus = _corpus(ctx, ("text", "markdown"))
    g = corpus.graph
    chosen = corpus.selected()
    post = _find_post(g, goal, chosen)
    if audience and not is_legacy(g):  # a name several series' indexes share asks which
        audience = corpus.find_path(g, audience)
    proposal = _resolve(propose, g, post, corpus.config.reading_speed, budget, audience)
    layout = g.graph.get("layout")
    index = layout.index if layout is not None and layout.index in g else post
    if not is_legacy(g):  # links written as they would be in the goal's series' index
        index = next((s.index for s in all_series(g) if post in s.files() and s.index),
                     post)
    for n, (step, minutes, why) in enumerate(proposal.steps, 1):
        title = g.nodes[step].get("title") or step
        click.echo(f"{n}. [{title}]({relative(step, index)}) - {why}, ~{_minutes(minutes)}")
    total = f"{_plural(len(proposal.steps), 'post')}, ~{_minutes(proposal.minutes)}"
    if any(g.nodes[step].get("stated_minutes") is None for step, _, _ in proposal.steps):
        total += f" (word counts at {corpus.config.reading_speed} wpm where the index " \
                 "states no length)"
    notes = []
    if proposal.audience:
        notes.append(f"adapts '{proposal.audience}': adds "
                     f"{', '.join(proposal.added) or 'nothing'}; drops "
                     f"{', '.join(proposal.dropped) or 'nothing'}")
    for cycle in proposal.cycles:
        notes.append(f"the prerequisites of {', '.join(cycle)} form a cycle; their series "
                     "order is kept")
    if not proposal.fits:
        click.echo("\n".join([*notes, f"no prerequisite-closed path to {post} fits "
                              f"{_minutes(proposal.budget)}: the shortest is the one above, "
                              f"{total}"]), err=True)
        ctx.exit(EXIT_NO_FIT)
    click.echo("\n".join([*notes, f"{total}"
                          + (f", within {_minutes(budget)}" if budget is not None else "")]),
               err=True)


@paths.command(name="apply")
@click.argument("name")
@click.option("--order", "reorder", is_flag=True,
              help="Put the path's steps in the order their prerequisites imply.")
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@click.pass_context
def apply_command(ctx: click.Context, name: str, reorder: bool, dry_run: bool) -> None:
    """Rewrite NAME's list in the index (only with --order; atomically)."""
    if not reorder:
        raise click.UsageError("say what to apply: --order")
    corpus = _corpus(ctx)
    g = corpus.indexed()
    path = corpus.find_path(g, name)
    ordering = implied_order(g, path, corpus.config.reading_speed)
    index = index_of(g, path)
    title = g.nodes[path]["title"]
    if ordering.cycles:
        raise PathsProblem(f"'{title}' cannot be ordered: its prerequisites form a cycle "
                           "(see `refgraph paths order`)")
    if not ordering.changed:
        click.echo(f"'{title}' is already in the order its prerequisites imply", err=True)
        return
    file = corpus.root / index
    try:
        # the index may have been replaced since the analysis read it: a FIFO put there
        # would block a plain read forever, a device never end
        raw = read_regular(file, corpus.config.max_file_size)
    except OSError as err:
        raise PathsProblem(f"{index}: cannot read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8")
        position = {s.order: n for n, s in enumerate(ordering.steps)}
        new = reorder_path(index, text, g.nodes[path].get("slug", path.removeprefix("path:")),
                           [(s.target, s.text, s.lines) for s in ordering.steps],
                           [position[o] for o in ordering.order])
    except (UnicodeDecodeError, RewriteError) as err:
        raise PathsProblem(f"{index}: {err}") from None
    if dry_run:
        diff = difflib.unified_diff(split_lines(text), split_lines(new), f"a/{index}", f"b/{index}")
        click.echo("".join(diff), nl=False)
        return
    write_atomic(file, new)
    click.echo(f"reordered '{title}' in {index}", err=True)
