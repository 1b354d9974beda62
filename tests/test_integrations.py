"""The GitHub Action's script and the pre-commit hook, run as CI and pre-commit run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT, TESTS

BIN = Path(sys.executable).parent


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(name: str) -> dict:
    return next(s for s in _action()["runs"]["steps"] if s.get("name") == name)


@pytest.mark.skipif(shutil.which("refgraph", path=str(BIN)) is None or not shutil.which("bash"),
                    reason="needs the installed refgraph script and bash")
@pytest.mark.parametrize(("fail_on", "code"), [("error", "1"), ("never", "0")])
def test_action_run_step_reports_and_records_the_exit_code(tmp_path: Path, fail_on: str,
                                                           code: str) -> None:
    step = _step("Run refgraph")
    outputs, sarif = tmp_path / "outputs", tmp_path / "out.sarif"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "GITHUB_OUTPUT": str(outputs), "REFGRAPH_PATH": "examples/pyralog-like",
           "REFGRAPH_FAIL_ON": fail_on, "REFGRAPH_BASELINE": "", "REFGRAPH_DIFF_BASE": "",
           "REFGRAPH_SARIF": str(sarif)}
    env.pop("GITHUB_STEP_SUMMARY", None)
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr  # the step records the code, a later one fails
    assert outputs.read_text(encoding="utf-8") == f"sarif=true\nexit-code={code}\n"
    assert done.stdout.count("::error file=examples/pyralog-like/") == 10
    assert len(json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]) == 48


def test_action_passes_inputs_through_the_environment() -> None:
    step = _step("Run refgraph")
    assert "${{" not in step["run"]  # no input is spliced into the script's text
    assert set(step["env"]) == {"REFGRAPH_PATH", "REFGRAPH_FAIL_ON", "REFGRAPH_BASELINE",
                                "REFGRAPH_DIFF_BASE", "REFGRAPH_SARIF"}
    inputs = _action()["inputs"]
    for name in ("path", "fail-on", "baseline", "diff-base", "sarif-file"):
        assert name in inputs and inputs[name]["description"]


def test_pre_commit_hook_runs_a_check() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["always_run"] is True  # deleting a doc breaks links in untouched files
    program, *args = hook["entry"].split()
    assert program == "refgraph"
    clean = TESTS / "corpora" / "clean-series" / "corpus"
    assert CliRunner().invoke(main, [*args, str(clean)]).exit_code == 0
