"""How the sequencing rules check the dependency graph the scheduler built.

SEQ001 (circular dependencies), SEQ002 (a dependency on no activity), SEQ007
(an id used twice) and SEQ008 (what the scheduler could not place). The rules
themselves are in :mod:`pmsm_cli.lint.rules.sequencing`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from pmsm_cli.files.yamlio import Loc
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit
from pmsm_cli.scheduling import ScheduleError


def _errors(ctx: CheckContext, *kinds: str) -> Iterator[ScheduleError]:
    return (e for e in ctx.scheduling.errors if e.kind in kinds)


def index_of(ctx: CheckContext, activity_id: str) -> int | None:
    found = ctx.scheduling.by_id.get(activity_id)
    return found.index if found else None


def _dependency_loc(ctx: CheckContext, activity_id: str, dependency: str) -> Loc | None:
    """Where the plan writes that ``activity_id`` depends on ``dependency``, if it does."""
    index = index_of(ctx, activity_id)
    if index is None:
        return None
    activity = ctx.plan.activities[index]
    for d_index, dep in enumerate(activity.depends_on):
        if dep.id == dependency:
            return ("activities", index, "depends_on", d_index)
    return None


def cycles(ctx: CheckContext) -> Iterator[Hit]:
    for error in _errors(ctx, "cycle"):
        links = itertools.pairwise(error.cycle)  # (x, y): y depends on x
        written = [at for x, y in links if (at := _dependency_loc(ctx, y, x)) is not None]
        index = next((i for x in error.cycle if (i := index_of(ctx, x)) is not None), None)
        loc: Loc = written[0] if written else ("activities", index) if index is not None else ()
        yield Hit(
            loc,
            f"{error.message}; nothing in the circle can ever start. Remove the dependency "
            "that is wrong (some may come from the catalog: write 'depends_on:' to replace "
            "them)",
            target=error.cycle[0],
        )


def unknown(ctx: CheckContext) -> Iterator[Hit]:
    plan_ids = [a.id for a in ctx.plan.activities]
    for error in _errors(ctx, "unknown-dependency"):
        for task, dependency in error.missing:
            loc = _dependency_loc(ctx, task, dependency)
            if loc is None:
                index = index_of(ctx, task)
                loc = ("activities", index) if index is not None else ("activities",)
            if dependency in ctx.catalog.activity_by_id:
                hint = "it is a catalog activity the plan does not include; add it to the plan"
            else:
                import difflib  # only for a dependency on an unknown id: most plans have none

                close = difflib.get_close_matches(dependency, plan_ids, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "no activity has that id"
            yield Hit(
                loc,
                f"activity '{task}' depends on '{dependency}', which is not in the plan; {hint}",
                target=task,
            )


def duplicates(ctx: CheckContext) -> Iterator[Hit]:
    for error in _errors(ctx, "duplicate-id"):
        for activity_id in error.task_ids:
            indexes = [i for i, a in enumerate(ctx.plan.activities) if a.id == activity_id]
            for index in indexes[1:]:
                yield Hit(
                    ("activities", index, "id"),
                    f"the activity id '{activity_id}' is used again (first as activity "
                    f"{indexes[0] + 1}); dependencies on it would be ambiguous",
                    target=activity_id,
                )


def unschedulable(ctx: CheckContext) -> Iterator[Hit]:
    for error in _errors(ctx, "empty-calendar", "bad-calendar", "date-out-of-range", "bad-lag"):
        yield Hit(("project", "calendar"), f"the plan cannot be scheduled: {error.message}")
