"""`refgraph paths --format json`: the path list and what `show`, `order` and `coverage`
print, as plain data (the text forms are in `paths_cli.py`)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.design import Coverage, Ordering, PathDesign, prerequisites
from graph.findings import Finding


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def path_dict(d: PathDesign, findings: list[Finding]) -> dict[str, object]:
    """One entry of the path list; `findings` are those on the path's lines."""
    return {
        "title": d.title, "node": d.node, "index": d.index, "line": d.loc.line,
        "series": d.series, "stated_minutes": d.stated_minutes,
        "minutes_by_index": d.by_index, "minutes_by_words": round(d.by_words, 1),
        "words": d.words,
        "steps": [{"order": s.order, "target": s.target, "node": s.node or None,
                   "kind": s.kind, "text": s.text, "line": s.loc.line,
                   "minutes": _round(s.minutes)}
                  for s in d.steps],
        "posts": list(d.posts), "docs": list(d.docs),
        "findings": [{"rule": f.rule_id, "line": f.loc.line, "column": f.loc.col,
                      "message": f.message} for f in findings],
    }


def show_dict(g: nx.MultiDiGraph, d: PathDesign) -> dict[str, object]:
    """`paths show`: each step with the posts it needs and where they come in the path."""
    position: dict[str, int] = {}
    for s in d.steps:
        if s.node:
            position.setdefault(s.node, s.order)
    steps: list[dict[str, Any]] = []
    for s in d.steps:
        needs = [{"post": pre.post, "how": pre.how, "file": pre.loc.path,
                  "line": pre.loc.line, "column": pre.loc.col,
                  "step": position.get(pre.post)}
                 for pre in (prerequisites(g, s.node) if s.kind == "post" else [])]
        steps.append({"order": s.order, "node": s.node or None, "text": s.text,
                      "title": g.nodes[s.node].get("title") if s.node else None,
                      "kind": s.kind, "minutes": _round(s.minutes), "needs": needs})
    return {"title": d.title, "node": d.node, "index": d.index, "line": d.loc.line,
            "series": d.series, "stated_minutes": d.stated_minutes, "minutes_by_index": d.by_index,
            "minutes_by_words": round(d.by_words, 1), "steps": steps}


def order_dict(title: str, path: str, ordering: Ordering,
               series: str | None = None) -> dict[str, object]:
    """`paths order`: the implied order as the author's step numbers, and any cycles;
    `series`: the series whose index holds the path."""
    by_order = {s.order: s for s in ordering.steps}
    return {
        "title": title, "node": path, "series": series, "changed": ordering.changed,
        "order": [{"position": n, "step": o, "node": by_order[o].node or None,
                   "text": by_order[o].text} for n, o in enumerate(ordering.order, 1)],
        "cycles": [[{"post": post, "how": how, "needs": needed}
                    for post, how, needed in cycle] for cycle in ordering.cycles],
    }


def coverage_dict(cov: Coverage) -> dict[str, object]:
    """`paths coverage`: what no path reaches or cites, and what each path skips."""
    return {
        "series": cov.series,
        "unreached_posts": list(cov.unreached),
        "uncited_docs": list(cov.uncited_docs),
        "paths": [{"title": title, "skipped_posts": list(skipped),
                   "missing_prerequisites": [{"post": pre, "needed_by": needer}
                                             for pre, needer in
                                             cov.missing_prerequisites[title]]}
                  for title, skipped in cov.skipped.items()],
    }
