"""The `--8<--` scanner against pymdown-extensions' own reading of the same lines: its
`SnippetPreprocessor.RE_ALL_SNIPPETS` (which lines are markers) and `parse_snippet_target`
(path, line ranges, section), from the installed `pymdownx/snippets.py`."""

from __future__ import annotations

import pytest

from docs_index.sites.mkdocs_snippets import _read_line, find_snippet, split_spec

snippets = pytest.importorskip("pymdownx.snippets")

LINES = [
    '--8<-- "a.md"', "--8<-- 'a.md'", '-8<- "a.md"', '-----8<--- "dir/a b.md"',
    '    --8<-- "indented.md"', '\t--8<-- "tab.md"', '--8<--', '---8<---', '--8<-- ',
    ';--8<-- "escaped.md"', '--8<--"no-space.md"', '--8<-- "a.md" trailing',
    '--8<-- "a.md" ', '--8<-- "unclosed.md', '--8<-- ""', 'text --8<-- "a.md"',
    '--8< "a.md"', '--8<-- "a.md:3:9"', '--8<-- "a.md:intro"', '8<-- "a.md"',
    '--8<-- "\'quoted\'.md"',
]


def _theirs(line: str) -> tuple[str, str]:
    match = snippets.SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
    if match is None or match.group("escape"):
        return "", ""
    if match.group("block_marker"):
        return "block", ""
    spec = match.group("snippet")[1:-1].strip()
    return ("inline", spec) if spec else ("", "")


@pytest.mark.parametrize("line", LINES)
def test_a_line_is_a_marker_exactly_when_snippets_reads_one(line: str) -> None:
    assert _read_line(line) == _theirs(line)


SPECS = ["a.md", "a.md:3", "a.md:3:9", "a.md:3:", "a.md::9", "a.md:3:9,12:14", "a.md:intro",
         "a.md:Intro-2_b", "dir:x/a.md", "a.md:9x", "a.md:-3", "a.md:3:-1", "a.md:", ":3"]


@pytest.mark.parametrize("spec", SPECS)
def test_a_spec_splits_as_snippets_splits_it(spec: str) -> None:
    import markdown

    processor = markdown.Markdown(extensions=["pymdownx.snippets"]).preprocessors["snippet"]
    theirs = processor.parse_snippet_target(spec)
    path, ranges, section = split_spec(spec)
    if theirs is None:
        assert not path.strip()
        return
    assert path.strip() == theirs["path"]
    assert section == (theirs["section"] or "")
    # theirs: 0-based starts (None kept), ends as written
    assert [(None if s is None else max(0, s - 1) if s >= 0 else s, e)
            for s, e in ranges] == list(zip(theirs["start"], theirs["end"], strict=True))


FILES = {"CONTRIBUTING.md", "docs/a.md", "snippets/code.py", "docs/snippets/b.md"}


@pytest.mark.parametrize(("path", "config_dir", "bases", "restrict", "expected"), [
    ("CONTRIBUTING.md", "", (".",), True, ("CONTRIBUTING.md", True)),
    ("code.py", "", (".", "snippets"), True, ("snippets/code.py", True)),
    ("b.md", "", ("docs/snippets",), True, ("docs/snippets/b.md", True)),
    ("../a.md", "", ("docs/snippets",), True, ("", False)),
    ("../a.md", "", ("docs/snippets",), False, ("docs/a.md", True)),
    ("a.md", "docs", (".",), True, ("docs/a.md", True)),
    ("missing.md", "", ("snippets", "."), True, ("snippets/missing.md", False)),
    ("CONTRIBUTING.md", "", ("CONTRIBUTING.md",), True, ("CONTRIBUTING.md", True)),
])
def test_a_path_is_looked_up_in_each_base_path_in_turn(
        path: str, config_dir: str, bases: tuple[str, ...], restrict: bool,
        expected: tuple[str, bool]) -> None:
    found = find_snippet(path, config_dir, bases, restrict, FILES)
    if expected[0]:
        assert found == expected
    else:
        assert found[1] is False


@pytest.mark.parametrize(("yaml_text", "bases", "notes"), [
    (b"markdown_extensions: [pymdownx.snippets]\n", (".",), ()),
    (b"markdown_extensions:\n- pymdownx.snippets:\n    base_path: [docs, '.']\n",
     ("docs", "."), ()),
    (b"markdown_extensions:\n- pymdownx.snippets:\n    base_path: snippets\n",
     ("snippets",), ()),
    (b"markdown_extensions:\n- pymdownx.snippets:\n    base_path: [!relative $config_dir]\n",
     (".",), ()),
    (b"docs_dir: src\nmarkdown_extensions:\n- pymdownx.snippets:\n"
     b"    base_path: [!relative $docs_dir/parts]\n", ("src/parts",), ()),
    (b"markdown_extensions:\n- pymdownx.snippets:\n    base_path: !relative\n", (".",),
     ("mkdocs.yml: pymdownx.snippets base_path !relative not understood; '.' is used",)),
])
def test_base_paths_are_read_from_mkdocs_yml(yaml_text: bytes, bases: tuple[str, ...],
                                             notes: tuple[str, ...]) -> None:
    from docs_index.sites.mkdocs_config import read_mkdocs_config

    settings, found = read_mkdocs_config("mkdocs.yml", yaml_text)
    assert settings.snippets
    assert settings.snippet_base == bases
    assert found == notes


@pytest.mark.parametrize("text", [
    "Title {#id}", "Title {: #id .c }", "Title  { #a } ", "T {#a {#b}", "T {} {#x}", "T {}",
    "T {: }", "T{#x}", "T }{#x}", "T {#a} {#b}", "T {#a}x", "{#x}", " {#x}", "T {: :}",
])
def test_heading_attribute_lists_are_found_where_attr_list_finds_them(text: str) -> None:
    """The linear scan agrees with attr_list's own `HEADER_RE` search (Python-Markdown's
    `markdown/extensions/attr_list.py`), which is quadratic on `{#a {#a …`."""
    import re

    from docs_index.sites.mkdocs import _header_attrs

    header_re = re.compile(r"[ ]+\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}[ ]*$")
    match = header_re.search(text)
    assert _header_attrs(text) == (None if match is None else (match.start(), match.group(1)))
