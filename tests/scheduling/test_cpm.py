"""CPM scheduling: hand-worked plans, error reporting and scale.

Expected dates below are worked out by hand on this numbering of the working
days of January 2026 (Mon-Fri, with Monday 12 January a holiday):

    #-3 Wed 31 Dec   #-2 Thu  1   #-1 Fri  2
    #0  Mon  5   #1  Tue  6   #2  Wed  7   #3  Thu  8   #4  Fri  9
    (Sat 10, Sun 11, Mon 12 holiday)
    #5  Tue 13   #6  Wed 14   #7  Thu 15   #8  Fri 16
    #9  Mon 19   #10 Tue 20   #11 Wed 21   #12 Thu 22   #13 Fri 23

Rules used (see the package docstring): a task of d days starting on #s
finishes on #(s + d - 1); a successor of a task finishing on #f with lag L
starts on #(f + 1 + L); a milestone (d = 0) at #m has start = finish = #m
and its successors start on #(m + L).  Float = late start - early start.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from pmsm_cli.scheduling import (
    Calendar,
    Dependency,
    FixedDateConflict,
    ScheduledTask,
    ScheduleError,
    Task,
    schedule,
)

MON_5 = date(2026, 1, 5)
CAL = Calendar(holidays=frozenset({date(2026, 1, 12)}))


def jan(day: int) -> date:
    return date(2026, 1, day)


def dep(pred: str, lag: int = 0) -> Dependency:
    return Dependency(pred, lag)


def row(t: ScheduledTask) -> tuple[date, date, date, date, int, bool]:
    return (t.early_start, t.early_finish, t.late_start, t.late_finish, t.total_float, t.critical)


# A: design 3d; B: build 4d, 1 day after A; C: docs 2d after A (parallel branch);
# D: review 1d after C, pinned to Wed 14; M: release milestone after B and D;
# E: launch 2d after M.
PLAN = [
    Task("A", 3),
    Task("B", 4, (dep("A", 1),)),
    Task("C", 2, (dep("A"),)),
    Task("D", 1, (dep("C"),), fixed_start=jan(14)),
    Task("M", 0, (dep("B"), dep("D"))),
    Task("E", 2, (dep("M"),)),
]


def test_hand_worked_plan() -> None:
    s = schedule(PLAN, MON_5, CAL)

    # Forward pass
    #   A: #0..#2                      (Mon 5 .. Wed 7)
    #   B: starts #2+1+1 = #4, 4d -> #4..#7   (Fri 9 .. Thu 15, over weekend+holiday)
    #   C: starts #2+1 = #3, 2d -> #3..#4     (Thu 8 .. Fri 9)
    #   D: C allows #4+1 = #5 (Tue 13), pinned to #6 (Wed 14) which is later -> #6..#6
    #   M: max(#7+1, #6+1) = #8          (Fri 16), start = finish
    #   E: starts on M's date #8, 2d -> #8..#9  (Fri 16 .. Mon 19)
    # Project finish = #9 (Mon 19).
    # Backward pass from #9 (late end = the first day after the late finish)
    #   E: late finish #9, late start #8               float 8-8 = 0
    #   M: late date = E's late start #8                float 8-8 = 0
    #   D: must finish before M's #8 -> LF #7, LS #7    float 7-6 = 1
    #   B: must finish before #8 -> LF #7, LS #4        float 4-4 = 0
    #   C: must finish before D's LS #7 -> LF #6, LS #5 float 5-3 = 2
    #   A: min(B: LS #4 - lag 1 = end #3, C: LS #5) -> LF #2, LS #0   float 0
    assert s.start == MON_5
    assert s.finish == jan(19)
    assert s.order == ("A", "B", "C", "D", "M", "E")
    assert list(s.tasks) == ["A", "B", "C", "D", "M", "E"]
    assert row(s.tasks["A"]) == (jan(5), jan(7), jan(5), jan(7), 0, True)
    assert row(s.tasks["B"]) == (jan(9), jan(15), jan(9), jan(15), 0, True)
    assert row(s.tasks["C"]) == (jan(8), jan(9), jan(13), jan(14), 2, False)
    assert row(s.tasks["D"]) == (jan(14), jan(14), jan(15), jan(15), 1, False)
    assert row(s.tasks["M"]) == (jan(16), jan(16), jan(16), jan(16), 0, True)
    assert row(s.tasks["E"]) == (jan(16), jan(19), jan(16), jan(19), 0, True)
    assert s.critical_path == ("A", "B", "M", "E")
    assert s.conflicts == ()
    assert s.tasks["B"].duration == 4
    assert s.tasks["M"].id == "M"


def test_deadline_earlier_than_early_finish_gives_negative_float() -> None:
    # Deadline Thu 15 = #7, early finish is #9, so the chain is 2 days late.
    #   E: LF #7, LS #6 (Wed 14)                         float 6-8 = -2
    #   M: LS = E's LS #6 (Wed 14)                       float 6-8 = -2
    #   D: before #6 -> LF #5, LS #5 (Tue 13)            float 5-6 = -1
    #   B: before #6 -> LF #5 (Tue 13), LS #2 (Wed 7)    float 2-4 = -2
    #   C: before D's LS #5 -> LF #4 (Fri 9), LS #3      float 3-3 = 0
    #   A: min(B: #2 - 1 = end #1, C: #3) -> LF #0 (Mon 5), LS #-2 (Thu 1)  float -2
    s = schedule(PLAN, MON_5, CAL, finish=jan(15))
    assert s.finish == jan(19)  # the plan still ends when it ends
    assert row(s.tasks["A"]) == (jan(5), jan(7), jan(1), jan(5), -2, True)
    assert row(s.tasks["B"]) == (jan(9), jan(15), jan(7), jan(13), -2, True)
    assert row(s.tasks["C"]) == (jan(8), jan(9), jan(8), jan(9), 0, True)
    assert row(s.tasks["D"]) == (jan(14), jan(14), jan(13), jan(13), -1, True)
    assert row(s.tasks["M"]) == (jan(16), jan(16), jan(14), jan(14), -2, True)
    assert row(s.tasks["E"]) == (jan(16), jan(19), jan(14), jan(15), -2, True)
    # Only the chain that misses by the most.
    assert s.critical_path == ("A", "B", "M", "E")


def test_later_deadline_gives_everything_float() -> None:
    # Deadline Fri 23 = #13; E: LF #13, LS #12 (Thu 22), float 12-8 = 4.
    s = schedule(PLAN, MON_5, CAL, finish=jan(23))
    assert s.finish == jan(23)
    assert row(s.tasks["E"]) == (jan(16), jan(19), jan(22), jan(23), 4, False)
    assert s.tasks["A"].total_float == 4
    assert s.tasks["C"].total_float == 6  # 2 + 4
    assert s.critical_path == ("A", "B", "M", "E")  # smallest float, even if positive
    assert not any(t.critical for t in s.tasks.values())


def test_deadline_on_a_weekend_rolls_back_to_friday() -> None:
    sunday = schedule(PLAN, MON_5, CAL, finish=jan(25))
    friday = schedule(PLAN, MON_5, CAL, finish=jan(23))
    assert sunday == friday
    assert sunday.finish == jan(23)


def test_weekend_start_moves_to_monday() -> None:
    s = schedule([Task("a", 1), Task("b", 2, (dep("a"),))], date(2026, 1, 3), CAL)
    assert s.start == MON_5
    # a: one day starts and finishes the same day (#0); b: #1..#2
    assert row(s.tasks["a"])[:2] == (MON_5, MON_5)
    assert row(s.tasks["b"])[:2] == (jan(6), jan(7))
    assert s.finish == jan(7)


def test_holiday_start_moves_to_next_workday() -> None:
    s = schedule([Task("a", 1)], jan(12), CAL)
    assert s.start == jan(13)
    assert s.tasks["a"].early_start == jan(13)


def test_negative_lag_starts_before_the_predecessor_finishes() -> None:
    # A: #0..#4 (Mon 5 .. Fri 9).  B: #4 + 1 - 2 = #3 (Thu 8), 2d -> #3..#4.
    # Backward from #4: B LS #3; A end must be <= B's LS + 2 = #5 -> LF #4, LS #0.
    s = schedule([Task("A", 5), Task("B", 2, (dep("A", -2),))], MON_5, CAL)
    assert row(s.tasks["A"]) == (jan(5), jan(9), jan(5), jan(9), 0, True)
    assert row(s.tasks["B"]) == (jan(8), jan(9), jan(8), jan(9), 0, True)


def test_lead_cannot_pull_a_task_before_the_project_start() -> None:
    # A: #0; B would start #0 + 1 - 5 = #-4, clamped to #0.
    s = schedule([Task("A", 1), Task("B", 1, (dep("A", -5),))], MON_5, CAL)
    assert s.tasks["B"].early_start == MON_5


def test_no_task_may_finish_after_the_project_finish() -> None:
    # X: 3d #0..#2; Y: 5d #0..#4 (sets the finish #4 = Fri 9); Z: after X with
    # lead 2 -> #2 + 1 - 2 = #1 (Tue 6).
    # Z: LF #4, LS #4, float 3.  From Z alone X could end as late as #4 + 2 = #6,
    # but it must finish by the project finish #4 -> LS #2, float 2.
    s = schedule([Task("X", 3), Task("Y", 5), Task("Z", 1, (dep("X", -2),))], MON_5, CAL)
    assert row(s.tasks["Z"]) == (jan(6), jan(6), jan(9), jan(9), 3, False)
    assert row(s.tasks["X"]) == (jan(5), jan(7), jan(7), jan(9), 2, False)
    assert row(s.tasks["Y"]) == (jan(5), jan(9), jan(5), jan(9), 0, True)
    assert s.critical_path == ("Y",)


def test_milestone_chains() -> None:
    # M1, M2: project start #0.  T: #0..#0.  M3: day after T = #1 (Tue 6).
    # M4: M3's date + lag 2 = #3 (Thu 8), which is also the project finish.
    # Backward from #3: M4 #3; M3 #3 - 2 = #1; T must end before #1 -> #0; M2, M1 #0.
    s = schedule(
        [
            Task("M1", 0),
            Task("M2", 0, (dep("M1"),)),
            Task("T", 1, (dep("M2"),)),
            Task("M3", 0, (dep("T"),)),
            Task("M4", 0, (dep("M3", 2),)),
        ],
        MON_5,
        CAL,
    )
    assert row(s.tasks["M1"]) == (jan(5), jan(5), jan(5), jan(5), 0, True)
    assert row(s.tasks["M2"]) == (jan(5), jan(5), jan(5), jan(5), 0, True)
    assert row(s.tasks["T"]) == (jan(5), jan(5), jan(5), jan(5), 0, True)
    assert row(s.tasks["M3"]) == (jan(6), jan(6), jan(6), jan(6), 0, True)
    assert row(s.tasks["M4"]) == (jan(8), jan(8), jan(8), jan(8), 0, True)
    assert s.finish == jan(8)
    assert s.critical_path == ("M1", "M2", "T", "M3", "M4")


def test_milestone_after_a_friday_finish_is_the_next_workday() -> None:
    # T: #0..#4 (Fri 9); M: #5 = Tue 13 (weekend and Monday holiday in between).
    s = schedule([Task("T", 5), Task("M", 0, (dep("T"),))], MON_5, CAL)
    assert row(s.tasks["M"]) == (jan(13), jan(13), jan(13), jan(13), 0, True)
    assert row(s.tasks["T"]) == (jan(5), jan(9), jan(5), jan(9), 0, True)
    assert s.finish == jan(13)


def test_plan_of_a_single_milestone() -> None:
    s = schedule([Task("go", 0)], date(2026, 1, 4), CAL)
    assert row(s.tasks["go"]) == (MON_5, MON_5, MON_5, MON_5, 0, True)
    assert (s.start, s.finish) == (MON_5, MON_5)


def test_empty_plan() -> None:
    s = schedule([], date(2026, 1, 3), CAL)
    assert (s.start, s.finish) == (MON_5, MON_5)
    assert s.tasks == {}
    assert s.order == s.critical_path == ()
    assert s.conflicts == ()


def test_fixed_start_earlier_than_predecessors_allow_is_a_conflict() -> None:
    # A: #0..#2; B after A can start #3 (Thu 8) at the earliest; pinned to Tue 6.
    s = schedule([Task("A", 3), Task("B", 1, (dep("A"),), fixed_start=jan(6))], MON_5, CAL)
    assert s.tasks["B"].early_start == jan(8)
    assert s.conflicts == (FixedDateConflict("B", jan(6), jan(8)),)


def test_fixed_start_before_project_start_is_a_conflict() -> None:
    s = schedule([Task("T", 1, fixed_start=jan(5))], jan(7), CAL)
    assert s.tasks["T"].early_start == jan(7)
    assert s.conflicts == (FixedDateConflict("T", jan(5), jan(7)),)


def test_fixed_start_on_a_weekend_rolls_forward_without_conflict() -> None:
    # A: #0..#4 (Fri 9), so B may start #5 (Tue 13); pinned to Sat 10, which
    # rolls forward to Tue 13 as well: honoured, no conflict.
    s = schedule([Task("A", 5), Task("B", 1, (dep("A"),), fixed_start=jan(10))], MON_5, CAL)
    assert s.tasks["B"].early_start == jan(13)
    assert s.conflicts == ()
    # With no predecessor a Saturday pin also lands on the Tuesday.
    s = schedule([Task("C", 1, fixed_start=jan(10))], MON_5, CAL)
    assert s.tasks["C"].early_start == jan(13)
    # C can slip no further: it is the whole plan.
    assert s.tasks["C"].total_float == 0


def test_repeated_dependency_uses_the_tightest_link() -> None:
    # B after A (#0) with lags 0 and 2: #1 + 2 = #3 (Thu 8).
    s = schedule([Task("A", 1), Task("B", 1, (dep("A"), dep("A", 2)))], MON_5, CAL)
    assert s.tasks["B"].early_start == jan(8)


def test_order_keeps_input_order_where_dependencies_allow() -> None:
    plan = [
        Task("x", 1),
        Task("c", 1, (dep("a"),)),
        Task("a", 1),
        Task("y", 1),
    ]
    s = schedule(plan, MON_5, CAL)
    # x, a and y are free; c must wait for a, then goes as early as it can.
    assert s.order == ("x", "a", "c", "y")
    assert list(s.tasks) == list(s.order)


def test_default_calendar_is_monday_to_friday() -> None:
    s = schedule([Task("a", 6)], date(2026, 1, 12))  # no holiday this time
    assert s.tasks["a"].early_finish == jan(19)  # Mon 12 .. Fri 16, Mon 19


def test_scheduled_tasks_are_ordinary_dataclasses() -> None:
    # They are plain (not frozen) slotted dataclasses: a frozen one sets every field
    # through object.__setattr__, a third of the time to schedule 10,000 tasks. What
    # the scheduler returns must equal, and print as, one built by the constructor.
    s = schedule(PLAN, MON_5, CAL)
    built = ScheduledTask("C", 2, jan(8), jan(9), jan(13), jan(14), 2, False)
    assert s.tasks["C"] == built
    assert repr(s.tasks["C"]) == repr(built)
    assert not hasattr(s.tasks["C"], "__dict__")  # slotted: no per-object dict


# -- errors ---------------------------------------------------------------


def test_cycle_is_named_in_order() -> None:
    plan = [
        Task("start", 1),
        Task("a", 1, (dep("start"), dep("c"))),
        Task("b", 1, (dep("a"),)),
        Task("c", 1, (dep("b"),)),
        Task("after", 1, (dep("c"),)),  # blocked by the cycle, but not part of it
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(plan, MON_5, CAL)
    assert err.value.kind == "cycle"
    assert err.value.cycle == ("a", "b", "c", "a")
    assert str(err.value) == "activities depend on each other in a circle: a -> b -> c -> a"


def test_cycle_starts_at_the_member_listed_first() -> None:
    plan = [
        Task("after", 1, (dep("b"),)),
        Task("c", 1, (dep("b"),)),
        Task("a", 1, (dep("c"),)),
        Task("b", 1, (dep("a"),)),
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(plan, MON_5, CAL)
    assert err.value.cycle == ("c", "a", "b", "c")


def test_task_depending_on_itself() -> None:
    with pytest.raises(ScheduleError) as err:
        schedule([Task("a", 1, (dep("a"),))], MON_5, CAL)
    assert err.value.cycle == ("a", "a")


def test_unknown_dependencies_are_all_listed() -> None:
    plan = [
        Task("x", 1, (dep("y"),)),
        Task("ok", 1),
        Task("z", 1, (dep("ok"), dep("w"), dep("v"))),
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(plan, MON_5, CAL)
    assert err.value.kind == "unknown-dependency"
    assert err.value.missing == (("x", "y"), ("z", "w"), ("z", "v"))
    assert "activity 'x' depends on 'y', which is not in the plan" in str(err.value)
    assert "activity 'z' depends on 'v', which is not in the plan" in str(err.value)


def test_duplicate_ids() -> None:
    plan = [Task("a", 1), Task("b", 1), Task("a", 2), Task("b", 1), Task("a", 1)]
    with pytest.raises(ScheduleError) as err:
        schedule(plan, MON_5, CAL)
    assert err.value.kind == "duplicate-id"
    assert err.value.task_ids == ("a", "b")
    assert "'a'" in str(err.value)


@pytest.mark.parametrize("duration", [-1, 1.5, True])
def test_bad_duration(duration: object) -> None:
    plan = [Task("ok", 1), Task("bad", duration)]  # type: ignore[arg-type]
    with pytest.raises(ScheduleError) as err:
        schedule(plan, MON_5, CAL)
    assert err.value.kind == "bad-duration"
    assert err.value.task_ids == ("bad",)


def test_bad_lag() -> None:
    plan = [Task("a", 1), Task("b", 1, (Dependency("a", 0.5),))]  # type: ignore[arg-type]
    with pytest.raises(ScheduleError) as err:
        schedule(plan, MON_5, CAL)
    assert err.value.kind == "bad-lag"
    assert err.value.task_ids == ("b",)


# -- scale ---------------------------------------------------------------


def _random_plan(n: int, seed: int) -> list[Task]:
    rng = random.Random(seed)
    tasks = [Task("t0", 2)]
    for i in range(1, n):
        preds = rng.sample(range(max(0, i - 40), i), min(i, rng.randint(1, 3)))
        deps = tuple(dep(f"t{p}", rng.choice((0, 0, 0, 2, -1))) for p in preds)
        tasks.append(Task(f"t{i}", rng.randint(0, 5), deps))
    rng.shuffle(tasks)  # make the topological sort do real work
    return tasks


def _bound(cal: Calendar, pred_start: date, pred_finish: date, duration: int, lag: int) -> date:
    """Earliest successor start allowed by one link, straight from the conventions."""
    if duration == 0:
        return cal.add_workdays(pred_start, lag)
    return cal.add_workdays(pred_finish, 1 + lag)


def test_ten_thousand_random_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    plan = _random_plan(10_000, seed=42)
    s = schedule(plan, MON_5, CAL)
    by_id = {t.id: t for t in plan}

    assert len(s.tasks) == len(s.order) == 10_000
    position = {task_id: k for k, task_id in enumerate(s.order)}
    for task in plan:
        st = s.tasks[task.id]
        assert CAL.is_workday(st.early_start) and CAL.is_workday(st.late_start)
        tail = max(task.duration - 1, 0)
        assert st.early_finish == CAL.add_workdays(st.early_start, tail)
        assert st.late_finish == CAL.add_workdays(st.late_start, tail)
        assert st.total_float == CAL.workdays_between(st.early_start, st.late_start)
        assert st.critical == (st.total_float <= 0)
        assert st.late_finish <= s.finish
        # Early start is exactly the tightest constraint (or the project start).
        bounds = [s.start]
        for d in task.depends_on:
            p = s.tasks[d.predecessor]
            assert position[d.predecessor] < position[task.id]
            pd = by_id[d.predecessor].duration
            bounds.append(_bound(CAL, p.early_start, p.early_finish, pd, d.lag))
            # Late dates respect the same link.
            assert st.late_start >= _bound(CAL, p.late_start, p.late_finish, pd, d.lag)
        assert st.early_start == max(bounds)

    assert s.finish == max(t.early_finish for t in s.tasks.values())
    assert min(t.total_float for t in s.tasks.values()) == 0
    assert s.critical_path
    assert all(s.tasks[i].total_float == 0 for i in s.critical_path)
    assert s.tasks[s.critical_path[0]].early_start == s.start
    assert any(s.tasks[i].early_finish == s.finish for i in s.critical_path)
    assert capsys.readouterr() == ("", "")


def test_ten_thousand_long_chain(capsys: pytest.CaptureFixture[str]) -> None:
    n = 10_000
    chain = [Task("c0", 1)] + [Task(f"c{i}", 1, (dep(f"c{i - 1}"),)) for i in range(1, n)]
    s = schedule(chain[::-1], MON_5, CAL)
    ids = tuple(f"c{i}" for i in range(n))
    assert s.order == ids
    assert s.finish == CAL.add_workdays(MON_5, n - 1)
    assert s.tasks["c9999"].early_start == s.finish
    assert s.critical_path == ids
    assert all(t.total_float == 0 for t in s.tasks.values())
    assert capsys.readouterr() == ("", "")


def test_ten_thousand_long_cycle() -> None:
    n = 10_000
    ring = [Task(f"r{i}", 1, (dep(f"r{(i - 1) % n}"),)) for i in range(n)]
    with pytest.raises(ScheduleError) as err:
        schedule(ring, MON_5, CAL)
    assert err.value.cycle == (*(f"r{i}" for i in range(n)), "r0")
