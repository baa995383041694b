"""CSV for the Jira and Jira Service Management CSV importer.

Atlassian's importer maps CSV columns to Jira fields; hierarchy comes from an
``Issue ID`` column (any number unique within the file) and a ``Parent``
column holding the parent's ``Issue ID``, with every parent in an earlier row
than its children: epics first, then standard issues, then sub-tasks
(Atlassian's "CSV import Parent-child mapping" article). A field that takes
several values (labels, links) is given as several columns with the same
header, one value each.

The rows pmsm writes:

* one **Epic** per group of the work breakdown (``outline.py``: by ITIL
  process unless told otherwise);
* one **Task** per activity under its epic; an activity that is a service
  change (``chg-submit-rfc``, or the one a service change request authorises)
  is a **Change**, the Jira Service Management change type, so that the CAB
  works on it where it works on every other change (§5.1);
* one **Sub-task** per exit criterion of an activity.

Columns: ``Issue ID``, ``Parent``, ``Issue Type``, ``Summary``,
``Description`` (what, where from, dates, predecessors, RFC details, notes),
``Assignee`` (the owner), ``Status`` (To Do / In Progress / Done),
``Start date`` and ``Due date`` as ``yyyy-MM-dd`` (set that as the date
format in the importer), ``Original Estimate`` in seconds of 8-hour days,
``Labels`` (ITIL process, PMBOK group, ``milestone``, ``critical-path``,
``pmsm-suggested``) and ``Blocks`` (the ``Issue ID`` of each successor, for
the importer's "Blocks" link type). Every dependency is also written in the
description, so it survives whatever the link mapping does.

Text from the plan never becomes a spreadsheet formula: a cell that would
start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe (the usual rule, which Excel and LibreOffice show as
text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from pmsm_cli.export.outline import (
    DEFAULT_GROUP_BY,
    HOURS_PER_DAY,
    GroupBy,
    Row,
    change_activities,
    work_breakdown,
)
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import ChangeRequest, Plan
from pmsm_cli.plan.resolve import PlanSchedule

DATE_FORMAT = "%Y-%m-%d"  # the importer's "Date format": yyyy-MM-dd
SUMMARY_LIMIT = 255  # Jira rejects longer summaries
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EPIC, TASK, CHANGE, SUB_TASK = "Epic", "Task", "Change", "Sub-task"

# pmsm status -> the status of Jira's default workflow.
STATUS = {
    "not-started": "To Do",
    "blocked": "To Do",
    "in-progress": "In Progress",
    "done": "Done",
    "cancelled": "Done",
    "not-applicable": "Done",
}


@dataclass
class Issue:
    issue_id: int
    issue_type: str
    summary: str
    parent: int | None = None
    description: str = ""
    assignee: str = ""
    status: str = ""
    start: str = ""
    due: str = ""
    estimate: str = ""
    labels: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)


def export(
    scheduled: PlanSchedule,
    plan: Plan,
    catalog: Catalog,
    *,
    group_by: GroupBy = DEFAULT_GROUP_BY,
) -> bytes:
    return render(issues(scheduled, plan, catalog, group_by=group_by)).encode()


def issues(
    scheduled: PlanSchedule,
    plan: Plan,
    catalog: Catalog,
    *,
    group_by: GroupBy = DEFAULT_GROUP_BY,
) -> list[Issue]:
    """The issues to import, parents before children."""
    groups = work_breakdown(scheduled, catalog, group_by)
    changes = change_activities(plan, scheduled.activities)
    rfcs = {cr.id: cr for cr in plan.change_requests if cr.kind == "service"}
    names = {a.id: a.name for a in scheduled.activities}

    epics: list[Issue] = []
    tasks: list[tuple[Row, Issue]] = []
    for number, group in enumerate(groups, start=1):
        epics.append(
            Issue(
                number,
                EPIC,
                group.title,
                description=f"{group.title}: {_count(len(group.rows), 'activity', 'activities')}"
                " of the plan.",
                start=group.start.strftime(DATE_FORMAT),
                due=group.finish.strftime(DATE_FORMAT),
                labels=[group.key] if group.key else [],
            )
        )
    issue_id = {
        row.id: len(epics) + n for n, row in enumerate((r for g in groups for r in g.rows), start=1)
    }
    successors: dict[str, list[str]] = {}
    for activity in scheduled.activities:
        for dep in activity.depends_on:
            successors.setdefault(dep.predecessor, []).append(activity.id)

    for epic, group in zip(epics, groups, strict=True):
        for row in group.rows:
            activity, task = row.activity, row.task
            planned = activity.planned
            authorising = [rfcs[i] for i in changes.get(activity.id, []) if i in rfcs]
            labels = [x for x in (activity.process, activity.pmbok_group) if x]
            labels += [
                label
                for label, wanted in (
                    ("milestone", row.milestone),
                    ("critical-path", task.critical),
                    ("pmsm-suggested", activity.suggested),
                )
                if wanted
            ]
            issue = Issue(
                issue_id[row.id],
                CHANGE if activity.id in changes else TASK,
                activity.name,
                parent=epic.issue_id,
                description=_description(row, catalog, names, issue_id, authorising),
                assignee=(planned.owner or "") if planned else "",
                status=STATUS[planned.status] if planned else STATUS["not-started"],
                start=row.start.strftime(DATE_FORMAT),
                due=row.finish.strftime(DATE_FORMAT),
                estimate=str(task.duration * HOURS_PER_DAY * 3600),
                labels=labels,
                blocks=sorted(issue_id[s] for s in successors.get(row.id, [])),
            )
            tasks.append((row, issue))
    sub_tasks: list[Issue] = []
    next_id = len(epics) + len(tasks) + 1
    for row, parent in tasks:
        activity = row.activity
        for criterion in activity.planned.exit_criteria if activity.planned else []:
            sub_tasks.append(
                Issue(
                    next_id,
                    SUB_TASK,
                    f"Exit criterion: {criterion}",
                    parent=parent.issue_id,
                    description=f"Exit criterion of '{activity.name}': {criterion}",
                    assignee=parent.assignee,
                    due=parent.due,
                    labels=["exit-criterion"],
                )
            )
            next_id += 1
    return epics + [issue for _, issue in tasks] + sub_tasks


def render(rows: Sequence[Issue]) -> str:
    label_columns = max((len(i.labels) for i in rows), default=0)
    block_columns = max((len(i.blocks) for i in rows), default=0)
    header = [
        "Issue ID",
        "Parent",
        "Issue Type",
        "Summary",
        "Description",
        "Assignee",
        "Status",
        "Start date",
        "Due date",
        "Original Estimate",
        *["Labels"] * label_columns,
        *["Blocks"] * block_columns,
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for issue in rows:
        cells = [
            str(issue.issue_id),
            "" if issue.parent is None else str(issue.parent),
            issue.issue_type,
            _summary(issue.summary),
            issue.description,
            issue.assignee,
            issue.status,
            issue.start,
            issue.due,
            issue.estimate,
            *_pad(issue.labels, label_columns),
            *_pad([str(b) for b in issue.blocks], block_columns),
        ]
        writer.writerow([neutralise(c) for c in cells])
    return buffer.getvalue()


def neutralise(cell: str) -> str:
    """Text that a spreadsheet would run as a formula, made plain text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _summary(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= SUMMARY_LIMIT else one_line[: SUMMARY_LIMIT - 1] + "…"


def _pad(values: list[str], width: int) -> list[str]:
    return values + [""] * (width - len(values))


def _description(
    row: Row,
    catalog: Catalog,
    names: dict[str, str],
    issue_id: dict[str, int],
    rfcs: list[ChangeRequest],
) -> str:
    activity, task = row.activity, row.task
    lines = [f"pmsm id: {activity.id}"]
    entry = catalog.activity_by_id.get(activity.catalog_id or "")
    if entry is not None:
        lines.append(f"{entry.description} ({entry.source.cite()})")
    if activity.suggested:
        lines.append("Suggested by the pmsm catalog: not yet in the plan file.")
    process = catalog.process_by_id.get(activity.process or "")
    if process is not None:
        lines.append(f"ITIL process: {process.title}")
    group = catalog.group_by_id.get(activity.pmbok_group or "")
    if group is not None:
        lines.append(f"PMBOK process group: {group.title}")
    if row.milestone:
        lines.append(f"Milestone on {row.start.isoformat()}")
    else:
        lines.append(f"{_days(task.duration)}, {row.start.isoformat()} to {row.finish.isoformat()}")
    lines.append(
        f"Total float: {_days(task.total_float)}" + (" (critical)" if task.critical else "")
    )
    for dep in activity.depends_on:
        lag = f", lag {'+' if dep.lag > 0 else '-'}{_days(abs(dep.lag))}" if dep.lag else ""
        lines.append(f"After: {names[dep.predecessor]} (Issue ID {issue_id[dep.predecessor]}{lag})")
    for cr in rfcs:
        parts = [f"RFC {cr.id}: {cr.title} ({cr.status})"]
        if cr.environment:
            parts.append(f"environment {cr.environment}")
        if cr.window_start:
            end = cr.window_end or cr.window_start
            parts.append(f"change window {cr.window_start.isoformat()} to {end.isoformat()}")
        if cr.approved_on:
            parts.append(f"approved by the CAB on {cr.approved_on.isoformat()}")
        lines.append("; ".join(parts))
    planned = activity.planned
    if planned is not None:
        if planned.reason:
            lines.append(f"Status {planned.status}: {planned.reason}")
        if planned.notes:
            lines.append(planned.notes)
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _days(n: int) -> str:
    return _count(n, "working day", "working days")
