"""The scheduled plan as one view that every output format renders.

``pmsm plan`` writes Markdown, Excel, HTML, Mermaid, CSV and JSON. They must
never disagree, so none of them looks at the plan, the catalog or the
schedule directly: :func:`build_view` works out everything once (titles from
the catalog, dates and float from the schedule, groupings, checklists, the
coverage grid) and the renderers only lay it out.

Reference map: §3.1 (requirement checklists), §3.2 (activities by ITIL
process), §3.3 (risks), §4 (release and deployment stages), §5 (change
requests and the CAB), §6 (closing); milestones: charter approved, CAB
approval, go-live, early-life-support exit, closure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.resolve import SKIPPED, PlanSchedule, work_calendar
from pmsm_cli.plan.schedule import schedule_loaded, schedule_problems, schedule_warnings
from pmsm_cli.plan.sections import (
    ChangeRow,
    Charter,
    Checklist,
    CoverageRow,
    RiskRow,
    StakeholderRow,
    change_requests_of,
    charter_of,
    checklists_of,
    coverage,
    coverage_columns,
    risks_of,
    stakeholders_of,
)
from pmsm_cli.plan.titles import Titles, orderer
from pmsm_cli.records import record
from pmsm_cli.scheduling import ScheduleError

if TYPE_CHECKING:  # the change calendar's classes load only when a calendar is configured
    from pmsm_cli.changecal.model import ChangeCalendar, Freeze

GroupBy = Literal["pmbok", "phase", "process", "stage"]
GROUP_BY: tuple[GroupBy, ...] = ("pmbok", "phase", "process", "stage")
GROUP_BY_WORDS: dict[GroupBy, str] = {
    "pmbok": "PMBOK process group",
    "phase": "ITIL lifecycle phase",
    "process": "ITIL process",
    "stage": "release and deployment stage",
}
# Titles of the group that collects activities without a value for the key.
NO_GROUP: dict[GroupBy, str] = {
    "pmbok": "No PMBOK process group",
    "phase": "No lifecycle phase",
    "process": "Project management (no ITIL process)",
    "stage": "Outside release and deployment",
}


@record(slots=True)
class Dep:
    """A finish-to-start dependency: start after ``id`` finishes, plus ``lag`` working days."""

    id: str
    lag: int = 0

    def text(self) -> str:
        """``build`` or ``build+2`` (a lag) or ``build-1`` (a lead)."""
        return self.id if self.lag == 0 else f"{self.id}{self.lag:+d}"


@record(slots=True)
class Row:
    """One scheduled activity, with every title already looked up."""

    id: str
    name: str
    catalog_id: str | None
    process: str | None
    process_title: str  # "" when the activity serves no ITIL process
    process_abbrev: str
    phase: str | None
    phase_title: str
    pmbok_group: str | None
    pmbok_group_title: str
    stage: str | None
    stage_title: str
    owner: str | None
    status: str
    start: dt.date
    finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    duration: int  # working days as scheduled (0 for milestones and skipped activities)
    depends_on: tuple[Dep, ...]
    float: int  # total float, working days
    critical: bool  # on the critical path (the least float in the plan)
    milestone: bool
    suggested: bool  # added from the catalog; not in the plan file
    fixed_start: dt.date | None
    actual_start: dt.date | None
    actual_finish: dt.date | None
    percent_complete: int | None
    exit_criteria: tuple[str, ...]
    notes: str | None
    line: int | None  # line of the activity in the plan file; None when suggested

    @property
    def depends_on_text(self) -> str:
        return ", ".join(d.text() for d in self.depends_on)

    @property
    def skipped(self) -> bool:
        """Kept on record but not carried out (cancelled, not applicable): takes no time."""
        return self.status in SKIPPED

    @property
    def flags(self) -> tuple[str, ...]:
        """Short words for what sets this activity apart, for tables."""
        words: list[str] = []
        if self.milestone:
            words.append("milestone")
        if self.critical:
            words.append("critical")
        if self.suggested:
            words.append("suggested")
        return tuple(words)


@record(slots=True)
class Group:
    key: str | None
    title: str
    rows: tuple[Row, ...]


@record(slots=True)
class Counts:
    activities: int
    planned: int  # written in the plan file
    suggested: int
    critical: int
    milestones: int


@record
class PlanView:
    """Everything a renderer needs, computed once."""

    name: str
    kind: str
    kind_title: str
    service: str | None
    manager: str | None
    start: dt.date
    finish: dt.date  # the last day of work
    target_finish: dt.date | None
    late_by: int  # working days past the target finish (0 when on time or no target)
    working_days: int  # from start to finish, both included
    workdays: tuple[str, ...]  # mon, tue, ...
    holidays: tuple[dt.date, ...]
    rows: tuple[Row, ...]  # by start date, then dependency order
    critical_path: tuple[Row, ...]
    milestones: tuple[Row, ...]
    counts: Counts
    charter: Charter
    checklists: tuple[Checklist, ...]
    risks: tuple[RiskRow, ...]
    stakeholders: tuple[StakeholderRow, ...]
    change_requests: tuple[ChangeRow, ...]
    coverage_columns: tuple[tuple[str, str], ...]  # (PMBOK group id, title)
    coverage: tuple[CoverageRow, ...]
    warnings: tuple[Problem, ...]
    source_path: Path
    source_text: str  # the plan file as written, for the workbook's pmsm-source sheet
    suggest: bool
    # What the view was made from, for the exports whose tools need the whole
    # schedule in their own terms (MS Project, TaskJuggler, Jira, calendars).
    loaded: LoadedPlan
    catalog: Catalog
    scheduled: PlanSchedule
    _group_orders: Mapping[GroupBy, Callable[[str | None], tuple[int, str]]] = field(
        repr=False, compare=False
    )
    _group_titles: Mapping[GroupBy, Callable[[str | None], str]] = field(repr=False, compare=False)
    # Change freezes of the organisation's change calendar over the plan's dates (changecal).
    freezes: tuple[Freeze, ...] = ()

    def groups(self, by: GroupBy) -> list[Group]:
        """The rows grouped by ``by``, groups in catalog order, rows by date within each."""
        key_of: Callable[[Row], str | None] = _GROUP_KEYS[by]
        buckets: dict[str | None, list[Row]] = {}
        for row in self.rows:
            buckets.setdefault(key_of(row), []).append(row)
        order = self._group_orders[by]
        title = self._group_titles[by]
        return [
            Group(key, title(key), tuple(rows))
            for key, rows in sorted(buckets.items(), key=lambda kv: order(kv[0]))
        ]

    @property
    def row_by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows}


_GROUP_KEYS: dict[GroupBy, Callable[[Row], str | None]] = {
    "pmbok": lambda r: r.pmbok_group,
    "phase": lambda r: r.phase,
    "process": lambda r: r.process,
    "stage": lambda r: r.stage,
}


def build_view(
    loaded: LoadedPlan,
    catalog: Catalog,
    *,
    suggest: bool = True,
    calendar: ChangeCalendar | None = None,
    respect_freezes: bool = False,
) -> PlanView:
    """Schedule the plan and gather everything the output formats show.

    With a change ``calendar`` the view holds its freezes over the plan's dates;
    ``respect_freezes`` moves the go-live and RFC work out of them (changecal.respect),
    each move a warning at the activity's line.
    """
    if calendar is None or not respect_freezes:
        planned = schedule_loaded(loaded, catalog, suggest=suggest)
        moved: list[Problem] = []
    else:
        from pmsm_cli.changecal.respect import schedule_respecting

        try:
            planned, moves = schedule_respecting(loaded.plan, catalog, calendar, suggest=suggest)
        except ScheduleError as error:
            raise PmsmError(schedule_problems(error, loaded, catalog, suggest=suggest)) from None
        moved = [
            Problem(move.message(), *loaded.doc.locate(("activities", move.index)))
            if move.index is not None
            else Problem(move.message(), loaded.path)
            for move in moves
        ]
    view = view_of(loaded, catalog, planned, suggest=suggest)
    if calendar is None:
        return view
    freezes = tuple(calendar.freezes_between(view.start, view.finish))
    return replace(view, freezes=freezes, warnings=(*view.warnings, *moved))


def view_of(
    loaded: LoadedPlan, catalog: Catalog, planned: PlanSchedule, *, suggest: bool = True
) -> PlanView:
    plan = loaded.plan
    sched = planned.schedule
    titles = Titles(catalog)
    rows = activity_rows(loaded, catalog, planned, titles)
    milestones = tuple(r for r in rows if r.milestone)

    calendar = work_calendar(plan)
    # The last day of work; the schedule's own finish may be a later target date.
    finish = max((r.finish for r in rows), default=sched.start)
    working_days = calendar.workdays_between(sched.start, finish) + 1 if rows else 0
    late_by = max(0, -min((r.float for r in rows), default=0)) if plan.project.finish else 0
    kind = catalog.kind_by_id.get(plan.project.kind)
    by_group = [(r.process, r.pmbok_group) for r in rows]

    return PlanView(
        loaded=loaded,
        catalog=catalog,
        scheduled=planned,
        name=plan.project.name,
        kind=plan.project.kind,
        kind_title=kind.title if kind else plan.project.kind,
        service=plan.project.service,
        manager=plan.project.manager,
        start=sched.start,
        finish=finish,
        target_finish=plan.project.finish,
        late_by=late_by,
        working_days=working_days,
        workdays=tuple(plan.project.calendar.workdays),
        holidays=tuple(
            sorted(
                set(plan.project.calendar.holidays)
                | plan.project.calendar.public_holidays(sched.start, finish)
            )
        ),
        rows=tuple(rows),
        critical_path=tuple(r for r in rows if r.critical),
        milestones=milestones,
        counts=Counts(
            activities=len(rows),
            planned=sum(not r.suggested for r in rows),
            suggested=sum(r.suggested for r in rows),
            critical=sum(r.critical for r in rows),
            milestones=len(milestones),
        ),
        charter=charter_of(plan),
        checklists=checklists_of(plan, catalog),
        risks=risks_of(plan, catalog, titles),
        stakeholders=stakeholders_of(plan, titles),
        change_requests=change_requests_of(plan, titles),
        coverage_columns=coverage_columns((g for _, g in by_group), catalog),
        coverage=coverage(by_group, plan, catalog, no_process=NO_GROUP["process"]),
        warnings=tuple(schedule_warnings(loaded, planned)),
        source_path=loaded.path,
        source_text=loaded.doc.text,
        suggest=suggest,
        _group_orders={
            "pmbok": orderer(catalog.pmbok_groups),
            "phase": orderer(catalog.phases),
            "process": orderer(catalog.processes),
            "stage": orderer(catalog.rd_stages),
        },
        _group_titles={
            "pmbok": titles.titler(catalog.group_by_id, NO_GROUP["pmbok"]),
            "phase": titles.titler(catalog.phase_by_id, NO_GROUP["phase"]),
            "process": titles.titler(catalog.process_by_id, NO_GROUP["process"]),
            "stage": titles.titler(catalog.stage_by_id, NO_GROUP["stage"]),
        },
    )


def activity_rows(
    loaded: LoadedPlan, catalog: Catalog, planned: PlanSchedule, titles: Titles
) -> list[Row]:
    """One row per scheduled activity, by start date, then dependency order."""
    sched = planned.schedule
    position = {task_id: i for i, task_id in enumerate(sched.order)}
    # "Critical" means on the critical path: the chain with the least float. That
    # is float 0 without a target finish; with a generous target every activity
    # has float, and the chain that uses it up first is still the one to watch.
    on_path = set(sched.critical_path)
    rows: list[Row] = []
    for activity in planned.activities:
        task = sched.tasks[activity.id]
        own = activity.planned
        rows.append(
            Row(
                id=activity.id,
                name=activity.name,
                catalog_id=activity.catalog_id,
                process=activity.process,
                process_title=titles.process(activity.process),
                process_abbrev=titles.abbrev(activity.process),
                phase=activity.phase,
                phase_title=titles.of(catalog.phase_by_id, activity.phase),
                pmbok_group=activity.pmbok_group,
                pmbok_group_title=titles.of(catalog.group_by_id, activity.pmbok_group),
                stage=activity.stage,
                stage_title=titles.of(catalog.stage_by_id, activity.stage),
                owner=own.owner if own else None,
                status=own.status if own else "not-started",
                start=task.early_start,
                finish=task.early_finish,
                late_start=task.late_start,
                late_finish=task.late_finish,
                duration=task.duration,
                depends_on=tuple(Dep(d.predecessor, d.lag) for d in activity.depends_on),
                float=task.total_float,
                critical=activity.id in on_path,
                milestone=activity.milestone,
                suggested=activity.suggested,
                fixed_start=own.start if own else None,
                actual_start=own.actual_start if own else None,
                actual_finish=own.actual_finish if own else None,
                percent_complete=own.percent_complete if own else None,
                exit_criteria=tuple(own.exit_criteria) if own else (),
                notes=own.notes if own else None,
                line=(
                    loaded.doc.locate(("activities", activity.index))[1]
                    if activity.index is not None
                    else None
                ),
            )
        )
    rows.sort(key=lambda r: (r.start, position[r.id]))
    return rows
