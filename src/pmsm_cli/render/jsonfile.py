"""``pmsm plan --format json``: the plan view as one JSON document (see records.py)."""

from __future__ import annotations

import json

from pmsm_cli.plan.view import PlanView
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.records import plan_record


def render(view: PlanView, options: RenderOptions) -> str:
    text = json.dumps(plan_record(view), indent=2, ensure_ascii=False) + "\n"
    options.progress(len(view.rows))
    return text
