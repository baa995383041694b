"""What every export needs from a scheduled plan.

* **The work breakdown.** Exports show the plan as summary groups with the
  activities under them, in WBS order. The default groups by ITIL process
  (``group_by="process"``): the service side of the project is what pmsm
  adds, and a group per process shows at a glance when, say, Change
  Management or Service Level Management work happens. Activities without a
  process (charter, milestones, closing) form the group "Project
  management". ``group_by="pmbok-group"`` groups by PMBOK process group
  instead (Initiating ... Closing, §1.1). Groups are ordered by their first
  start (then catalog order), activities within a group by start date, ties
  keeping the scheduler's dependency order, so a predecessor never follows
  its successor on the same date.
* **Working hours.** pmsm schedules whole working days. Tools that work in
  hours get the standard MS Project day, 08:00-12:00 and 13:00-17:00 (8 hours,
  480 minutes): an activity starts at 08:00 on its first day and finishes at
  17:00 on its last; a milestone sits at 08:00 on its date, the moment its
  successors may start.
* **Changes.** Which activities are service changes that need the CAB (§5.1):
  the activity implementing ``chg-submit-rfc`` and every activity a service
  change request (RFC) names as the one it authorises.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Literal

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import ChangeRequest, Plan
from pmsm_cli.plan.resolve import PlanSchedule, ResolvedActivity
from pmsm_cli.records import record
from pmsm_cli.scheduling import Calendar, ScheduledTask

GroupBy = Literal["process", "pmbok-group"]
GROUP_BY: tuple[GroupBy, ...] = ("process", "pmbok-group")
DEFAULT_GROUP_BY: GroupBy = "process"

# The standard MS Project working day.
WORK_START = time(8, 0)
LUNCH_START = time(12, 0)
LUNCH_END = time(13, 0)
WORK_END = time(17, 0)
HOURS_PER_DAY = 8
MINUTES_PER_DAY = HOURS_PER_DAY * 60

NO_PROCESS_TITLE = "Project management"
NO_GROUP_TITLE = "Other activities"

# The catalog activity whose implementation raises the RFC (§3.2, §5.1).
SUBMIT_RFC = "chg-submit-rfc"


class ExportError(PmsmError):
    """A plan the target format cannot express.

    ``loc`` is the place in the plan file (as in ``YamlDocument.position``),
    so the command line can name file, line and column.
    """

    def __init__(self, message: str, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc


@record(slots=True)
class Row:
    """One activity with its scheduled dates."""

    activity: ResolvedActivity
    task: ScheduledTask

    @property
    def id(self) -> str:
        return self.activity.id

    @property
    def milestone(self) -> bool:
        return self.task.duration == 0

    @property
    def start(self) -> date:
        return self.task.early_start

    @property
    def finish(self) -> date:
        return self.task.early_finish

    @property
    def start_time(self) -> datetime:
        return datetime.combine(self.start, WORK_START)

    @property
    def finish_time(self) -> datetime:
        """17:00 on the last day; a milestone's own moment, 08:00 on its date."""
        return self.start_time if self.milestone else datetime.combine(self.finish, WORK_END)


@record(slots=True)
class Group:
    """A summary group of the work breakdown."""

    key: str | None  # process or PMBOK group id; None for activities without one
    title: str
    rows: tuple[Row, ...]

    @property
    def start(self) -> date:
        return min(r.start for r in self.rows)

    @property
    def finish(self) -> date:
        return max(r.finish for r in self.rows)

    @property
    def start_time(self) -> datetime:
        return min(r.start_time for r in self.rows)

    @property
    def finish_time(self) -> datetime:
        return max(r.finish_time for r in self.rows)

    @property
    def critical(self) -> bool:
        return any(r.task.critical for r in self.rows)


def work_breakdown(
    scheduled: PlanSchedule, catalog: Catalog, group_by: GroupBy = DEFAULT_GROUP_BY
) -> list[Group]:
    """The plan's activities grouped and ordered as a WBS (see the module docstring)."""
    if group_by not in GROUP_BY:
        raise PmsmError(f"cannot group by '{group_by}'; expected one of: {', '.join(GROUP_BY)}")
    tasks = scheduled.schedule.tasks
    position = {task_id: i for i, task_id in enumerate(scheduled.schedule.order)}
    members: dict[str | None, list[Row]] = {}
    for activity in scheduled.activities:
        key = activity.process if group_by == "process" else activity.pmbok_group
        members.setdefault(key, []).append(Row(activity, tasks[activity.id]))

    if group_by == "process":
        titles = {p.id: p.title for p in catalog.processes}
        rank = {p.id: i for i, p in enumerate(catalog.processes)}
        none_title = NO_PROCESS_TITLE
    else:
        titles = {g.id: g.title for g in catalog.pmbok_groups}
        rank = {g.id: g.order for g in catalog.pmbok_groups}
        none_title = NO_GROUP_TITLE

    groups = [
        Group(
            key,
            titles.get(key, key) if key is not None else none_title,
            tuple(sorted(rows, key=lambda r: (r.start, position[r.id]))),
        )
        for key, rows in members.items()
    ]
    unknown = len(rank) + 1  # a process the catalog does not know goes after known ones

    def group_order(g: Group) -> tuple[int | date | str, ...]:
        if group_by == "pmbok-group":  # Initiating ... Closing, the order PMs know
            catalog_rank = rank.get(g.key, unknown) if g.key is not None else unknown + 1
            return (catalog_rank, g.start, g.key or "")
        # Project management (the kick-off, the charter) leads on a tie.
        catalog_rank = rank.get(g.key, unknown) if g.key is not None else -1
        return (g.start, catalog_rank, g.key or "")

    return sorted(groups, key=group_order)


def service_changes(plan: Plan) -> list[tuple[int, ChangeRequest]]:
    """The plan's RFCs (service change requests), with their index in ``change_requests``."""
    return [(i, cr) for i, cr in enumerate(plan.change_requests) if cr.kind == "service"]


def change_activities(plan: Plan, activities: Sequence[ResolvedActivity]) -> dict[str, list[str]]:
    """Activity id -> ids of the RFCs that authorise it, for every service change activity."""
    found: dict[str, list[str]] = {
        a.id: [] for a in activities if a.catalog_id == SUBMIT_RFC or a.id == SUBMIT_RFC
    }
    ids = {a.id for a in activities}
    for _, cr in service_changes(plan):
        if cr.activity and cr.activity in ids:
            found.setdefault(cr.activity, []).append(cr.id)
    return found


def slug(text: str) -> str:
    """Lowercase letters, digits and single dashes: safe in identifiers of any format."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "project"


def start_day(moment: datetime, calendar: Calendar) -> date:
    """The pmsm date of a start (or milestone) that a tool reports as ``moment``.

    Tools that count hours start a successor at the moment its predecessor
    ends, 17:00, and TaskJuggler even reports that as its start; pmsm names
    the working day on which work really begins. A moment at or after the end
    of the working day therefore belongs to the next working day.
    """
    day = moment.date() + timedelta(days=1) if moment.time() >= WORK_END else moment.date()
    return calendar.next_workday(day)


def finish_day(moment: datetime, calendar: Calendar) -> date:
    """The pmsm date of a finish a tool reports as ``moment`` (an exclusive end).

    The last working day that has work before ``moment``: an end at 08:00 or
    earlier belongs to the previous working day.
    """
    day = moment.date() - timedelta(days=1) if moment.time() <= WORK_START else moment.date()
    return calendar.previous_workday(day)
