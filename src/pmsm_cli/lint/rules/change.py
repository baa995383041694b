"""Change (§5.1, §3.2): project change control is not service change management.

The whitepaper's §5.1 keeps two kinds of change request apart. A project
change request (more time, more budget, different scope) protects the
charter and is approved by the project sponsor. A service change request, the
RFC, protects production and is approved by the Change Advisory Board (CAB).
A project has zero or more of the first and one or more of the second: at
least the RFC for the production deployment. §3.2 adds the Change Management
activities: define the CAB for the service and submit the RFC.

In the plan, ``change_requests:`` entries have ``kind: project`` or ``kind:
service``, an ``approver`` (``project-sponsor`` or ``change-advisory-board``),
and for an approved one ``approved_on``. An RFC's ``activity`` names the work
it authorises (the go-live when absent).
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.lint.context import STARTED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent, require_planned
from pmsm_cli.prince2 import rfc_words
from pmsm_cli.yamlio import Loc

SUBMIT_RFC, DEFINE_CAB, GO_LIVE = "chg-submit-rfc", "chg-define-cab", "go-live"
CAB, SPONSOR = "change-advisory-board", "project-sponsor"
# Fields that only make sense on one kind of change request.
RFC_FIELDS = ("environment", "window_start", "window_end")
PROJECT_FIELDS = ("extra_days", "extra_cost")


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
    if any(s.role == CAB and s.applicable for s in ctx.plan.stakeholders):
        return
    yield from require_planned(
        ctx,
        (DEFINE_CAB,),
        "no Change Advisory Board is defined (no stakeholder with role "
        "'change-advisory-board' either)",
    )


def _mixed(ctx: CheckContext) -> Iterator[Hit]:
    rfc = rfc_words(ctx.plan.project.method)
    for index, cr in enumerate(ctx.plan.change_requests):
        loc = ("change_requests", index)
        if cr.kind == "service" and cr.approver == SPONSOR:
            yield Hit(
                (*loc, "approver"),
                f"change request '{cr.id}' is an {rfc} (kind: service) but the project sponsor "
                "approves it; changes to production are approved by the Change Advisory Board "
                "(approver: change-advisory-board)",
                target=cr.id,
            )
        elif cr.kind == "project" and cr.approver == CAB:
            yield Hit(
                (*loc, "approver"),
                f"change request '{cr.id}' is a project change request (kind: project) but "
                "the CAB approves it; more time, budget or scope is the project sponsor's "
                "decision (approver: project-sponsor)",
                target=cr.id,
            )
        fields = RFC_FIELDS if cr.kind == "project" else PROJECT_FIELDS
        for name in fields:
            if getattr(cr, name) is not None:
                other = f"an {rfc}'s" if cr.kind == "project" else "a project change request's"
                yield Hit(
                    (*loc, name),
                    f"change request '{cr.id}' (kind: {cr.kind}) has '{name}', which is "
                    f"{other}; is it the other kind of change request?",
                    key=True,
                    target=cr.id,
                )


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
        source="seed 004 §5.1",
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
        title="No Change Advisory Board defined for the service",
        severity="error",
        source="seed 004 §3.2",
        basis="policy",
        rationale=(
            "Change Management (§3.2) asks the project to define the CAB that will review "
            "changes to the service, for its first implementation and for the changes after "
            "it; without one, the RFC has nobody to approve it (§5.1). Plan the activity that "
            "defines it, or list the existing CAB as a stakeholder. §3.2 gives the activity as "
            "one to consider; requiring it is pmsm's policy."
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
        source="seed 004 §5.1",
        basis="requires",
        rationale=(
            "Project change control protects the charter; a project change request (more "
            "time, more budget) is approved by the project sponsor. Service change management "
            "protects production; an RFC is approved by the CAB (§5.1). Sending one to the "
            "other's approver, or giving a project change request a change window, means the "
            "wrong people decide and the other side never hears of it."
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
                 approver: project-sponsor, extra_days: 10}
              - {id: RFC-2291, kind: service, title: Deploy the portal,
                 approver: change-advisory-board, environment: production}
        """),
        check=_mixed,
    ),
    Rule(
        code="CHG004",
        needs=frozenset({"change_requests"}),
        slug="go-live-before-rfc-approval",
        title="Go-live (or other work an RFC authorises) before the CAB approved the RFC",
        severity="error",
        source="seed 004 §5.1",
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
)
