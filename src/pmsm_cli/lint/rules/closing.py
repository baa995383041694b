"""Closing (§6): handing the service over to the people who will run it.

The whitepaper's §6 lists what closing a service project means: transfer
knowledge to operations and support; validate that monitoring, operations,
support and service level reporting run in production; register the
documentation in the knowledge base; submit known errors and workarounds to
Problem Management; submit improvement opportunities to Continual Service
Improvement. The hand-overs get a rule each, because they are what projects
drop when the budget runs out. §6 offers them as what helps ("activities that
facilitate a smooth transition include"), so each rule asks for a decision:
the hand-over planned, or declined with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent, require_decided


def _requires(activity_id: str, lead: str) -> Callable[[CheckContext], Iterator[Hit]]:
    def check(ctx: CheckContext) -> Iterator[Hit]:
        yield from require_decided(ctx, (activity_id,), lead)

    return check


def _closing_rule(
    code: str, slug: str, title: str, activity_id: str, lead: str, rationale: str
) -> Rule:
    return Rule(
        code=code,
        slug=slug,
        title=title,
        severity="error",
        source=whitepaper("6"),
        basis="suggests",
        rationale=rationale
        + " §6 gives these hand-overs as activities that make the transition smooth, not as "
        "musts: plan it, or keep it with 'status: not-applicable' and the reason.",
        bad=dedent("""
            activities:
              - id: review-close-deployment
              - id: project-closed
        """),
        good=dedent(f"""
            activities:
              - id: review-close-deployment
              - id: {activity_id}
                owner: Payroll apps team lead
              - id: project-closed
        """),
        check=_requires(activity_id, lead),
        activities=(activity_id,),
        fixable=True,
    )


RULES = (
    _closing_rule(
        "CLS001",
        "knowledge-transfer-missing",
        "No knowledge transfer to operations and support",
        "knowledge-transfer",
        "no knowledge transfer",
        "Closing a service project starts with transferring knowledge to the operations "
        "and support teams (§6): how the service works, its weak points, where its "
        "documentation lives. Without it they cannot run the service once the project team "
        "has gone, and every incident goes back to the developers.",
    ),
    _closing_rule(
        "CLS002",
        "known-errors-not-handed-over",
        "Known errors and workarounds are not handed to Problem Management",
        "handover-known-errors",
        "known errors are not handed to Problem Management",
        "Every project ends with defects it knows about and workarounds for them. The "
        "whitepaper (§6) has the project submit them to Problem Management, which tracks "
        "them until they are fixed; otherwise they live in the project team's heads and "
        "leave with it.",
    ),
    _closing_rule(
        "CLS003",
        "improvements-not-handed-to-csi",
        "Improvement opportunities are not handed to Continual Service Improvement",
        "handover-improvements",
        "improvement opportunities are not handed to CSI",
        "Project teams notice many improvements they have no time for. The whitepaper (§6) "
        "has them submitted to Continual Service Improvement, so that the ideas outlive the "
        "project and are weighed against the service's other needs.",
    ),
    _closing_rule(
        "CLS004",
        "documentation-not-registered",
        "Documentation is not registered in the knowledge base",
        "register-documentation",
        "the documentation is not registered in the knowledge base",
        "The whitepaper (§6) closes a project by registering its documentation in the "
        "knowledge base: the customer's guide to requesting the service and getting "
        "support, the troubleshooting and support procedures, and the final configuration. "
        "Documents left on a project share cannot be found when they are needed.",
    ),
)
