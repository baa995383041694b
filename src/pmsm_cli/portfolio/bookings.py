"""Shared environments booked by several plans at once (§5.2).

There is often a single staging environment, and Transition Planning and
Support coordinates its use across projects and changes. Each plan lists the
date ranges it holds an environment for under ``bookings:``; this module
finds the ranges of *different* plans that overlap on the same environment.
Bookings within one plan are the project's own business and never conflict.

:func:`booking_conflicts` is what ``pmsm portfolio`` reports and what a folder
check can turn into findings: each side carries its file, line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.errors import Problem
from pmsm_cli.records import record

if TYPE_CHECKING:
    # Only for annotations: a cached check unpickles BookingRef (what ENV001 gathers)
    # and must not pay for importing the plan models to do so.
    from pmsm_cli.plan.load import LoadedPlan


def environment_key(name: str) -> str:
    """Bookings of 'Staging' and ' staging' are bookings of the same environment."""
    return " ".join(name.split()).casefold()


@record(slots=True)
class BookingRef:
    """One booking of one plan, with where it is written."""

    path: Path
    line: int
    column: int
    index: int  # position in the plan's ``bookings:`` list
    project: str
    environment: str
    start: dt.date
    finish: dt.date
    activity: str | None
    activity_name: str | None  # the plan activity's own name, when the plan gives one
    purpose: str | None

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@record(slots=True)
class BookingConflict:
    """Two plans holding the same environment on the same days."""

    environment: str
    overlap_start: dt.date
    overlap_finish: dt.date
    first: BookingRef  # the one that starts first (then by file)
    second: BookingRef

    @property
    def days(self) -> int:
        """Calendar days both plans hold the environment."""
        return (self.overlap_finish - self.overlap_start).days + 1


def booking_refs(loaded: LoadedPlan) -> list[BookingRef]:
    plan = loaded.plan
    if not plan.bookings:
        return []  # and no look-up table of every activity's name to build
    names = {a.id: a.name for a in plan.activities}
    refs = []
    for index, booking in enumerate(plan.bookings):
        line, column = loaded.doc.position(("bookings", index))
        refs.append(
            BookingRef(
                path=loaded.path,
                line=line,
                column=column,
                index=index,
                project=plan.project.name,
                environment=booking.environment,
                start=booking.start,
                finish=booking.finish,
                activity=booking.activity,
                activity_name=names.get(booking.activity or ""),
                purpose=booking.purpose,
            )
        )
    return refs


def booking_conflicts(plans: Sequence[LoadedPlan]) -> list[BookingConflict]:
    """Overlapping bookings of one environment by different plans, earliest first.

    Dates are inclusive: a booking that finishes on the 10th and one that starts
    on the 10th both hold the environment that day. A booking whose finish is
    before its start holds nothing (:func:`booking_problems` reports it).
    """
    return conflicts_among([booking_refs(loaded) for loaded in plans])


def conflicts_among(plans: Sequence[Sequence[BookingRef]]) -> list[BookingConflict]:
    """:func:`booking_conflicts` from each plan's bookings (what ``pmsm check`` gathers)."""
    by_environment: dict[str, list[tuple[int, BookingRef]]] = {}
    for plan_no, refs in enumerate(plans):
        for ref in refs:
            if ref.finish >= ref.start:
                by_environment.setdefault(environment_key(ref.environment), []).append(
                    (plan_no, ref)
                )

    conflicts: list[BookingConflict] = []
    for entries in by_environment.values():
        # Sweep by start date: each booking is compared only with those still open.
        entries.sort(key=lambda e: (e[1].start, e[0], e[1].index))
        open_: list[tuple[int, BookingRef]] = []
        for plan_no, ref in entries:
            open_ = [(p, r) for p, r in open_ if r.finish >= ref.start]
            for other_no, other in open_:
                if other_no != plan_no:
                    conflicts.append(
                        BookingConflict(
                            environment=other.environment,
                            overlap_start=ref.start,
                            overlap_finish=min(ref.finish, other.finish),
                            first=other,
                            second=ref,
                        )
                    )
            open_.append((plan_no, ref))
    conflicts.sort(key=lambda c: (c.overlap_start, environment_key(c.environment), c.first.path))
    return conflicts


def booking_problems(loaded: LoadedPlan) -> list[Problem]:
    """Bookings that cannot be right: ending before they start, or naming no plan activity."""
    problems: list[Problem] = []
    activity_ids = {a.id for a in loaded.plan.activities}
    for index, booking in enumerate(loaded.plan.bookings):
        if booking.finish < booking.start:
            path, line, column = loaded.doc.locate(("bookings", index, "finish"))
            problems.append(
                Problem(
                    f"the booking of '{booking.environment}' finishes on "
                    f"{booking.finish.isoformat()}, before it starts on "
                    f"{booking.start.isoformat()}",
                    path,
                    line,
                    column,
                )
            )
        if booking.activity is not None and booking.activity not in activity_ids:
            path, line, column = loaded.doc.locate(("bookings", index, "activity"))
            problems.append(
                Problem(
                    f"the booking of '{booking.environment}' is for activity "
                    f"'{booking.activity}', which is not in the plan's activities",
                    path,
                    line,
                    column,
                )
            )
    return problems
