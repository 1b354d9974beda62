"""The `refgraph` command. Thin: options → config → analyze → a reporter."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from graph.api import analyze
from graph.checks import REGISTRY, RULE_IDS, rule_by_id
from graph.config import FAIL_ON_CHOICES, ConfigError, load_config
from graph.findings import Severity
from graph.report import FORMATS
from graph.rules_doc import explain_text

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class ConfigProblem(click.ClickException):
    """A configuration error: one line, exit 2 like any usage error."""

    exit_code = EXIT_USAGE


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select RG1,RG201 --select RG3` → ('RG1', 'RG201', 'RG3')."""
    return tuple(v.strip().upper() for value in values for v in value.split(",") if v.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="refgraph")
def main() -> None:
    """refgraph: check a Markdown blog series and its docs as one graph."""


@main.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False,
                                                        path_type=Path))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: refgraph.toml, else pyproject.toml).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES),
              help="Lowest severity that makes the exit code 1 [default: error].")
@click.option("--select", multiple=True, help="Only these rule ids or prefixes (RG1,RG201).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes.")
def check(path: Path, config_file: Path | None, fmt: str, fail_on: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
    """Check the corpus under PATH (default: the current directory).

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration
    error.
    """
    try:
        config = load_config(path, config_file, RULE_IDS)
    except ConfigError as err:
        raise ConfigProblem(str(err)) from None
    for rule_id in _split(select) + _split(ignore):
        if not any(r.startswith(rule_id) for r in RULE_IDS):
            raise click.BadParameter(f"unknown rule {rule_id!r}", param_hint="--select/--ignore")
    overrides = {"select": _split(select) or config.select,
                 "ignore": _split(ignore) + config.ignore}
    if fail_on:
        overrides["fail_on"] = fail_on
    config = dataclasses.replace(config, **overrides)
    result = analyze(path, config)
    sys.stdout.write(FORMATS[fmt](result.findings, result.stats))
    if config.fail_on != "never":
        threshold = Severity(config.fail_on).rank
        if any(f.severity.rank >= threshold for f in result.findings):
            sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


@main.command(name="rules")
def list_rules() -> None:
    """List every rule: id, default severity, name."""
    for rule in REGISTRY:
        click.echo(f"{rule.id}  {rule.severity.value:<7}  {rule.name}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain RULE (an id such as RG102, or a name such as dangling-anchor)."""
    found = rule_by_id(rule)
    if found is None:
        raise click.BadParameter(f"unknown rule {rule!r}; `refgraph rules` lists them",
                                 param_hint="RULE")
    click.echo(explain_text(found.id))
