"""JSON with two-space indents, as `json.dumps(indent=2, sort_keys=True)` writes it, without
holding every piece of it at once.

With `indent`, Python's encoder is the pure-Python one, and `json.dumps` joins the list of
all its pieces: several small strings per key and value, about 60 per SARIF result, so
100,000 findings held some 6 million strings (hundreds of MB) just before the join. Here
the pieces are joined as they come, a few thousand at a time; the bytes are the same.
"""

from __future__ import annotations

import json

_BATCH = 4096


def dumps_indented(value: object) -> str:
    encoder = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    parts: list[str] = []
    batch: list[str] = []
    for piece in encoder.iterencode(value):
        batch.append(piece)
        if len(batch) >= _BATCH:
            parts.append("".join(batch))
            batch.clear()
    parts.append("".join(batch))
    return "".join(parts)
