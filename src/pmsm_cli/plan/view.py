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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pmsm_cli.changecal.model import Freeze
from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.catalog import Catalog, OrderedEntry
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.resolve import SKIPPED, PlanSchedule, work_calendar
from pmsm_cli.plan.schedule import schedule_loaded, schedule_problems, schedule_warnings
from pmsm_cli.scheduling import ScheduleError

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import ChangeCalendar

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


@dataclass(frozen=True, slots=True)
class Dep:
    """A finish-to-start dependency: start after ``id`` finishes, plus ``lag`` working days."""

    id: str
    lag: int = 0

    def text(self) -> str:
        """``build`` or ``build+2`` (a lag) or ``build-1`` (a lead)."""
        return self.id if self.lag == 0 else f"{self.id}{self.lag:+d}"


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Group:
    key: str | None
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class RequirementRow:
    text: str
    id: str | None
    priority: str | None
    status: str


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    title: str
    description: str
    requirements: tuple[RequirementRow, ...]

    @property
    def covered(self) -> bool:
        """The plan states at least one requirement for this item that is not dropped."""
        return any(r.status != "dropped" for r in self.requirements)


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    title: str
    description: str
    source: str  # e.g. "Third Sky whitepaper §3.1"
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True, slots=True)
class RiskRow:
    id: str
    title: str
    category: str
    category_title: str
    probability: str | None
    impact: str | None
    response: str | None
    owner: str | None
    status: str


@dataclass(frozen=True, slots=True)
class StakeholderRow:
    role: str
    role_title: str
    kind: str  # "ITIL function", "role", or "" when the catalog does not know it
    name: str | None
    applicable: bool
    reason: str | None
    contact: str | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: str
    kind: str  # project | service
    kind_title: str  # "Project change request" | "Request for change (RFC)"
    title: str
    reason: str | None
    approver: str | None
    approver_title: str
    status: str
    approved_on: dt.date | None
    activity: str | None
    environment: str | None
    window_start: dt.date | None
    window_end: dt.date | None
    extra_days: int | None
    extra_cost: float | None


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """Activities of one ITIL process, counted per PMBOK process group."""

    process: str | None
    title: str
    counts: tuple[int, ...]  # in the order of PlanView.coverage_columns

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class Charter:
    objectives: tuple[str, ...]
    sponsor: str | None
    customer: str | None
    horizon_years: int
    tco: float
    total_benefits: float
    roi: float | None  # as stated in the plan
    derived_roi: float | None  # from the figures


@dataclass(frozen=True, slots=True)
class Counts:
    activities: int
    planned: int  # written in the plan file
    suggested: int
    critical: int
    milestones: int


@dataclass(frozen=True)
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
    titles = _Titles(catalog)
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
    critical_path = tuple(r for r in rows if r.critical)
    milestones = tuple(r for r in rows if r.milestone)

    calendar = work_calendar(plan)
    # The last day of work; the schedule's own finish may be a later target date.
    finish = max((r.finish for r in rows), default=sched.start)
    working_days = calendar.workdays_between(sched.start, finish) + 1 if rows else 0
    late_by = max(0, -min((r.float for r in rows), default=0)) if plan.project.finish else 0
    kind = catalog.kind_by_id.get(plan.project.kind)

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
        critical_path=critical_path,
        milestones=milestones,
        counts=Counts(
            activities=len(rows),
            planned=sum(not r.suggested for r in rows),
            suggested=sum(r.suggested for r in rows),
            critical=sum(r.critical for r in rows),
            milestones=len(milestones),
        ),
        charter=_charter(plan),
        checklists=_checklists(plan, catalog),
        risks=tuple(
            RiskRow(
                id=r.id,
                title=r.title,
                category=r.category,
                category_title=titles.of({c.id: c for c in catalog.risk_categories}, r.category),
                probability=r.probability,
                impact=r.impact,
                response=r.response,
                owner=r.owner,
                status=r.status,
            )
            for r in plan.risks
        ),
        stakeholders=tuple(
            StakeholderRow(
                role=s.role,
                role_title=titles.party(s.role),
                kind=titles.party_kind(s.role),
                name=s.name,
                applicable=s.applicable,
                reason=s.reason,
                contact=s.contact,
                notes=s.notes,
            )
            for s in plan.stakeholders
        ),
        change_requests=tuple(
            ChangeRow(
                id=c.id,
                kind=c.kind,
                # PRINCE2 calls a project change a "request for change": in its profile the
                # RFC is named a service change, so neither can be read as the other.
                kind_title=(
                    "Project change request"
                    if c.kind == "project"
                    else (
                        "RFC (service change)"
                        if plan.project.method == "prince2"
                        else "Request for change (RFC)"
                    )
                ),
                title=c.title,
                reason=c.reason,
                approver=c.approver,
                approver_title=titles.party(c.approver) if c.approver else "",
                status=c.status,
                approved_on=c.approved_on,
                activity=c.activity,
                environment=c.environment,
                window_start=c.window_start,
                window_end=c.window_end,
                extra_days=c.extra_days,
                extra_cost=c.extra_cost,
            )
            for c in plan.change_requests
        ),
        coverage_columns=_coverage_columns(rows, catalog),
        coverage=_coverage(rows, plan, catalog),
        warnings=tuple(schedule_warnings(loaded, planned)),
        source_path=loaded.path,
        source_text=loaded.doc.text,
        suggest=suggest,
        _group_orders={
            "pmbok": _orderer(catalog.pmbok_groups),
            "phase": _orderer(catalog.phases),
            "process": _orderer(catalog.processes),
            "stage": _orderer(catalog.rd_stages),
        },
        _group_titles={
            "pmbok": titles.titler(catalog.group_by_id, NO_GROUP["pmbok"]),
            "phase": titles.titler(catalog.phase_by_id, NO_GROUP["phase"]),
            "process": titles.titler(catalog.process_by_id, NO_GROUP["process"]),
            "stage": titles.titler(catalog.stage_by_id, NO_GROUP["stage"]),
        },
    )


