"""The RG3xx series rules on small corpora written on the fly: the series order and the
cases a corpus golden shows badly (posts without numbers, a newest-first index, thresholds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.api import load_graph
from graph.checks.chains import series_order
from graph.checks.index import _longest_run, index_order_mismatches
from graph.checks.series import missing_nav_links, one_way_links
from graph.config import Config
from tests.conftest import make_tree, messages

UNNUMBERED = Config(posts="blog/*.md", explicit=frozenset({"posts"}))


def post(title: str, prev: str = "", nxt: str = "") -> str:
    nav = (f"*Previously: [P]({prev})*\n" if prev else "") + (f"*Next: [N]({nxt})*\n" if nxt
                                                              else "")
    return f"# {title}\n\nBody.\n" + (f"\n---\n\n{nav}" if nav else "")


def test_order_is_by_number_and_leaves_drafts_out(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "blog/10-j.md": post("J"), "blog/2-b.md": post("B"), "blog/01-a.md": post("A"),
        "blog/03-c.md": "---\ndraft: true\n---\n# C\n",
    })
    assert series_order(load_graph(root, Config())) == [
        "blog/01-a.md", "blog/2-b.md", "blog/10-j.md"]


def test_posts_without_numbers_follow_the_index(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "blog/README.md": "# S\n\n- [Zeta](zeta.md)\n- [Alpha](alpha.md)\n",
        "blog/alpha.md": post("Alpha"), "blog/zeta.md": post("Zeta"), "blog/beta.md": post("B"),
    })
    # beta is neither numbered nor listed: it has no place, and no rule guesses one
    assert series_order(load_graph(root, UNNUMBERED)) == ["blog/zeta.md", "blog/alpha.md"]


def test_one_way_pair_without_a_known_order_names_the_other_link(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {
        "blog/a.md": post("A", nxt="b.md"),
        "blog/b.md": post("B", prev="c.md", nxt="c.md"),
        "blog/c.md": post("C", prev="b.md"),
    })
    g = load_graph(root, UNNUMBERED)
    assert series_order(g) == []
    assert messages(list(one_way_links(g, UNNUMBERED))) == [
        "blog/a.md:7:8: one-way next link to blog/b.md: blog/b.md links previous to blog/c.md "
        "(point one of the two links so that the posts name each other)",
        # b names c both ways; c links back only as Previously
        "blog/b.md:7:14: one-way previous link to blog/c.md: blog/c.md has no next link back "
        "(add `*Next: [B](b.md)*` to blog/c.md)",
    ]


def test_nav_rules_stay_quiet_in_a_series_without_navigation(tmp_path: Path) -> None:
    files = {f"blog/0{n}-p.md": post(f"P{n}") for n in range(1, 6)}
    files["blog/01-p.md"] = post("P1", nxt="02-p.md")  # one Next out of four possible
    g = load_graph(make_tree(tmp_path, files), Config())
    assert list(missing_nav_links(g, Config())) == []
    assert list(one_way_links(g, Config())) == []


def test_missing_link_uses_the_series_front_matter_form(tmp_path: Path) -> None:
    files = {f"blog/0{n}-p.md": f"---\nnext: 0{n + 1}-p.md\n---\n# P{n}\n" for n in (1, 2)}
    files["blog/03-p.md"] = "# P3\n"
    files["blog/04-p.md"] = "# P4\n"
    g = load_graph(make_tree(tmp_path, files), Config())
    assert messages(list(missing_nav_links(g, Config()))) == [
        "blog/03-p.md:1:1: no next link, but blog/04-p.md follows it (add `next: 04-p.md`)"]


INDEX_ORDERS = [
    pytest.param([1, 2, 3, 4], [], id="ascending"),
    pytest.param([4, 3, 2, 1], [], id="newest-first"),
    pytest.param([1, 2, 4, 3, 5], [2], id="one-swap"),
    pytest.param([5, 1, 2, 3, 4], [0], id="latest-on-top"),
    pytest.param([4, 3, 1, 2], [2], id="mostly-descending"),
]


@pytest.mark.parametrize(("numbers", "moved"), INDEX_ORDERS)
def test_entries_to_move(numbers: list[int], moved: list[int]) -> None:
    up, down = _longest_run(numbers, False), _longest_run(numbers, True)
    keep = down if len(down) > len(up) else up
    assert sorted(set(range(len(numbers))) - keep) == moved


def test_newest_first_index_says_so(tmp_path: Path) -> None:
    files = {f"blog/0{n}-p.md": post(f"P{n}") for n in range(1, 5)}
    files["blog/README.md"] = "# S\n\n" + "".join(
        f"- [P{n}](0{n}-p.md)\n" for n in (4, 3, 1, 2))
    g = load_graph(make_tree(tmp_path, files), Config())
    assert messages(list(index_order_mismatches(g, Config()))) == [
        "blog/README.md:5:3: index lists blog/01-p.md (#1) after blog/03-p.md, out of numbering "
        "order (move it after 02-p.md (line 6); the index lists newest first)"]
