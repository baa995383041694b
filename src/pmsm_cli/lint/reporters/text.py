"""``text``: for people at a terminal, grouped by file, with a summary line.

Laid out here rather than with a rich table: a table measures every cell,
which takes seconds for the thousands of findings of a large run. rich adds
the colours when the output is a terminal; otherwise the text is written as
it is.
"""

from __future__ import annotations

import io
from itertools import groupby

from pmsm_cli.lint.report import Options, Report

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_WIDTH, CODE_WIDTH = len("warning"), len("CHT001")

Segment = tuple[str, str]  # text, rich style ("" for none)


def wrap(words: list[str], width: int) -> list[str]:
    """Greedy word wrap (messages are plain words; textwrap's generality is slow here)."""
    lines: list[str] = []
    current = ""
    for word in words:
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def segments(report: Report, width: int) -> list[Segment]:
    parts: list[Segment] = []
    for path, group in groupby(report.active, key=lambda f: f.path):
        findings = list(group)
        wheres = [
            f"{f.line}:{f.column}" + (f" {f.sheet}!{f.cell}" if f.sheet else "") for f in findings
        ]
        where_width = max(len(w) for w in wheres)
        indent = 2 + where_width + 1 + SEVERITY_WIDTH + 1 + CODE_WIDTH + 1
        room = max(40, width - indent)
        parts.append((path + "\n", "bold underline"))
        for finding, where in zip(findings, wheres, strict=True):
            parts.append(("  " + where.rjust(where_width) + " ", "dim"))
            parts.append((finding.severity.ljust(SEVERITY_WIDTH) + " ", STYLE[finding.severity]))
            parts.append((finding.code.ljust(CODE_WIDTH) + " ", "bold"))
            # the source stays on one line: "[Third Sky whitepaper §2.1]"
            cited = [f"[{finding.source}]"] if finding.source else []
            lines = wrap([*finding.message.split(), *cited], room)
            parts.append((("\n" + " " * indent).join(lines) + "\n", ""))
        parts.append(("\n", ""))
    for result in report.results:
        if result.added:
            parts.append((f"{result.path}: --fix added {', '.join(result.added)}\n", "green"))
    summary = report.summary
    style = "bold red" if summary.findings or summary.unreadable else "bold green"
    parts.append((summary.sentence() + "\n", style))
    return parts


def render(report: Report, options: Options) -> str:
    parts = segments(report, options.width)
    if not options.color:
        return "".join(text for text, _style in parts)
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", highlight=False)
    console.print(Text.assemble(*parts), soft_wrap=True, end="")  # laid out already
    return buffer.getvalue()
