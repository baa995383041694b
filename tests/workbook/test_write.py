"""Our SpreadsheetML writer, read back with openpyxl, the raw XML and LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from pmsm_cli.workbook.sheet import Validation
from pmsm_cli.workbook.styles import Style
from pmsm_cli.workbook.values import CELL_LIMIT, serial
from pmsm_cli.workbook.write import Workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Text a careless writer would break: XML specials, a formula, an error value,
# a DDE payload, spaces at the ends, a tab, a carriage return, a line break.
TRICKY = [
    '<b>"Fish" & chips</b>',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+SUM(A1:A2)",
    "#N/A",
    "  indented and trailing  ",
    "tab\there",
    "carriage\rreturn",
    "two\nlines",
    "emoji \U0001f600 and accents éà",
]


def saved(book: Workbook, tmp_path: Path, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(book.save())
    return path


def parts(path: Path) -> dict[str, ElementTree.Element]:
    """Every XML part of the package, parsed (which fails on XML that is not well-formed)."""
    with zipfile.ZipFile(path) as z:
        return {name: ElementTree.fromstring(z.read(name)) for name in z.namelist()}


def test_text_comes_back_exactly_and_as_text(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.sheet("Text")
    for text in TRICKY:
        ws.append([text])
    path = saved(book, tmp_path)
    parts(path)  # well-formed
    sheet = load_workbook(path)["Text"]
    cells = [row[0] for row in sheet.iter_rows()]
    assert [c.value for c in cells] == TRICKY
    # 's' is text: none of them became a formula ('f') or an error value ('e').
    assert {c.data_type for c in cells} == {"s"}


def test_control_characters_become_the_replacement_character(tmp_path: Path) -> None:
    book = Workbook(title="Bell \a plan")
    ws = book.sheet("Text")
    ws.append(["bell \a, escape \x1b, null \x00", "lone \ud800 surrogate", "\ufffe"])
    path = saved(book, tmp_path)
    parts(path)
    wb = load_workbook(path)
    assert [c.value for c in wb["Text"][1]] == [
        "bell \ufffd, escape \ufffd, null \ufffd",
        "lone \ufffd surrogate",
        "\ufffd",
    ]
    assert wb.properties.title == "Bell \ufffd plan"


def test_text_longer_than_a_cell_is_cut_at_the_limit(tmp_path: Path) -> None:
    book = Workbook()
    book.sheet("Long").append(["x" * 40_000, "y" * CELL_LIMIT])
    wb = load_workbook(saved(book, tmp_path))
    first, second = (c.value for c in wb["Long"][1])
    assert len(first) == 32_767 and len(second) == 32_767


def test_dates_numbers_and_booleans_keep_their_types(tmp_path: Path) -> None:
    # 2026-01-01 is day 46023 of Excel's 1900 system (2024-01-01 is 45292; 2024 has
    # 366 days, 2025 has 365: 45292 + 366 + 365 = 46023); 2 March is 31 + 28 + 1 later.
    assert serial(dt.date(2026, 3, 2)) == 46023 + 31 + 28 + 1 == 46083
    assert serial(dt.datetime(2026, 3, 2, 12)) == 46083.5
    book = Workbook()
    money = book.style(Style(number_format="#,##0"))
    ws = book.sheet("Values")
    row = [dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 12), 5, 2.5, True, False, None]
    ws.append([*row, Decimal("80000")], [0, 0, 0, 0, 0, 0, 0, money])
    path = saved(book, tmp_path)
    cells = list(load_workbook(path)["Values"][1])
    assert [c.value for c in cells] == [
        dt.datetime(2026, 3, 2),
        dt.datetime(2026, 3, 2, 12),
        5,
        2.5,
        True,
        False,
        None,
        80_000,
    ]
    assert cells[0].is_date and cells[0].number_format == "yyyy-mm-dd"
    assert type(cells[2].value) is int and cells[2].data_type == "n"
    assert cells[7].number_format == "#,##0"
    # The raw cells: a number for the date, 't="b"' for a boolean, nothing for None.
    xml = parts(path)["xl/worksheets/sheet1.xml"]
    raw = {c.get("r"): (c.get("t"), c.findtext(f"{MAIN}v")) for c in xml.iter(f"{MAIN}c")}
    assert raw["A1"] == (None, "46083") and raw["C1"] == (None, "5")
    assert raw["E1"] == ("b", "1") and "G1" not in raw


def test_sheet_settings_come_back(tmp_path: Path) -> None:
    book = Workbook(creator="pmsm", title="A & B: plan")
    header = book.style(Style(bold=True, fill="DDE4EE", bottom_border="7F8FA6", wrap=True))
    ws = book.sheet("Tasks")
    ws.widths.update({1: 20, 2: 3.2, 3: 3.2})
    ws.freeze = "C2"
    ws.print_landscape = True
    ws.autofilter = "A1:C3"
    ws.validations.append(
        Validation("list", ("B2:B3",), '"open,done"', allow_blank=False, error="Pick one")
    )
    ws.conditional("A2:C3", "$C2=TRUE", Style(fill="F8D7DA", bold=True))
    ws.append(["Name", "State", "Late"], [header] * 3, height=30)
    ws.append(["a", "open", True])
    ws.append(["b", "done", False])
    book.sheet("Hidden", hidden=True).append(["secret"])
    wb = load_workbook(saved(book, tmp_path))
    assert wb.sheetnames == ["Tasks", "Hidden"]
    assert wb["Hidden"].sheet_state == "hidden"
    assert (wb.properties.creator, wb.properties.title) == ("pmsm", "A & B: plan")
    sheet = wb["Tasks"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == "A1:C3"
    assert sheet.column_dimensions["A"].width == 20
    assert sheet.column_dimensions["B"].width == 3.2  # B and C share one <col> element
    assert sheet.row_dimensions[1].height == 30
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    a1 = sheet["A1"]
    assert a1.font.b and a1.fill.fgColor.rgb == "FFDDE4EE" and a1.border.bottom.style == "thin"
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, str(validation.sqref), validation.formula1) == (
        "list",
        "B2:B3",
        '"open,done"',
    )
    assert validation.error == "Pick one" and validation.allow_blank is False
    rules = [(str(r.sqref), [x.formula for x in r.rules]) for r in sheet.conditional_formatting]
    assert rules == [("A2:C3", [["$C2=TRUE"]])]


def test_rows_go_in_order_and_within_excel_limits() -> None:
    book = Workbook()
    first = book.sheet("First")
    first.append(["a"])
    book.sheet("Second").append(["b"])
    with pytest.raises(ValueError, match="already written"):
        first.append(["too late"])
    with pytest.raises(ValueError, match="columns"):
        book.sheet("Wide").append([1] * 16_385)
    with pytest.raises(ValueError, match="name"):
        book.sheet("a/b")
    with pytest.raises(ValueError, match="two sheets"):
        book.sheet("first")  # Excel compares sheet names without case


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_reads_text_dates_and_numbers(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.sheet("Cells")
    plain = [t for t in TRICKY if "\r" not in t and "\n" not in t]  # CSV keeps one line a cell
    for text in plain:
        ws.append([text, dt.date(2026, 3, 2), 7, True])
    path = saved(book, tmp_path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # UTF-8
            "--outdir",
            str(tmp_path / "csv"),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    text = (tmp_path / "csv" / "book.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    # Text as written (a formula-looking one included), the date in its format.
    assert rows == [[t, "2026-03-02", "7", "TRUE"] for t in plain]


def test_two_saves_are_identical_with_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z

    def made() -> bytes:
        book = Workbook(creator="pmsm", title="T")
        book.sheet("Data").append(["a", 1, dt.date(2026, 3, 2)])
        return book.save()

    first = made()
    assert first == made()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        # The parts of the package carry no time of their own: zip's first day, 1980-01-01.
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z<' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z<' in core
