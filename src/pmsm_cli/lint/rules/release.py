"""Release and deployment (§4): the stages projects skip.

The whitepaper's §4 walks through ITIL Release and Deployment Management:
plan and prepare the release, build and test, service testing and pilots,
plan and prepare deployment, transfer, deploy and retire, verify the
deployment, early life support, review and close. The steps projects most
often leave out get a rule each here: the four Service Operational Readiness
Tests (§4.3), a pilot or a service rehearsal (§4.3), early life support and
its exit criteria (§4.7), verifying the deployment (§4.6), and the review
and close (§4.8).

Each rule asks only for what the catalog lists for the plan's kind and scope:
a process adoption has no service level test to run, for instance, and an
organisation catalog may drop an activity altogether.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import activity_words, dedent, require_planned

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
    yield from require_planned(ctx, SORT_TESTS, "a Service Operational Readiness Test is missing")


def _pilot_or_rehearsal(ctx: CheckContext) -> Iterator[Hit]:
    options = [a for a in ctx.expected if a.id in (PILOT, REHEARSAL)]
    if not options or any(ctx.planned(a.id) for a in options):
        return
    names = " nor ".join(activity_words(ctx, a) for a in options)
    cite = options[0].source.cite()
    yield Hit(
        ("activities",),
        f"the plan has neither {names} planned; {ctx.kind_words} tests the service in real "
        "use with one of them before full deployment",
        key=True,
        target=options[0].id,
        source=cite,
        fix=(options[0].id,),  # a pilot is the cheaper of the two
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
        title="A Service Operational Readiness Test (SORT) is missing",
        severity="error",
        source="seed 004 §4.3",
        basis="policy",
        rationale=(
            "Testing the system is not testing the service. The whitepaper's Service "
            "Operational Readiness Tests (§4.3) check that the service is monitored, measured "
            "and reported (service management test), that operations can run it with their "
            "tools (service operations test), that it meets its warranty (service level test) "
            "and that users can request it and get support (user test). Each test the "
            "project's kind calls for must be planned. §4.3 asks the project to consider "
            "these tests; requiring each is pmsm's policy."
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
              - id: sort-user-test
        """),
        check=_sort,
        activities=SORT_TESTS,
        fixable=True,
    ),
    Rule(
        code="REL002",
        slug="no-pilot-or-rehearsal",
        title="Neither a pilot nor a service rehearsal",
        severity="error",
        source="seed 004 §4.3",
        basis="policy",
        rationale=(
            "Before full deployment the service should meet real use in a controlled way "
            "(§4.3): a pilot with a limited group, or a service rehearsal that imitates live "
            "running, each with clear objectives, exit criteria and a feedback plan. A plan "
            "needs at least one of the two planned. §4.3 weighs both against their cost; "
            "requiring one is pmsm's policy."
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
                exit_criteria: [200 payslips viewed without an incident]
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
        source="seed 004 §4.7",
        basis="policy",
        rationale=(
            "Early life support (§4.7) is the transition period after go-live in which the "
            "project team, developers included, works alongside support and operations "
            "until the service is stable and operations take full responsibility. Without "
            'it, a new service is handed over on its most fragile day. §4.7 begins "if '
            "early life support is planned\": requiring it is pmsm's policy, following ITIL "
            "v3 Service Transition."
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
        source="seed 004 §4.7",
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
        source="seed 004 §4.6",
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
        source="seed 004 §4.8",
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
)
