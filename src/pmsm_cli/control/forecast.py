"""The baseline a plan's progress is measured against, and the forecast from its actuals.

``pmsm baseline`` froze each activity's dates and cost; :func:`read_baselines` reads
them back and says what is wrong with them. The forecast re-schedules the plan as
:mod:`pmsm_cli.control.tracking` describes: finished work at its actual dates, work in
progress after the as-of date, work not started no earlier than the day after it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.plan import Activity as PlanActivity
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.resolve import ResolvedActivity
from pmsm_cli.records import record
from pmsm_cli.scheduling import Calendar, Schedule, ScheduleError, Task, schedule

# Out of scope once decided: no planned or earned value, no forecast duration.
OUT_OF_SCOPE = ("cancelled", "not-applicable")
ONE_DAY = dt.timedelta(days=1)


@record
class Baseline:
    """One activity's frozen plan: its dates (inclusive) and its cost."""

    start: dt.date
    finish: dt.date
    cost: float


def read_baselines(
    loaded: LoadedPlan, resolved: Sequence[ResolvedActivity]
) -> dict[str, Baseline | None]:
    """Each plan activity's baseline, checked; no baseline at all is an error."""
    problems: list[Problem] = []
    found: dict[str, Baseline | None] = {}

    def problem(index: int, key: str, message: str) -> None:
        path, line, column = loaded.doc.locate(("activities", index, key), prefer_key=True)
        problems.append(Problem(message, path, line, column))

    for r in resolved:
        a, index = r.planned, r.index
        if a is None or index is None:
            continue
        start, finish = a.baseline_start, a.baseline_finish
        if r.milestone:  # a milestone has one date; either field may hold it
            start, finish = start or finish, finish or start
        if start is None and finish is None:
            if a.baseline_cost is not None:
                problem(
                    index,
                    "baseline_cost",
                    f"activity '{a.id}' has a baseline_cost but no baseline dates; the planned "
                    "value needs both baseline_start and baseline_finish",
                )
            found[a.id] = None
        elif start is None or finish is None:
            have, lack = (
                ("baseline_start", "baseline_finish")
                if start is not None
                else ("baseline_finish", "baseline_start")
            )
            problem(
                index,
                have,
                f"activity '{a.id}' has a {have} but no {lack}; a baseline needs both dates",
            )
        elif finish < start:
            problem(
                index,
                "baseline_finish",
                f"activity '{a.id}' has a baseline_finish ({finish.isoformat()}) before its "
                f"baseline_start ({start.isoformat()})",
            )
        else:
            found[a.id] = Baseline(start, finish, a.baseline_cost or 0.0)
    if problems:
        raise PmsmError(problems)
    if not any(found.values()):
        path, line, column = loaded.doc.locate(("activities",), prefer_key=True)
        raise PmsmError(
            "this plan has no baseline yet: no activity has baseline_start and "
            "baseline_finish, so there is nothing to measure progress against. Run "
            f"'pmsm baseline {loaded.path}' to freeze the scheduled dates and costs into the "
            "plan, then run 'pmsm status' again",
            path,
            line,
            column,
        )
    return found


def planned_fraction(baseline: Baseline, as_of: dt.date, calendar: Calendar) -> float:
    """Share of the baseline's working days on or before ``as_of`` (0 to 1)."""
    if as_of < baseline.start:
        return 0.0
    if as_of >= baseline.finish:
        return 1.0
    # workdays_between counts [a, b), so the day after a date includes that date.
    total = calendar.workdays_between(baseline.start, baseline.finish + ONE_DAY)
    if total <= 0:
        return 0.0
    return calendar.workdays_between(baseline.start, as_of + ONE_DAY) / total


# --- the forecast -------------------------------------------------------------------------


def finish_of(a: PlanActivity, base: Baseline | None, as_of: dt.date) -> dt.date | None:
    """When a finished activity finished: its actual date, else (marked done) its baseline."""
    if a.actual_finish is not None:
        return a.actual_finish
    if a.status == "done":
        return min(base.finish, as_of) if base else as_of
    return None


def _forecast_task(
    r: ResolvedActivity,
    base: Baseline | None,
    as_of: dt.date,
    calendar: Calendar,
) -> Task:
    a = r.planned
    if a is None or a.status in OUT_OF_SCOPE:
        # Not tracked, or dropped: a zero-time step that keeps the order of the rest.
        return Task(r.id, 0, r.depends_on)
    finish = finish_of(a, base, as_of)
    if finish is not None:
        # Done: pinned at its actual dates, whatever its predecessors did.
        if r.milestone:
            return Task(r.id, 0, (), fixed_start=finish)
        start = a.actual_start or (base.start if base and base.start <= finish else finish)
        days = max(1, calendar.workdays_between(start, finish + ONE_DAY))
        return Task(r.id, days, (), fixed_start=start)
    if a.actual_start is not None and not r.milestone:
        # In progress: what is left runs after the as-of date.
        done_days = max(0, calendar.workdays_between(a.actual_start, as_of + ONE_DAY))
        left = math.ceil(r.duration * (100 - (a.percent_complete or 0)) / 100)
        return Task(r.id, max(1, done_days + left), (), fixed_start=a.actual_start)
    earliest = calendar.add_workdays(as_of, 1)
    if a.start is not None and a.start > earliest:
        earliest = a.start
    return Task(r.id, r.duration, r.depends_on, fixed_start=earliest)


def forecast_schedule(
    loaded: LoadedPlan,
    resolved: Sequence[ResolvedActivity],
    baselines: dict[str, Baseline | None],
    as_of: dt.date,
    calendar: Calendar,
) -> Schedule:
    plan = loaded.plan
    tasks = [_forecast_task(r, baselines.get(r.id), as_of, calendar) for r in resolved]
    actual_dates = [
        d for a in plan.activities for d in (a.actual_start, a.actual_finish) if d is not None
    ]
    start = min([plan.project.start, *actual_dates])
    try:
        return schedule(tasks, start, calendar, plan.project.finish)
    except ScheduleError as error:
        raise _schedule_problem(loaded, error) from None


def _schedule_problem(loaded: LoadedPlan, error: ScheduleError) -> PmsmError:
    """Point a scheduling failure at the activity it is about."""
    culprit = (
        error.missing[0][0]
        if error.missing
        else (error.cycle[0] if error.cycle else (error.task_ids[0] if error.task_ids else None))
    )
    index = next((i for i, a in enumerate(loaded.plan.activities) if a.id == culprit), None)
    loc: tuple[str | int, ...] = (
        ("activities", index, "depends_on") if index is not None else ("activities",)
    )
    path, line, column = loaded.doc.locate(loc, prefer_key=True)
    return PmsmError(f"the plan cannot be scheduled: {error.message}", path, line, column)


def pv_curve(
    baselines: Sequence[Baseline], as_of: dt.date, calendar: Calendar
) -> list[tuple[dt.date, float]]:
    """Cumulative planned value sampled weekly (fortnightly on long plans), plus as-of."""
    if not baselines:
        return []
    first = min(b.start for b in baselines) - ONE_DAY
    last = max(b.finish for b in baselines)
    step = dt.timedelta(days=7 if (last - first).days <= 730 else 14)
    dates = {last, first}
    if first < as_of < last:
        dates.add(as_of)
    day = first
    while day < last:
        dates.add(day)
        day += step
    return [
        (d, sum(b.cost * planned_fraction(b, d, calendar) for b in baselines))
        for d in sorted(dates)
    ]
