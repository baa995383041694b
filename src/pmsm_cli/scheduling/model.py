"""Plain records going into and coming out of the scheduler.

They carry no behaviour so that other parts of pmsm (file readers, reports)
can build and read them without pulling in any scheduling logic.  Date
conventions are documented in the package docstring.

All are records (``pmsm_cli.records``): read-only for the type checker, not
frozen at run time, because a frozen dataclass sets each field through
``object.__setattr__``, which for a 10,000-activity plan was a third of the
time to schedule it. The ones made once per task or dependency are slotted.
"""

from __future__ import annotations

from datetime import date

from pmsm_cli.records import record


@record(slots=True)
class Dependency:
    """Finish-to-start link: start after ``predecessor`` finishes, plus ``lag``.

    ``lag`` is in working days and may be negative (a lead: the successor may
    start that many working days before the predecessor finishes).
    """

    predecessor: str
    lag: int = 0


@record(slots=True)
class Task:
    """One activity of the plan.

    ``duration`` is in working days; 0 makes the task a milestone.
    ``fixed_start`` means "start no earlier than": the task starts on that date
    (or the next working day) unless its predecessors or the project start
    forbid it, in which case it starts as early as allowed and the schedule
    reports a ``FixedDateConflict``.
    """

    id: str
    duration: int
    depends_on: tuple[Dependency, ...] = ()
    fixed_start: date | None = None


@record(slots=True)
class FixedDateConflict:
    """A ``fixed_start`` the schedule could not honour.

    ``earliest_start`` is where predecessors (or the project start) allowed
    the task to start, and where it was scheduled instead.
    """

    task_id: str
    fixed_start: date
    earliest_start: date


@record(slots=True)
class ScheduledTask:
    """A task with its CPM dates; every date is a working day.

    ``total_float`` is in working days: how far the task can slip without
    moving the project finish (or missing the deadline).  It is negative when
    a deadline is already impossible.
    """

    id: str
    duration: int
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_float: int
    critical: bool


@record(slots=True)
class Schedule:
    """The result of ``schedule()``.

    ``tasks`` and ``order`` follow a topological order that keeps the input
    order wherever dependencies allow it.  ``critical_path`` lists, in that
    order, the tasks whose total float equals the smallest float in the plan.
    """

    tasks: dict[str, ScheduledTask]
    order: tuple[str, ...]
    start: date
    finish: date
    critical_path: tuple[str, ...]
    conflicts: tuple[FixedDateConflict, ...]
