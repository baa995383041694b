"""From a plan file and the catalog to the full list of activities, then to dates.

A plan may be sparse: an activity that names a catalog entry (by its ``id`` or
``catalog:``) takes every field it leaves out from that entry. Catalog
activities that the plan's kind and scope call for, but the plan lacks, are
added as *suggested*, so that ``pmsm plan`` always shows a complete plan and
``pmsm check`` knows exactly what is missing.
"""

from __future__ import annotations

from pmsm_cli.models.catalog import Activity as CatalogActivity
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import WEEKDAYS, Plan
from pmsm_cli.models.plan import Activity as PlanActivity
from pmsm_cli.records import record
from pmsm_cli.scheduling import Calendar, Dependency, Schedule, Task, schedule


@record(slots=True)
class ResolvedActivity:
    """One activity with every field filled, from the plan or the catalog.

    Read-only by convention, not frozen: building a frozen dataclass costs three
    times as much, and a large plan builds one per activity on every schedule.
    """

    id: str
    name: str
    catalog_id: str | None  # None for the plan's own, non-catalog activities
    process: str | None
    phase: str | None
    pmbok_group: str | None
    stage: str | None
    duration: int
    depends_on: tuple[Dependency, ...]
    milestone: bool
    suggested: bool  # added from the catalog; not in the plan file
    index: int | None  # position in the plan's `activities:` list
    planned: PlanActivity | None  # the plan's own entry, if any


def scope_of(plan: Plan, catalog: Catalog) -> list[str]:
    """ITIL processes in scope: the plan's list, else its kind's default."""
    if plan.scope:
        return list(plan.scope)
    kind = catalog.kind_by_id.get(plan.project.kind)
    return list(kind.processes) if kind else []


def expected_activities(plan: Plan, catalog: Catalog) -> list[CatalogActivity]:
    """The catalog activities this plan's kind and scope call for."""
    return catalog.activities_for(plan.project.kind, scope_of(plan, catalog))


def implemented(plan: Plan) -> dict[str, int]:
    """Catalog activity id -> index of the plan activity that implements it."""
    found: dict[str, int] = {}
    for index, activity in enumerate(plan.activities):
        # activity.catalog_id, inlined: this runs for every activity of every check.
        found.setdefault(activity.catalog or activity.id, index)
    return found


def missing_activities(plan: Plan, catalog: Catalog) -> list[CatalogActivity]:
    done = implemented(plan)
    return [a for a in expected_activities(plan, catalog) if a.id not in done]


def resolve_activities(
    plan: Plan, catalog: Catalog, *, suggest: bool = True
) -> list[ResolvedActivity]:
    """The plan's activities with catalog defaults, plus suggested missing ones."""
    by_catalog = implemented(plan)
    suggested = missing_activities(plan, catalog) if suggest else []
    present = set(by_catalog) | {a.id for a in suggested}
    # Catalog id -> id the activity has in this plan.
    plan_id_of = {cid: plan.activities[i].id for cid, i in by_catalog.items()}
    plan_id_of.update({a.id: a.id for a in suggested})

    def catalog_deps(entry: CatalogActivity) -> tuple[Dependency, ...]:
        ids = catalog.bridge(entry.depends_on, present.__contains__)
        return tuple(Dependency(plan_id_of[d]) for d in ids)

    # This loop runs once per plan activity: names are held in locals, fields
    # passed by position, and a process's phase looked up once per process.
    activity_by_id = catalog.activity_by_id
    process_phase: dict[str | None, str | None] = {}
    new, dependency = ResolvedActivity, Dependency
    resolved: list[ResolvedActivity] = []
    for index, activity in enumerate(plan.activities):
        entry = activity_by_id.get(activity.catalog or activity.id)  # .catalog_id, inlined
        if entry is None:
            process = activity.process
            phase = activity.phase
            if not phase:
                if process not in process_phase:
                    process_phase[process] = _process_phase(catalog, process)
                phase = process_phase[process]
            milestone = activity.duration == 0 if activity.milestone is None else activity.milestone
            duration = 1 if activity.duration is None else activity.duration
            resolved.append(
                new(
                    activity.id,
                    activity.name or activity.id,
                    None,
                    process,
                    phase,
                    activity.pmbok_group,
                    activity.stage,
                    0 if milestone else duration,
                    tuple([dependency(d.id, d.lag) for d in activity.depends_on]),
                    milestone,
                    False,
                    index,
                    activity,
                )
            )
            continue
        if "depends_on" in activity.model_fields_set:
            deps = tuple([dependency(d.id, d.lag) for d in activity.depends_on])
        else:
            deps = catalog_deps(entry)
        milestone = bool(entry.milestone if activity.milestone is None else activity.milestone)
        duration = entry.duration if activity.duration is None else activity.duration
        resolved.append(
            new(
                activity.id,
                activity.name or entry.title,
                entry.id,
                activity.process or entry.process,
                activity.phase or catalog.phase_of(entry),
                activity.pmbok_group or entry.pmbok_group,
                activity.stage or entry.stage,
                0 if milestone else duration,
                deps,
                milestone,
                False,
                index,
                activity,
            )
        )
    for entry in suggested:
        resolved.append(
            ResolvedActivity(
                id=entry.id,
                name=entry.title,
                catalog_id=entry.id,
                process=entry.process,
                phase=catalog.phase_of(entry),
                pmbok_group=entry.pmbok_group,
                stage=entry.stage,
                duration=entry.duration,
                depends_on=catalog_deps(entry),
                milestone=entry.milestone,
                suggested=True,
                index=None,
                planned=None,
            )
        )
    return resolved


def _process_phase(catalog: Catalog, process: str | None) -> str | None:
    found = catalog.process_by_id.get(process or "")
    return found.phase if found else None


def work_calendar(plan: Plan) -> Calendar:
    calendar = plan.project.calendar
    yearly = None
    if calendar.country is not None:
        from pmsm_cli.scheduling.holidays import PublicHolidays

        yearly = PublicHolidays(calendar.country, calendar.subdivision)
    return Calendar(
        workdays=frozenset(WEEKDAYS.index(d) for d in calendar.workdays),
        holidays=frozenset(calendar.holidays),
        yearly=yearly,
    )


# Activities the plan keeps on record but will not carry out. They stay in the
# schedule at zero duration, so that whatever depends on them still follows
# their predecessors, but they take no time.
SKIPPED = frozenset({"cancelled", "not-applicable"})


@record
class PlanSchedule:
    activities: list[ResolvedActivity]
    schedule: Schedule

    @property
    def by_id(self) -> dict[str, ResolvedActivity]:
        return {a.id: a for a in self.activities}


def schedule_plan(plan: Plan, catalog: Catalog, *, suggest: bool = True) -> PlanSchedule:
    """Resolve and schedule; raises ``ScheduleError`` on cycles or unknown dependencies."""
    activities = resolve_activities(plan, catalog, suggest=suggest)
    tasks = [
        Task(a.id, a.duration, a.depends_on)  # suggested: not in the plan file
        if (planned := a.planned) is None
        else Task(a.id, 0 if planned.status in SKIPPED else a.duration, a.depends_on, planned.start)
        for a in activities
    ]
    result = schedule(tasks, plan.project.start, work_calendar(plan), plan.project.finish)
    return PlanSchedule(activities, result)
