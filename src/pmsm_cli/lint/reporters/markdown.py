"""``markdown``: a summary for people, e.g. a GitHub job summary (``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from pmsm_cli.formatting.markdown import md_escape
from pmsm_cli.lint.report import Options, Report

MAX_ROWS = 300  # job summaries are limited in size; the annotations carry the rest
ICON = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}


def render(report: Report, options: Options) -> str:
    summary = report.summary
    lines = ["## pmsm check", "", summary.sentence(), ""]
    findings = report.active
    if findings:
        lines += ["| | file | line | rule | message |", "|---|---|---|---|---|"]
        for f in findings[:MAX_ROWS]:
            where = f"{f.line}:{f.column}" + (f" ({f.sheet}!{f.cell})" if f.sheet else "")
            # Paths and messages carry plan text (names, ids, file names): escaped, never
            # in a code span, which a backtick in the text would close.
            lines.append(
                f"| {ICON[f.severity]} | {md_escape(f.path)} | {md_escape(where)} | "
                f"`{f.code}` {md_escape(f.name)} | {md_escape(f.message)}"
                + (f" ({md_escape(f.source)})" if f.source else "")
                + " |"
            )
        if len(findings) > MAX_ROWS:
            lines += ["", f"... and {len(findings) - MAX_ROWS} more; see the annotations."]
        lines.append("")
    if report.waived:
        lines.append(f"<details><summary>{len(report.waived)} waived</summary>\n")
        for f in report.waived:
            reason = f.waived.reason if f.waived else ""
            lines.append(
                f"- {md_escape(f.path)} {f.line}:{f.column} `{f.code}`: {md_escape(reason)}"
            )
        lines += ["", "</details>", ""]
    return "\n".join(lines)
