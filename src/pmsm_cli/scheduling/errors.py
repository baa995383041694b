"""The one exception type the scheduler raises, with structured details.

Callers (the CLI, reports) need both a sentence they can show to a person and
machine-readable fields they can act on, so every error carries a ``kind`` plus
the ids involved, and the message is written in plain words rather than graph
jargon.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

ErrorKind = Literal[
    "cycle",
    "unknown-dependency",
    "duplicate-id",
    "bad-duration",
    "bad-lag",
    "empty-calendar",
    "bad-calendar",
    "date-out-of-range",
]


class ScheduleError(Exception):
    """A plan or calendar that cannot be scheduled.

    Attributes:
        kind: what went wrong (see ``ErrorKind``).
        message: the plain-words explanation (also ``str(error)``).
        cycle: for ``"cycle"``: the member ids in dependency order, with the
            first id repeated at the end, e.g. ``("a", "b", "c", "a")`` meaning
            *b* depends on *a*, *c* on *b* and *a* on *c*.
        missing: for ``"unknown-dependency"``: every ``(task id, missing id)``
            pair in the plan, in input order.
        task_ids: for ``"duplicate-id"``, ``"bad-duration"`` and ``"bad-lag"``:
            the offending task ids, in input order.
    """

    kind: ErrorKind
    message: str
    cycle: tuple[str, ...]
    missing: tuple[tuple[str, str], ...]
    task_ids: tuple[str, ...]

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        cycle: Sequence[str] = (),
        missing: Iterable[tuple[str, str]] = (),
        task_ids: Iterable[str] = (),
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.cycle = tuple(cycle)
        self.missing = tuple(missing)
        self.task_ids = tuple(task_ids)

    # Factories keep the wording in one place so every caller phrases the same
    # problem the same way.

    @classmethod
    def for_cycle(cls, cycle: Sequence[str]) -> ScheduleError:
        chain = " -> ".join(cycle)
        return cls(
            "cycle",
            f"activities depend on each other in a circle: {chain}",
            cycle=cycle,
        )

    @classmethod
    def for_unknown_dependencies(cls, missing: Sequence[tuple[str, str]]) -> ScheduleError:
        parts = [
            f"activity {task!r} depends on {dep!r}, which is not in the plan"
            for task, dep in missing
        ]
        return cls("unknown-dependency", "; ".join(parts), missing=missing)

    @classmethod
    def for_duplicate_ids(cls, ids: Sequence[str]) -> ScheduleError:
        listed = ", ".join(repr(i) for i in ids)
        noun = "id is" if len(ids) == 1 else "ids are"
        return cls(
            "duplicate-id",
            f"activity {noun} used more than once: {listed}",
            task_ids=ids,
        )

    @classmethod
    def for_bad_durations(cls, bad: Sequence[tuple[str, object]]) -> ScheduleError:
        parts = [
            f"activity {task!r} has duration {value!r}; a duration must be a whole "
            "number of working days, 0 or more"
            for task, value in bad
        ]
        return cls("bad-duration", "; ".join(parts), task_ids=[t for t, _ in bad])

    @classmethod
    def for_bad_lags(cls, bad: Sequence[tuple[str, str, object]]) -> ScheduleError:
        parts = [
            f"activity {task!r} has lag {value!r} after {dep!r}; a lag must be a "
            "whole number of working days"
            for task, dep, value in bad
        ]
        # A task with several bad lags is still one offending task.
        ids = list(dict.fromkeys(t for t, _, _ in bad))
        return cls("bad-lag", "; ".join(parts), task_ids=ids)
