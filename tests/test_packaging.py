"""The package a user installs: `import refgraph`, `python -m refgraph`, a fast `--version`,
shell completion, the report schema shipped inside."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points, version

from click.testing import CliRunner

import refgraph
from refgraph.cli import main
from tests.conftest import TESTS

CLEAN = TESTS / "corpora" / "clean-series" / "corpus"


def test_python_dash_m_refgraph_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "refgraph", "check", str(CLEAN)],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "No findings in 5 Markdown files, 9 links.\n")


def test_version_imports_no_part_of_the_graph_stack() -> None:
    """`--version` (and the group itself) must not import networkx, markdown-it-py or the
    rules: that is what made it take half a second."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "refgraph", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.endswith(f"version {version('refgraph')}\n")
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert not {"networkx", "markdown_it", "graph", "docs_index", "posts"} & imported


def test_schema_imports_neither_networkx_nor_the_reader() -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "refgraph", "schema"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and '"$id": "refgraph-report-v1.json"' in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert not {"networkx", "markdown_it", "docs_index.corpus", "graph.api"} & imported


def test_the_lazy_group_has_the_commands_of_graph_cli() -> None:
    from graph.cli import main as full

    ctx = main.make_context("refgraph", ["--help"], resilient_parsing=True)
    assert main.list_commands(ctx) == full.list_commands(ctx)
    for name in full.list_commands(ctx):
        assert main.get_command(ctx, name) is full.get_command(ctx, name)


def test_the_executable_is_refgraph_cli_run() -> None:
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts["refgraph"] == "refgraph.cli:run"


def test_refgraph_is_the_importable_face() -> None:
    result = refgraph.analyze(CLEAN)
    assert result.findings == []
    assert result.graph.nodes["STORAGE.md"]["kind"] == refgraph.NodeKind.DOC
    assert {"analyze", "load_graph", "Config", "ReadOptions", "EdgeKind"} <= set(dir(refgraph))
    for name in refgraph.__all__:
        assert getattr(refgraph, name) is not None
    out = CliRunner().invoke(main, ["check", str(CLEAN)])
    assert (out.exit_code, out.stdout) == (0, "No findings in 5 Markdown files, 9 links.\n")


def test_shell_completion_completes_commands_and_options() -> None:
    def complete(words: str) -> str:
        env = {"_REFGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split()) - 1)}
        return CliRunner().invoke(main, [], env=env, prog_name="refgraph").output

    assert complete("refgraph pa") == "plain,paths\n"
    assert "plain,--fail-on" in complete("refgraph check --fail").splitlines()
    assert complete("refgraph explain RG10").splitlines()[:2] == ["plain,RG101", "plain,RG102"]
    assert complete("refgraph explain dangling-a") == "plain,dangling-anchor\n"
    source = CliRunner().invoke(main, [], env={"_REFGRAPH_COMPLETE": "bash_source"},
                                prog_name="refgraph").output
    assert "_refgraph_completion" in source


def test_the_readme_python_example_runs_with_the_refgraph_import(monkeypatch,
                                                                  capsys) -> None:
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks[0].startswith("from refgraph import ")
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}  # each block goes on from the one before, as in a shell
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "RG101" in out
    # the headings the series links to, read from the lean graph's attributes
    assert "blog/04-segments-and-compaction.md:76:21 Leveled Compaction" in out
