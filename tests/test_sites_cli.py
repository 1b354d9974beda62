"""A run says how it read the corpus: one stderr line naming the sites, and `sites` in the
JSON report; a GitHub-only corpus says nothing new."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from graph.cli import main
from graph.report.json import schema_text
from tests.conftest import ROOT, make_tree

SITE = {
    "mkdocs.yml": "site_name: x\nmarkdown_extensions:\n  - toc:\n"
                  "      slugify: !!python/name:my.own.slugify\n",
    "docs/index.md": "# Home\n\nSee [the guide](guide.md#Setup).\n",
    "docs/guide.md": "# Guide\n\n## Setup\n",
    "README.md": "# R\n\n[Docs](docs/index.md), [setup](docs/guide.md#Setup).\n",
}


def test_the_run_names_the_sites_it_read_and_what_it_did_not_understand(
        tmp_path: Path) -> None:
    root = make_tree(tmp_path, SITE)
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache"])
    assert result.stderr == (
        "refgraph: sites: mkdocs at docs/ (mkdocs.yml), github elsewhere\n"
        "refgraph: mkdocs.yml:4: toc slugify my.own.slugify is not one refgraph knows (it "
        "is never run); heading ids are made as by the default\n")
    # the MkDocs page's link is broken on the site; the README's works on GitHub
    assert result.stdout.splitlines()[:2] == [
        "README.md:3:24: RG105 warning link to docs/guide.md#Setup matches the anchor #setup "
        "only when case is ignored (link to docs/guide.md#setup)",
        "docs/index.md:3:5: RG105 error link to guide.md#Setup matches the anchor #setup only "
        "when case is ignored (link to guide.md#setup)"]
    assert result.exit_code == 1


def test_the_json_report_lists_the_sites_and_keeps_to_its_schema(tmp_path: Path) -> None:
    root = make_tree(tmp_path, SITE)
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["sites"] == [
        {"kind": "mkdocs", "config": "mkdocs.yml", "source": "docs",
         "notes": ["mkdocs.yml:4: toc slugify my.own.slugify is not one refgraph knows (it "
                   "is never run); heading ids are made as by the default"]},
        {"kind": "github", "config": None, "source": "", "notes": []}]
    jsonschema.validate(report, json.loads(schema_text()))


def test_the_sarif_run_lists_the_sites_in_its_properties(tmp_path: Path) -> None:
    root = make_tree(tmp_path, SITE)
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache", "--format", "sarif"])
    run = json.loads(result.stdout)["runs"][0]
    assert [s["kind"] for s in run["properties"]["sites"]] == ["mkdocs", "github"]
    schema = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(
        encoding="utf-8"))
    jsonschema.validate(json.loads(result.stdout), schema)


def test_site_github_reads_an_mkdocs_repository_as_github_shows_it(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {**SITE, "refgraph.toml": 'site = "github"\n'})
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert (result.stderr, "sites" in report) == ("", False)
    assert {f["severity"] for f in report["findings"] if f["rule"] == "RG105"} == {"warning"}


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    """`refgraph check` in a child process with a hard timeout and a memory cap, for inputs
    that would hang (a FIFO opened) or blow up (aliases expanded) if read carelessly."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30));"
            "from refgraph.cli import run; sys.argv = ['refgraph', 'check', '--no-cache', "
            f"{str(root)!r}]; run()")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, cwd=ROOT)


def test_an_mkdocs_yml_that_is_a_fifo_is_never_opened(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"docs/index.md": "# Home\n\n[a](#home)\n"})
    os.mkfifo(root / "mkdocs.yml")
    result = run_check(root)
    assert result.stderr.splitlines() == [
        "refgraph: sites: mkdocs at docs/ (mkdocs.yml), github elsewhere",
        "refgraph: mkdocs.yml: not a regular file but a named pipe (FIFO); MkDocs' defaults "
        "are used"]
    assert result.returncode == 0, result.stdout


def test_an_alias_bomb_in_mkdocs_yml_is_not_expanded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    lines += ["markdown_extensions: *a8", "plugins: *a8", "docs_dir: docs"]
    root = make_tree(tmp_path, {"mkdocs.yml": "\n".join(lines) + "\n",
                                "docs/index.md": "# Home\n"})
    result = run_check(root)
    assert result.stderr == "refgraph: sites: mkdocs at docs/ (mkdocs.yml), github elsewhere\n"
    assert result.returncode == 0, result.stdout


def test_docs_dir_above_the_root_is_said_and_not_read(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "r", {"mkdocs.yml": "docs_dir: ../elsewhere\n",
                                      "README.md": "# R\n"})
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache"])
    assert result.stderr == ("refgraph: mkdocs.yml: docs_dir '../elsewhere' is outside the "
                             "checked root; the site is not read\n")
    assert result.exit_code == 0


def test_site_root_makes_a_generic_site_the_run_and_config_name(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "refgraph.toml": 'fail-on = "error"\nsite-root = "docs/content"\n',
        "docs/content/commands/npm-team.md": "# npm team\n\n[access](/commands/npm-acess)\n",
        "docs/content/commands/npm-access.md": "# npm access\n\n[team](npm-team)\n",
        "README.md": "# R\n\n[team](docs/content/commands/npm-team.md)\n",
    })
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache"])
    assert result.stderr == "refgraph: sites: generic at docs/content/, github elsewhere\n"
    assert result.stdout.splitlines()[0] == (  # a site's page is no orphan (RG501)
        "docs/content/commands/npm-team.md:3:1: RG101 error link to /commands/npm-acess, but "
        "docs/content/commands/npm-acess.md does not exist (did you mean "
        "/commands/npm-access?)")
    shown = CliRunner().invoke(main, ["config", str(root)])
    assert "# site: generic at docs/content/, github elsewhere (refgraph.toml:2)" in (
        shown.stdout.splitlines())
