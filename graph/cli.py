"""The `refgraph` command. Thin: options → config → analyze → a reporter."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docs_index.corpus import list_corpus
from graph.api import Analysis, analyze
from graph.baseline import BaselineError, baseline_text
from graph.checks import RULE_NAMES
from graph.cli_config import show_config
from graph.cli_reading import (
    directory_option,
    locate,
    read_options,
    reading,
    say_cache_problem,
)
from graph.cli_rules import explain, list_rules, schema
from graph.config import FAIL_ON_CHOICES, Config, ConfigError, load_config
from graph.diffbase import DiffBaseError
from graph.findings import Severity
from graph.incremental_run import analyze_incrementally
from graph.incremental_snapshot import SnapshotStore
from graph.output import write_atomic
from graph.paths_cli import paths
from graph.progress import Progress
from graph.project import Project, shown
from graph.report import FORMATS
from graph.report.github import step_summary
from graph.report.text import TextStyle, render_text, use_color
from graph.scope import scoped_report
from graph.series_cli import show_series
from graph.watch import KeptSnapshot, Stamps, stamps, watch

if TYPE_CHECKING:
    import networkx as nx

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class ConfigProblem(click.ClickException):
    """A configuration error: one line, exit 2 like any usage error."""

    exit_code = EXIT_USAGE


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select RG1,dangling-anchor --select rg3` → ('RG1', 'RG102', 'RG3'): ids, names and
    prefixes in any case, resolved as the configuration resolves them."""
    selectors = []
    for spelled in (v.strip() for value in values for v in value.split(",") if v.strip()):
        selector = RULE_NAMES.resolve_selector(spelled)
        if selector is None:
            raise click.BadParameter(RULE_NAMES.unknown(spelled), param_hint="--select/--ignore")
        selectors.append(selector)
    return tuple(selectors)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="refgraph")
def main() -> None:
    """refgraph: check a Markdown blog series and its docs as one graph."""


