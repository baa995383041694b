"""Schedule a loaded plan file, turning scheduling failures into positioned messages.

``resolve.schedule_plan`` works on models and raises ``ScheduleError`` with
activity ids. A project manager needs more: the line of the plan file to
change. This module points each failure at the activity (or the dependency
entry) that causes it, and lists fixed dates the schedule could not honour
as warnings at the line of the date.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.resolve import PlanSchedule, schedule_plan
from pmsm_cli.scheduling import ScheduleError


def schedule_loaded(loaded: LoadedPlan, catalog: Catalog, *, suggest: bool = True) -> PlanSchedule:
    """Resolve and schedule the plan; any scheduling failure is a PmsmError at its line."""
    try:
        return schedule_plan(loaded.plan, catalog, suggest=suggest)
    except ScheduleError as error:
        raise PmsmError(schedule_problems(error, loaded, catalog, suggest=suggest)) from None


def schedule_warnings(loaded: LoadedPlan, planned: PlanSchedule) -> list[Problem]:
    """Things the schedule could do but not as the plan asked: fixed starts, a missed target."""
    by_id = planned.by_id
    warnings: list[Problem] = []
    for conflict in planned.schedule.conflicts:
        activity = by_id[conflict.task_id]
        loc: Loc = ("activities", activity.index, "start") if activity.index is not None else ()
        warnings.append(
            _problem(
                loaded,
                loc,
                f"activity '{conflict.task_id}' is fixed to start on {conflict.fixed_start}, but "
                f"what it depends on lets it start on {conflict.earliest_start} at the earliest; "
                "it is scheduled then",
            )
        )
    target = loaded.plan.project.finish
    finish = planned.schedule.finish
    if target is not None and planned.schedule.tasks:
        late = -min(t.total_float for t in planned.schedule.tasks.values())
        if late > 0:
            warnings.append(
                _problem(
                    loaded,
                    ("project", "finish"),
                    f"the schedule needs {late} working day{'s' if late != 1 else ''} more than "
                    f"the target finish of {target} allows (it ends on {finish}); the critical "
                    "activities have negative float",
                )
            )
    return warnings


def schedule_problems(
    error: ScheduleError, loaded: LoadedPlan, catalog: Catalog, *, suggest: bool = True
) -> list[Problem]:
    """Plain-words problems, each at the plan line that causes it."""
    plan = loaded.plan
    if error.kind == "cycle":
        return [_cycle_problem(error.cycle, loaded)]
    if error.kind == "unknown-dependency":
        return [
            _unknown_dependency(task, dep, loaded, catalog, suggest=suggest)
            for task, dep in error.missing
        ]
    if error.kind == "duplicate-id":
        return [_duplicate(task_id, loaded) for task_id in error.task_ids]
    if error.kind == "empty-calendar":
        return [
            _problem(
                loaded,
                ("project", "calendar", "workdays"),
                "the calendar has no working days, so nothing can be scheduled; list at least "
                "one weekday in 'workdays' (mon, tue, wed, thu, fri, sat, sun)",
            )
        ]
    if error.kind == "date-out-of-range":
        return [
            _problem(
                loaded,
                ("project", "start"),
                f"the schedule from {plan.project.start} runs outside the dates a calendar "
                "can hold (years 1 to 9999); check the project start and the durations and lags",
            )
        ]
    # The plan model already refuses bad durations and lags; keep a message anyway.
    first = next(
        (i for i, a in enumerate(plan.activities) if a.id in error.task_ids),
        None,
    )
    return [_problem(loaded, ("activities", first) if first is not None else (), error.message)]


def _problem(loaded: LoadedPlan, loc: Loc, message: str) -> Problem:
    path, line, column = loaded.doc.locate(loc)
    return Problem(message, path, line, column)


def _explicit_dependency_index(loaded: LoadedPlan, index: int, dep: str) -> int | None:
    """Position of ``dep`` in the plan activity's own ``depends_on``, if written there."""
    activity = loaded.plan.activities[index]
    if "depends_on" not in activity.model_fields_set:
        return None
    for i, entry in enumerate(activity.depends_on):
        if entry.id == dep:
            return i
    return None


def _cycle_problem(cycle: Sequence[str], loaded: LoadedPlan) -> Problem:
    # cycle = (a, b, c, a): b waits for a, c for b, a for c.
    pairs = list(itertools.pairwise(cycle))
    index_of = {a.id: i for i, a in enumerate(loaded.plan.activities)}
    words = ", ".join(f"'{later}' depends on '{earlier}'" for earlier, later in pairs)
    message = (
        "activities wait for each other in a circle, so none of them can ever start: "
        f"{words}; remove one of these dependencies"
    )
    # Point at a dependency the user wrote, else at an activity of the plan.
    fallback: Loc = ()
    for earlier, later in pairs:
        index = index_of.get(later)
        if index is None:
            continue
        entry = _explicit_dependency_index(loaded, index, earlier)
        if entry is not None:
            return _problem(loaded, ("activities", index, "depends_on", entry), message)
        if not fallback:
            fallback = ("activities", index)
    return _problem(loaded, fallback, message)


def _unknown_dependency(
    task: str, dep: str, loaded: LoadedPlan, catalog: Catalog, *, suggest: bool
) -> Problem:
    index_of = {a.id: i for i, a in enumerate(loaded.plan.activities)}
    index = index_of.get(task)
    loc: Loc = ()
    if index is not None:
        entry = _explicit_dependency_index(loaded, index, dep)
        loc = (
            ("activities", index, "depends_on", entry)
            if entry is not None
            else ("activities", index, "depends_on")
        )
    message = f"activity '{task}' depends on '{dep}', which is not an activity of this plan"
    if dep in catalog.activity_by_id:
        how = "add it to 'activities'"
        if not suggest:
            how += ", or run without --no-suggest"
        message += (
            f"; '{dep}' is a catalog activity ({catalog.activity_by_id[dep].title}) "
            f"that this plan does not include: {how}"
        )
    else:
        import difflib  # only for a dependency on an unknown id: most plans have none

        known = [a.id for a in loaded.plan.activities] + list(catalog.activity_by_id)
        close = difflib.get_close_matches(dep, known, n=1)
        message += f"; did you mean '{close[0]}'?" if close else "; check the spelling"
    return _problem(loaded, loc, message)


def _duplicate(task_id: str, loaded: LoadedPlan) -> Problem:
    indices = [i for i, a in enumerate(loaded.plan.activities) if a.id == task_id]
    if len(indices) >= 2:
        first_line = loaded.doc.locate(("activities", indices[0], "id"))[1]
        return _problem(
            loaded,
            ("activities", indices[1], "id"),
            f"the activity id '{task_id}' is used twice (first on line {first_line}); "
            "every activity needs its own id",
        )
    if indices:
        activity = loaded.plan.activities[indices[0]]
        return _problem(
            loaded,
            ("activities", indices[0], "id"),
            f"activity '{task_id}' implements the catalog activity '{activity.catalog_id}' but "
            f"carries the id of another catalog activity, '{task_id}', which this plan also "
            f"needs; give it another id, or add an activity for '{task_id}' too",
        )
    return _problem(loaded, ("activities",), f"the activity id '{task_id}' is used twice")
