"""``markdown``: a summary for people, e.g. a GitHub job summary (``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from pmsm_cli.lint.report import Options, Report

MAX_ROWS = 300  # job summaries are limited in size; the annotations carry the rest
ICON = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(report: Report, options: Options) -> str:
    summary = report.summary
    lines = ["## pmsm check", "", summary.sentence(), ""]
    findings = report.active
    if findings:
        lines += ["| | file | line | rule | message |", "|---|---|---|---|---|"]
        for f in findings[:MAX_ROWS]:
            where = f"{f.line}:{f.column}" + (f" ({f.sheet}!{f.cell})" if f.sheet else "")
            lines.append(
                f"| {ICON[f.severity]} | `{_cell(f.path)}` | {where} | `{f.code}` {f.name} | "
                f"{_cell(f.message)} ({_cell(f.source)}) |"
            )
        if len(findings) > MAX_ROWS:
            lines += ["", f"... and {len(findings) - MAX_ROWS} more; see the annotations."]
        lines.append("")
    if report.waived:
        lines.append(f"<details><summary>{len(report.waived)} waived</summary>\n")
        for f in report.waived:
            reason = f.waived.reason if f.waived else ""
            lines.append(f"- `{_cell(f.path)}` {f.line}:{f.column} `{f.code}`: {_cell(reason)}")
        lines += ["", "</details>", ""]
    return "\n".join(lines)
