"""Plain records (str, int, bool, None, lists, dicts) of the plan view, for JSON and CSV.

JSON and CSV carry the same activity fields, in the same order, so a script
can switch between them; only the spelling of lists differs (see csvfile).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmsm_cli.plan.view import PlanView, Row

# The activity fields of JSON and the columns of CSV, in order. The first
# twelve are the ones issue #4 names; the rest add what a script usually
# needs next (titles, late dates, the plan's own tracking fields).
ACTIVITY_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "process",
    "phase",
    "pmbok_group",
    "start",
    "finish",
    "duration",
    "depends_on",
    "float",
    "critical",
    "suggested",
    "milestone",
    "stage",
    "process_title",
    "phase_title",
    "pmbok_group_title",
    "stage_title",
    "owner",
    "status",
    "late_start",
    "late_finish",
    "catalog_id",
    "fixed_start",
    "actual_start",
    "actual_finish",
    "percent_complete",
)


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def activity_record(row: Row) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "process": row.process,
        "phase": row.phase,
        "pmbok_group": row.pmbok_group,
        "start": row.start.isoformat(),
        "finish": row.finish.isoformat(),
        "duration": row.duration,
        "depends_on": [{"id": d.id, "lag": d.lag} for d in row.depends_on],
        "float": row.float,
        "critical": row.critical,
        "suggested": row.suggested,
        "milestone": row.milestone,
        "stage": row.stage,
        "process_title": row.process_title or None,
        "phase_title": row.phase_title or None,
        "pmbok_group_title": row.pmbok_group_title or None,
        "stage_title": row.stage_title or None,
        "owner": row.owner,
        "status": row.status,
        "late_start": row.late_start.isoformat(),
        "late_finish": row.late_finish.isoformat(),
        "catalog_id": row.catalog_id,
        "fixed_start": iso(row.fixed_start),
        "actual_start": iso(row.actual_start),
        "actual_finish": iso(row.actual_finish),
        "percent_complete": row.percent_complete,
    }
    return record


def project_record(view: PlanView) -> dict[str, Any]:
    c = view.charter
    return {
        "name": view.name,
        "kind": view.kind,
        "kind_title": view.kind_title,
        "service": view.service,
        "manager": view.manager,
        "start": view.start.isoformat(),
        "finish": view.finish.isoformat(),
        "target_finish": iso(view.target_finish),
        "late_by": view.late_by,
        "working_days": view.working_days,
        "calendar": {
            "workdays": list(view.workdays),
            "holidays": [h.isoformat() for h in view.holidays],
        },
        "counts": {
            "activities": view.counts.activities,
            "planned": view.counts.planned,
            "suggested": view.counts.suggested,
            "critical": view.counts.critical,
            "milestones": view.counts.milestones,
        },
        "critical_path": [r.id for r in view.critical_path],
        "milestones": [
            {"id": r.id, "name": r.name, "date": r.start.isoformat(), "critical": r.critical}
            for r in view.milestones
        ],
        "charter": {
            "objectives": list(c.objectives),
            "sponsor": c.sponsor,
            "customer": c.customer,
            "horizon_years": c.horizon_years,
            "tco": c.tco,
            "total_benefits": c.total_benefits,
            "roi": c.roi,
            "derived_roi": c.derived_roi,
        },
    }


def plan_record(view: PlanView) -> dict[str, Any]:
    """The whole view as JSON-ready data; ``format_version`` changes when a key changes."""
    return {
        "format_version": 1,
        "project": project_record(view),
        "activities": [activity_record(r) for r in view.rows],
        "requirements": [
            {
                "checklist": checklist.id,
                "checklist_title": checklist.title,
                "item": item.id,
                "item_title": item.title,
                "covered": item.covered,
                "requirements": [
                    {"id": r.id, "text": r.text, "priority": r.priority, "status": r.status}
                    for r in item.requirements
                ],
            }
            for checklist in view.checklists
            for item in checklist.items
        ],
        "risks": [
            {
                "id": r.id,
                "title": r.title,
                "category": r.category,
                "probability": r.probability,
                "impact": r.impact,
                "response": r.response,
                "owner": r.owner,
                "status": r.status,
            }
            for r in view.risks
        ],
        "stakeholders": [
            {
                "role": s.role,
                "role_title": s.role_title,
                "name": s.name,
                "applicable": s.applicable,
                "reason": s.reason,
                "contact": s.contact,
            }
            for s in view.stakeholders
        ],
        "change_requests": [
            {
                "id": c.id,
                "kind": c.kind,
                "title": c.title,
                "approver": c.approver,
                "status": c.status,
                "approved_on": iso(c.approved_on),
                "activity": c.activity,
                "window_start": iso(c.window_start),
                "window_end": iso(c.window_end),
                "extra_days": c.extra_days,
                "extra_cost": c.extra_cost,
            }
            for c in view.change_requests
        ],
        "warnings": [
            {"message": w.message, "line": w.line, "column": w.column} for w in view.warnings
        ],
    }
