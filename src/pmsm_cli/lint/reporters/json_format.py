"""``json``: ``{"summary": {...}, "findings": [...], "waived": [...]}`` for scripts and dashboards.

Each finding has path, line, column, code, name (the rule's slug), severity,
message and source (the § it comes from), plus sheet and cell (null unless
the plan is a workbook). Waived findings are listed apart, each with why.
"""

from __future__ import annotations

from typing import Any

from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.lint.finding import Finding
from pmsm_cli.lint.report import Options, Report


def as_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "source": finding.source,
        "sheet": finding.sheet,
        "cell": finding.cell,
    }
    if finding.waived is not None:
        data["waived"] = {"by": finding.waived.kind, "reason": finding.waived.reason}
    return data


def render(report: Report, options: Options) -> str:
    document = {
        "summary": report.summary.as_dict(),
        "findings": [as_dict(f) for f in report.active],
        "waived": [as_dict(f) for f in report.waived],
    }
    return json_document(document)
