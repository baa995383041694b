"""``text``: for people at a terminal, grouped by file, with a summary line."""

from __future__ import annotations

import io
from itertools import groupby

from pmsm_cli.lint.report import Options, Report

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: Report, options: Options) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        width=options.width,
        highlight=False,
        soft_wrap=False,
    )
    for path, group in groupby(report.active, key=lambda f: f.path):
        console.print(Text(path, style="bold underline"))
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column("where", no_wrap=True, justify="right")
        table.add_column("severity", no_wrap=True)
        table.add_column("code", no_wrap=True)
        table.add_column("message", overflow="fold")
        for f in group:
            where = f"{f.line}:{f.column}" + (f" {f.sheet}!{f.cell}" if f.sheet else "")
            message = Text(f.message)
            message.append(f"  [{f.source}]", style="dim")
            table.add_row(
                Text("  " + where, style="dim"),
                Text(f.severity, style=STYLE[f.severity]),
                Text(f.code, style="bold"),
                message,
            )
        console.print(table)
        console.print()
    for result in report.results:
        if result.added:
            console.print(
                Text(f"{result.path}: --fix added {', '.join(result.added)}", style="green")
            )
    summary = report.summary
    style = "bold red" if summary.findings or summary.unreadable else "bold green"
    console.print(Text(summary.sentence(), style=style))
    return buffer.getvalue()
