"""Earned value, forecast and milestones for small plans, against figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.control.tracking import StatusReport, status_report
from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.plan.load import load_plan

Write = Callable[[str, str], Path]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([])


# Monday 2026-03-02 to Friday 2026-03-13 are the first two weeks; Wednesday
# 2026-03-11 is a holiday, so the second week has 4 working days.
PLAN = """\
project:
  name: Payroll portal
  kind: improvement
  start: 2026-03-02
  calendar:
    holidays: [2026-03-11]
activities:
  - id: kickoff
    name: Kick-off
    milestone: true
    baseline_finish: 2026-03-02
    actual_finish: 2026-03-02
  - id: design
    name: Design the portal
    duration: 5
    depends_on: [kickoff]
    baseline_start: 2026-03-02
    baseline_finish: 2026-03-06
    baseline_cost: 5000
    actual_start: 2026-03-02
    actual_finish: 2026-03-06
    actual_cost: 6000
  - id: review
    name: Design review
    milestone: true
    depends_on: [design]
    baseline_finish: 2026-03-09
    actual_finish: 2026-03-10
  - id: build
    name: Build the portal
    duration: 10
    depends_on: [design]
    baseline_start: 2026-03-09
    baseline_finish: 2026-03-23
    baseline_cost: 10000
    actual_start: 2026-03-10
    percent_complete: 30
    actual_cost: 4500
  - id: signoff
    name: Security sign-off
    milestone: true
    depends_on: [design]
    baseline_finish: 2026-03-13
  - id: test
    name: Test the portal
    duration: 5
    depends_on: [build]
    baseline_start: 2026-03-24
    baseline_finish: 2026-03-30
    baseline_cost: 4000
  - id: ready
    name: Ready for go-live
    milestone: true
    depends_on: [test]
    baseline_finish: 2026-03-31
