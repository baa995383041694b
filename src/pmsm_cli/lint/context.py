"""What a rule sees: one plan, where everything in it is, the catalog and the schedule.

Everything here is computed at most once per plan and only when a rule asks
for it (the schedule, the expected activities), so a run with a few rules
selected pays only for what they use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING

from pmsm_cli.files.yamlio import YamlDocument
from pmsm_cli.models.catalog import Activity as CatalogActivity
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Activity as PlanActivity
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.resolve import (
    ResolvedActivity,
    expected_activities,
    implemented,
    resolve_activities,
    work_calendar,
)
from pmsm_cli.records import mutable_record, record
from pmsm_cli.scheduling import Dependency, Schedule, ScheduleError, Task, schedule

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import ChangeCalendar
    from pmsm_cli.lint.rule import Rule
    from pmsm_cli.lint.suppression import SuppressionReport

# Statuses that take an activity out of the plan's work, deliberately.
DROPPED = frozenset({"not-applicable", "cancelled"})
# Statuses that say the work has begun.
STARTED = frozenset({"in-progress", "done"})


@record
class Scheduling:
    """The plan's own activities (no suggestions) with their dates, if they could be scheduled.

    ``errors`` lists what stopped the scheduler. Duplicate ids and unknown
    dependencies are set aside and scheduling is tried again, so that one
    typo does not hide every date-based finding; a cycle leaves no dates.
    """

    activities: list[ResolvedActivity]
    schedule: Schedule | None
    errors: tuple[ScheduleError, ...] = ()

    @cached_property
    def by_id(self) -> dict[str, ResolvedActivity]:
        found: dict[str, ResolvedActivity] = {}
        for activity in self.activities:
            found.setdefault(activity.id, activity)
        return found


@mutable_record
class CheckContext:
    loaded: LoadedPlan
    catalog: Catalog
    today: dt.date
    # Catalog activities whose absence a specific rule reports (see Rule.activities).
    owned: frozenset[str] = frozenset()
    # For a task list from another tool: the selected rules that need what it lacks.
    unchecked: tuple[Rule, ...] = ()
    # What that tool's file is, in words a project manager knows ("MS Project XML").
    task_list: str | None = None
    # How its project kind was inferred, when --kind or its map file did not give it.
    kind_inferred: str | None = None
    # What the reader of that file had to leave out: (message, line, column) each.
    left_out: tuple[tuple[str, int, int], ...] = ()
    # The organisation's change calendar, from the configuration (the CAL rules).
    calendar: ChangeCalendar | None = None
    # Filled by the engine before the waiver rules run.
    suppression: SuppressionReport | None = field(default=None, repr=False)

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    @property
    def doc(self) -> YamlDocument:
        return self.loaded.doc

    # -- what the catalog expects ------------------------------------------

    @cached_property
    def kind_words(self) -> str:
        """The project kind as words for messages: 'a new service project'."""
        kind = self.catalog.kind_by_id.get(self.plan.project.kind)
        title = kind.title.lower() if kind else self.plan.project.kind
        article = "an" if title[:1] in "aeiou" else "a"
        return f"{article} {title} project"

    @cached_property
    def expected(self) -> list[CatalogActivity]:
        """Catalog activities this plan's kind and scope call for, in catalog order."""
        return expected_activities(self.plan, self.catalog)

    @cached_property
    def expected_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.expected)

    @cached_property
    def implemented(self) -> dict[str, int]:
        """Catalog activity id -> index of the first plan activity implementing it."""
        return implemented(self.plan)

    def entry(self, catalog_id: str) -> tuple[int, PlanActivity] | None:
        index = self.implemented.get(catalog_id)
        return None if index is None else (index, self.plan.activities[index])

    def planned(self, catalog_id: str) -> bool:
        """In the plan and not marked not applicable or cancelled."""
        found = self.entry(catalog_id)
        return found is not None and found[1].status not in DROPPED

    # -- dates ---------------------------------------------------------------

    @cached_property
    def scheduling(self) -> Scheduling:
        """The plan as written (catalog defaults filled in, nothing suggested), scheduled."""
        activities = resolve_activities(self.plan, self.catalog, suggest=False)
        errors: list[ScheduleError] = []
        unknown: set[tuple[str, str]] = set()
        for _attempt in range(3):  # at most: duplicates, then unknown dependencies, then dates
            tasks = [
                Task(
                    a.id,
                    a.duration,
                    tuple([d for d in a.depends_on if (a.id, d.predecessor) not in unknown])
                    if unknown
                    else a.depends_on,
                    a.planned.start if a.planned else None,
                )
                for a in activities
            ]
            try:
                calendar = work_calendar(self.plan)  # raises on a calendar without working days
                result = schedule(
                    tasks, self.plan.project.start, calendar, self.plan.project.finish
                )
            except ScheduleError as error:
                # Kept without its traceback: the traceback holds this frame,
                # whose ``errors`` holds the error, a cycle that would keep
                # every task and graph of the attempt alive until the cyclic
                # collector runs (paused while a file is checked).
                errors.append(error.with_traceback(None))
                if error.kind == "duplicate-id":
                    seen: set[str] = set()
                    kept = []
                    for a in activities:
                        if a.id not in seen:
                            kept.append(a)
                        seen.add(a.id)
                    activities = kept
                elif error.kind == "unknown-dependency":
                    unknown.update(error.missing)
                else:
                    break
            else:
                return Scheduling(activities, result, tuple(errors))
        return Scheduling(activities, None, tuple(errors))

    def dependencies(self, activity_id: str) -> tuple[Dependency, ...]:
        found = self.scheduling.by_id.get(activity_id)
        return found.depends_on if found else ()

    def start_of(self, activity_id: str) -> dt.date | None:
        """When it started (actual date) or is scheduled to start."""
        return self._date_of(activity_id, finish=False)

    def finish_of(self, activity_id: str) -> dt.date | None:
        """When it finished (actual date) or is scheduled to finish."""
        return self._date_of(activity_id, finish=True)

    def _date_of(self, activity_id: str, *, finish: bool) -> dt.date | None:
        # A date the plan records as having happened wins over the one the schedule computes.
        found = self.scheduling.by_id.get(activity_id)
        if found is None:
            return None
        if found.planned is not None:
            actual = found.planned.actual_finish if finish else found.planned.actual_start
            if actual is not None:
                return actual
        task = self.scheduling.schedule.tasks.get(activity_id) if self.scheduling.schedule else None
        if task is None:
            return None
        return task.early_finish if finish else task.early_start
