"""The PRINCE2 profile (``project.method: prince2``): stages, board, tolerances, benefits.

PRINCE2 (7th edition, AXELOS/PeopleCert 2023) asks things of every PRINCE2
project that a PMBOK plan need not show: management stages that each end in a
boundary where the Project Board decides on the next one; a board whose
Executive, Senior User and Senior Supplier are named; the business case
confirmed at every boundary; tolerances, and an exception raised as soon as
a forecast passes one; a benefits management approach with reviews that go on
after the project closes. These rules check a plan for them. They are silent
in any other plan, except PRN008, which says when PRINCE2 fields sit in a plan
that does not follow PRINCE2 and so would be ignored.

The whitepaper (§7) leaves PRINCE2 to later work; the sources here are
PRINCE2's own practices and processes, cited by name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from pmsm_cli.catalogs.citing import PRINCE2, Cite
from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.prince2 import BOARD_FROM, BOARD_TITLES, EXECUTIVE_ROLE, is_prince2
from pmsm_cli.prince2.tolerances import ToleranceReport, ToleranceUse, progress_date
from pmsm_cli.reports.fmt import plural

CLOSED = "project-closed"  # the catalog's closing milestone
HEAD = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02, method: prince2}\n"


def _stage_words(ctx: CheckContext, index: int) -> str:
    stage = ctx.plan.stages[index]
    return f"stage '{stage.id}' ({stage.name})"


# --- PRN001: stages and their boundaries --------------------------------------------------


def _boundaries(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    stages = ctx.plan.stages
    if len(stages) < 2:
        yield Hit(
            ("stages",),
            f"a PRINCE2 project needs at least two management stages (an initiation stage and "
            f"one or more delivery stages), but the plan lists {len(stages)}; add them under "
            "'stages:', each with the boundary activity that ends it",
            key=True,
        )
    by_id = {a.id: a for a in ctx.plan.activities}
    for index, stage in enumerate(stages):
        if stage.boundary is None:
            yield Hit(
                ("stages", index),
                f"{_stage_words(ctx, index)} has no 'boundary': name the activity or milestone "
                f"at which the {_decider(stage.decided_by)} assesses the stage and authorises "
                "the next one (or closure)",
                target=stage.id,
            )
            continue
        planned = by_id.get(stage.boundary)
        if planned is None:
            yield Hit(
                ("stages", index, "boundary"),
                f"the boundary of {_stage_words(ctx, index)} is '{stage.boundary}', which is "
                "not an activity of the plan; add the end stage assessment as an activity or "
                "milestone, or name the one there is",
                target=stage.id,
            )
        elif planned.status in DROPPED:
            yield Hit(
                ("stages", index, "boundary"),
                f"the boundary of {_stage_words(ctx, index)}, '{planned.id}', is marked "
                f"{planned.status}; without it nobody decides whether the project goes on",
                target=stage.id,
            )


def _decider(decided_by: str) -> str:
    return "Executive" if decided_by == "executive" else "Project Board"


# --- PRN002: the Project Board ------------------------------------------------------------


def _board(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    holders: dict[str, list[int]] = {role: [] for role in BOARD_TITLES}
    for index, s in enumerate(ctx.plan.stakeholders):
        if s.board is not None and s.applicable:
            holders[s.board].append(index)
    for role, title in BOARD_TITLES.items():
        if not holders[role]:
            yield Hit(
                ("stakeholders",),
                f"the Project Board has no {title}: mark the stakeholder who holds the role "
                f"with 'board: {role}', usually {BOARD_FROM[role]}",
                key=True,
                target=role,
            )
    for index in holders["executive"][1:]:
        yield Hit(
            ("stakeholders", index, "board"),
            f"'{ctx.plan.stakeholders[index].name}' is a second Executive; the Executive is one "
            "person, so that one person is accountable for the project",
            target="executive",
        )
    for index in holders["executive"]:
        stakeholder = ctx.plan.stakeholders[index]
        if stakeholder.role != EXECUTIVE_ROLE:
            yield Hit(
                ("stakeholders", index, "board"),
                f"the Executive is the stakeholder with role '{stakeholder.role}', but in pmsm "
                f"the Executive is the project sponsor (role: {EXECUTIVE_ROLE}), who owns the "
                "business case and decides project change requests",
                target="executive",
            )


# --- PRN003: continued business justification ----------------------------------------------


def _justification(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    by_id = {a.id: a for a in ctx.plan.activities}
    for index, stage in enumerate(ctx.plan.stages):
        boundary = by_id.get(stage.boundary or "")
        if boundary is None or stage.justification is not None:
            continue
        if boundary.actual_finish is not None:
            when = f"on {boundary.actual_finish.isoformat()}"
        elif boundary.status == "done":
            when = "(it is marked done)"
        else:
            continue
        yield Hit(
            ("stages", index, "boundary"),
            f"the boundary of {_stage_words(ctx, index)} was reached {when}, but the stage "
            "records no 'justification': write down when the board confirmed that the business "
            "case still holds, and its decision (continue or close)",
            key=True,
            target=stage.id,
        )


# --- PRN004 and PRN005: tolerances and exceptions ------------------------------------------


def _tolerances_set(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    limits = ctx.plan.tolerances
    missing = [
        word
        for word, value in (
            ("time_days", limits.time_days if limits else None),
            ("cost", limits.cost if limits else None),
        )
        if value is None
    ]
    if missing:
        yield Hit(
            ("tolerances",),
            f"the project's tolerances have no {' and no '.join(missing)}: write down how far "
            "the forecast may pass the baseline finish (working days) and cost before the "
            "board must take the decision to the business",
            key=True,
        )


def _measured(ctx: CheckContext) -> ToleranceReport | None:
    """The tolerances as of the plan's last recorded progress; None: nothing to measure."""
    from pmsm_cli.control.tracking import status_report

    try:
        report = status_report(ctx.loaded, ctx.catalog, progress_date(ctx.plan))
    except PmsmError:
        return None  # no baseline, or one pmsm status would refuse: it says why
    return report.tolerances


