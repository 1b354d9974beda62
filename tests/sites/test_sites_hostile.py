"""Worst inputs for the site rule functions, each run in a subprocess with a hard timeout.

The sources these functions port use regexes that Rust's and mostly also JavaScript's
engines run in linear time; a direct port to Python's backtracking `re` takes quadratic
(or worse) time on them. A naive port took 4 s on 20,000 spaces after `{{#a` and grows
with the square, so 200,000-character inputs would run for minutes; the hand-written
scanners take well under a second.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

N = 200_000

CASES = {
    "directive-spaces": (
        "from docs_index.sites.mdbook_directives import find_directives as f",
        f"f('{{{{#a' + ' ' * {N})",
    ),
    "directive-unclosed": (
        "from docs_index.sites.mdbook_directives import find_directives as f",
        f"f('{{{{#a x' * {N // 6})",
    ),
    "directive-escaped-unclosed": (
        "from docs_index.sites.mdbook_directives import find_directives as f",
        f"f('\\\\{{{{#' * {N // 4})",
    ),
    "md-link-without-md": (
        "from docs_index.sites.mdbook_rules import html_link as f",
        f"f('a' * {N})",
    ),
    "legacy-id-many-lt": (
        "from docs_index.sites.mdbook_rules import legacy_id_from_content as f",
        f"f('<' * {N}); f('<\\n' * {N // 2} + '>')",
    ),
    "heading-attrs-spaces": (
        "from docs_index.sites.mdbook_rules import explicit_heading_id as f",
        f"f('x' + ' ' * {N} + 'y'); f(' #' * {N // 2}); f('{{' * {N})",
    ),
    "anchor-spaces": (
        "from docs_index.sites.mdbook_directives import anchor_names as f",
        f"f('ANCHOR:' + ' ' * {N})",
    ),
    "docusaurus-heading-id": (
        "from docs_index.sites.docusaurus_rules import parse_heading_id as f",
        f"f(' ' * {N} + 'x'); f('{{#' * {N // 2} + '}}'); f('}}' * {N})",
    ),
    "docusaurus-md-links": (
        "from docs_index.sites.docusaurus_rules import md_link_targets as f",
        f"f('](' + 'a' * {N}); f('](' * {N // 2})",
    ),
    "js-sidebars-deep": (
        "from docs_index.sites.docusaurus_sidebars import parse_js_sidebars as f, NotLiteral",
        f"""
try:
    f('module.exports = ' + '[' * {N})
except NotLiteral:
    pass
else:
    raise SystemExit('deep nesting was accepted')
""",
    ),
    "json-sidebars-deep": (
        "from docs_index.sites.docusaurus_sidebars import parse_json_sidebars as f, NotLiteral",
        f"""
try:
    f('[' * {N} + ']' * {N})
except NotLiteral:
    pass
""",
    ),
    "js-sidebars-unclosed-comment": (
        "from docs_index.sites.docusaurus_sidebars import parse_js_sidebars as f, NotLiteral",
        f"""
try:
    f('module.exports = [' + '/*' * {N})
except NotLiteral:
    pass
""",
    ),
    "hugo-render-hook-open-comparisons": (
        "from docs_index.sites.hugo_hooks import parse_hook as f",
        f"f('h', '$u := urls.Parse .Destination ' * {N // 40} + 'eq $u.String ' * {N // 2}"
        f" + 'eq \"' * {N // 2}); f('h', 'eq .Destination \"' + 'x' * {N})",
    ),
    "hugo-permalink-placeholders": (
        "from docs_index.sites.hugo_pages import expand as f",
        f"f(':' * {N} + 'a' * {N}, 'p/a.md', {{}}); f(':a' * {N}, 'p/a.md', {{}})",
    ),
    "hugo-shortcode-calls-unclosed": (
        "from docs_index.sites.hugo_includes import _CALL as r",
        f"r.findall('{{{{% include ' + ' ' * {N}); r.findall('{{{{%' * {N // 3})",
    ),
    "summary-deep-lists": (
        "from docs_index.sites.mdbook_summary import parse_summary as f",
        "f(''.join('  ' * i + '- [c](c%d.md)\\n' % i for i in range(200))"
        " + '- [x](x.md)\\n' * 5000)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_worst_input_finishes(case: str) -> None:
    imports, call = CASES[case]
    subprocess.run([sys.executable, "-c", f"{imports}\n{call}"], check=True, timeout=20)
