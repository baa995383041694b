"""``pmsm export``: the plan as MS Project XML, TaskJuggler, Jira CSV or iCalendar."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli import console
from pmsm_cli.cli.options import CatalogOverlays
from pmsm_cli.errors import PmsmError

if TYPE_CHECKING:
    from pmsm_cli.models.plan import Plan
    from pmsm_cli.scheduling import ScheduleError


class Format(str, Enum):
    mspdi = "mspdi"
    tjp = "tjp"
    jira_csv = "jira-csv"
    ics = "ics"


class GroupBy(str, Enum):
    process = "process"
    pmbok_group = "pmbok-group"


def export(
    plan_file: Path = typer.Argument(..., metavar="PLAN", help="The plan file (pmsm.yaml)."),
    fmt: Format = typer.Option(..., "--format", "-f", help="What to write."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE"
    ),
    group_by: GroupBy = typer.Option(
        GroupBy.process,
        "--group-by",
        help="Summary groups of the work breakdown: ITIL process or PMBOK process group "
        "(mspdi, tjp, jira-csv).",
    ),
    suggested: bool = typer.Option(
        True,
        "--suggested/--no-suggested",
        help="Include the catalog activities the plan is missing, as pmsm plan shows them.",
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
) -> None:
    """Export the scheduled plan for MS Project (mspdi), TaskJuggler (tjp), Jira (jira-csv)
    or a calendar (ics)."""
    from pmsm_cli.catalog import load_catalog
    from pmsm_cli.export import exporter
    from pmsm_cli.export.outline import ExportError
    from pmsm_cli.planfile import load_plan
    from pmsm_cli.resolve import schedule_plan
    from pmsm_cli.scheduling import ScheduleError

    if output is not None and output.resolve() == plan_file.resolve():
        raise PmsmError(
            "the output file is the plan file itself; give another name with -o", output
        )
    loaded = load_plan(plan_file)
    catalog = load_catalog(catalog_files or [])
    try:
        scheduled = schedule_plan(loaded.plan, catalog, suggest=suggested)
    except ScheduleError as error:
        path, line, column = loaded.doc.locate(_schedule_error_loc(loaded.plan, error))
        raise PmsmError(f"cannot schedule the plan: {error.message}", path, line, column) from None
    options = {} if fmt is Format.ics else {"group_by": group_by.value}
    try:
        data = exporter(fmt.value)(scheduled, loaded.plan, catalog, **options)
    except ExportError as error:
        path, line, column = loaded.doc.locate(error.loc)
        raise PmsmError(error.message, path, line, column) from None
    if output is None:
        typer.echo(data, nl=False)
        return
    from pmsm_cli.fsio import write_atomic

    write_atomic(output, data)
    console.err().print(f"wrote {output}", markup=False, highlight=False)


def _schedule_error_loc(plan: Plan, error: ScheduleError) -> tuple[str | int, ...]:
    """Where in the plan file a scheduling error is best shown: the first activity it names."""
    named = [*error.task_ids, *(task for task, _ in error.missing), *error.cycle]
    key = "depends_on" if error.missing or error.cycle else "id"
    for name in named:
        for index, activity in enumerate(plan.activities):
            if activity.id == name:
                return ("activities", index, key)
    return ("activities",)
