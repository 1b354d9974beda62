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
    # an unclosed comment: everything after it is the comment, read once
    "html-unclosed-comments": (
        "from docs_index.markdown import _scan_html as f",
        f"assert f('<div><!--x-->' + '<!--' * {N // 4} + '<a id=x>') == []",
    ),
    "html-unknown-marked-sections": (
        "from docs_index.markdown import _scan_html as f",
        f"f('<div>\\n' + '<![i]' * {N // 5}); f('<![' * {N // 3})",
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
    "generic-long-routes": (
        "from docs_index.sites.generic import SITE, GenericSettings, generic_root",
        "r = generic_root(GenericSettings('docs'))\n"
        f"SITE.land(r, 'docs/a.md', '/' + 'a/' * {N // 2}, frozenset())\n"
        f"SITE.land(r, 'docs/a.md', '../' * {N // 3} + 'x', frozenset())\n"
        f"SITE.land(r, 'docs/a.md', 'a' * {N} + '.' * {N}, frozenset())",
    ),
    "js-config-deep-parens": (
        "from docs_index.sites.docusaurus_js import exported_value as f, NotLiteral",
        f"""
for src in ('module.exports = ' + '(' * {N}, 'module.exports = ' + '({{a:' * {N // 4},
            'module.exports = {{a: f' + '(' * {N} + ')' * {N} + '}}',
            'module.exports = {{a: `' + '${{`' * {N // 3}, "module.exports = {{a: '" + 'x' * {N},
            'module.exports = {{' + 'a: [' * {N // 4}):
    try:
        f(src)
    except NotLiteral:
        pass
""",
    ),
    "mdx-import-spaces": (
        "from docs_index.model import Block, BlockKind, Document\n"
        "from docs_index.sites.docusaurus import mdx_imports as f",
        f"f(Document('a.mdx', '', blocks=(Block(BlockKind.PARAGRAPH, 1, "
        f"('import ' + ' ' * {N} + 'x', 'import x from' + ' ' * {N} + 'from ' * {N // 5})),)))",
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
    "mkdocs-heading-attribute-braces": (
        "from docs_index.sites.mkdocs import _header_attrs as f",
        f"f('t ' + '{{#a ' * {N // 4}); f('t ' + '{{#a ' * {N // 4} + '}}'); "
        f"f('t' + ' {{' * {N // 2} + ' }}')",
    ),
    "summary-deep-lists": (
        "from docs_index.sites.mdbook_summary import parse_summary as f",
        "f(''.join('  ' * i + '- [c](c%d.md)\\n' % i for i in range(200))"
        " + '- [x](x.md)\\n' * 5000)",
    ),
    "liquid-destinations-unclosed": (
        "from docs_index.sites.jekyll_liquid import inline_destinations as f",
        f"f('](' + '{{{{ ' * {N}); f(']({{{{x}}}}' * {N // 7}); f('](' + ' ' * {N})",
    ),
    "liquid-definition-label": (
        "from docs_index.sites.jekyll_liquid import definition as f",
        f"f('[' + '{{{{x}}}}' * {N // 5} + ']: {{{{ a }}}}'); f('[' + '{{{{' * {N}, True)",
    ),
    "liquid-url-tags": (
        "from docs_index.sites.jekyll_liquid import render_url as f",
        f"f('{{{{ site.baseurl }}}}' * {N // 18}, '/b'); f('{{{{' * {N}, '')",
    ),
    "liquid-code-blocks-unclosed": (
        "from docs_index.model import Block, BlockKind, Document\n"
        "from docs_index.sites.jekyll_liquid import code_masked as f",
        f"f(Document('x.md', '', blocks=(Block(BlockKind.PARAGRAPH, 1, ('{{% raw' * {N // 6},)),"
        f" Block(BlockKind.PARAGRAPH, 2, ('{{% raw %}}' + '{{% x %}}' * {N // 6},)))))",
    ),
    "snippet-marker-dashes": (
        "from docs_index.sites.mkdocs_snippets import _read_line as f",
        f"f('-' * {N} + '8<' + '-' * {N} + ' \"' + 'a' * {N}); f('-8<-' + ' ' * {N})",
    ),
    "snippet-spec-colons": (
        "from docs_index.sites.mkdocs_snippets import split_spec as f",
        f"f(':' * {N}); f('a' + '1:' * {N}); f('a:' + 'b' * {N}); f(',-' * {N})",
    ),
    "autoref-brackets": (
        "from docs_index.sites.mkdocs_autorefs import _scan_reference as f",
        f"f('[' * {N}); f('[' + '`' * {N}); f('[`' * {N}); f('[a]' + ' ' * {N})",
    ),
    "mkdocs-page-of-references": (
        "import pathlib, tempfile; from graph import analyze",
        f"""
root = pathlib.Path(tempfile.mkdtemp())
(root / 'docs').mkdir()
(root / 'mkdocs.yml').write_text('plugins: [mkdocstrings]\\nmarkdown_extensions: '
                                 '[attr_list, pymdownx.snippets]\\n')
(root / 'docs' / 'index.md').write_text('# T\\n\\n' + '[a][b] [c][] [](){{#x}} ' * {N // 20}
                                        + '\\n\\n' + '--8<-- "index.md"\\n' * {N // 20})
analyze(root)
""",
    ),
    "mdbook-directives-in-one-block": (
        "from docs_index.model import Block, BlockKind, Document\n"
        "from docs_index.sites import SiteRoot\n"
        "from docs_index.sites.mdbook import SITE",
        f"lines = ('{{{{#include a.rs:x}}}}',) * {N // 20}\n"
        "doc = Document('src/a.md', '', blocks=(Block(BlockKind.FENCE, 1, lines),))\n"
        f"assert len(SITE.extra_links(doc, SiteRoot('mdbook'))) == {N // 20}",
    ),
    "docusaurus-sidebars-many-entries": (
        "import tempfile\nfrom pathlib import Path\n"
        "from docs_index.sites.docusaurus import _read_sidebars",
        "root = Path(tempfile.mkdtemp())\n"
        f"(root / 's.js').write_text('module.exports = {{a: [' + \"'x',\\n\" * {N // 4}"
        f" + '...y,\\n' * {N // 4} + ']}}')\n"  # under the 1 MB a configuration may have
        "notes = []\n"
        f"assert len(_read_sidebars(root, 's.js', notes).entries) == {N // 4}\n"
        "assert len(notes) == 1, notes",
    ),
    "jekyll-defaults-glob-scopes": (
        "from docs_index.sites.jekyll_urls import with_front_matter\n"
        "from docs_index.sites.jekyll_config import JekyllSettings",
        "s = JekyllSettings(defaults=(('*a' * 512, None, '/x/'), ('*a' * " + str(N) + ", None,"
        " '/y/'), ('/'.join(['*'] * 500), 'posts', '/z/')))\n"
        f"pages = [('a' * 255 + '/' + str(i) + '.md', {{'t': 1}}) for i in range({N // 20})]\n"
        "assert with_front_matter(s, pages).routes == {}",
    ),
    "mdbook-alike-headings": (
        "from docs_index.sites.mdbook_rules import unique_id as f",
        f"used, jumps = {{f'a-{{i}}' for i in range(1, {N // 4})}}, {{}}\n"
        f"assert f('a', used, jumps) == 'a'\n"
        f"assert [f('a', used, jumps) for _ in range({N // 4})][-1] == 'a-{N // 2 - 1}'",
    ),
    "mkdocs-repeated-numbered-headings": (
        "from docs_index.sites.mkdocs import unique_linear as f",
        f"used, jumps = set(), {{}}\n"
        f"assert [f('a_5', used, jumps) for _ in range({N // 4})][-1] == 'a_{N // 4 + 4}'",
    ),
    # `defaults:` of 2,000 sets with one scope (one `_Scope`, a binary search per page),
    # then 2,000 glob scopes (capped, with a note), then 100,000 scope paths (a lookup per
    # page prefix), each against 5,000 posts: pages × sets took 16 s for 33,333 sets and
    # 600 posts
    "jekyll-defaults-many-sets": (
        "from docs_index.sites.jekyll_urls import with_front_matter\n"
        "from docs_index.sites.jekyll_config import JekyllSettings, read_jekyll_config",
        "pages = [(f'_posts/2024-01-02-p{i}.md', {'t': 1}) for i in range(5_000)]\n"
        "for line, sets, notes, routed in (\n"
        "        ('- {{values: {{permalink: /x/}}}}', 2_000, 0, 5_000),\n"
        "        ('- {{scope: {{path: _posts/*{i}}}, values: {{permalink: /g/}}}}', 256, 1, 0)):\n"
        "    text = 'defaults:\\n' + ''.join(line.format(i=i) + '\\n' for i in range(2_000))\n"
        "    s, said = read_jekyll_config('_config.yml', text.encode())\n"
        "    assert (len(s.defaults), len(said)) == (sets, notes), (len(s.defaults), said)\n"
        "    assert len(with_front_matter(s, pages).routes) == routed\n"
        "s = JekyllSettings(defaults=tuple((f'_posts/{i}', None, f'/x{i}/')"
        " for i in range(100_000)))\n"
        "assert len(with_front_matter(s, pages).routes) == 5_000",
    ),
    "book-toml-deep-nesting": (
        "import tempfile\nfrom pathlib import Path\n"
        "from docs_index.sites.mdbook_config import load_book",
        "root = Path(tempfile.mkdtemp())\n"
        f"(root / 'book.toml').write_text('a = ' + '[' * {N})\n"
        "settings, notes = load_book(root, 'book.toml', frozenset({'book.toml'}))\n"
        "assert 'nested too deeply' in notes[0], notes",
    ),
    # the compiled parser's reader (docs_index/markdown_fast.py), where installed
    "fast-reader-wide-line": (
        "from docs_index.markdown_fast import parse_fast",
        "doc, _ = parse_fast('a.md', '# Wide\\n\\né ' + '[a](b.md) ' * 100_000)\n"
        "assert len(doc.links) == 100_000 and doc.links[-1].loc.col == 999_993",
    ),
    "fast-reader-wide-table-row": (
        "from docs_index.markdown_fast import parse_fast",
        "doc, _ = parse_fast('a.md', '| a |\\n|---|\\n|' + ' <b>x</b> |' * 100_000)\n"
        "assert doc.blocks[0].kind == 'table'",
    ),
    "fast-reader-front-matter-unclosed": (
        "from docs_index.source_scan import front_matter_end",
        f"assert front_matter_end(['---'] + ['- x'] * {N}) == 0",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_worst_input_finishes(case: str) -> None:
    imports, call = CASES[case]
    subprocess.run([sys.executable, "-c", f"{imports}\n{call}"], check=True, timeout=20)
