"""Change (§5.1, §3.2): project change control is not service change management.

The whitepaper's §5.1 keeps two kinds of change request apart. A project
change request (more time, more budget, different scope) protects the
charter and is approved by the project sponsor. A service change request, the
RFC, protects production and is approved by the Change Advisory Board (CAB).
A project has zero or more of the first and one or more of the second: at
least the RFC for the production deployment. §3.2 adds the Change Management
activities: define the CAB for the service and submit the RFC.

In the plan, ``change_requests:`` entries have ``kind: project`` or ``kind:
service``, an ``approver`` (``project-sponsor``; for an RFC
``change-advisory-board``, ``change-authority`` or ``emergency-cab``), a
``change_type`` of their kind (``pmsm_cli.control.change_kinds``), and for an approved
one ``approved_on``. An RFC's ``activity`` names the work it authorises (the
go-live when absent). Each activity that changes production (the catalog
marks them ``touches_production``) needs its own RFC, as §5.1's worked
example raises one per step, and an RFC records the performance predicted
before it is authorised and the actual one once live (§5.3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.control import change_kinds
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.lint.context import DROPPED, STARTED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent, require_decided, require_planned
from pmsm_cli.models.plan import ChangeRequest
from pmsm_cli.prince2 import rfc_words

SUBMIT_RFC, DEFINE_CAB, GO_LIVE = "chg-submit-rfc", "chg-define-cab", "go-live"
CAB = change_kinds.CAB
DECIDED = ("approved", "implemented")


def _rfc(ctx: CheckContext) -> Iterator[Hit]:
    if any(cr.kind == "service" for cr in ctx.plan.change_requests):
        return
    # PRINCE2's "request for change" is a project change; its profile says "service change".
    rfc = rfc_words(ctx.plan.project.method)
    what = "request for change (RFC)" if rfc == "RFC" else rfc
    yield from require_planned(
        ctx,
        (SUBMIT_RFC,),
        f"no {what} for the production deployment, and no change request with 'kind: "
        "service' either",
    )


def _cab(ctx: CheckContext) -> Iterator[Hit]:
    bodies = (CAB, change_kinds.AUTHORITY)
    if any(s.role in bodies and s.applicable for s in ctx.plan.stakeholders):
        return
    yield from require_decided(
        ctx,
        (DEFINE_CAB,),
        "no Change Advisory Board is defined (no stakeholder with role "
        "'change-advisory-board' or 'change-authority' either)",
    )


def _rfc_for_each_production_change(ctx: CheckContext) -> Iterator[Hit]:
    go_live = ctx.entry(GO_LIVE)
    naming: dict[str, list[ChangeRequest]] = {}
    for cr in ctx.plan.change_requests:
        target = cr.activity or (go_live[1].id if go_live else None)
        if cr.kind == "service" and target is not None:
            naming.setdefault(target, []).append(cr)
    catalog = ctx.catalog.activity_by_id
    for index, activity in enumerate(ctx.plan.activities):
        entry = catalog.get(activity.catalog_id)
        if entry is None or not entry.touches_production or activity.status in DROPPED:
            continue
        rfcs = naming.get(activity.id, [])
        if any(cr.status != "rejected" for cr in rfcs):
            continue
        if rfcs:
            ids = ", ".join(f"'{cr.id}'" for cr in rfcs)
            why = f"the RFC that names it ({ids}) was rejected"
        else:
            rfc = rfc_words(ctx.plan.project.method)
            why = f"no {rfc} (a change request with 'kind: service') names it in 'activity:'"
        yield Hit(
            ("activities", index),
            f"'{activity.id}' ({entry.title}) changes production, but {why}; each change to "
            "production needs its own authorising RFC, as §5.1's example raises one for the "
            "hardware install and another for the deployment",
            target=activity.id,
        )


def _when_live(ctx: CheckContext, cr: ChangeRequest) -> tuple[bool, dt.date | None]:
    """Whether the RFC's change is live, and since when if the plan says."""
    go_live = ctx.entry(GO_LIVE)
    target = cr.activity or (go_live[1].id if go_live else None)
    found = next((a for a in ctx.plan.activities if a.id == target), None) if target else None
    if found is not None and found.actual_finish is not None:
        return True, found.actual_finish
    done = found is not None and found.status == "done"
    return cr.status == "implemented" or done, None


def _evaluation(ctx: CheckContext) -> Iterator[Hit]:
    for index, cr in enumerate(ctx.plan.change_requests):
        if cr.kind != "service":
            continue
        evaluation = cr.evaluation
        at: Loc = ("change_requests", index, "evaluation" if evaluation else "status")
        if cr.status in DECIDED and (evaluation is None or not evaluation.predicted):
            yield Hit(
                at,
                f"{rfc_words(ctx.plan.project.method)} '{cr.id}' is {cr.status}, but records no "
                "predicted performance "
                "('evaluation: predicted:'): write down what the change should bring before it "
                "is authorised, so it can be judged against what it does",
                target=cr.id,
            )
        live, since = _when_live(ctx, cr)
        if not live or (since is not None and since >= ctx.today):
            continue
        if evaluation is None or not evaluation.actual:
            when = f" since {since.isoformat()}" if since else ""
            yield Hit(
                at,
                f"{rfc_words(ctx.plan.project.method)} '{cr.id}' is live{when}, but records no "
                "actual performance "
                "('evaluation: actual:'): measure what the change did and compare it with what "
                "was predicted",
                target=cr.id,
            )


