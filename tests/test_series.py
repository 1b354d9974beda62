"""Series discovery, the `[[series]]` tables and `refgraph series`, on corpora on disk: each
case's `series.txt` and `series.json` are what `refgraph series` prints for it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import analyze
from graph.cli import main
from graph.config import ConfigError, load_config
from posts.discover import name_part, title_part
from posts.series import Place, name_place, word_numbered
from refgraph import EdgeKind, NodeKind
from tests.conftest import TESTS, compare_golden

CASES = sorted([*(TESTS / "series").iterdir(),
                *(TESTS / "corpora" / name for name in (
                    "rg301-course-modules", "rg302-dated-blog-parts", "clean-numbered-book"))])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_series_lists_what_was_planted(case: Path, update_golden: bool) -> None:
    runner = CliRunner()
    for fmt, golden in (("text", "series.txt"), ("json", "series.json")):
        result = runner.invoke(main, ["series", "--no-cache", "--format", fmt,
                                      str(case / "corpus")])
        assert result.exit_code == 0, result.output
        compare_golden(case / golden, result.stdout, update_golden)
    listed = json.loads((case / "series.json").read_text(encoding="utf-8"))
    assert all(set(s) == {"name", "found_by", "index", "plan", "posts"} for s in listed)


@pytest.mark.parametrize("case", [c for c in CASES if c.parent.name == "series"
                                  and not (c / "expected.txt").exists()],
                         ids=lambda c: c.name)
def test_each_discovery_way_gives_a_clean_series(case: Path) -> None:
    """Each corpus of `tests/series/` links its posts in the order found: no finding (a
    case with planted defects has them in its `expected.txt`)."""
    assert analyze(case / "corpus").findings == []


@pytest.mark.parametrize(("name", "place"), [
    ("blog/07-x.md", Place(number=7)),
    ("m/07-x-upd.md", Place(number=7)),
    ("src/ch03-02-data-types.md", Place(number=3, sub=2, word="chapter")),
    ("src/ch03-intro.md", Place(number=3, word="chapter")),
    ("part-4.md", Place(number=4, word="part")),
    ("lesson_12-loops.md", Place(number=12, word="lesson")),
    ("_posts/2018-05-01-raft.md", Place(date="2018-05-01")),
    ("_posts/2018-02-30-typo.md", None),
    ("10-2pc.md", Place(number=10)),
    ("notes/4_1_2_what_is_dbt.md", Place(number=4, sub=1, subsub=2)),
    ("notes/01-02-03-04-x.md", Place(number=1, sub=2, subsub=3)),
    ("README.md", None),
    ("123456-big.md", None),
    ("notes/06-core-01-projects.md", Place(number=6)),  # alone: no pattern in its folder
    ("01-intro-step-1.md", Place(number=1)),
    ("01b-saturn-cloud.md", Place(number=1, letter="b")),
    ("01B-saturn-cloud.md", Place(number=1, letter="b")),
    ("02-python-3-features.md", Place(number=2)),
    ("03-top-10-tips.md", Place(number=3)),
    ("05-covid-2020.md", Place(number=5)),
    ("07-x-2.md", Place(number=7)),
    ("3d-printing.md", None),
])
def test_name_place(name: str, place: Place | None) -> None:
    assert name_place(name) == place


FOLDER = ["notes/06-core-01-projects.md", "notes/06-Core-02-pipelines.md", "notes/07-x.md",
          "notes/07-x-2.md", "notes/02-python-3-features.md", "other/06-core-03-x.md"]


@pytest.mark.parametrize(("name", "place"), [
    ("notes/06-core-01-projects.md", Place(number=6, sub=1)),
    ("notes/06-Core-02-pipelines.md", Place(number=6, sub=2)),  # the word in any case
    ("notes/07-x-2.md", Place(number=7)),  # one `07-x-N` name: a slug, not lesson 7.2
    ("notes/02-python-3-features.md", Place(number=2)),
    ("other/06-core-03-x.md", Place(number=6)),  # the pattern is its folder's, not another's
])
def test_name_place_sub_numbers_only_a_folders_pattern(name: str, place: Place) -> None:
    """`N-word-M` is module N, lesson M only where two or more files of the folder share
    `N-word-` (data-engineering-zoomcamp's `06-core-01-…` … `06-core-05-…`)."""
    assert word_numbered(FOLDER) == {("notes", 6, "core")}
    assert name_place(name, word_numbered(FOLDER)) == place


@pytest.mark.parametrize(("title", "found"), [
    ("Consensus Deep Dive, Part 2: Raft", ("Consensus Deep Dive", 2)),
    ("Building a Storage Engine (2/3)", ("Building a Storage Engine", 2)),
    ("Indexes: 3 of 4", ("Indexes", 3)),
    ("Part 1: Getting Started", ("Getting Started", 1)),
    ("Why partitions matter", None),
    ("Part 1", None),
    ("x" * 100_000 + " part 1", None),
])
def test_title_part(title: str, found: tuple[str, int] | None) -> None:
    assert title_part(title) == found


@pytest.mark.parametrize(("name", "found"), [
    ("_posts/2021-04-06-setting-up-my-blog-part-01.md", ("setting up my blog", 1)),
    ("guide/install_part_2.md", ("install", 2)),
    ("part-2.md", None),
    ("_posts/2021-06-01-notes-on-parting.md", None),
    ("_posts/2021-06-01-" + "x-" * 50_000 + "part-1.md", None),
])
def test_name_part(name: str, found: tuple[str, int] | None) -> None:
    assert name_part(name) == found


def _findings(root: Path) -> list[str]:
    return [f"{f.loc.path}:{f.loc.line}: {f.rule_id} {f.message}" for f in analyze(root).findings
            if f.rule_id.startswith("RG3")]


COURSE = TESTS / "corpora" / "rg301-course-modules" / "corpus"


def test_next_across_modules_must_name_the_next_modules_first_lesson(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    last = root / "01-intro" / "03-intro-step-3.md"
    last.write_text(last.read_text().replace("01-regression-step-1.md", "02-regression-step-2.md"))
    assert _findings(root) == [
        "01-intro/03-intro-step-3.md:8: RG301 next link points to "
        "02-regression/02-regression-step-2.md (lesson 2 of 02-regression), but the post that "
        "follows is 02-regression/01-regression-step-1.md (lesson 1 of 02-regression)",
        "03-classification/01-classification-step-1.md:8: RG301 next link points to "
        "03-classification/03-classification-step-3.md (lesson 3 of 03-classification), but "
        "the post that follows is 03-classification/02-classification-step-2.md (lesson 2 of "
        "03-classification)",
    ]


def test_part_n_in_a_lesson_is_a_part_of_the_module_not_a_lesson(tmp_path: Path) -> None:
    """A course says "In Part 2, we make it agentic" of the second half of a module: in a
    series of lessons (or chapters) "Part N" is not lesson N."""
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    first = root / "01-intro" / "01-intro-step-1.md"
    first.write_text(first.read_text().replace(
        "Lesson 1 of module 1.", "Lesson 1 of module 1. In Part 2, we make it agentic."))
    assert [f for f in _findings(root) if "RG309" in f] == []


def test_a_next_link_to_a_missing_file_is_rg101_alone(tmp_path: Path) -> None:
    """`Next: [Saturn Cloud](01b-saturn-cloud.md)` where that file is not there: the post
    has a Next link, a broken one; RG101 says so, and RG304 ("no next link") does not."""
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    lesson = root / "04-trees" / "01-trees-step-1.md"
    lesson.write_text(lesson.read_text().replace("02-trees-step-2.md", "saturn-cloud.md"))
    later = root / "04-trees" / "02-trees-step-2.md"
    later.write_text(later.read_text().replace("01-trees-step-1.md", "saturn-cloud.md"))
    found = [f"{f.loc.path}:{f.loc.line}: {f.rule_id}" for f in analyze(root).findings
             if f.rule_id != "RG108"]
    assert found == ["03-classification/01-classification-step-1.md:8: RG301",
                     "04-trees/01-trees-step-1.md:8: RG101",
                     "04-trees/02-trees-step-2.md:7: RG101"]


def test_a_mistyped_index_entry_is_rg306_alone(tmp_path: Path) -> None:
    """`- 11.7 [Deploying with KServe and EKS](07-kserve-eks.dm)`, as in
    machine-learning-zoomcamp's 11-kserve/README.md: one defect, the entry's link (RG306,
    which proposes the post); the post it was meant for is not also RG305 "not listed"."""
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    index = root / "04-trees" / "README.md"
    index.write_text(index.read_text().replace("### [2. Trees 2](02-trees-step-2.md)",
                                               "### 4.2 [Trees](02-trees-step-2.dm)"))
    found = [f"{f.loc.path}:{f.loc.line}: {f.rule_id} {f.message}"
             for f in analyze(root).findings if f.rule_id.startswith("RG3")]
    assert found == [
        "03-classification/01-classification-step-1.md:8: RG301 next link points to "
        "03-classification/03-classification-step-3.md (lesson 3 of 03-classification), "
        "but the post that follows is 03-classification/02-classification-step-2.md "
        "(lesson 2 of 03-classification)",
        "04-trees/README.md:7: RG306 index entry links to 02-trees-step-2.dm, but "
        "04-trees/02-trees-step-2.dm does not exist"]


def test_a_jekyll_draft_is_in_no_series(tmp_path: Path) -> None:
    """`_drafts/` is published only by `jekyll build --drafts`: a draft naming a series
    in its front matter is not one of its parts (nor RG310's to ask links of)."""
    root = tmp_path / "blog"
    shutil.copytree(TESTS / "series" / "front-matter-ids" / "corpus", root)
    (root / "_drafts").mkdir()
    (root / "_drafts" / "redis-clustering.md").write_text(
        "---\ntitle: Clustering Redis\nseries:\n  id: REDIS\n  index: 4\n---\n\nSoon.\n")
    result = CliRunner().invoke(main, ["series", "--no-cache", "--format", "json", str(root)])
    assert json.loads(result.stdout) == json.loads(
        (TESTS / "series" / "front-matter-ids" / "series.json").read_text(encoding="utf-8"))


def test_one_glob_over_every_module_still_compares_across_modules(tmp_path: Path) -> None:
    """The single-series keys keep their meaning: one series, numbered across folders. It is
    the `[[series]]` tables, or no configuration, that give one series per module."""
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    (root / "refgraph.toml").write_text('posts = "*/[0-9]*.md"\n')
    assert len(_findings(root)) > 1


def _config_error(tmp_path: Path, text: str) -> str:
    (tmp_path / "refgraph.toml").write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path, None, ["RG301"])
    return str(err.value)


@pytest.mark.parametrize(("text", "message"), [
    ('[[series]]\nname = "a"\nposts = "a/*.md"\norder = "alpha"\n',
     "refgraph.toml:4: series order must be one of number, date, index, nav, got 'alpha'"),
    ('[[series]]\nname = "a"\nglob = "a/*.md"\n',
     "refgraph.toml:3: unknown key 'glob' in [[series]]; expected one of index, name, order, "
     "plan, posts"),
    ('[[series]]\nname = "a"\n', "refgraph.toml:1: [[series]] needs a posts"),
    ('[[series]]\nname = "a"\nposts = 3\n',
     "refgraph.toml:3: series posts must be a string, got 3 (an integer)"),
    ('[[series]]\nname = "a"\nposts = "a/*.md"\n[[series]]\nname = "a"\nposts = "b/*.md"\n',
     "refgraph.toml:5: a series named 'a' is already defined"),
    ('posts = "a/*.md"\n[[series]]\nname = "a"\nposts = "b/*.md"\n',
     "refgraph.toml:1: posts is set beside [[series]] tables; give it its own [[series]] "
     "table instead (the single-series keys are one such table)"),
    ('series = "a"\n', "refgraph.toml:1: series must be a list, got 'a' (a string)"),
    ('[tool.refgraph]\n[[tool.refgraph.series]]\nname = "a"\nposts = "a/*.md"\norder = 1\n',
     "refgraph.toml:5: series order must be a string, got 1 (an integer)"),
])
def test_series_table_errors(tmp_path: Path, text: str, message: str) -> None:
    assert _config_error(tmp_path, text) == message


def test_series_command_is_listed() -> None:
    result = CliRunner().invoke(main, ["series", "--help"])
    assert result.exit_code == 0 and "found_by" not in result.output
    assert "Exit codes: 0 shown, 2 usage or configuration error." in result.output


def test_readme_shows_what_refgraph_series_prints() -> None:
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    command = "$ refgraph series tests/corpora/rg302-dated-blog-parts/corpus\n"
    shown = readme[readme.index(command) + len(command):]
    shown = shown[:shown.index("```")]
    case = TESTS / "corpora" / "rg302-dated-blog-parts"
    assert shown == (case / "series.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "number"), [
    ("blog/2018-05-01-raft.md", None), ("blog/2018-raft.md", 2018), ("blog/07-x.md", 7)])
