"""Sequencing: the plan's activities in an order and on dates that can happen.

The release and deployment stages follow one another (§4): plans are tested
before go-live, early life support follows it, the review closes it. pmsm
schedules the plan as written (catalog dependencies filled in, nothing
suggested) with the critical path method and checks the result and the
actual dates against that order: no circular or dangling dependencies, no
activity starting before what it depends on has finished, no readiness test
after go-live, nothing outside the project's window, and nobody's name
missing on work that has started.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Iterator, Sequence
from operator import attrgetter

from pmsm_cli.catalogs.citing import Cite, whitepaper
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.lint.context import DROPPED, STARTED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import Activity as PlanActivity
from pmsm_cli.scheduling import ScheduleError

GO_LIVE = "go-live"


def _errors(ctx: CheckContext, *kinds: str) -> Iterator[ScheduleError]:
    return (e for e in ctx.scheduling.errors if e.kind in kinds)


def _index(ctx: CheckContext, activity_id: str) -> int | None:
    found = ctx.scheduling.by_id.get(activity_id)
    return found.index if found else None


def _dependency_loc(ctx: CheckContext, activity_id: str, dependency: str) -> Loc | None:
    """Where the plan writes that ``activity_id`` depends on ``dependency``, if it does."""
    index = _index(ctx, activity_id)
    if index is None:
        return None
    activity = ctx.plan.activities[index]
    for d_index, dep in enumerate(activity.depends_on):
        if dep.id == dependency:
            return ("activities", index, "depends_on", d_index)
    return None


def _cycles(ctx: CheckContext) -> Iterator[Hit]:
    for error in _errors(ctx, "cycle"):
        links = itertools.pairwise(error.cycle)  # (x, y): y depends on x
        written = [at for x, y in links if (at := _dependency_loc(ctx, y, x)) is not None]
        index = next((i for x in error.cycle if (i := _index(ctx, x)) is not None), None)
        loc: Loc = written[0] if written else ("activities", index) if index is not None else ()
        yield Hit(
            loc,
            f"{error.message}; nothing in the circle can ever start. Remove the dependency "
            "that is wrong (some may come from the catalog: write 'depends_on:' to replace "
            "them)",
            target=error.cycle[0],
        )


def _unknown(ctx: CheckContext) -> Iterator[Hit]:
    plan_ids = [a.id for a in ctx.plan.activities]
    for error in _errors(ctx, "unknown-dependency"):
        for task, dependency in error.missing:
            loc = _dependency_loc(ctx, task, dependency)
            if loc is None:
                index = _index(ctx, task)
                loc = ("activities", index) if index is not None else ("activities",)
            if dependency in ctx.catalog.activity_by_id:
                hint = "it is a catalog activity the plan does not include; add it to the plan"
            else:
                close = difflib.get_close_matches(dependency, plan_ids, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "no activity has that id"
            yield Hit(
                loc,
                f"activity '{task}' depends on '{dependency}', which is not in the plan; {hint}",
                target=task,
            )


def _duplicates(ctx: CheckContext) -> Iterator[Hit]:
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


def _unschedulable(ctx: CheckContext) -> Iterator[Hit]:
    for error in _errors(ctx, "empty-calendar", "bad-calendar", "date-out-of-range", "bad-lag"):
        yield Hit(("project", "calendar"), f"the plan cannot be scheduled: {error.message}")


def _started(activity: PlanActivity) -> bool:
    return activity.actual_start is not None or activity.status in STARTED


def _finished(activity: PlanActivity) -> bool:
    return activity.actual_finish is not None or activity.status == "done"


def _start_loc(index: int, activity: PlanActivity) -> Loc:
    field = "actual_start" if activity.actual_start is not None else "status"
    return ("activities", index, field)


def _before_dependency(ctx: CheckContext) -> Iterator[Hit]:
    scheduling = ctx.scheduling
    if scheduling.schedule is not None:
        tasks = scheduling.schedule.tasks
        for conflict in scheduling.schedule.conflicts:
            index = _index(ctx, conflict.task_id)
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


def _sort_after_go_live(ctx: CheckContext) -> Iterator[Hit]:
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


def _outside_window(ctx: CheckContext) -> Iterator[Hit]:
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


def _owner(ctx: CheckContext) -> Iterator[Hit]:
    for index, activity in enumerate(ctx.plan.activities):
        if activity.status in STARTED and not activity.owner:
            yield Hit(
                ("activities", index, "status"),
                f"'{activity.id}' is {activity.status} but has no 'owner'; name who is "
                "accountable for it",
                target=activity.id,
            )


RULES = (
    Rule(
        code="SEQ001",
        slug="dependency-cycle",
        title="Activities depend on each other in a circle",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "The release and deployment stages (§4) run in an order; dependencies say which "
            "work waits for which. When they form a circle none of the activities in it can "
            "ever start, and the plan has no dates. One of the links is wrong."
        ),
        bad=dedent("""
            activities:
              - {id: plan-tests, depends_on: [sort-user-test]}
              - {id: sort-user-test, depends_on: [plan-tests]}
        """),
        good=dedent("""
            activities:
              - {id: plan-tests}
              - {id: sort-user-test, depends_on: [plan-tests]}
        """),
        check=_cycles,
    ),
    Rule(
        code="SEQ002",
        slug="unknown-dependency",
        title="An activity depends on one that is not in the plan",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "A dependency on an activity the plan does not contain is usually a typo or "
            "work that was removed; the schedule silently loses an ordering constraint the "
            "release stages (§4) rely on."
        ),
        bad=dedent("""
            activities:
              - {id: build-portal}
              - {id: deploy-portal, depends_on: [biuld-portal]}
        """),
        good=dedent("""
            activities:
              - {id: build-portal}
              - {id: deploy-portal, depends_on: [build-portal]}
        """),
        check=_unknown,
    ),
    Rule(
        code="SEQ003",
        slug="starts-before-dependency",
        title="An activity starts before what it depends on has finished",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Dependencies are finish-to-start (§4: each release stage builds on the one "
            "before). A fixed start date earlier than a predecessor's finish cannot be kept, "
            "and work that has actually started before its predecessor finished means the "
            "plan or the dependency is wrong. A negative lag (a lead) allows a planned "
            "overlap."
        ),
        bad=dedent("""
            activities:
              - {id: plan-tests, status: in-progress, owner: Test lead}
              - {id: sort-user-test, depends_on: [plan-tests], status: in-progress,
                 actual_start: 2026-06-01, owner: Test lead}
        """),
        good=dedent("""
            activities:
              - {id: plan-tests, status: done, actual_finish: 2026-05-29, owner: Test lead}
              - {id: sort-user-test, depends_on: [plan-tests], status: in-progress,
                 actual_start: 2026-06-01, owner: Test lead}
        """),
        check=_before_dependency,
    ),
    Rule(
        code="SEQ004",
        slug="sort-after-go-live",
        title="A readiness test (SORT) finishes after go-live",
        severity="error",
        source=whitepaper("4.3"),
        basis="requires",
        rationale=(
            "Service Operational Readiness Tests (§4.3) show the service can be managed, "
            "operated, meets its warranty and can be used and supported, before it goes live. "
            "A test that finishes after go-live, or has not finished when the service went "
            "live, no longer protects anyone."
        ),
        bad=dedent("""
            activities:
              - {id: sort-user-test, start: 2026-09-14, duration: 3}
              - {id: go-live, start: 2026-09-14, depends_on: []}
        """),
        good=dedent("""
            activities:
              - {id: sort-user-test, start: 2026-09-07, duration: 3}
              - {id: go-live, depends_on: [sort-user-test]}
        """),
        check=_sort_after_go_live,
    ),
    Rule(
        code="SEQ005",
        slug="outside-project-window",
        title="A date falls outside the project's start and finish",
        severity="error",
        source=Cite("gb-advisors-integration"),
        basis="policy",
        rationale=(
            "The charter fixes the project's schedule within ITIL guidelines (GB Advisors "
            "article), and schedule variance is measured against it (Service Project "
            "Management article). A fixed or actual date "
            "before 'project.start', or work that runs past 'project.finish', means the plan "
            "no longer fits the window the sponsor approved: change the dates or raise a "
            "project change request. The sources name no such check: this is pmsm's policy."
        ),
        bad=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02,
                      finish: 2026-03-31}
            activities:
              - {id: collect-requirements, duration: 30}
        """),
        good=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02,
                      finish: 2026-06-30}
            activities:
              - {id: collect-requirements, duration: 30}
        """),
        check=_outside_window,
    ),
    Rule(
        code="SEQ006",
        slug="started-without-owner",
        title="Work has started but nobody owns it",
        severity="warning",
        source=Cite("gb-advisors-integration"),
        basis="policy",
        rationale=(
            "Assigning resources to integration tasks is one of the milestones of "
            "integrating project and service management (GB Advisors article). An activity "
            "that is in progress or done with no owner has nobody to ask about it and nobody "
            "accountable for it. Requiring an owner is pmsm's policy."
        ),
        bad=dedent("""
            activities:
              - {id: slm-create-sla, status: in-progress}
        """),
        good=dedent("""
            activities:
              - {id: slm-create-sla, status: in-progress, owner: Service level manager}
        """),
        check=_owner,
    ),
    Rule(
        code="SEQ007",
        slug="duplicate-activity-id",
        title="Two activities have the same id",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Activities are referred to by id in dependencies (which keep the release stages of "
            "§4 in order), change requests and waivers. "
            "Two activities with one id make every such reference ambiguous; pmsm keeps the "
            "first and ignores the other when scheduling."
        ),
        bad=dedent("""
            activities:
              - {id: build-portal, duration: 10}
              - {id: build-portal, duration: 5}
        """),
        good=dedent("""
            activities:
              - {id: build-portal, duration: 10}
              - {id: build-reports, duration: 5}
        """),
        check=_duplicates,
    ),
    Rule(
        code="SEQ008",
        slug="plan-not-schedulable",
        title="The plan cannot be scheduled (calendar or dates)",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Every date check, such as the order of the release stages (§4), needs a schedule. A "
            "calendar without working days, or dates "
            "beyond what a calendar can hold, leave the plan without one; this rule says "
            "why, so the other checks can run again."
        ),
        bad=dedent("""
            project:
              name: Payroll portal
              kind: new-service
              start: 2026-03-02
              calendar: {workdays: []}
        """),
        good=dedent("""
            project:
              name: Payroll portal
              kind: new-service
              start: 2026-03-02
              calendar: {workdays: [mon, tue, wed, thu, fri]}
        """),
        check=_unschedulable,
    ),
)
