"""posts.post.parse_post: navigation forms, number/slug/title/date and sizes, table-driven."""

from __future__ import annotations

import subprocess
import sys

import pytest

from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Document, Location
from posts.post import Direction, NavForm, NavLink, Post, _OfOther, parse_post
from tests.conftest import ROOT

PREV = Direction.PREVIOUS
NEXT = Direction.NEXT
PATH = "blog/02-b.md"


def is_post_path(p: str) -> bool:
    return p.startswith("blog/") and p.split("/")[-1][0].isdigit()


def doc_of(text: str, path: str = PATH) -> Document:
    doc, problems = parse_markdown(make_parser(), path, text)
    assert problems == []
    return doc


def post_of(text: str, path: str = PATH) -> Post:
    return parse_post(doc_of(text, path), is_post_path)


def at(line: int, col: int, path: str = PATH) -> Location:
    return Location(path, line, col)


FOOTER = """\
# Part 2: B

*Published: November 3, 2025*

Intro paragraph.

## Section

Body text.

---

*Previously: [Part 1: A](01-a.md)*
*Next: [Part 3: C](03-c.md)*
"""

ARROW = """\
# Part 2: B

← [Previous: A](01-a.md) | [Next: C](03-c.md) →

Body.
"""

ONE_LINE = """\
# Part 2: B

Body.

*Previously: [A](01-a.md) | Next: [C](03-c.md)*
"""

FRONT_MATTER = """\
---
title: Storage Deep Dive
date: 2025-10-01
prev: 01-a.md
next: 03-c.md
---

Body.
"""

# 19 blocks: a Next-up line and a body reference in the middle (blocks 6 and 9), a link to a
# reference doc in the last block; and an index link at the top.
LONG = """\
# Part 2: B

← [Back to the index](README.md)

Para 2.

## One

Para 3.

Para 4.

As shown in [Part 1](01-a.md), the next step is storage.

## Two

Para 5.

**Next up:** [Part 3: C](03-c.md) — teaser text

Para 6.

## Three

Para 7.

Para 8.

Para 9.

Para 10.

Para 11.

Para 12.

In the next post we will cover [storage](../STORAGE.md) in depth.
"""

NAV_CASES = [
    pytest.param(FOOTER, PATH, [
        NavLink(PREV, "01-a.md", at(13, 14), NavForm.LINE, "Part 1: A"),
        NavLink(NEXT, "03-c.md", at(14, 8), NavForm.LINE, "Part 3: C"),
    ], id="footer-lines"),
    pytest.param(ARROW, PATH, [
        NavLink(PREV, "01-a.md", at(3, 3), NavForm.ARROW, "Previous: A"),
        NavLink(NEXT, "03-c.md", at(3, 28), NavForm.ARROW, "Next: C"),
    ], id="arrow"),
    pytest.param(ONE_LINE, PATH, [
        NavLink(PREV, "01-a.md", at(5, 14), NavForm.LINE, "A"),
        NavLink(NEXT, "03-c.md", at(5, 35), NavForm.LINE, "C"),
    ], id="both-on-one-line"),
    pytest.param(LONG, PATH, [
        NavLink(NEXT, "03-c.md", at(19, 14), NavForm.NEXT_UP, "Part 3: C"),
    ], id="next-up-mid-post"),
    pytest.param(FRONT_MATTER, "blog/02-storage-deep-dive.md", [
        NavLink(PREV, "01-a.md", at(4, 1, "blog/02-storage-deep-dive.md"), NavForm.FRONT_MATTER),
        NavLink(NEXT, "03-c.md", at(5, 1, "blog/02-storage-deep-dive.md"), NavForm.FRONT_MATTER),
    ], id="front-matter"),
    pytest.param("# T\n\nThe next post will cover [storage](../STORAGE.md).\n", PATH, [],
                 id="next-wording-to-a-reference-doc"),
    pytest.param("# T\n\nNo navigation here, only [a post](01-a.md).\n", PATH, [],
                 id="post-link-without-nav-wording"),
    pytest.param("# T\n\n*Previously: [Next-Gen Storage](01-a.md)*\n", PATH, [
        NavLink(PREV, "01-a.md", at(3, 14), NavForm.LINE, "Next-Gen Storage"),
    ], id="title-with-opposite-wording"),
    pytest.param("# T\n\nIn [part 1](01-a.md) you built the loop by hand: it called the model, "
                 "ran its tools and sent the results back.\n", PATH, [],
                 id="direction-word-far-after-a-prose-link"),
    pytest.param("# T\n\n[A](01-a.md) ← back\n", PATH, [
        NavLink(PREV, "01-a.md", at(3, 1), NavForm.ARROW, "A"),
    ], id="direction-word-right-after-the-link"),
]


