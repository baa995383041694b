"""Shared environments (§5.2): booked for the work that needs them, never twice at once.

ENV002 looks at one plan: an activity that needs a shared environment (a
readiness test, a service rehearsal: the catalog marks them
``shared_environment``; or any activity with ``environment:``) needs a booking
under ``bookings:`` whose ``activity:`` names it, for its dates.

ENV001 looks across plans.
Transition Planning and Support coordinates the resources that projects and
changes share, such as the one staging environment: project plans must fit
with it (§5.2). Each plan lists the date ranges it holds an environment for
under ``bookings:``; this rule reads every plan of a ``pmsm check`` run (a
folder) together and reports bookings of the same environment by different
plans that overlap, in both plans, each naming the other's file and line.
The overlap test is ``bookings.conflicts_among``, the one ``pmsm portfolio``
uses too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import AcrossPlans, Hit, Rule, no_check
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import WEEKDAYS, Booking
from pmsm_cli.models.plan import Activity as PlanActivity

if TYPE_CHECKING:
    from pmsm_cli.portfolio.bookings import BookingRef

# The examples of a rule across plans are two plans, as two YAML documents.


def _gather(ctx: CheckContext) -> tuple[BookingRef, ...] | None:
    if not ctx.plan.bookings:
        return None
    # Here and below, imported once a plan has bookings: most have none.
    from pmsm_cli.portfolio.bookings import booking_refs

    return tuple(booking_refs(ctx.loaded))


def _describe(ref: BookingRef) -> str:
    what = f" for '{ref.activity}'" if ref.activity else ""
    return f"{ref.start.isoformat()} to {ref.finish.isoformat()}{what}"


def _clashes(plans: Sequence[tuple[BookingRef, ...]]) -> Iterator[tuple[int, Hit]]:
    from pmsm_cli.portfolio.bookings import conflicts_among

    number = {refs[0].path: n for n, refs in enumerate(plans)}
    for conflict in conflicts_among(plans):
        days = f"{conflict.days} day{'s' if conflict.days != 1 else ''}"
        span = f"{conflict.overlap_start.isoformat()} to {conflict.overlap_finish.isoformat()}"
        for mine, theirs in ((conflict.first, conflict.second), (conflict.second, conflict.first)):
            yield (
                number[mine.path],
                Hit(
                    ("bookings", mine.index),
                    f"'{mine.environment}' is booked here {_describe(mine)}, and by "
                    f"'{theirs.project}' {_describe(theirs)} at {theirs.where()}: both hold it "
                    f"{span} ({days}); agree the dates with the other project and Transition "
                    "Planning and Support",
                    target=mine.environment,
                    at=(mine.line, mine.column),
                ),
            )


def _needs_booking(ctx: CheckContext, planned: PlanActivity) -> bool:
    if planned.environment is not None:
        return True
    entry = ctx.catalog.activity_by_id.get(planned.catalog_id)
    return entry is not None and entry.shared_environment


def _first_day_not_held(
    ctx: CheckContext, start: dt.date, finish: dt.date, held: list[Booking]
) -> dt.date | None:
    """The first working day from ``start`` to ``finish`` that no booking in ``held`` covers.

    Working days only: two bookings of Monday to Friday hold a two-week test, the
    weekend between them needs no booking. The plan's own calendar says what a
    working day is (no calendar of working days: every day counts).
    """
    calendar = ctx.plan.project.calendar
    workdays = {WEEKDAYS.index(d) for d in calendar.workdays} or set(range(7))
    holidays = calendar.days_off(start, finish)
    day = start
    while day <= finish:
        working = day.weekday() in workdays and day not in holidays
        if working and not any(b.start <= day <= b.finish for b in held):
            return day
        day += dt.timedelta(days=1)
    return None


def _unbooked(ctx: CheckContext) -> Iterator[Hit]:
    plan = ctx.plan
    for index, planned in enumerate(plan.activities):
        # Finished work is past coordinating; dropped work needs nothing.
        if planned.status in DROPPED or planned.status == "done":
            continue
        if not _needs_booking(ctx, planned):
            continue
        mine = [(n, b) for n, b in enumerate(plan.bookings) if b.activity == planned.id]
        which = f"'{planned.environment}'" if planned.environment else "a shared environment"
        if not mine:
            yield Hit(
                ("activities", index),
                f"'{planned.id}' needs {which} but no booking names it: add one under "
                f"'bookings:' with 'activity: {planned.id}' and the dates agreed with "
                "Transition Planning and Support",
                target=planned.id,
            )
            continue
        if planned.environment is not None:
            from pmsm_cli.portfolio.bookings import environment_key

            wanted = environment_key(planned.environment)
            held = [(n, b) for n, b in mine if environment_key(b.environment) == wanted]
            if not held:
                booked = ", ".join(sorted({f"'{b.environment}'" for _n, b in mine}))
                yield Hit(
                    ("activities", index, "environment"),
                    f"'{planned.id}' needs '{planned.environment}', but its bookings are for "
                    f"{booked}",
                    target=planned.id,
                )
                continue
            mine = held
        start, finish = ctx.start_of(planned.id), ctx.finish_of(planned.id)
        if start is None or finish is None:
            continue  # no dates (the plan cannot be scheduled): SEQ008 says why
        gap = _first_day_not_held(ctx, start, finish, [b for _n, b in mine])
        if gap is not None:
            first, booking = mine[0]
            spans = ", ".join(f"{b.start.isoformat()} to {b.finish.isoformat()}" for _n, b in mine)
            yield Hit(
                ("bookings", first),
                f"'{planned.id}' runs {start.isoformat()} to {finish.isoformat()}, but "
                f"'{booking.environment}' is booked for it {spans}: {gap.isoformat()} is not "
                "covered; move the booking or the activity",
                target=planned.id,
            )


RULES = (
    Rule(
        code="ENV001",
        needs=frozenset({"bookings"}),
        slug="shared-environment-double-booked",
        title="Two plans book the same shared environment on the same days",
        severity="warning",
        source=whitepaper("5.2"),
        basis="requires",
        rationale=(
            "There is often a single staging environment, and Transition Planning and "
            "Support coordinates its use by every project and change (§5.2). Two plans "
            "that book it for overlapping dates will each find it busy when their tests or "
            "rehearsal are due. Check the plans of a portfolio together (pmsm check on their "
            "folder) and move one booking, or agree to share and waive the finding. Each plan "
            "is fine on its own, so this is a warning: the fix needs the other project too."
        ),
        bad=dedent("""
            # payroll/pmsm.yaml
            bookings:
              - {environment: staging, start: 2026-05-04, finish: 2026-05-15}
            ---
            # expenses/pmsm.yaml
            bookings:
              - {environment: staging, start: 2026-05-11, finish: 2026-05-22}
        """),
        good=dedent("""
            # payroll/pmsm.yaml
            bookings:
              - {environment: staging, start: 2026-05-04, finish: 2026-05-15}
            ---
            # expenses/pmsm.yaml
            bookings:
              - {environment: staging, start: 2026-05-18, finish: 2026-05-29}
        """),
        check=no_check,
        across=AcrossPlans(_gather, _clashes),
    ),
    Rule(
        code="ENV002",
        needs=frozenset({"bookings"}),
        slug="shared-environment-not-booked",
        title="A test that needs a shared environment has no booking for its dates",
        severity="warning",
        source=whitepaper("5.2"),
        basis="policy",
        rationale=(
            "Transition Planning and Support coordinates the resources that projects share, "
            "such as a single staging environment, and project managers must fit their plans "
            "to it (§5.2). The readiness tests and the service rehearsal (§4.3) run on such an "
            "environment, and the catalog marks them 'shared_environment'; any other activity "
            "can say it needs one with 'environment:'. Each needs a booking under 'bookings:' "
            "that names it and covers its working days, or the team learns that the "
            "environment is busy on the day the test is due. Asking for a booking per "
            "activity is pmsm's policy, following §5.2: the whitepaper gives the single "
            "staging environment as its example, not a rule. An activity that runs on an "
            "environment of the project's own records a waiver saying so."
        ),
        bad=dedent("""
            activities:
              - {id: sort-user-test, start: 2026-05-04, duration: 5}
            bookings:
              - {environment: staging, activity: sort-user-test, start: 2026-05-04,
                 finish: 2026-05-06}
        """),
        good=dedent("""
            activities:
              - {id: sort-user-test, start: 2026-05-04, duration: 5}
            bookings:
              - {environment: staging, activity: sort-user-test, start: 2026-05-04,
                 finish: 2026-05-08}
        """),
        check=_unbooked,
    ),
)
