"""`refgraph config`: the settings in effect, where each came from, and the series found."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from tests.conftest import TESTS, make_tree

FILES = {"notes/01-a.md": "# A\n", "notes/02-b.md": "# B\n", "notes/03-c.md": "# C\n",
         "notes/README.md": "# Notes\n"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_gives_each_setting_with_its_origin_and_the_series(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {**FILES, "refgraph.toml":
                                '# ours\nfail-on = "info"\n\n[rules]\norphan-doc = "off"\n'})
    code, out, err = run("config", str(root), "--ignore", "rg1", "--fail-on", "warning")
    assert (code, err) == (0, "")
    assert out == """\
# configuration: refgraph.toml
posts = "blog/[0-9]*.md"   # default
index = "blog/README.md"   # default
plan = "blog/BACKLOG.md"   # default
roots = []                 # default
exclude = []               # default
fail-on = "warning"        # --fail-on
rules = { RG501 = "off" }  # refgraph.toml:4
select = []                # default
ignore = ["RG1"]           # --ignore
max-file-size = 20971520   # default
reading-speed = 230        # default
tolerance = 0.25           # default
orphans-allow = []         # default
site = "auto"              # default
site-root = ""             # default
implied-extension = ".md"  # default

# series: detected (the folder with the most numbered Markdown files; all series: `refgraph series`)
# posts: /notes/[0-9]*.md, 3 files
# index: notes/README.md (found)
# plan: notes/BACKLOG.md (not found)
# site: github (default)
"""


def test_the_sites_found_are_shown(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {**FILES, "site/mkdocs.yml": "docs_dir: pages\n",
                                "site/pages/index.md": "# Home\n"})
    code, out, err = run("config", str(root))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "# site: mkdocs at site/pages/ (site/mkdocs.yml), github elsewhere (detected)")


def test_json_gives_the_same_with_the_posts_found(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {**FILES, "pyproject.toml":
                                '[project]\nname = "x"\n\n[tool.refgraph]\n'
                                'posts = "notes/0*.md"\nindex = "notes/INDEX.md"\n'})
    code, out, err = run("config", str(root), "--format", "json")
    assert code == 0
    assert err == "pyproject.toml:6: warning: index 'notes/INDEX.md' matches no file\n"
    data = json.loads(out)
    assert data["configuration"] == "pyproject.toml"
    assert data["settings"]["posts"] == {"value": "notes/0*.md", "from": "pyproject.toml:5"}
    assert data["settings"]["fail-on"] == {"value": "error", "from": "default"}
    assert data["series"] == {
        "found_by": "configured",
        "posts": {"pattern": "notes/0*.md",
                  "files": ["notes/01-a.md", "notes/02-b.md", "notes/03-c.md"]},
        "index": {"path": "notes/INDEX.md", "exists": False},
        "plan": {"path": "blog/BACKLOG.md", "exists": False}}
    assert data["site"] == {"name": "github", "from": "default", "sites": [
        {"kind": "github", "config": None, "source": "", "notes": []}]}


def test_without_a_configuration_everything_is_a_default(tmp_path: Path) -> None:
    code, out, _ = run("config", str(make_tree(tmp_path, {"README.md": "# R\n"})))
    assert code == 0
    assert out.startswith("# configuration: none (defaults)\n")
    assert "# series: the default layout\n# posts: blog/[0-9]*.md, 0 files\n" in out


def test_a_configuration_error_is_the_same_as_for_check(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"refgraph.toml": "\n\nmax-filesize = 1\n"})
    code, _, err = run("config", str(root))
    assert code == 2
    assert err == ("Error: refgraph.toml:3: unknown key 'max-filesize'; did you mean "
                   "'max-file-size'?\n")


def test_series_tables_are_named_before_the_single_series_layout(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "refgraph.toml": '[[series]]\nname = "a"\nposts = "a/*.md"\n\n'
                         '[[series]]\nname = "b"\nposts = "b/*.md"\n',
        "a/01-x.md": "# x\n", "b/01-y.md": "# y\n"})
    code, out, _ = run("config", str(root))
    assert code == 0
    assert "# series: 2 [[series]] tables (`refgraph series` shows their posts); without " \
           "them:\n" in out


COURSE = TESTS / "series" / "course-plans" / "corpus"
CONFIGURED = TESTS / "series" / "config" / "corpus"


def test_each_series_found_is_shown_with_where_its_index_and_plan_came_from() -> None:
    code, out, err = run("config", "--no-cache", str(COURSE))
    assert (code, err) == (0, "")
    assert out.split("\n# series: ", 1)[1] == """\
