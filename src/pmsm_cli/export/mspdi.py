"""MS Project XML (MSPDI): for MS Project, ProjectLibre and GanttProject.

What goes in, following the MSPDI schema (``mspdi_pj12.xsd``, whose element
order MS Project insists on):

* the project calendar: the plan's working weekdays at 08:00-12:00 and
  13:00-17:00, each holiday a non-working exception day;
* one summary task per group of the work breakdown (``outline.py``: by ITIL
  process unless told otherwise) and the activities under it, in WBS order,
  with ``WBS``/``OutlineNumber``/``OutlineLevel`` filled;
* every activity with pmsm's dates and its duration spelt out
  (``PT{8 x days}H0M0S``, shown in days): a task starts at 08:00 on its first
  day and finishes at 17:00 on its last, a milestone (``Milestone`` 1,
  duration 0) sits at 08:00 on its date;
* the early and late dates, total slack and the critical flag of pmsm's CPM;
* finish-to-start links (``Type`` 1) with the lag in tenths of a minute
  (one working day = 480 minutes = 4800) shown in days (``LagFormat`` 7);
  a negative lag is a lead;
* a plan date fixed with ``start:`` as "Start No Earlier Than";
* one work resource per distinct owner, assigned full time to the owner's
  activities;
* the pmsm id, ITIL process and PMBOK group in the custom fields Text1-Text3,
  so a row can be traced back to the plan.

Unlike TaskJuggler's own MSPDI export (its issues #121 and #122), every task
has its duration and the tasks come in outline order.

MS Project recomputes the schedule when it opens the file and gets the same
dates, with one difference in display: a milestone that follows a task is
shown at 17:00 on the task's last day instead of 08:00 on the next working
day. The two are the same moment in working time, and the dates of its
successors do not change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from xml.etree import ElementTree as ET

from pmsm_cli.export.outline import (
    DEFAULT_GROUP_BY,
    MINUTES_PER_DAY,
    WORK_END,
    WORK_START,
    GroupBy,
    Row,
    work_breakdown,
)
from pmsm_cli.formatting.xml import NOT_XML
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.resolve import PlanSchedule, work_calendar
from pmsm_cli.scheduling import Calendar, ScheduledTask

NAMESPACE = "http://schemas.microsoft.com/project"

# Codes of the MSPDI schema.
DURATION_IN_DAYS = 7  # DurationFormat / LagFormat "d"
WORK_IN_HOURS = 2  # WorkFormat
FINISH_TO_START = 1  # PredecessorLink Type
AS_SOON_AS_POSSIBLE = 0  # ConstraintType
START_NO_EARLIER_THAN = 4
FIXED_DURATION = 1  # Task Type
WORK_RESOURCE = 1  # Resource Type
PROJECT_CALENDAR_UID = 1
LAG_UNITS_PER_DAY = MINUTES_PER_DAY * 10  # LinkLag is in tenths of a minute

# Local custom fields (PjCustomField values) that carry pmsm's own columns.
CUSTOM_FIELDS: tuple[tuple[int, str, str], ...] = (
    (188743731, "Text1", "pmsm id"),
    (188743734, "Text2", "ITIL process"),
    (188743737, "Text3", "PMBOK group"),
)

MAX_NAME = 512  # the schema's limit on names
# MS Project separates resource names in lists with commas and brackets.
_NOT_IN_RESOURCE_NAME = re.compile(r"[,\[\]]")


def export(
    scheduled: PlanSchedule,
    plan: Plan,
    catalog: Catalog,
    *,
    group_by: GroupBy = DEFAULT_GROUP_BY,
) -> bytes:
    groups = work_breakdown(scheduled, catalog, group_by)
    calendar = work_calendar(plan)
    rows = [row for group in groups for row in group.rows]
    project = plan.project

    root = ET.Element("Project", {"xmlns": NAMESPACE})
    _add(root, "SaveVersion", 14)
    _add(root, "Name", project.name)
    _add(root, "Title", project.name)
    if project.manager:
        _add(root, "Manager", project.manager)
    _add(root, "ScheduleFromStart", True)
    start = min((r.start_time for r in rows), default=_at(scheduled.schedule.start, WORK_START))
    finish = max((r.finish_time for r in rows), default=start)
    _add(root, "StartDate", start)
    _add(root, "FinishDate", finish)
    _add(root, "CriticalSlackLimit", 0)
    _add(root, "CalendarUID", PROJECT_CALENDAR_UID)
    _add(root, "DefaultStartTime", WORK_START)
    _add(root, "DefaultFinishTime", WORK_END)
    _add(root, "MinutesPerDay", MINUTES_PER_DAY)
    _add(root, "MinutesPerWeek", MINUTES_PER_DAY * len(calendar.workdays))
    _add(root, "DaysPerMonth", 20)
    _add(root, "DefaultTaskType", FIXED_DURATION)
    _add(root, "DurationFormat", DURATION_IN_DAYS)
    _add(root, "WorkFormat", WORK_IN_HOURS)
    _add(root, "HonorConstraints", True)
    _add(root, "NewTasksEffortDriven", False)
    _add(root, "NewTasksEstimated", False)
    _add(root, "WeekStartDay", 1)  # Monday

    attributes = _add(root, "ExtendedAttributes")
    for field_id, field_name, alias in CUSTOM_FIELDS:
        attribute = _add(attributes, "ExtendedAttribute")
        _add(attribute, "FieldID", field_id)
        _add(attribute, "FieldName", field_name)
        _add(attribute, "Alias", alias)

    days_off = plan.project.calendar.days_off(start.date(), finish.date())
    _add_calendar(_add(root, "Calendars"), calendar, days_off | set(plan.project.calendar.holidays))

    # Tasks are numbered in WBS order from 1, groups included; UID and ID
    # are the same number, so predecessors can be resolved up front.
    uid: dict[str, int] = {}
    group_uid: list[int] = []
    for group in groups:
        group_uid.append(len(uid) + len(group_uid) + 1)
        for row in group.rows:
            uid[row.id] = len(uid) + len(group_uid) + 1

    owners = _owners(rows)
    tasks = _add(root, "Tasks")
    for g, group in enumerate(groups, start=1):
        task = _task_head(tasks, group_uid[g - 1], group.title, f"{g}", 1)
        _add(task, "Start", group.start_time)
        _add(task, "Finish", group.finish_time)
        _add(task, "Duration", _hours(_span_days(calendar, group.start_time, group.finish_time)))
        _add(task, "DurationFormat", DURATION_IN_DAYS)
        _add(task, "Milestone", False)
        _add(task, "Summary", True)
        _add(task, "Critical", group.critical)
        _add(task, "ConstraintType", AS_SOON_AS_POSSIBLE)
        for i, row in enumerate(group.rows, start=1):
            _add_activity(tasks, f"{g}.{i}", row, uid, owners, calendar, catalog)

    resources = _add(root, "Resources")
    for name, number in owners.items():
        resource = _add(resources, "Resource")
        _add(resource, "UID", number)
        _add(resource, "ID", number)
        _add(resource, "Name", name)
        _add(resource, "Type", WORK_RESOURCE)
        _add(resource, "IsNull", False)
        _add(resource, "MaxUnits", "1.00")

    assignments = _add(root, "Assignments")
    assignment_uid = 0
    for row in rows:
        resource_uid = owners.get(_owner(row) or "")
        if resource_uid is None:
            continue
        assignment_uid += 1
        assignment = _add(assignments, "Assignment")
        _add(assignment, "UID", assignment_uid)
        _add(assignment, "TaskUID", uid[row.id])
        _add(assignment, "ResourceUID", resource_uid)
        _add(assignment, "Finish", row.finish_time)
        _add(assignment, "Milestone", row.milestone)
        _add(assignment, "Start", row.start_time)
        _add(assignment, "Units", "1")
        _add(assignment, "Work", _hours(row.task.duration))

    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text + "\n").encode()


def _add_activity(
    tasks: ET.Element,
    wbs: str,
    row: Row,
    uid: dict[str, int],
    owners: dict[str, int],
    calendar: Calendar,
    catalog: Catalog,
) -> None:
    activity, scheduled = row.activity, row.task
    task = _task_head(tasks, uid[row.id], activity.name, wbs, 2)
    _add(task, "Start", row.start_time)
    _add(task, "Finish", row.finish_time)
    _add(task, "Duration", _hours(scheduled.duration))
    _add(task, "DurationFormat", DURATION_IN_DAYS)
    assigned = (_owner(row) or "") in owners
    _add(task, "Work", _hours(scheduled.duration if assigned else 0))
    _add(task, "EffortDriven", False)
    _add(task, "Estimated", False)
    _add(task, "Milestone", row.milestone)
    _add(task, "Summary", False)
    _add(task, "Critical", scheduled.critical)
    late = Row(activity, _as_late(scheduled))
    _add(task, "EarlyStart", row.start_time)
    _add(task, "EarlyFinish", row.finish_time)
    _add(task, "LateStart", late.start_time)
    _add(task, "LateFinish", late.finish_time)
    _add(task, "TotalSlack", scheduled.total_float * LAG_UNITS_PER_DAY)
    # Progress as MS Project records it when a percentage is typed in: the
    # task started on its scheduled start and that share of its duration is
    # done. (pmsm schedules from the plan, not from actual dates, so actual
    # dates would move the task in MS Project away from pmsm's dates.)
    percent = _percent_complete(row)
    minutes = scheduled.duration * MINUTES_PER_DAY
    done = minutes * percent // 100
    _add(task, "PercentComplete", percent)
    if percent:
        _add(task, "ActualStart", row.start_time)
    if percent == 100:
        _add(task, "ActualFinish", row.finish_time)
    _add(task, "ActualDuration", _minutes(done))
    _add(task, "RemainingDuration", _minutes(minutes - done))
    planned = activity.planned
    fixed = planned.start if planned else None
    if fixed is not None:
        _add(task, "ConstraintType", START_NO_EARLIER_THAN)
        _add(task, "ConstraintDate", _at(calendar.next_workday(fixed), WORK_START))
    else:
        _add(task, "ConstraintType", AS_SOON_AS_POSSIBLE)
    notes = _notes(row, catalog)
    if notes:
        _add(task, "Notes", notes)
    for dep in activity.depends_on:
        link = _add(task, "PredecessorLink")
        _add(link, "PredecessorUID", uid[dep.predecessor])
        _add(link, "Type", FINISH_TO_START)
        _add(link, "CrossProject", False)
        _add(link, "LinkLag", dep.lag * LAG_UNITS_PER_DAY)
        _add(link, "LagFormat", DURATION_IN_DAYS)
    process = catalog.process_by_id.get(activity.process or "")
    group = catalog.group_by_id.get(activity.pmbok_group or "")
    values = (
        activity.id,
        process.title if process else activity.process,
        group.title if group else activity.pmbok_group,
    )
    for (field_id, _, _), value in zip(CUSTOM_FIELDS, values, strict=True):
        if value:
            attribute = _add(task, "ExtendedAttribute")
            _add(attribute, "FieldID", field_id)
            _add(attribute, "Value", value)


def _task_head(tasks: ET.Element, uid: int, name: str, wbs: str, level: int) -> ET.Element:
    """The elements every task starts with, in schema order, up to Priority."""
    task = _add(tasks, "Task")
    _add(task, "UID", uid)
    _add(task, "ID", uid)
    _add(task, "Name", name[:MAX_NAME])
    _add(task, "Type", FIXED_DURATION)
    _add(task, "IsNull", False)
    _add(task, "WBS", wbs)
    _add(task, "OutlineNumber", wbs)
    _add(task, "OutlineLevel", level)
    _add(task, "Priority", 500)
    return task


def _add_calendar(calendars: ET.Element, calendar: Calendar, days_off: set[date]) -> None:
    entry = _add(calendars, "Calendar")
    _add(entry, "UID", PROJECT_CALENDAR_UID)
    _add(entry, "Name", "Standard")
    _add(entry, "IsBaseCalendar", True)
    _add(entry, "BaseCalendarUID", -1)
    weekdays = _add(entry, "WeekDays")
    for day_type in range(1, 8):  # 1 = Sunday ... 7 = Saturday
        weekday = (day_type + 5) % 7  # as date.weekday(): Monday = 0
        day = _add(weekdays, "WeekDay")
        _add(day, "DayType", day_type)
        working = weekday in calendar.workdays
        _add(day, "DayWorking", working)
        if working:
            times = _add(day, "WorkingTimes")
            for start, end in ((WORK_START, time(12)), (time(13), WORK_END)):
                period = _add(times, "WorkingTime")
                _add(period, "FromTime", start)
                _add(period, "ToTime", end)
    # Holidays as exception days (DayType 0), which every MSPDI reader knows.
    for holiday in sorted(days_off):
        if holiday.weekday() not in calendar.workdays:
            continue  # already a day off
        day = _add(weekdays, "WeekDay")
        _add(day, "DayType", 0)
        _add(day, "DayWorking", False)
        period = _add(day, "TimePeriod")
        _add(period, "FromDate", _at(holiday, time(0)))
        _add(period, "ToDate", _at(holiday, time(23, 59)))


def _owners(rows: Iterable[Row]) -> dict[str, int]:
    """Resource name -> resource UID, in order of first appearance."""
    owners: dict[str, int] = {}
    for row in rows:
        name = _owner(row)
        if name and name not in owners:
            owners[name] = len(owners) + 1
    return owners


def _owner(row: Row) -> str | None:
    planned = row.activity.planned
    if planned is None or not planned.owner:
        return None
    name = " ".join(_NOT_IN_RESOURCE_NAME.sub(" ", planned.owner).split())
    return name[:MAX_NAME] or None


def _percent_complete(row: Row) -> int:
    planned = row.activity.planned
    if planned is None:
        return 0
    if planned.percent_complete is not None:
        return planned.percent_complete
    return 100 if planned.status == "done" else 0


def _notes(row: Row, catalog: Catalog) -> str:
    activity = row.activity
    lines: list[str] = []
    if activity.suggested:
        lines.append("Suggested by the pmsm catalog: not yet in the plan file.")
    entry = catalog.activity_by_id.get(activity.catalog_id or "")
    if entry is not None:
        lines.append(f"{entry.description} ({entry.source.cite()})")
    planned = activity.planned
    if planned is not None:
        if planned.status != "not-started":
            reason = f" ({planned.reason})" if planned.reason else ""
            lines.append(f"Status: {planned.status}{reason}")
        if planned.notes:
            lines.append(planned.notes)
        lines.extend(f"Exit criterion: {c}" for c in planned.exit_criteria)
    return "\n".join(lines)


def _as_late(task: ScheduledTask) -> ScheduledTask:
    return replace(task, early_start=task.late_start, early_finish=task.late_finish)


def _span_days(calendar: Calendar, start: datetime, finish: datetime) -> int:
    """Working days between two moments that are each 08:00 or 17:00 on a working day."""
    end_day = finish.date() + timedelta(days=1) if finish.time() == WORK_END else finish.date()
    return calendar.workdays_between(start.date(), end_day)


def _hours(days: int) -> str:
    return f"PT{days * 8}H0M0S"


def _minutes(minutes: int) -> str:
    return f"PT{minutes // 60}H{minutes % 60}M0S"


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment)


def _add(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = _format(value)
    return element


def _format(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return NOT_XML.sub("", str(value))  # characters XML cannot carry, even escaped
