"""Where pmsm's schedule of an imported plan and the source's own dates part, and why.

pmsm schedules in whole working days on the plan's calendar (Monday to
Friday unless told otherwise) from the durations and links it imported. The
source tool had its own calendar (hours per day, working weekends,
holidays), constraints ("start no earlier than", manually scheduled tasks)
and part days. Where the dates agree, the import kept the schedule; where
they do not, the project manager is told which task and the likely reason,
so that the calendar or a start date can be set in the plan.
"""

from __future__ import annotations

import datetime as dt

from pmsm_cli.foreign.audit import Audited, plan_model
from pmsm_cli.foreign.convert import place_words
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.records import record

SHOWN = 10  # differences listed one by one; the rest are counted


@record(slots=True)
class DateDifference:
    task: str  # the task's name, as written
    where: str  # "task UID 7", "line 12"
    source: tuple[dt.date | None, dt.date | None]  # start, finish in the source
    pmsm: tuple[dt.date, dt.date]  # start, finish as pmsm schedules them
    why: str

    def sentence(self) -> str:
        return (
            f"'{self.task}' ({self.where}): the source has {_span(*self.source)}, pmsm "
            f"schedules {_span(*self.pmsm)}: {self.why}"
        )


def date_differences(audited: Audited, catalog: Catalog) -> list[DateDifference]:
    """Each task whose source dates pmsm's schedule does not reproduce (summaries aside)."""
    from pmsm_cli.plan.resolve import schedule_plan
    from pmsm_cli.scheduling import ScheduleError

    try:
        planned = schedule_plan(plan_model(audited), catalog, suggest=False)
    except ScheduleError:
        return []  # pmsm plan says what stops the schedule, at its line
    tasks = planned.schedule.tasks
    found = []
    for decision, item in zip(audited.decisions, audited.converted.data["activities"], strict=True):
        task = decision.task
        scheduled = tasks.get(decision.plan_id)
        if task.summary or scheduled is None or (task.start is None and task.finish is None):
            continue
        start, finish = scheduled.early_start, scheduled.early_finish
        if task.milestone:
            finish = start  # a milestone is a day, whatever its finish says in the source
        same_start = task.start is None or task.start == start
        same_finish = task.finish is None or task.finish == finish or task.milestone
        if same_start and same_finish:
            continue
        found.append(
            DateDifference(
                task.name,
                place_words(task.where),
                (task.start, task.finish),
                (start, finish),
                _why(task.start, start, same_start, bool(item.get("depends_on"))),
            )
        )
    return found


def _why(source: dt.date | None, pmsm: dt.date, same_start: bool, linked: bool) -> str:
    if same_start:
        return (
            "the duration counts differently in the source's calendar (hours per day, "
            "working weekends, holidays or a part day); set the plan's calendar or duration"
        )
    if source is not None and source.weekday() >= 5:
        return "the source starts it on a weekend: its calendar works days pmsm's does not"
    if source is not None and source > pmsm and linked:
        return (
            "the source holds it later than its links do (a constraint, a manually scheduled "
            "task, or a calendar with fewer working days); give it a 'start:' to keep that"
        )
    if source is not None and source < pmsm:
        return (
            "the source starts it earlier than pmsm's links allow (a lead or part-day lag "
            "rounded to whole days, or a calendar with more working days)"
        )
    return "what comes before it is scheduled differently (see the tasks above)"


def _span(start: dt.date | None, finish: dt.date | None) -> str:
    if start == finish:
        return str(start)
    return f"{start or '?'} to {finish or '?'}"
