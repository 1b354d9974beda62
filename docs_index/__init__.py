"""Read a Markdown corpus once: files, front matter, headings with GitHub anchors, links."""

from docs_index.corpus import Corpus, read_corpus
from docs_index.model import Anchor, Block, Document, Heading, Link, LinkKind, Location, Problem

__all__ = [
    "Anchor", "Block", "Corpus", "Document", "Heading", "Link", "LinkKind", "Location",
    "Problem", "read_corpus",
]
