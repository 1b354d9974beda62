"""Which Markdown parser reads a file's text.

markdown-it-py (`markdown.py`) always works and is the reference. When the compiled parser
of the `fast` extra is installed, `markdown_fast.py` reads the files it can read exactly as
markdown-it-py does and hands every other file to markdown-it-py; the two give identical
`Document`s (tests/docs_index/test_parsers_differential.py). `REFGRAPH_PARSER=pure` in the
environment keeps to markdown-it-py. The parse cache and the run state still key on which
parser reads (`chosen_parser`): where the two disagree, a warm cache must not hand one
parser's documents to a run that asked for the other.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from docs_index.markdown import make_parser, parse_markdown
from docs_index.model import Document, Problem

TextParser = Callable[[str, str], tuple[Document, list[Problem]]]
"""(path, text with `\\n` line ends) → the file's document and the problems found."""

PARSER_VARIABLE = "REFGRAPH_PARSER"


def make_pure_parser() -> TextParser:
    md = make_parser()
    return lambda rel, text: parse_markdown(md, rel, text)


def make_fast_parser() -> TextParser | None:
    """The compiled parser with markdown-it-py behind it, or None if it is not installed."""
    try:
        from docs_index.markdown_fast import parse_fast
    except ImportError:
        return None
    md = make_parser()

    def parse(rel: str, text: str) -> tuple[Document, list[Problem]]:
        return parse_fast(rel, text) or parse_markdown(md, rel, text)

    return parse


def chosen_parser(choice: str | None = None) -> str:
    """"fast" or "pure": which parser `make_text_parser(choice)` reads with."""
    choice = choice if choice is not None else os.environ.get(PARSER_VARIABLE, "")
    if choice == "pure":
        return "pure"
    try:
        import docs_index.markdown_fast  # noqa: F401
    except ImportError:
        return "pure"
    return "fast"


def make_text_parser(choice: str | None = None) -> TextParser:
    """The fastest parser installed, unless `choice` (else `$REFGRAPH_PARSER`) is `pure`."""
    fast = make_fast_parser() if chosen_parser(choice) == "fast" else None
    return fast or make_pure_parser()
