"""Change control (§5.1): add project change requests and RFCs to a plan, list them.

§5.1 keeps two kinds apart. A *project* change request (more time, more
budget, other scope) protects the charter: the project sponsor decides it, and
it re-opens the business case. A *service* change request, the RFC, protects
production: the Change Advisory Board decides it, for a target environment
within a change window. :func:`build_change` enforces that before anything is
written; :func:`add_change` writes the entry with ``yamledit`` so the file's
comments and layout are kept.

Impact of a project change request, kept simple on purpose:

* Budget: ``extra_cost`` is added to the charter's TCO as a one-off implement
  cost, and the ROI is worked out again: (benefits - TCO) / TCO x 100. The
  "before" figure already counts the extra cost of the plan's approved or
  implemented project change requests, so a second request is weighed against
  the budget as it stands.
* Time: with an ``activity``, that activity takes ``extra_days`` more working
  days (a milestone moves that many working days later) and the plan as
  written is scheduled again; the project finish before and after is shown.
  Without one, the project end moves by ``extra_days`` working days.

Ids, when not given, are numbered in one sequence across both kinds
(``PCR-1``, ``PCR-2``, ``RFC-3``): the number says in which order requests
were raised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pmsm_cli.control import change_kinds
from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import ChangeRequest, Charter, Plan
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.records import record
from pmsm_cli.scheduling import ScheduledTask

PREFIX = {"project": "PCR", "service": "RFC"}
DECIDED = ("approved", "implemented")


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


@record
class ChangeInput:
    """What the user asked for, before the §5.1 rules and defaults are applied."""

    kind: str
    title: str
    id: str | None = None
    reason: str | None = None
    change_type: str | None = None
    extra_days: int | None = None
    extra_cost: float | None = None
    approver: str | None = None
    status: str | None = None
    approved_on: dt.date | None = None
    activity: str | None = None
    environment: str | None = None
    window_start: dt.date | None = None
    window_end: dt.date | None = None


def next_id(plan: Plan, kind: str) -> str:
    """``PCR-n`` or ``RFC-n``, n one more than the highest number of either kind in use."""
    used = [
        int(match.group(1))
        for cr in plan.change_requests
        if (match := re.fullmatch(r"(?:PCR|RFC)-(\d+)", cr.id))
    ]
    number = max(used, default=0) + 1
    taken = {cr.id for cr in plan.change_requests}
    while f"{PREFIX[kind]}-{number}" in taken:
        number += 1
    return f"{PREFIX[kind]}-{number}"


def build_change(loaded: LoadedPlan, new: ChangeInput) -> ChangeRequest:
    """The change request to write, or a PmsmError listing every rule it breaks."""
    plan = loaded.plan
    problems: list[str] = []
    project = new.kind == "project"
    change_type = new.change_type
    if project and change_type is None and (new.extra_days is None) != (new.extra_cost is None):
        change_type = "time" if new.extra_days is not None else "budget"
    approver = new.approver or change_kinds.default_approver(new.kind, change_type)
    from pmsm_cli.prince2 import rfc_words

    # What belongs to which kind is decided once, by the function CHG003 asks too.
    asked = replace(new, change_type=change_type, approver=approver)
    rfc = rfc_words(plan.project.method)
    for mixup in change_kinds.mixups_of(asked, cli=True, rfc=rfc):
        problems.append(
            f"{_option(mixup.field)} {mixup.reason}" if mixup.wrong_kind else mixup.reason
        )
    if project:
        if change_type == "time" and new.extra_days is None:
            problems.append("a time change request needs --extra-days: how many working days")
        if change_type == "budget" and new.extra_cost is None:
            problems.append("a budget change request needs --extra-cost: how much more money")
        if new.extra_days is not None and new.extra_days < 0:
            problems.append(f"--extra-days should be 0 or more, but it is {new.extra_days}")
        if new.extra_cost is not None and new.extra_cost < 0:
            problems.append(f"--extra-cost should be 0 or more, but it is {new.extra_cost:g}")
    else:
        if not new.environment:
            problems.append(
                "an RFC needs --environment: the environment it changes (production, staging...)"
            )
        if new.window_start is None or new.window_end is None:
            problems.append(
                "an RFC needs a change window the CAB can agree to: --window-start and "
                "--window-end (YYYY-MM-DD)"
            )
        elif new.window_end < new.window_start:
            problems.append(
                f"the change window ends ({new.window_end.isoformat()}) before it starts "
                f"({new.window_start.isoformat()})"
            )
    status = new.status or ("approved" if new.approved_on is not None else "draft")
    if status in DECIDED and new.approved_on is None:
        who = "the sponsor" if project else change_kinds.BODY.get(approver, approver)
        problems.append(f"status {status} needs --approved-on: the date {who} approved it")
    if new.approved_on is not None and status not in DECIDED:
        problems.append(
            f"--approved-on is given, but the status is {status}; an approval date goes with "
            "--status approved or implemented"
        )
    if new.activity is not None and new.activity not in {a.id for a in plan.activities}:
        problems.append(f"--activity '{new.activity}' is not an activity of this plan")
    cr_id = new.id or next_id(plan, new.kind)
    if any(cr.id == cr_id for cr in plan.change_requests):
        problems.append(f"the plan already has a change request with id '{cr_id}'")
    if problems:
        raise PmsmError([Problem(p, loaded.path) for p in problems])
    values: dict[str, Any] = {
        "id": cr_id,
        "kind": new.kind,
        "title": new.title,
        "reason": new.reason,
        "approver": approver,
        "status": status,
        "approved_on": new.approved_on,
        "activity": new.activity,
        "environment": new.environment,
        "window_start": new.window_start,
        "window_end": new.window_end,
        "change_type": change_type,
        "extra_days": new.extra_days,
        "extra_cost": new.extra_cost,
    }
    from pydantic import ValidationError

    try:
        return ChangeRequest.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as error:
        raise PmsmError(
            [
                Problem(f"{_option('.'.join(map(str, e['loc'])))}: {e['msg']}", None)
                for e in error.errors()
            ]
        ) from None


def add_change(text: str, path: Path, cr: ChangeRequest) -> str:
    """The plan text with ``cr`` appended to ``change_requests:`` (created when missing)."""
    from pmsm_cli.files import yamledit

    doc = yamledit.load(text, path)
    if not isinstance(doc.data, dict):
        raise PmsmError("the plan file is not a mapping; a change request cannot be added", path)
    items = doc.data.get("change_requests")
    if not isinstance(items, list) or (not items and yamledit.is_flow(items)):
        # Missing, or written `change_requests: []`: a block list reads better once it has items.
        items = yamledit.block_list()
        yamledit.set_keys(doc.data, {"change_requests": items}, after="activities")
    entry = cr.model_dump(exclude_none=True, exclude_defaults=False)
    entry.pop("evaluation", None)
    if isinstance(entry.get("extra_cost"), float) and entry["extra_cost"].is_integer():
        entry["extra_cost"] = int(entry["extra_cost"])
    node = yamledit.mapping({})
    yamledit.set_keys(node, entry)
    items.append(node)
    return doc.dump()


# --- impact of a project change request ---------------------------------------------------


def _roi(benefits: float, tco: float) -> float | None:
    return (benefits - tco) / tco * 100 if tco > 0 else None


@record
class BusinessCase:
    """The charter's figures before and after a project change request."""

    horizon_years: int
    benefits: float
    tco_before: float
    tco_after: float

    @property
    def roi_before(self) -> float | None:
        return _roi(self.benefits, self.tco_before)

    @property
    def roi_after(self) -> float | None:
        return _roi(self.benefits, self.tco_after)


