"""Excel plans: a real release workbook, a German plan kept in Excel, and what is refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import ReadOptions, detect, xlsx_plan
from pmsm_cli.readers.model import Link

DATA = Path(__file__).resolve().parents[1] / "data" / "foreign" / "xlsx"
K8S = DATA / "k8s-release-signal-assignments.xlsx"
GERMAN = DATA / "rz-umzug-de.xlsx"


def _read(path: Path, **options: object) -> xlsx_plan.ForeignPlan:
    return xlsx_plan.read(path, ReadOptions(**options))  # type: ignore[arg-type]


def _workbook(tmp_path: Path, rows: list[list[object]], name: str = "plan.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plan"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_a_german_plan_kept_in_excel() -> None:
    plan = _read(GERMAN)
    assert plan.format == "xlsx"
    # The notes sheet in front has no header row; "Plan" has it in row 4 below two title rows.
    assert plan.title == "RZ-Umzug Standort Nord"
    assert [t.where.cell for t in plan.tasks][:3] == ["B5", "B6", "B7"]
    assert all(t.where.sheet == "Plan" for t in plan.tasks)
    assert str(plan.tasks[0].where) == f"{GERMAN}, sheet 'Plan', cell B5"
    assert [(t.wbs, t.outline_level, t.parent) for t in plan.tasks][:5] == [
        ("1", 1, None),
        ("1.1", 2, "1"),
        ("1.2", 2, "1"),
        ("1.3", 2, "1"),
        ("2", 1, None),
    ]
    cab, rehearsal, weekend = plan.tasks[3], plan.tasks[6], plan.tasks[7]
    assert cab.name == "CAB-Freigabe" and cab.milestone
    assert cab.predecessors == (Link("3", "FS", 2.0),)  # "1.2EA+2 Tage": 1.2 is the third task
    assert plan.tasks[0].percent_complete == 100.0  # 1.0 in a cell formatted 0%
    # 46077 typed into a General cell: 2026-01-01 is 46023, 24 February is 54 days later.
    assert rehearsal.start == date(2026, 2, 24) == rehearsal.finish
    assert (weekend.start, weekend.finish) == (date(2026, 2, 28), date(2026, 3, 1))
    assert weekend.notes == "Wartungsfenster Sa 08:00 bis So 18:00"
    assert plan.tasks[8].duration_days == 5.0  # "1 Wo"
    assert plan.tasks[8].resources == ("Service Desk",)
    assert plan.warnings == []


def test_a_real_release_workbook_with_the_sheet_and_name_column_given() -> None:
    plan = _read(K8S, sheet="Release Cut Info", columns={"name": "Release"})
    cuts = [t for t in plan.tasks if t.finish is not None]
    assert [(t.name, t.finish) for t in cuts] == [
        ("v1.29.0-alpha.1 release cut", date(2023, 9, 19)),  # "19th Sept 2023"
        ("v1.29.0-alpha.2 release cut", date(2023, 10, 10)),
        ("v1.29.0-alpha.3 release cut", date(2023, 11, 2)),
        ("v1.29.0-beta.0 release cut", date(2023, 11, 16)),
        ("v1.29.0-rc.0 release cut", date(2023, 11, 21)),
        ("v1.29.0-rc.1 release cut", date(2023, 11, 30)),
        ("v1.29.0 release cut", date(2023, 12, 5)),
    ]
    assert cuts[0].where.cell == "A2"
    # Rows 14 and 18 hold paragraphs of notes in the same column: not tasks.
    assert [w.message for w in plan.warnings] == [
        "row 14 holds several lines of text in the task column and was read as a note, not a task",
        "row 18 holds several lines of text in the task column and was read as a note, not a task",
    ]


def test_a_workbook_without_a_plan_sheet_lists_the_sheets_and_headings() -> None:
    with pytest.raises(PmsmError) as caught:
        _read(K8S)
    message = caught.value.render()
    assert "none of the sheets ('Status Reporting', 'Release Cut Info') has a header row" in message
    assert "the headings seen: 'Task Assignee', 'Main Coordinator'" in message
    assert message.endswith("or pick a sheet with --sheet")


def test_a_sheet_that_is_not_there() -> None:
    with pytest.raises(
        PmsmError,
        match=r"the workbook has no sheet 'Gantt'; its sheets are 'Status Reporting', 'Release Cut Info'",
    ):
        _read(K8S, sheet="Gantt")


def test_detection_and_the_input_left_untouched() -> None:
    for path, options in (
        (K8S, {"sheet": "Release Cut Info", "columns": {"name": "Release"}}),
        (GERMAN, {}),
    ):
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        assert detect(path) == "xlsx"
        assert _read(path, **options).tasks
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_bad_cell_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Task", "Duration"], ["Deploy", "5 days"], ["Verify", "a while"]])
    with pytest.raises(PmsmError) as caught:
        _read(path)
    assert caught.value.render().startswith(
        f"{path}: error: sheet 'Plan', cell B3: 'a while' is not a duration"
    )


def test_excel_date_cells_and_indent_by_spaces(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["Task Name", "Start", "Finish"],
            ["Release", datetime(2026, 5, 4), datetime(2026, 5, 8)],
            ["    Deploy", datetime(2026, 5, 4, 9, 30), None],
        ],
    )
    plan = _read(path)
    assert [(t.name, t.outline_level, t.parent, t.start) for t in plan.tasks] == [
        ("Release", 1, None, date(2026, 5, 4)),
        ("Deploy", 2, "1", date(2026, 5, 4)),
    ]


def test_an_old_xls_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "plan.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    assert xlsx_plan.sniff(path.read_bytes(), path)
    with pytest.raises(PmsmError) as caught:
        _read(path)
    assert caught.value.render() == (
        f"{path}: error: this is an Excel 97-2003 workbook (.xls), which pmsm does not read; "
        "open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"
    )


def test_a_password_protected_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(PmsmError, match="protected by a password"):
        _read(path)


def test_a_zip_bomb_sheet_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    # A real workbook whose sheet is swapped for 200 MiB of one byte, which packs to
    # about 200 KB: a ratio of about a thousand. The reader goes through pmsm's one
    # workbook guard (tests/test_workbook_guard.py tests the guard itself).
    real = _workbook(tmp_path, [["Task Name", "Duration"], ["Deploy", "1 day"]], "real.xlsx")
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, source.read(item))
        with out.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b"0" * (1024 * 1024)
            for _ in range(200):
                part.write(block)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(PmsmError) as caught:
        _read(path)
    message = caught.value.render()
    assert message.startswith(
        f"{path}: error: the workbook's part 'xl/worksheets/sheet1.xml' would unpack to 200 MiB"
    ), message


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(PmsmError, match=r"not an Excel workbook \(it has no xl/workbook\.xml\)"):
        _read(path)


def test_a_damaged_workbook_and_a_text_file_named_xlsx(tmp_path: Path) -> None:
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook")  # cut short
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.getvalue())
    with pytest.raises(PmsmError, match="the workbook is damaged and cannot be read"):
        _read(damaged)
    text = tmp_path / "plan.xlsx"
    text.write_text("Task,Start\n")
    with pytest.raises(PmsmError, match="not a zip archive"):
        _read(text)


def test_an_entity_bomb_in_a_sheet_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Task Name", "Start"], ["A", "2026-05-04"]])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    parts["xl/worksheets/sheet1.xml"] = (
        bomb + sheet.replace("<c ", "<c><is><t>&b;</t></is></c><c ", 1)
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(PmsmError, match="declares entities"):
        _read(path)


def test_sniffing_is_by_content() -> None:
    assert not xlsx_plan.sniff(b"Task Name,Start\n", Path("plan.xlsx"))
    assert not xlsx_plan.sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, Path("plan.mpp"))
    assert xlsx_plan.sniff(GERMAN.read_bytes()[:8192], Path("plan.bin"))
