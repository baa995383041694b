"""A plan to check, from a YAML file or a workbook, and where its parts are.

Rules speak in data paths (``("activities", 3, "owner")``); a source turns
them into the place a person should look: a line and column of the YAML
file, or for a workbook the cell of the Activities sheet that shows the
activity (or, for what only the plan file holds, the row of the hidden
``pmsm-source`` sheet that holds that line of it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_text
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.plan.load import LoadedPlan, plan_yaml, validated_plan
from pmsm_cli.records import record
from pmsm_cli.workbook.layout import ACTIVITIES_SHEET, SOURCE_SHEET

if TYPE_CHECKING:
    from pmsm_cli.lint.rule import Hit
    from pmsm_cli.workbook.read import SourceSheet

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@record(slots=True)
class Place:
    line: int
    column: int
    sheet: str | None = None
    cell: str | None = None


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


@record
class PlanSource:
    loaded: LoadedPlan
    text: str  # the plan's YAML (a workbook's source sheet), for inline ignores and --fix
    # Workbooks only: plan activity index -> its row on the Activities sheet.
    activity_rows: dict[int, int] | None = field(default=None)
    # Workbooks only: which cell of the hidden source sheet holds each plan line.
    source_sheet: SourceSheet | None = field(default=None)

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def is_workbook(self) -> bool:
        return self.activity_rows is not None

    @property
    def editable(self) -> bool:
        """Whether ``--fix`` may write into it: a plan file, not a workbook or another tool's."""
        return not self.is_workbook

    @property
    def provides_everything(self) -> bool:
        """A pmsm plan can hold all a rule reads; a task list from another tool cannot."""
        return True

    @property
    def task_list(self) -> str | None:
        """For a plan kept in another tool, what its file is ("MS Project XML")."""
        return None

    @property
    def left_out(self) -> tuple[tuple[str, int, int], ...]:
        """What reading a plan from another tool left out: (message, line, column) each."""
        return ()

    @property
    def kind_inferred(self) -> str | None:
        """For a plan from another tool whose kind was inferred: how (a sentence)."""
        return None

    def describe(self, hit: Hit, place: Place) -> tuple[str, Place]:
        """The message and place to show for ``hit`` (a foreign plan adds its own words)."""
        return hit.message, place

    def place(self, loc: Loc | None, line: int, column: int) -> Place:
        """Where to show a finding the YAML puts at ``line:column`` (about ``loc``)."""
        if self.activity_rows is None:
            return Place(line, column)
        from pmsm_cli.workbook.read import COLUMN_OF, cell_name

        if loc and loc[0] == "activities" and len(loc) >= 2 and isinstance(loc[1], int):
            row = self.activity_rows.get(loc[1])
            key = str(loc[2]) if len(loc) > 2 else "id"
            if row is not None and key in COLUMN_OF:
                col = COLUMN_OF[key]
                return Place(row, col, ACTIVITIES_SHEET, cell_name(row, col))
        cell = self.source_sheet.cell_of(line) if self.source_sheet else f"A{line}"
        return Place(line, 1, SOURCE_SHEET, cell)


def load_source(path: Path, is_catalog_id: Callable[[str], bool]) -> PlanSource:
    """Read and validate a plan; raises PmsmError (a WorkbookError names sheet and cell)."""
    if is_workbook(path):
        return _load_workbook(path, is_catalog_id)
    text = read_text(path, "plan file")
    doc = plan_yaml(text, path)
    return PlanSource(validated_plan(doc), text)


def _load_workbook(path: Path, is_catalog_id: Callable[[str], bool]) -> PlanSource:
    from pmsm_cli.workbook.read import read_activities, read_source_sheet

    if not path.is_file():
        raise PmsmError(f"the workbook '{path}' does not exist", path)
    book, sheet = read_source_sheet(path)
    text = sheet.text
    try:
        doc = plan_yaml(text, path)
        items = doc.data.get("activities") if isinstance(doc.data, dict) else None
        items = items if isinstance(items, list) else []
        plan_ids = {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}
        rows, edits = read_activities(path, book, plan_ids, is_catalog_id)
    finally:
        book.close()
    activity_rows: dict[int, int] = {}
    seen: set[str] = set()
    for index, item in enumerate(items):
        activity_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(activity_id, str) or activity_id not in rows or activity_id in seen:
            continue  # not on the sheet, or a duplicate id (the row belongs to the first)
        seen.add(activity_id)
        activity_rows[index] = rows[activity_id]
        for key, value in edits[activity_id].items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value
    return PlanSource(validated_plan(doc), text, activity_rows, sheet)