"""

AS_OF = dt.date(2026, 3, 13)


def report_for(write: Write, catalog: Catalog, text: str, as_of: dt.date = AS_OF) -> StatusReport:
    return status_report(load_plan(write("pmsm.yaml", text)), catalog, as_of)


def test_earned_value_worked_by_hand(write: Write, catalog: Catalog) -> None:
    report = report_for(write, catalog, PLAN)
    ev = report.earned_value

    # PV, as of Friday 2026-03-13:
    #   design  5,000: baseline 03-02..03-06 all passed              -> 5,000
    #   build  10,000: baseline 03-09..03-23 has 10 working days
    #                  (9,10,12,13,16,17,18,19,20,23; the 11th is a holiday);
    #                  4 of them (9,10,12,13) are on or before 03-13   -> 10,000 x 4/10 = 4,000
    #   test    4,000: starts 03-24                                    -> 0
    #   PV = 5,000 + 4,000 + 0 = 9,000
    assert ev.pv == pytest.approx(9000)
    # EV = 5,000 x 100% + 10,000 x 30% + 4,000 x 0% = 5,000 + 3,000 = 8,000
    assert ev.ev == pytest.approx(8000)
    # AC = 6,000 + 4,500 = 10,500
    assert ev.ac == pytest.approx(10500)
    # BAC = 5,000 + 10,000 + 4,000 = 19,000
    assert ev.bac == pytest.approx(19000)
    # SV = EV - PV = 8,000 - 9,000 = -1,000
    assert ev.sv == pytest.approx(-1000)
    # CV = EV - AC = 8,000 - 10,500 = -2,500
    assert ev.cv == pytest.approx(-2500)
    # SPI = EV / PV = 8,000 / 9,000 = 0.8889
    assert ev.spi == pytest.approx(8 / 9)
    # CPI = EV / AC = 8,000 / 10,500 = 0.7619
    assert ev.cpi == pytest.approx(8000 / 10500)
    # EAC = BAC / CPI = 19,000 / 0.7619 = 24,937.50
    assert ev.eac == pytest.approx(24937.5)


def test_milestones_missed_worked_by_hand(write: Write, catalog: Catalog) -> None:
    ms = report_for(write, catalog, PLAN).milestones
    # Due by 03-13: kickoff (03-02), review (03-09), signoff (03-13); ready (03-31) is not due.
    #   kickoff reached 03-02 = baseline          -> met
    #   review  reached 03-10 > baseline 03-09    -> missed
    #   signoff not reached                       -> missed
    # 2 missed of 3 due = 66.67%
    assert ms.due == ["kickoff", "review", "signoff"]
    assert ms.missed == ["review", "signoff"]
    assert ms.percent_missed == pytest.approx(200 / 3)


def test_forecast_and_slipping_critical_path(write: Write, catalog: Catalog) -> None:
    report = report_for(write, catalog, PLAN)
    by_id = {a.id: a for a in report.activities}
    # build: 30% of 10 days done, so ceil(7) = 7 days remain after 03-13:
    #   16,17,18,19,20,23,24 -> finishes 03-24, one working day after its baseline 03-23.
    assert by_id["build"].forecast_finish == dt.date(2026, 3, 24)
    assert by_id["build"].finish_variance_days == 1
    # test (5 days) follows: 25,26,27,30,31 -> 03-31 against 03-30; ready then lands on 04-01.
    assert by_id["test"].forecast_finish == dt.date(2026, 3, 31)
    assert by_id["ready"].forecast_finish == dt.date(2026, 4, 1)
    assert by_id["design"].finish_variance_days == 0  # finished on its baseline date
    # The signoff can at best be reached on the next working day, Monday 03-16.
    assert by_id["signoff"].forecast_finish == dt.date(2026, 3, 16)
    assert [a.id for a in report.slipping] == ["build", "test", "ready"]
    assert report.baseline_finish == dt.date(2026, 3, 31)
    assert report.forecast_finish == dt.date(2026, 4, 1)
    assert report.finish_variance_days == 1
    # Actual dates say what the recorded status (left at its default) does not.
    assert by_id["build"].status == "in-progress" and by_id["design"].status == "done"


def test_planned_value_before_the_start_and_after_the_finish(
    write: Write, catalog: Catalog
) -> None:
    before = report_for(write, catalog, PLAN, dt.date(2026, 2, 27)).earned_value
    assert before.pv == 0 and before.spi is None  # nothing planned yet: no SPI
    after = report_for(write, catalog, PLAN, dt.date(2026, 4, 30)).earned_value
    assert after.pv == pytest.approx(19000)  # everything planned: PV = BAC


def test_no_baseline_tells_the_user_to_run_pmsm_baseline(write: Write, catalog: Catalog) -> None:
    text = "\n".join(line for line in PLAN.splitlines() if "baseline_" not in line) + "\n"
    with pytest.raises(PmsmError) as caught:
        report_for(write, catalog, text)
    (problem,) = caught.value.problems
    assert problem.line == 7  # the 'activities:' key
    assert "this plan has no baseline yet" in problem.message
    assert "pmsm baseline" in problem.message


def test_half_a_baseline_is_an_error_at_its_line(write: Write, catalog: Catalog) -> None:
    text = PLAN.replace("    baseline_finish: 2026-03-30\n", "")
    with pytest.raises(PmsmError) as caught:
        report_for(write, catalog, text)
    (problem,) = caught.value.problems
    assert problem.line == PLAN.splitlines().index("    baseline_start: 2026-03-24") + 1
    assert problem.message == (
        "activity 'test' has a baseline_start but no baseline_finish; a baseline needs both dates"
    )


def test_baseline_finish_before_start(write: Write, catalog: Catalog) -> None:
    text = PLAN.replace("baseline_finish: 2026-03-30", "baseline_finish: 2026-03-20")
    with pytest.raises(PmsmError) as caught:
        report_for(write, catalog, text)
    assert "baseline_finish (2026-03-20) before its baseline_start (2026-03-24)" in str(
        caught.value
    )


def test_activities_outside_the_baseline_and_cancelled_ones(write: Write, catalog: Catalog) -> None:
    text = (
        PLAN.replace(
            "    baseline_cost: 4000\n", "    baseline_cost: 4000\n    status: cancelled\n"
        )
        + "  - id: extra\n    duration: 2\n    actual_start: 2026-03-12\n"
        + "    percent_complete: 50\n    actual_cost: 700\n"
    )
    report = report_for(write, catalog, text)
    ev = report.earned_value
    # 'test' is cancelled: BAC = 5,000 + 10,000 = 15,000; PV and EV as before (test had none).
    assert ev.bac == pytest.approx(15000)
    assert ev.pv == pytest.approx(9000) and ev.ev == pytest.approx(8000)
    # 'extra' is not in the baseline: its 700 stays out of AC and is reported apart.
    assert ev.ac == pytest.approx(10500)
    assert report.ac_not_in_baseline == pytest.approx(700)
    assert [a.id for a in report.not_in_baseline] == ["extra"]
    assert any("not in the baseline" in n and "'extra'" in n for n in report.notes)
    assert any("cancelled or not applicable" in n and "'test'" in n for n in report.notes)
    # With 'test' taking no time, 'ready' follows 'build' directly: 03-25 against 03-31.
    by_id = {a.id: a for a in report.activities}
    assert by_id["ready"].forecast_finish == dt.date(2026, 3, 25)


def test_unevaluated_rfcs_after_go_live(write: Write, catalog: Catalog) -> None:
    text = PLAN + (
        "change_requests:\n"
        "  - id: RFC-1\n    kind: service\n    title: Deploy the design tools\n"
        "    status: implemented\n    activity: design\n"
        "  - id: RFC-2\n    kind: service\n    title: Deploy the portal\n"
        "    status: approved\n    activity: ready\n"
        "  - id: RFC-3\n    kind: service\n    title: Open the firewall\n"
        "    status: implemented\n    activity: design\n"
        "    evaluation:\n      predicted: no incident\n      actual: no incident\n"
        "      intended_effects: portal reachable\n      residual_risk: low\n"
        "      evaluated_on: 2026-03-12\n"
        "  - id: PCR-1\n    kind: project\n    change_type: time\n    title: More time\n"
        "    status: approved\n    extra_days: 5\n"
    )
    report = report_for(write, catalog, text)
    # RFC-1's activity finished 03-06 and it has no evaluation; RFC-2's has not finished;
    # RFC-3 was evaluated on 03-12; PCR-1 is a project change request, never evaluated.
    (pending,) = report.pending_evaluations
    assert (pending.id, pending.live_since) == ("RFC-1", dt.date(2026, 3, 6))
    assert pending.because == "its activity 'design' finished"
    assert pending.line == text.splitlines().index("  - id: RFC-1") + 1
    # As of 03-11, RFC-3 had not been evaluated yet either.
    earlier = report_for(write, catalog, text, dt.date(2026, 3, 11)).pending_evaluations
    assert [p.id for p in earlier] == ["RFC-1", "RFC-3"]


def test_notes_for_missing_figures(write: Write, catalog: Catalog) -> None:
    text = PLAN.replace("    percent_complete: 30\n", "").replace("    actual_cost: 6000\n", "")
    report = report_for(write, catalog, text)
    assert any("no percent_complete" in n and "'build'" in n for n in report.notes)
    assert any("no actual_cost" in n and "'design'" in n for n in report.notes)
    # Without a percentage, build has earned nothing: EV = 5,000 (design only).
    assert report.earned_value.ev == pytest.approx(5000)


def test_cycle_is_reported_at_the_activity(write: Write, catalog: Catalog) -> None:
    # Work not started yet keeps its dependencies in the forecast, so a circle among it fails.
    text = PLAN.replace("depends_on: [build]", "depends_on: [ready]")
    with pytest.raises(PmsmError) as caught:
        report_for(write, catalog, text)
    (problem,) = caught.value.problems
    assert problem.message == (
        "the plan cannot be scheduled: activities depend on each other in a circle: "
        "test -> ready -> test"
    )
    # Pointed at the first activity of the circle, 'test', and its depends_on.
    assert problem.line == text.splitlines().index("    depends_on: [ready]") + 1
