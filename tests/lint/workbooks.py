"""Build a workbook the way ``pmsm plan -o plan.xlsx`` lays it out (see ``workbook_layout``).

The real writer lives in another module; these tests need a workbook whose
layout they control, cell by cell, to check the reader's strictness.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from pmsm_cli.workbook.layout import ACTIVITIES_SHEET, ACTIVITY_COLUMNS, SOURCE_SHEET


def build_workbook(
    path: Path,
    plan_text: str,
    rows: list[Mapping[str, Any]],
    *,
    headers: list[str] | None = None,
    source: bool = True,
    lines_per_row: int = 1,
) -> Path:
    """Write ``plan_text`` to the hidden source sheet and ``rows`` (by column key) to Activities.

    The source sheet holds one plan line a row, as pmsm 0.1 wrote it, or with
    ``lines_per_row`` that many lines in each row's cell (joined by line breaks),
    as the packed layout of later versions does.
    """
    book = Workbook()
    book.properties.creator = "pmsm"  # as 'pmsm plan' marks its workbooks (render/excel.py)
    sheet = book.active
    assert sheet is not None
    sheet.title = ACTIVITIES_SHEET
    sheet.append(headers or [header for _key, header in ACTIVITY_COLUMNS])
    for row in rows:
        sheet.append([row.get(key) for key, _header in ACTIVITY_COLUMNS])
    if source:
        hidden = book.create_sheet(SOURCE_SHEET)
        lines = plan_text.splitlines()
        for number, start in enumerate(range(0, len(lines), lines_per_row), start=1):
            value = "\n".join(lines[start : start + lines_per_row])
            if value:  # an empty line stays an empty cell
                cell = hidden.cell(row=number, column=1, value=value)
                cell.data_type = "s"  # text, even when a line looks like a formula or a number
        hidden.sheet_state = "hidden"
    book.save(path)
    return path