@pytest.mark.parametrize(("text", "path", "expected"), NAV_CASES)
def test_navigation(text: str, path: str, expected: list[NavLink]) -> None:
    assert list(post_of(text, path).nav) == expected


def test_previous_and_next_properties() -> None:
    post = post_of(FOOTER)
    assert post.previous is not None and post.previous.target == "01-a.md"
    assert post.next is not None and post.next.target == "03-c.md"
    lone = post_of("# T\n")
    assert (lone.previous, lone.next) == (None, None)


def test_long_post_body_reference_is_not_navigation() -> None:
    doc = doc_of(LONG)
    assert len(doc.blocks) == 19
    assert [(lk.loc.line, lk.target, lk.block) for lk in doc.links] == [
        (3, "README.md", 1),
        (13, "01-a.md", 6),
        (19, "03-c.md", 9),
        (37, "../STORAGE.md", 18),
    ]
    nav = parse_post(doc, is_post_path).nav
    assert [n.target for n in nav] == ["03-c.md"]


def test_footer_post_fields() -> None:
    post = post_of(FOOTER)
    assert (post.path, post.number, post.slug, post.title, post.date) == (
        PATH, 2, "b", "Part 2: B", "2025-11-03")
    assert post.words == 20
    assert (post.code_blocks, post.diagrams) == (0, 0)
    assert post.sections == ("Section",)


def test_front_matter_post_fields() -> None:
    post = post_of(FRONT_MATTER, "blog/02-storage-deep-dive.md")
    assert (post.number, post.slug, post.title, post.date, post.words) == (
        2, "storage-deep-dive", "Storage Deep Dive", "2025-10-01", 1)


NAME_CASES = [
    pytest.param("blog/02-b.md", 2, "b", id="dash"),
    pytest.param("blog/10_storage-deep.md", 10, "storage-deep", id="underscore"),
    pytest.param("blog/3.intro.md", 3, "intro", id="dot"),
    pytest.param("blog/07.md", 7, "", id="number-only"),
    pytest.param("blog/intro.md", None, "intro", id="no-number"),
]


@pytest.mark.parametrize(("path", "number", "slug"), NAME_CASES)
def test_number_and_slug(path: str, number: int | None, slug: str) -> None:
    post = post_of("# T\n", path)
    assert (post.number, post.slug) == (number, slug)


DATE_CASES = [
    pytest.param("# T\n\n*Published: November 3, 2025*\n", "2025-11-03", id="published-long"),
    pytest.param("# T\n\n**Date**: 2025-11-03\n", "2025-11-03", id="date-iso"),
    pytest.param("# T\n\n*Posted: 3 November 2025*\n", "2025-11-03", id="posted-day-first"),
    pytest.param("# T\n\n_Published: Nov 3, 2025_\n", "2025-11-03", id="published-abbrev"),
    pytest.param('---\ndate: "Nov 3, 2025"\n---\n# T\n', "2025-11-03", id="front-matter-text"),
    pytest.param("---\ndate: 2025-10-01\n---\n# T\n", "2025-10-01", id="front-matter-date"),
    pytest.param("---\npublished: 2025-10-01\n---\n# T\n", "2025-10-01",
                 id="front-matter-published"),
    pytest.param("# T\n\n*Published: sometime soon*\n", "sometime soon", id="unreadable-kept"),
    pytest.param("# T\n\nNo date.\n", None, id="none"),
    pytest.param("# T\n\n" + "Para.\n\n" * 8 + "*Published: November 3, 2025*\n", None,
                 id="too-far-down"),
    pytest.param("---\ndate: 2025-10-01 10:00:00\n---\n# T\n", "2025-10-01",
                 id="front-matter-datetime"),
]


@pytest.mark.parametrize(("text", "date"), DATE_CASES)
def test_date(text: str, date: str | None) -> None:
    assert post_of(text).date == date


