"""How the sequencing rules check dates: order, go-live, the project's window, owners.

SEQ003 (started before what it depends on finished), SEQ004 (readiness work
after go-live), SEQ005 (dates outside the project's window) and SEQ006 (started
work with nobody's name on it). The rules themselves are in
:mod:`pmsm_cli.lint.rules.sequencing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from operator import attrgetter

from pmsm_cli.files.yamlio import Loc
from pmsm_cli.lint.context import DROPPED, STARTED, CheckContext
from pmsm_cli.lint.rule import Hit
from pmsm_cli.lint.rules.sequencing_graph import index_of
from pmsm_cli.models.plan import Activity as PlanActivity

GO_LIVE = "go-live"


def _started(activity: PlanActivity) -> bool:
    return activity.actual_start is not None or activity.status in STARTED


def _finished(activity: PlanActivity) -> bool:
    return activity.actual_finish is not None or activity.status == "done"


def _start_loc(index: int, activity: PlanActivity) -> Loc:
    field = "actual_start" if activity.actual_start is not None else "status"
    return ("activities", index, field)


def before_dependency(ctx: CheckContext) -> Iterator[Hit]:
    scheduling = ctx.scheduling
    if scheduling.schedule is not None:
        tasks = scheduling.schedule.tasks
        for conflict in scheduling.schedule.conflicts:
            index = index_of(ctx, conflict.task_id)
            blockers = [
                d.predecessor
                for d in ctx.dependencies(conflict.task_id)
                if d.predecessor in tasks
                and tasks[d.predecessor].early_finish >= conflict.fixed_start
            ]
            if index is None or not blockers:
                continue  # the project start held it back: see outside-project-window
            last = max(blockers, key=lambda b: tasks[b].early_finish)
            yield Hit(
                ("activities", index, "start"),
                f"'{conflict.task_id}' is set to start on {conflict.fixed_start.isoformat()}, "
                f"but it depends on '{last}', which finishes on "
                f"{tasks[last].early_finish.isoformat()}; it is scheduled from "
                f"{conflict.earliest_start.isoformat()} instead",
                target=conflict.task_id,
            )
    for resolved in scheduling.activities:
        activity, index = resolved.planned, resolved.index
        if activity is None or index is None or not _started(activity):
            continue
        for dep in resolved.depends_on:
            before = scheduling.by_id.get(dep.predecessor)
            if dep.lag < 0 or before is None or before.planned is None:
                continue  # a lead allows overlap
            pred = before.planned
            if pred.status in DROPPED:
                continue
            if not _finished(pred):
                yield Hit(
                    _start_loc(index, activity),
                    f"'{activity.id}' has started, but '{pred.id}', which it depends on, has "
                    f"not finished (status: {pred.status})",
                    target=activity.id,
                )
            elif (
                activity.actual_start is not None
                and pred.actual_finish is not None
                and activity.actual_start < pred.actual_finish
            ):
                yield Hit(
                    _start_loc(index, activity),
                    f"'{activity.id}' started on {activity.actual_start.isoformat()}, but "
                    f"'{pred.id}', which it depends on, finished only on "
                    f"{pred.actual_finish.isoformat()}",
                    target=activity.id,
                )


def sort_after_go_live(ctx: CheckContext) -> Iterator[Hit]:
    go_live = ctx.entry(GO_LIVE)
    if go_live is None or go_live[1].status in DROPPED:
        return
    live = go_live[1]
    went_live = live.actual_start or live.actual_finish
    live_date = went_live or ctx.start_of(live.id)
    sort_ids = [a.id for a in ctx.catalog.activities if "sort" in a.tags]
    for sort_id in sort_ids:
        found = ctx.entry(sort_id)
        if found is None or found[1].status in DROPPED:
            continue
        index, test = found
        loc: Loc = ("activities", index)
        if test.actual_finish is not None:
            loc = (*loc, "actual_finish")
        elif test.start is not None:
            loc = (*loc, "start")
        if (went_live or live.status == "done") and not _finished(test):
            yield Hit(
                loc,
                f"the service has gone live, but the readiness test '{test.id}' has not "
                f"finished (status: {test.status})",
                target=test.id,
            )
            continue
        finish = ctx.finish_of(test.id)
        if finish is not None and live_date is not None and finish > live_date:
            yield Hit(
                loc,
                f"the readiness test '{test.id}' finishes on {finish.isoformat()}, after "
                f"go-live on {live_date.isoformat()}",
                target=test.id,
            )


_DATE_FIELDS = ("start", "actual_start", "actual_finish")


def outside_window(ctx: CheckContext) -> Iterator[Hit]:
    project = ctx.plan.project
    yield from _dates_outside_window(ctx.plan.activities, project.start, project.finish)
    schedule = ctx.scheduling.schedule
    if project.finish is None or schedule is None:
        return
    late = [t for t in schedule.tasks.values() if t.early_finish > project.finish]
    if late:
        last = max(late, key=lambda t: (t.early_finish, t.id))
        yield Hit(
            ("project", "finish"),
            f"the schedule runs to {last.early_finish.isoformat()} ('{last.id}'), after the "
            f"project's finish on {project.finish.isoformat()}; {len(late)} "
            f"activit{'y finishes' if len(late) == 1 else 'ies finish'} late",
        )


def _dates_outside_window(
    activities: Sequence[PlanActivity], start: dt.date, finish: dt.date | None
) -> Iterator[Hit]:
    # Whole-column minimum and maximum first: most plans have no date outside.
    for field in _DATE_FIELDS:
        dates = set(map(attrgetter(field), activities)) - {None}
        if dates and (min(dates) < start or (finish is not None and max(dates) > finish)):
            break
    else:
        return
    for index, activity in enumerate(activities):
        for field in _DATE_FIELDS:
            value = getattr(activity, field)
            if value is None:
                continue
            if value < start:
                edge = f"before the project starts on {start.isoformat()}"
            elif finish is not None and value > finish:
                edge = f"after the project's finish on {finish.isoformat()}"
            else:
                continue
            label = field.replace("_", " ")
            yield Hit(
                ("activities", index, field),
                f"'{activity.id}' has {label} {value.isoformat()}, {edge}",
                target=activity.id,
            )


def owner(ctx: CheckContext) -> Iterator[Hit]:
    for index, activity in enumerate(ctx.plan.activities):
        if activity.status in STARTED and not activity.owner:
            yield Hit(
                ("activities", index, "status"),
                f"'{activity.id}' is {activity.status} but has no 'owner'; name who is "
                "accountable for it",
                target=activity.id,
            )
