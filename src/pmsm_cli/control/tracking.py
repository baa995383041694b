"""Progress against the baseline: earned value, slippage, milestones missed (§5).

The Service Project Management article (catalog document
``service-project-management``) measures a project by planned versus actual schedule, cost variance
and the share of milestones missed. ``pmsm baseline`` freezes each activity's
scheduled dates and cost into the plan (``baseline_start``,
``baseline_finish``, ``baseline_cost``); the team records ``actual_start``,
``actual_finish``, ``percent_complete`` and ``actual_cost`` as work goes on.
From those, as of a date:

* **PV** (planned value): each activity's baseline cost times the share of its
  baseline working days that fall on or before the as-of date (linear over
  working days of the plan's calendar).
* **EV** (earned value): baseline cost times percent complete (100 once the
  activity has an actual finish or is marked done).
* **AC** (actual cost): the ``actual_cost`` of the baselined activities.
  Money spent on activities added after the baseline is reported apart, so
  that it does not distort the indices.
* **SV** = EV - PV, **CV** = EV - AC, **SPI** = EV / PV, **CPI** = EV / AC
  (no index when its divisor is 0), **EAC** = BAC / CPI.

Cancelled and not-applicable activities carry no planned or earned value.

The forecast re-schedules the plan with the critical path method: finished
work sits at its actual dates, work in progress keeps its actual start and
needs the rest of its duration (in proportion to what is not complete) after
the as-of date, and work not started can start no earlier than the working
day after it. Catalog activities the plan does not contain take no time in
the forecast: nobody is tracking them. An activity's schedule variance is its
forecast (or actual) finish minus its baseline finish, in working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.control.forecast import (
    OUT_OF_SCOPE,
    Baseline,
    finish_of,
    forecast_schedule,
    planned_fraction,
    pv_curve,
    read_baselines,
)
from pmsm_cli.formatting.numbers import money
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Activity as PlanActivity
from pmsm_cli.models.plan import ChangeRequest
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.resolve import ResolvedActivity, resolve_activities, work_calendar
from pmsm_cli.records import record
from pmsm_cli.scheduling import Calendar, Schedule

if TYPE_CHECKING:
    from pmsm_cli.prince2.tolerances import ToleranceReport


@record
class ActivityProgress:
    """One plan activity: baseline, actuals, forecast and earned value as of the date."""

    id: str
    name: str
    index: int  # position in the plan's ``activities:`` list
    line: int
    milestone: bool
    critical: bool  # on the forecast's critical path
    status: str
    in_baseline: bool
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    baseline_cost: float
    actual_start: dt.date | None
    actual_finish: dt.date | None
    actual_cost: float
    forecast_start: dt.date
    forecast_finish: dt.date
    percent_complete: int  # as counted for earned value
    planned_percent: float  # by the as-of date, from the baseline dates
    pv: float
    ev: float
    finish_variance_days: int | None  # working days late (+) or early (-); None: no baseline

    @property
    def finished(self) -> bool:
        return self.actual_finish is not None or self.status == "done"

    @property
    def out_of_scope(self) -> bool:
        return self.status in OUT_OF_SCOPE


@record
class EarnedValue:
    bac: float  # budget at completion: the baseline cost of everything in scope
    pv: float
    ev: float
    ac: float

    @property
    def sv(self) -> float:
        return self.ev - self.pv

    @property
    def cv(self) -> float:
        return self.ev - self.ac

    @property
    def spi(self) -> float | None:
        return self.ev / self.pv if self.pv else None

    @property
    def cpi(self) -> float | None:
        return self.ev / self.ac if self.ac else None

    @property
    def eac(self) -> float | None:
        """Estimate at completion if the cost efficiency so far holds."""
        cpi = self.cpi
        return self.bac / cpi if cpi else None


@record
class Milestones:
    due: list[str]  # baseline date on or before the as-of date
    missed: list[str]  # of those: reached late, or not reached

    @property
    def percent_missed(self) -> float | None:
        return len(self.missed) / len(self.due) * 100 if self.due else None


@record
class PendingEvaluation:
    """An RFC that went live but whose §5.3 evaluation is not recorded yet."""

    id: str
    title: str
    live_since: dt.date | None
    because: str  # how we know it is live
    line: int
    column: int


@record
class StatusReport:
    path: Path
    project: str
    as_of: dt.date
    activities: list[ActivityProgress]
    earned_value: EarnedValue
    ac_not_in_baseline: float  # spent on activities added after the baseline
    milestones: Milestones
    baseline_finish: dt.date
    forecast_finish: dt.date
    finish_variance_days: int
    pending_evaluations: list[PendingEvaluation]
    notes: list[str]
    pv_curve: list[tuple[dt.date, float]]  # planned value over time, for an S-curve
    method: str = "pmbok"  # project.method: pmbok or prince2
    # PRINCE2 profile: the project's and each stage's tolerances, and the exceptions.
    tolerances: ToleranceReport | None = None

    @property
    def slipping(self) -> list[ActivityProgress]:
        """Unfinished activities on the critical path that are forecast to finish late."""
        return [
            a
            for a in self.activities
            if a.critical and not a.finished and (a.finish_variance_days or 0) > 0
        ]

    @property
    def not_in_baseline(self) -> list[ActivityProgress]:
        return [a for a in self.activities if not a.in_baseline]


# --- evaluations (§5.3) -------------------------------------------------------------------


def live_since(
    cr: ChangeRequest, loaded: LoadedPlan, go_live: PlanActivity | None
) -> tuple[dt.date | None, str] | None:
    """When an RFC's change went live, and how we know; None if it has not."""
    by_id = {a.id: a for a in loaded.plan.activities}
    own = by_id.get(cr.activity or "")
    if own is not None and own.actual_finish is not None:
        return own.actual_finish, f"its activity '{own.id}' finished"
    if go_live is not None and go_live.actual_finish is not None:
        return go_live.actual_finish, f"go-live ('{go_live.id}') was reached"
    if cr.status == "implemented":
        return None, "it is marked implemented"
    return None


