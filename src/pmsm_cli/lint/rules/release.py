"""Release and deployment (§4): the stages projects skip.

The whitepaper's §4 walks through ITIL Release and Deployment Management:
plan and prepare the release, build and test, service testing and pilots,
plan and prepare deployment, transfer, deploy and retire, verify the
deployment, early life support, review and close. The steps projects most
often leave out get a rule each here: the four Service Operational Readiness
Tests (§4.3), a pilot or a service rehearsal (§4.3), early life support and
its exit criteria (§4.7), verifying the deployment (§4.6), and the review
and close (§4.8).

§4.3 offers the readiness tests and the pilot or rehearsal as things to
consider, so their rules ask for a decision (planned, or declined with a
reason); early life support stays required as pmsm's policy (see REL003).

Each rule asks only for what the catalog lists for the plan's kind and scope:
a process adoption has no service level test to run, for instance, and an
organisation catalog may drop an activity altogether.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import activity_words, dedent, require_decided, require_planned

SORT_TESTS = (
    "sort-service-management-test",
    "sort-service-operations-test",
    "sort-service-level-test",
    "sort-user-test",
)
PILOT, REHEARSAL = "pilot", "service-rehearsal"
ELS, ELS_EXIT, ELS_CRITERIA = "early-life-support", "els-exit", "els-define-exit-criteria"
VERIFY, REVIEW_CLOSE = "verify-deployment", "review-close-deployment"


def _sort(ctx: CheckContext) -> Iterator[Hit]:
    yield from require_decided(ctx, SORT_TESTS, "a Service Operational Readiness Test is undecided")


def _pilot_or_rehearsal(ctx: CheckContext) -> Iterator[Hit]:
    """Planned (one is enough), or both declined with a reason: §4.3's risk-versus-cost choice."""
    options = [a for a in ctx.expected if a.id in (PILOT, REHEARSAL)]
    if not options or any(ctx.planned(a.id) for a in options):
        return
    silent = [a for a in options if a.id not in ctx.implemented]
    if not silent:
        return  # every option is declined: the decision is recorded (ACT005 wants its reasons)
    names = " nor ".join(activity_words(ctx, a) for a in options)
    if len(silent) == len(options):
        yield Hit(
            ("activities",),
            f"the plan has neither {names}: {ctx.kind_words} weighs testing the service in "
            "real use before full deployment against its cost. Plan one (with objectives, "
            "exit criteria and a feedback plan), or record that the project declines both: "
            "each with 'status: not-applicable' and a 'reason'",
            key=True,
            target=options[0].id,
            source=options[0].source.cite(),
            fix=(options[0].id,),  # a pilot is the cheaper of the two
        )
        return
    declined = next(a for a in options if a.id in ctx.implemented)
    for activity in silent:
        yield Hit(
            ("activities",),
            f"{activity_words(ctx, declined)} is declined, but the plan says nothing of "
            f"{activity_words(ctx, activity)}: plan it, or decline it too with 'status: "
            "not-applicable' and a 'reason', so the choice of §4.3 is recorded",
            key=True,
            target=activity.id,
            source=activity.source.cite(),
        )


def _pilot_details(ctx: CheckContext) -> Iterator[Hit]:
    """Each planned pilot or rehearsal has objectives, exit criteria and a feedback plan."""
    for index, activity in enumerate(ctx.plan.activities):
        if activity.catalog_id not in (PILOT, REHEARSAL) or activity.status in DROPPED:
            continue
        lacking = [
            words
            for words, present in (
                ("objectives ('objectives:')", activity.objectives),
                ("exit criteria ('exit_criteria:')", activity.exit_criteria),
                ("a feedback plan ('feedback:')", activity.feedback),
            )
            if not present
        ]
        if not lacking:
            continue
        what = "pilot" if activity.catalog_id == PILOT else "service rehearsal"
        listed = " and ".join([", ".join(lacking[:-1]), lacking[-1]] if lacking[:-1] else lacking)
        yield Hit(
            ("activities", index),
            f"the {what} '{activity.id}' lacks {listed}: say what it sets out to learn, when "
            "it has done its job, and which feedback will be acted on before full deployment",
            target=activity.id,
        )


