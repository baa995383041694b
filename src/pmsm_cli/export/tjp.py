"""TaskJuggler 3 project (``.tjp``) that ``tj3`` schedules to pmsm's dates.

How pmsm's plan maps onto TaskJuggler's language:

* **Working time.** The project's working hours are 08:00-12:00 and
  13:00-17:00 on the plan's working weekdays, other weekdays ``off``, 8 hours
  a day (``dailyworkinghours 8``); each holiday is a ``leaves holiday``.
  Durations are ``length Nd``: N working days of that calendar (``duration``
  would count calendar days).
* **Ids.** TaskJuggler ids may not contain ``-`` or start with a digit: each
  ``-`` becomes ``_`` and an id starting with a digit gets a leading ``_``
  (pmsm ids never contain ``_``, so no two ids can collide). Activities sit
  in one container task per group of the work breakdown (``outline.py``), so
  the full id is ``group.activity``; ``task_ids()`` gives the mapping.
* **Dependencies.** ``depends group.id`` is finish-to-start. A lag of L
  working days is ``{ gaplength Ld }``. TaskJuggler has no negative gap, so a
  lead of L days on a predecessor lasting d days becomes a start-to-start
  link, ``{ onstart gaplength (d - L)d }``: both say "start d - L working days
  after the predecessor starts". A lead longer than the predecessor itself
  cannot be written and is reported as an error.
* **Fixed dates.** ``start:`` in the plan means "start no earlier than". In
  TaskJuggler ``start`` on a task with dependencies is a hard date that fails
  when they end later, so a task with both depends on a milestone pinned to
  the date instead (under "Start-no-earlier-than dates"). A task without
  dependencies simply gets the ``start``.
* **Milestones** are ``milestone``; tasks are ``scheduling asap`` (the
  default, written out so that nobody has to know that).
* **Owners** become resources named as ``responsible``, which TaskJuggler
  shows but does not schedule by (pmsm does not level resources either).

TaskJuggler reports a task that follows another as starting at the moment
its predecessor ends (17:00 on the predecessor's last day) and its ``end`` is
exclusive; pmsm and MS Project show the next working morning and the last
working day. The moments are the same in working time.

The file has no report: add one (see docs/guide/exports.md) or run ``tj3`` to check it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from pmsm_cli.export.outline import (
    DEFAULT_GROUP_BY,
    HOURS_PER_DAY,
    ExportError,
    Group,
    GroupBy,
    Row,
    work_breakdown,
)
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import WEEKDAYS, Plan
from pmsm_cli.plan.resolve import PlanSchedule, work_calendar

# Container for the milestones that stand for fixed start dates.
PINS_ID = "pmsm_fixed_starts"
# The project window must hold every task; this much room past pmsm's finish
# costs TaskJuggler little and never cuts a schedule it computes the same way.
SLACK_DAYS = 90
WORKING_HOURS = "8:00 - 12:00, 13:00 - 17:00"


def export(
    scheduled: PlanSchedule,
    plan: Plan,
    catalog: Catalog,
    *,
    group_by: GroupBy = DEFAULT_GROUP_BY,
) -> bytes:
    return render(scheduled, plan, catalog, group_by=group_by).encode()


def render(
    scheduled: PlanSchedule,
    plan: Plan,
    catalog: Catalog,
    *,
    group_by: GroupBy = DEFAULT_GROUP_BY,
) -> str:
    groups = work_breakdown(scheduled, catalog, group_by)
    if not groups:
        raise ExportError(
            "the plan has no activities, and TaskJuggler refuses a project without tasks",
            ("activities",),
        )
    ids = task_ids(groups)
    project = plan.project
    calendar = work_calendar(plan)
    start = project.start
    fixed = [d for a in scheduled.activities if a.planned and (d := a.planned.start) is not None]
    end = max([scheduled.schedule.finish, start, *fixed]) + timedelta(days=SLACK_DAYS)

    lines = [f"# {_one_line(project.name)}: written by pmsm from the plan file."]
    if ids:
        lines.append("# pmsm id -> TaskJuggler id:")
        lines.extend(f"#   {a} -> {b}" for a, b in ids.items())
    lines += [
        f"project pmsm {_string(project.name)} {start.isoformat()} - {end.isoformat()} {{",
        '  timezone "UTC"',
        '  timeformat "%Y-%m-%d"',
        f"  dailyworkinghours {HOURS_PER_DAY}",
    ]
    working = [WEEKDAYS[d] for d in sorted(calendar.workdays)]
    off = [WEEKDAYS[d] for d in range(7) if d not in calendar.workdays]
    lines.append(f"  workinghours {', '.join(working)} {WORKING_HOURS}")
    if off:
        lines.append(f"  workinghours {', '.join(off)} off")
    lines.append("}")
    # The listed holidays, and the country's public ones while the project runs.
    days_off = set(project.calendar.holidays) | project.calendar.public_holidays(start, end)
    for holiday in sorted(days_off):
        lines.append(f'leaves holiday "Holiday" {holiday.isoformat()}')

    owners = _owners(groups)
    for name, resource_id in owners.items():
        lines.append(f"resource {resource_id} {_string(name)}")

    writer = _TaskWriter(
        ids,
        owners,
        plan,
        {task.id: task.duration for task in scheduled.schedule.tasks.values()},
    )
    for group, group_id in zip(groups, _group_ids(groups), strict=True):
        lines.append(f"task {group_id} {_string(group.title)} {{")
        for row in group.rows:
            lines.extend("  " + line for line in writer.task(row))
        lines.append("}")
    pins = writer.pins
    if pins:
        lines.append(f'task {PINS_ID} "Start-no-earlier-than dates" {{')
        for pin_id, name, day in pins:
            lines.append(
                f"  task {pin_id} {_string(name + ': not before ' + day.isoformat())} "
                f"{{ milestone start {day.isoformat()} }}"
            )
        lines.append("}")
    return "\n".join(lines) + "\n"


def task_ids(groups: list[Group]) -> dict[str, str]:
    """pmsm activity id -> full TaskJuggler id (``group.activity``)."""
    return {
        row.id: f"{group_id}.{tj_id(row.id)}"
        for group, group_id in zip(groups, _group_ids(groups), strict=True)
        for row in group.rows
    }


def tj_id(pmsm_id: str) -> str:
    """A pmsm id as a TaskJuggler identifier (see the module docstring)."""
    name = pmsm_id.replace("-", "_")
    return "_" + name if name[:1].isdigit() else name


def _group_ids(groups: list[Group]) -> list[str]:
    # "g_" keeps group ids apart from the pin container; "g__" (two
    # underscores, impossible after tj_id) is the group without a key.
    return [f"g_{tj_id(g.key)}" if g.key else "g__none" for g in groups]


@dataclass
class _TaskWriter:
    ids: dict[str, str]  # pmsm id -> full TaskJuggler id
    owners: dict[str, str]  # owner name -> resource id
    plan: Plan
    durations: dict[str, int]  # pmsm id -> working days
    pins: list[tuple[str, str, date]] = field(default_factory=list)  # (id, name, date)

    def task(self, row: Row) -> list[str]:
        activity = row.activity
        body = ["milestone" if row.milestone else f"length {row.task.duration}d"]
        body.append("scheduling asap")
        depends = [self.dependency(activity.id, d.predecessor, d.lag) for d in activity.depends_on]
        fixed = activity.planned.start if activity.planned else None
        if fixed is not None and fixed > self.plan.project.start:
            if depends:
                pin_id = f"pin_{tj_id(activity.id)}"
                self.pins.append((pin_id, activity.name, fixed))
                depends.append(f"{PINS_ID}.{pin_id}")
            else:
                body.append(f"start {fixed.isoformat()}")
        if depends:
            body.append("depends " + ", ".join(depends))
        owner = _owner(row)
        if owner is not None:
            body.append(f"responsible {self.owners[owner]}")
        planned = activity.planned
        if planned is not None and planned.percent_complete is not None:
            body.append(f"complete {planned.percent_complete}")
        head = f"task {tj_id(activity.id)} {_string(activity.name)} {{"
        return [head, *("  " + line for line in body), "}"]

    def dependency(self, activity_id: str, predecessor: str, lag: int) -> str:
        target = self.ids[predecessor]
        if lag > 0:
            return f"{target} {{ gaplength {lag}d }}"
        if lag == 0:
            return target
        # A lead: "start d + lag working days after the predecessor starts".
        gap = self.durations[predecessor] + lag
        if gap < 0:
            raise ExportError(
                f"activity '{activity_id}' may start {-lag} working days before "
                f"'{predecessor}' finishes, which is before '{predecessor}' even starts; "
                "TaskJuggler cannot express a lead longer than the predecessor, so shorten "
                "the lead to at most the predecessor's duration "
                f"({self.durations[predecessor]} working days)",
                _dependency_loc(self.plan, activity_id, predecessor),
            )
        return f"{target} {{ onstart gaplength {gap}d }}" if gap else f"{target} {{ onstart }}"


def _dependency_loc(plan: Plan, activity_id: str, predecessor: str) -> tuple[str | int, ...]:
    for i, activity in enumerate(plan.activities):
        if activity.id != activity_id:
            continue
        for j, dep in enumerate(activity.depends_on):
            if dep.id == predecessor:
                return ("activities", i, "depends_on", j, "lag")
        return ("activities", i, "depends_on")
    return ()


def _owners(groups: list[Group]) -> dict[str, str]:
    """Owner name -> resource id, in order of first appearance."""
    owners: dict[str, str] = {}
    for group in groups:
        for row in group.rows:
            name = _owner(row)
            if name is not None and name not in owners:
                owners[name] = f"r{len(owners) + 1}"
    return owners


def _owner(row: Row) -> str | None:
    planned = row.activity.planned
    return planned.owner if planned and planned.owner else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _string(text: str) -> str:
    """A TaskJuggler string literal.

    tj3 knows one escape, ``\\"``; a backslash before the closing quote would
    swallow it, so backslashes become ``/``. It also expands ``${name}``
    macros inside strings, so ``${`` is written ``$ {``.
    """
    cleaned = _one_line(text).replace("\\", "/").replace("${", "$ {")
    return '"' + cleaned.replace('"', '\\"') + '"'
