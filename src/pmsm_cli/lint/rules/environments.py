"""Shared environments (§5.2): plans checked together must not hold one environment at once.

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

from collections.abc import Iterator, Sequence

from pmsm_cli.bookings import BookingRef, booking_refs, conflicts_among
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import AcrossPlans, Hit, Rule, no_check
from pmsm_cli.lint.rules.common import dedent

# The examples of a rule across plans are two plans, as two YAML documents.


def _gather(ctx: CheckContext) -> tuple[BookingRef, ...] | None:
    return tuple(booking_refs(ctx.loaded)) or None


def _describe(ref: BookingRef) -> str:
    what = f" for '{ref.activity}'" if ref.activity else ""
    return f"{ref.start.isoformat()} to {ref.finish.isoformat()}{what}"


def _clashes(plans: Sequence[tuple[BookingRef, ...]]) -> Iterator[tuple[int, Hit]]:
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


RULES = (
    Rule(
        code="ENV001",
        needs=frozenset({"bookings"}),
        slug="shared-environment-double-booked",
        title="Two plans book the same shared environment on the same days",
        severity="warning",
        source="seed 004 §5.2",
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
)
