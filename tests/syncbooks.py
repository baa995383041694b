"""A plan with comments, its workbook from ``pmsm plan``, and edits made as a user makes them.

Shared by ``tests/test_sync.py`` and ``tests/cli/test_sync_cmd.py``. The
workbook is written once per test session by the real ``pmsm plan`` and
copied for each test, which edits its copy with openpyxl the way a project
manager edits in Excel: picking a status from the drop-down's words, typing
dates into date cells and percentages into the % complete column.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

from pmsm_cli.cli.app import app
from pmsm_cli.workbook.layout import ACTIVITIES_SHEET, ACTIVITY_COLUMNS

# Columns of the Activities sheet by key: ID is A (1st), Owner G (7th), Status H (8th),
# Actual start P (16th), Actual finish Q (17th), % complete R (18th).
COLUMN = {key: i for i, (key, _header) in enumerate(ACTIVITY_COLUMNS, start=1)}
LETTER = {"id": "A", "owner": "G", "status": "H", "actual_start": "P"}
LETTER |= {"actual_finish": "Q", "percent_complete": "R"}

PLAN = """\
# Payroll portal: the single source of truth for this project.
project:
  name: Payroll portal
  kind: new-service   # a new service in the service catalogue
  service: Payroll self-service
  start: 2026-03-02
activities:
  # Initiating
  - id: develop-charter-tco
    duration: 3
    owner: Dana Reyes   # the project manager
    status: done
    # The sponsor signs the charter.
  - id: charter-approved
    depends_on: [develop-charter-tco]
  - {id: slm-create-sla, duration: 4, depends_on: [charter-approved]}  # SLA before build
  - id: build
    name: "Build: portal"
    process: release-deployment-management
    duration: 5
    depends_on: [slm-create-sla]
    percent_complete: 20  # as of the last steering meeting
    # Testing follows the build.
  # Release
  - id: go-live
    depends_on: [build]
"""


def write_plan_and_workbook(folder: Path) -> tuple[Path, Path]:
    """pmsm.yaml with ``PLAN`` and plan.xlsx from the real ``pmsm plan``."""
    folder.mkdir(parents=True, exist_ok=True)
    plan = folder / "pmsm.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    workbook = folder / "plan.xlsx"
    result = CliRunner().invoke(app, ["plan", str(plan), "-o", str(workbook)])
    assert result.exit_code == 0, result.output
    return plan, workbook


def copy_pair(source: tuple[Path, Path], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return (
        Path(shutil.copy(source[0], folder / source[0].name)),
        Path(shutil.copy(source[1], folder / source[1].name)),
    )


def rows_by_id(workbook: Path) -> dict[str, int]:
    book = load_workbook(workbook, read_only=True)
    try:
        sheet = book[ACTIVITIES_SHEET]
        return {
            str(row[0].value): row[0].row
            for row in sheet.iter_rows(min_row=2, max_col=1)
            if row[0].value is not None
        }
    finally:
        book.close()


def edit(
    workbook: Path,
    cells: Mapping[str, Mapping[str, Any]],
    *,
    formats: Mapping[tuple[str, str], str] | None = None,
    save_as: Path | None = None,
) -> Path:
    """Set ``{activity id: {column key: value}}`` on the Activities sheet and save."""
    book = load_workbook(workbook)
    sheet = book[ACTIVITIES_SHEET]
    where = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    for activity_id, values in cells.items():
        for key, value in values.items():
            cell = sheet.cell(where[activity_id], COLUMN[key])
            cell.value = value
            if formats and (activity_id, key) in formats:
                cell.number_format = formats[activity_id, key]
    target = save_as or workbook
    book.save(target)
    return target
