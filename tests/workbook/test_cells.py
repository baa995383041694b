"""Cells of an edited workbook read in the plan's terms, or refused in words (issue 12, item 11).

Each test edits a workbook from the real ``pmsm plan`` the way a project manager's Excel
would leave it, and reads it back with the one reader ``pmsm sync`` and ``pmsm check`` share.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH
from tests.syncbooks import LETTER, copy_pair, edit, rows_by_id, write_plan_and_workbook

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.workbook.cells import CellError, date_value, shown
from pmsm_cli.workbook.read import WorkbookError, read_activities, read_source_sheet

# The activities of tests.syncbooks.PLAN; the other rows are suggested catalog activities.
PLAN_IDS = {"develop-charter-tco", "charter-approved", "slm-create-sla", "build", "go-live"}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_plan_and_workbook(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def workbook(pristine: tuple[Path, Path], tmp_path: Path) -> Path:
    return copy_pair(pristine, tmp_path)[1]


def read_edits(workbook: Path) -> dict[str, dict[str, Any]]:
    book, _ = read_source_sheet(workbook)
    try:
        return read_activities(workbook, book, PLAN_IDS, lambda activity_id: True)[1]
    finally:
        book.close()


def error_at(workbook: Path) -> str:
    with pytest.raises(WorkbookError) as caught:
        read_edits(workbook)
    return caught.value.render()


def save_cached_value(workbook: Path, cell: str, text: str) -> None:
    """Give the formula in ``cell`` the value Excel would have saved with it (text)."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"><f>([^<]*)</f><v ?/>')
    edited = 0
    for name, data in parts.items():
        new = pattern.sub(lambda m: b'<c r="%s" t="str"><f>%s</f><v>%s</v>' % (
            cell.encode(), m.group(1), text.encode()), data)  # fmt: skip
        edited += new != data
        parts[name] = new
    assert edited == 1
    with zipfile.ZipFile(workbook, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_without_a_saved_value_in_the_id_column_is_refused(workbook: Path) -> None:
    # Read as values, the cell would be empty and the row silently skipped.
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"id": "=A3"}})
    assert error_at(workbook) == (
        f"{workbook}: Activities!A{row}: error: the cell holds a formula whose value Excel "
        "has not saved; open and save the workbook in Excel or LibreOffice, or type the value"
    )


def test_a_formula_without_a_saved_value_in_an_editable_column_is_refused(
    workbook: Path,
) -> None:
    # Read as values, the emptied owner would be removed from the plan.
    row = rows_by_id(workbook)["develop-charter-tco"]
    edit(workbook, {"develop-charter-tco": {"owner": '=CONCAT("Dana", " Reyes")'}})
    assert error_at(workbook) == (
        f"{workbook}: Activities!G{row}: error: the cell holds a formula whose value Excel "
        "has not saved; open and save the workbook in Excel or LibreOffice, or type the value"
    )


def test_a_formula_with_its_saved_value_reads_as_that_value(workbook: Path) -> None:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"owner": "=A2"}})
    save_cached_value(workbook, f"G{row}", "Ops team")
    assert read_edits(workbook)["build"]["owner"] == "Ops team"


