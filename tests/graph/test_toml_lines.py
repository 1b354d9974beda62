"""The TOML key locator: the line of every key path, for configuration errors."""

from __future__ import annotations

import tomllib

import pytest

from graph.toml_lines import key_lines, line_of

DOC = '''# settings
title = """a multi-line string
[not.a.table]
x = 1"""
a.b . "c.d" = 1  # comment
when = 1979-05-27 07:32:00Z
lit = \'\'\'[x]
y = 2\'\'\'

[tool.refgraph]
select = [
  "RG1",  # one
  [1, 2],
  "rg999",
]
rules = { RG501 = "off", "RG 9" = { x = "y" } }

[[posts]]
name = "a"
[[posts]]
name = "b"
[ "q.k" . r ]
s = 's'
[[posts]]
[posts.meta]
tag = 1
'''


@pytest.mark.parametrize(("path", "line"), [
    (("title",), 2),
    (("not",), 1),  # inside a string: not a table
    (("x",), 1),
    (("a",), 5),
    (("a", "b", "c.d"), 5),
    (("when",), 6),
    (("y",), 1),
    (("tool", "refgraph"), 10),
    (("tool", "refgraph", "select"), 11),
    (("tool", "refgraph", "select", 0), 12),
    (("tool", "refgraph", "select", 1, 1), 13),
    (("tool", "refgraph", "select", 2), 14),
    (("tool", "refgraph", "rules", "RG501"), 16),
    (("tool", "refgraph", "rules", "RG 9", "x"), 16),
    (("posts", 0, "name"), 19),
    (("posts", 1), 20),
    (("posts", 1, "name"), 21),
    (("q.k", "r", "s"), 23),
    (("posts", 2), 24),
    (("posts", 2, "meta"), 25),  # a sub-table of the last [[posts]]
    (("posts", 2, "meta", "tag"), 26),
])
def test_each_key_path_has_the_line_it_is_written_on(path: tuple[str | int, ...],
                                                     line: int) -> None:
    tomllib.loads(DOC)  # the locator reads only what tomllib accepts
    assert line_of(key_lines(DOC), path) == line


def test_an_unrecorded_path_takes_its_nearest_parent() -> None:
    assert line_of(key_lines(DOC), ("tool", "refgraph", "rules", "RG501", "more")) == 16
    assert line_of(key_lines(DOC), ("nowhere",)) == 1
