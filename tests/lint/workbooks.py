"""Build a workbook the way ``pmsm plan -o plan.xlsx`` lays it out (see ``workbook_layout``).

The real writer lives in another module; these tests need a workbook whose
layout they control, cell by cell, to check the reader's strictness.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from pmsm_cli.workbook_layout import ACTIVITIES_SHEET, ACTIVITY_COLUMNS, SOURCE_SHEET


def build_workbook(
    path: Path,
    plan_text: str,
    rows: list[Mapping[str, Any]],
    *,
    headers: list[str] | None = None,
    source: bool = True,
) -> Path:
    """Write ``plan_text`` to the hidden source sheet and ``rows`` (by column key) to Activities."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = ACTIVITIES_SHEET
    sheet.append(headers or [header for _key, header in ACTIVITY_COLUMNS])
    for row in rows:
        sheet.append([row.get(key) for key, _header in ACTIVITY_COLUMNS])
    if source:
        hidden = book.create_sheet(SOURCE_SHEET)
        for number, line in enumerate(plan_text.splitlines(), start=1):
            if line:  # an empty line stays an empty cell
                cell = hidden.cell(row=number, column=1, value=line)
                cell.data_type = "s"  # text, even when a line looks like a formula or a number
        hidden.sheet_state = "hidden"
    book.save(path)
    return path
