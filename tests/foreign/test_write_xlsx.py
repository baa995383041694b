"""The missing activities as rows added to a copy of an Excel plan (foreign/write_xlsx.py).

The German data-centre move (rz-umzug-de.xlsx): a title block, a header row
on row 4, WBS codes ("PSP") instead of IDs, real dates, durations as text
("10 Tage"), a second sheet of notes ("Hinweise") that the copy must keep.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.foreign.fix import write_fix
from pmsm_cli.foreign.placement import Anchor, Placed, Placement
from pmsm_cli.foreign.timing import estimate
from pmsm_cli.foreign.write_xlsx import write_xlsx_copy
from pmsm_cli.matching import match_tasks
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers import ReadOptions, xlsx_plan
from pmsm_cli.readers.model import ForeignPlan, ForeignTask

MOVE = Path(__file__).resolve().parents[1] / "data" / "foreign" / "xlsx" / "rz-umzug-de.xlsx"
KIND = "new-service"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def read(path: Path) -> ForeignPlan:
    return xlsx_plan.read(path, ReadOptions())


def named(plan: ForeignPlan, name: str) -> ForeignTask:
    (task,) = [t for t in plan.tasks if t.name == name]
    return task


def test_rows_added_on_the_plan_sheet_in_its_own_notation(tmp_path: Path, catalog: Catalog) -> None:
    original = read(MOVE)
    out = tmp_path / "rz-fixed.xlsx"
    missing = ["els-exit", "readiness-assessment", "verify-deployment"]
    write_fix(original, match_tasks(original.tasks, catalog, KIND), catalog, KIND, out, missing)
    back = read(out)
    assert [
        replace(t, where=replace(t.where, path=MOVE)) for t in back.tasks[: len(original.tasks)]
    ] == original.tasks
    # Worked out by hand. Top-level WBS codes 1 to 3: the summary row is "4",
    # on row 17 below the last task (row 16); the tasks under it 4.1, 4.2, 4.3.
    summary = back.tasks[len(original.tasks)]
    assert (summary.wbs, summary.outline_level, summary.where.cell) == ("4", 1, "B17")
    # els-exit follows early life support ("Nachbetreuung / Hypercare", 2.4),
    # which finishes on Friday 6 March: a milestone that day, written "0 Tage".
    els = named(back, "Early life support exit")
    assert (els.parent, els.wbs) == (summary.id, "4.1")
    assert [link.predecessor for link in els.predecessors] == ["9"]  # the reader's id of 2.4
    assert (str(els.start), els.milestone) == ("2026-03-06", True)
    # Readiness follows the dress rehearsal (2.2, finishing Tue 24 Feb):
    # Wed 25 to Thu 26 Feb; it must come before the hypercare (2.4).
    readiness = named(back, "Assess readiness for deployment")
    assert [link.predecessor for link in readiness.predecessors] == ["7"]
    assert (str(readiness.start), str(readiness.finish)) == ("2026-02-25", "2026-02-26")
    assert readiness.notes.endswith("Must finish before: 2.4 Nachbetreuung / Hypercare.")
    # Verify the deployment follows the go-live through decommissioning: the CAB
    # approval (1.3) and the handover to operations (3.1); 1.3 finishes before
    # 3.1 (1 -> 5 -> 10, the summary above 3.1), so only 3.1 is linked. After
    # 3.1 (Mon 9 March): Tue 10 to Mon 16 March.
    verify = named(back, "Verify the deployment")
    assert [link.predecessor for link in verify.predecessors] == ["11"]
    assert (str(verify.start), str(verify.finish)) == ("2026-03-10", "2026-03-16")
    sheet = openpyxl.load_workbook(out)["Plan"]
    # The sheet's own kinds of value: real dates, durations as its text.
    assert sheet["D20"].value == datetime(2026, 3, 10)
    assert sheet["D20"].number_format == sheet["D16"].number_format
    assert sheet["F20"].value == "5 Tage"
    assert sheet["G20"].value == "3.1"  # predecessors by WBS code
    assert openpyxl.load_workbook(out).sheetnames == ["Hinweise", "Plan"]
    assert MOVE.read_bytes() != out.read_bytes()


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    plan = read(MOVE)
    placed = Placed((Placement("x", "=1+1", 1, False, "@SUM(A1)", (Anchor(task_id="12"),), ()),))
    out = tmp_path / "fixed.xlsx"
    out.write_bytes(write_xlsx_copy(plan, placed, estimate(plan, placed)))
    sheet = openpyxl.load_workbook(out)["Plan"]
    assert (sheet["B18"].value, sheet["B18"].data_type) == ("'=1+1", "s")
    assert sheet["I18"].value == "'@SUM(A1)"
    assert sheet["G18"].value == "3.2"


def test_a_lone_predecessor_is_a_number_where_the_sheet_holds_numbers(tmp_path: Path) -> None:
    # Typed into Excel, a lone predecessor "1" is the number 1; "1;2" stays text.
    source = tmp_path / "numbers.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(["ID", "Task Name", "Duration", "Start", "Predecessors"])
    sheet.append([1, "Build the servers", 5, datetime(2026, 3, 2), None])
    sheet.append([2, "Test the servers", 3, datetime(2026, 3, 9), 1])
    sheet.append([3, "Go-live", 0, datetime(2026, 3, 12), "1;2"])
    sheet.append([4, "Hypercare", 10, datetime(2026, 3, 13), 3])
    book.save(source)
    plan = read(source)
    placed = Placed(
        (
            Placement("x", "Check the servers", 2, False, "note", (Anchor(task_id="4"),), ()),
            Placement("y", "Review", 1, False, "note", (Anchor("2"), Anchor(activity="x")), ()),
        )
    )
    out = tmp_path / "fixed.xlsx"
    out.write_bytes(write_xlsx_copy(plan, placed, estimate(plan, placed)))
    copy = openpyxl.load_workbook(out)["Plan"]
    # A flat list: no summary row, though it takes ID 5; x is ID 6 on row 6, y ID 7 on row 7.
    assert (copy["A6"].value, copy["E6"].value, copy["E6"].data_type) == (6, 4, "n")
    assert (copy["A7"].value, copy["E7"].value, copy["E7"].data_type) == (7, "2;6", "s")
    back = read(out)
    assert [link.predecessor for link in named(back, "Check the servers").predecessors] == ["4"]
    assert [link.predecessor for link in named(back, "Review").predecessors] == ["2", "6"]


def test_predecessors_stay_text_where_the_sheet_holds_text(tmp_path: Path) -> None:
    # The same plan with "1" and "3" typed as text: the new lone predecessor is text too.
    source = tmp_path / "text.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(["ID", "Task Name", "Duration", "Start", "Predecessors"])
    sheet.append([1, "Build the servers", 5, datetime(2026, 3, 2), None])
    sheet.append([2, "Test the servers", 3, datetime(2026, 3, 9), "1"])
    book.save(source)
    plan = read(source)
    placed = Placed((Placement("x", "Check", 2, False, "note", (Anchor(task_id="2"),), ()),))
    out = tmp_path / "fixed.xlsx"
    out.write_bytes(write_xlsx_copy(plan, placed, estimate(plan, placed)))
    copy = openpyxl.load_workbook(out)["Plan"]
    # Two tasks: x is ID 4 (3 went to the summary row a flat list does not get), on row 4.
    assert (copy["A4"].value, copy["E4"].value, copy["E4"].data_type) == (4, "2", "s")
