"""The shared work breakdown, and the hand-worked dates the other export tests rely on."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pmsm_cli.export.outline import (
    change_activities,
    finish_day,
    start_day,
    work_breakdown,
)
from pmsm_cli.scheduling import Calendar


def test_pmsm_schedules_the_small_plan_as_worked_out_by_hand(small, small_dates, small_float):
    tasks = small.scheduled.schedule.tasks
    got = {i: (t.early_start, t.early_finish, t.duration) for i, t in tasks.items()}
    assert got == small_dates
    assert {i: t.total_float for i, t in tasks.items() if t.total_float} == small_float


def test_work_breakdown_by_process(small, small_wbs):
    groups = work_breakdown(small.scheduled, small.catalog)
    assert [(g.title, [r.id for r in g.rows]) for g in groups] == small_wbs
    change = groups[3]
    # The RFC at 08:00 on Wed 11 to the CAB milestone at 08:00 on Thu 12.
    assert (change.start_time, change.finish_time) == (
        datetime(2026, 3, 11, 8),
        datetime(2026, 3, 12, 8),
    )
    assert groups[0].finish_time == datetime(2026, 3, 20, 8)  # the closing milestone


def test_work_breakdown_by_pmbok_group_follows_the_process_groups(small):
    groups = work_breakdown(small.scheduled, small.catalog, "pmbok-group")
    # Initiating .. Closing (§1.1); within Executing by start date, go-live
    # (a milestone on Fri 13) before early life support that starts on it.
    assert [(g.title, [r.id for r in g.rows]) for g in groups] == [
        ("Initiating", ["kickoff"]),
        ("Planning", ["slm-create-sla"]),
        ("Executing", ["deploy", "go-live", "early-life-support", "training"]),
        ("Monitoring and Controlling", ["chg-submit-rfc", "cab-approval"]),
        ("Closing", ["project-closed"]),
    ]


def test_unknown_grouping_is_refused(small):
    from pmsm_cli.errors import PmsmError

    with pytest.raises(PmsmError, match="cannot group by 'phase'"):
        work_breakdown(small.scheduled, small.catalog, "phase")  # type: ignore[arg-type]


def test_change_activities_are_the_rfc_and_what_rfcs_authorise(small):
    # chg-submit-rfc by its catalog id; deploy because RFC-1 names it.
    assert change_activities(small.plan, small.scheduled.activities) == {
        "chg-submit-rfc": [],
        "deploy": ["RFC-1"],
    }


@pytest.mark.parametrize(
    ("moment", "start", "finish"),
    [
        # 17:00 on Thursday 5 March: work resumes on Monday 9 (Friday 6 is a
        # holiday); as an end it is Thursday's last hour.
        (datetime(2026, 3, 5, 17), date(2026, 3, 9), date(2026, 3, 5)),
        # 08:00 on Monday 9: starts that day; as an end, nothing of Monday is
        # done, so the last working day is Thursday 5.
        (datetime(2026, 3, 9, 8), date(2026, 3, 9), date(2026, 3, 5)),
        # Midnight on Saturday 14: the next working day is Monday 16, the
        # last one before it Friday 13.
        (datetime(2026, 3, 14, 0), date(2026, 3, 16), date(2026, 3, 13)),
        # Noon on Tuesday 10 is inside that working day either way.
        (datetime(2026, 3, 10, 12), date(2026, 3, 10), date(2026, 3, 10)),
    ],
)
def test_tool_moments_to_pmsm_days(moment, start, finish):
    calendar = Calendar(holidays={date(2026, 3, 6)})
    assert start_day(moment, calendar) == start
    assert finish_day(moment, calendar) == finish
