"""``pmsm status`` output: the report as text, Markdown, JSON or a self-contained HTML page.

The JSON shape is a published interface (documented in docs/guide/status.md under
``pmsm status``): keys are only ever added, and ``schema`` changes if one is
ever removed or changes meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pmsm_cli.control.tracking import ActivityProgress, StatusReport
from pmsm_cli.formats import Loaded
from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.prince2 import rfc_words
from pmsm_cli.reports import STATUS_FORMATS, fmt
from pmsm_cli.reports.document import (
    Block,
    Bullets,
    Column,
    Document,
    Facts,
    Figure,
    Heading,
    Para,
    Table,
    to_markdown,
    to_text,
)

JSON_SCHEMA_ID = "pmsm-status/1"


def _schedule_words(days: int) -> str:
    if days > 0:
        return f"{fmt.plural(days, 'working day')} late"
    if days < 0:
        return f"{fmt.plural(-days, 'working day')} early"
    return "on time"


def _index_words(value: float | None, good: str, bad: str) -> str:
    if value is None:
        return "n/a (nothing to divide by yet)"
    word = "on plan" if abs(value - 1) < 0.005 else (good if value > 1 else bad)
    return f"{fmt.index(value)} ({word})"


def _finish_cell(a: ActivityProgress) -> str:
    if a.finished:
        return fmt.date(a.forecast_finish)
    return f"~{fmt.date(a.forecast_finish)}"


def build_document(report: StatusReport, *, figures: bool = False) -> Document:
    doc = Document(
        title=f"Status: {report.project}",
        subtitle=f"{report.path}, as of {report.as_of.isoformat()}",
    )
    doc.add(*_summary(report))
    if figures:
        doc.add(*_figures(report))
    doc.add(*_slipping(report), *_milestones(report), *_activities(report))
    if report.tolerances is not None:
        from pmsm_cli.reports.status_prince2 import blocks

        doc.add(*blocks(report.tolerances))
    doc.add(*_evaluations(report))
    if report.notes:
        doc.add(Heading("Notes"), Bullets(report.notes))
    return doc


def _summary(report: StatusReport) -> list[Block]:
    """The schedule and earned-value figures at the top of the report."""
    ev = report.earned_value
    ms = report.milestones
    missed = (
        f"{fmt.percent(ms.percent_missed)} missed ({len(ms.missed)} of the "
        f"{fmt.plural(len(ms.due), 'milestone')} due by the as-of date)"
        if ms.due
        else "none due yet"
    )
    return [
        Heading("Schedule"),
        Facts(
            [
                ("baseline finish", fmt.date(report.baseline_finish)),
                ("forecast finish", fmt.date(report.forecast_finish)),
                ("schedule variance", _schedule_words(report.finish_variance_days)),
                ("milestones", missed),
                ("slipping on the critical path", str(len(report.slipping))),
            ]
        ),
        Heading("Earned value"),
        Facts(
            [
                ("budget at completion (BAC)", fmt.money(ev.bac)),
                ("planned value (PV)", fmt.money(ev.pv)),
                ("earned value (EV)", fmt.money(ev.ev)),
                ("actual cost (AC)", fmt.money(ev.ac)),
                ("schedule variance (SV = EV - PV)", fmt.signed_money(ev.sv)),
                ("cost variance (CV = EV - AC)", fmt.signed_money(ev.cv)),
                ("SPI = EV / PV", _index_words(ev.spi, "ahead of schedule", "behind schedule")),
                ("CPI = EV / AC", _index_words(ev.cpi, "under budget", "over budget")),
                ("estimate at completion (BAC / CPI)", fmt.money(ev.eac) if ev.eac else "n/a"),
            ]
        ),
    ]


def _figures(report: StatusReport) -> list[Block]:
    from pmsm_cli.reports.status_charts import ev_chart, spi_cpi_chart
    from pmsm_cli.reports.status_gantt import gantt

    return [
        Figure(
            [gantt(report)],
            "Grey: baseline. Solid: actual work; pale: forecast. Red: finishing late. "
            "Diamonds are milestones; the dashed line is the as-of date.",
        ),
        Figure(
            [ev_chart(report), spi_cpi_chart(report)],
            "Left: planned value over time from the baseline, with earned value and actual "
            "cost as of the date. Right: schedule (SPI) and cost (CPI) performance, for the "
            "project and each activity with planned value and actual cost.",
        ),
    ]


def _slipping(report: StatusReport) -> list[Block]:
    return [
        Heading("Slipping on the critical path"),
        Table(
            [
                Column("ID", nowrap=True),
                Column("Activity"),
                Column("Baseline finish", nowrap=True),
                Column("Forecast finish", nowrap=True),
                Column("Late (days)", numeric=True),
                Column("Done %", numeric=True),
            ],
            [
                [
                    a.id,
                    a.name,
                    fmt.date(a.baseline_finish),
                    fmt.date(a.forecast_finish),
                    fmt.days(a.finish_variance_days),
                    str(a.percent_complete),
                ]
                for a in report.slipping
            ],
            empty="no unfinished activity on the critical path is forecast to finish late",
        ),
    ]


def _milestones(report: StatusReport) -> list[Block]:
    return [
        Heading("Milestones"),
        Table(
            [
                Column("ID", nowrap=True),
                Column("Milestone"),
                Column("Baseline", nowrap=True),
                Column("Actual", nowrap=True),
                Column("Result"),
            ],
            [_milestone_row(a, report) for a in report.activities if a.milestone],
            empty="the plan has no milestones",
        ),
    ]


def _activities(report: StatusReport) -> list[Block]:
    return [
        Heading("Activities"),
        Para(
            "Finish is the actual finish, or the forecast one (~). Var: working days late (+) "
            "or early (-) against the baseline finish. CP: on the forecast's critical path.",
            muted=True,
        ),
        Table(
            [
                Column("ID", nowrap=True),
                Column("Activity"),
                Column("Status", nowrap=True),
                Column("CP"),
                Column("Baseline start", nowrap=True),
                Column("Baseline finish", nowrap=True),
                Column("Actual start", nowrap=True),
                Column("Finish", nowrap=True),
                Column("Var", numeric=True),
                Column("Planned %", numeric=True),
                Column("Done %", numeric=True),
                Column("Baseline cost", numeric=True),
                Column("PV", numeric=True),
                Column("EV", numeric=True),
                Column("AC", numeric=True),
            ],
            [_activity_row(a) for a in report.activities],
        ),
    ]


def _evaluations(report: StatusReport) -> list[Block]:
    """RFCs live but not evaluated (§5.3), named as the method names them."""
    rfc = rfc_words(report.method)
    plural = "RFCs (service changes)" if rfc != "RFC" else "RFCs"
    return [
        Heading(f"{plural} not yet evaluated after go-live (§5.3)"),
        Table(
            [
                Column(rfc, nowrap=True),
                Column("Title"),
                Column("Live since", nowrap=True),
                Column("Why we know"),
            ],
            [
                [p.id, p.title, fmt.date(p.live_since), p.because]
                for p in report.pending_evaluations
            ],
            empty=f"every {rfc} that went live has a recorded evaluation",
        ),
    ]


def _milestone_row(a: ActivityProgress, report: StatusReport) -> list[str]:
    if a.out_of_scope:
        result = a.status
    elif a.id in report.milestones.missed:
        result = "missed" if a.actual_finish is None else "reached late"
    elif a.id in report.milestones.due:
        result = "met"
    elif not a.in_baseline:
        result = "not in the baseline"
    else:
        result = "not due yet"
    return [a.id, a.name, fmt.date(a.baseline_finish), fmt.date(a.actual_finish), result]


def _activity_row(a: ActivityProgress) -> list[str]:
    return [
        a.id,
        a.name + (" ◆" if a.milestone else ""),
        a.status,
        "yes" if a.critical else "",
        fmt.date(a.baseline_start),
        fmt.date(a.baseline_finish),
        fmt.date(a.actual_start),
        _finish_cell(a),
        fmt.days(a.finish_variance_days),
        f"{a.planned_percent:.0f}" if a.in_baseline else fmt.NONE,
        str(a.percent_complete),
        fmt.money(a.baseline_cost) if a.in_baseline else fmt.NONE,
        fmt.money(a.pv),
        fmt.money(a.ev),
        fmt.money(a.actual_cost),
    ]


# --- JSON ---------------------------------------------------------------------------------


def _m(value: float) -> float:
    return round(value, 2)


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _d(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def as_json_data(report: StatusReport) -> dict[str, Any]:
    """The documented JSON shape (see docs/guide/status.md)."""
    ev = report.earned_value
    ms = report.milestones
    return {
        "schema": JSON_SCHEMA_ID,
        "plan": str(report.path),
        "project": report.project,
        "as_of": report.as_of.isoformat(),
        "schedule": {
            "baseline_finish": _d(report.baseline_finish),
            "forecast_finish": _d(report.forecast_finish),
            "finish_variance_days": report.finish_variance_days,
        },
        "earned_value": {
            "bac": _m(ev.bac),
            "pv": _m(ev.pv),
            "ev": _m(ev.ev),
            "ac": _m(ev.ac),
            "sv": _m(ev.sv),
            "cv": _m(ev.cv),
            "spi": _r(ev.spi, 4),
            "cpi": _r(ev.cpi, 4),
            "eac": _r(ev.eac, 2),
            "ac_not_in_baseline": _m(report.ac_not_in_baseline),
        },
        "milestones": {
            "due": len(ms.due),
            "missed": len(ms.missed),
            "percent_missed": _r(ms.percent_missed, 2),
            "missed_ids": ms.missed,
        },
        "critical_path_slipping": [
            {
                "id": a.id,
                "name": a.name,
                "baseline_finish": _d(a.baseline_finish),
                "forecast_finish": _d(a.forecast_finish),
                "finish_variance_days": a.finish_variance_days,
            }
            for a in report.slipping
        ],
        "activities": [_activity_json(a) for a in report.activities],
        "unevaluated_rfcs": [
            {
                "id": p.id,
                "title": p.title,
                "live_since": _d(p.live_since),
                "because": p.because,
                "line": p.line,
            }
            for p in report.pending_evaluations
        ],
        "notes": report.notes,
        # Added with the PRINCE2 profile: null unless project.method is prince2.
        "method": report.method,
        "prince2": _prince2_json(report),
    }


def _prince2_json(report: StatusReport) -> dict[str, Any] | None:
    if report.tolerances is None:
        return None
    from pmsm_cli.reports.status_prince2 import as_json_data as prince2_data

    return prince2_data(report.tolerances)


def _activity_json(a: ActivityProgress) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "line": a.line,
        "status": a.status,
        "milestone": a.milestone,
        "critical": a.critical,
        "in_baseline": a.in_baseline,
        "baseline": {
            "start": _d(a.baseline_start),
            "finish": _d(a.baseline_finish),
            "cost": _m(a.baseline_cost),
        },
        "actual": {
            "start": _d(a.actual_start),
            "finish": _d(a.actual_finish),
            "cost": _m(a.actual_cost),
        },
        "forecast": {"start": _d(a.forecast_start), "finish": _d(a.forecast_finish)},
        "finish_variance_days": a.finish_variance_days,
        "planned_percent": round(a.planned_percent, 2),
        "percent_complete": a.percent_complete,
        "pv": _m(a.pv),
        "ev": _m(a.ev),
    }


# --- the formats (their registry: pmsm_cli.reports) ------------------------------------


def to_json(report: StatusReport) -> str:
    return json_document(as_json_data(report))


def to_html(report: StatusReport) -> str:
    from pmsm_cli.reports.document import to_html_body
    from pmsm_cli.reports.htmlkit import page

    doc = build_document(report, figures=True)
    return page(doc.title, to_html_body(doc))


def to_plain_text(report: StatusReport) -> str:
    return to_text(build_document(report))


def to_md(report: StatusReport) -> str:
    return to_markdown(build_document(report))


# The formats by name, as their functions: the registry is pmsm_cli.reports.
RENDERERS: Mapping[str, Callable[[StatusReport], str]] = Loaded(STATUS_FORMATS)
