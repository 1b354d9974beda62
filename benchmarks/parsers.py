"""How fast the Markdown parsers read a corpus, on one core: the evidence behind refgraph's
choice of parser (docs/performance.md).

Usage::

    python benchmarks/parsers.py DIR [DIR ...] [--runs 3]

For every Markdown file under each DIR (decoded as refgraph decodes it) it times, best of
`--runs`:

- markdown-it-py, token stream only (`MarkdownIt.parse`, CommonMark with tables and
  strikethrough, as refgraph configures it, without refgraph's own rules);
- refgraph's reader (`docs_index.markdown.parse_markdown`): markdown-it-py plus the link
  positions, undefined references, front matter and the `Document`;
- refgraph's reader with the compiled parser (`docs_index.parsers.make_fast_parser`:
  pyromark where it reads the file as markdown-it-py does, markdown-it-py elsewhere), if
  the `fast` extra is installed;
- the candidates for it, each if installed: pyromark (`events_with_range`, the events the
  reader walks), markdown-it-pyrs (`MarkdownIt.tree`, the same plugins) and comrak
  (`render_markdown`: it gives HTML only, no tree, so it is timed for scale alone).

Standard library and the parsers only; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markdown_it import MarkdownIt  # noqa: E402

from docs_index.corpus import decode  # noqa: E402
from docs_index.markdown import make_parser, parse_markdown  # noqa: E402
from docs_index.parsers import make_fast_parser  # noqa: E402


def texts(root: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text, _ = decode(rel, path.read_bytes())
        if text is not None:
            found.append((rel, text))
    return found


def parsers() -> list[tuple[str, Callable[[str, str], object]]]:
    bare = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    reader = make_parser()
    chosen: list[tuple[str, Callable[[str, str], object]]] = [
        ("markdown-it-py (tokens only)", lambda rel, text: bare.parse(text)),
        ("refgraph reader (markdown-it-py)", lambda rel, text: parse_markdown(reader, rel, text)),
    ]
    fast = make_fast_parser()
    if fast is not None:
        chosen.append(("refgraph reader (pyromark, markdown-it-py fallback)", fast))
    try:
        import pyromark

        options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
        chosen.append(("pyromark (events with ranges)",
                       lambda rel, text: list(pyromark.events_with_range(text, options=options))))
    except ImportError:
        print("pyromark is not installed: its row is left out", file=sys.stderr)
    try:
        from markdown_it_pyrs import MarkdownIt as Compiled

        compiled = Compiled("commonmark").enable_many(["table", "strikethrough", "front_matter"])
        chosen.append(("markdown-it-pyrs (tree)", lambda rel, text: compiled.tree(text)))
    except ImportError:
        print("markdown-it-pyrs is not installed: its row is left out", file=sys.stderr)
    try:
        import comrak

        chosen.append(("comrak (HTML, no tree)", lambda rel, text: comrak.render_markdown(text)))
    except ImportError:
        print("comrak is not installed: its row is left out", file=sys.stderr)
    return chosen


def best(parse: Callable[[str, str], object], files: list[tuple[str, str]], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for rel, text in files:
            parse(rel, text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| corpus | MB | parser | best of runs (s) | MB/s |")
    print("|---|---|---|---|---|")
    for root in args.dirs:
        files = texts(root)
        size = sum(len(text.encode()) for _, text in files) / 1e6
        for name, parse in parsers():
            seconds = best(parse, files, args.runs)
            print(f"| {root.name} | {size:.1f} | {name} | {seconds:.2f} | {size / seconds:.1f} |")


if __name__ == "__main__":
    main()
