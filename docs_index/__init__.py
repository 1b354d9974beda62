"""Read a Markdown corpus once: files, front matter, headings with GitHub anchors, links.

The names are loaded on first use (PEP 562 `__getattr__`), so `docs_index.model` alone,
which every finding needs, does not import markdown-it-py and the reader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docs_index.corpus import Corpus, read_corpus
    from docs_index.model import (
        Anchor,
        Block,
        Document,
        Heading,
        Link,
        LinkKind,
        Location,
        Problem,
    )

__all__ = [
    "Anchor", "Block", "Corpus", "Document", "Heading", "Link", "LinkKind", "Location",
    "Problem", "read_corpus",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'docs_index' has no attribute {name!r}")
    module = "docs_index.corpus" if name in ("Corpus", "read_corpus") else "docs_index.model"
    return getattr(importlib.import_module(module), name)
