"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure): one
`<testsuite>` per file with findings, one failing `<testcase>` per finding. A clean run is
one passing test case, so the report never shows "no tests"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from graph.report.summary import Report
from graph.report.text import format_finding, summary_line

# Characters XML 1.0 cannot carry even escaped; a message quoting a control byte from a
# broken file must not make the report unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render_junit(report: Report) -> str:
    findings = report.findings
    root = ET.Element("testsuites", name="refgraph", tests=str(max(len(findings), 1)),
                      failures=str(len(findings)), errors="0")
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="refgraph", tests="1", failures="0",
                              errors="0")
        ET.SubElement(suite, "testcase", classname="refgraph",
                      name=summary_line(findings, report.stats))
    for path, group in groupby(findings, key=lambda f: f.loc.path):
        cases = list(group)
        file = _clean(report.path(path))
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(cases)),
                              failures=str(len(cases)), errors="0")
        for f in cases:
            case = ET.SubElement(suite, "testcase", classname=file,
                                 name=f"{f.rule_id} at {f.loc.line}:{f.loc.col}",
                                 file=file, line=str(f.loc.line))
            failure = ET.SubElement(case, "failure", type=f.severity.value,
                                    message=_clean(f.message))
            failure.text = _clean(format_finding(f))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