CODE = """\
# T

```rust
fn main() {}
```

```mermaid
graph TD; A-->B
```

```
┌───┐
│ A │
└───┘
```

    indented code

```text
plain
```

```dot
digraph { a -> b }
```
"""


def test_code_blocks_and_diagrams() -> None:
    post = post_of(CODE)
    # rust is code; mermaid, dot and the box are diagrams; the indented prose and the
    # `text` block are neither
    assert (post.code_blocks, post.diagrams) == (1, 3)
    assert post.words == 1  # the heading; code is not prose


def fence(info: str, *lines: str) -> str:
    return "\n".join([f"```{info}", *lines, "```"])


BLOCK_CASES = [
    # (block, code examples, diagrams)
    pytest.param(fence("rust", "fn wal() {", "    // ├─ append_to_wal", "    // └─ fsync", "}"),
                 1, 0, id="rust-with-tree-comments-is-code"),
    pytest.param(fence("rust,ignore", "let x = 1;"), 1, 0, id="mdbook-attributes"),
    pytest.param(fence("", "Client wants to do X", "  ↓", "Client must solve CPU puzzle first",
                       "  ↓", "Server verifies solution (cheap!)"),
                 0, 1, id="untagged-vertical-arrows"),
    pytest.param(fence("", "Write File 1: 1MB file", "  ↓ Split into 16 chunks",
                       "  ↓ Store chunk hashes"), 0, 1, id="untagged-annotated-arrows"),
    pytest.param(fence("text", "request", "   |", "   v", "gateway"), 0, 1,
                 id="text-ascii-arrow-column"),
    pytest.param(fence("", "Client --> Gateway --> Sequencer ==> Storage"), 0, 1,
                 id="untagged-ascii-chain"),
    pytest.param(fence("", "Producer → Gateway → Log"), 0, 1, id="untagged-unicode-chain"),
    pytest.param(fence("", "+--------+     +-----+", "| client | --> | log |",
                       "+--------+     +-----+"), 0, 1, id="ascii-boxes"),
    pytest.param(fence("", "┌───┐", "│ A │", "└───┘"), 0, 1, id="box-drawing"),
    pytest.param(fence("mermaid", "graph TD; A-->B"), 0, 1, id="mermaid"),
    pytest.param(fence("", "Input:", "  Segment 1: user:123 → {age:25} @ LSN=100",
                       "  Segment 2: user:123 → {age:26} @ LSN=200", "",
                       "Output (compacted):", "  user:123 → {age:26} @ LSN=200  ← Latest only!"),
                 0, 0, id="untagged-example-output"),
    pytest.param(fence("", "User A: 20-bit PoW (5ms effort)   → Priority 20",
                       "Queue order: B → A → C"), 0, 0, id="label-value-arrows-are-output"),
    pytest.param(fence("", "10 GB → 2 GB → 1 GB"), 0, 0, id="numbers-are-no-flow"),
    pytest.param(fence("output", "topic.retention = 7d"), 0, 0, id="output-is-not-code"),
    pytest.param(fence("console-output", "ok"), 0, 0, id="console-output"),
    pytest.param(fence("", "Difficulty: 20 bits = ~1 million hashes", "",
                       "Legitimate user (1 email):", "  • Cost: 1ms CPU time"),
                 0, 0, id="untagged-prose-numbers"),
    pytest.param(fence("", "# retention per topic", 'topic.retention = "7d"',
                       'topic.compaction = "leveled"'), 1, 0, id="untagged-config-is-code"),
    pytest.param(fence("", "$ quarry produce orders '{\"id\": 1}'"), 1, 0,
                 id="untagged-shell-prompt"),
    pytest.param(fence("", "(defpipeline large-orders", "  (from orders)", "  (emit alerts))"),
                 1, 0, id="untagged-s-expression"),
    pytest.param(fence("", "[elided code]"), 0, 0, id="bracketed-words-are-not-toml"),
    pytest.param("    indented prose, not code", 0, 0, id="indented-prose"),
    pytest.param("    let x = compute();", 1, 0, id="indented-code"),
]