2 found (below); the single-series keys alone would give:
# posts: /01-basics/[0-9]*.md, 4 files
# index: 01-basics/README.md (found)
# plan: 01-basics/BACKLOG.md (found)
# series found: 2 (their posts in order: `refgraph series`)
#   01-basics: found by folder, 4 posts
#     index: 01-basics/README.md (beside its posts)
#     plan: 01-basics/BACKLOG.md (beside its posts)
#   02-models: found by folder, 4 posts
#     index: 02-models/README.md (beside its posts)
#     plan: 02-models/PLAN.md (beside its posts)
# site: github (default)
"""
    code, out, _ = run("config", "--no-cache", str(COURSE), "--format", "json")
    assert code == 0
    assert json.loads(out)["all_series"] == [
        {"name": name, "found_by": "folder", "how": "folder", "posts": 4,
         "index": {"path": f"{name}/README.md", "from": "beside its posts"},
         "plan": {"path": f"{name}/{plan}", "from": "beside its posts"}}
        for name, plan in (("01-basics", "BACKLOG.md"), ("02-models", "PLAN.md"))]


def test_a_series_table_is_shown_with_its_line() -> None:
    code, out, err = run("config", "--no-cache", str(CONFIGURED))
    assert (code, err) == (0, "")
    assert out.split("# series found: ", 1)[1] == """\
1 (their posts in order: `refgraph series`)
#   Operator guide: found by config ([[series]] at refgraph.toml:1), 3 posts
#     index: guide/README.md (refgraph.toml:1)
#     plan: none (no BACKLOG.md, PLAN.md or ROADMAP.md beside it)
# site: github (default)
"""
    code, out, _ = run("config", "--no-cache", str(CONFIGURED), "--format", "json")
    assert json.loads(out)["all_series"] == [{
        "name": "Operator guide", "found_by": "config",
        "how": "[[series]] at refgraph.toml:1", "posts": 3,
        "index": {"path": "guide/README.md", "from": "refgraph.toml:1"},
        "plan": {"path": None, "from": "no BACKLOG.md, PLAN.md or ROADMAP.md beside it"}}]


def test_a_table_without_plan_takes_the_one_beside_its_index(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "refgraph.toml": '[[series]]\nname = "a"\nposts = "a/lessons/*.md"\n'
                         'index = "a/README.md"\n\n'
                         '[[series]]\nname = "b"\nposts = "b/*.md"\nindex = "b/INDEX.md"\n'
                         'plan = "b/PLAN.md"\n',
        "a/README.md": "# A\n", "a/BACKLOG.md": "# Plan\n", "a/lessons/01-x.md": "# x\n",
        "b/01-y.md": "# y\n", "b/02-z.md": "# z\n"})
    code, out, _ = run("config", "--no-cache", str(root))
    assert code == 0
    assert out.split("# series found: ", 1)[1].splitlines()[1:-1] == [
        "#   a: found by config ([[series]] at refgraph.toml:1), 1 post",
        "#     index: a/README.md (refgraph.toml:1)",
        "#     plan: a/BACKLOG.md (beside its index)",
        "#   b: found by config ([[series]] at refgraph.toml:6), 2 posts",
        "#     index: none (b/INDEX.md not found; refgraph.toml:6)",
        "#     plan: none (b/PLAN.md not found; refgraph.toml:6)"]


def test_a_single_series_is_shown_once(tmp_path: Path) -> None:
    """The keys' own series is the lines above; JSON still lists it among the series."""
    root = make_tree(tmp_path, FILES)
    code, out, _ = run("config", "--no-cache", str(root))
    assert code == 0 and "# series found" not in out
    code, out, _ = run("config", "--no-cache", str(root), "--format", "json")
    assert json.loads(out)["all_series"] == [{
        "name": "notes", "found_by": "folder",
        "how": "the folder with the most numbered Markdown files", "posts": 3,
        "index": {"path": "notes/README.md", "from": "detected"},
        "plan": {"path": None, "from": "no BACKLOG.md, PLAN.md or ROADMAP.md beside it"}}]
