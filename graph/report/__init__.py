"""Reporters: a `Report` (sorted findings) in, one string out. They never filter or change
severity."""

from graph.report.github import render_github
from graph.report.json import render_json
from graph.report.junit import render_junit
from graph.report.sarif import render_sarif
from graph.report.summary import Report, RunStats, Scope
from graph.report.text import render_text

FORMATS = {"github": render_github, "json": render_json, "junit": render_junit,
           "sarif": render_sarif, "text": render_text}

__all__ = ["FORMATS", "Report", "RunStats", "Scope", "render_github", "render_json",
           "render_junit", "render_sarif", "render_text"]