def test_a_dated_post_is_not_numbered_by_its_year(path: str, number: int | None) -> None:
    from docs_index.model import Document
    from posts import parse_post

    assert parse_post(Document(path=path, title="Raft"), lambda _: True).number == number


def test_the_index_of_series_orders_the_modules(tmp_path: Path) -> None:
    """The root README lists module 3 before module 2: module 1's last lesson should then
    lead to module 3, and module 3's last back into module 2."""
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    readme = root / "README.md"
    text = readme.read_text()
    two = "### [Module 2: Regression](02-regression/)\n\n"
    three = "### [Module 3: Classification](03-classification/)\n\n"
    readme.write_text(text.replace(two + three, three + two))
    found = [line.split(": RG")[0] + " " + line.split("but the post that follows is ")[-1]
             for line in _findings(root) if "RG301" in line]
    assert found == [
        "01-intro/03-intro-step-3.md:8 03-classification/01-classification-step-1.md "
        "(lesson 1 of 03-classification)",
        "02-regression/07-regression-step-7.md:10 04-trees/01-trees-step-1.md "
        "(lesson 1 of 04-trees)",
        "03-classification/01-classification-step-1.md:8 "
        "03-classification/02-classification-step-2.md (lesson 2 of 03-classification)",
        "03-classification/03-classification-step-3.md:8 "
        "02-regression/01-regression-step-1.md (lesson 1 of 02-regression)",
    ]