@pytest.mark.parametrize(("block", "code", "diagrams"), BLOCK_CASES)
def test_block_counts(block: str, code: int, diagrams: int) -> None:
    post = post_of(f"# T\n\nIntro.\n\n{block}\n")
    assert (post.code_blocks, post.diagrams) == (code, diagrams)


LABEL_CASES = [
    pytest.param("**Further Reading**:\n- [Paper](../PAPER.md)", ["Further Reading"],
                 id="label-colon-over-a-list"),
    pytest.param("**Further Reading:**\n\n- [Paper](../PAPER.md)", ["Further Reading"],
                 id="colon-inside"),
    pytest.param("**Next Steps**\n\nRead on.", ["Next Steps"], id="alone-on-its-line"),
    pytest.param("__References__:", ["References"], id="underscores"),
    pytest.param("**Problem**: Email spam, form spam", ["Problem"], id="label-then-text"),
    pytest.param("**Questions?** Join our Discord", [], id="emphasis-then-text"),
    pytest.param("**But PoW has legitimate uses beyond mining!**", [], id="emphasised-sentence"),
    pytest.param("- **Summary**: in a list", [], id="list-item"),
    pytest.param("Text with **bold**: inside", [], id="not-at-line-start"),
]


@pytest.mark.parametrize(("body", "labels"), LABEL_CASES)
def test_bold_labels_are_sections(body: str, labels: list[str]) -> None:
    post = post_of(f"# T\n\n## First\n\nText.\n\n{body}\n\n## Last\n")
    assert post.sections == ("First", *labels, "Last")


MENTION_CASES = [
    pytest.param("As explained in Part 5, compaction matters.\n", [(5, 3, 17, "Part 5", False)],
                 id="part"),
    pytest.param("See post #4 and Posts 7-9.\n", [(4, 3, 5, "post #4", False),
                                                  (7, 3, 17, "Posts 7", False)],
                 id="post-hash-and-range"),
    pytest.param("Episode 6 covers it.\n", [(6, 3, 1, "Episode 6", False)], id="episode"),
    pytest.param("#7: Storage Engines explains it.\n", [(7, 3, 1, "#7", False)],
                 id="hash-with-title"),
    pytest.param("Fixed in #7, see issue #12.\n", [], id="bare-hash-is-an-issue"),
    pytest.param("We post 3 times a week; part 2.5 of the spec.\n", [], id="quantities"),
    pytest.param("Part 3 of the Raft paper differs.\n", [], id="part-of-another-work"),
    pytest.param("This is Part 2 of the Quarrylog series.\n", [(2, 3, 9, "Part 2", False)],
                 id="part-of-this-series"),
    pytest.param("Part 2 of this post covers setup.\n", [], id="part-of-this-post"),
    pytest.param("## Part 1: Setup\n\nAs Part 2 shows.\n\n## Part 2: Run\n\nRun.\n", [],
                 id="post-with-its-own-parts"),
    pytest.param("Set `part 9` in the config.\n", [], id="in-code"),
    pytest.param("Read [Part 7](07-g.md) first.\n", [], id="in-link-text"),
    pytest.param("We will look at this in Part 5.\n", [(5, 3, 25, "Part 5", True)],
                 id="teaser-will"),
    pytest.param("Part 5 is coming soon. Part 6 explains it.\n",
                 [(5, 3, 1, "Part 5", True), (6, 3, 24, "Part 6", False)],
                 id="teaser-is-per-sentence"),
    pytest.param("## Next Steps\n\nPart 5 goes deeper.\n", [(5, 5, 1, "Part 5", True)],
                 id="next-steps-section"),
    pytest.param("| Part | Topic |\n|---|---|\n| Part 8 | x |\n", [(8, 5, 3, "Part 8", False)],
                 id="table-row-line"),
]


@pytest.mark.parametrize(("body", "expected"), MENTION_CASES)
def test_mentions(body: str, expected: list[tuple[int, int, int, str, bool]]) -> None:
    post = post_of(f"# T\n\n{body}")
    assert [(m.number, m.loc.line, m.loc.col, m.text, m.teaser)
            for m in post.mentions] == expected


