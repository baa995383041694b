"""The plan's sections beside its activities, as the plan view shows them.

Charter, requirement checklists (§3.1), risks (§3.3), stakeholders, change requests
(§5) and the coverage grid of ITIL processes by PMBOK group: each a row type and the
function that builds it from the plan and the catalog, titles already looked up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.titles import Titles, orderer
from pmsm_cli.records import record


@record(slots=True)
class RequirementRow:
    text: str
    id: str | None
    priority: str | None
    status: str


@record(slots=True)
class ChecklistItem:
    id: str
    title: str
    description: str
    requirements: tuple[RequirementRow, ...]

    @property
    def covered(self) -> bool:
        """The plan states at least one requirement for this item that is not dropped."""
        return any(r.status != "dropped" for r in self.requirements)


@record(slots=True)
class Checklist:
    id: str
    title: str
    description: str
    source: str  # e.g. "Third Sky whitepaper §3.1"
    items: tuple[ChecklistItem, ...]


@record(slots=True)
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


@record(slots=True)
class StakeholderRow:
    role: str
    role_title: str
    kind: str  # "ITIL function", "role", or "" when the catalog does not know it
    name: str | None
    applicable: bool
    reason: str | None
    contact: str | None
    notes: str | None


@record(slots=True)
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


@record(slots=True)
class CoverageRow:
    """Activities of one ITIL process, counted per PMBOK process group."""

    process: str | None
    title: str
    counts: tuple[int, ...]  # in the order of PlanView.coverage_columns

    @property
    def total(self) -> int:
        return sum(self.counts)


@record(slots=True)
class Charter:
    objectives: tuple[str, ...]
    sponsor: str | None
    customer: str | None
    horizon_years: int
    tco: float
    total_benefits: float
    roi: float | None  # as stated in the plan
    derived_roi: float | None  # from the figures


def charter_of(plan: Plan) -> Charter:
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


def checklists_of(plan: Plan, catalog: Catalog) -> tuple[Checklist, ...]:
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


def risks_of(plan: Plan, catalog: Catalog, titles: Titles) -> tuple[RiskRow, ...]:
    categories = {c.id: c for c in catalog.risk_categories}
    return tuple(
        RiskRow(
            id=r.id,
            title=r.title,
            category=r.category,
            category_title=titles.of(categories, r.category),
            probability=r.probability,
            impact=r.impact,
            response=r.response,
            owner=r.owner,
            status=r.status,
        )
        for r in plan.risks
    )


def stakeholders_of(plan: Plan, titles: Titles) -> tuple[StakeholderRow, ...]:
    return tuple(
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
    )


def change_requests_of(plan: Plan, titles: Titles) -> tuple[ChangeRow, ...]:
    # PRINCE2 calls a project change a "request for change": in its profile the
    # RFC is named a service change, so neither can be read as the other.
    rfc_title = (
        "RFC (service change)" if plan.project.method == "prince2" else "Request for change (RFC)"
    )
    return tuple(
        ChangeRow(
            id=c.id,
            kind=c.kind,
            kind_title="Project change request" if c.kind == "project" else rfc_title,
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
    )


def coverage_columns(groups: Iterable[str | None], catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """The catalog's PMBOK groups in order, then groups only the plan uses, by name."""
    columns = [(g.id, g.title) for g in sorted(catalog.pmbok_groups, key=lambda g: g.order)]
    known = {g for g, _ in columns}
    extra = sorted({g for g in groups if g and g not in known})
    return (*columns, *((g, g) for g in extra))


def coverage(
    activities: list[tuple[str | None, str | None]],
    plan: Plan,
    catalog: Catalog,
    *,
    no_process: str,
) -> tuple[CoverageRow, ...]:
    """ITIL processes in scope (or with activities) by PMBOK group: activity counts.

    ``activities`` holds each activity's (process, PMBOK group); ``no_process`` titles
    the row of activities that serve no ITIL process.
    """
    from pmsm_cli.plan.resolve import scope_of

    columns = [g for g, _ in coverage_columns((g for _, g in activities), catalog)]
    col = {g: i for i, g in enumerate(columns)}
    counts: dict[str | None, list[int]] = {}
    for in_scope in scope_of(plan, catalog):
        counts.setdefault(in_scope, [0] * len(columns))
    for process, group in activities:
        cells = counts.setdefault(process, [0] * len(columns))
        if group is not None:
            cells[col[group]] += 1
    order = orderer(catalog.processes)
    titles = Titles(catalog)
    return tuple(
        CoverageRow(process, titles.process(process) if process else no_process, tuple(cells))
        for process, cells in sorted(counts.items(), key=lambda kv: order(kv[0]))
    )
