"""Reading the hidden source sheet back, in both layouts, and naming the cell of a line."""

from __future__ import annotations

from pathlib import Path

from tests.lint.workbooks import build_workbook

from pmsm_cli.workbook.read import read_source_sheet

# 5,000 lines of 9 characters and a 40,000-character comment; see test_workbook_layout
# for the arithmetic: lines 1-3,276 share the first cell, 3,277-5,000 the second.
TEXT = "\n".join(f"#ln {n:05d}" for n in range(5_000)) + "\n# " + "x" * 40_000 + "\n# end\n"


def test_workbooks_of_one_line_a_row_are_read_and_located(tmp_path: Path) -> None:
    # The layout of earlier versions of pmsm: line n in cell An, an empty line an empty row.
    text = "# first\n\n# third\n"
    book, recorded = read_source_sheet(build_workbook(tmp_path / "old.xlsx", text, []))
    book.close()
    assert recorded.text == text
    assert recorded.first_lines == (1, 2, 3)
    assert [recorded.cell_of(n) for n in (1, 2, 3)] == ["A1", "A2", "A3"]


def test_packed_workbooks_are_read_and_located(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from pmsm_cli.workbook.layout import SOURCE_SHEET, source_rows

    # Every line is 9 characters ("#ln 00042"): 3,276 lines fill a cell (see
    # test_workbook_layout), so lines 1-3,276 are in A1, 3,277-5,000 in A2, the long
    # comment (line 5,001) in A3 and B3, and the last line (5,002) in A4.
    rows = source_rows(TEXT)
    assert [len(r) for r in rows] == [1, 1, 2, 1]
    book = Workbook()
    book.active.title = "Activities"  # type: ignore[union-attr]
    sheet = book.create_sheet(SOURCE_SHEET)
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "new.xlsx")
    opened, recorded = read_source_sheet(tmp_path / "new.xlsx")
    opened.close()
    assert recorded.text == TEXT
    assert recorded.first_lines == (1, 3_277, 5_001, 5_002)
    cells = [recorded.cell_of(n) for n in (1, 3_276, 3_277, 5_000, 5_001, 5_002)]
    assert cells == ["A1", "A1", "A2", "A2", "A3", "A4"]