def business_case(plan: Plan, cr: ChangeRequest) -> BusinessCase | None:
    """None when the charter has no cost and benefit figures to work the ROI from."""
    charter: Charter = plan.charter
    if not charter.costs or not charter.benefits:
        return None
    earlier = sum(
        c.extra_cost or 0
        for c in plan.change_requests
        if c.kind == "project" and c.status in DECIDED and c.id != cr.id
    )
    before = charter.tco + earlier
    return BusinessCase(
        charter.horizon_years, charter.total_benefits, before, before + (cr.extra_cost or 0)
    )


@record
class ScheduleImpact:
    finish_before: dt.date
    finish_after: dt.date
    activity: str | None  # the activity the request delays, if it names one
    target: dt.date | None  # the project's agreed finish, if any


def schedule_impact(loaded: LoadedPlan, catalog: Catalog, cr: ChangeRequest) -> ScheduleImpact:
    """The project finish as written, and with the request's extra days (see module doc)."""
    from pmsm_cli.plan.resolve import schedule_plan, work_calendar
    from pmsm_cli.plan.schedule import schedule_loaded

    plan = loaded.plan
    days = cr.extra_days or 0
    planned = schedule_loaded(loaded, catalog, suggest=False)
    before = _finish(planned.schedule.tasks.values())
    if cr.activity is None or days == 0:
        after = work_calendar(plan).add_workdays(before, days) if days else before
        return ScheduleImpact(before, after, None, plan.project.finish)
    resolved = planned.by_id[cr.activity]
    task = planned.schedule.tasks[cr.activity]
    activities = []
    for activity in plan.activities:
        if activity.id == cr.activity:
            if resolved.milestone:
                later = work_calendar(plan).add_workdays(task.early_start, days)
                activity = activity.model_copy(update={"start": later})
            else:
                activity = activity.model_copy(update={"duration": resolved.duration + days})
        activities.append(activity)
    changed = schedule_plan(
        plan.model_copy(update={"activities": activities}), catalog, suggest=False
    )
    after = _finish(changed.schedule.tasks.values())
    return ScheduleImpact(before, after, cr.activity, plan.project.finish)


def _finish(tasks: Iterable[ScheduledTask]) -> dt.date:
    return max(t.early_finish for t in tasks)


# --- listing ------------------------------------------------------------------------------


def cab_decision(cr: ChangeRequest) -> str:
    if cr.status in DECIDED:
        when = f" on {cr.approved_on.isoformat()}" if cr.approved_on else ""
        return f"approved{when}"
    return {"rejected": "rejected", "submitted": "pending", "draft": "not submitted"}[cr.status]


def evaluation_state(cr: ChangeRequest, loaded: LoadedPlan, today: dt.date) -> str:
    """Where the RFC's post-implementation evaluation stands (§5.3)."""
    from pmsm_cli.control.tracking import live_since

    evaluation = cr.evaluation
    if evaluation is not None and evaluation.evaluated_on is not None:
        risk = f", residual risk {evaluation.residual_risk}" if evaluation.residual_risk else ""
        return f"evaluated on {evaluation.evaluated_on.isoformat()}{risk}"
    if cr.status in ("draft", "rejected"):
        return "-"
    go_live = next((a for a in loaded.plan.activities if a.catalog_id == "go-live"), None)
    live = live_since(cr, loaded, go_live)
    if live is None or (live[0] is not None and live[0] > today):
        return "not live yet"
    since = f" (live since {live[0].isoformat()})" if live[0] else ""
    return f"due{since}"


def split_kinds(
    requests: Sequence[ChangeRequest],
) -> tuple[list[ChangeRequest], list[ChangeRequest]]:
    return [c for c in requests if c.kind == "project"], [
        c for c in requests if c.kind != "project"
    ]
