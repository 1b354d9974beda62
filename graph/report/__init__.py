"""Reporters: sorted findings in, one string out. They never filter or change severity."""

from graph.report.json import render_json
from graph.report.text import render_text

FORMATS = {"text": render_text, "json": render_json}

__all__ = ["FORMATS", "render_json", "render_text"]
