"""``pmsm change add`` and ``pmsm change list``: project change requests and RFCs (§5.1)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.lookup import plan_path
from pmsm_cli.cli.options import CatalogOverlays, PlanArg, sub_app
from pmsm_cli.errors import PmsmError
from pmsm_cli.formatting.jsontext import json_document

app = sub_app("Add and list change requests (sponsor) and RFCs (CAB), §5.1.")

_ADD_PCR = (
    "pmsm change add my-project --kind project --title 'More tests' --extra-days 10",
    "Ask the sponsor for more time; shows the effect on ROI and finish.",
)
_LIST = ("pmsm change list my-project", "The change requests and RFCs, each with its status.")
EXAMPLES = {
    "change": examples(_ADD_PCR, _LIST),
    "change add": examples(
        _ADD_PCR,
        (
            "pmsm change add my-project --kind project --title Laptops --extra-cost 800 --diff",
            "Show the change to the plan file; write nothing.",
        ),
    ),
    "change list": examples(
        _LIST,
        ("pmsm change list my-project --format json", "The same as JSON, for other tools."),
    ),
}


# The choices of --kind, --change-type and --status: the values the plan model takes.
# Which change type goes with which kind: pmsm_cli.control.change_kinds, shared with
# pmsm check (project: scope, time, budget, §5.1; RFC: standard, normal, emergency,
# ITIL v3 Service Transition §4.2).
if TYPE_CHECKING:
    from enum import Enum as ChangeType
    from enum import Enum as Kind
    from enum import Enum as Status
else:
    from pmsm_cli.cli.choices import choices
    from pmsm_cli.models import change_values as _values

    Kind = choices("Kind", get_args(_values.ChangeKind))
    ChangeType = choices("ChangeType", get_args(_values.ChangeType))
    Status = choices("Status", get_args(_values.ChangeStatus))


class ListFormat(str, Enum):
    text = "text"
    json = "json"


def _date(value: str | None, option: str) -> dt.date | None:
    from pmsm_cli.cli.options import parse_date

    return None if value is None else parse_date(value, option)


@app.command("add")
def add(
    plan: Path = PlanArg,
    kind: Kind = typer.Option(
        ..., "--kind", help="project: more time, budget or scope (sponsor); service: an RFC (CAB)."
    ),
    title: str = typer.Option(..., "--title", metavar="TEXT", help="What is asked, in a line."),
    cr_id: str | None = typer.Option(
        None, "--id", metavar="ID", help="The request's id [default: next PCR-n or RFC-n]."
    ),
    reason: str | None = typer.Option(None, "--reason", metavar="TEXT", help="Why it is needed."),
    change_type: ChangeType | None = typer.Option(
        None,
        "--change-type",
        help="Project: scope, time or budget [default: from --extra-*]; "
        "RFC: standard, normal or emergency [default: normal].",
    ),
    extra_days: int | None = typer.Option(
        None, "--extra-days", metavar="N", help="Project: working days more."
    ),
    extra_cost: float | None = typer.Option(
        None, "--extra-cost", metavar="X", help="Project: money more (one-off)."
    ),
    approver: str | None = typer.Option(
        None,
        "--approver",
        metavar="ROLE",
        help="Who decides [default: project-sponsor; for an RFC change-advisory-board, "
        "change-authority for a standard change, emergency-cab for an emergency].",
    ),
    status: Status | None = typer.Option(
        None, "--status", help="[default: approved with --approved-on, else draft]"
    ),
    approved_on: str | None = typer.Option(None, "--approved-on", metavar="DATE"),
    activity: str | None = typer.Option(
        None, "--activity", metavar="ID", help="The plan activity it delays or authorises."
    ),
    environment: str | None = typer.Option(
        None, "--environment", metavar="NAME", help="RFC: the target environment."
    ),
    window_start: str | None = typer.Option(
        None, "--window-start", metavar="DATE", help="RFC: change window, first day."
    ),
    window_end: str | None = typer.Option(
        None, "--window-end", metavar="DATE", help="RFC: change window, last day."
    ),
    diff: bool = typer.Option(
        False, "--diff", help="Show the change to the plan file as a unified diff; write nothing."
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
) -> None:
    """Add a change request to the plan, keeping its comments and layout.

    A project change request re-checks the business case: the charter's ROI
    before and after the extra cost, and the project finish before and after
    the extra days. An RFC needs a target environment and a change window.
    """
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.control import changes
    from pmsm_cli.files.editing import editing
    from pmsm_cli.models.text import refuse_in_option
    from pmsm_cli.plan.load import parse_plan

    # Before anything else: a refused value is then named as the option it came in.
    for option, value in (
        ("--id", cr_id),
        ("--title", title),
        ("--approver", approver),
        ("--activity", activity),
        ("--environment", environment),
    ):
        refuse_in_option(option, value)
    refuse_in_option("--reason", reason, multiline=True)  # prose in the plan, as in the file
    path = plan_path(plan)
    new = changes.ChangeInput(
        kind=kind.value,
        title=title,
        id=cr_id,
        reason=reason,
        change_type=change_type.value if change_type else None,
        extra_days=extra_days,
        extra_cost=extra_cost,
        approver=approver,
        status=status.value if status else None,
        approved_on=_date(approved_on, "--approved-on"),
        activity=activity,
        environment=environment,
        window_start=_date(window_start, "--window-start"),
        window_end=_date(window_end, "--window-end"),
    )
    # Locked from the read to the write: a second 'change add' works on this one's result.
    with editing(path) as edit:
        loaded = parse_plan(edit.text, path)
        cr = changes.build_change(loaded, new)
        lines = [_summary(cr, path, loaded.plan.project.method, written=not diff)]
        if cr.kind == "project":
            lines += _impact(loaded, cr, load_catalog(catalog_files or []))
        text = changes.add_change(edit.text, path, cr)
        if diff:
            from pmsm_cli.files.editing import unified_diff

            typer.echo(unified_diff(edit.text, text, str(path)), nl=False)
            # What the change would do goes beside the diff, not into it.
            typer.echo("\n".join(lines), err=True)
            return
        edit.write(text)
    typer.echo("\n".join(lines))


def _summary(cr: Any, path: Path, method: str, *, written: bool = True) -> str:
    from pmsm_cli.prince2 import rfc_words

    verb = "added" if written else "would add"
    end = "" if written else "; nothing written"
    if cr.kind == "project":
        what = f"project change request ({cr.change_type})" if cr.change_type else "project CR"
        return f"{verb} {cr.id} to {path}: {what}, {cr.status}, decided by {cr.approver}{end}"
    rfc = f"{cr.change_type} {rfc_words(method)}" if cr.change_type else rfc_words(method)
    return (
        f"{verb} {cr.id} to {path}: {rfc} for {cr.environment}, window {cr.window_start} to "
        f"{cr.window_end}, {cr.status}, decided by {cr.approver}{end}"
    )


def _impact(loaded: Any, cr: Any, catalog: Any) -> list[str]:
    from pmsm_cli.control import changes
    from pmsm_cli.reports import fmt

    lines = []
    case = changes.business_case(loaded.plan, cr)
    if case is None:
        lines.append(
            "business case: the charter has no costs and benefits, so its ROI cannot be re-checked"
        )
    else:
        lines.append(
            f"business case: ROI {fmt.percent(case.roi_before)} before, "
            f"{fmt.percent(case.roi_after)} after (TCO {fmt.money(case.tco_before)} -> "
            f"{fmt.money(case.tco_after)}; benefits {fmt.money(case.benefits)} over "
            f"{fmt.plural(case.horizon_years, 'year')})"
        )
    if cr.extra_days:
        try:
            impact = changes.schedule_impact(loaded, catalog, cr)
        except PmsmError as error:
            return [*lines, f"schedule: not worked out, the plan cannot be scheduled ({error})"]
        where = f" ('{impact.activity}' takes longer)" if impact.activity else ""
        line = (
            f"schedule: project finish {impact.finish_before} before, {impact.finish_after} "
            f"after, +{fmt.plural(cr.extra_days, 'working day')}{where}"
        )
        if impact.target is not None and impact.finish_after > impact.target:
            line += f"; past the target finish {impact.target}"
        lines.append(line)
    return lines


def _window(cr: Any) -> str:
    from pmsm_cli.reports import fmt

    if cr.window_start is None and cr.window_end is None:
        return fmt.NONE
    return f"{fmt.date(cr.window_start)} to {fmt.date(cr.window_end)}"


@app.command("list")
def list_changes(
    plan: Path = PlanArg,
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="Output format."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="DATE",
        help="Which RFCs are live, as of this date, YYYY-MM-DD [default: today].",
    ),
) -> None:
    """List the plan's project change requests and RFCs apart, with status, the CAB's
    decision and whether each RFC has been evaluated after it went live (§5.3).
    """
    from pmsm_cli.cli.options import parse_date
    from pmsm_cli.control.changes import cab_decision, evaluation_state, split_kinds
    from pmsm_cli.plan.load import load_plan
    from pmsm_cli.reports import fmt as f
    from pmsm_cli.reports.document import Column, Document, Heading, Table, to_text

    today = parse_date(as_of, "--as-of")
    loaded = load_plan(plan_path(plan))
    project, service = split_kinds(loaded.plan.change_requests)
    # In the PRINCE2 profile a "request for change" is a project change: say which is which.
    prince2 = loaded.plan.project.method == "prince2"
    if fmt is ListFormat.json:
        data = {
            "plan": str(loaded.path),
            "project": [
                {
                    "id": c.id,
                    "title": c.title,
                    "change_type": c.change_type,
                    "extra_days": c.extra_days,
                    "extra_cost": c.extra_cost,
                    "approver": c.approver,
                    "status": c.status,
                    "approved_on": c.approved_on.isoformat() if c.approved_on else None,
                    "activity": c.activity,
                }
                for c in project
            ],
            "service": [
                {
                    "id": c.id,
                    "title": c.title,
                    "change_type": c.change_type,
                    "environment": c.environment,
                    "window_start": c.window_start.isoformat() if c.window_start else None,
                    "window_end": c.window_end.isoformat() if c.window_end else None,
                    "approver": c.approver,
                    "status": c.status,
                    "cab_decision": cab_decision(c),
                    "evaluation": evaluation_state(c, loaded, today),
                    "activity": c.activity,
                }
                for c in service
            ],
        }
        typer.echo(json_document(data), nl=False)
        return
    doc = Document(
        f"Change requests: {loaded.plan.project.name}",
        str(loaded.path),
        [
            Heading(
                "Project change requests (decided by the Executive, the project sponsor)"
                if prince2
                else "Project change requests (decided by the sponsor)"
            ),
            Table(
                [
                    Column("ID"),
                    Column("Title"),
                    Column("Type"),
                    Column("Extra days", numeric=True),
                    Column("Extra cost", numeric=True),
                    Column("Status"),
                    Column("Approved on"),
                ],
                [
                    [
                        c.id,
                        c.title,
                        c.change_type or f.NONE,
                        str(c.extra_days) if c.extra_days is not None else f.NONE,
                        f.money(c.extra_cost) if c.extra_cost is not None else f.NONE,
                        c.status,
                        f.date(c.approved_on),
                    ]
                    for c in project
                ],
            ),
            Heading(
                "RFCs: service changes (decided by the CAB)"
                if prince2
                else "RFCs (decided by the CAB)"
            ),
            Table(
                [
                    Column("ID"),
                    Column("Title"),
                    Column("Environment"),
                    Column("Window"),
                    Column("Status"),
                    Column("CAB decision"),
                    Column("Evaluation (§5.3)"),
                ],
                [
                    [
                        c.id,
                        c.title,
                        c.environment or f.NONE,
                        _window(c),
                        c.status,
                        cab_decision(c),
                        evaluation_state(c, loaded, today),
                    ]
                    for c in service
                ],
            ),
        ],
    )
    typer.echo(to_text(doc), nl=False)
