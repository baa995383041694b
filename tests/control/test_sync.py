"""``pmsm_cli.control.sync``: a project manager's Excel edits, back in the plan file, comments kept."""

from __future__ import annotations

import datetime as dt
import difflib
import resource
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from tests.syncbooks import PLAN, copy_pair, edit, rows_by_id, write_plan_and_workbook
from typer.testing import CliRunner

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.cli.app import app
from pmsm_cli.control.sync import SyncResult, sync_plan
from pmsm_cli.errors import PmsmError
from pmsm_cli.workbook import guard as workbook_guard
from pmsm_cli.workbook import read as workbook_read
from pmsm_cli.workbook.read import WorkbookError

CATALOG = load_catalog()

# What the edits in `test_edits_reach_the_plan_file_and_every_comment_survives` make of PLAN.
# Worked out line by line: a changed key keeps its place and its comment, a new key goes after
# the last key that comes before it in the plan model (id, ..., owner, status, ...,
# actual_start, actual_finish, percent_complete), comment lines below that key stay below the
# new one, and the suggested identify-stakeholders (the catalog lists no activity before it)
# goes first in the list, with a comment saying where it came from.
EXPECTED = """\
# Payroll portal: the single source of truth for this project.
project:
  name: Payroll portal
  kind: new-service   # a new service in the service catalogue
  service: Payroll self-service
  start: 2026-03-02
activities:
  # Initiating
  - id: identify-stakeholders  # added by pmsm sync from plan.xlsx: Identify the stakeholders (Third Sky whitepaper §2.2)
    owner: Dana Reyes
    status: done
    actual_start: 2026-03-02
    actual_finish: 2026-03-03
  - id: develop-charter-tco
    duration: 3
    owner: Dana Reyes   # the project manager
    status: done
    actual_finish: 2026-03-04
    percent_complete: 100
    # The sponsor signs the charter.
  - id: charter-approved
    depends_on: [develop-charter-tco]
    owner: Head of HR
    status: done
    actual_start: 2026-03-05
    actual_finish: 2026-03-05
  - {id: slm-create-sla, duration: 4, depends_on: [charter-approved]}  # SLA before build
  - id: build
    name: "Build: portal"
    process: release-deployment-management
    duration: 5
    depends_on: [slm-create-sla]
    status: in-progress
    percent_complete: 60  # as of the last steering meeting
    # Testing follows the build.
  # Release
  - id: go-live
    depends_on: [build]
"""

