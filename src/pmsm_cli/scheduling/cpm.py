"""Critical path method: forward pass, backward pass, float.

All arithmetic happens on working-day numbers (ints from the calendar's
table), never on dates: adding working days is then plain integer addition,
and dates are produced once per task at the very end.

Internally a task occupies the half-open range of working days
``[start, start + duration)``; ``start + duration`` (the *end*) is the first
working day after the task, which is exactly where a finish-to-start
successor with zero lag begins.  That one rule covers milestones too: a
milestone's end equals its start, so its successors start on the
milestone's own date.  Only when showing a finish date do we convert the end
to the inclusive last working day (``end - 1``, or the start for a
milestone).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import add, sub

from .graph import build_graph, topological_order
from .model import FixedDateConflict, Schedule, ScheduledTask, Task
from .workcalendar import Calendar

_DEFAULT_CALENDAR = Calendar()


def schedule(
    tasks: Sequence[Task],
    start: date,
    calendar: Calendar = _DEFAULT_CALENDAR,
    finish: date | None = None,
) -> Schedule:
    """Schedule ``tasks`` from ``start`` on ``calendar``.

    ``start`` rolls forward to the first working day on or after it.
    ``finish`` is an optional deadline: late dates are computed back from it
    (rolled back to a working day) instead of from the earliest possible
    finish, so a deadline that is too early gives negative float along the
    chain that misses it, and a generous one gives everything positive float.

    Raises ``ScheduleError`` for duplicate ids, bad durations or lags, unknown
    dependencies and dependency cycles.
    """
    graph = build_graph(tasks)
    order = topological_order(graph)
    durations, preds = graph.durations, graph.preds
    n = len(durations)

    start_no = calendar._number(start)

    # -- forward pass: earliest start numbers --------------------------------
    # Only a few tasks are usually pinned, so a dict keeps the loop cheap.
    pins: dict[int, tuple[int, date]] = {
        i: (calendar._number(t.fixed_start), t.fixed_start)
        for i, t in enumerate(tasks)
        if t.fixed_start is not None
    }
    # (position, the user's date, allowed number) for fixed starts that lose.
    lost: list[tuple[int, date, int]] = []
    early_start = [0] * n
    early_end = [0] * n
    for i in order:
        es = start_no  # nothing starts before the project does
        for p, lag in preds[i]:
            candidate = early_end[p] + lag
            if candidate > es:
                es = candidate
        pin = pins.get(i) if pins else None
        if pin is not None:
            pinned, pinned_date = pin
            if pinned > es:
                es = pinned
            elif pinned < es:
                lost.append((i, pinned_date, es))
        early_start[i] = es
        early_end[i] = es + durations[i]

    # Offset from a task's start to its inclusive finish: the day before its
    # end for a task, its own date for a milestone.
    tails = [d - 1 if d else 0 for d in durations]
    # Every task starts on or after the project start, so only an empty plan
    # needs the default.
    project_finish = max(map(add, early_start, tails), default=start_no)

    anchor = project_finish if finish is None else calendar._number_on_or_before(finish)

    # -- backward pass: latest start numbers ---------------------------------
    # No task may finish after the anchor, whether or not it has successors
    # (a task whose only successors follow with a lead must still end by the
    # project finish).  In end terms that is anchor + 1 for a task and anchor
    # for a milestone, so both show a late finish of the anchor date.
    late_end = [anchor + 1 if d else anchor for d in durations]
    late_start = [0] * n
    # Reverse topological order finishes every successor before its
    # predecessors, so each task pushes its constraint back onto its
    # predecessors; that needs only the predecessor lists.
    for i in reversed(order):
        ls = late_end[i] - durations[i]
        late_start[i] = ls
        for p, lag in preds[i]:
            candidate = ls - lag
            if candidate < late_end[p]:
                late_end[p] = candidate

    # -- convert numbers to dates, once --------------------------------------
    low = min(start_no, min(late_start, default=start_no))
    high = max(project_finish, anchor)
    dates, first = calendar._dates_for(low, high)

    ids = graph.ids
    floats = list(map(sub, late_start, early_start))
    min_float = min(floats, default=0)
    scheduled: dict[str, ScheduledTask] = {}
    for i in order:
        es = early_start[i] - first  # positions in the date table
        ls = late_start[i] - first
        tail = tails[i]
        total_float = floats[i]
        scheduled[ids[i]] = ScheduledTask(
            ids[i],
            durations[i],
            dates[es],
            dates[es + tail],
            dates[ls],
            dates[ls + tail],
            total_float,
            total_float <= 0,
        )

    critical_path = tuple([ids[i] for i in order if floats[i] == min_float])
    conflicts = tuple(
        FixedDateConflict(ids[i], pinned, dates[allowed - first]) for i, pinned, allowed in lost
    )
    return Schedule(
        tasks=scheduled,
        order=tuple(scheduled),  # built in that order
        start=dates[start_no - first],
        finish=dates[high - first],
        critical_path=critical_path,
        conflicts=conflicts,
    )
