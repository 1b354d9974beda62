"""Text as XML can carry it, for the GraphML export (`graph/render.py`) and the metro
map's SVG (`graph/metro_svg.py`): both escape markup through their writers, but XML 1.0
cannot hold control characters, U+FFFE/U+FFFF or lone surrogates (an undecodable file
name) even escaped, so those become U+FFFD first."""

from __future__ import annotations

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
