"""``pmsm baseline``: freeze the scheduled dates and costs into the plan (§5), for the
measures of the Service Project Management article (see pmsm_cli.control.tracking).

The baseline is what was agreed: each activity's dates as the scheduler places
them today and its cost estimate, copied into ``baseline_start``,
``baseline_finish`` and ``baseline_cost``. ``pmsm status`` measures progress
against it, so it is frozen from the plan *as written* (no suggested catalog
activities, ``schedule_plan(..., suggest=False)``), which is how the status
forecast schedules the plan too.

Rules:

* Cancelled and not-applicable activities are not planned work; they get no
  baseline (and lose an old one when the baseline is taken again).
* An activity without ``cost`` gets dates but no ``baseline_cost`` (status
  counts it as 0).
* A plan that already has a baseline keeps it unless the user says ``--force``:
  re-baselining rewrites the yardstick, which a project manager does on
  purpose (after an approved project change request, §5.1), never by accident.

The file is edited with ``yamledit``: comments, key order and layout are kept;
new keys go right after ``cost`` (or at the end of the activity).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.plan.schedule import schedule_loaded
from pmsm_cli.records import record

BASELINE_KEYS = ("baseline_start", "baseline_finish", "baseline_cost")
NOT_PLANNED = frozenset({"cancelled", "not-applicable"})


@record(slots=True)
class Frozen:
    """One activity's baseline, as it will be written."""

    index: int  # position in the plan's ``activities:`` list
    id: str
    start: dt.date | None  # None: not planned work, its baseline keys are removed
    finish: dt.date | None
    cost: float | int | None


def existing_baseline(loaded: LoadedPlan) -> PmsmError | None:
    """The refusal to give when the plan already has a baseline (None when it has none)."""
    for index, activity in enumerate(loaded.plan.activities):
        for key in BASELINE_KEYS:
            if getattr(activity, key) is not None:
                path, line, column = loaded.doc.locate(("activities", index, key), prefer_key=True)
                return PmsmError(
                    f"this plan already has a baseline (activity '{activity.id}' has {key}); "
                    "taking it again replaces what progress is measured against. Run with "
                    "--force to do that (for example after an approved project change "
                    "request), or --diff to see what would change",
                    path,
                    line,
                    column,
                )
    return None


def freeze(loaded: LoadedPlan, catalog: Catalog) -> list[Frozen]:
    """Every plan activity's baseline, from the plan scheduled as written."""
    planned = schedule_loaded(loaded, catalog, suggest=False)
    tasks = planned.schedule.tasks
    frozen = []
    for index, activity in enumerate(loaded.plan.activities):
        task = tasks.get(activity.id)
        if activity.status in NOT_PLANNED or task is None:
            frozen.append(Frozen(index, activity.id, None, None, None))
            continue
        cost = activity.cost
        if cost is not None and float(cost).is_integer():
            cost = int(cost)  # 1200, as people write it, not 1200.0
        frozen.append(Frozen(index, activity.id, task.early_start, task.early_finish, cost))
    if not any(f.start for f in frozen):
        path, line, column = loaded.doc.locate(("activities",), prefer_key=True)
        raise PmsmError(
            "this plan has no activities to baseline: add activities (not cancelled or "
            "not-applicable) first",
            path,
            line,
            column,
        )
    return frozen


def write_baseline(text: str, path: Path, frozen: list[Frozen]) -> str:
    """The plan text with each activity's baseline keys set (or removed when not planned)."""
    from pmsm_cli.files import yamledit

    doc = yamledit.load(text, path)
    items = doc.data.get("activities") if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        raise PmsmError("the plan has no 'activities:' list to write a baseline into", path)
    for each in frozen:
        node = items[each.index]
        if each.start is None:
            for key in BASELINE_KEYS:
                node.pop(key, None)
            continue
        values: dict[str, object] = {"baseline_start": each.start, "baseline_finish": each.finish}
        if each.cost is not None:
            values["baseline_cost"] = each.cost
        else:
            node.pop("baseline_cost", None)
        yamledit.set_keys(node, values, after="cost")
    return doc.dump()
