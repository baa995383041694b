"""How the PRINCE2 rules check tolerances, exceptions and the benefits approach.

PRN004 (time and cost tolerances set), PRN005 (a forecast beyond tolerance has its
exception), PRN006 (a benefits approach with owner and measures) and PRN007 (a
benefits review after closure). The rules themselves are in
:mod:`pmsm_cli.lint.rules.prince2`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit
from pmsm_cli.prince2 import is_prince2

if TYPE_CHECKING:
    from pmsm_cli.prince2.tolerances import ToleranceReport, ToleranceUse

CLOSED = "project-closed"  # the catalog's closing milestone


def tolerances_set(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    limits = ctx.plan.tolerances
    missing = [
        word
        for word, value in (
            ("time_days", limits.time_days if limits else None),
            ("cost", limits.cost if limits else None),
        )
        if value is None
    ]
    if missing:
        yield Hit(
            ("tolerances",),
            f"the project's tolerances have no {' and no '.join(missing)}: write down how far "
            "the forecast may pass the baseline finish (working days) and cost before the "
            "board must take the decision to the business",
            key=True,
        )


def _measured(ctx: CheckContext) -> ToleranceReport | None:
    """The tolerances as of the plan's last recorded progress; None: nothing to measure."""
    # Imported here, as below: only a PRINCE2 plan gets this far, and a check of any
    # other plan should not pay for the tolerance and money helpers.
    from pmsm_cli.control.tracking import status_report
    from pmsm_cli.prince2.tolerances import progress_date

    try:
        report = status_report(ctx.loaded, ctx.catalog, progress_date(ctx.plan))
    except PmsmError:
        return None  # no baseline, or one pmsm status would refuse: it says why
    return report.tolerances


def _amount(use: ToleranceUse, value: object) -> str:
    from pmsm_cli.formatting.numbers import money
    from pmsm_cli.reports.fmt import plural

    if use.kind == "time":
        return plural(round(value), "working day") if isinstance(value, float) else str(value)
    return money(value, "whole") if isinstance(value, float) else str(value)


def over_tolerance(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    measured = _measured(ctx)
    if measured is None:
        return
    index_of = {s.id: i for i, s in enumerate(ctx.plan.stages)}
    for use in measured.unreported:
        field = "time_days" if use.kind == "time" else "cost"
        if use.stage is None:
            loc: tuple[str | int, ...] = ("tolerances", field)
            who = "the project"
            raise_as = "an exception without 'stage'"
        else:
            loc = ("stages", index_of[use.stage], "tolerances", field)
            who = f"stage '{use.stage}' ({use.name})"
            raise_as = f"an exception with 'stage: {use.stage}'"
        if use.kind == "time":
            what = (
                f"{who} is forecast to finish on {use.forecast}, "
                f"{_amount(use, use.variance)} after its baseline finish {use.baseline}"
            )
        else:
            what = (
                f"{who} is forecast to cost {_amount(use, use.forecast)} against a baseline "
                f"of {_amount(use, use.baseline)}, {_amount(use, use.variance)} over"
            )
        yield Hit(
            loc,
            f"{what}, beyond its {use.kind} tolerance of {_amount(use, use.tolerance)}, and no "
            f"exception is raised for it; report it to the level that set the tolerance: "
            f"{raise_as} and 'tolerance: {use.kind}' under 'exceptions:'",
            key=True,
            target=use.stage or "project",
        )


# --- PRN006 and PRN007: benefits ----------------------------------------------------------


def benefits_approach(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    approach = ctx.plan.benefits_approach
    if approach is None:
        yield Hit(
            ("benefits_approach",),
            "the plan has no 'benefits_approach': say who is accountable for the benefits, "
            "how each is measured and when benefits reviews take place, during the project "
            "and after it closes",
            key=True,
        )
        return
    if approach.owner is None:
        yield Hit(
            ("benefits_approach",),
            "the benefits management approach has no 'owner': name who answers for the "
            "benefits being measured and realised, usually the Senior User",
            key=True,
        )
    if not approach.measures:
        yield Hit(
            ("benefits_approach", "measures"),
            "the benefits management approach lists no 'measures': say how each benefit of "
            "the business case will be measured, and against what starting value",
            key=True,
        )


def _closure(ctx: CheckContext) -> tuple[str, dt.date] | None:
    """When the project closes, and how we know."""
    found = ctx.entry(CLOSED)
    if found is not None:
        finish = ctx.finish_of(found[1].id)
        if finish is not None:
            return f"'{found[1].id}' on {finish.isoformat()}", finish
    if ctx.plan.project.finish is not None:
        return f"the project's finish, {ctx.plan.project.finish.isoformat()}", (
            ctx.plan.project.finish
        )
    return None


def review_after_closure(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan) or ctx.plan.benefits_approach is None:
        return
    closure = _closure(ctx)
    if closure is None:
        return
    words, day = closure
    reviews = ctx.plan.benefits_approach.reviews
    if any(review > day for review in reviews):
        return
    yield Hit(
        ("benefits_approach", "reviews") if reviews else ("benefits_approach",),
        f"no benefits review is planned after the project closes ({words}); most benefits "
        "show only once the service has run for a while, so plan a review after closure "
        "under 'reviews:'",
        key=True,
    )


# --- PRN008: references and misplaced fields ------------------------------------------------
