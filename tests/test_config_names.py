"""Configuration errors name the line of the offending key or value; rule ids and names
are taken in any case everywhere a rule is named, with a guess for a misspelling."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.checks import RULE_NAMES
from graph.cli import main
from tests.conftest import ROOT, make_tree

DANGLING = {"README.md": "# Doc\n\nSee [x](STORAGE.md#nope).\n", "STORAGE.md": "# Storage\n"}
"""One RG102 (dangling-anchor) finding and nothing else."""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def corpus(tmp_path: Path, files: dict[str, str]) -> str:
    return str(make_tree(tmp_path / "corpus", {**DANGLING, **files}))


@pytest.mark.parametrize(("name", "toml", "error"), [
    ("refgraph.toml", '# settings\nfail-on = "error"\n\nrules = { RG999 = "off" }\n',
     "refgraph.toml:4: unknown rule 'RG999'"),
    ("refgraph.toml", '# settings\nfail-on = "error"\n\n[bogus]\nx = 1\n',
     "refgraph.toml:4: unknown key 'bogus'"),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.refgraph]\nfail-on = "error"\n'
     'rules = { RG501 = "off", RG998 = "info" }\n', "pyproject.toml:6: unknown rule 'RG998'"),
    ("pyproject.toml", '[tool.refgraph]\nfail-on = "error"\n\n[tool.refgraph.rules]\n'
     'RG501 = "off"\nRG101 = "loud"\n', "pyproject.toml:6: RG101 must be one of"),
    ("refgraph.toml", 'select = [\n  "RG1",\n  # a comment\n  "RG9",\n]\n',
     "refgraph.toml:4: unknown rule 'RG9'"),
    ("refgraph.toml", 'exclude = [\n  "a/",\n  3,\n]\n',
     "refgraph.toml:3: exclude must be a list of strings, got 3 (an integer)"),
    ("refgraph.toml", 'index = """\nposts = 1\n"""\nrules.RG101 = "off"\nrules.RG9 = "x"\n',
     "refgraph.toml:5: unknown rule 'RG9'"),
    ("refgraph.toml", 'posts = "blog/*.md"\n\n"fail_on" = "warning"\n',
     "refgraph.toml:3: unknown key 'fail_on'; did you mean 'fail-on'?"),
    ("refgraph.toml", 'roots = [\n  "README.md",\n  "nowhere",\n]\n',
     "refgraph.toml:3: roots entry 'nowhere' does not exist"),
])
def test_config_errors_name_the_line_of_the_key_or_value(tmp_path: Path, name: str, toml: str,
                                                          error: str) -> None:
    code, _, err = run("check", corpus(tmp_path, {name: toml}))
    assert (code, err.count("\n")) == (2, 1), err
    assert f"Error: {error}" in err


README_BLOCK = re.search(r"```toml\n(\[tool\.refgraph\]\n.*?)```",
                         (ROOT / "README.md").read_text("utf-8"), re.DOTALL)


def test_the_readme_block_pasted_into_refgraph_toml_is_read(tmp_path: Path) -> None:
    assert README_BLOCK is not None
    root = corpus(tmp_path, {"refgraph.toml": README_BLOCK.group(1).replace(
        'rules = {', 'rules = { RG102 = "warning",')})
    (Path(root) / "docs" / "archive").mkdir(parents=True)
    code, out, err = run("check", root)
    assert code == 0
    assert "Error" not in err  # only warnings that the block's blog/ is not there
    assert " RG102 warning " in out


def test_other_tool_tables_in_refgraph_toml_are_an_error(tmp_path: Path) -> None:
    code, _, err = run("check", corpus(tmp_path, {
        "refgraph.toml": '[tool.refgraph]\nfail-on = "info"\n\n[tool.ruff]\nx = 1\n'}))
    assert code == 2
    assert ("Error: refgraph.toml:4: unknown table [tool.ruff]; refgraph.toml takes its "
            "settings at the top level (or under [tool.refgraph])") in err


def test_settings_both_at_the_top_level_and_under_tool_refgraph_are_an_error(
        tmp_path: Path) -> None:
    code, _, err = run("check", corpus(tmp_path, {
        "refgraph.toml": 'posts = "blog/*.md"\n\n[tool.refgraph]\nfail-on = "info"\n'}))
    assert code == 2
    assert ("Error: refgraph.toml:1: posts is at the top level but other settings are under "
            "[tool.refgraph]; keep them in one place") in err


@pytest.mark.parametrize("spelled", ["RG102", "rg102", "dangling-anchor", "DANGLING-ANCHOR",
                                     "Dangling-Anchor", " rg1 "])
def test_a_rule_is_named_by_id_or_name_in_any_case_everywhere(tmp_path: Path,
                                                               spelled: str) -> None:
    assert run("check", corpus(tmp_path / "cli", {}), "--ignore", spelled)[0] == 0
    assert run("check", corpus(tmp_path / "sel", {}), "--select", f"RG5,{spelled}")[0] == 1
    config = f'ignore = ["{spelled}"]\n'
    assert run("check", corpus(tmp_path / "ignore", {"refgraph.toml": config}))[0] == 0
    if spelled.strip() != "rg1":  # a prefix selects a family; `rules` names one rule
        config = f'rules = {{ "{spelled}" = "info" }}\n'
        code, out, _ = run("check", corpus(tmp_path / "rules", {"refgraph.toml": config}))
        assert (code, " RG102 info " in out) == (0, True)
        code, out, _ = run("explain", spelled)
        assert (code, out.splitlines()[0]) == (0, "# RG102 dangling-anchor")
        suppressed = {"README.md": f"# Doc\n\n<!-- refgraph-disable-next-line {spelled} -->\n"
                                   "See [x](STORAGE.md#nope).\n"}
        code, out, _ = run("check", corpus(tmp_path / "comment", suppressed))
        assert (code, out) == (0, "No findings in 2 Markdown files, 1 link.\n")


def test_a_rule_set_twice_under_two_spellings_is_an_error(tmp_path: Path) -> None:
    config = 'rules = { RG102 = "info", dangling-anchor = "off" }\n'
    code, _, err = run("check", corpus(tmp_path, {"refgraph.toml": config}))
    assert code == 2
    assert ("Error: refgraph.toml:1: dangling-anchor names RG102, which rules already "
            "sets") in err


@pytest.mark.parametrize(("args", "toml", "error"), [
    (("check",), "max-filesize = 10\n",
     "refgraph.toml:1: unknown key 'max-filesize'; did you mean 'max-file-size'?"),
    (("check",), "max_file_size = 10\n",
     "refgraph.toml:1: unknown key 'max_file_size'; did you mean 'max-file-size'?"),
    (("check",), 'fail-on = "error"\nrules = { dangling-ancor = "off" }\n',
     "refgraph.toml:2: unknown rule 'dangling-ancor'; did you mean 'dangling-anchor'?"),
    (("check",), 'ignore = ["RG1O2"]\n',
     "refgraph.toml:1: unknown rule 'RG1O2'; did you mean 'RG102'?"),
    (("check", "--ignore", "dangling-ancor"), "",
     "Invalid value for --select/--ignore: unknown rule 'dangling-ancor'; did you mean "
     "'dangling-anchor'?"),
    (("explain", "orphan-docs"), "",
     "Invalid value for RULE: unknown rule 'orphan-docs'; did you mean 'orphan-doc'?"),
    (("check",), "colour = 1\n",
     "refgraph.toml:1: unknown key 'colour'; expected one of exclude, fail-on,"),
    (("check",), 'rules = { RG999 = "off" }\n', "refgraph.toml:1: unknown rule 'RG999'\n"),
])
def test_unknown_keys_and_rules_get_a_guess(tmp_path: Path, args: tuple[str, ...], toml: str,
                                            error: str) -> None:
    root = corpus(tmp_path, {"refgraph.toml": toml} if toml else {})
    code, _, err = run(*args, *((root,) if args[0] == "check" else ()))
    assert code == 2
    assert error in err


@pytest.mark.parametrize(("spelled", "resolved"), [
    ("RG102", "RG102"), ("rg102", "RG102"), ("dangling-anchor", "RG102"),
    ("DANGLING-ANCHOR", "RG102"), ("rg1", "RG1"), ("RG", "RG"), ("rg1o2", None),
    ("dangling", None), ("", None),
])
def test_selector_resolution(spelled: str, resolved: str | None) -> None:
    assert RULE_NAMES.resolve_selector(spelled) == resolved


def test_deeply_nested_arrays_are_a_config_error_not_a_crash(tmp_path: Path) -> None:
    # tomllib recurses per level; 5,000 levels overflowed Python's stack with a traceback
    root = corpus(tmp_path, {"refgraph.toml": "select = " + "[" * 5000 + "]" * 5000 + "\n"})
    done = subprocess.run([sys.executable, "-m", "refgraph", "check", root],
                          capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stderr) == (2, "Error: refgraph.toml: invalid TOML: arrays "
                                                 "or inline tables nested too deeply\n")
