"""Build the fixture sites under tests/sites/ with the real Jekyll and Hugo, read ids back.

`python -m tests.sites.generators` rewrites tests/sites/fixtures/*.json from the installed
generators; the differential tests call the same functions and compare. Builds run offline
in a temporary folder, a few tenths of a second each.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

SITES = Path(__file__).resolve().parent
FIXTURES = SITES / "fixtures"
JEKYLL_SITE = SITES / "jekyll-ids"
HUGO_SITE = SITES / "hugo-ids"
JEKYLL_PAGE = JEKYLL_SITE / "index.md"
HUGO_PAGE = HUGO_SITE / "content" / "ids.md"
KRAMDOWN_INPUTS = {"GFM": "kramdown-gfm-ids.json", "kramdown": "kramdown-ids.json"}
GOLDMARK_TYPES = {"github": "goldmark-github-ids.json",
                  "github-ascii": "goldmark-github-ascii-ids.json",
                  "blackfriday": "goldmark-blackfriday-ids.json"}
BUILD_TIMEOUT = 60  # seconds; a build takes well under one


def heading_sources(page: Path) -> list[str]:
    """The contents of each `## ` heading of a fixture page, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return [line[3:] for line in lines if line.startswith("## ")]


def following_lines(page: Path) -> list[str]:
    """The line after each `## ` heading of a fixture page (a block IAL, or ""), in order."""
    lines = [*page.read_text(encoding="utf-8").splitlines(), ""]
    return [lines[n + 1] for n, line in enumerate(lines[:-1]) if line.startswith("## ")]


def definitions(page: Path) -> tuple[list[str], list[str]]:
    """The reference labels (`[r]: url`) and footnote labels (`[^1]: text`) a page defines."""
    text = page.read_text(encoding="utf-8")
    references = re.findall(r"^\[([^\]^][^\]]*)\]:", text, flags=re.MULTILINE)
    footnotes = re.findall(r"^\[\^([^\]]+)\]:", text, flags=re.MULTILINE)
    return references, footnotes


class _HeadingIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.ids.append(dict(attrs).get("id"))


def heading_ids(html: str) -> list[str | None]:
    """The id of each h1-h6 of a built page, in order (None: the heading has no id)."""
    parser = _HeadingIds()
    parser.feed(html)
    parser.close()
    return parser.ids


def require(tool: str) -> str:
    """The tool's path; skip without it, fail if REFGRAPH_REQUIRE_GENERATORS is set (CI)."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("REFGRAPH_REQUIRE_GENERATORS"):
            pytest.fail(f"REFGRAPH_REQUIRE_GENERATORS is set, but {tool} is not installed")
        pytest.skip(f"{tool} is not installed")
    return found


def _run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT, check=False,
                          env={**os.environ, "JEKYLL_ENV": "production"})
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def jekyll_version(jekyll: str = "jekyll") -> str:
    """Jekyll's and kramdown's versions, as recorded in the fixtures."""
    gems = _run(["gem", "list", "^kramdown"], Path.cwd())
    return " ".join([_run([jekyll, "--version"], Path.cwd()).strip(),
                     *sorted(line.strip() for line in gems.splitlines() if line.strip())])


def hugo_version(hugo: str = "hugo") -> str:
    """Hugo's version line, as recorded in the fixtures."""
    return _run([hugo, "version"], Path.cwd()).split(" BuildDate")[0].strip()


def build_jekyll(kramdown_input: str, jekyll: str = "jekyll") -> list[str | None]:
    """Build tests/sites/jekyll-ids with `kramdown: input:` set, return its heading ids."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(JEKYLL_SITE, src)
        config = src / "_config.yml"
        config.write_text(re.sub(r"input: \w+", f"input: {kramdown_input}",
                                 config.read_text(encoding="utf-8")), encoding="utf-8")
        _run([jekyll, "build", "--quiet", "--safe", "-s", str(src), "-d", str(Path(tmp) / "out")],
             Path(tmp))
        return heading_ids((Path(tmp) / "out" / "index.html").read_text(encoding="utf-8"))


def build_hugo(id_type: str, hugo: str = "hugo") -> list[str | None]:
    """Build tests/sites/hugo-ids with `autoHeadingIDType` set, return its heading ids."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(HUGO_SITE, src)
        config = src / "hugo.toml"
        config.write_text(re.sub(r'autoHeadingIDType = "[\w-]+"',
                                 f'autoHeadingIDType = "{id_type}"',
                                 config.read_text(encoding="utf-8")), encoding="utf-8")
        _run([hugo, "--quiet", "--source", str(src), "--destination", str(Path(tmp) / "out"),
              "--cacheDir", str(Path(tmp) / "cache")], Path(tmp))
        return heading_ids((Path(tmp) / "out" / "ids" / "index.html").read_text(encoding="utf-8"))


def expectations(generator: str, setting: str, sources: list[str],
                 ids: list[str | None]) -> dict[str, object]:
    """The fixture document: generator version, setting, and one case per heading."""
    if len(ids) != len(sources):
        raise RuntimeError(f"{len(sources)} headings written, {len(ids)} built")
    return {"generator": generator, "setting": setting,
            "cases": [{"heading": s, "id": i} for s, i in zip(sources, ids, strict=True)]}


def load(name: str) -> dict[str, object]:
    """A checked-in fixture."""
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        data: dict[str, object] = json.load(fh)
    return data


def _write(name: str, data: dict[str, object]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (FIXTURES / name).write_text(text, encoding="utf-8")


def main() -> None:
    """Rewrite every fixture from the installed generators."""
    jekyll, hugo = jekyll_version(), hugo_version()
    for setting, name in KRAMDOWN_INPUTS.items():
        _write(name, expectations(jekyll, f"kramdown input: {setting}",
                                  heading_sources(JEKYLL_PAGE), build_jekyll(setting)))
    for setting, name in GOLDMARK_TYPES.items():
        _write(name, expectations(hugo, f"autoHeadingIDType: {setting}",
                                  heading_sources(HUGO_PAGE), build_hugo(setting)))


if __name__ == "__main__":
    main()


class Scan(HTMLParser):
    """A built page's ids and, in order, the hrefs of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))


def scan(path: Path) -> Scan:
    found = Scan()
    found.feed(path.read_text(encoding="utf-8"))
    return found


def works(site: Path, url: str, href: str, base: str = "/") -> bool:
    """Whether a browser at the built `site`'s page `url` (relative to the deployed `base`)
    following `href` reaches an existing page that carries the fragment's id."""
    parts = urlsplit(urljoin(f"http://site{base}{url}", href))
    if not parts.path.startswith(base):
        return False  # outside the deployed site
    path = site / unquote(parts.path[len(base):]).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return False
    return not parts.fragment or unquote(parts.fragment) in scan(path).ids
