"""`docs/rules.md`, generated from the registry so the docs cannot drift from the code."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from graph.checks import REGISTRY, rule_by_id
from graph.rules import Rule


def silencing(rule: Rule) -> str:
    """How to silence a rule: per line, per block, per file, per project, per run."""
    project = (f"- the project: `rules = {{ {rule.id} = \"off\" }}` under `[tool.refgraph]` "
               f"(or another severity: `\"info\"`);\n- one run: `--ignore {rule.id}`.")
    if rule.id in ("RG004", "RG005"):  # findings about the comments themselves
        return project
    return (
        f"- one line: `<!-- refgraph-disable-next-line {rule.id} -->` on the line above it\n"
        f"  (or `<!-- refgraph-disable-line {rule.id} -->` at its end);\n"
        f"- a stretch: `<!-- refgraph-disable {rule.id} -->` … "
        f"`<!-- refgraph-enable {rule.id} -->`;\n"
        f"- a file: `<!-- refgraph-disable-file {rule.id} -->`;\n"
        f"{project}\n\n"
        "A suppression comment that silences nothing is reported (RG004)."
    )


def spaced(markdown: str) -> str:
    """A blank line before each heading, so the text reads as sections in a terminal as
    well as rendered. Headings are found by markdown-it-py rather than by a `#` at the
    start of a line, which may be a comment in a code block."""
    lines = markdown.split("\n")
    starts = {token.map[0] for token in MarkdownIt("commonmark").parse(markdown)
              if token.type == "heading_open" and token.map}
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in starts and out and out[-1].strip():
            out.append("")
        out.append(line)
    return "\n".join(out)


def explain_text(rule_id: str) -> str:
    """What `refgraph explain RULE` prints."""
    rule = rule_by_id(rule_id)
    if rule is None:
        raise KeyError(rule_id)
    return (f"# {rule.id} {rule.name}\n\nDefault severity: {rule.severity.value}\n\n"
            f"Message: {rule.message}\n\nSuggestion: {rule.suggestion}\n\n{spaced(rule.doc)}\n\n"
            f"## How to silence it\n{silencing(rule)}\n")


def rules_markdown() -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rule registry (`graph/checks/`); "
        "`refgraph explain RGNNN` prints the same text. Do not edit by hand.",
        "",
        "| id | name | default severity | message |",
        "|----|------|------------------|---------|",
    ]
    for rule in REGISTRY:
        message = rule.message.replace("|", "\\|")
        lines.append(f"| [{rule.id}](#{rule.id.lower()}-{rule.name}) | {rule.name} | "
                     f"{rule.severity.value} | `{message}` |")
    for rule in REGISTRY:
        body = re.sub(r"^## ", "### ", spaced(rule.doc), flags=re.MULTILINE)
        lines += ["", f"## {rule.id} {rule.name}", "",
                  f"Default severity: **{rule.severity.value}**. Suggestion: {rule.suggestion}.",
                  "", body, "", "### How to silence it", silencing(rule)]
    return "\n".join(lines) + "\n"
