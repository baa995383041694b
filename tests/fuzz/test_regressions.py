"""Crashes the fuzz suite (and trying things by hand) found, each with its smallest input."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fuzz.helpers import assert_check_clean, assert_clean, run


def test_init_with_a_start_too_late_to_schedule(tmp_path: Path) -> None:
    # Was: "internal error: ScheduleError: the schedule runs outside the supported dates".
    project = tmp_path / "p"
    result = run("init", project, "--defaults", "--kind", "new-service", "--set", "name=X",
                 "--set", "start=9999-12-31")  # fmt: skip
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the project's activities cannot be scheduled from 9999-12-31: the schedule "
        "runs outside the supported dates (0001-01-01 to 9999-12-31); give an earlier start "
        "(--start or --set start=...)\n"
    )
    assert not project.exists()


def test_init_with_an_amount_whose_total_is_infinite(tmp_path: Path) -> None:
    # Was: init wrote a plan with run costs of 1e308 a year; over 3 years the TCO is
    # infinite and `pmsm check` failed with "internal error: OverflowError".
    result = run("init", tmp_path / "p", "--defaults", "--kind", "new-service",
                 "--set", "name=X", "--set", "run_cost=1e308")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --set run_cost=...: it should be at most 1,000,000,000,000,000\n"
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (".inf", "should be a number (not .inf or .nan), but it is the number inf"),
        (".nan", "should be a number (not .inf or .nan), but it is the number nan"),
        ("1.0e+308", "should be at most 1000000000000000, but it is the number 1e+308"),
    ],
)
def test_plan_with_an_infinite_amount(tmp_path: Path, amount: str, message: str) -> None:
    # Was: 'amount: 1.0e+308' with 'recurring: true' over 3 years made the TCO infinite and
    # `pmsm check` failed with "internal error: OverflowError: cannot convert float
    # infinity to integer"; '.inf' was accepted as an amount.
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(
        "project: {name: X, kind: new-service, start: 2026-01-05}\n"
        "charter:\n"
        "  costs:\n"
        f"    - {{item: Run, category: run, stage: operate, amount: {amount}, recurring: true}}\n",
        encoding="utf-8",
    )
    result = run("check", plan, "--isolated", "--format", "json")
    assert_check_clean(result)
    assert result.exit_code == 2
    # The amount is on line 4, after '    - ' (6 characters), '{item: Run, ' (12),
    # 'category: run, ' (15), 'stage: operate, ' (16) and 'amount: ' (8): 57 characters,
    # so its value starts in column 58.
    plan_result = run("plan", plan)
    assert plan_result.stderr == (
        f"{plan}:4:58: error: 'amount' in 'charter' > 'costs' > item 1 {message}\n"
    )


def test_largest_amounts_still_add_up(tmp_path: Path) -> None:
    # Two lines at the limit, recurring over the longest horizon: 2 x 1e15 x 50 = 1e17, finite.
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(
        "project: {name: X, kind: new-service, start: 2026-01-05}\n"
        "charter:\n"
        "  horizon_years: 50\n"
        "  costs:\n"
        "    - {item: A, category: run, stage: operate, amount: 1000000000000000, recurring: true}\n"
        "    - {item: B, category: run, stage: operate, amount: 1000000000000000, recurring: true}\n"
        "  benefits:\n"
        "    - {item: C, amount: 1000000000000000}\n"
        "  roi: -99\n",
        encoding="utf-8",
    )
    assert_check_clean(run("check", plan, "--isolated", "--format", "json"))
    document = run("plan", plan, "--format", "md")
    assert_clean(document)
    # The total by hand: the two run costs recur each year, 2 x 1e15 x 50 years = 1e17; the
    # benefit is yearly too, 1e15 x 50 = 5e16. Not one unit lost to rounding.
    assert "| Total cost of ownership | 100,000,000,000,000,000 over 50 years |" in document.stdout
    assert "| Benefits | 50,000,000,000,000,000 over 50 years |" in document.stdout


def test_change_request_with_a_huge_number_of_extra_days(tmp_path: Path) -> None:
    # Bounded like durations, so that no date arithmetic on it can overflow.
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(
        "project: {name: X, kind: new-service, start: 2026-01-05}\n"
        "change_requests:\n"
        "  - {id: CR1, kind: project, title: t, change_type: time, extra_days: 99999999999}\n",
        encoding="utf-8",
    )
    result = run("status", plan, "--as-of", "2026-06-01")
    assert_clean(result)
    assert result.exit_code == 2
    assert "'extra_days' in 'change_requests' > item 1 ('CR1') should be at most 10000" in (
        result.stderr
    )


def test_workbook_with_a_date_cell_outside_the_calendar(tmp_path: Path) -> None:
    # Was: openpyxl's "Cell P11 is marked as a date but the serial value -693594 is outside
    # the limits for dates" went to stderr as a Python warning with openpyxl's file and
    # line (and became "internal error: UserWarning" under -W error). Found by the fuzz
    # test of edited workbooks.
    import warnings

    from openpyxl import load_workbook
    from tests.conftest import SMALL_PLAN

    book_path = tmp_path / "plan.xlsx"
    assert run("plan", SMALL_PLAN, "-o", book_path).exit_code == 0
    book = load_workbook(book_path)
    sheet = book["Activities"]
    # Row 11 is the plan's own activity 'build'; column 16 is 'Actual start' (editable).
    assert (sheet.cell(11, 1).value, sheet.cell(1, 16).value) == ("build", "Actual start")
    sheet.cell(11, 16).value = -693594  # the serial number of 0001-01-01, before Excel's 1900
    sheet.cell(11, 16).number_format = "yyyy-mm-dd"
    book.save(book_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning that escapes fails the test
        result = run("check", book_path, "--isolated", "--format", "json")
    assert_check_clean(result)
    assert result.stderr == ""
    assert result.exit_code == 2
    assert (
        "'Actual start' should be a date, but it is #VALUE!: an error, or a number formatted as "
        "a date that is no date Excel can show; type the date, e.g. 2026-03-02"
    ) in result.stdout
