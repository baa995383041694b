"""``concise``: one line per finding, ``path:line:col: CODE [severity] message``.

The form editors, ``grep`` and compilers' error parsers understand. For a
workbook the sheet and cell lead the message.
"""

from __future__ import annotations

from pmsm_cli.lint.finding import Finding
from pmsm_cli.lint.report import Options, Report


def line(finding: Finding) -> str:
    where = f"{finding.sheet}!{finding.cell}: " if finding.sheet else ""
    return (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} [{finding.severity}] "
        f"{where}{finding.message}"
    )


def render(report: Report, options: Options) -> str:
    lines = [line(f) for f in report.active]
    lines.append(report.summary.sentence())
    return "\n".join(lines) + "\n"
