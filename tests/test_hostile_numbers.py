"""Numbers of hundreds or thousands of digits in the plan, the index, post names and link
targets: no command fails, and every JSON output is JSON (no `Infinity`).

400 digits is past a float's range (float("9" * 400) is inf); 4,301 is past the 4,300
digits int() converts since Python 3.11. Anything past `posts.text.MAX_DIGITS` digits is
no number at all, wherever it stands.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "pyralog-like"

# one number of each shape the plan, the index and the posts state, each made huge
SHAPES = (
    ("blog/BACKLOG.md", "12/16 posts complete (75%)", "{n}/{n} posts complete ({n}%)"),
    ("blog/BACKLOG.md", "4 posts (#13-16)", "{n} posts (#13-{n})"),
    ("blog/BACKLOG.md", "### #12: Sulise", "### #{n}: Sulise"),
    ("blog/BACKLOG.md", "1,200 words, 6 min read", "{n} words, {n} min read"),
    ("blog/BACKLOG.md", "5,000 words, 25 min read", "1,{n} words, {n}.5 min read"),
    ("blog/BACKLOG.md", "(#1-12): 350-700 words", "(#1-{n}): 350-{n} words"),
    ("blog/BACKLOG.md", "All 16 posts complete", "All {n} posts complete"),
    ("blog/README.md", "An 11-part technical", "An {n}-part technical"),
    ("blog/README.md", "**Length**: ~3 minute read", "**Length**: ~{n} minute read"),
    ("blog/README.md", "**Time**: ~10 minutes", "**Time**: ~{n} hours"),
    ("blog/01-introducing-quarrylog.md", "(02-the-write-path.md)", "({n}-the-write-path.md)"),
)


def _copy_example(tmp_path: Path) -> Path:
    """The example corpus, with a size limit the huge numbers do not cross (the example's
    16,000 bytes would leave the grown files unread, and nothing tested)."""
    root = tmp_path / "c"
    shutil.copytree(EXAMPLE, root)
    (root / "refgraph.toml").write_text("max-file-size = 10_000_000\n", encoding="utf-8")
    return root


def _strict_json(text: str) -> object:
    """json.loads that refuses `Infinity` and `NaN`, which Python writes and JSON lacks."""
    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def _run_everything(root: Path) -> None:
    runner = CliRunner()
    for args in (["check", "--no-cache", "--format", "json", str(root)],
                 ["paths", "-C", str(root), "--no-cache", "--format", "json"],
                 ["render", "--no-cache", "--format", "json", "-o", "-", str(root)]):
        result = runner.invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, result.exception)
        assert result.exit_code in (0, 1), (args, result.output)
        _strict_json(result.stdout)
    result = runner.invoke(main, ["check", "--no-cache", str(root)])
    assert result.exit_code in (0, 1), result.output


@pytest.mark.parametrize("digits", [400, 4301])
def test_each_shape_of_number_made_huge(tmp_path: Path, digits: int) -> None:
    root = _copy_example(tmp_path)
    for name, old, new in SHAPES:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new.format(n="9" * digits), 1), encoding="utf-8")
    _run_everything(root)


@pytest.mark.parametrize("digits", [4301])
def test_every_number_made_huge(tmp_path: Path, digits: int) -> None:
    root = _copy_example(tmp_path)
    # the index and the plan, where the numbers refgraph reads are (posts' names and
    # links are in SHAPES); every post too would only make the test slower
    for path in (root / "blog" / "README.md", root / "blog" / "BACKLOG.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\d+", "9" * digits, text), encoding="utf-8")
    _run_everything(root)


def test_long_number_is_no_plan_entry_and_states_no_time(tmp_path: Path) -> None:
    """What a huge number gives: the heading is no planned post, the time is not stated."""
    root = _copy_example(tmp_path)
    backlog = root / "blog" / "BACKLOG.md"
    backlog.write_text(backlog.read_text(encoding="utf-8").replace(
        "### #13: Fast", "### #" + "1" * 5000 + ": Fast"), encoding="utf-8")
    index = root / "blog" / "README.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "**Time**: ~10 minutes", "**Time**: ~" + "9" * 400 + " hours"), encoding="utf-8")
    result = CliRunner().invoke(main, ["paths", "-C", str(root), "--no-cache",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    architects = _strict_json(result.stdout)[0]
    assert architects["title"] == "For Architects"
    assert architects["stated_minutes"] is None
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(root)])
    planned = {f["message"] for f in _strict_json(result.stdout)["findings"]
               if f["file"] == "blog/BACKLOG.md"}
    assert not any("#1111111111" in m for m in planned)


@pytest.mark.parametrize("name", ["#" + "9" * 5000, "#²", "²"])
def test_post_named_by_a_huge_or_non_decimal_number(name: str) -> None:
    result = CliRunner().invoke(main, ["paths", "-C", str(EXAMPLE), "--no-cache", "propose",
                                       "--to", name])
    assert result.exit_code == 2, result.output
    assert "is not a published post" in result.output


def test_index_entry_numbered_with_a_superscript(tmp_path: Path) -> None:
    """"¹" is a digit to str.isdigit() but not to int()."""
    root = _copy_example(tmp_path)
    index = root / "blog" / "README.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "### [1. Introducing Quarrylog: A Log That Thinks Like a Database]"
        "(01-introducing-quarrylog.md)", "### [¹. Introducing](01-missing.md)"),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(root)])
    assert result.exit_code == 1, result.output
    assert "blog/README.md:9:" in result.output