class _OrderedCommand(click.Command):
    """Remembers the order options were given in, so each `--output` can go with the
    `--format` before it (click keeps the values of a repeated option, not their order)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        ctx.meta["refgraph.order"] = [param.name for param in order]
        return super().parse_args(ctx, args)


def _outputs(order: list[str], formats: tuple[str, ...],
             outputs: tuple[Path, ...]) -> list[tuple[str, Path | None]]:
    """Pair each `--output FILE` with the `--format` given before it (with one format, in any
    order); formats without `--output` go to standard output."""
    def target(output: Path) -> Path | None:
        return None if str(output) == "-" else output  # `-o -`: standard output

    if len(formats) <= 1 and len(outputs) <= 1:
        return [(formats[0] if formats else "text", target(outputs[0]) if outputs else None)]
    pairs: list[tuple[str, Path | None]] = []
    bound: list[bool] = []
    next_format, next_output = iter(formats), iter(outputs)
    for name in order:
        if name == "fmt":
            pairs.append((next(next_format), None))
            bound.append(False)
        elif name == "output":
            if not pairs or bound[-1]:
                raise click.UsageError("each --output must follow the --format it is for, "
                                       "e.g. --format sarif --output refgraph.sarif")
            pairs[-1] = (pairs[-1][0], target(next(next_output)))
            bound[-1] = True
    files = [os.path.realpath(out) for _, out in pairs if out is not None]
    if len(set(files)) < len(files):
        raise click.UsageError("two --output options name the same file")
    on_stdout = [name for name, out in pairs if out is None]
    if len(on_stdout) > 1 and set(on_stdout) - {"text", "github"}:
        raise click.UsageError(f"{' and '.join(on_stdout)} cannot share standard output; "
                               "give --output FILE to all but one")
    return pairs


def _analyze(project: Project, config: Config, progress: Progress | None = None,
             reuse: bool = False, kept: KeptSnapshot | None = None) -> Analysis:
    """`analyze` as the command line runs it: with the cache and the worker processes; a
    cache that cannot be written is said once on standard error, and the run goes on; so
    is each setting that matches no file. Finding no Markdown at all is said too: an empty
    report would read as a clean one. `progress` shows how far a long run is. `reuse`:
    the findings of the last run when nothing changed (`graph.incremental_run`), for a
    command that needs no graph. `kept`: the graph is kept there for the next run
    (`check --watch`)."""
    read = dataclasses.replace(reading(), progress=progress)
    try:
        analysis = (analyze_incrementally(project.root, config, read, project.only,
                                          keep_graph=kept is not None, kept=kept) if reuse
                    else analyze(project.root, config, read, only=project.only))
    finally:
        if progress is not None:
            progress.close()
    say_cache_problem(analysis.graph)
    for line in (*analysis.graph.graph.get("site_lines", ()),
                 *analysis.graph.graph.get("setting_warnings", ())):
        click.echo(line, err=True)
    if analysis.stats.documents == 0:
        click.echo(f"refgraph: warning: no Markdown files to check in {shown(project)}",
                   err=True)
    return analysis


def corpus_options(command: Callable[..., None]) -> Callable[..., None]:
    """PATH..., -C, --config, --select, --ignore: what decides which findings a run has; and
    the `read_options`."""
    command = read_options(command)
    for option in reversed((
        # no exists=True: a PATH is relative to -C DIR, which click has not seen yet
        click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(path_type=Path)),
        directory_option,
        click.option("--config", "config_file",
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Configuration file (default: refgraph.toml, else pyproject.toml)."),
        click.option("--select", multiple=True,
                     help="Only these rule ids or prefixes (RG1,RG201)."),
        click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes."),
    )):
        command = option(command)
    return command


def _config(project: Project, config_file: Path | None, select: tuple[str, ...],
            ignore: tuple[str, ...], fail_on: str | None = None) -> Config:
    try:
        config = load_config(project.root, config_file, RULE_NAMES)
    except ConfigError as err:
        raise ConfigProblem(str(err)) from None
    origins = dict(config.origins)
    overrides: dict[str, object] = {"select": _split(select) or config.select,
                                    "ignore": _split(ignore) + config.ignore}
    if select:
        origins["select"] = "--select"
    if ignore:
        origins["ignore"] = f"--ignore and {origins['ignore']}" if config.ignore else "--ignore"
    if fail_on:
        overrides["fail_on"] = fail_on
        origins["fail-on"] = "--fail-on"
    return dataclasses.replace(config, **overrides, origins=origins)


def _write(target: Path, text: str) -> None:
    try:
        write_atomic(target, text)
    except OSError as err:
        raise ConfigProblem(f"cannot write {target}: {err.strerror or err}") from None


@main.command(cls=_OrderedCommand)
@corpus_options
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), multiple=True,
              help="Report format [default: text]; repeat for several reports from one run.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              multiple=True, help="Write the report of the --format before it to this file "
              "(atomically) instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES),
              help="Lowest severity that makes the exit code 1 [default: error].")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Hide the findings listed in this baseline (see `refgraph baseline write`).")
@click.option("--diff-base", metavar="REV",
              help="Only findings in files changed since the merge base with REV, and those "
                   "the change caused elsewhere.")
@click.option("--statistics", is_flag=True,
              help="Text report: a count per rule instead of each finding.")
@click.option("--quiet", "-q", is_flag=True, help="Text report: only the summary line; no "
              "progress line on a terminal.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say on standard error which configuration and series layout were "
                   "used, what was read and how long it took.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the text report; auto: only on a terminal, "
              "and not when NO_COLOR is set.")
@click.option("--watch", "-w", "watching", is_flag=True,
              help="Check again each time a file changes, until Ctrl-C; the exit code is "
                   "the last run's.")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], start: Path | None,
          config_file: Path | None, fmt: tuple[str, ...], output: tuple[Path, ...],
          fail_on: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], baseline: Path | None, diff_base: str | None,
          statistics: bool, quiet: bool, verbose: bool, color: str, watching: bool) -> None:
    """Check the Markdown files and folders PATH... (default: the current directory).

    Links resolve against the whole project PATH is in (the nearest folder with
    refgraph.toml or [tool.refgraph] in pyproject.toml, else the git repository's top);
    only findings in the PATHs are reported, with paths relative to that root.

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration
    error.
    """
    targets = _outputs(ctx.meta.get("refgraph.order", []), fmt, output)
    if (statistics or quiet) and all(name != "text" for name, _ in targets):
        raise click.UsageError("--statistics and --quiet shape the text report; add "
                               "--format text, or drop them")
    project = locate(start, paths)
    options = _CheckOptions(config_file, select, ignore, fail_on, baseline, diff_base,
                            statistics, quiet, verbose, color)
    if not watching:
        sys.exit(_check_once(project, targets, options))
    cache_dir = reading().cache_dir
    kept = KeptSnapshot(SnapshotStore(cache_dir)) if cache_dir is not None else None
    # what the runs write is no change to see: the reports, and a cache inside the tree
    written = {os.path.realpath(out) for _, out in targets if out is not None}
    below = [os.path.realpath(cache_dir)] if cache_dir is not None else []

    def run() -> int:
        try:
            return _check_once(project, targets, options, kept)
        except click.ClickException as err:  # a configuration mistake: said; still watched
            err.show()
            return err.exit_code

    def look() -> Stamps:
        listing = list_corpus(project.root, (), ())
        files = [path for path in listing.files
                 if (full := os.path.realpath(project.root / path)) not in written
                 and not any(full.startswith(folder + os.sep) for folder in below)]
        return stamps(project.root, files)

    sys.exit(watch(run, look, lambda line: click.echo(line, err=True)))


@dataclasses.dataclass(frozen=True)
class _CheckOptions:
    """What `check` was asked, but the corpus and the reports' targets."""

    config_file: Path | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str | None
    baseline: Path | None
    diff_base: str | None
    statistics: bool
    quiet: bool
    verbose: bool
    color: str


def _check_once(project: Project, targets: list[tuple[str, Path | None]],
                options: _CheckOptions, kept: KeptSnapshot | None = None) -> int:
    """One run of `check`: its reports written, its exit code returned. The configuration
    is read each time (`--watch` sees it change)."""
    config_file, select, ignore = options.config_file, options.select, options.ignore
    baseline, diff_base, verbose = options.baseline, options.diff_base, options.verbose
    statistics, quiet, color = options.statistics, options.quiet, options.color
    config = _config(project, config_file, select, ignore, options.fail_on)
    started = time.perf_counter()
    # a long run on a terminal shows how far it is; `--quiet` and pipes stay silent
    progress = Progress(sys.stderr) if sys.stderr.isatty() and not quiet else None
    try:
        # `-v` says what the graph was built from: it needs the graph
        analysis = _analyze(project, config, progress, reuse=not verbose, kept=kept)
        report = scoped_report(analysis, project.root, config, baseline=baseline,
                               diff_base=diff_base, read=reading())
    except (BaselineError, DiffBaseError) as err:
        raise ConfigProblem(str(err)) from None
    if verbose:
        _say_what_was_read(project, analysis, config, time.perf_counter() - started)
    for name, target in targets:
        if name == "text":
            colored = target is None and use_color(color, sys.stdout.isatty(), os.environ)
            text = render_text(report, TextStyle(colored, quiet, statistics))
        else:
            text = FORMATS[name](report)
        if target is None:
            sys.stdout.write(text)
        else:
            _write(target, text)
    if report.scope.notes and ("text", None) not in targets:
        click.echo("\n".join(report.scope.notes), err=True)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and any(name == "github" for name, _ in targets):
        try:
            with open(summary_file, "a", encoding="utf-8") as fh:  # the runner's file: append
                fh.write(step_summary(report))
        except OSError as err:
            click.echo(f"refgraph: cannot append to GITHUB_STEP_SUMMARY {summary_file}: "
                       f"{err.strerror or err}", err=True)
    if config.fail_on != "never":
        threshold = Severity(config.fail_on).rank
        if any(f.severity.rank >= threshold for f in report.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _say_what_was_read(project: Project, analysis: Analysis, config: Config,
                       seconds: float) -> None:
    """`check -v`: what the run was based on, so a user can see why a file was or was not
    treated as a post, the index or the plan."""
    layout = analysis.graph.graph["layout"]
    stats = analysis.stats
    read = reading()
    cache = f"cache {read.cache_dir}" if read.cache_dir is not None else "no cache"
    source = config.source or "defaults (no refgraph.toml, no [tool.refgraph] in pyproject.toml)"
    click.echo("\n".join([
        f"refgraph: configuration: {source}",
        f"refgraph: series: posts {layout.posts}, index {layout.index}, plan {layout.plan}"
        if layout.posts else f"refgraph: series: {len(analysis.graph.graph['all_series']):,} "
        "found (`refgraph series` lists them)",
        f"refgraph: read {stats.files:,} files ({stats.documents:,} Markdown, "
        f"{stats.links:,} links) in {seconds:.2f} s; {cache}, --jobs {read.jobs}",
        f"refgraph: root: {project.root}, found by {project.found_by}; reported: "
        f"{', '.join(project.only) or 'everything under it'}",
    ]), err=True)


@main.group()
def baseline() -> None:
    """Record today's findings, so `check --baseline` fails only on new ones."""


@baseline.command(name="write")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@corpus_options
def baseline_write(file: Path, paths: tuple[Path, ...], start: Path | None,
                   config_file: Path | None, select: tuple[str, ...],
                   ignore: tuple[str, ...]) -> None:
    """Write every finding in PATH... (default: the whole project) to the baseline FILE
    (atomically)."""
    project = locate(start, paths)
    config = _config(project, config_file, select, ignore)
    findings = _analyze(project, config).findings
    _write(file, baseline_text(findings))
    click.echo(f"wrote {len(findings):,} findings to {file}", err=True)


@main.command()
@corpus_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically); `-` for standard output.")
@click.option("--format", "fmt", type=click.Choice(["html", "graphml", "json"]),
              default="html", show_default=True,
              help="An interactive page, or the same graph for other tools "
                   "(GraphML, or networkx node-link JSON).")
@click.option("--title", help="Heading of the page [default: the project root's folder name].")
@click.option("--max-nodes", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Most nodes the page draws: external sites are left out above it, and "
                   "a graph with more files is refused.")
@click.option("--external/--no-external", default=None,
              help="Draw the external sites (one node per host) however many nodes the "
                   "page has, or never [default: while within --max-nodes].")
def render(paths: tuple[Path, ...], start: Path | None, config_file: Path | None,
           select: tuple[str, ...], ignore: tuple[str, ...], output: Path | None, fmt: str,
           title: str | None, max_nodes: int, external: bool | None) -> None:
    """Draw the graph of the project PATH is in as one offline HTML page, with every
    finding in PATH... on it; or export that graph (every node, external sites too).

    Exit codes: 0 written (whatever the findings), 2 usage or configuration error.
    """
    from graph.metro_draw import metro_drawing
    from graph.render import RENDERERS  # pyvis only for this command
    from graph.view import TooManyNodes, view_graph

    if output is None and sys.stdout.isatty():
        raise click.UsageError("give --output FILE (or -o - for standard output)")
    project = locate(start, paths)
    config = _config(project, config_file, select, ignore)
    analysis = _analyze(project, config)
    page = fmt == "html"
    try:
        view = view_graph(analysis.graph, analysis.findings,
                          external=external if page else True,
                          max_nodes=max_nodes if page else None)
    except TooManyNodes as exc:
        raise click.UsageError(f"{exc}: raise --max-nodes to draw them all") from None
    if page:  # the page's metro layer (graph/templates/metro.html)
        view.graph["metro"] = metro_drawing(analysis.graph)
    text = RENDERERS[fmt](view, title or project.root.name)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    _write(output, text)
    click.echo(f"wrote {output}: {view.number_of_nodes():,} nodes, "
               f"{view.number_of_edges():,} edges, {len(analysis.findings):,} findings, "
               f"{len(text.encode()):,} bytes" + _left_out(view), err=True)


def _left_out(view: nx.DiGraph) -> str:
    sites = view.graph["sites_left_out"]
    return (f"; {view.graph['urls_left_out']:,} external links to {sites:,} sites left out "
            "(--external draws them)") if sites else ""


main.add_command(paths)
main.add_command(list_rules)
main.add_command(explain)
main.add_command(schema)
main.add_command(show_config)
main.add_command(show_series)