TEASER_CASES = [
    pytest.param("In the next post, [replication](03-c.md) takes over.\n", [(3, 19)],
                 id="next-post-sentence"),
    pytest.param("See [replication](03-c.md) for the details.\n", [], id="plain-reference"),
    pytest.param("Done. We will see [replication](03-c.md) soon.\n", [(3, 19)],
                 id="will-see"),
    pytest.param("We will also see how to trim it in the [ONNX](09-i.md) lesson later.\n",
                 [(3, 40)], id="will-also-see"),
    pytest.param("## What's next\n\nRead [replication](03-c.md).\n", [(5, 6)],
                 id="whats-next-section"),
    pytest.param("## Two directions forward\n\n[Part 2: agents](03-c.md).\n", [(5, 1)],
                 id="directions-forward-section"),
    pytest.param("## See also\n\nRead [replication](03-c.md).\n", [(5, 6)],
                 id="see-also-section"),
    pytest.param("## The series\n\n- [A](01-a.md)\n- [C](03-c.md)\n- [D](04-d.md)\n",
                 [(5, 3), (6, 3), (7, 3)], id="table-of-contents"),
    pytest.param("- [C](03-c.md)\n- [D](04-d.md)\n", [], id="two-posts-are-no-table-of-contents"),
    pytest.param("| Part | |\n|---|---|\n| [A](01-a.md) | x |\n| [C](03-c.md) | y |\n"
                 "| [D](04-d.md) | z |\n", [(5, 3), (6, 3), (7, 3)], id="table"),
]


@pytest.mark.parametrize(("body", "expected"), TEASER_CASES)
def test_teasers(body: str, expected: list[tuple[int, int]]) -> None:
    post = post_of(f"# T\n\n{body}")
    assert [(loc.line, loc.col) for loc in post.teasers] == expected


DRAFT_CASES = [
    pytest.param("---\ndraft: true\n---\n# T\n", True, id="draft-true"),
    pytest.param("---\ndraft: \"true\"\n---\n# T\n", True, id="draft-string"),
    pytest.param("---\npublished: false\n---\n# T\n", True, id="published-false"),
    pytest.param("---\ndraft: false\n---\n# T\n", False, id="draft-false"),
    pytest.param("---\npublished: 2025-10-01\n---\n# T\n", False, id="published-date"),
    pytest.param("# T\n", False, id="no-front-matter"),
]


@pytest.mark.parametrize(("text", "draft"), DRAFT_CASES)
def test_draft(text: str, draft: bool) -> None:
    assert post_of(text).draft is draft


def test_published_false_is_no_date() -> None:
    assert post_of("---\npublished: false\n---\n# T\n").date is None


@pytest.mark.parametrize(("text", "other"), [
    ("Part 3 of the Raft paper", True),
    ("Part 3 of the series", False),
    ("Part 3 of our blog, then more", False),
    ("Part 3 of the paper, as the series says", True),  # the clause ends first
    ("Part 3 of 12", False),
    ("Part 3 of  12", True),  # the pattern's backtracking quirk, kept
    ("Part 3 of\nseries", False),
    ("Part 3 of \nseries", True),  # the same quirk: the line break ends the clause
])
def test_of_other_reads_as_the_pattern_did(text: str, other: bool) -> None:
    assert _OfOther(text).match(len("Part 3")) is other


def test_posts_full_of_links_and_mentions_are_read_in_linear_time() -> None:
    # each took minutes with the per-link and per-mention helpers; a subprocess, so a
    # regression cannot hang the suite
    code = (
        "from tests.posts.test_post import post_of\n"
        "post = post_of('# A\\n\\n' + '[Part 2](02-b.md) ' * 20_000 + '\\n')\n"
        "assert len(post.nav) == 0 and len(post.teasers) == 0\n"
        "post = post_of('# A\\n\\n' + 'Next: [b](02-b.md) and more\\n' * 6_000)\n"
        "assert len(post.nav) == 6_000\n"
        "post = post_of('# A\\n\\n' + 'Part 2. ' * 10_000 + '\\n\\n' + 'Part 2 of ' * 10_000)\n"
        "assert len(post.mentions) == 10_001\n"
        "assert post.mentions[1].loc.col == 1  # the first place of the phrase on the line\n"
        "post = post_of('# A\\n\\n```\\n' + '|' * 20_000 + 'x\\n'\n"
        "               + ' \\t' * 20_000 + 'x\\n```\\n')\n"
        "assert post.diagrams == 0\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30, cwd=ROOT)
