"""The `refgraph` command's entry point: the group, without its commands until one is needed.

`graph.cli` and `graph.paths_cli` import the graph stack (networkx, markdown-it-py, the
reader): half a second that `refgraph --version` and `refgraph schema` should not wait
for. So this group imports a command's module only when that command runs.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys

import click

from refgraph.stdout import finish, guard_stdout

_COMMANDS = {
    "baseline": "graph.cli:baseline", "check": "graph.cli:check", "render": "graph.cli:render",
    "config": "graph.cli_config:show_config",
    "paths": "graph.paths_cli:paths", "explain": "graph.cli_rules:explain",
    "rules": "graph.cli_rules:list_rules", "schema": "graph.cli_rules:schema",
    "series": "graph.series_cli:show_series",
}
"""Each command and where it is defined; `graph.cli.main` holds the same commands (a test
keeps the two equal)."""


class _LazyGroup(click.Group):
    """A group that imports a command's module when that command is looked up, as in
    click's "Lazily Loading Subcommands": `refgraph schema` then imports no networkx, and
    `refgraph --version` nothing of refgraph's at all."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module, name = _COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="refgraph")
def main() -> None:
    """refgraph: check a Markdown blog series and its docs as one graph."""


def run() -> None:
    """The `refgraph` executable: `main` with Python's cycle collector off for the whole
    process. The graph of a large corpus is millions of objects that live until the
    process exits; with the collector on, a collection after the checks (while a report
    is written) walks all of them again: 3.5 s of a profiled 62 s warm run on 14,000
    files. A command makes little cyclic garbage, and the process ends soon after."""
    gc.disable()
    stdout = guard_stdout()  # a closed pipe or a full disk: see refgraph/stdout.py
    try:
        main()
    except SystemExit as done:
        code = finish(stdout, done.code)
        if code is None or isinstance(code, int):
            hard_exit(code or 0)
        sys.exit(code)


def hard_exit(code: int) -> None:
    """Exit without freeing what the run made, as mypy's `util.hard_exit` does: the
    interpreter's own exit frees every object one by one (a graph, its documents and
    100,000 findings: a fifth of a second), which the system does at once. Standard output
    and error are flushed first; refgraph registers no exit handler and leaves no worker
    or temporary file behind to need one."""
    sys.stdout.flush()  # the guarded stream: an error here is already said
    with contextlib.suppress(OSError, ValueError):  # standard error gone: nowhere to say it
        sys.stderr.flush()
    os._exit(code)
