"""Sequencing: the plan's activities in an order and on dates that can happen.

The release and deployment stages follow one another (§4): plans are tested
before go-live, early life support follows it, the review closes it. pmsm
schedules the plan as written (catalog dependencies filled in, nothing
suggested) with the critical path method and checks the result and the
actual dates against that order: no circular or dangling dependencies, no
activity starting before what it depends on has finished, no readiness test
after go-live, nothing outside the project's window, and nobody's name
missing on work that has started.
"""

from __future__ import annotations

from pmsm_cli.catalogs.citing import Cite, whitepaper
from pmsm_cli.lint.rule import Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.lint.rules.sequencing_dates import (
    before_dependency,
    outside_window,
    owner,
    sort_after_go_live,
)
from pmsm_cli.lint.rules.sequencing_graph import cycles, duplicates, unknown, unschedulable

RULES = (
    Rule(
        code="SEQ001",
        slug="dependency-cycle",
        title="Activities depend on each other in a circle",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "The release and deployment stages (§4) run in an order; dependencies say which "
            "work waits for which. When they form a circle none of the activities in it can "
            "ever start, and the plan has no dates. One of the links is wrong."
        ),
        bad=dedent("""
            activities:
              - {id: plan-tests, depends_on: [sort-user-test]}
              - {id: sort-user-test, depends_on: [plan-tests]}
        """),
        good=dedent("""
            activities:
              - {id: plan-tests}
              - {id: sort-user-test, depends_on: [plan-tests]}
        """),
        check=cycles,
    ),
    Rule(
        code="SEQ002",
        slug="unknown-dependency",
        title="An activity depends on one that is not in the plan",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "A dependency on an activity the plan does not contain is usually a typo or "
            "work that was removed; the schedule silently loses an ordering constraint the "
            "release stages (§4) rely on."
        ),
        bad=dedent("""
            activities:
              - {id: build-portal}
              - {id: deploy-portal, depends_on: [biuld-portal]}
        """),
        good=dedent("""
            activities:
              - {id: build-portal}
              - {id: deploy-portal, depends_on: [build-portal]}
        """),
        check=unknown,
    ),
    Rule(
        code="SEQ003",
        slug="starts-before-dependency",
        title="An activity starts before what it depends on has finished",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Dependencies are finish-to-start (§4: each release stage builds on the one "
            "before). A fixed start date earlier than a predecessor's finish cannot be kept, "
            "and work that has actually started before its predecessor finished means the "
            "plan or the dependency is wrong. A negative lag (a lead) allows a planned "
            "overlap."
        ),
        bad=dedent("""
            activities:
              - {id: plan-tests, status: in-progress, owner: Test lead}
              - {id: sort-user-test, depends_on: [plan-tests], status: in-progress,
                 actual_start: 2026-06-01, owner: Test lead}
        """),
        good=dedent("""
            activities:
              - {id: plan-tests, status: done, actual_finish: 2026-05-29, owner: Test lead}
              - {id: sort-user-test, depends_on: [plan-tests], status: in-progress,
                 actual_start: 2026-06-01, owner: Test lead}
        """),
        check=before_dependency,
    ),
    Rule(
        code="SEQ004",
        slug="sort-after-go-live",
        title="A readiness test (SORT) finishes after go-live",
        severity="error",
        source=whitepaper("4.3"),
        basis="requires",
        rationale=(
            "Service Operational Readiness Tests (§4.3) show the service can be managed, "
            "operated, meets its warranty and can be used and supported, before it goes live. "
            "A test that finishes after go-live, or has not finished when the service went "
            "live, no longer protects anyone."
        ),
        bad=dedent("""
            activities:
              - {id: sort-user-test, start: 2026-09-14, duration: 3}
              - {id: go-live, start: 2026-09-14, depends_on: []}
        """),
        good=dedent("""
            activities:
              - {id: sort-user-test, start: 2026-09-07, duration: 3}
              - {id: go-live, depends_on: [sort-user-test]}
        """),
        check=sort_after_go_live,
    ),
    Rule(
        code="SEQ005",
        slug="outside-project-window",
        title="A date falls outside the project's start and finish",
        severity="error",
        source=Cite("gb-advisors-integration"),
        basis="policy",
        rationale=(
            "The charter fixes the project's schedule within ITIL guidelines (GB Advisors "
            "article), and schedule variance is measured against it (Service Project "
            "Management article). A fixed or actual date "
            "before 'project.start', or work that runs past 'project.finish', means the plan "
            "no longer fits the window the sponsor approved: change the dates or raise a "
            "project change request. The sources name no such check: this is pmsm's policy."
        ),
        bad=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02,
                      finish: 2026-03-31}
            activities:
              - {id: collect-requirements, duration: 30}
        """),
        good=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02,
                      finish: 2026-06-30}
            activities:
              - {id: collect-requirements, duration: 30}
        """),
        check=outside_window,
    ),
    Rule(
        code="SEQ006",
        slug="started-without-owner",
        title="Work has started but nobody owns it",
        severity="warning",
        source=Cite("gb-advisors-integration"),
        basis="policy",
        rationale=(
            "Assigning resources to integration tasks is one of the milestones of "
            "integrating project and service management (GB Advisors article). An activity "
            "that is in progress or done with no owner has nobody to ask about it and nobody "
            "accountable for it. Requiring an owner is pmsm's policy."
        ),
        bad=dedent("""
            activities:
              - {id: slm-create-sla, status: in-progress}
        """),
        good=dedent("""
            activities:
              - {id: slm-create-sla, status: in-progress, owner: Service level manager}
        """),
        check=owner,
    ),
    Rule(
        code="SEQ007",
        slug="duplicate-activity-id",
        title="Two activities have the same id",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Activities are referred to by id in dependencies (which keep the release stages of "
            "§4 in order), change requests and waivers. "
            "Two activities with one id make every such reference ambiguous; pmsm keeps the "
            "first and ignores the other when scheduling."
        ),
        bad=dedent("""
            activities:
              - {id: build-portal, duration: 10}
              - {id: build-portal, duration: 5}
        """),
        good=dedent("""
            activities:
              - {id: build-portal, duration: 10}
              - {id: build-reports, duration: 5}
        """),
        check=duplicates,
    ),
    Rule(
        code="SEQ008",
        slug="plan-not-schedulable",
        title="The plan cannot be scheduled (calendar or dates)",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Every date check, such as the order of the release stages (§4), needs a schedule. A "
            "calendar without working days, or dates "
            "beyond what a calendar can hold, leave the plan without one; this rule says "
            "why, so the other checks can run again."
        ),
        bad=dedent("""
            project:
              name: Payroll portal
              kind: new-service
              start: 2026-03-02
              calendar: {workdays: []}
        """),
        good=dedent("""
            project:
              name: Payroll portal
              kind: new-service
              start: 2026-03-02
              calendar: {workdays: [mon, tue, wed, thu, fri]}
        """),
        check=unschedulable,
    ),
)
