"""From the answers and the catalog to the plan ``pmsm init`` writes.

Everything the whitepaper says projects forget is put in the plan from the
start, to be filled in rather than remembered: run costs in the TCO (§2.1),
customer and users apart and the four ITIL functions (§2.2), every
requirement checklist item (§3.1), a risk per ITIL risk category (§3.3), the
kind's processes and activities (§3.2, §4, §6) and a draft RFC for each
change to production (§5.1).
"""

from __future__ import annotations

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import (
    Activity,
    Benefit,
    Calendar,
    ChangeRequest,
    Charter,
    CostLine,
    Dependency,
    Plan,
    Project,
    Requirement,
    Risk,
    Stakeholder,
)
from pmsm_cli.plan.resolve import PlanSchedule, schedule_plan
from pmsm_cli.scaffold import seeds
from pmsm_cli.scaffold.questions import Answers
from pmsm_cli.scheduling import ScheduleError

# Roles whose names the answers give; they open the register, customer before
# users so that the two are never confused (§2.2).
NAMED_ROLES = {"customer": "customer", "user": "users", "project-sponsor": "sponsor"}
# Bodies that approve RFCs besides the CAB (ITIL v3 Service Transition §4.2): not every
# organisation has them, so a new plan names them as approvers only, not as stakeholders.
APPROVERS_ONLY = frozenset({"change-authority", "emergency-cab"})


def build(answers: Answers, catalog: Catalog) -> Plan:
    """The plan for these answers, valid against the plan model."""
    kind = catalog.kind_by_id.get(answers.kind)
    if kind is None:  # pragma: no cover - the answers were checked against this catalog
        raise PmsmError(f"unknown project kind '{answers.kind}'")
    project = Project(
        name=answers.name,
        kind=answers.kind,
        service=answers.service,
        start=answers.start,
        manager=answers.manager,
        calendar=Calendar(country=answers.country, subdivision=answers.subdivision),
    )
    skeleton = Plan(project=project, scope=list(kind.processes))
    activities = _activities(skeleton, catalog)
    return Plan(
        project=project,
        scope=skeleton.scope,
        charter=_charter(answers),
        stakeholders=_stakeholders(answers, catalog),
        requirements=_requirements(catalog),
        risks=_risks(answers, catalog),
        activities=activities,
        change_requests=_rfcs(answers, catalog, [a.id for a in activities]),
    )


def _rfcs(answers: Answers, catalog: Catalog, present: list[str]) -> list[ChangeRequest]:
    """Draft service change requests: one for the deployment, which every project needs,
    and one for each other activity that changes production (§5.1, CHG005)."""
    has_cab = any(r.id == "change-advisory-board" for r in catalog.roles)
    deployment = next((a for a in seeds.RFC_ACTIVITIES if a in present), None)
    targets: list[tuple[str | None, str]] = [
        (deployment, seeds.rfc_title(answers.kind, answers.service))
    ]
    for activity_id in present:
        entry = catalog.activity_by_id.get(activity_id)
        if entry is not None and entry.touches_production and activity_id != deployment:
            targets.append((activity_id, f"{entry.title}: {answers.service}"))
    return [
        ChangeRequest(
            id=f"RFC-{n}",
            kind="service",
            title=title,
            approver="change-advisory-board" if has_cab else None,
            status="draft",
            activity=activity,
            environment="production",
        )
        for n, (activity, title) in enumerate(targets, start=1)
    ]


def _charter(answers: Answers) -> Charter:
    costs = []
    for seed in seeds.costs(answers.kind):
        category = answers.investment if seed.category == "=investment" else seed.category
        costs.append(
            CostLine(
                item=seed.item.format(service=answers.service),
                category=category,
                stage=seed.stage,
                amount=getattr(answers, seed.answer),
                recurring=seed.recurring,
            )
        )
    benefits = [Benefit(item=seeds.benefit(answers.kind, answers.service), amount=answers.benefit)]
    charter = Charter(
        objectives=[answers.objective],
        sponsor=answers.sponsor,
        customer=answers.customer,
        horizon_years=answers.horizon_years,
        costs=costs,
        benefits=benefits,
    )
    roi = charter.derived_roi
    return charter.model_copy(update={"roi": None if roi is None else round(roi, 1)})


def _stakeholders(answers: Answers, catalog: Catalog) -> list[Stakeholder]:
    first = [
        Stakeholder(role=role.id, name=getattr(answers, NAMED_ROLES[role.id]))
        for role in catalog.roles
        if role.id in NAMED_ROLES
    ]
    functions = [Stakeholder(role=f.id) for f in catalog.functions]
    others = [
        Stakeholder(role=r.id)
        for r in catalog.roles
        if r.id not in NAMED_ROLES and r.id not in APPROVERS_ONLY
    ]
    return first + functions + others


def _requirements(catalog: Catalog) -> dict[str, list[Requirement]]:
    return {item.id: [] for checklist in catalog.requirement_checklists for item in checklist.items}


def _risks(answers: Answers, catalog: Catalog) -> list[Risk]:
    return [
        Risk(
            id=f"R{number}",
            title=seeds.risk_title(answers.kind, category.id, category.title, answers.service),
            category=category.id,
        )
        for number, category in enumerate(catalog.risk_categories, start=1)
    ]


def _activities(skeleton: Plan, catalog: Catalog) -> list[Activity]:
    """The kind's catalog activities, in catalog order, depending only on each other.

    ``schedule_plan`` with suggestions on a plan without activities yields
    exactly the catalog activities for the kind and scope, with every
    dependency on an absent activity bridged to what that one depended on.
    A bridged dependency that another dependency already implies is dropped,
    so that the file states only orderings a reader needs to see.
    """
    try:
        resolved = schedule_plan(skeleton, catalog, suggest=True).activities
    except ScheduleError as exc:
        # A start such as 9999-12-31 leaves no room in the calendar for the activities.
        raise PmsmError(
            f"the project's activities cannot be scheduled from {skeleton.project.start}: "
            f"{exc.message}; give an earlier start (--start or --set start=...)"
        ) from None
    preds = {a.id: [d.predecessor for d in a.depends_on] for a in resolved}
    ancestors: dict[str, set[str]] = {}

    def before(activity_id: str) -> set[str]:
        if activity_id not in ancestors:
            found: set[str] = set()
            for pred in preds.get(activity_id, []):
                found |= {pred} | before(pred)
            ancestors[activity_id] = found
        return ancestors[activity_id]

    activities = []
    for a in resolved:
        stated = set(catalog.activity_by_id[a.id].depends_on)
        kept = [
            d
            for d in a.depends_on
            if d.predecessor in stated
            or not any(d.predecessor in before(o.predecessor) for o in a.depends_on if o != d)
        ]
        activities.append(
            Activity(
                id=a.id,
                name=a.name,
                duration=a.duration,
                depends_on=[Dependency(id=d.predecessor, lag=d.lag) for d in kept],
            )
        )
    return activities


def schedule(plan: Plan, catalog: Catalog) -> PlanSchedule:
    """The plan's own activities scheduled from its start date (no suggestions)."""
    try:
        return schedule_plan(plan, catalog, suggest=False)
    except ScheduleError as exc:
        raise PmsmError(f"the plan's activities cannot be scheduled: {exc.message}") from None
