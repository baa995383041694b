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

from pmsm_cli.catalogs.citing import PRINCE2, Cite
from pmsm_cli.lint.rule import Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.lint.rules.prince2_progress import (
    benefits_approach,
    over_tolerance,
    review_after_closure,
    tolerances_set,
)
from pmsm_cli.lint.rules.prince2_structure import board, boundaries, justification, references

HEAD = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02, method: prince2}\n"


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
        check=boundaries,
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
        check=board,
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
        check=justification,
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
        check=tolerances_set,
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
        check=over_tolerance,
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
        check=benefits_approach,
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
        check=review_after_closure,
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
        check=references,
    ),
)
