from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from graph.findings import Finding

TESTS = Path(__file__).parent
ROOT = TESTS.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Commands run by the tests cache parse results in a folder of this session's, never
    in the user's cache."""
    os.environ["REFGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("refgraph-cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite expected.* files of tests/corpora from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def compare_golden(path: Path, actual: str, update: bool) -> None:
    """Byte-for-byte golden comparison; `--update-golden` rewrites (read the diff!)."""
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8")


def make_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    """Write `files` (relative path → text or bytes) under `root`; return `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def messages(findings: list[Finding]) -> list[str]:
    """Findings as `path:line:col: message (suggestion)`, sorted."""
    return [f"{f.loc}: {f.message} ({f.suggestion})" for f in sorted(findings)]
