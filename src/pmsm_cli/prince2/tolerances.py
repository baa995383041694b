"""Tolerances and exceptions: is a forecast past what the board allowed? (PRINCE2 Progress).

PRINCE2 (7th ed., Progress practice) lets each level of management work on
without asking the level above as long as its forecast stays within the
tolerances it was given; a forecast beyond one is an exception, reported up
at once. pmsm measures two of the seven tolerances, time and cost, for the
project (``tolerances:``) and for each management stage (``stages[].tolerances``):

* **time**: the forecast finish against the baseline finish, in working days
  late, as ``pmsm status`` forecasts it (for a stage, the finish of its
  boundary activity);
* **cost**: the forecast cost against the baseline cost. An activity's
  forecast cost is what was spent on it once it is finished (its estimate if
  nothing was recorded), and otherwise the larger of what was spent so far and
  its current estimate (``cost``, else ``baseline_cost``): what was spent plus
  what the plan still expects to spend. Cancelled work counts what it spent.

An activity belongs to the stage that lists it in ``activities:``, else to the
first stage whose boundary finishes on or after it does (baseline dates, or
forecast ones for work added after the baseline), else to the last stage.

A forecast over a tolerance is covered by an exception of the plan for the
same stage (none: the project) and the same tolerance that is not withdrawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pmsm_cli.models.plan import Plan
from pmsm_cli.models.prince2 import PlanException, Stage, Tolerances
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.control.tracking import ActivityProgress, StatusReport

Kind = Literal["time", "cost"]


@record
class ToleranceUse:
    """One tolerance, for the project or one stage: the baseline, the forecast, the limit.

    For time, ``baseline`` and ``forecast`` are dates and ``variance`` working days
    late; for cost they are money and ``variance`` is the forecast minus the baseline.
    """

    stage: str | None  # None: the project
    name: str
    kind: Kind
    baseline: dt.date | float | None
    forecast: dt.date | float | None
    variance: float | None  # None: nothing to measure (no baseline)
    tolerance: float | None  # None: not set
    exceptions: tuple[str, ...]  # ids of the exceptions raised for it

    @property
    def over(self) -> bool:
        return (
            self.tolerance is not None
            and self.variance is not None
            and (self.variance > self.tolerance)
        )

    @property
    def used_percent(self) -> float | None:
        """How much of the tolerance the forecast uses (over 100: exceeded)."""
        if self.tolerance is None or self.variance is None:
            return None
        if self.tolerance == 0:
            return None if self.variance <= 0 else float("inf")
        return max(self.variance, 0) / self.tolerance * 100

    @property
    def unreported(self) -> bool:
        """Over tolerance with no exception raised for it."""
        return self.over and not self.exceptions


@record
class ToleranceReport:
    uses: list[ToleranceUse]
    exceptions: list[PlanException]

    @property
    def unreported(self) -> list[ToleranceUse]:
        return [u for u in self.uses if u.unreported]


def forecast_cost(row: ActivityProgress, estimate: float | None) -> float:
    """What one activity is forecast to cost in all (see the module's docstring)."""
    planned = estimate if estimate is not None else row.baseline_cost
    if row.finished or row.out_of_scope:
        return row.actual_cost if row.actual_cost or row.out_of_scope else planned
    return max(row.actual_cost, planned)


def stage_of_each(
    stages: Sequence[Stage], rows: Sequence[ActivityProgress]
) -> dict[str, str | None]:
    """Activity id -> the id of its management stage (None: the plan has no stages)."""
    listed = {a: s.id for s in stages for a in s.activities}
    by_id = {r.id: r for r in rows}

    def when(row: ActivityProgress) -> dt.date:
        return row.baseline_finish or row.forecast_finish

    ends = [
        (when(by_id[s.boundary]), s.id)
        for s in stages
        if s.boundary is not None and s.boundary in by_id
    ]
    last = stages[-1].id if stages else None
    found: dict[str, str | None] = {}
    for row in rows:
        if row.id in listed:
            found[row.id] = listed[row.id]
            continue
        finish = when(row)
        found[row.id] = next((stage for end, stage in ends if end >= finish), last)
    return found


def _covering(plan: Plan, stage: str | None, kind: Kind) -> tuple[str, ...]:
    return tuple(
        e.id
        for e in plan.exceptions
        if e.stage == stage and e.tolerance == kind and e.status != "withdrawn"
    )


def _uses(
    plan: Plan,
    stage: str | None,
    name: str,
    limits: Tolerances | None,
    finish: tuple[dt.date | None, dt.date | None, int | None],
    rows: Sequence[ActivityProgress],
) -> list[ToleranceUse]:
    estimates = {a.id: a.cost for a in plan.activities}
    budget = sum(r.baseline_cost for r in rows if r.in_baseline and not r.out_of_scope)
    forecast = sum(forecast_cost(r, estimates.get(r.id)) for r in rows)
    has_budget = any(r.in_baseline for r in rows)
    base_finish, forecast_finish, late = finish
    return [
        ToleranceUse(
            stage,
            name,
            "time",
            base_finish,
            forecast_finish,
            None if late is None else float(late),
            None if limits is None or limits.time_days is None else float(limits.time_days),
            _covering(plan, stage, "time"),
        ),
        ToleranceUse(
            stage,
            name,
            "cost",
            budget if has_budget else None,
            forecast,
            forecast - budget if has_budget else None,
            None if limits is None else limits.cost,
            _covering(plan, stage, "cost"),
        ),
    ]


def assess(plan: Plan, report: StatusReport) -> ToleranceReport:
    """The project's and each stage's time and cost against their tolerances."""
    rows = report.activities
    uses = _uses(
        plan,
        None,
        "the project",
        plan.tolerances,
        (report.baseline_finish, report.forecast_finish, report.finish_variance_days),
        rows,
    )
    by_id = {r.id: r for r in rows}
    members = stage_of_each(plan.stages, rows)
    for stage in plan.stages:
        end = by_id.get(stage.boundary or "")
        finish = (
            (end.baseline_finish, end.forecast_finish, end.finish_variance_days)
            if end is not None
            else (None, None, None)
        )
        mine = [r for r in rows if members.get(r.id) == stage.id]
        uses += _uses(plan, stage.id, stage.name, stage.tolerances, finish, mine)
    return ToleranceReport(uses, list(plan.exceptions))


def progress_date(plan: Plan) -> dt.date:
    """The last day the plan records progress for.

    That is the latest actual date of an activity, or date on which an exception
    was raised or decided or a stage's business justification was confirmed: each
    is a record of where the project stood. ``pmsm check`` measures tolerances as
    of this day, so that its verdict depends on the file alone and not on the day
    it runs; ``pmsm status`` measures them as of any day (``--as-of``). With no
    progress recorded, the day before the project starts.
    """
    dates = [d for a in plan.activities for d in (a.actual_start, a.actual_finish) if d is not None]
    dates += [d for e in plan.exceptions for d in (e.raised_on, e.decided_on) if d is not None]
    dates += [s.justification.decided_on for s in plan.stages if s.justification is not None]
    return max(dates) if dates else plan.project.start - dt.timedelta(days=1)
