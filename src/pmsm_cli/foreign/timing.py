"""Estimated dates for the new tasks, so that the copy shows them where they will land.

MS Project recalculates an auto-scheduled task's dates when it opens the file,
and a spreadsheet has no scheduler at all; the estimate only has to put each
new task in a sensible place: after its predecessors' finish, on weekdays
(Monday to Friday, as MS Project's standard calendar), for its catalog
duration. A task without predecessors starts with the project.
"""

from __future__ import annotations

from datetime import date, timedelta

from pmsm_cli.foreign.placement import Placed
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.records import record


@record(slots=True)
class Span:
    start: date
    finish: date


def estimate(plan: ForeignPlan, placed: Placed) -> dict[str, Span]:
    """Catalog activity -> estimated dates of its new task; empty when the plan has no dates."""
    project_start = plan.start or min((t.start for t in plan.tasks if t.start), default=None)
    if project_start is None:
        return {}
    finishes = {t.id: t.finish for t in plan.tasks if t.finish is not None}
    spans: dict[str, Span] = {}
    for task in placed.tasks:  # predecessors first: placement orders them so
        ends = [
            finishes.get(a.task_id) if a.task_id is not None else _finish(spans, a.activity)
            for a in task.after
        ]
        known = [end for end in ends if end is not None]
        if task.milestone:
            day = _weekday(max(known, default=project_start))
            spans[task.activity] = Span(day, day)
            continue
        start = _weekday(max(known) + timedelta(days=1)) if known else _weekday(project_start)
        spans[task.activity] = Span(start, add_workdays(start, max(task.duration_days, 1) - 1))
    return spans


def add_workdays(day: date, count: int) -> date:
    """The weekday ``count`` working days after ``day`` (itself a weekday)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _weekday(day: date) -> date:
    """The day itself, or the Monday after a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _finish(spans: dict[str, Span], activity: str | None) -> date | None:
    span = spans.get(activity or "")
    return span.finish if span is not None else None