def _pending_evaluations(loaded: LoadedPlan, as_of: dt.date) -> list[PendingEvaluation]:
    go_live = next((a for a in loaded.plan.activities if a.catalog_id == "go-live"), None)
    pending: list[PendingEvaluation] = []
    for index, cr in enumerate(loaded.plan.change_requests):
        if cr.kind != "service" or cr.status in ("draft", "rejected"):
            continue
        done_on = cr.evaluation.evaluated_on if cr.evaluation else None
        if done_on is not None and done_on <= as_of:
            continue
        live = live_since(cr, loaded, go_live)
        if live is None or (live[0] is not None and live[0] > as_of):
            continue
        line, column = loaded.doc.position(("change_requests", index))
        pending.append(PendingEvaluation(cr.id, cr.title, live[0], live[1], line, column))
    return pending


# --- the report ---------------------------------------------------------------------------


def _effective_status(a: PlanActivity) -> str:
    """The recorded status, unless actual dates show it is out of date ('not-started')."""
    if a.status == "not-started":
        if a.actual_finish is not None:
            return "done"
        if a.actual_start is not None:
            return "in-progress"
    return a.status


def _effective_percent(a: PlanActivity) -> int:
    if a.status in OUT_OF_SCOPE:
        return 0
    if a.actual_finish is not None or a.status == "done":
        return 100
    return a.percent_complete or 0


def _notes(
    loaded: LoadedPlan, rows: Sequence[ActivityProgress], as_of: dt.date, ac_outside: float
) -> list[str]:
    plan_by_id = {a.id: a for a in loaded.plan.activities}
    notes: list[str] = []

    def listed(ids: Sequence[str]) -> str:
        return ", ".join(f"'{i}'" for i in ids)

    outside = [r.id for r in rows if not r.in_baseline]
    if outside:
        spent = (
            f"; {money(ac_outside, 'whole')} spent on them is left out of AC" if ac_outside else ""
        )
        notes.append(
            f"not in the baseline (added since, or never baselined): {listed(outside)}; they "
            f"have no planned or earned value{spent}. Re-baseline once the change to the plan "
            "is approved"
        )
    no_percent = [
        r.id
        for r in rows
        if r.actual_start and not r.finished and plan_by_id[r.id].percent_complete is None
    ]
    if no_percent:
        notes.append(
            f"started but with no percent_complete, so counted as 0% earned: {listed(no_percent)}"
        )
    no_cost = [r.id for r in rows if r.in_baseline and r.ev > 0 and r.actual_cost == 0]
    if no_cost:
        notes.append(
            f"progress but no actual_cost recorded, so AC may be too low: {listed(no_cost)}"
        )
    done_no_date = [r.id for r in rows if r.status == "done" and r.actual_finish is None]
    if done_no_date:
        notes.append(
            f"marked done without an actual_finish, taken as finished on time: "
            f"{listed(done_no_date)}"
        )
    future = [
        r.id
        for r in rows
        if any(d is not None and d > as_of for d in (r.actual_start, r.actual_finish))
    ]
    if future:
        notes.append(f"actual dates after the as-of date {as_of.isoformat()}: {listed(future)}")
    dropped = [r.id for r in rows if r.out_of_scope and r.baseline_cost > 0]
    if dropped:
        notes.append(
            f"cancelled or not applicable, so left out of PV, EV and BAC: {listed(dropped)}"
        )
    return notes


