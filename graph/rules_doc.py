"""`docs/rules.md`, generated from the registry so the docs cannot drift from the code."""

from __future__ import annotations

from graph.checks import REGISTRY


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
        body = rule.doc.replace("## ", "### ")
        lines += ["", f"## {rule.id} {rule.name}", "",
                  f"Default severity: **{rule.severity.value}**. Suggestion: {rule.suggestion}.",
                  "", body]
    return "\n".join(lines) + "\n"
