"""TaskJuggler export, scheduled by the real ``tj3``.

The tj3 tests are skipped, saying why, where tj3 is not installed
(``apt-get install tj3``).
"""

from __future__ import annotations

import shutil
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.export import tjp
from pmsm_cli.export.outline import ExportError, finish_day, start_day, work_breakdown
from pmsm_cli.export.tj3run import tj3_dates
from pmsm_cli.plan.load import parse_plan
from pmsm_cli.plan.resolve import schedule_plan

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import Write
    from tests.export.conftest import Case

needs_tj3 = pytest.mark.skipif(
    shutil.which("tj3") is None, reason="TaskJuggler is not installed (apt-get install tj3)"
)


def _text(case: Case, **options: Any) -> str:
    return tjp.render(case.scheduled, case.plan, case.catalog, **options)


def _tj3_days(case: Case, folder: Path, **options: Any) -> dict[str, tuple[date, date]]:
    """pmsm id -> (start, finish) as tj3 schedules the export, in pmsm's day terms."""
    groups = work_breakdown(case.scheduled, case.catalog, options.get("group_by", "process"))
    ids = tjp.task_ids(groups)
    dates = tj3_dates(_text(case, **options), folder)
    calendar = case.calendar
    result: dict[str, tuple[date, date]] = {}
    for pmsm_id, tj_id in ids.items():
        start, end = dates[tj_id]
        first = start_day(start, calendar)
        # A milestone is a moment: its day is where that moment falls.
        is_milestone = case.scheduled.schedule.tasks[pmsm_id].duration == 0
        result[pmsm_id] = (first, first if is_milestone else finish_day(end, calendar))
    return result


def _pmsm_days(case: Case) -> dict[str, tuple[date, date]]:
    return {i: (t.early_start, t.early_finish) for i, t in case.scheduled.schedule.tasks.items()}


@needs_tj3
def test_tj3_schedules_the_small_plan_to_the_hand_worked_dates(small, small_dates, tmp_path):
    assert _tj3_days(small, tmp_path) == {i: (s, f) for i, (s, f, _) in small_dates.items()}


@needs_tj3
def test_tj3_reports_its_own_moments_as_expected(small, tmp_path):
    """What tj3 itself prints, before any translation to pmsm's days."""
    from datetime import datetime

    dates = tj3_dates(_text(small), tmp_path)
    # deploy follows the SLA, which ends at 17:00 on Wed 4, after a gap of one
    # working day (Thu 5): tj3 starts it at the end of that gap, 17:00 on
    # Thu 5; the next working moment is Mon 9, 08:00 (Fri 6 is a holiday).
    # It ends (exclusive) at 17:00 on its fourth working day, Thu 12.
    assert dates["g_release_deployment_management.deploy"] == (
        datetime(2026, 3, 5, 17),
        datetime(2026, 3, 12, 17),
    )
    # The RFC starts 2 working days after deploy starts (its lead of 2 on a
    # 4-day task): Mon 9 and Tue 10 pass, so at 17:00 on Tue 10.
    assert dates["g_change_management.chg_submit_rfc"][0] == datetime(2026, 3, 10, 17)
    # training waits for its pinned date, Saturday 14 March, at midnight.
    assert dates["g_knowledge_management.training"][0] == datetime(2026, 3, 14, 0)


@needs_tj3
@pytest.mark.parametrize("group_by", ["process", "pmbok-group"])
def test_tj3_dates_equal_pmsm_for_every_task_of_a_realistic_plan(realistic, tmp_path, group_by):
    got = _tj3_days(realistic, tmp_path, group_by=group_by)
    assert len(got) == len(realistic.scheduled.activities) > 100
    expected = _pmsm_days(realistic)
    assert {i: d for i, d in got.items() if d != expected[i]} == {}


@needs_tj3
def test_tj3_group_tasks_span_their_activities(realistic, tmp_path):
    groups = work_breakdown(realistic.scheduled, realistic.catalog)
    dates = tj3_dates(_text(realistic), tmp_path)
    calendar = realistic.calendar
    for group, row in zip(groups, (g.rows[0] for g in groups), strict=True):
        group_id = tjp.task_ids(groups)[row.id].split(".")[0]
        start, end = dates[group_id]
        assert start_day(start, calendar) == group.start
        last = max(group.rows, key=lambda r: r.finish_time)
        to_day = start_day if last.milestone else finish_day
        assert to_day(end, calendar) == group.finish


