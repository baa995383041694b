"""``pmsm plan --format json``: the plan view as one JSON document (see records.py)."""

from __future__ import annotations

from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.plan.view import PlanView
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.records import plan_record


def render(view: PlanView, options: RenderOptions) -> str:
    text = json_document(plan_record(view))
    options.progress(len(view.rows))
    return text