def _amount(use: ToleranceUse, value: object) -> str:
    if use.kind == "time":
        return plural(round(value), "working day") if isinstance(value, float) else str(value)
    return f"{value:,.0f}" if isinstance(value, float) else str(value)


def _over(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    measured = _measured(ctx)
    if measured is None:
        return
    index_of = {s.id: i for i, s in enumerate(ctx.plan.stages)}
    for use in measured.unreported:
        field = "time_days" if use.kind == "time" else "cost"
        if use.stage is None:
            loc: tuple[str | int, ...] = ("tolerances", field)
            who = "the project"
            raise_as = "an exception without 'stage'"
        else:
            loc = ("stages", index_of[use.stage], "tolerances", field)
            who = f"stage '{use.stage}' ({use.name})"
            raise_as = f"an exception with 'stage: {use.stage}'"
        if use.kind == "time":
            what = (
                f"{who} is forecast to finish on {use.forecast}, "
                f"{_amount(use, use.variance)} after its baseline finish {use.baseline}"
            )
        else:
            what = (
                f"{who} is forecast to cost {_amount(use, use.forecast)} against a baseline "
                f"of {_amount(use, use.baseline)}, {_amount(use, use.variance)} over"
            )
        yield Hit(
            loc,
            f"{what}, beyond its {use.kind} tolerance of {_amount(use, use.tolerance)}, and no "
            f"exception is raised for it; report it to the level that set the tolerance: "
            f"{raise_as} and 'tolerance: {use.kind}' under 'exceptions:'",
            key=True,
            target=use.stage or "project",
        )


# --- PRN006 and PRN007: benefits ----------------------------------------------------------


def _benefits_approach(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    approach = ctx.plan.benefits_approach
    if approach is None:
        yield Hit(
            ("benefits_approach",),
            "the plan has no 'benefits_approach': say who is accountable for the benefits, "
            "how each is measured and when benefits reviews take place, during the project "
            "and after it closes",
            key=True,
        )
        return
    if approach.owner is None:
        yield Hit(
            ("benefits_approach",),
            "the benefits management approach has no 'owner': name who answers for the "
            "benefits being measured and realised, usually the Senior User",
            key=True,
        )
    if not approach.measures:
        yield Hit(
            ("benefits_approach", "measures"),
            "the benefits management approach lists no 'measures': say how each benefit of "
            "the business case will be measured, and against what starting value",
            key=True,
        )


def _closure(ctx: CheckContext) -> tuple[str, dt.date] | None:
    """When the project closes, and how we know."""
    found = ctx.entry(CLOSED)
    if found is not None:
        finish = ctx.finish_of(found[1].id)
        if finish is not None:
            return f"'{found[1].id}' on {finish.isoformat()}", finish
    if ctx.plan.project.finish is not None:
        return f"the project's finish, {ctx.plan.project.finish.isoformat()}", (
            ctx.plan.project.finish
        )
    return None


def _review_after_closure(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan) or ctx.plan.benefits_approach is None:
        return
    closure = _closure(ctx)
    if closure is None:
        return
    words, day = closure
    reviews = ctx.plan.benefits_approach.reviews
    if any(review > day for review in reviews):
        return
    yield Hit(
        ("benefits_approach", "reviews") if reviews else ("benefits_approach",),
        f"no benefits review is planned after the project closes ({words}); most benefits "
        "show only once the service has run for a while, so plan a review after closure "
        "under 'reviews:'",
        key=True,
    )


# --- PRN008: references and misplaced fields ------------------------------------------------


def _references(ctx: CheckContext) -> Iterator[Hit]:
    plan = ctx.plan
    if not is_prince2(plan):
        present = [
            name
            for name, value in (
                ("stages", plan.stages),
                ("tolerances", plan.tolerances),
                ("exceptions", plan.exceptions),
                ("benefits_approach", plan.benefits_approach),
            )
            if value
        ]
        for name in present:
            yield Hit(
                (name,),
                f"'{name}' belongs to the PRINCE2 profile and is ignored in a plan whose "
                f"project.method is {plan.project.method}; set 'method: prince2' under "
                "'project:' or remove it",
                key=True,
                target=name,
            )
        yield from (
            Hit(
                ("stakeholders", i, "board"),
                "'board' belongs to the PRINCE2 profile and is ignored in a plan whose "
                f"project.method is {plan.project.method}",
                key=True,
                target=s.role,
            )
            for i, s in enumerate(plan.stakeholders)
            if s.board is not None
        )
        return
    counts = Counter(s.id for s in plan.stages)
    seen: set[str] = set()
    for index, stage in enumerate(plan.stages):
        if counts[stage.id] > 1 and stage.id in seen:
            yield Hit(
                ("stages", index, "id"),
                f"there is more than one stage with id '{stage.id}'",
                target=stage.id,
            )
        seen.add(stage.id)
    activity_ids = {a.id for a in plan.activities}
    placed: dict[str, str] = {}
    for index, stage in enumerate(plan.stages):
        for n, activity in enumerate(stage.activities):
            if activity not in activity_ids:
                yield Hit(
                    ("stages", index, "activities", n),
                    f"{_stage_words(ctx, index)} lists '{activity}', which is not an activity "
                    "of the plan",
                    target=stage.id,
                )
            elif activity in placed:
                yield Hit(
                    ("stages", index, "activities", n),
                    f"'{activity}' is listed in stage '{placed[activity]}' and in stage "
                    f"'{stage.id}'; an activity belongs to one management stage",
                    target=stage.id,
                )
            else:
                placed[activity] = stage.id
    for index, exception in enumerate(plan.exceptions):
        if exception.stage is not None and exception.stage not in counts:
            yield Hit(
                ("exceptions", index, "stage"),
                f"exception '{exception.id}' is for stage '{exception.stage}', which is not a "
                "stage of the plan; leave 'stage' out for the project's own tolerances",
                target=exception.id,
            )


BOUNDARY_SOURCE = Cite(PRINCE2, "Processes: Managing a stage boundary")
BOARD_SOURCE = Cite(PRINCE2, "Practices: Organizing")
CASE_SOURCE = Cite(PRINCE2, "Practices: Business case")
PROGRESS_SOURCE = Cite(PRINCE2, "Practices: Progress")

RULES = (
    Rule(
        code="PRN001",
        slug="stage-boundary-missing",
        title="A management stage has no boundary where the board decides on the next",
        severity="error",
        source=BOUNDARY_SOURCE,
        basis="requires",
        rationale=(
            "PRINCE2 manages a project stage by stage: the board commits to one management stage "
            "at a time, and at its end the project manager reports on it and plans the next, and "
            "the board decides whether to go on (PRINCE2's Managing a stage boundary process; the "
            "Directing process). There are at least two stages, initiation and delivery. A stage "
            "with no boundary activity, or one the plan dropped, is a stage nobody decides to end."
        ),
        bad=HEAD
        + dedent("""
            stages:
              - {id: initiation, name: Initiation, boundary: initiation-end}
              - {id: delivery, name: Delivery}
            activities:
              - {id: initiation-end, duration: 0}
        """),
        good=HEAD
        + dedent("""
            stages:
              - {id: initiation, name: Initiation, boundary: initiation-end}
              - {id: delivery, name: Delivery, boundary: project-closed}
            activities:
              - {id: initiation-end, duration: 0}
              - {id: project-closed}
        """),
        check=_boundaries,
    ),
    Rule(
        code="PRN002",
        slug="project-board-incomplete",
        title="The Project Board lacks its Executive, Senior User or Senior Supplier",
        severity="error",
        source=BOARD_SOURCE,
        basis="requires",
        rationale=(
            "A PRINCE2 Project Board speaks for three interests: the business (the Executive, one "
            "person, accountable for the project and owner of its business case), those who will "
            "use what it delivers (the Senior User) and those who supply it (the Senior Supplier) "
            "(PRINCE2's organizing practice). Without one of them, decisions are taken without "
            "that interest. In pmsm the Executive is the project sponsor; mark each board member's "
            "stakeholder entry with 'board:'."
        ),
        bad=HEAD
        + dedent("""
            stakeholders:
              - {role: project-sponsor, name: Dana Whitfield, board: executive}
              - {role: application-management, name: Payroll apps team, board: senior-supplier}
        """),
        good=HEAD
        + dedent("""
            stakeholders:
              - {role: project-sponsor, name: Dana Whitfield, board: executive}
              - {role: customer, name: Marc Oduya (HR operations), board: senior-user}
              - {role: application-management, name: Payroll apps team, board: senior-supplier}
        """),
        check=_board,
        needs=frozenset({"stakeholders"}),
    ),
    Rule(
        code="PRN003",
        slug="business-justification-not-confirmed",
        title="A stage boundary was passed without confirming the business justification",
        severity="error",
        source=CASE_SOURCE,
        basis="requires",
        rationale=(
            "A PRINCE2 project must stay justified for the business all through: at every stage "
            "boundary the business case is updated and the board confirms that it still holds "
            "before it authorises the next stage (PRINCE2's business case practice; Managing a "
            "stage boundary). Once a boundary activity is finished, the stage must record that "
            "decision, with its date and who took it."
        ),
        bad=HEAD
        + dedent("""
            stages:
              - {id: initiation, name: Initiation, boundary: initiation-end}
            activities:
              - {id: initiation-end, duration: 0, status: done, actual_finish: 2026-03-13}
        """),
        good=HEAD
        + dedent("""
            stages:
              - id: initiation
                name: Initiation
                boundary: initiation-end
                justification: {decided_on: 2026-03-13, decision: continue}
            activities:
              - {id: initiation-end, duration: 0, status: done, actual_finish: 2026-03-13}
        """),
        check=_justification,
    ),
    Rule(
        code="PRN004",
        slug="tolerances-not-set",
        title="The project has no time or cost tolerance",
        severity="warning",
        source=PROGRESS_SOURCE,
        basis="requires",
        rationale=(
            "PRINCE2 manages by exception: each level works within tolerances set by the "
            "level above, and only a forecast beyond them goes up for a decision (PRINCE2's "
            "progress practice). Without a time and a cost tolerance for the project, "
            "nobody can tell when the board must be told, and pmsm cannot measure it either."
        ),
        bad=HEAD
        + dedent("""
            tolerances: {time_days: 10}
        """),
        good=HEAD
        + dedent("""
            tolerances: {time_days: 10, cost: 25000}
        """),
        check=_tolerances_set,
    ),
    Rule(
        code="PRN005",
        slug="tolerance-exceeded-without-exception",
        title="A time or cost forecast is beyond tolerance and no exception is raised",
        severity="error",
        source=PROGRESS_SOURCE,
        basis="requires",
        rationale=(
            "When a forecast passes a tolerance, PRINCE2 has the project manager report an "
            "exception to the board at once (for a stage; the board takes a project's to the "
            "business), which decides what happens next, for instance an exception plan (PRINCE2's "
            "progress practice). pmsm forecasts the finish and the cost as pmsm status does, as of "
            "the plan's latest recorded progress (actual dates, exceptions, boundary decisions) so "
            "that the verdict depends on the file alone, and asks for an exception with the same "
            "stage and tolerance under 'exceptions:'. A plan without a baseline has nothing to "
            "measure."
        ),
        bad=HEAD
        + dedent("""
            tolerances: {time_days: 5, cost: 1000}
            activities:
              - {id: build, duration: 5, cost: 8000, baseline_start: 2026-03-02,
                 baseline_finish: 2026-03-06, baseline_cost: 5000}
        """),
        good=HEAD
        + dedent("""
            tolerances: {time_days: 5, cost: 1000}
            activities:
              - {id: build, duration: 5, cost: 8000, baseline_start: 2026-03-02,
                 baseline_finish: 2026-03-06, baseline_cost: 5000}
            exceptions:
              - id: EX-1
                raised_on: 2026-03-04
                tolerance: cost
                forecast: The build needs 3,000 more than its budget for extra licences
        """),
        check=_over,
    ),
    Rule(
        code="PRN006",
        slug="benefits-approach-missing",
        title="No benefits management approach, or one without an owner or measures",
        severity="error",
        source=CASE_SOURCE,
        basis="requires",
        rationale=(
            "PRINCE2 has the benefits the business case promises managed to a plan: who is "
            "accountable for them, how each is measured, and when they are reviewed, during the "
            "project and after it (PRINCE2's business case practice). A service project's benefits "
            "mostly come after it closes, once the service runs, so they are lost without it."
        ),
        bad=HEAD
        + dedent("""
            benefits_approach:
              owner: Marc Oduya, Senior User
        """),
        good=HEAD
        + dedent("""
            benefits_approach:
              owner: Marc Oduya, Senior User
              measures: [HR queries per month, down from 1,900 to under 700]
              reviews: [2026-12-01]
        """),
        check=_benefits_approach,
    ),
    Rule(
        code="PRN007",
        slug="benefits-review-after-closure-missing",
        title="No benefits review is planned after the project closes",
        severity="error",
        source=CASE_SOURCE,
        basis="requires",
        rationale=(
            "Benefits that can only be measured once the service has run for a while are reviewed "
            "after the project has closed, by the business, as the benefits management approach "
            "plans (PRINCE2's business case practice; Closing a project hands the approach on). A "
            "plan whose last benefits review is before closure measures nothing the service "
            "brings."
        ),
        bad=HEAD
        + dedent("""
            benefits_approach:
              owner: Marc Oduya, Senior User
              measures: [HR queries per month]
              reviews: [2026-03-06]
            activities:
              - {id: project-closed, start: 2026-06-30}
        """),
        good=HEAD
        + dedent("""
            benefits_approach:
              owner: Marc Oduya, Senior User
              measures: [HR queries per month]
              reviews: [2026-03-06, 2026-09-01]
            activities:
              - {id: project-closed, start: 2026-06-30}
        """),
        check=_review_after_closure,
    ),
    Rule(
        code="PRN008",
        slug="stage-reference-unknown",
        title="A stage or exception names what the plan does not have, or PRINCE2 fields are "
        "ignored",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Management stages are part of the plan's structure (PRINCE2's plans practice): a "
            "stage that lists an unknown activity, an activity in two stages, a stage id used "
            "twice or an exception for a stage that does not exist hide work from the stage's "
            "figures. PRINCE2 fields in a plan whose method is not prince2 are not read at all, "
            "which nobody would guess."
        ),
        bad=HEAD
        + dedent("""
            stages:
              - {id: delivery, name: Delivery, boundary: project-closed}
            activities:
              - {id: project-closed}
            exceptions:
              - {id: EX-1, raised_on: 2026-03-04, tolerance: cost, stage: delivry,
                 forecast: Licences cost more}
        """),
        good=HEAD
        + dedent("""
            stages:
              - {id: delivery, name: Delivery, boundary: project-closed}
            activities:
              - {id: project-closed}
            exceptions:
              - {id: EX-1, raised_on: 2026-03-04, tolerance: cost, stage: delivery,
                 forecast: Licences cost more}
        """),
        check=_references,
    ),
)