def test_project_calendar_and_task_syntax(small):
    text = _text(small)
    assert "workinghours mon, tue, wed, thu, fri 8:00 - 12:00, 13:00 - 17:00" in text
    assert "workinghours sat, sun off" in text
    assert 'leaves holiday "Holiday" 2026-03-06' in text
    assert "dailyworkinghours 8" in text
    # working-day lengths, never calendar durations
    assert "length 4d" in text and "duration" not in text
    assert "depends g_service_level_management.slm_create_sla { gaplength 1d }" in text
    # the lead of 2 on a 4-day predecessor: start 4 - 2 = 2 days after it starts
    assert "depends g_release_deployment_management.deploy { onstart gaplength 2d }" in text
    # a fixed date on a task with dependencies is a pinned milestone
    assert "depends g__none.kickoff, pmsm_fixed_starts.pin_training" in text
    assert "{ milestone start 2026-03-14 }" in text
    assert "#   slm-create-sla -> g_service_level_management.slm_create_sla" in text


@pytest.mark.parametrize(
    ("pmsm_id", "tj"),
    [("go-live", "go_live"), ("1st-review", "_1st_review"), ("a", "a"), ("x-1-y", "x_1_y")],
)
def test_ids_become_taskjuggler_identifiers(pmsm_id, tj):
    assert tjp.tj_id(pmsm_id) == tj


def _plan_case(write: Write, text: str) -> Case:
    from tests.export.conftest import Case

    path = write("plan.pmsm.yaml", text)
    plan = parse_plan(path.read_text(), path).plan
    catalog = load_catalog([])
    return Case(path, plan, catalog, schedule_plan(plan, catalog, suggest=False))


@needs_tj3
def test_awkward_names_ids_and_calendars_still_schedule(write, tmp_path):
    # Quotes, a backslash before the closing quote, a TaskJuggler macro and
    # ids that are TaskJuggler keywords or start with a digit; a six-day
    # week, and a lead equal to the predecessor's whole duration.
    case = _plan_case(
        write,
        """\
project:
  name: 'Say "hi" \\ ${projectstart}'
  kind: improvement
  start: 2026-01-03
  calendar: {workdays: [mon, tue, wed, thu, fri, sat]}
activities:
  - {id: task, name: 'ends with a backslash \\', duration: 2}
  - {id: 2nd-step, name: '${oops} "quoted"', duration: 3, depends_on: [task]}
  - {id: milestone, depends_on: [{id: 2nd-step, lag: 2}]}
  - {id: parallel, duration: 1, depends_on: [{id: 2nd-step, lag: -3}], start: 2026-01-02}
  - {id: later, duration: 1, start: 2026-01-20}
""",
    )
    # Sat 3 Jan is a working day here: Sat 3 = 0, Mon 5 = 1, Tue 6 = 2,
    # Wed 7 = 3, Thu 8 = 4, Fri 9 = 5, Sat 10 = 6, Mon 12 = 7.
    # task: 0..1, Sat 3 and Mon 5. 2nd-step: 2..4, Tue 6 .. Thu 8.
    # milestone: 4 + 1 + lag 2 = 7, Mon 12. parallel: lead 3 on a 3-day
    # task, so it may start with it: Tue 6 (its fixed Fri 2 is before the
    # project start and changes nothing). later: Tue 20 January.
    assert _tj3_days(case, tmp_path) == {
        "task": (date(2026, 1, 3), date(2026, 1, 5)),
        "2nd-step": (date(2026, 1, 6), date(2026, 1, 8)),
        "milestone": (date(2026, 1, 12), date(2026, 1, 12)),
        "parallel": (date(2026, 1, 6), date(2026, 1, 6)),
        "later": (date(2026, 1, 20), date(2026, 1, 20)),
    }
    assert _tj3_days(case, tmp_path) == _pmsm_days(case)


def test_a_lead_longer_than_its_predecessor_is_refused_with_its_place(write):
    case = _plan_case(
        write,
        """\
project: {name: P, kind: improvement, start: 2026-01-05}
activities:
  - {id: a, duration: 2}
  - id: b
    duration: 1
    depends_on:
      - {id: a, lag: -3}
""",
    )
    with pytest.raises(ExportError) as caught:
        _text(case)
    assert caught.value.loc == ("activities", 1, "depends_on", 0, "lag")
    assert "TaskJuggler cannot express a lead longer than the predecessor" in str(caught.value)
    assert "(2 working days)" in str(caught.value)


def test_a_plan_without_activities_is_refused(write):
    # tj3 stops with "No tasks defined"; say so in pmsm's words instead.
    case = _plan_case(write, "project: {name: P, kind: improvement, start: 2026-01-05}\n")
    with pytest.raises(ExportError, match="TaskJuggler refuses a project without tasks"):
        _text(case)