def _mixed(ctx: CheckContext) -> Iterator[Hit]:
    rfc = rfc_words(ctx.plan.project.method)
    for index, cr in enumerate(ctx.plan.change_requests):
        loc = ("change_requests", index)
        for mixup in change_kinds.mixups_of(cr, cli=False, rfc=rfc):
            if mixup.wrong_kind:
                message = (
                    f"change request '{cr.id}' (kind: {cr.kind}) has '{mixup.field}', which "
                    f"{mixup.reason}; is it the other kind of change request?"
                )
            else:
                message = f"change request '{cr.id}' (kind: {cr.kind}): {mixup.reason}"
            yield Hit((*loc, mixup.field), message, key=mixup.wrong_kind, target=cr.id)


def _approved_first(ctx: CheckContext) -> Iterator[Hit]:
    rfc = rfc_words(ctx.plan.project.method)
    go_live = ctx.entry(GO_LIVE)
    by_id = ctx.scheduling.by_id
    for cr in ctx.plan.change_requests:
        if cr.kind != "service":
            continue
        target = cr.activity or (go_live[1].id if go_live else None)
        resolved = by_id.get(target or "")
        if resolved is None or resolved.planned is None or resolved.index is None:
            continue
        planned = resolved.planned
        at: Loc = ("activities", resolved.index)
        if planned.actual_start is not None:
            at = (*at, "actual_start")
        elif planned.start is not None:
            at = (*at, "start")
        if cr.approved_on is None:
            started = planned.actual_start is not None or planned.status in STARTED
            if started and cr.status not in ("approved", "implemented"):
                yield Hit(
                    at,
                    f"'{planned.id}' has started, but {rfc} '{cr.id}' that authorises it is "
                    f"{cr.status}, not approved by the CAB",
                    target=cr.id,
                )
            continue
        start = ctx.start_of(planned.id)
        if start is not None and start < cr.approved_on:
            yield Hit(
                at,
                f"'{planned.id}' starts on {start.isoformat()}, before the CAB approved {rfc} "
                f"'{cr.id}' on {cr.approved_on.isoformat()}",
                target=cr.id,
            )


