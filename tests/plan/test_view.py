"""The plan view: schedule, titles, groupings, checklists, worked out by hand.

The small plan (tests/data/plans/small.pmsm.yaml) starts on Monday
2026-03-02, has a holiday on Friday 2026-03-13 and a target finish of
Friday 2026-03-20. Its working days, numbered:

    Mon 02=0  Tue 03=1  Wed 04=2  Thu 05=3  Fri 06=4
    Mon 09=5  Tue 10=6  Wed 11=7  Thu 12=8  (Fri 13 holiday)
    Mon 16=9  Tue 17=10 Wed 18=11 Thu 19=12 Fri 20=13

Forward pass (start S, a task of d days takes S .. S+d-1):
    develop-charter-tco  3 days, no deps      0 .. 2   Mon 02 - Wed 04
    charter-approved     milestone after tco  3        Thu 05
    slm-create-sla       4 days after it      3 .. 6   Thu 05 - Tue 10
    chg-submit-rfc       2 days, lag 2        3+2=5 .. 6  Mon 09 - Tue 10
    build                5 days after sla     7 .. 11  Wed 11 - Wed 18 (skips the holiday)
    cab-approval         milestone after rfc  7        Wed 11
    go-live              after build and cab  max(12, 7) = 12  Thu 19

Backward pass from the target, Fri 20 = 13 (late start LS, late finish LF):
    go-live   LS 13 (Fri 20)
    build     must end by 13: LS = 13-5 = 8 (Thu 12), LF 12 (Thu 19)
    cab       LS 13 (Fri 20)
    rfc       must end by 13: LS = 11 (Wed 18), LF 12 (Thu 19)
    sla       must end by build's LS 8: LS = 8-4 = 4 (Fri 06), LF 7 (Wed 11)
    approved  min(sla LS 4, rfc LS 11 - lag 2 = 9) = 4 (Fri 06)
    tco       must end by 4: LS = 4-3 = 1 (Tue 03), LF 3 (Thu 05)

Float = LS - S: tco 1-0=1, approved 4-3=1, sla 4-3=1, rfc 11-5=6,
build 8-7=1, cab 13-7=6, go-live 13-12=1. The least float is 1, so the
critical path is tco, approved, sla, build, go-live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.errors import PmsmError

if TYPE_CHECKING:
    from tests.conftest import ViewOf

D = date

# id: (start, finish, late start, late finish, duration, float)
EXPECTED = {
    "develop-charter-tco": (D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 3), D(2026, 3, 5), 3, 1),
    "charter-approved": (D(2026, 3, 5), D(2026, 3, 5), D(2026, 3, 6), D(2026, 3, 6), 0, 1),
    "slm-create-sla": (D(2026, 3, 5), D(2026, 3, 10), D(2026, 3, 6), D(2026, 3, 11), 4, 1),
    "chg-submit-rfc": (D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 18), D(2026, 3, 19), 2, 6),
    "build": (D(2026, 3, 11), D(2026, 3, 18), D(2026, 3, 12), D(2026, 3, 19), 5, 1),
    "cab-approval": (D(2026, 3, 11), D(2026, 3, 11), D(2026, 3, 20), D(2026, 3, 20), 0, 6),
    "go-live": (D(2026, 3, 19), D(2026, 3, 19), D(2026, 3, 20), D(2026, 3, 20), 0, 1),
}
CRITICAL = ["develop-charter-tco", "charter-approved", "slm-create-sla", "build", "go-live"]


def test_small_plan_dates_and_float_by_hand(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    got = {
        r.id: (r.start, r.finish, r.late_start, r.late_finish, r.duration, r.float)
        for r in view.rows
    }
    assert got == EXPECTED
    assert [r.id for r in view.critical_path] == CRITICAL
    assert [r.id for r in view.rows if r.critical] == CRITICAL
    assert view.start == D(2026, 3, 2)
    assert view.finish == D(2026, 3, 19)  # go-live, the last day of work
    assert view.working_days == 13  # numbers 0..12
    assert view.target_finish == D(2026, 3, 20) and view.late_by == 0
    assert view.warnings == ()


def test_rows_are_in_date_order_with_titles(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    # By start date; on the same day in dependency order (the milestone before the SLA).
    assert [r.id for r in view.rows] == [
        "develop-charter-tco",
        "charter-approved",
        "slm-create-sla",
        "chg-submit-rfc",
        "build",
        "cab-approval",
        "go-live",
    ]
    sla = view.row_by_id["slm-create-sla"]
    assert (sla.process_title, sla.process_abbrev) == ("Service Level Management", "SLM")
    assert sla.phase_title == "Service Design"
    assert sla.pmbok_group_title == "Planning"
    build = view.row_by_id["build"]
    assert build.name == "Build: portal | API #2; phase 1"
    assert build.stage_title == "Build and test"
    assert build.exit_criteria == ("All unit tests pass",)
    rfc = view.row_by_id["chg-submit-rfc"]
    assert rfc.depends_on_text == "charter-approved+2"
    assert [m.id for m in view.milestones] == ["charter-approved", "cab-approval", "go-live"]
    assert view.row_by_id["develop-charter-tco"].line == 49  # where it is in the file
    assert (view.counts.activities, view.counts.planned, view.counts.suggested) == (7, 7, 0)


def test_groupings_follow_catalog_order(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    by_group = {g.title: [r.id for r in g.rows] for g in view.groups("pmbok")}
    assert list(by_group) == ["Initiating", "Planning", "Executing", "Monitoring and Controlling"]
    assert by_group["Executing"] == ["build", "go-live"]
    processes = [g.title for g in view.groups("process")]
    # Catalog order of processes, then the activities without an ITIL process.
    assert processes == [
        "Service Level Management",
        "Change Management",
        "Release and Deployment Management",
        "Project management (no ITIL process)",
    ]
    stages = view.groups("stage")
    # The catalog puts go-live in the stage "Transfer, deploy and retire" (§4.5).
    assert [(g.title, [r.id for r in g.rows]) for g in stages[:2]] == [
        ("Build and test", ["build"]),
        ("Transfer, deploy and retire", ["go-live"]),
    ]
    assert stages[2].title == "Outside release and deployment"


def test_checklists_risks_stakeholders_changes(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    items = {i.id: i for c in view.checklists for i in c.items}
    assert items["warranty-availability"].covered
    # Its only requirement is dropped: the item still needs one.
    assert not items["utility-business-requirements"].covered
    assert not items["warranty-capacity"].covered
    assert [c.id for c in view.checklists][:2] == ["utility", "warranty"]
    assert view.risks[0].category_title == "Contract risks"
    assert [(s.role_title, s.kind) for s in view.stakeholders] == [
        ("Service Desk", "ITIL function"),
        ("Customer", "role"),
        ("CSI Manager", "role"),
    ]
    (rfc,) = view.change_requests
    assert rfc.kind_title == "Request for change (RFC)"
    assert rfc.approver_title == "Change Advisory Board (CAB)"
    # TCO = 50,000 + 10,000 x 3 years; benefits 40,000 a year x 3 (recurring by default).
    assert view.charter.tco == 80_000 and view.charter.total_benefits == 120_000
    assert view.charter.derived_roi == pytest.approx(50.0)  # (120,000 - 80,000) / 80,000


def test_coverage_counts_processes_by_group(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    assert [title for _, title in view.coverage_columns] == [
        "Initiating",
        "Planning",
        "Executing",
        "Monitoring and Controlling",
        "Closing",
    ]
    grid = {c.process: c.counts for c in view.coverage}
    assert grid["service-level-management"] == (0, 1, 0, 0, 0)
    assert grid["change-management"] == (0, 0, 0, 2, 0)  # RFC and CAB approval
    assert grid["release-deployment-management"] == (0, 0, 1, 0, 0)
    assert grid[None] == (2, 0, 1, 0, 0)  # charter, approval; go-live
    # Processes in the kind's scope but without activities still get a row.
    assert grid["event-management"] == (0, 0, 0, 0, 0)


def test_suggestions_fill_the_plan(plan_view: ViewOf, small_plan: Path) -> None:
    full = plan_view(small_plan)
    assert full.counts.planned == 7
    assert full.counts.suggested == full.counts.activities - 7 > 80
    assert all(r.suggested == (r.line is None) for r in full.rows)
    assert "sort-user-test" in full.row_by_id and full.row_by_id["sort-user-test"].suggested


def test_payroll_schedule_is_consistent(plan_view: ViewOf, payroll_plan: Path) -> None:
    view = plan_view(payroll_plan)
    rows = view.row_by_id
    for row in view.rows:
        assert row.start.weekday() < 5 and row.start not in view.holidays
        assert row.float == (row.late_start - row.start).days - _off_days(
            row.start, row.late_start, view.holidays
        )
        for dep in row.depends_on:
            before = rows[dep.id]
            if dep.lag >= 0:
                # Something of no duration (a milestone, a skipped activity) lets
                # its successors start on its own date.
                assert before.finish < row.start or (
                    before.duration == 0 and before.start <= row.start
                )
    # Activities marked not applicable stay in the plan but take no time.
    assert (
        rows["sup-create-rfp"].duration == 0 and rows["sup-create-rfp"].status == "not-applicable"
    )
    assert rows["go-live"].critical and rows["project-closed"].critical
    assert view.milestones[-1].id == "project-closed"


def _off_days(a: date, b: date, holidays: tuple[date, ...]) -> int:
    """Non-working days in [a, b): weekends and holidays."""
    from datetime import timedelta

    days = [a + timedelta(n) for n in range((b - a).days)]
    return sum(1 for d in days if d.weekday() >= 5 or d in holidays)


# -- warnings and errors, at the line to change ---------------------------------

Write = Callable[[str, str], Path]

BASE = """\
project:
  name: Test
  kind: new-service
  start: 2026-03-02