def test_each_module_readme_is_judged_against_its_own_lessons(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    classification = root / "03-classification" / "README.md"
    classification.write_text("\n".join(
        line for line in classification.read_text().split("\n") if "step-2.md" not in line))
    trees = root / "04-trees" / "README.md"
    first, second = ("### [1. Trees 1](01-trees-step-1.md)", "### [2. Trees 2](02-trees-step-2.md)")
    trees.write_text(trees.read_text().replace(first, "@").replace(second, first)
                     .replace("@", second))
    assert [line for line in _findings(root) if "RG301" not in line] == [
        "03-classification/02-classification-step-2.md:1: RG305 post is not listed in "
        "03-classification/README.md",
        "04-trees/README.md:5: RG308 index lists 04-trees/02-trees-step-2.md (#2) first, out of "
        "numbering order",
    ]


def test_verbose_check_counts_the_series_found() -> None:
    result = CliRunner().invoke(main, ["check", "-v", "--no-cache", "--jobs", "1",
                                       str(TESTS / "corpora" / "clean-numbered-book" / "corpus")])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == ("refgraph: series: 1 found (`refgraph series` "
                                             "lists them)")


def test_series_says_when_there_is_none(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n")
    runner = CliRunner()
    text = runner.invoke(main, ["series", "--no-cache", str(tmp_path)])
    as_json = runner.invoke(main, ["series", "--no-cache", "--format", "json", str(tmp_path)])
    assert (text.exit_code, text.stdout) == (0, "Found no series.\n")
    assert (as_json.exit_code, as_json.stdout) == (0, "[]\n")


def test_series_refuses_a_bad_table_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "refgraph.toml").write_text('[[series]]\nname = "a"\nposts = "a/*.md"\n'
                                            'order = "alpha"\n')
    result = CliRunner().invoke(main, ["series", "--no-cache", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == ("Error: refgraph.toml:4: series order must be one of number, "
                             "date, index, nav, got 'alpha'\n")


def test_paths_reads_the_index_of_every_series() -> None:
    """Ten modules, each README an index without reading paths: said, not refused."""
    result = CliRunner().invoke(main, ["paths", "--no-cache", str(COURSE)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        'none of the indexes of the 10 series has reading paths (a "Reading Paths" heading '
        "with a sub-heading and a list of links per path).\n")


def test_the_posts_key_orders_dated_posts_by_date(tmp_path: Path) -> None:
    """`posts` set over dated names: one series, in date order, and no post numbered by its
    year in a message."""
    (tmp_path / "refgraph.toml").write_text('posts = "blog/*.md"\n')
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "2021-01-01-a.md").write_text("# A\n\n*Next: [C](2021-01-03-c.md)*\n")
    (blog / "2021-01-02-b.md").write_text("# B\n\n*Next: [C](2021-01-03-c.md)*\n")
    (blog / "2021-01-03-c.md").write_text("# C\n\ntext\n")
    assert _findings(tmp_path) == [
        "blog/2021-01-01-a.md:3: RG301 next link points to blog/2021-01-03-c.md, but the post "
        "that follows is blog/2021-01-02-b.md"]


def _listed(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["series", "--no-cache", "--format", "json", str(root)])
    assert result.exit_code == 0, result.output
    return [f"{p['place']} {p['file']}" for s in json.loads(result.stdout) for p in s["posts"]]


def test_a_series_table_orders_by_date_or_by_the_site_menu(tmp_path: Path) -> None:
    for name, date in (("b", "2020-03-01"), ("a", "2020-05-01"), ("c", "2020-01-01")):
        (tmp_path / "notes").mkdir(exist_ok=True)
        (tmp_path / "notes" / f"{name}.md").write_text(f"---\ndate: {date}\n---\n# {name}\n")
        (tmp_path / "docs" / "guide").mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / "guide" / f"{name}.md").write_text(f"# {name}\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nnav:\n  - guide/c.md\n  - guide/a.md\n  - guide/b.md\n")
    (tmp_path / "refgraph.toml").write_text(
        '[[series]]\nname = "notes"\nposts = "notes/*.md"\norder = "date"\n\n'
        '[[series]]\nname = "guide"\nposts = "docs/guide/*.md"\norder = "nav"\n')
    assert _listed(tmp_path) == [
        "post of 2020-01-01 notes/c.md", "post of 2020-03-01 notes/b.md",
        "post of 2020-05-01 notes/a.md",
        "post 1 docs/guide/c.md", "post 2 docs/guide/a.md", "post 3 docs/guide/b.md"]


def test_a_blog_by_date_has_no_forward_references_but_its_parts_do(tmp_path: Path) -> None:
    """A dated blog is read in any order (a link to a newer post is an update note); a
    "Part N" series inside it is read in order, so a part linking a later part is RG309."""
    from tests.conftest import make_tree

    root = make_tree(tmp_path, {
        "README.md": "# Blog\n",
        "_posts/2024-01-01-intro.md": "# Intro\n\nUpdate: see [the follow-up]"
                                      "(2024-02-01-more.md).\n",
        "_posts/2024-02-01-more.md": "# More\n\nAfter [the intro](2024-01-01-intro.md).\n",
        "_posts/2024-03-01-raft-1.md": "---\ntitle: Raft, Part 1\n---\n# Raft, Part 1\n\n"
                                       "As [part 2](2024-03-08-raft-2.md) shows, logs grow.\n",
        "_posts/2024-03-08-raft-2.md": "---\ntitle: Raft, Part 2\n---\n# Raft, Part 2\n\n"
                                       "After [part 1](2024-03-01-raft-1.md).\n",
    })
    forward = [(f.loc.path, f.loc.line) for f in analyze(root).findings if f.rule_id == "RG309"]
    assert forward == [("_posts/2024-03-01-raft-1.md", 6)]


def test_a_site_menu_is_no_reading_order_for_the_nav_and_forward_rules(tmp_path: Path) -> None:
    """Pages an MkDocs `nav` lists are a series found by navigation: `refgraph series` shows
    it, but the theme draws Previous/Next from the menu and a guide links ahead as a matter
    of course, so RG301-RG304 and RG309 leave it alone."""
    from tests.conftest import make_tree

    root = make_tree(tmp_path, {
        "mkdocs.yml": "site_name: x\nnav:\n  - g/a.md\n  - g/b.md\n  - g/c.md\n",
        "docs/g/a.md": "# A\n\nSee [the options](c.md) first.\n",
        "docs/g/b.md": "# B\n\nText.\n",
        "docs/g/c.md": "# C\n\nText.\n",
    })
    shown = CliRunner().invoke(main, ["series", str(root)])
    assert "found by navigation" in shown.output
    assert analyze(root).findings == []


def test_a_reference_definition_is_no_forward_reference(tmp_path: Path) -> None:
    """`[Chapter 3][c3] will cover it` is a preview; the definition `[c3]: 03-c.md` is where
    the link is located, away from the sentence, so it is not judged; an inline link
    ahead still is."""
    from tests.conftest import make_tree

    root = make_tree(tmp_path, {
        "blog/01-a.md": "# A\n\n[Chapter 3][c3] will cover it.\n\n[c3]: 03-c.md\n",
        "blog/02-b.md": "# B\n\nAs [C](03-c.md) shows, it grows.\n",
        "blog/03-c.md": "# C\n\nText.\n",
    })
    forward = [(f.loc.path, f.loc.line) for f in analyze(root).findings if f.rule_id == "RG309"]
    assert forward == [("blog/02-b.md", 3)]


def test_the_graph_has_a_node_per_series_with_an_edge_to_each_post_and_its_place() -> None:
    g = analyze(TESTS / "corpora" / "rg302-dated-blog-parts" / "corpus").graph
    series = {node: data for node, data in g.nodes(data=True) if data["kind"] == NodeKind.SERIES}
    assert sorted(series) == ["series:Building a Storage Engine", "series:Consensus Deep Dive",
                              "series:_posts"]
    node = series["series:Consensus Deep Dive"]
    assert (node["found_by"], node["index"], node["plan"]) == ("titles", "", "")
    parts = sorted((d["order"], post, d["place"])
                   for _, post, d in g.out_edges("series:Consensus Deep Dive", data=True)
                   if d["kind"] == EdgeKind.IN_SERIES)
    assert parts == [(1, "_posts/2021-02-01-consensus-why-agree.md", "part 1"),
                     (2, "_posts/2021-02-08-consensus-raft.md", "part 2"),
                     (3, "_posts/2021-02-15-consensus-paxos.md", "part 3")]


@pytest.mark.parametrize("names", [
    ("01-intro.md", "02-raft-1.md", "03-raft-2.md", "04-outro.md"),
    ("2021-01-01-intro.md", "2021-01-02-raft-1.md", "2021-01-03-raft-2.md",
     "2021-01-04-outro.md")])
def test_a_part_n_series_inside_a_folder_still_reads_in_the_folders_order(
        tmp_path: Path, names: tuple[str, ...]) -> None:
    """Two "Raft, Part N" posts between an intro and an outro are their own series, but the
    folder's Next/Previously chain through them is right; a Next that skips one is not."""
    from tests.conftest import make_tree

    titles = ("Intro", "Raft, Part 1", "Raft, Part 2", "Outro")
    files = {}
    for i, (name, title) in enumerate(zip(names, titles, strict=True)):
        nav = [f"*Previously: [{titles[i - 1]}]({names[i - 1]})*"] if i else []
        nav += [f"*Next: [{titles[i + 1]}]({names[i + 1]})*"] if i < 3 else []
        files[f"posts/{name}"] = (f"---\ntitle: {title}\n---\n# {title}\n\n"
                                  + "\n\n".join(nav) + "\n")
    root = make_tree(tmp_path, files)
    assert "found by titles" in CliRunner().invoke(main, ["series", str(root)]).output
    assert analyze(root).findings == []
    skip = root / "posts" / names[0]
    skip.write_text(skip.read_text(encoding="utf-8").replace(f"({names[1]})", f"({names[2]})"),
                    encoding="utf-8")
    assert "RG301" in [f.rule_id for f in analyze(root).findings]