def status_report(loaded: LoadedPlan, catalog: Catalog, as_of: dt.date) -> StatusReport:
    """Everything ``pmsm status`` shows for one plan as of a date."""
    plan = loaded.plan
    calendar = work_calendar(plan)
    resolved = resolve_activities(plan, catalog, suggest=True)
    baselines = read_baselines(loaded, resolved)
    forecast = forecast_schedule(loaded, resolved, baselines, as_of, calendar)
    rows = _progress_rows(loaded, resolved, baselines, forecast, as_of, calendar)

    counted = [r for r in rows if r.in_baseline]
    in_scope_rows = [r for r in counted if not r.out_of_scope]
    ev = EarnedValue(
        bac=sum(r.baseline_cost for r in in_scope_rows),
        pv=sum(r.pv for r in in_scope_rows),
        ev=sum(r.ev for r in in_scope_rows),
        ac=sum(r.actual_cost for r in counted),
    )
    ac_outside = sum((r.actual_cost for r in rows if not r.in_baseline), 0.0)
    due = [
        r
        for r in in_scope_rows
        if r.milestone and r.baseline_finish is not None and r.baseline_finish <= as_of
    ]
    missed = [
        r for r in due if r.actual_finish is None or r.actual_finish > (r.baseline_finish or as_of)
    ]
    live = [r for r in rows if not r.out_of_scope]
    baseline_finish = max(b.finish for b in baselines.values() if b)
    forecast_finish = max(r.forecast_finish for r in live) if live else baseline_finish
    report = StatusReport(
        path=loaded.path,
        project=plan.project.name,
        as_of=as_of,
        activities=rows,
        earned_value=ev,
        ac_not_in_baseline=ac_outside,
        milestones=Milestones([r.id for r in due], [r.id for r in missed]),
        baseline_finish=baseline_finish,
        forecast_finish=forecast_finish,
        finish_variance_days=calendar.workdays_between(baseline_finish, forecast_finish),
        pending_evaluations=_pending_evaluations(loaded, as_of),
        notes=_notes(loaded, rows, as_of, ac_outside),
        pv_curve=pv_curve(
            [b for r in in_scope_rows if (b := baselines.get(r.id))], as_of, calendar
        ),
        method=plan.project.method,
    )
    if plan.project.method == "prince2":
        from pmsm_cli.prince2.tolerances import assess

        report = replace(report, tolerances=assess(plan, report))
    return report


def _progress_rows(
    loaded: LoadedPlan,
    resolved: Sequence[ResolvedActivity],
    baselines: dict[str, Baseline | None],
    forecast: Schedule,
    as_of: dt.date,
    calendar: Calendar,
) -> list[ActivityProgress]:
    """One row per activity the plan file holds, measured against its baseline."""
    critical = set(forecast.critical_path)
    rows: list[ActivityProgress] = []
    for r in resolved:
        a, index = r.planned, r.index
        if a is None or index is None:
            continue
        base = baselines.get(a.id)
        scheduled = forecast.tasks[r.id]
        percent = _effective_percent(a)
        in_scope = base is not None and a.status not in OUT_OF_SCOPE
        fraction = planned_fraction(base, as_of, calendar) if base else 0.0
        cost = base.cost if base else 0.0
        finish = finish_of(a, base, as_of) or scheduled.early_finish
        start = a.actual_start or (finish if r.milestone and a.actual_finish else None)
        rows.append(
            ActivityProgress(
                id=a.id,
                name=r.name,
                index=index,
                line=loaded.doc.position(("activities", index))[0],
                milestone=r.milestone,
                critical=r.id in critical,
                status=_effective_status(a),
                in_baseline=base is not None,
                baseline_start=base.start if base else None,
                baseline_finish=base.finish if base else None,
                baseline_cost=cost,
                actual_start=a.actual_start,
                actual_finish=a.actual_finish,
                actual_cost=a.actual_cost or 0.0,
                forecast_start=start or scheduled.early_start,
                forecast_finish=finish,
                percent_complete=percent,
                planned_percent=fraction * 100,
                pv=cost * fraction if in_scope else 0.0,
                ev=cost * percent / 100 if in_scope else 0.0,
                finish_variance_days=(
                    calendar.workdays_between(base.finish, finish)
                    if base and a.status not in OUT_OF_SCOPE
                    else None
                ),
            )
        )
    return rows