activities:
  - id: a
    duration: 2
  - id: b
    duration: 1
    depends_on: [a]
"""


def problems(plan_view: ViewOf, path: Path) -> list[str]:
    with pytest.raises(PmsmError) as caught:
        plan_view(path, suggest=False)
    return [p.render() for p in caught.value.problems]


def test_fixed_start_that_cannot_hold_is_a_warning(plan_view: ViewOf, write: Write) -> None:
    # a takes Mon 2 and Tue 3, so b can start on Wed 4 at the earliest, not Mon 2.
    path = write("pmsm.yaml", BASE + "    start: 2026-03-02\n")
    view = plan_view(path, suggest=False)
    assert view.row_by_id["b"].start == D(2026, 3, 4)
    (warning,) = view.warnings
    assert (warning.line, warning.column) == (11, 12)
    assert warning.message == (
        "activity 'b' is fixed to start on 2026-03-02, but what it depends on lets it start on "
        "2026-03-04 at the earliest; it is scheduled then"
    )


def test_missed_target_finish_is_a_warning(plan_view: ViewOf, write: Write) -> None:
    # b finishes Wed 4; a target of Tue 3 is one working day short.
    text = BASE.replace("  start: 2026-03-02\n", "  start: 2026-03-02\n  finish: 2026-03-03\n")
    view = plan_view(write("pmsm.yaml", text), suggest=False)
    assert view.late_by == 1
    assert [r.float for r in view.rows] == [-1, -1]
    (warning,) = view.warnings
    assert warning.line == 5
    assert "needs 1 working day more than the target finish of 2026-03-03" in warning.message


def test_cycle_names_activities_at_the_dependency(plan_view: ViewOf, write: Write) -> None:
    # Reported at the first dependency of the circle the file states: b's on a.
    text = BASE.replace(
        "  - id: a\n    duration: 2\n", "  - id: a\n    duration: 2\n    depends_on: [b]\n"
    )
    assert problems(plan_view, write("pmsm.yaml", text)) == [
        f"{write('pmsm.yaml', text)}:11:18: error: activities wait for each other in a circle, so "
        "none of them can ever start: 'b' depends on 'a', 'a' depends on 'b'; remove one of these "
        "dependencies"
    ]


def test_unknown_dependency_suggests_a_spelling(plan_view: ViewOf, write: Write) -> None:
    path = write("pmsm.yaml", BASE.replace("depends_on: [a]", "depends_on: [a, slm-create-slaa]"))
    assert problems(plan_view, path) == [
        f"{path}:10:21: error: activity 'b' depends on 'slm-create-slaa', which is not an activity "
        "of this plan; did you mean 'slm-create-sla'?"
    ]


def test_dependency_on_a_catalog_activity_left_out(plan_view: ViewOf, write: Write) -> None:
    path = write("pmsm.yaml", BASE.replace("depends_on: [a]", "depends_on: [a, pilot]"))
    (message,) = problems(plan_view, path)
    assert message.endswith(
        ":10:21: error: activity 'b' depends on 'pilot', which is not an activity of this plan; "
        "'pilot' is a catalog activity (Run a pilot) that this plan does not include: add it to "
        "'activities', or run without --no-suggest"
    )


def test_duplicate_activity_id(plan_view: ViewOf, write: Write) -> None:
    path = write("pmsm.yaml", BASE + "  - id: a\n    duration: 1\n")
    (message,) = problems(plan_view, path)
    assert message == (
        f"{path}:11:9: error: the activity id 'a' is used twice (first on line 6); every "
        "activity needs its own id"
    )


def test_calendar_without_working_days(plan_view: ViewOf, write: Write) -> None:
    text = BASE.replace(
        "  start: 2026-03-02\n", "  start: 2026-03-02\n  calendar: {workdays: []}\n"
    )
    (message,) = problems(plan_view, write("pmsm.yaml", text))
    assert ":5:24: error: the calendar has no working days" in message