RULES = (
    Rule(
        code="CHG001",
        slug="rfc-missing",
        title="No RFC for the production deployment",
        severity="error",
        source=whitepaper("5.1"),
        basis="requires",
        rationale=(
            "Production is protected by Service Change Management: the deployment needs a "
            "request for change (RFC) that the Change Advisory Board approves (§5.1, and the "
            "Change Management row of §3.2). A project has one or more of them. A plan needs "
            "the activity that submits the RFC, or the RFC itself recorded as a change "
            "request with 'kind: service'."
        ),
        bad=dedent("""
            activities:
              - id: go-live
            change_requests: []
        """),
        good=dedent("""
            activities:
              - id: chg-submit-rfc
              - id: go-live
            change_requests:
              - id: RFC-2291
                kind: service
                title: Deploy the payroll portal to production
                approver: change-advisory-board
        """),
        check=_rfc,
        activities=(SUBMIT_RFC,),
        fixable=True,
    ),
    Rule(
        code="CHG002",
        slug="cab-not-defined",
        title="No Change Advisory Board defined for the service, and no decision against it",
        severity="error",
        source=whitepaper("3.2"),
        basis="suggests",
        rationale=(
            "Change Management (§3.2) gives defining the CAB that will review changes to the "
            "service, for its first implementation and for the changes after it, as an "
            "activity to consider; without a CAB or change authority, the RFC has nobody to "
            "approve it (§5.1). List the existing CAB or change authority as a stakeholder, "
            "plan the activity that defines one, or keep that activity with 'status: "
            "not-applicable' and the reason."
        ),
        bad=dedent("""
            activities:
              - id: chg-submit-rfc
        """),
        good=dedent("""
            activities:
              - id: chg-define-cab
              - id: chg-submit-rfc
        """),
        check=_cab,
        activities=(DEFINE_CAB,),
        fixable=True,
    ),
    Rule(
        code="CHG003",
        needs=frozenset({"change_requests"}),
        slug="change-request-kind-mixed",
        title="A project change request and an RFC are mixed up",
        severity="error",
        source=whitepaper("5.1"),
        basis="requires",
        rationale=(
            "Project change control protects the charter; a project change request (more "
            "scope, time or budget) is approved by the project sponsor. Service change "
            "management protects production; an RFC is approved by the CAB (§5.1) or, in ITIL "
            "v3 Service Transition §4.2, by the change authority the CAB advises. An RFC is a "
            "standard, normal or emergency change; an emergency one goes to the emergency CAB "
            "(ECAB), which the others do not. Sending a request to the wrong body, giving it "
            "the other kind's change type, or giving a project change request a change window "
            "means the wrong people decide and the other side never hears of it. 'pmsm change "
            "add' refuses the same requests."
        ),
        bad=dedent("""
            change_requests:
              - {id: PCR-1, kind: project, title: Two more weeks for testing,
                 approver: change-advisory-board}
              - {id: RFC-2291, kind: service, title: Deploy the portal, approver: project-sponsor}
        """),
        good=dedent("""
            change_requests:
              - {id: PCR-1, kind: project, title: Two more weeks for testing,
                 approver: project-sponsor, change_type: time, extra_days: 10}
              - {id: RFC-2291, kind: service, title: Deploy the portal, change_type: normal,
                 approver: change-advisory-board, environment: production}
              - {id: RFC-2300, kind: service, title: Patch the login page, change_type: emergency,
                 approver: emergency-cab, environment: production}
        """),
        check=_mixed,
    ),
    Rule(
        code="CHG004",
        needs=frozenset({"change_requests"}),
        slug="go-live-before-rfc-approval",
        title="Go-live (or other work an RFC authorises) before the CAB approved the RFC",
        severity="error",
        source=whitepaper("5.1"),
        basis="requires",
        rationale=(
            "An RFC exists so the CAB can weigh the risk to production before the change is "
            "made (§5.1). Work it authorises, the go-live unless the RFC names another "
            "activity, must not start before the approval date, and must not have started at "
            "all while the RFC is still a draft, submitted or rejected."
        ),
        bad=dedent("""
            activities:
              - {id: go-live, start: 2026-09-01}
            change_requests:
              - {id: RFC-2291, kind: service, title: Deploy the portal,
                 approver: change-advisory-board, status: approved, approved_on: 2026-09-10}
        """),
        good=dedent("""
            activities:
              - {id: go-live, start: 2026-09-14}
            change_requests:
              - {id: RFC-2291, kind: service, title: Deploy the portal,
                 approver: change-advisory-board, status: approved, approved_on: 2026-09-10}
        """),
        check=_approved_first,
    ),
    Rule(
        code="CHG005",
        needs=frozenset({"change_requests"}),
        slug="production-change-without-rfc",
        title="An activity that changes production has no RFC of its own",
        severity="error",
        source=whitepaper("5.1"),
        basis="requires",
        rationale=(
            "Change management authorises every change to the production environment (§5.1), "
            "and §5.1's worked example raises a separate RFC for each step: one to install the "
            "hardware, another to deploy the application. One RFC for the whole plan hides "
            "the earlier changes from the CAB. Each planned activity the catalog marks as "
            "changing production (installing production infrastructure, a pilot with live "
            "users, the deployment, data migration, decommissioning) needs an RFC, 'kind: "
            "service', whose 'activity:' names it (an RFC naming none is the go-live's)."
        ),
        bad=dedent("""
            activities:
              - id: install-production-infrastructure
              - id: deploy-transfer-to-operations
            change_requests:
              - {id: RFC-1, kind: service, title: Deploy the portal,
                 activity: deploy-transfer-to-operations}
        """),
        good=dedent("""
            activities:
              - id: install-production-infrastructure
              - id: deploy-transfer-to-operations
            change_requests:
              - {id: RFC-1, kind: service, title: Install the portal servers,
                 activity: install-production-infrastructure}
              - {id: RFC-2, kind: service, title: Deploy the portal,
                 activity: deploy-transfer-to-operations}
        """),
        check=_rfc_for_each_production_change,
    ),
    Rule(
        code="CHG006",
        needs=frozenset({"change_requests"}),
        slug="rfc-evaluation-missing",
        title="An RFC lacks its predicted performance once authorised, or its actual once live",
        severity="error",
        source=whitepaper("5.3"),
        basis="policy",
        rationale=(
            "Evaluation (§5.3) compares the performance a service change actually brings with "
            "the performance predicted for it, and manages the gap. That needs the prediction "
            "on record before the change is authorised, and the measurement once it is live. "
            "pmsm's policy, following ITIL v3 Service Transition §4.6, where change "
            "management receives an evaluation of the predicted performance before it "
            "authorises the change, and a later evaluation measures the actual one: an "
            "approved or implemented RFC has 'evaluation: predicted:', "
            "and one whose change is live (implemented, or the activity it authorises done) "
            "before today has 'evaluation: actual:'."
        ),
        bad=dedent("""
            activities:
              - {id: go-live, status: done, actual_start: 2026-03-09, actual_finish: 2026-03-09}
            change_requests:
              - {id: RFC-1, kind: service, title: Deploy the portal, activity: go-live,
                 status: implemented, approved_on: 2026-03-02}
        """),
        good=dedent("""
            activities:
              - {id: go-live, status: done, actual_start: 2026-03-09, actual_finish: 2026-03-09}
            change_requests:
              - id: RFC-1
                kind: service
                title: Deploy the portal
                activity: go-live
                status: implemented
                approved_on: 2026-03-02
                evaluation:
                  predicted: Pages in under 2 seconds for 1,200 users; payroll calls halved
                  actual: Pages in 1.4 seconds at the first pay-day peak; payroll calls down 38%
        """),
        check=_evaluation,
    ),
)
