"""``pmsm plan --format csv``: one row per activity, the columns of the JSON activities.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, so text from a plan could run commands on the reader's machine
(``=cmd|' /C calc'!A0``). The rule here: a *text* cell that starts with one
of ``= + - @``, a tab or a carriage return gets a leading apostrophe, which
spreadsheets show as plain text. Numbers (a float of ``-3``), dates and
``true``/``false`` are written as they are.

Lists (``depends_on``) are written ``a; b+2`` (a lag of 2 working days after
``b``; ``-1`` is a lead).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pmsm_cli.plan.view import PlanView
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.records import ACTIVITY_FIELDS, activity_record

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula, made plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(key: str, value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if key == "depends_on":
        return "; ".join(d["id"] if d["lag"] == 0 else f"{d['id']}{d['lag']:+d}" for d in value)
    return neutralise(str(value))


def render(view: PlanView, options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACTIVITY_FIELDS)
    for done, row in enumerate(view.rows, 1):
        record = activity_record(row)
        writer.writerow([cell(k, record[k]) for k in ACTIVITY_FIELDS])
        if done % 500 == 0:
            options.progress(done)
    options.progress(len(view.rows))
    return buffer.getvalue()
