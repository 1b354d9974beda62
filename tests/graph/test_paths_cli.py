"""`refgraph paths` as a user meets it: every --format honoured or refused, the help naming
only commands that exist, and a tree without an index said as such."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import TESTS, make_tree

CORPUS = TESTS / "design" / "corpus"


def run(*args: str, root: Path = CORPUS) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["paths", "-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_show_order_and_coverage_print_json() -> None:
    code, out, _ = run("--format", "json", "show", "for-operators")
    assert code == 0
    shown = json.loads(out)
    assert [s["node"] for s in shown["steps"]] == ["blog/05-ops.md", "blog/02-storage.md",
                                                   "blog/03-replication.md", "blog/01-basics.md"]
    assert {"post": "blog/04-queries.md", "how": "cites", "file": "blog/05-ops.md",
            "line": 3, "column": 58, "step": None} in shown["steps"][0]["needs"]
    code, out, _ = run("--format", "json", "order", "operators")
    assert code == 0
    assert [o["step"] for o in json.loads(out)["order"]] == [4, 2, 3, 1]
    code, out, _ = run("--format", "json", "coverage")
    assert code == 0
    cov = json.loads(out)
    assert cov["unreached_posts"] == ["blog/04-queries.md"]
    assert cov["uncited_docs"] == ["TUNING.md"]


@pytest.mark.parametrize(("fmt", "command", "allowed"), [
    ("markdown", ["show", "operators"], "text or json or mermaid or svg"),
    ("markdown", ["order", "operators"], "text or json"),
    ("markdown", ["coverage"], "text or json"),
    ("json", ["propose", "--to", "5"], "text or markdown"),
    ("json", ["apply", "operators", "--order", "--dry-run"], "text"),
])
def test_a_format_a_command_cannot_print_is_refused(fmt: str, command: list[str],
                                                    allowed: str) -> None:
    code, out, err = run("--format", fmt, *command)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: --format {fmt}: `paths {command[0]}` prints {allowed}"


def test_help_names_only_commands_that_exist() -> None:
    result = CliRunner().invoke(main, ["paths", "--help"])
    commands = result.output.split("Commands:\n", 1)[1].split()
    named = {word.strip(",.") for word in result.output.split("Subcommands:", 1)[1]
             .split("\n\n", 1)[0].split()}
    assert named == {"show", "order", "coverage", "propose", "apply"}
    assert named <= set(commands)


def test_no_index_says_where_it_looked(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"README.md": "# Notes\n"})
    code, out, err = run(root=root)
    assert (code, out) == (2, "")
    assert err == (f"Error: no index found: looked for blog/README.md under {root} (the "
                   "default; no folder of numbered posts was found); give the corpus root "
                   "with -C DIR, or set index = \"...\" in refgraph.toml\n")
    root = make_tree(tmp_path / "set", {"refgraph.toml": 'index = "docs/INDEX.md"\n'})
    assert "looked for docs/INDEX.md under" in run("coverage", root=root)[2]
    assert "(the index set in refgraph.toml)" in run("coverage", root=root)[2]


def test_an_index_without_paths_says_which_file_it_read(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"blog/README.md": "# Blog\n\n- [One](01-one.md)\n",
                                "blog/01-one.md": "# One\n"})
    assert run(root=root) == (0, "blog/README.md has no reading paths (a \"Reading Paths\" "
                                 "heading with a sub-heading and a list of links per path).\n",
                              "")


def test_subcommand_help_reads_no_corpus(tmp_path: Path) -> None:
    code, out, _ = run("show", "--help", root=tmp_path)
    assert code == 0 and "paths show [OPTIONS] NAME" in out


def test_path_counts_carry_thousands_separators() -> None:
    from graph.paths_cli import _plural

    assert (_plural(1, "post"), _plural(1_234, "post")) == ("1 post", "1,234 posts")


def test_propose_needs_posts_not_the_index(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "notes/01-start.md": "# Start\n\nThe basics.\n",
        "notes/02-next.md": "# Next\n\nAfter [Start](01-start.md).\n",
        "notes/03-last.md": "# Last\n\nAfter [Next](02-next.md).\n"})
    code, out, _ = run("propose", "--to", "3", root=root)
    assert code == 0 and out.splitlines()[-1] == "1. [Last](03-last.md) - the goal, ~1 min"
    code, _, err = run("coverage", root=root)
    assert code == 2 and "no index found: looked for notes/README.md under" in err
    assert "(the README beside the numbered posts)" in err


_SWAP_TO_FIFO = """
import os, sys
import graph.paths_cli as pc
real = pc.implied_order
def swapped(g, path, speed):
    out = real(g, path, speed)
    index = os.path.join(sys.argv[1], "blog", "README.md")
    os.unlink(index)
    os.mkfifo(index)
    return out
pc.implied_order = swapped
from graph.cli import main
main(["paths", "-C", sys.argv[1], "apply", "operators", "--order"])
"""


def test_apply_does_not_block_on_an_index_replaced_by_a_fifo(tmp_path: Path) -> None:
    """The index is read again to be rewritten; a FIFO put there since the analysis read
    it is refused without being opened (a plain read blocked forever)."""
    root = tmp_path / "corpus"
    shutil.copytree(TESTS / "design" / "corpus", root)
    done = subprocess.run([sys.executable, "-c", _SWAP_TO_FIFO, str(root)], timeout=30,
                          capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Error: blog/README.md: cannot read: not a regular file but a named pipe (FIFO)")


@pytest.mark.parametrize("budget", ["nan", "inf", "-inf", "NaN"])
def test_a_budget_that_is_no_number_of_minutes_is_refused(budget: str) -> None:
    code, out, err = run("propose", "--to", "05-ops", "--budget", budget)
    assert code == 2 and out == ""
    assert "is not a number of minutes" in err or "is not in the range" in err
