"""RG0xx: input refgraph could not read as it is. The parsers record problems; these rules
report them like any other finding, so one bad file never stops the run."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from docs_index.model import Problem
from graph.config import Config
from graph.findings import Finding, Severity
from graph.rules import Rule


def _problems(g: nx.MultiDiGraph, rule_id: str) -> Iterator[Problem]:
    return (p for p in g.graph.get("problems", ()) if p.rule_id == rule_id)


def unreadable_files(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A Markdown file refgraph could not read: not UTF-8 (or UTF-16), binary content under a
    `.md` name, a permission error, a file that vanished while the run went on, a symbolic
    link that leaves the checked root or loops, or a file name that is not UTF-8.
    ## Why it matters
    Nothing in the file was checked, and links to it cannot be checked against its headings.
    ## Failing example
    A post saved as Latin-1: `blog/07-x.md:3:14: RG001 error cannot read blog/07-x.md: not
    valid UTF-8 (byte 0xe9 at offset 80)`.
    ## Passing example
    The same post re-saved as UTF-8 (`iconv -f latin1 -t utf-8`).
    """
    for problem in _problems(g, UNREADABLE_FILE.id):
        yield UNREADABLE_FILE.at(problem.loc, path=problem.loc.path, detail=problem.detail,
                                 hint=problem.hint or None)


def bad_front_matter(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    YAML front matter (the `---` block at the top of a file) that does not parse, that is
    not a mapping of keys to values, or that holds a value refgraph does not read: an
    impossible date (`2024-02-30`), binary data, an integer over 64 bits, a value that is not
    of its tag (`!!int abc`), an alias inside its own value, or more than 10,000 values or
    100 levels once aliases are expanded. It is reported at the offending value.
    ## Why it matters
    GitHub shows the broken block as a table or as text, and any `title`, `date`, `prev` or
    `next` in it is lost to refgraph. The rest of the file is still checked.
    ## Failing example
    `title: [unclosed` inside `---` … `---`.
    ## Passing example
    `title: "[unclosed"`: the value quoted (or the bracket closed).
    """
    for problem in _problems(g, BAD_FRONT_MATTER.id):
        yield BAD_FRONT_MATTER.at(problem.loc, detail=problem.detail)


def too_large(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A Markdown file larger than `max-file-size` (20 MiB by default); it is not parsed.
    ## Why it matters
    Such files are usually generated or vendored and would slow every run; skipping them is
    said out loud rather than done silently.
    ## Failing example
    A 50 MB generated `CHANGELOG.md` with the default limit.
    ## Passing example
    `exclude = ["CHANGELOG.md"]`, or `max-file-size = 100000000`, in the configuration.
    """
    for problem in _problems(g, FILE_TOO_LARGE.id):
        yield FILE_TOO_LARGE.at(problem.loc, detail=problem.detail)


def too_deeply_nested(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    Lists or block quotes nested 100 levels deep (50 lists inside each other). The parser
    stops there, so links and headings deeper down are not checked.
    ## Why it matters
    No person writes such a document; it is generated or broken, and part of it went
    unchecked. refgraph says so instead of silently reading less, and never recurses
    without bound, so no document can crash a run.
    ## Failing example
    `- - - - …` (10,000 list markers on one line) followed by a link.
    ## Passing example
    The same content as a flat list, or the file excluded.
    """
    for problem in _problems(g, TOO_DEEPLY_NESTED.id):
        yield TOO_DEEPLY_NESTED.at(problem.loc, detail=problem.detail)


UNREADABLE_FILE = Rule(
    id="RG001", name="unreadable-file", severity=Severity.ERROR,
    message="cannot read {path}: {detail}",
    suggestion="save the file as UTF-8 text, or exclude it", check=unreadable_files)
BAD_FRONT_MATTER = Rule(
    id="RG002", name="bad-front-matter", severity=Severity.ERROR,
    message="invalid front matter: {detail}",
    suggestion="fix the YAML between the --- lines; the rest of the file was still checked",
    check=bad_front_matter)
FILE_TOO_LARGE = Rule(
    id="RG003", name="file-too-large", severity=Severity.WARNING,
    message="not checked: {detail}",
    suggestion="raise max-file-size in the configuration, or exclude the file",
    check=too_large)
TOO_DEEPLY_NESTED = Rule(
    id="RG006", name="too-deeply-nested", severity=Severity.WARNING,
    message="not fully checked: {detail}",
    suggestion="flatten the nesting, or exclude the file if it is generated",
    check=too_deeply_nested)