USER_EDITS = {
    "develop-charter-tco": {"actual_finish": dt.datetime(2026, 3, 4), "percent_complete": 100},
    "charter-approved": {
        "owner": "Head of HR",
        "status": "done",
        "actual_start": dt.datetime(2026, 3, 5),
        "actual_finish": dt.date(2026, 3, 5),
    },
    # 60 % typed into a cell formatted as a percentage is stored as 0.6.
    "build": {"status": "in-progress", "percent_complete": 0.6},
    # A suggested activity the project manager took up; pilot and the rest stay untouched.
    "identify-stakeholders": {
        "owner": "Dana Reyes",
        "status": "done",
        "actual_start": dt.datetime(2026, 3, 2),
        "actual_finish": dt.datetime(2026, 3, 3),
    },
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_plan_and_workbook(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def pair(pristine: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    return copy_pair(pristine, tmp_path)


def run(pair: tuple[Path, Path], force: bool = False) -> SyncResult:
    return sync_plan(pair[0], pair[1], CATALOG, force=force)


def test_edits_reach_the_plan_file_and_every_comment_survives(pair: tuple[Path, Path]) -> None:
    edit(pair[1], USER_EDITS, formats={("build", "percent_complete"): "0%"})
    result = run(pair)
    assert result.new_text == EXPECTED
    # Line by line: the only line of the plan that changed is build's percent_complete
    # (20 -> 60, its comment kept); every other line, comments included, is still there in
    # order, and the rest of the new file is added lines.
    steps = difflib.SequenceMatcher(None, PLAN.splitlines(), result.new_text.splitlines())
    touched = [
        PLAN.splitlines()[i]
        for tag, i1, i2, _j1, _j2 in steps.get_opcodes()
        if tag in ("replace", "delete")
        for i in range(i1, i2)
    ]
    assert touched == ["    percent_complete: 20  # as of the last steering meeting"]
    assert result.added == ("identify-stakeholders",)
    # 4 activities: develop-charter-tco (2 fields), charter-approved (4), build (2),
    # identify-stakeholders (4) = 12 changes; owner 2, status 3, actual_start 2,
    # actual_finish 3, percent_complete 2.
    assert len(result.changes) == 12
    assert set(result.changed_activities) == set(USER_EDITS)
    assert result.field_counts() == {
        "owner": 2,
        "status": 3,
        "actual_start": 2,
        "actual_finish": 3,
        "percent_complete": 2,
    }
    assert result.plan_changed is False


def test_an_untouched_workbook_changes_nothing(pair: tuple[Path, Path]) -> None:
    result = run(pair)
    assert (result.changes, result.added, result.new_text) == ((), (), PLAN)


def test_percent_as_a_plain_number_and_as_text(pair: tuple[Path, Path]) -> None:
    edit(pair[1], {"build": {"percent_complete": 45}, "go-live": {"percent_complete": "30%"}})
    result = run(pair)
    assert {(c.activity, c.field, c.old, c.new) for c in result.changes} == {
        ("build", "percent_complete", 20, 45),
        ("go-live", "percent_complete", None, 30),
    }


def test_an_emptied_cell_removes_the_key_and_its_comment_lines_move_up(
    pair: tuple[Path, Path],
) -> None:
    # The project manager clears build's % complete and develop-charter-tco's status.
    edit(pair[1], {"build": {"percent_complete": None}, "develop-charter-tco": {"status": None}})
    result = run(pair)
    assert {(c.activity, c.field, c.old, c.new) for c in result.changes} == {
        ("build", "percent_complete", 20, None),
        ("develop-charter-tco", "status", "done", "not-started"),  # empty = the default
    }
    expected = PLAN.replace(
        "    percent_complete: 20  # as of the last steering meeting\n", ""
    ).replace("    status: done\n", "    status: not-started\n")
    # The comment line under the removed key stays, under the key before it.
    assert result.new_text == expected
    assert "    # Testing follows the build.\n" in result.new_text


def test_status_words_as_people_type_them(pair: tuple[Path, Path]) -> None:
    edit(pair[1], {"go-live": {"status": "In Progress"}})
    (change,) = run(pair).changes
    assert (change.field, change.new) == ("status", "in-progress")


def test_untouched_suggested_rows_are_ignored(pair: tuple[Path, Path]) -> None:
    rows = rows_by_id(pair[1])
    assert "pilot" in rows  # a suggested row pmsm plan wrote
    edit(pair[1], {"pilot": {"status": "not-started"}})  # the same as it was: not an edit
    assert run(pair).added == ()


def test_a_changed_plan_is_refused_and_force_applies_only_the_edited_cells(
    pair: tuple[Path, Path],
) -> None:
    plan, workbook = pair
    edit(workbook, {"charter-approved": {"status": "done"}})
    # Meanwhile someone set build's owner and percent in the plan file itself.
    newer = PLAN.replace(
        "    percent_complete: 20", "    owner: Dev team\n    percent_complete: 30"
    )
    plan.write_text(newer, encoding="utf-8")
    with pytest.raises(PmsmError) as caught:
        run(pair)
    message = caught.value.render()
    # "percent_complete: 20" was line 22 of PLAN; "owner: Dev team" is inserted there.
    assert message.startswith(f"{workbook}: error: the plan file '{plan}' has changed since ")
    assert "(first at line 22)" in message and "--force" in message
    result = run(pair, force=True)
    assert result.plan_changed
    # Only the edited cell; build's newer owner and 30 % stay (the workbook still says 20).
    assert result.new_text == newer.replace(
        "    depends_on: [develop-charter-tco]\n",
        "    depends_on: [develop-charter-tco]\n    status: done\n",
    )


def test_force_does_not_write_edits_of_activities_gone_from_the_plan(
    pair: tuple[Path, Path],
) -> None:
    plan, workbook = pair
    edit(workbook, {"go-live": {"status": "done"}})
    row = rows_by_id(workbook)["go-live"]
    plan.write_text(PLAN.replace("  - id: go-live\n    depends_on: [build]\n", ""), "utf-8")
    with pytest.raises(WorkbookError) as caught:
        run(pair, force=True)
    assert caught.value.render().startswith(f"{workbook}: Activities!A{row}: error: 'go-live' ")


def test_an_edit_that_would_make_the_plan_invalid_is_refused(pair: tuple[Path, Path]) -> None:
    row = rows_by_id(pair[1])["build"]
    edit(pair[1], {"build": {"owner": "x" * 10_001}})  # a plan allows 10,000 characters
    with pytest.raises(WorkbookError) as caught:
        run(pair)
    assert caught.value.render() == (
        f"{pair[1]}: Activities!G{row}: error: 'Owner' cannot go into the plan file: "
        "String should have at most 10000 characters"
    )


def test_an_xml_bomb_is_refused_at_once(pair: tuple[Path, Path], tmp_path: Path) -> None:
    # A billion laughs: 10 levels of 10 references, 10**9 "lol"s (3 GB) if expanded.
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(pair[1]) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # the Activities sheet
                text = data.decode("utf-8")
                body = text[text.index("<worksheet") :].replace(
                    "<sheetData>",
                    '<sheetData><row r="999"><c r="A999" t="inlineStr"><is><t>&lol9;</t>'
                    "</is></c></row>",
                    1,
                )
                data = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]>{body}'.encode()
            target.writestr(item, data)
    started = time.perf_counter()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    with pytest.raises(WorkbookError, match="XML bomb"):
        sync_plan(pair[0], bomb, CATALOG)
    assert time.perf_counter() - started < 10
    # Expanded, the bomb would need 3 GB; the process's peak memory grew by less than 100 MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 100_000
    assert pair[0].read_text(encoding="utf-8") == PLAN


def test_workbooks_are_not_read_without_defusedxml(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(PmsmError, match="defusedxml"):
        run(pair)


def test_an_archive_that_unpacks_too_big_is_refused(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with zipfile.ZipFile(pair[1]) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    # A limit above the file's size on disk but below what it unpacks to (XML packs well).
    assert pair[1].stat().st_size < unpacked
    monkeypatch.setattr(workbook_guard, "MAX_UNPACKED_BYTES", unpacked - 1)
    with pytest.raises(WorkbookError, match="would unpack to"):
        run(pair)


def test_a_line_longer_than_a_cell_is_read_back_whole(tmp_path: Path) -> None:
    # Excel cells hold 32,767 characters; pmsm plan carries a longer line on into column B.
    long_comment = "# " + "x" * 40_000
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(PLAN.replace("# Initiating", long_comment), encoding="utf-8")
    workbook = tmp_path / "plan.xlsx"
    assert CliRunner().invoke(app, ["plan", str(plan), "-o", str(workbook)]).exit_code == 0
    edit(workbook, {"go-live": {"status": "blocked"}})
    result = sync_plan(plan, workbook, CATALOG)
    assert not result.plan_changed  # the source sheet gave back the same text
    assert long_comment in result.new_text
    assert [(c.activity, c.field, c.new) for c in result.changes] == [
        ("go-live", "status", "blocked")
    ]


def test_an_unreadable_recorded_plan_names_its_line_and_the_cell_holding_it() -> None:
    from pmsm_cli.control.sync import _recorded_plan

    # Line 4 has a start that is not a date; lines 1-3 are in A1 and 4-5 in A2.
    text = "project:\n  name: P\n  kind: new-service\n  start: soon\nactivities: []\n"
    with pytest.raises(WorkbookError) as caught:
        _recorded_plan(workbook_read.SourceSheet(text, (1, 4)), Path("plan.xlsx"))
    assert caught.value.cell == "A2"
    assert "(line 4 of the plan file)" in caught.value.detail
