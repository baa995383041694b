"""The PRINCE2 part of ``pmsm status``: tolerances used and exceptions raised.

A plan with ``project.method: prince2`` gets one more section in every status
format (text, Markdown and HTML through :func:`blocks`, JSON through
:func:`as_json_data`): for the project and each management stage, the time and
cost forecast against the baseline and the tolerance, how much of the
tolerance it uses, and the exceptions raised for it (see
:mod:`pmsm_cli.prince2.tolerances` for how the figures are worked out).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pmsm_cli.formatting.numbers import percent
from pmsm_cli.prince2.tolerances import ToleranceReport, ToleranceUse
from pmsm_cli.reports import fmt
from pmsm_cli.reports.document import Block, Column, Heading, Para, Table


def _value(use: ToleranceUse, value: dt.date | float | None) -> str:
    if value is None:
        return fmt.NONE
    if isinstance(value, dt.date):
        return fmt.date(value)
    return fmt.money(value)


def _variance(use: ToleranceUse) -> str:
    if use.variance is None:
        return fmt.NONE
    if use.kind == "time":
        return fmt.days(round(use.variance))
    return fmt.signed_money(use.variance)


def _limit(use: ToleranceUse) -> str:
    if use.tolerance is None:
        return "not set"
    if use.kind == "time":
        return fmt.plural(round(use.tolerance), "working day")
    return fmt.money(use.tolerance)


def _used(use: ToleranceUse) -> str:
    used = use.used_percent
    if used is None:
        return fmt.NONE
    return "exceeded" if math.isinf(used) else percent(used, "whole")


def _verdict(use: ToleranceUse) -> str:
    if not use.over:
        return "within tolerance" if use.tolerance is not None and use.variance is not None else ""
    if use.exceptions:
        return "over: exception " + ", ".join(use.exceptions)
    return "OVER, no exception raised"


def blocks(report: ToleranceReport) -> list[Block]:
    """The section for text, Markdown and HTML."""
    return [
        Heading("Tolerances and exceptions (PRINCE2)"),
        Para(
            "Variance: working days late (time) or money over the baseline (cost). Used: the "
            "share of the tolerance the forecast takes; over 100% is an exception for the "
            "level that set the tolerance.",
            muted=True,
        ),
        Table(
            [
                Column("For"),
                Column("Tolerance on"),
                Column("Baseline", nowrap=True),
                Column("Forecast", nowrap=True),
                Column("Variance", numeric=True),
                Column("Tolerance", numeric=True),
                Column("Used", numeric=True),
                Column("Result"),
            ],
            [
                [
                    use.name if use.stage is None else f"stage {use.stage}: {use.name}",
                    use.kind,
                    _value(use, use.baseline),
                    _value(use, use.forecast),
                    _variance(use),
                    _limit(use),
                    _used(use),
                    _verdict(use),
                ]
                for use in report.uses
            ],
        ),
        Heading("Exceptions raised"),
        Table(
            [
                Column("ID", nowrap=True),
                Column("Raised", nowrap=True),
                Column("For"),
                Column("Tolerance on"),
                Column("Forecast"),
                Column("Status"),
                Column("Decision"),
            ],
            [
                [
                    e.id,
                    fmt.date(e.raised_on),
                    f"stage {e.stage}" if e.stage else "the project",
                    e.tolerance,
                    e.forecast,
                    e.status,
                    " ".join(
                        part
                        for part in (
                            e.decision or "",
                            f"({e.decided_on.isoformat()})" if e.decided_on else "",
                        )
                        if part
                    )
                    or fmt.NONE,
                ]
                for e in report.exceptions
            ],
            empty="no exception has been raised",
        ),
    ]


def _json_value(value: dt.date | float | None) -> str | float | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else round(value, 2)


def as_json_data(report: ToleranceReport) -> dict[str, Any]:
    """The ``prince2`` key of the status JSON (see docs/guide/status.md)."""
    return {
        "tolerances": [
            {
                "stage": use.stage,
                "name": use.name,
                "kind": use.kind,
                "baseline": _json_value(use.baseline),
                "forecast": _json_value(use.forecast),
                "variance": _json_value(use.variance),
                "tolerance": _json_value(use.tolerance),
                "over": use.over,
                "exceptions": list(use.exceptions),
            }
            for use in report.uses
        ],
        "exceptions": [
            {
                "id": e.id,
                "raised_on": e.raised_on.isoformat(),
                "stage": e.stage,
                "tolerance": e.tolerance,
                "forecast": e.forecast,
                "status": e.status,
                "decision": e.decision,
                "decided_on": e.decided_on.isoformat() if e.decided_on else None,
            }
            for e in report.exceptions
        ],
    }