class _Titles:
    """Catalog titles for ids; an id the catalog does not know is shown as written."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.functions = {f.id: f.title for f in catalog.functions}
        self.roles = {r.id: r.title for r in catalog.roles}

    @staticmethod
    def of(table: Mapping[str, object], key: str | None) -> str:
        if key is None:
            return ""
        entry = table.get(key)
        return str(getattr(entry, "title", key)) if entry is not None else key

    def titler(self, table: Mapping[str, object], none: str) -> Callable[[str | None], str]:
        return lambda key: none if key is None else self.of(table, key)

    def process(self, key: str | None) -> str:
        return self.of(self.catalog.process_by_id, key)

    def abbrev(self, key: str | None) -> str:
        found = self.catalog.process_by_id.get(key or "")
        return found.abbrev.upper() if found else (key or "")

    def party(self, key: str) -> str:
        return self.functions.get(key) or self.roles.get(key) or key

    def party_kind(self, key: str) -> str:
        if key in self.functions:
            return "ITIL function"
        return "role" if key in self.roles else ""


def _orderer(entries: Iterable[object]) -> Callable[[str | None], tuple[int, str]]:
    """Sort key for group ids: catalog order first, unknown ids by name, 'none' last."""
    rank: dict[str, int] = {}
    for i, entry in enumerate(entries):
        entry_id = str(getattr(entry, "id", ""))
        rank[entry_id] = entry.order if isinstance(entry, OrderedEntry) else i
    unknown = len(rank) + 1

    def key(value: str | None) -> tuple[int, str]:
        if value is None:
            return (unknown + 1, "")
        return (rank.get(value, unknown), value)

    return key


def _charter(plan: Plan) -> Charter:
    c = plan.charter
    return Charter(
        objectives=tuple(c.objectives),
        sponsor=c.sponsor,
        customer=c.customer,
        horizon_years=c.horizon_years,
        tco=c.tco,
        total_benefits=c.total_benefits,
        roi=c.roi,
        derived_roi=c.derived_roi,
    )


def _checklists(plan: Plan, catalog: Catalog) -> tuple[Checklist, ...]:
    """The catalog's requirement checklists (§3.1), each item with the plan's requirements."""

    def rows(item_id: str) -> tuple[RequirementRow, ...]:
        return tuple(
            RequirementRow(r.text, r.id, r.priority, r.status)
            for r in plan.requirements.get(item_id, [])
        )

    lists = [
        Checklist(
            id=c.id,
            title=c.title,
            description=c.description,
            source=c.source.cite(),
            items=tuple(ChecklistItem(i.id, i.title, i.description, rows(i.id)) for i in c.items),
        )
        for c in catalog.requirement_checklists
    ]
    # Requirements filed under an item the catalog does not know are still requirements.
    others = [key for key in plan.requirements if key not in catalog.checklist_item_by_id]
    if others:
        lists.append(
            Checklist(
                id="other",
                title="Other requirements",
                description="Requirements filed under items that are not in the catalog.",
                source="",
                items=tuple(ChecklistItem(k, k, "", rows(k)) for k in others),
            )
        )
    return tuple(lists)


def _coverage_columns(rows: Iterable[Row], catalog: Catalog) -> tuple[tuple[str, str], ...]:
    columns = [(g.id, g.title) for g in sorted(catalog.pmbok_groups, key=lambda g: g.order)]
    known = {g for g, _ in columns}
    extra = sorted({r.pmbok_group for r in rows if r.pmbok_group and r.pmbok_group not in known})
    return (*columns, *((g, g) for g in extra))


def _coverage(rows: list[Row], plan: Plan, catalog: Catalog) -> tuple[CoverageRow, ...]:
    """ITIL processes in scope (or with activities) by PMBOK group: activity counts."""
    from pmsm_cli.plan.resolve import scope_of

    columns = [g for g, _ in _coverage_columns(rows, catalog)]
    col = {g: i for i, g in enumerate(columns)}
    counts: dict[str | None, list[int]] = {}
    for process in scope_of(plan, catalog):
        counts.setdefault(process, [0] * len(columns))
    for row in rows:
        cells = counts.setdefault(row.process, [0] * len(columns))
        if row.pmbok_group is not None:
            cells[col[row.pmbok_group]] += 1
    order = _orderer(catalog.processes)
    titles = _Titles(catalog)
    return tuple(
        CoverageRow(
            process,
            titles.process(process) if process else NO_GROUP["process"],
            tuple(cells),
        )
        for process, cells in sorted(counts.items(), key=lambda kv: order(kv[0]))
    )