def _els(ctx: CheckContext) -> Iterator[Hit]:
    yield from require_planned(ctx, (ELS, ELS_EXIT), "no early life support")


def _els_criteria(ctx: CheckContext) -> Iterator[Hit]:
    found = ctx.entry(ELS)
    if found is None or not ctx.planned(ELS) or ELS_CRITERIA not in ctx.expected_ids:
        return
    index, els = found
    if els.exit_criteria or ctx.planned(ELS_CRITERIA):
        return
    criteria = ctx.catalog.activity_by_id[ELS_CRITERIA]
    yield Hit(
        ("activities", index),
        f"early life support ('{els.id}') has no exit criteria: list them under "
        f"'exit_criteria:', or plan {activity_words(ctx, criteria)}",
        target=ELS,
        fix=(ELS_CRITERIA,),
    )


def _verify(ctx: CheckContext) -> Iterator[Hit]:
    yield from require_planned(ctx, (VERIFY,), "the deployment is never verified")


def _review_close(ctx: CheckContext) -> Iterator[Hit]:
    yield from require_planned(ctx, (REVIEW_CLOSE,), "no review and close of the deployment")


RULES = (
    Rule(
        code="REL001",
        slug="sort-test-missing",
        title="A Service Operational Readiness Test (SORT) is neither planned nor declined",
        severity="error",
        source=whitepaper("4.3"),
        basis="suggests",
        rationale=(
            "Testing the system is not testing the service. §4.3 asks the project to consider "
            "four Service Operational Readiness Tests: that the service is monitored, measured "
            "and reported (service management test), that operations can run it with their "
            "tools (service operations test), that it meets its warranty (service level test) "
            "and that users can request it and get support (user test). Each test the "
            "project's kind calls for is planned, or kept with 'status: not-applicable' and "
            "the reason the project goes without it."
        ),
        bad=dedent("""
            activities:
              - id: sort-user-test
        """),
        good=dedent("""
            activities:
              - id: sort-service-management-test
              - id: sort-service-operations-test
              - id: sort-service-level-test
                status: not-applicable
                reason: the SaaS supplier's availability and capacity reports are the evidence
              - id: sort-user-test
        """),
        check=_sort,
        activities=SORT_TESTS,
        fixable=True,
    ),
    Rule(
        code="REL002",
        slug="no-pilot-or-rehearsal",
        title="Neither a pilot nor a service rehearsal, and no decision against them",
        severity="error",
        source=whitepaper("4.3"),
        basis="suggests",
        rationale=(
            "Before full deployment the service can meet real use in a controlled way (§4.3): "
            "a pilot with a limited group, or a service rehearsal that imitates live running. "
            "§4.3 presents both as ways to lower risk whose cost must be weighed, so the plan "
            "records the choice: one of them planned, or both kept with 'status: "
            "not-applicable' and the reason the project goes without."
        ),
        bad=dedent("""
            activities:
              - id: pilot
                status: not-applicable
                reason: no time
        """),
        good=dedent("""
            activities:
              - id: pilot
                status: not-applicable
                reason: 40 users; the user test already covers them all
              - id: service-rehearsal
                status: not-applicable
                reason: the supplier runs the same service for 300 customers
        """),
        check=_pilot_or_rehearsal,
        activities=(PILOT, REHEARSAL),
        fixable=True,
    ),
    Rule(
        code="REL003",
        slug="early-life-support-missing",
        title="No early life support",
        severity="error",
        source=whitepaper("4.7"),
        basis="policy",
        rationale=(
            "Early life support (§4.7) is the transition period after go-live in which the "
            "project team, developers included, works alongside support and operations "
            "until the service is stable and operations take full responsibility. Without "
            "it, a new service is handed over on its most fragile day. The whitepaper leaves "
            'it to the project (§4.7 begins "if early life support is planned"); requiring '
            "it is pmsm's policy, following ITIL v3 Service Transition, where early life "
            "support is part of every release's deployment. A project that truly goes "
            "without records a waiver with its reason and owner."
        ),
        bad=dedent("""
            activities:
              - id: go-live
              - id: review-close-deployment
        """),
        good=dedent("""
            activities:
              - id: go-live
              - id: early-life-support
                exit_criteria: [two weeks without a priority 1 incident]
              - id: els-exit
              - id: review-close-deployment
        """),
        check=_els,
        activities=(ELS, ELS_EXIT),
        fixable=True,
    ),
    Rule(
        code="REL004",
        needs=frozenset({"exit_criteria"}),
        slug="els-without-exit-criteria",
        title="Early life support without exit criteria",
        severity="error",
        source=whitepaper("4.7"),
        basis="requires",
        rationale=(
            "The whitepaper (§4.7) insists that early life support has defined exit "
            "criteria: measurable conditions under which operations take full responsibility. "
            "Without them early life support drags on, or stops before the service is "
            "stable. Write them under the activity's 'exit_criteria:', or plan the activity "
            "that defines them."
        ),
        bad=dedent("""
            activities:
              - id: early-life-support
        """),
        good=dedent("""
            activities:
              - id: early-life-support
                exit_criteria:
                  - two weeks without a priority 1 incident
                  - fewer than 20 payslip queries a day
        """),
        check=_els_criteria,
        activities=(ELS_CRITERIA,),
        fixable=True,
    ),
    Rule(
        code="REL005",
        slug="deployment-verification-missing",
        title="The deployment is never verified",
        severity="error",
        source=whitepaper("4.6"),
        basis="requires",
        rationale=(
            "Verifying the deployment (§4.6) is the Check of Plan-Do-Check-Act: satisfaction "
            "surveys, watching how the service is used and managed, gathering feedback, and "
            "then acting on what is found. Without it a deployment is declared a success "
            "because it happened."
        ),
        bad=dedent("""
            activities:
              - id: go-live
              - id: review-close-deployment
        """),
        good=dedent("""
            activities:
              - id: go-live
              - id: verify-deployment
              - id: review-close-deployment
        """),
        check=_verify,
        activities=(VERIFY,),
        fixable=True,
    ),
    Rule(
        code="REL006",
        slug="review-close-missing",
        title="No review and close of the deployment",
        severity="error",
        source=whitepaper("4.8"),
        basis="requires",
        rationale=(
            "The last Release and Deployment stage (§4.8) reviews the deployment and the "
            "project and records lessons learned, both about this project's objectives and "
            "about the project management and transition processes. Skipping it repeats the "
            "same mistakes in the next project."
        ),
        bad=dedent("""
            activities:
              - id: verify-deployment
              - id: project-closed
        """),
        good=dedent("""
            activities:
              - id: verify-deployment
              - id: review-close-deployment
              - id: project-closed
        """),
        check=_review_close,
        activities=(REVIEW_CLOSE,),
        fixable=True,
    ),
    Rule(
        code="REL009",
        needs=frozenset({"pilot_plan"}),
        slug="pilot-without-objectives",
        title="A pilot or service rehearsal lacks objectives, exit criteria or a feedback plan",
        severity="error",
        source=whitepaper("4.3"),
        basis="requires",
        rationale=(
            "§4.3 names what makes a pilot succeed: scope kept to the risky areas, clear "
            "objectives, exit criteria, and expectations set on how its feedback will be "
            "taken in (not all of it can be). A pilot without them runs on until someone stops "
            "it, and its users hear nothing of what they reported. pmsm asks the same of a "
            "service rehearsal, the other way §4.3 gives to lower the same risk. List them "
            "under 'objectives:', 'exit_criteria:' and 'feedback:'."
        ),
        bad=dedent("""
            activities:
              - id: pilot
                exit_criteria: [200 payslips viewed without an incident]
        """),
        good=dedent("""
            activities:
              - id: pilot
                objectives: [payslips readable on ward tablets, the desk answers pilot calls]
                exit_criteria: [200 payslips viewed without an incident]
                feedback: Weekly survey; what blocks go-live is fixed first, the rest goes to CSI
        """),
        check=_pilot_details,
    ),
)
