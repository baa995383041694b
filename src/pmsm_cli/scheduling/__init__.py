"""Critical path method (CPM) scheduling on a working-day calendar.

Pure computation: no I/O, no printing, standard library only.

Date conventions
================
They match how MS Project and TaskJuggler display day-granular plans: a task
of one day starts and finishes on the same date.

* Every date the scheduler produces is a working day of the calendar.
* The project starts on the first working day on or after the requested
  start (a Saturday start becomes Monday).  No task starts before it, even
  with a negative lag.
* A task of duration ``d >= 1`` starting on working day ``S`` finishes on the
  ``d``-th working day counting ``S`` itself:
  ``finish = calendar.add_workdays(S, d - 1)``.
* A successor of a task that finishes on ``F``, with lag ``L`` (working days,
  negative for a lead), starts no earlier than ``add_workdays(F, 1 + L)``:
  the next working day after ``F``, moved by the lag.
* A milestone (``d == 0``) takes no time: its start and finish are the same
  date, the day on which its predecessors let it start (the working day
  after the latest predecessor finish, or the project start).  Its own
  successors may start on that same date (plus lag): for them the milestone
  "finishes" at the end of the day before its date.
* ``fixed_start`` is "start no earlier than".  A fixed date on a non-working
  day rolls forward to the next working day.  When predecessors (or the
  project start) only allow a later start, the task starts at that earliest
  allowed date and the clash is listed in ``Schedule.conflicts``.  It does
  not affect late dates.
* The project finish is the latest early finish.  Late dates are computed
  back from it, or from the ``finish`` deadline when one is given (a deadline
  on a non-working day rolls back to the previous working day).  No task may
  finish after that date, whether or not it has successors.
  ``Schedule.finish`` is the later of the two.
* ``total_float = late_start - early_start`` in working days; a task is
  critical when its float is 0 or less.  ``Schedule.critical_path`` lists the
  tasks whose float equals the smallest float in the plan, so with a missed
  deadline it is the chain that misses it by the most.
"""

from .cpm import schedule
from .errors import ErrorKind, ScheduleError
from .model import Dependency, FixedDateConflict, Schedule, ScheduledTask, Task
from .workcalendar import Calendar

__all__ = [
    "Calendar",
    "Dependency",
    "ErrorKind",
    "FixedDateConflict",
    "Schedule",
    "ScheduleError",
    "ScheduledTask",
    "Task",
    "schedule",
]
