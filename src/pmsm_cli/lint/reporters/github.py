"""``github``: GitHub Actions workflow commands, shown as annotations on the pull request.

``::error file=F,line=L,col=C,title=CODE slug::message``; warnings become
``::warning`` and infos ``::notice``. Chosen by default when the environment
has ``GITHUB_ACTIONS=true``, as in a workflow run.
"""

from __future__ import annotations

from pmsm_cli.lint.report import Options, Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: Options) -> str:
    lines = []
    for f in report.active:
        where = f" ({f.sheet}!{f.cell})" if f.sheet else ""
        properties = (
            f"file={_property(f.path)},line={f.line},col={f.column},"
            f"title={_property(f'{f.code} {f.name}')}"
        )
        lines.append(f"::{LEVEL[f.severity]} {properties}::{_data(f.message + where + f.cited())}")
    lines.append(report.summary.sentence())
    return "\n".join(lines) + "\n"
