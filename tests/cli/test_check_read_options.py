"""``pmsm check FOREIGN`` with the reader options ``pmsm import`` has (issue 13):
--input-format, --date-format, --columns and --sheet, for the check, --diff and the --fix copy.

The plans are small files written here (workbooks with openpyxl), so each expected
finding, date and row is worked out by hand from the rows below.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook, load_workbook

if TYPE_CHECKING:
    from tests.conftest import Run

# Two releases in one workbook, each sheet a plan: the old one has its hypercare, the
# new one not yet. Without --sheet the first sheet that looks like a plan is read.
OLD = [["Task Name", "Duration", "Predecessors"], ["Submit RFC", "1 day", None],
       ["Go-live", "0 days", 1], ["Hypercare", "10 days", 2]]  # fmt: skip
NEW = OLD[:3]

# A hand-kept CSV: headings pmsm does not know, and a Begin column whose days are all
# 12 or less, so day-first and month-first both read (End's 25/02 is day-first only).
ODD_CSV = (
    "Step,Begin,End,After\n"
    "Submit RFC,03/02/2026,03/02/2026,\n"
    "Pilot rollout,04/02/2026,10/02/2026,1\n"
    "Go-live,11/02/2026,11/02/2026,2\n"
    "Hypercare,12/02/2026,25/02/2026,3\n"
)
CSV_COLUMNS = "name=Step,start=Begin,finish=End,predecessors=After"
# A changed service needs early life support exit (REL003) and a verified deployment (REL005).
CHANGED = ("--isolated", "--kind", "changed-service", "--select", "REL003,REL005")


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _two_releases(folder: Path) -> Path:
    return _workbook(folder / "releases.xlsx", {"Old release": OLD, "New release": NEW})


def _missing(stdout: str) -> list[tuple[str, str]]:
    """(code, catalog activity) of each finding of a JSON report."""
    found = []
    for finding in json.loads(stdout)["findings"]:
        activity = re.search(r"\(([a-z-]+)\)", finding["message"])
        found.append((finding["code"], activity.group(1) if activity else ""))
    return sorted(found)


def test_sheet_picks_which_plan_of_a_workbook_is_checked(pmsm: Run, tmp_path: Path) -> None:
    book = _two_releases(tmp_path)
    only_rel003 = ("--isolated", "--kind", "changed-service", "--select", "REL003")
    first = pmsm("check", book, *only_rel003, "-f", "json")
    # 'Old release': Hypercare is early life support; only its exit is missing.
    assert first.exit_code == 1, first.output
    assert _missing(first.stdout) == [("REL003", "els-exit")]
    second = pmsm("check", book, *only_rel003, "-f", "json", "--sheet", "New release")
    assert second.exit_code == 1, second.output
    assert _missing(second.stdout) == [("REL003", "early-life-support"), ("REL003", "els-exit")]


def test_an_unknown_sheet_is_one_finding_that_lists_the_sheets(pmsm: Run, tmp_path: Path) -> None:
    book = _two_releases(tmp_path)
    result = pmsm("check", book, "--isolated", "-f", "json", "--sheet", "Plan")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "INP001"
    assert finding["message"] == (
        "the workbook has no sheet 'Plan'; its sheets are 'Old release', 'New release'"
    )
    # An Excel plan from another tool has no pmsm source sheet to point into.
    assert (finding["sheet"], finding["cell"], finding["line"]) == (None, None, 1)


def test_a_bad_columns_value_stops_check_and_import_alike(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "odd.csv"
    plan.write_text(ODD_CSV, encoding="utf-8")
    cases = {
        "Step": "error: --columns: 'Step' should be FIELD=HEADING, as in name=Task,start=Begin\n",
        "name=Step,owner=Who": (
            "error: --columns: 'owner' is not a field pmsm reads; the fields are: id, name, "
            "start, finish, duration, predecessors, resources, outline_level, wbs, "
            "percent_complete, notes, status, milestone, summary, catalog\n"
        ),
    }
    for value, message in cases.items():
        for command in ("check", "import"):
            result = pmsm(command, plan, "--input-format", "csv", "--columns", value)
            assert result.exit_code == 2, (command, value)
            assert result.output == message, (command, value)


def test_an_unknown_input_format_lists_the_formats(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "odd.csv"
    plan.write_text(ODD_CSV, encoding="utf-8")
    for command in ("check", "import"):
        result = pmsm(command, plan, "--input-format", "docx")
        assert result.exit_code == 2
        assert result.output == (
            "error: --input-format docx is not a format pmsm reads; expected one of: "
            "mspdi, ganttproject, xlsx, mpxj, jira-csv, csv, markdown\n"
        )


def test_the_flags_with_pmsm_plans_only_are_refused(pmsm: Run, tmp_path: Path) -> None:
    base = Path(__file__).resolve().parents[1] / "lint" / "base.pmsm.yaml"
    plan = tmp_path / "pmsm.yaml"
    plan.write_bytes(base.read_bytes())
    result = pmsm("check", tmp_path, "--isolated", "--sheet", "Plan")
    assert result.exit_code == 2
    assert result.output == (
        "error: --sheet says how to read a plan kept in another tool (MS Project, Excel, CSV, "
        f"GanttProject, Jira, Markdown), and {tmp_path} holds only pmsm plans, which it does "
        "not apply to; leave it out, or name the plan kept in another tool\n"
    )
    both = pmsm("check", plan, "--isolated", "--date-format", "dmy", "--columns", "name=Step")
    assert both.exit_code == 2
    assert "--date-format and --columns say how to read" in both.output
    # With a plan from another tool among the files they apply to it, and the run goes on.
    csv = tmp_path / "odd.csv"
    csv.write_text(ODD_CSV, encoding="utf-8")
    mixed = pmsm("check", plan, csv, *CHANGED, "--input-format", "csv",
                 "--columns", CSV_COLUMNS, "--date-format", "dmy", "-f", "json")  # fmt: skip
    assert mixed.exit_code == 1, mixed.output
    paths = {f["path"] for f in json.loads(mixed.stdout)["findings"]}
    assert str(csv) in paths


def test_odd_headings_and_ambiguous_dates_are_read_as_told(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "odd.csv"
    plan.write_text(ODD_CSV, encoding="utf-8")
    # No heading pmsm knows: no reader claims the file; --columns alone says to name it.
    unknown = pmsm("check", plan, *CHANGED, "--columns", CSV_COLUMNS, "-f", "json")
    assert unknown.exit_code == 2
    (finding,) = json.loads(unknown.stdout)["findings"]
    assert finding["message"].endswith(
        "A CSV file is recognised by headings pmsm knows; with --columns, name its format too: "
        "--input-format csv"
    )
    read = ("--input-format", "csv", "--columns", CSV_COLUMNS)
    ambiguous = pmsm("check", plan, *CHANGED, *read, "-f", "json")
    assert ambiguous.exit_code == 2
    (finding,) = json.loads(ambiguous.stdout)["findings"]
    assert (finding["code"], finding["line"]) == ("INP001", 2)
    assert "pass --date-format dmy or --date-format mdy" in finding["message"]
    told = pmsm("check", plan, *CHANGED, *read, "--date-format", "dmy", "-f", "json")
    assert told.exit_code == 1, told.output
    # Hypercare is early life support; its exit and the verification are missing.
    assert _missing(told.stdout) == [("REL003", "els-exit"), ("REL005", "verify-deployment")]


def test_diff_and_the_fix_copy_come_from_the_same_reading(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "odd.csv"
    plan.write_text(ODD_CSV, encoding="utf-8")
    read = ("--input-format", "csv", "--columns", CSV_COLUMNS, "--date-format", "dmy")
    diff = pmsm("check", plan, *CHANGED, *read, "--diff")
    assert diff.exit_code == 1, diff.output
    assert diff.stdout == (
        f"{plan}: --fix -o COPY would add under 'ITIL service transition (added by pmsm)':\n"
        "+ Early life support exit (els-exit), milestone, after 'Hypercare' (4)\n"
        "+ Verify the deployment (verify-deployment), 5 d, after 'Go-live' (3)\n"
    )
    copy = tmp_path / "odd-fixed.csv"
    fixed = pmsm("check", plan, *CHANGED, *read, "--fix", "-o", copy)
    assert fixed.exit_code == 1, fixed.output
    assert f"wrote {copy}: 2 activities added" in fixed.stderr
    assert plan.read_text(encoding="utf-8") == ODD_CSV
    # The copy finds the header by the same --columns and writes dates day first, as read:
    # Hypercare ends Wednesday 25 February, so its exit is that day; Go-live is Wednesday
    # 11 February, so the five days of verification are Thu 12, Fri 13, Mon 16 to Wed 18.
    added = copy.read_text(encoding="utf-8")[len(ODD_CSV) :]
    assert added == (
        "Early life support exit,25/02/2026,25/02/2026,4\n"
        "Verify the deployment,12/02/2026,18/02/2026,3\n"
    )
    again = pmsm("check", copy, *CHANGED, *read)
    assert again.exit_code == 0, again.output


def test_an_excel_copy_goes_to_the_sheet_read(pmsm: Run, tmp_path: Path) -> None:
    notes = [["Release notes for the payroll cut-over"], ["Owner: PMO"]]
    release = [["Step", "Effort", "After"], ["Submit RFC", "1 day", None],
               ["Pilot rollout", "5 days", 1], ["Go-live", "0 days", 2],
               ["Hypercare", "10 days", 3]]  # fmt: skip
    book = _workbook(tmp_path / "odd.xlsx", {"Notes": notes, "Release": release})
    read = ("--columns", "name=Step,duration=Effort,predecessors=After", "--sheet", "Release")
    copy = tmp_path / "odd-fixed.xlsx"
    result = pmsm("check", book, *CHANGED, *read, "--fix", "-o", copy)
    assert result.exit_code == 1, result.output
    assert f"wrote {copy}: 2 activities added" in result.stderr
    assert "a workbook is not changed by --fix" not in result.output
    written = load_workbook(copy)
    assert written.sheetnames == ["Notes", "Release"]
    assert [list(r) for r in written["Notes"].iter_rows(values_only=True)] == notes
    rows = [list(r) for r in written["Release"].iter_rows(values_only=True)]
    assert rows[:5] == release
    # A flat list: no summary row; durations in the sheet's words, predecessors by row.
    assert [[r[0], r[1], str(r[2])] for r in rows[5:]] == [
        ["Early life support exit", "0 days", "4"],
        ["Verify the deployment", "5 days", "3"],
    ]


def test_sheet_with_a_plan_that_has_no_sheets_is_refused(pmsm: Run, tmp_path: Path) -> None:
    csv = tmp_path / "odd.csv"
    csv.write_text(ODD_CSV, encoding="utf-8")
    markdown = tmp_path / "plan.md"
    markdown.write_text("# Cutover\n\n- [ ] Submit RFC\n- [ ] Go-live\n", encoding="utf-8")
    xml = Path(__file__).resolve().parents[1] / "data" / "foreign" / "mspdi" / "mspdirelations.xml"
    for path, read_as, given in (
        (csv, "CSV task list (MS Project, Excel, hand-kept)", ("--input-format", "csv")),
        (markdown, "Markdown plan (headings, task lists, tables)", ()),
        (xml, "MS Project XML", ()),
    ):
        for command in ("check", "import"):
            result = pmsm(command, path, *given, "--sheet", "Plan")
            assert result.exit_code == 2, (command, path, result.output)
            assert result.output == (
                f"{path}: error: --sheet names the sheet of an Excel workbook to read, and this "
                f"file is read as {read_as}, which does not use it; leave --sheet out, or name "
                "the plan it is for\n"
            ), (command, path)


def test_sheet_applies_to_the_workbooks_of_a_mixed_run(pmsm: Run, tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "foreign"
    csv = data / "csv" / "crm-release-msproject-en.csv"  # headings MS Project writes
    xml = data / "mspdi" / "mspdirelations.xml"
    neither = pmsm("check", csv, xml, "--isolated", "--sheet", "Plan")
    assert neither.exit_code == 2
    assert neither.output == (
        "error: --sheet names the sheet of an Excel workbook to read, and none of the plans "
        "named is read by a reader that uses it (they are read as CSV task list (MS Project, "
        "Excel, hand-kept), MS Project XML); leave --sheet out, or name the plan it is for\n"
    )
    # With a workbook among them the sheet is the workbook's, and the CSV is read as ever.
    book = _two_releases(tmp_path)
    mixed = pmsm("check", csv, book, *CHANGED, "--sheet", "New release", "-f", "json")
    assert mixed.exit_code == 1, mixed.output
    paths = {f["path"] for f in json.loads(mixed.stdout)["findings"]}
    assert paths == {str(csv), str(book)}


def test_columns_and_date_format_are_refused_where_no_reader_uses_them(pmsm: Run) -> None:
    # MS Project XML and GanttProject name their fields and write ISO dates: --columns and
    # --date-format would change nothing, so the wrong file was most likely named.
    data = Path(__file__).resolve().parents[1] / "data" / "foreign"
    xml = data / "mspdi" / "mspdirelations.xml"
    gan = data / "ganttproject" / "HouseBuildingSample.gan"
    for path, read_as in ((xml, "MS Project XML"), (gan, "GanttProject")):
        for command in ("check", "import"):
            columns = pmsm(command, path, "--columns", "name=Task")
            assert columns.exit_code == 2, (command, path, columns.output)
            assert columns.output == (
                f"{path}: error: --columns names the columns of a table (Excel, CSV or "
                f"Markdown), and this file is read as {read_as}, which does not use it; leave "
                "--columns out, or name the plan it is for\n"
            )
            dates = pmsm(command, path, "--date-format", "dmy")
            assert dates.exit_code == 2, (command, path, dates.output)
            assert dates.output.startswith(f"{path}: error: --date-format says how the dates")
    # A Jira export has dates in its own words but no columns to rename.
    jira = next((data / "jira").glob("*.csv"))
    assert pmsm("import", jira, "--columns", "name=Summary").exit_code == 2
