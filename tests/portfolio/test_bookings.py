"""Shared environments (§5.2): overlapping bookings across plans, with both places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pmsm_cli.plan.load import load_plan
from pmsm_cli.portfolio.bookings import booking_conflicts, booking_problems

Write = Callable[[str, str], Path]


def plan(name: str, bookings: str, activities: str = "  - id: sort-user-test\n") -> str:
    # Lines 1-4: project; 5: activities; then the activities; then bookings.
    return (
        f"project:\n  name: {name}\n  kind: changed-service\n  start: 2026-05-04\n"
        f"activities:\n{activities}bookings:\n{bookings}"
    )


PAYROLL = plan(
    "Payroll upgrade",
    "  - environment: staging\n"  # line 9 (after 2 activity lines and 'bookings:')
    "    start: 2026-05-11\n"
    "    finish: 2026-05-15\n"
    "    activity: sort-service-level-test\n"
    "    purpose: load tests\n",
    "  - id: sort-service-level-test\n    name: Service level test\n",
)
NEWS = plan(
    "Intranet news",
    "  - environment: uat\n"  # line 8
    "    start: 2026-05-01\n"
    "    finish: 2026-05-30\n"
    "  - environment: ' Staging '\n"  # line 11: same environment, other spelling
    "    start: 2026-05-14\n"
    "    finish: 2026-05-20\n"
    "    activity: sort-user-test\n",
)


def test_overlapping_staging_bookings_name_both_plans_and_lines(write: Write) -> None:
    payroll = load_plan(write("payroll/pmsm.yaml", PAYROLL))
    news = load_plan(write("news/pmsm.yaml", NEWS))
    (conflict,) = booking_conflicts([payroll, news])
    # Payroll holds staging 11-15 May, news 14-20 May: both hold it on 14 and 15 May.
    assert (conflict.overlap_start, conflict.overlap_finish) == (
        dt.date(2026, 5, 14),
        dt.date(2026, 5, 15),
    )
    assert conflict.days == 2
    first, second = conflict.first, conflict.second
    assert (first.path, first.line, first.column) == (payroll.path, 9, 5)
    assert (second.path, second.line, second.column) == (news.path, 11, 5)
    assert first.where() == f"{payroll.path}:9:5"
    assert (first.activity, first.activity_name) == (
        "sort-service-level-test",
        "Service level test",
    )
    assert (second.activity, second.activity_name) == ("sort-user-test", None)
    assert (first.project, second.project) == ("Payroll upgrade", "Intranet news")


def test_no_conflict_within_one_plan_or_on_separate_days(write: Write) -> None:
    same_plan = plan(
        "One project",
        "  - {environment: staging, start: 2026-05-11, finish: 2026-05-15}\n"
        "  - {environment: staging, start: 2026-05-12, finish: 2026-05-13}\n",
    )
    later = plan(
        "Later project", "  - {environment: staging, start: 2026-05-16, finish: 2026-05-22}\n"
    )
    plans = [load_plan(write("a.pmsm.yaml", same_plan)), load_plan(write("b.pmsm.yaml", later))]
    assert booking_conflicts(plans) == []


def test_touching_dates_overlap_because_dates_are_inclusive(write: Write) -> None:
    a = plan("A", "  - {environment: staging, start: 2026-05-11, finish: 2026-05-15}\n")
    b = plan("B", "  - {environment: staging, start: 2026-05-15, finish: 2026-05-18}\n")
    c = plan("C", "  - {environment: staging, start: 2026-05-01, finish: 2026-05-30}\n")
    plans = [load_plan(write(f"{n}.pmsm.yaml", t)) for n, t in (("a", a), ("b", b), ("c", c))]
    found = [(x.first.project, x.second.project, x.days) for x in booking_conflicts(plans)]
    # C (1-30 May) covers A (11-15: 5 days) and B (15-18: 4 days); A and B share the 15th.
    assert sorted(found) == [("A", "B", 1), ("C", "A", 5), ("C", "B", 4)]


def test_booking_problems(write: Write) -> None:
    text = plan(
        "Backwards",
        "  - environment: staging\n"  # line 8
        "    start: 2026-05-15\n"
        "    finish: 2026-05-11\n"  # line 10, value at column 13
        "    activity: no-such-activity\n",  # line 11, value at column 15
    )
    loaded = load_plan(write("pmsm.yaml", text))
    found = [(p.line, p.column, p.message) for p in booking_problems(loaded)]
    assert found == [
        (
            10,
            13,
            "the booking of 'staging' finishes on 2026-05-11, before it starts on 2026-05-15",
        ),
        (
            11,
            15,
            "the booking of 'staging' is for activity 'no-such-activity', which is not in the "
            "plan's activities",
        ),
    ]
    assert booking_conflicts([loaded, loaded]) == []  # a backwards booking holds nothing
