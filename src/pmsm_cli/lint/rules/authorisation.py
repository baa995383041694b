"""Authorisation points (§4.1, §4.4): go/no-go decisions made on agreed criteria.

Among the plans §4.1 asks a release to consider are "pass/fail criteria for
each authorization point through the project". The catalog marks those points
``authorization_point`` (the CAB's approval of the RFC, the readiness
assessment before deployment, the exit from early life support). In the plan
their pass/fail criteria are the activity's ``exit_criteria``: what must hold
for the work to pass the point.

§4.4 puts a readiness assessment before deployment. It is the go/no-go: the
plan says who decides (``decided_by``) and on what evidence (``evidence``).
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import activity_words, dedent

DEFINE_CRITERIA = "define-authorization-criteria"
READINESS = "readiness-assessment"
# Where the pass/fail criteria of a point are written when not on the point itself:
# leaving early life support is decided on the exit criteria of early life support
# (REL004 asks for those), so they are the criteria of its exit milestone too.
CRITERIA_ON = {"els-exit": "early-life-support"}
# The work a go/no-go decision lets start, in the order a plan meets them.
DEPLOYMENT = ("deploy-transfer-to-operations", "decommission-retiring-services", "go-live")


def _criteria_pending(ctx: CheckContext) -> bool:
    """True while defining the criteria is still to do, or when it was dropped on purpose.

    Planned and not done: the criteria come with that activity, nothing to ask yet.
    Marked not applicable or cancelled: the decision not to define them is recorded
    (with its reason, which ACT005 asks for). Done, or not in the plan at all: each
    authorisation point must show its criteria now.
    """
    found = ctx.entry(DEFINE_CRITERIA)
    return found is not None and found[1].status != "done"


def _criteria(ctx: CheckContext) -> Iterator[Hit]:
    if _criteria_pending(ctx):
        return
    by_id = ctx.catalog.activity_by_id
    for index, planned in enumerate(ctx.plan.activities):
        entry = by_id.get(planned.catalog_id)
        if entry is None or not entry.authorization_point or planned.status in DROPPED:
            continue
        if planned.exit_criteria:
            continue
        holder = CRITERIA_ON.get(entry.id)
        found = ctx.entry(holder) if holder else None
        if found is not None and found[1].exit_criteria:
            continue
        elsewhere = f" (or under those of '{found[1].id}')" if found is not None else ""
        yield Hit(
            ("activities", index),
            f"the authorisation point {activity_words(ctx, entry)} has no pass/fail criteria: "
            f"list what must hold to pass it under 'exit_criteria:'{elsewhere}",
            target=planned.id,
        )


def _go_no_go(ctx: CheckContext) -> Iterator[Hit]:
    found = ctx.entry(READINESS)
    if found is None or found[1].status in DROPPED:
        return  # ACT001 and ACT005 report a missing or dropped assessment
    index, planned = found
    missing = []
    if not planned.decided_by:
        missing.append("who decides ('decided_by:')")
    if not planned.evidence:
        missing.append("on what evidence ('evidence:')")
    if missing:
        yield Hit(
            ("activities", index),
            f"the go/no-go decision of '{planned.id}' does not say {' nor '.join(missing)}",
            target=planned.id,
        )
    decided = ctx.finish_of(planned.id)
    if decided is None:
        return
    for deployment in DEPLOYMENT:
        where = ctx.entry(deployment)
        if where is None or where[1].status in DROPPED:
            continue
        begins = ctx.start_of(where[1].id)
        # The same day is allowed: the decision in the morning, the deployment after it.
        if begins is not None and begins < decided:
            yield Hit(
                ("activities", where[0]),
                f"'{where[1].id}' starts {begins.isoformat()}, before the go/no-go decision "
                f"of '{planned.id}' is taken ({decided.isoformat()})",
                target=where[1].id,
            )
            return  # the first deployment step that jumps the gate is enough


RULES = (
    Rule(
        code="AUT001",
        needs=frozenset({"authorisation"}),
        slug="authorization-point-without-criteria",
        title="An authorisation point has no pass/fail criteria",
        severity="error",
        source=whitepaper("4.1"),
        basis="suggests",
        rationale=(
            "Among the plans a release should consider, §4.1 names pass/fail criteria for each "
            "authorisation point through the project: the CAB's approval of the RFC, the "
            "readiness assessment before deployment, the exit from early life support. "
            "Criteria agreed in advance turn a go/no-go into a check rather than a mood on the "
            "day. Once the criteria were to be defined (the activity that defines them is done, "
            "or not in the plan), each point lists them under 'exit_criteria:'; a plan that "
            "decided not to define them marks that activity not applicable with its reason."
        ),
        bad=dedent("""
            activities:
              - {id: define-authorization-criteria, status: done}
              - id: readiness-assessment
        """),
        good=dedent("""
            activities:
              - {id: define-authorization-criteria, status: done}
              - id: readiness-assessment
                exit_criteria:
                  - all four readiness tests passed with no open severity 1 defect
                  - the service desk trained and the run book signed by operations
        """),
        check=_criteria,
    ),
    Rule(
        code="AUT002",
        needs=frozenset({"authorisation"}),
        slug="go-no-go-undecided",
        title="The go/no-go before deployment names no decider or evidence, or comes too late",
        severity="error",
        source=whitepaper("4.4"),
        basis="policy",
        rationale=(
            "Planning the deployment includes a readiness assessment (§4.4): the go/no-go "
            "before the service reaches production. A decision nobody owns is taken by "
            "default, and one with no stated evidence is taken on optimism. The plan names who "
            "decides ('decided_by:') and what the decision rests on ('evidence:', such as the "
            "readiness test results or the pilot report), and no deployment step starts "
            "before it. Naming the decider and the evidence is pmsm's policy, following "
            "ITIL v3 Service Transition (Release and Deployment Management), in which a "
            "release passes each authorisation point only when a change authority "
            "authorises it."
        ),
        bad=dedent("""
            activities:
              - id: readiness-assessment
        """),
        good=dedent("""
            activities:
              - id: readiness-assessment
                decided_by: Head of HR systems, with the operations manager
                evidence: [readiness test report, pilot report, open defect list]
        """),
        check=_go_no_go,
    ),
)
