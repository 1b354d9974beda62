"""Corpora shaped for the graph page's budgets (benchmarks/render_page.py --generate).

    python benchmarks/render_corpus.py nodejs /tmp/nodejs-like
    python benchmarks/render_corpus.py docs-5000 /tmp/docs-5000

`nodejs`: shaped like Node.js' `doc/` (148 Markdown files, 76,133 external links, nearly
all to github.com pull requests and commits, from the changelogs): 150 files, 75,000
external links on about 300 sites. `docs-5000`: a documentation site with series: 8
series of 25 posts, 4,480 docs in 80 folders, links mostly within a folder, some
broken, 250 external sites: about 5,000 nodes once drawn. Both are the same bytes on
every run (a seeded generator). `monorepo`: 2,490 packages, each a folder holding a README
and a CHANGELOG: about 5,000 nodes in 2,490 folders, the most folders a page of that
size can have.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HOSTS = ("nodejs.org", "developer.mozilla.org", "en.wikipedia.org", "tc39.es",
         "www.npmjs.com", "v8.dev", "datatracker.ietf.org", "www.rfc-editor.org",
         "docs.github.com", "openjsf.org")


def _write(root: Path, path: str, text: str) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def nodejs(root: Path, files: int = 150, links: int = 75_000) -> None:
    """`files` Markdown files: api docs, changelogs (most of the links) and guides."""
    rng = random.Random(22)
    names = ([f"doc/api/{n:02d}-module.md" for n in range(60)]
             + [f"doc/changelogs/CHANGELOG_V{n}.md" for n in range(25)]
             + [f"doc/contributing/guide-{n:02d}.md" for n in range(files - 86)]
             + ["README.md"])
    tail = [f"site-{n}.example.com" for n in range(290)]
    per_file = {name: (links * 3 // 5 // 25 if "changelogs" in name
                       else links * 2 // 5 // (files - 25)) for name in names}
    per_file["README.md"] += links - sum(per_file.values())
    for name in names:
        lines = [f"# {Path(name).stem}", ""]
        for n in range(per_file[name]):
            roll = rng.random()
            if roll < 0.7:
                kind = rng.choice(("pull", "commit", "issues"))
                url = f"https://github.com/nodejs/node/{kind}/{rng.randrange(1, 60_000)}"
            elif roll < 0.9:
                url = f"https://{rng.choice(HOSTS)}/docs/{rng.randrange(1, 5_000)}"
            else:
                url = f"https://{rng.choice(tail)}/page/{n}"
            lines.append(f"* [#{n}]({url}) a change")
            if n % 50 == 0:
                other = rng.choice(names)
                lines.append(f"* see [{Path(other).stem}](/{other})")
        _write(root, name, "\n".join(lines) + "\n")


def docs(root: Path, series: int = 8, posts: int = 25, folders: int = 80,
         per_folder: int = 56, sites: int = 250) -> None:
    """A docs site: `series` series of `posts` posts in `blog/`, `folders` folders of
    `per_folder` docs, each doc linking four docs of its folder, one elsewhere and an
    external site; about one link in a hundred broken."""
    rng = random.Random(5000)
    folder = [f"docs/area-{f:02d}" for f in range(folders)]
    doc = [f"{folder[f]}/topic-{d:02d}.md" for f in range(folders) for d in range(per_folder)]
    for n, path in enumerate(doc):
        f = n // per_folder
        near = [doc[f * per_folder + rng.randrange(per_folder)] for _ in range(4)]
        links = [f"[{Path(p).stem}](/{p})" for p in near]
        links.append(f"[elsewhere](/{rng.choice(doc)}#overview)")
        if rng.random() < 0.01:
            links.append(f"[gone](/{folder[f]}/gone-{n}.md)")
        links.append(f"[site](https://site-{rng.randrange(sites)}.example.org/{n})")
        _write(root, path, f"# Topic {n}\n\n## Overview\n\n" + " and ".join(links) + ".\n")
    for s in range(series):
        lane = f"blog/{WORDS[s % len(WORDS)]}-track"
        names = [f"{p:02d}-{WORDS[(s + 3 * p) % len(WORDS)]}-"
                 f"{WORDS[(7 * s + p) % len(WORDS)]}.md" for p in range(1, posts + 1)]
        index = [f"# The {WORDS[s % len(WORDS)]} track", ""]
        for p, name in enumerate(names, 1):
            index.append(f"{p}. [{_title(name)}]({name})")
            cites = " ".join(f"[{Path(d).stem}](/{d})" for d in rng.sample(doc, 6))
            nav = []
            if p > 1:
                nav.append(f"*Previously: [{_title(names[p - 2])}]({names[p - 2]})*")
            if p < posts:
                nav.append(f"*Next: [{_title(names[p])}]({names[p]})*")
            _write(root, f"{lane}/{name}",
                   f"# {_title(name)}\n\n{cites}\n\n" + "\n\n".join(nav) + "\n")
        if s < 2:  # two reading paths: a few posts of the track, then a doc to try it
            index += ["", "## Reading Paths", ""]
            for title, start in (("Getting started", 0), ("Going deeper", posts // 2)):
                steps = [(names[start + k], f"{names[start + k]}") for k in range(0, 6, 2)]
                steps.append((doc[s * per_folder], f"/{doc[s * per_folder]}"))
                index.append(f"### {title} in {WORDS[s % len(WORDS)]}")
                index += [f"{k}. [{_title(Path(n).name)}]({href}) - step {k}"
                          for k, (n, href) in enumerate(steps, 1)]
                index.append("")
        _write(root, f"{lane}/README.md", "\n".join(index) + "\n")
    _write(root, "README.md", "# Docs\n\n" + "\n".join(
        f"* [Track {s}](blog/{WORDS[s % len(WORDS)]}-track/README.md)"
        for s in range(series)) + "\n")


def monorepo(root: Path, packages: int = 2490) -> None:
    """A monorepo's Markdown: a README and a CHANGELOG in each of `packages` folders, the
    README linking its CHANGELOG and another package, the CHANGELOG back to its README:
    thousands of folders of two files, which the page folds one by one."""
    rng = random.Random(2490)
    names = [f"packages/pkg-{n:04d}" for n in range(packages)]
    for name in names:
        other = rng.choice(names)
        _write(root, f"{name}/README.md", f"# {Path(name).name}\n\nSee the "
               f"[changes](CHANGELOG.md) and [{Path(other).name}](/{other}/README.md).\n")
        _write(root, f"{name}/CHANGELOG.md", "# Changes\n\n[Back](README.md)\n")
    _write(root, "README.md", "# Monorepo\n\n[Contributing](CONTRIBUTING.md)\n")
    _write(root, "CONTRIBUTING.md", "# Contributing\n\n[Home](README.md)\n")


WORDS = ("storage", "replication", "queries", "indexes", "recovery", "security",
         "clients", "operations", "streams", "schemas", "caching", "metrics")


def _title(name: str) -> str:
    words = Path(name).stem.split("-")
    return " ".join(w for w in words if not w.isdigit()).capitalize()


SHAPES = {"nodejs": nodejs, "docs-5000": docs, "monorepo": monorepo}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    SHAPES[args.shape](args.root)


if __name__ == "__main__":
    main()
