"""`refgraph rules`, `explain` and `schema`: the catalogue and the report format. They read
no corpus, so they live apart from `cli.py` and its graph stack (see refgraph/cli.py)."""

from __future__ import annotations

import json

import click


@click.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: each rule with its message, suggestion and "
              "explanation (the text `explain` prints).")
def list_rules(fmt: str) -> None:
    """List every rule: id, default severity, name."""
    from graph.checks import REGISTRY
    from graph.rules_doc import spaced

    if fmt == "json":
        click.echo(json.dumps([{"id": rule.id, "name": rule.name,
                                "severity": rule.severity.value, "message": rule.message,
                                "suggestion": rule.suggestion, "explanation": spaced(rule.doc)}
                               for rule in REGISTRY], indent=2, ensure_ascii=False,
                              sort_keys=True))
        return
    for rule in REGISTRY:
        click.echo(f"{rule.id}  {rule.severity.value:<7}  {rule.name}")


@click.command()
def schema() -> None:
    """Print the JSON Schema of `check --format json` (installed with refgraph)."""
    from graph.report.json import schema_text

    click.echo(schema_text(), nl=False)


def _complete_rule(ctx: click.Context, param: click.Parameter,
                   incomplete: str) -> list[str]:
    """Rule ids and names for shell completion of `refgraph explain`."""
    from graph.checks import REGISTRY

    return [name for rule in REGISTRY for name in (rule.id, rule.name)
            if name.startswith(incomplete) or name.startswith(incomplete.upper())]


@click.command()
@click.argument("rule", shell_complete=_complete_rule)
def explain(rule: str) -> None:
    """Explain RULE (an id such as RG102, or a name such as dangling-anchor)."""
    from graph.checks import RULE_NAMES, rule_by_id
    from graph.rules_doc import explain_text

    found = rule_by_id(rule)
    if found is None:
        raise click.BadParameter(f"{RULE_NAMES.unknown(rule)} (`refgraph rules` lists them)",
                                 param_hint="RULE")
    click.echo(explain_text(found.id))
