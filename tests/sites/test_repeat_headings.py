"""RG106 on a generator's page: a link to a numbered repeat heading (`#example-1`) shifts
when a heading is added above it, whichever generator numbers it (Goldmark and kramdown
give the second `## Example` the same `example-1` as GitHub does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import analyze
from tests.conftest import make_tree

PAGE = "# A\n\n## Example\n\nx\n\n## Example\n\ny\n\n[second](#example-1)\n"


@pytest.mark.parametrize(("config", "page"), [
    ({"_config.yml": "title: x\n"}, "index.md"),  # Jekyll, kramdown GFM ids
    ({"_config.yml": "kramdown:\n  input: kramdown\n"}, "index.md"),  # plain kramdown
    ({"hugo.toml": "baseURL = '/'\n"}, "content/a.md"),  # Hugo, Goldmark ids
])
def test_a_link_to_a_numbered_repeat_heading_is_rg106(
        tmp_path: Path, config: dict[str, str], page: str) -> None:
    root = make_tree(tmp_path, {**config, page: PAGE})
    assert [(f.rule_id, f.loc.path, f.loc.line) for f in analyze(root).findings] == [
        ("RG106", page, 11)]
