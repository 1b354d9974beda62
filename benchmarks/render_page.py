"""Size and browser load time of `refgraph render` pages.

    python benchmarks/render_page.py CORPUS [CORPUS ...] [--runs 3] [--screenshot PNG]
    python benchmarks/render_page.py --generate /tmp/render-corpora [--runs 3]

For each corpus: renders it with `refgraph render` (timed), then opens the page in headless
Chromium (Playwright, `/usr/bin/chromium` or `$REFGRAPH_CHROMIUM`) `--runs` times and
reports the median of: the page's `load` event, the moment refgraph's script has built
the network, and the end of the first full drawing. Prints a Markdown table.
`--screenshot` saves the first corpus' page to a PNG as it opens; with `--show NODE`, that
node's local graph and details; with `--path TITLE`, the reading path of that title alone.

`--generate DIR` writes the corpora of the page's budgets (`render_corpus.py`: one
shaped like Node.js' docs, one of about 5,000 nodes, one of about 5,000 nodes in 2,490
folders) into DIR and measures them after the
corpora given; the table then says whether each keeps its budget (page size, first
drawing), and the exit code is 1 when one does not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REFGRAPH = Path(sys.executable).with_name("refgraph")
MIB = 1024 * 1024
# the page's budgets (issue 22): bytes, seconds to the first drawing
BUDGETS = {"nodejs": (3 * MIB, 2.0), "docs-5000": (15 * MIB, 5.0), "monorepo": (15 * MIB, 5.0)}


def render(refgraph: Path, corpus: Path, out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([str(refgraph), "render", str(corpus), "-o", str(out)],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stderr.strip()


def load_times(browser, page_file: Path, runs: int, screenshot: Path | None,
               show: str | None, path: str | None) -> tuple[float, float, float]:
    loads, ready, drawn = [], [], []
    for run in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(page_file.resolve().as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("window.refgraph !== undefined", timeout=120_000)
        timing = page.evaluate("""() => new Promise(resolve => {
            const t = performance.getEntriesByType('navigation')[0];
            const built = performance.now();
            network.once('afterDrawing', () => resolve([t.loadEventEnd, built,
                                                        performance.now()]));
            network.redraw();
        })""")
        if errors:
            raise SystemExit(f"{page_file}: {errors}")
        loads.append(timing[0])
        ready.append(timing[1])
        drawn.append(timing[2])
        if screenshot and run == 0:
            if show:
                page.evaluate("path => { const id = refgraph.idOf(path); "
                              "showDetails(id); refgraph.showLocal(id); }", show)
            if path:
                page.evaluate("title => refgraph.showPath(Array.from(document.querySelector("
                              "'#path-filter').options).find(o => o.text.startsWith(title))"
                              ".value)", path)
            page.screenshot(path=str(screenshot))
        page.close()
    return statistics.median(loads), statistics.median(ready), statistics.median(drawn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--generate", type=Path, metavar="DIR")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--show", metavar="NODE")
    parser.add_argument("--path", metavar="TITLE")
    parser.add_argument("--refgraph", type=Path, default=REFGRAPH,
                        help="the refgraph to run (another checkout's, to compare)")
    args = parser.parse_args()
    corpora = list(args.corpora)
    if args.generate:
        sys.path.insert(0, str(Path(__file__).parent))
        from render_corpus import SHAPES

        for shape in BUDGETS:
            root = args.generate / shape
            if not root.exists():
                SHAPES[shape](root)
            corpora.append(root)
    if not corpora:
        parser.error("give a CORPUS or --generate DIR")
    chromium = os.environ.get("REFGRAPH_CHROMIUM") or shutil.which("chromium")
    rows = ["| corpus | nodes, edges | render | page size | load event | network built "
            "| first drawing | budget |", "|---|---|---|---|---|---|---|---|"]
    over = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu",
                                          "--disable-dev-shm-usage"])
        for n, corpus in enumerate(corpora):
            out = Path(tmp) / f"graph-{n}.html"
            seconds, said = render(args.refgraph, corpus, out)
            counts = said.split(": ", 1)[1].split(", ")[:2]
            shot = args.screenshot if n == 0 else None
            load, built, drawn = load_times(browser, out, args.runs, shot, args.show,
                                            args.path)
            size = out.stat().st_size
            budget = ""
            if corpus.name in BUDGETS:
                most, first = BUDGETS[corpus.name]
                kept = size <= most and drawn / 1000 <= first
                budget = (f"{'kept' if kept else 'OVER'}: {most // MIB} MiB, {first:g} s")
                if not kept:
                    over.append(corpus.name)
            rows.append(f"| {corpus.name} | {', '.join(counts)} | {seconds:.2f} s "
                        f"| {size / 1024:,.0f} KiB | {load / 1000:.2f} s "
                        f"| {built / 1000:.2f} s | {drawn / 1000:.2f} s | {budget} |")
        browser.close()
    print("\n".join(rows))
    if over:
        raise SystemExit(f"over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
