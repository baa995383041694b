"""Where the missing activities go among the PM's tasks (foreign/placement.py) and their
estimated dates (foreign/timing.py).

A small catalog made here, so that every expected placement is worked out by hand:

    test -> [signoff] -> readiness -> [gate] -> golive -> els -> close

``signoff`` and ``gate`` belong to another kind of project: a ``new-service``
plan neither has nor needs them, so placement looks through them. ``close`` is
listed first, to show that the new tasks still come in dependency order.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pmsm_cli.foreign.placement import Anchor, place
from pmsm_cli.foreign.timing import Span, add_workdays, estimate
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where

KIND = "new-service"


def activity(activity_id: str, depends_on: list[str], **more: Any) -> dict[str, Any]:
    return {
        "id": activity_id,
        "title": f"Title of {activity_id}",
        "description": "Made for a test.",
        "source": {"document": "third-sky-whitepaper", "section": "4.4"},
        "pmbok_group": "executing",
        "duration": more.pop("duration", 2),
        "kinds": more.pop("kinds", [KIND]),
        "depends_on": depends_on,
        **more,
    }


CATALOG = Catalog.model_validate(
    {
        "activities": [
            activity("close", ["els"], milestone=True, duration=0),
            activity("test", [], duration=5),
            activity("signoff", ["test"], kinds=["other"]),
            activity("readiness", ["signoff"]),
            activity("gate", ["readiness"], kinds=["other"]),
            activity("golive", ["gate"], milestone=True, duration=0),
            activity("els", ["golive"], duration=10),
        ]
    }
)


def task(
    task_id: str,
    links: tuple[str, ...] = (),
    parent: str | None = None,
    start: date | None = None,
    finish: date | None = None,
) -> ForeignTask:
    return ForeignTask(
        id=task_id,
        name=f"task {task_id}",
        where=Where(Path("plan.xml"), uid=task_id),
        parent=parent,
        predecessors=tuple(Link(p) for p in links),
        start=start,
        finish=finish,
    )


def plan(*tasks: ForeignTask) -> ForeignPlan:
    return ForeignPlan(Path("plan.xml"), "mspdi", list(tasks))


def pm(task_id: str) -> Anchor:
    return Anchor(task_id=task_id)


def new(activity_id: str) -> Anchor:
    return Anchor(activity=activity_id)


# The PM's plan: 1 Build -> 2 System test -> 3 Go-live -> 4 Hypercare.
LINEAR = plan(task("1"), task("2", ("1",)), task("3", ("2",)), task("4", ("3",)))
LINEAR_COVERED = {"test": ["2"], "golive": ["3"], "els": ["4"]}


def test_between_the_tasks_that_cover_its_catalog_neighbours() -> None:
    placed = place(LINEAR, LINEAR_COVERED, ["readiness", "close"], CATALOG, KIND)
    by_activity = {p.activity: p for p in placed.tasks}
    # readiness: after signoff (not in this kind) -> after test, covered by task 2;
    # before gate (not in this kind) -> before golive, covered by task 3.
    assert by_activity["readiness"].after == (pm("2"),)
    assert by_activity["readiness"].before == ("3",)
    # close: after els (task 4); nothing comes after it.
    assert by_activity["close"].after == (pm("4"),)
    assert by_activity["close"].before == ()
    assert placed.skipped == ()


def test_what_a_new_task_is_carries_over_from_the_catalog() -> None:
    placed = place(LINEAR, LINEAR_COVERED, ["readiness", "close"], CATALOG, KIND)
    readiness, close = sorted(placed.tasks, key=lambda p: p.activity != "readiness")
    assert (readiness.name, readiness.duration_days, readiness.milestone) == (
        "Title of readiness",
        2,
        False,
    )
    assert (close.duration_days, close.milestone) == (0, True)
    # A catalog made in code has no documents: list to name it by, so the id stands.
    assert readiness.note.startswith(
        "Added by pmsm: catalog activity readiness (third-sky-whitepaper §4.4)."
    )


def test_missing_neighbours_become_links_between_the_new_tasks() -> None:
    # No go-live in the plan: readiness stops at the new go-live, which comes
    # after it and before the PM's hypercare (task 4).
    tasks = plan(task("1"), task("2", ("1",)), task("4", ("2",)))
    placed = place(tasks, {"test": ["2"], "els": ["4"]}, ["readiness", "golive"], CATALOG, KIND)
    assert [(p.activity, p.after, p.before) for p in placed.tasks] == [
        ("readiness", (pm("2"),), ()),
        ("golive", (new("readiness"),), ("4",)),
    ]


def test_new_tasks_come_in_dependency_order_whatever_the_catalog_order() -> None:
    tasks = plan(task("1"), task("2", ("1",)), task("3", ("2",)))
    placed = place(tasks, {"test": ["2"], "golive": ["3"]}, ["close", "els"], CATALOG, KIND)
    assert [(p.activity, p.after) for p in placed.tasks] == [
        ("els", (pm("3"),)),
        ("close", (new("els"),)),
    ]


def test_only_the_latest_predecessor_and_earliest_successor_are_linked() -> None:
    # Two tasks cover the test (5 follows 2) and two the go-live (6 follows 3):
    # after 5 implies after 2, and before 3 implies before 6.
    tasks = plan(
        task("2"), task("5", ("2",)), task("3", ("5",)), task("6", ("3",)), task("4", ("6",))
    )
    covered = {"test": ["2", "5"], "golive": ["3", "6"], "els": ["4"]}
    (readiness,) = place(tasks, covered, ["readiness"], CATALOG, KIND).tasks
    assert readiness.after == (pm("5"),)
    assert readiness.before == ("3",)


def test_a_link_that_would_close_a_loop_with_the_pms_links_is_left_out() -> None:
    # The PM put their go-live (3) before their test (2): readiness after 2 and
    # before 3 would be a loop, so only the link after 2 is kept.
    tasks = plan(task("3"), task("2", ("3",)))
    placed = place(tasks, {"test": ["2"], "golive": ["3"]}, ["readiness"], CATALOG, KIND)
    (readiness,) = placed.tasks
    assert readiness.after == (pm("2"),)
    assert readiness.before == ()
    assert len(placed.skipped) == 1
    assert placed.skipped[0].startswith("readiness before task 3:")


def test_a_summary_task_is_not_linked_before_work_inside_it() -> None:
    # Task 7 "Go-live" is a summary holding the system test 2: readiness after 2
    # cannot also come before 7 (MS Project calls that a circular relationship).
    tasks = plan(task("7"), task("2", parent="7"))
    placed = place(tasks, {"test": ["2"], "golive": ["7"]}, ["readiness"], CATALOG, KIND)
    (readiness,) = placed.tasks
    assert readiness.before == ()
    assert placed.skipped


def test_activities_of_other_kinds_and_covered_ones_are_not_added() -> None:
    placed = place(LINEAR, LINEAR_COVERED, ["signoff", "test", "readiness"], CATALOG, KIND)
    # signoff belongs to another kind and is never added; test is the kind's
    # own, so it is added when the caller names it missing.
    assert [p.activity for p in placed.tasks] == ["test", "readiness"]


def test_an_activity_without_predecessors_has_no_links_before_it() -> None:
    (test_task,) = place(plan(task("9")), {}, ["test"], CATALOG, KIND).tasks
    assert test_task.after == ()


# -- estimated dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 1, 5), 0, date(2026, 1, 5)),  # Monday, itself
        (date(2026, 1, 5), 4, date(2026, 1, 9)),  # Monday + 4 = Friday
        (date(2026, 1, 9), 1, date(2026, 1, 12)),  # Friday + 1 = Monday
    ],
)
def test_workdays_skip_weekends(start: date, count: int, expected: date) -> None:
    assert add_workdays(start, count) == expected


def test_dates_follow_the_predecessors_finish_on_weekdays() -> None:
    dated = plan(
        task("2", start=date(2026, 1, 5), finish=date(2026, 1, 9)),  # Mon to Fri
        task("3", ("2",), start=date(2026, 1, 12), finish=date(2026, 1, 12)),
    )
    dated.start = date(2026, 1, 5)
    placed = place(dated, {"golive": ["3"]}, ["test", "readiness", "els", "close"], CATALOG, KIND)
    spans = estimate(dated, placed)
    # test: no predecessor: with the project, Mon 5 Jan, 5 days to Fri 9 Jan.
    assert spans["test"] == Span(date(2026, 1, 5), date(2026, 1, 9))
    # readiness: after the new test: Mon 12 Jan, 2 days to Tue 13 Jan.
    assert spans["readiness"] == Span(date(2026, 1, 12), date(2026, 1, 13))
    # els: after the PM's go-live (Mon 12 Jan): Tue 13 Jan, 10 days to Mon 26 Jan.
    assert spans["els"] == Span(date(2026, 1, 13), date(2026, 1, 26))
    # close: a milestone at els's finish.
    assert spans["close"] == Span(date(2026, 1, 26), date(2026, 1, 26))


def test_no_dates_without_dates_in_the_plan() -> None:
    placed = place(LINEAR, LINEAR_COVERED, ["readiness"], CATALOG, KIND)
    assert estimate(LINEAR, placed) == {}


def test_a_new_task_following_another_through_skipped_activities_comes_after_it() -> None:
    # Neither go-live nor early life support is in the plan or to be added:
    # close follows els -> golive -> gate -> readiness, the new readiness task,
    # though the catalog lists close first.
    tasks = plan(task("2"))
    placed = place(tasks, {"test": ["2"]}, ["close", "readiness"], CATALOG, KIND)
    assert [(p.activity, p.after) for p in placed.tasks] == [
        ("readiness", (pm("2"),)),
        ("close", (new("readiness"),)),
    ]


# -- summaries among the predecessors --------------------------------------------------
#
# A second small catalog, the pattern of a migration plan's end:
#
#     golive -> els -> exit -> [review] -> kt -> close
#     golive ------------------^            review -> close
#
# ``review`` is the kind's own, but the caller does not add it (it is not
# named missing): placement looks through it, to the new exit and to golive.

CLOSING = Catalog.model_validate(
    {
        "activities": [
            activity("golive", [], milestone=True, duration=0),
            activity("els", ["golive"], duration=10),
            activity("exit", ["els"], milestone=True, duration=0),
            activity("review", ["exit", "golive"]),
            activity("kt", ["review"], duration=3),
            activity("close", ["review", "kt"], milestone=True, duration=0),
        ]
    }
)


def cutover_and_hypercare(*more_in_cutover: ForeignTask) -> ForeignPlan:
    # 1 Cutover (summary, covers golive): 2 Rehearsal -> 3 Go-live;
    # 4 Hypercare (summary, covers els): 5 Triage (after 3) -> 6 KT sessions (covers kt).
    return plan(
        task("1"),
        task("2", parent="1"),
        task("3", ("2",), parent="1"),
        *more_in_cutover,
        task("4"),
        task("5", ("3",), parent="4"),
        task("6", ("5",), parent="4"),
    )


CLOSING_COVERED = {"golive": ["1"], "els": ["4"], "kt": ["6"]}


def test_the_project_closes_after_the_new_exit_not_after_an_earlier_summary() -> None:
    placed = place(cutover_and_hypercare(), CLOSING_COVERED, ["exit", "close"], CLOSING, KIND)
    by_activity = {p.activity: p for p in placed.tasks}
    # exit: after els, covered by the summary 4. Before kt (through review), covered
    # by 6; but 6 is inside 4: 6 would start after 4 finishes, and 4 finishes with 6.
    # A loop: the link is left out and said so.
    assert by_activity["exit"].after == (pm("4"),)
    assert by_activity["exit"].before == ()
    assert placed.skipped == (
        "exit before task 6: that task already leads to the new task's predecessors, or is "
        "part of one, so the link would close a loop; it was left out",
    )
    # close: after review (looked through: the new exit and golive, the summary 1)
    # and after kt (6). 6 finishes before its summary 4, which the new exit follows;
    # 1 finishes with its last subtask, and both (2 -> 3 -> 5 -> 6) finish before 6.
    # Only the new exit is left: the project closes after it, not after the Cutover.
    assert by_activity["close"].after == (new("exit"),)
    assert by_activity["close"].before == ()


def test_a_summary_is_kept_as_a_predecessor_while_one_subtask_is_not_known_to_end_earlier() -> None:
    # Task 7 in the Cutover has no links: nothing says it finishes before the
    # new exit, so neither does the Cutover (1), and close follows both.
    tasks = cutover_and_hypercare(task("7", parent="1"))
    placed = place(tasks, CLOSING_COVERED, ["exit", "close"], CLOSING, KIND)
    by_activity = {p.activity: p for p in placed.tasks}
    assert by_activity["close"].after == (new("exit"), pm("1"))


def test_a_new_task_between_two_subtasks_of_one_summary_is_no_loop() -> None:
    # exit after 5 and before 6, both inside summary 4: 5 -> exit -> 6 is an
    # ordinary chain, and 4 finishes after all three.
    tasks = cutover_and_hypercare()
    placed = place(tasks, {"golive": ["1"], "els": ["5"], "kt": ["6"]}, ["exit"], CLOSING, KIND)
    (exit_task,) = placed.tasks
    assert (exit_task.after, exit_task.before) == ((pm("5"),), ("6",))
    assert placed.skipped == ()
