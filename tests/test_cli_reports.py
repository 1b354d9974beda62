"""`refgraph check` for CI: several formats from one run, atomic --output, baselines and
the GitHub step summary."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.cli
from graph.cli import main
from tests.conftest import ROOT
from tests.example_fixes import FIXES

EXAMPLE = ROOT / "examples" / "pyralog-like"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, root)
    return root


def test_several_formats_from_one_analysis(tmp_path: Path, monkeypatch) -> None:
    calls = []
    real = graph.cli.analyze_incrementally
    monkeypatch.setattr(graph.cli, "analyze_incrementally",
                        lambda *a, **k: calls.append(a) or real(*a, **k))
    sarif, junit = tmp_path / "a.sarif", tmp_path / "report.xml"
    code, out, _ = run("check", str(EXAMPLE), "--format", "sarif", "--output", str(sarif),
                       "--format", "text", "--format", "junit", "-o", str(junit))
    assert code == 1 and len(calls) == 1
    assert out.endswith("Found 48 findings (10 errors, 29 warnings, 9 info) in 29 Markdown "
                        "files, 165 links.\n")
    assert json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0"
    assert junit.read_text("utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_output_before_its_only_format_is_fine(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, out, _ = run("check", str(EXAMPLE), "--output", str(report), "--format", "json")
    assert code == 1 and out == ""
    assert json.loads(report.read_text("utf-8"))["summary"]["findings"] == 48


def test_output_without_a_format_before_it_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(EXAMPLE), "--format", "json", "-o", str(tmp_path / "a"),
                       "-o", str(tmp_path / "b"), "--format", "text")
    assert code == 2
    assert "each --output must follow the --format it is for" in err
    assert not (tmp_path / "a").exists()


def test_output_is_written_atomically(tmp_path: Path, monkeypatch) -> None:
    report = tmp_path / "r.sarif"
    report.write_text("old report\n", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    code, _, err = run("check", str(EXAMPLE), "--format", "sarif", "-o", str(report))
    assert code == 2 and f"cannot write {report}: No space left on device" in err
    assert report.read_text("utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.sarif"]  # no temp file left


def test_output_into_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("check", str(EXAMPLE), "--format", "json",
                       "-o", str(tmp_path / "no" / "r.json"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "cannot write" in err


def test_baseline_round_trip(corpus: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, out, err = run("baseline", "write", str(baseline), str(corpus))
    assert code == 0 and out == "" and "wrote 48 findings" in err
    entries = json.loads(baseline.read_text("utf-8"))["findings"]
    assert len(entries) == 48 and all(e["fingerprint"] for e in entries)

    code, out, _ = run("check", str(corpus), "--baseline", str(baseline))
    assert code == 0
    assert out.splitlines()[-2:] == [
        "No findings in 29 Markdown files, 165 links.",
        f"baseline {baseline}: 48 known findings not shown"]

    # unrelated edits: lines added above every finding of a file keep them known
    post = corpus / "blog" / "05-columnar-by-default.md"
    post.write_text("\n\n\n" + post.read_text("utf-8"), encoding="utf-8")
    # one planted defect fixed, one new broken link
    path, old, new = next(f for f in FIXES if f[0] == "blog/02-the-write-path.md")
    fixed = corpus / path
    fixed.write_text(fixed.read_text("utf-8").replace(old, new), encoding="utf-8")
    notes = corpus / "blog" / "03-replication-without-drama.md"
    notes.write_text(notes.read_text("utf-8") + "\nSee [the ops doc](../OPS.md).\n",
                     encoding="utf-8")

    code, out, _ = run("check", str(corpus), "--baseline", str(baseline))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("blog/03-replication-without-drama.md:")
    assert "RG101 error link to ../OPS.md, but OPS.md does not exist" in lines[0]
    assert lines[1].startswith("Found 1 finding (1 error)")
    assert lines[2] == f"baseline {baseline}: 47 known findings not shown"
    assert lines[3].startswith(f"baseline {baseline}: 1 entry fixed since it was written")
    assert "blog/02-the-write-path.md:46 RG101" in lines[3]


def test_baseline_status_goes_to_stderr_when_stdout_is_not_text(corpus: Path,
                                                               tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    run("baseline", "write", str(baseline), str(corpus))
    code, out, err = run("check", str(corpus), "--baseline", str(baseline), "--format", "json")
    assert code == 0
    assert json.loads(out)["scope"]["baseline_known"] == 48
    assert "48 known findings not shown" in err


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "b.json:1: not a refgraph baseline (invalid JSON)"),
    ('{"tool": "other", "findings": []}', "b.json: not a refgraph baseline"),
    ('{"tool": "refgraph", "version": 9, "findings": []}', "baseline version 9"),
])
def test_bad_baseline_is_a_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(content, encoding="utf-8")
    code, _, err = run("check", str(EXAMPLE), "--baseline", str(baseline))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_missing_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(EXAMPLE), "--baseline", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json: cannot read baseline" in err


def test_github_format_appends_a_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, out, _ = run("check", str(EXAMPLE), "--format", "github",
                       env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1 and out.count("\n") == 48
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n### refgraph: Found 48 findings")
    assert "| RG101 | dangling-file-link | error | 3 |" in text


def test_no_step_summary_without_the_github_format(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    run("check", str(EXAMPLE), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_paths_in_ci_formats_are_relative_to_the_working_directory(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run("check", "examples/pyralog-like", "--format", "github")
    assert "file=examples/pyralog-like/blog/02-the-write-path.md,line=46,col=59" in out
    code, out, _ = run("check", "examples/pyralog-like")
    assert out.startswith("CHANGELOG.md:1:1:")  # text stays relative to the checked root


def test_baseline_survives_a_post_growing_by_a_word(corpus: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    run("baseline", "write", str(baseline), str(corpus))
    post = corpus / "blog" / "08-node-roles.md"  # RG206: "post has 346 words"
    post.write_text(post.read_text("utf-8").replace("\n\n", "\n\nWord.\n\n", 1), "utf-8")
    code, out, _ = run("check", str(corpus), "--baseline", str(baseline), "--fail-on", "info")
    assert code == 0, out
    assert "fixed" not in out


def test_baseline_names_the_copy_that_was_fixed(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    doc = root / "README.md"
    doc.write_text("# R\n\n[x](MISSING.md)\n\ntext\n\n[x](MISSING.md)\n", "utf-8")
    baseline = tmp_path / "b.json"
    run("baseline", "write", str(baseline), str(root))
    doc.write_text("# R\n\nfixed\n\ntext\n\n[x](MISSING.md)\n", "utf-8")
    code, out, _ = run("check", str(root), "--baseline", str(baseline))
    assert code == 0
    assert out.splitlines()[-1].endswith("drop them): README.md:3 RG101")
    # a third copy added above the others is the new one, not an old one that moved
    doc.write_text("[x](MISSING.md)\n# R\n\n[x](MISSING.md)\n\ntext\n\n[x](MISSING.md)\n",
                   "utf-8")
    code, out, _ = run("check", str(root), "--baseline", str(baseline))
    assert code == 1 and out.startswith("README.md:1:1: RG101")


def test_rules_not_run_leave_baseline_entries_alone(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    run("baseline", "write", str(baseline), str(EXAMPLE))
    code, out, _ = run("check", str(EXAMPLE), "--baseline", str(baseline), "--select", "RG1")
    assert code == 0 and "fixed" not in out
    assert out.splitlines()[-1] == f"baseline {baseline}: 11 known findings not shown"


def test_conflicting_outputs_are_usage_errors(tmp_path: Path) -> None:
    same = str(tmp_path / "r")
    code, _, err = run("check", str(EXAMPLE), "--format", "json", "-o", same,
                       "--format", "sarif", "-o", same)
    assert code == 2 and "two --output options name the same file" in err
    code, _, err = run("check", str(EXAMPLE), "--format", "json", "--format", "sarif")
    assert code == 2 and "json and sarif cannot share standard output" in err
    code, out, _ = run("check", str(EXAMPLE), "--format", "github", "--format", "text")
    assert code == 1 and out.count("::") >= 48 and "Found 48 findings" in out
    code, out, _ = run("check", str(EXAMPLE), "--format", "json", "-o", "-",
                       "--format", "sarif", "-o", str(tmp_path / "s"))
    assert code == 1 and json.loads(out)["summary"]["findings"] == 48


def test_output_through_a_symlink_keeps_the_link_and_the_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", "utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, _ = run("check", str(EXAMPLE), "--format", "json", "-o", str(link))
    assert code == 1 and link.is_symlink()
    assert json.loads(real.read_text("utf-8"))["version"] == 1
    assert real.stat().st_mode & 0o777 == 0o640


def test_unwritable_step_summary_is_a_warning(tmp_path: Path) -> None:
    summary = tmp_path / "missing-dir" / "summary.md"
    code, out, err = run("check", str(EXAMPLE), "--format", "github",
                         env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1 and out.count("\n") == 48
    assert "cannot append to GITHUB_STEP_SUMMARY" in err
