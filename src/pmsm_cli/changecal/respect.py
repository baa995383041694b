"""``pmsm plan --respect-freezes``: schedule the plan with the go-live and RFC work out of freezes.

The design is the simplest one that stays honest about what it does: the
scheduler is left as it is, and an activity the change calendar governs
(``changecal.work``: the go-live and what RFCs authorise) that the schedule
puts on a day of a freeze covering its environment gets a "start no earlier
than" the first working day after that freeze, as if the project manager had
written that ``start`` into the plan. Its successors follow it. Then the plan
is scheduled again, because a moved activity can push a later one into
another freeze; this repeats until nothing moves.

Activities only move later, never earlier: moving work before a freeze could
break what it depends on, and the project manager is the one to decide to
hurry. Work that has started (in progress or done) is not moved. Each move is
reported as a warning, naming the freeze, so the plan file can be changed to
match.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pmsm_cli.changecal.model import ChangeCalendar, Freeze
from pmsm_cli.changecal.work import GO_LIVE, go_live_id, guarded
from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.resolve import SKIPPED, PlanSchedule, resolve_activities, work_calendar
from pmsm_cli.records import record
from pmsm_cli.scheduling import Task, schedule

# Statuses of work that has begun: its dates are history, not plan.
STARTED = frozenset({"in-progress", "done"})
# Each round moves at least one activity past a freeze; a plan needs as many rounds as it
# has guarded activities in a row, so this many means the freezes leave no room at all.
MAX_ROUNDS = 100


@record(slots=True)
class Move:
    """One activity moved out of one or more freezes."""

    activity: str
    index: int | None  # in the plan's activities; None when suggested
    was: dt.date  # its start without --respect-freezes
    now: dt.date
    freezes: tuple[Freeze, ...]

    def message(self) -> str:
        names = "; ".join(f.describe() for f in self.freezes)
        return (
            f"--respect-freezes moved '{self.activity}' from {self.was.isoformat()} to "
            f"{self.now.isoformat()}, out of {names}; write 'start: {self.now.isoformat()}' "
            "into the plan to keep it there"
        )


def schedule_respecting(
    plan: Plan, catalog: Catalog, calendar: ChangeCalendar, *, suggest: bool = True
) -> tuple[PlanSchedule, list[Move]]:
    """The plan scheduled as ``resolve.schedule_plan`` does, with governed work moved past
    the freezes it would fall in. ``ScheduleError`` as ``schedule_plan`` raises it."""
    activities = resolve_activities(plan, catalog, suggest=suggest)
    go_live = go_live_id(plan)
    if go_live is None and any(a.id == GO_LIVE and a.suggested for a in activities):
        go_live = GO_LIVE  # pmsm plan suggested it: it goes live all the same
    guards = {g.activity: g.environment for g in guarded(plan, go_live)}
    working = work_calendar(plan)
    pins: dict[str, dt.date] = {}
    first_start: dict[str, dt.date] = {}
    reasons: dict[str, list[Freeze]] = {}
    for _round in range(MAX_ROUNDS):
        tasks = []
        for a in activities:
            own = a.planned
            if own is None:
                tasks.append(Task(a.id, a.duration, a.depends_on, pins.get(a.id)))
                continue
            fixed = max((d for d in (own.start, pins.get(a.id)) if d is not None), default=None)
            duration = 0 if own.status in SKIPPED else a.duration
            tasks.append(Task(a.id, duration, a.depends_on, fixed))
        result = schedule(tasks, plan.project.start, working, plan.project.finish)
        by_id = {a.id: a for a in activities}
        moved = False
        for activity_id, environment in guards.items():
            task = result.tasks.get(activity_id)
            resolved = by_id.get(activity_id)
            own = resolved.planned if resolved else None
            if task is None or (own is not None and own.status in STARTED | SKIPPED):
                continue
            first_start.setdefault(activity_id, task.early_start)
            inside = [
                f
                for f in calendar.freezes_between(task.early_start, task.early_finish)
                if f.covers(environment)
            ]
            if not inside:
                continue
            after = working.next_workday(max(f.finish for f in inside) + dt.timedelta(days=1))
            pins[activity_id] = after
            named = reasons.setdefault(activity_id, [])
            named += [f for f in inside if f not in named]
            moved = True
        if not moved:
            # A start the plan did not write is not the plan's conflict to warn about.
            own_conflicts = tuple(c for c in result.conflicts if c.task_id not in pins)
            result = replace(result, conflicts=own_conflicts)
            moves = [
                Move(
                    activity_id,
                    by_id[activity_id].index,
                    first_start[activity_id],
                    result.tasks[activity_id].early_start,
                    tuple(reasons[activity_id]),
                )
                for activity_id in pins
            ]
            return PlanSchedule(activities, result), moves
    raise PmsmError(
        f"--respect-freezes could not place the go-live and the work RFCs authorise outside "
        f"the freezes after moving them {MAX_ROUNDS} times; the change calendar leaves them no "
        "room, so schedule the plan without --respect-freezes and look at the CAL findings"
    )