@pytest.mark.parametrize(
    ("key", "value", "number_format", "message"),
    [
        (
            # Excel shows a negative number in a date cell as ####; openpyxl counts back from
            # 1899-12-30 and would read -5 as 1899-12-25.
            "actual_start",
            -5,
            "yyyy-mm-dd",
            "'Actual start' should be a date, but it is the number -5 formatted as a date, "
            "which is no date Excel can show; type the date, e.g. 2026-03-02",
        ),
        (
            "actual_finish",
            dt.time(9, 30),
            None,
            "'Actual finish' should be a date (a date cell, or text written YYYY-MM-DD), but "
            "it is the time of day 09:30:00",
        ),
        (
            # Excel turns "1/1" typed into a text column into a date.
            "owner",
            dt.datetime(2026, 1, 1),
            None,
            "'Owner' should be text, but it is the date 2026-01-01; format the cell as Text "
            "and type it again, so that Excel keeps it as typed",
        ),
        (
            "owner",
            True,
            None,
            "'Owner' should be text, but it is TRUE; format the cell as Text and type it again, "
            "so that Excel keeps it as typed",
        ),
        (
            "owner",
            "#N/A",  # openpyxl stores the text of an error code as that error
            None,
            "'Owner' shows the error #N/A instead of a value; correct the cell or clear it",
        ),
        (
            "status",
            dt.datetime(2026, 1, 1),
            None,
            "'Status' should be one of not-started, in-progress, done, blocked, cancelled, "
            "not-applicable, but it is the date 2026-01-01",
        ),
    ],
)
def test_a_cell_of_the_wrong_kind_is_refused_in_words(
    workbook: Path, key: str, value: Any, number_format: str | None, message: str
) -> None:
    row = rows_by_id(workbook)["build"]
    formats = {("build", key): number_format} if number_format else None
    edit(workbook, {"build": {key: value}}, formats=formats)
    assert error_at(workbook) == f"{workbook}: Activities!{LETTER[key]}{row}: error: {message}"


def test_a_whole_number_in_the_owner_column_is_read_as_typed(workbook: Path) -> None:
    # An employee number shows as its digits in a General cell, so that text is meant.
    edit(workbook, {"build": {"owner": 4711}})
    assert read_edits(workbook)["build"]["owner"] == "4711"


def test_a_date_in_1900_is_still_a_date(workbook: Path) -> None:
    # The first day Excel shows, number 1: odd for a project, but shown as a date.
    edit(
        workbook, {"build": {"actual_start": 1}}, formats={("build", "actual_start"): "yyyy-mm-dd"}
    )
    assert read_edits(workbook)["build"]["actual_start"] == dt.date(1900, 1, 1)


def date_cell(value: Any, epoch: dt.datetime) -> Any:
    """A cell as openpyxl's read-only reader gives it: its sheet's parent is the workbook."""
    book = SimpleNamespace(epoch=epoch)
    return SimpleNamespace(value=value, data_type="d", parent=SimpleNamespace(parent=book))


def test_the_1904_calendar_starts_on_its_own_first_day() -> None:
    # In a 1904 workbook number 0 is 1904-01-01 and -1 is 1903-12-31, which Excel cannot show.
    first = date_cell(dt.datetime(1904, 1, 1), CALENDAR_MAC_1904)
    assert date_value(first, "Actual start") == dt.date(1904, 1, 1)
    with pytest.raises(CellError, match="the number -1 formatted as a date"):
        date_value(date_cell(dt.datetime(1903, 12, 31), CALENDAR_MAC_1904), "Actual start")
    # The same day is a plain date in a workbook of the usual calendar.
    assert date_value(date_cell(dt.datetime(1903, 12, 31), WINDOWS_EPOCH), "X") == dt.date(
        1903, 12, 31
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (False, "FALSE"),
        (12.0, "12"),
        (0.25, "0.25"),
        (dt.datetime(2026, 1, 14, 9, 30), "the date and time 2026-01-14 09:30"),
        (dt.timedelta(hours=36), "the duration 1 day, 12:00:00"),
        ("early\nMarch", "'early<U+000A>March'"),
    ],
)
def test_values_are_shown_as_a_spreadsheet_user_knows_them(value: Any, words: str) -> None:
    assert shown(value) == words


def test_an_unknown_id_is_shown_without_its_direction_controls(workbook: Path) -> None:
    # U+202E would turn the rest of the message around on the terminal.
    row = rows_by_id(workbook)["go-live"]
    edit(workbook, {"go-live": {"id": "go-live\u202eevil"}})
    catalog = load_catalog()
    book, _ = read_source_sheet(workbook)
    with pytest.raises(WorkbookError) as caught:
        try:
            read_activities(workbook, book, PLAN_IDS, lambda i: i in catalog.activity_by_id)
        finally:
            book.close()
    assert caught.value.render().startswith(
        f"{workbook}: Activities!A{row}: error: 'go-live<U+202E>evil' is not an activity of "
        "the plan file this workbook was made from"
    )
