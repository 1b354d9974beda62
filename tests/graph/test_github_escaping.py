"""Corpus text in the `github` format and the job summary: shown as written, never as
Markdown, HTML or terminal control sequences."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from graph.cli import main
from tests.conftest import make_tree

HOSTILE = [
    "gone.md ![a](https://attacker.example/p.png)",
    "gone2.md &lt;img src=https://attacker.example/q.png&gt;",  # decoded: <img …>
    "gone3.md [click](https://attacker.example/) *em* _em_ `code` ~~s~~ $x$ @someone #1",
    "gone4.md | a | b",
]


def _summary(tmp_path: Path, readme: str) -> tuple[str, str]:
    root = make_tree(tmp_path / "c", {"README.md": readme})
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache", "--format", "github"],
                                env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.output
    return result.stdout, summary.read_text(encoding="utf-8")


def test_step_summary_shows_link_targets_as_text(tmp_path: Path) -> None:
    readme = "# R\n\n" + "".join(f"[x](<{target}>)\n\n" for target in HOSTILE)
    _, summary = _summary(tmp_path, readme)
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(summary)
    for tag in ("<img", "<a ", "<em>", "<strong>", "<code>", "<s>", "<del>"):
        assert tag not in html, (tag, html)
    rows = [line for line in summary.splitlines() if line.startswith("| README.md |")]
    assert len(rows) == len(HOSTILE)
    assert all(row.count(" | ") == 3 for row in rows)  # `|` did not open a cell
    assert "https://attacker.example/p.png" in html  # still there, as text
    assert "&lt;img src=https://attacker.example/q.png&gt;" in html


def test_github_format_escapes_control_characters(tmp_path: Path) -> None:
    out, summary = _summary(tmp_path, "# R\n\n[x](<gone\x1b[31m.md>)\n")
    assert "\x1b" not in out and "\x1b" not in summary
    assert "link to gone\\x1b[31m.md" in out
