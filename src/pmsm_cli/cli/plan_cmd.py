"""``pmsm plan``: the scheduled activity plan, as Markdown, Excel, HTML, Mermaid, CSV or JSON.

This module declares the options; cli/plan_run.py does the work.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import (
    CatalogOverlays,
    ConfigOption,
    IsolatedOption,
    PlanArg,
    VocabularyOption,
)
from pmsm_cli.cli.output import endings_of
from pmsm_cli.render import RENDERERS

EXAMPLES = {
    "plan": examples(
        ("pmsm plan my-project", "Print the schedule of my-project/pmsm.yaml as Markdown."),
        ("pmsm plan my-project -o plan.xlsx", "Write it as an Excel workbook to work in."),
        ("pmsm plan my-project -o project.xml", "Write it for MS Project (or ProjectLibre)."),
    )
}


def plan(
    plan: Path = PlanArg,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write to FILE; its ending picks the format ({endings_of(RENDERERS)}). "
        "Without it, print to stdout.",
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(RENDERERS)} (default: from -o, else md).",
    ),
    group_by: str = typer.Option(
        "pmbok",
        "--group-by",
        metavar="KEY",
        help="Group activities by: pmbok (process group), phase (ITIL lifecycle), "
        "process (ITIL process) or stage (release and deployment stage).",
    ),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        metavar="DIR",
        help="A folder of templates (plan.md.j2, plan.html.j2) used before the built-in ones.",
    ),
    no_suggest: bool = typer.Option(
        False,
        "--no-suggest",
        help="Show only the plan's own activities, not the catalog activities it lacks.",
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
    respect_freezes: bool = typer.Option(
        False,
        "--respect-freezes",
        help="Move the go-live and the work RFCs authorise past the change freezes of the "
        "change calendar (change_calendar in .pmsm.yaml); each move is a warning.",
    ),
    vocabulary: str | None = VocabularyOption,
    config_file: Path | None = ConfigOption,
    isolated: bool = IsolatedOption,
) -> None:
    """Schedule a plan; write Markdown, Excel, HTML, MS Project...

    The schedule follows the critical path method. The plan's own activities
    come first; catalog activities that its kind and scope call for but it
    lacks are added and marked as suggested. Dates are
    working days of the plan's calendar (weekends and holidays skipped). The
    change freezes of the configuration (the file nearest the plan, as pmsm
    check finds it, or --config) are shown on the Gantt chart.
    """
    from pmsm_cli.cli import remembered
    from pmsm_cli.cli.plan_run import PlanCall, run

    call = PlanCall(
        plan=plan,
        output=output,
        fmt=fmt,
        group_by=group_by,
        templates=templates,
        no_suggest=no_suggest,
        catalog_files=tuple(catalog_files or ()),
        respect_freezes=respect_freezes,
        vocabulary=vocabulary,
        config_file=config_file,
        isolated=isolated,
    )
    remembered.remember(call)  # the next run with these arguments skips typer
    raise typer.Exit(run(call))
