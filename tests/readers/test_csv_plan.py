"""CSV plans: MS Project's CSV in English and German, Excel's encodings, a real tracking sheet."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import ReadOptions, csv_plan, detect
from pmsm_cli.readers.model import Link
from pmsm_cli.readers.textfile import MAX_LINE

DATA = Path(__file__).resolve().parents[1] / "data" / "foreign" / "csv"
GERMAN = DATA / "lohn-saas-msproject-de.csv"
ENGLISH = DATA / "crm-release-msproject-en.csv"
UTF16 = DATA / "payments-cutover-en.txt"
K8S = DATA / "k8s-1.12-features.csv"


def _read(path: Path, **options: object) -> csv_plan.ForeignPlan:
    return csv_plan.read(path, ReadOptions(**options))  # type: ignore[arg-type]


def _write(tmp_path: Path, text: str, name: str = "plan.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_german_ms_project_csv_in_the_windows_code_page() -> None:
    plan = _read(GERMAN)
    assert plan.format == "csv"
    assert [t.id for t in plan.tasks] == [str(n) for n in range(1, 16)]
    first, rfc, cab, mapping = plan.tasks[0], plan.tasks[3], plan.tasks[4], plan.tasks[5]
    # Line 2 of the file: "1;Umstellung Lohnabrechnung auf SaaS;36 Tage?;Mo 05.01.26;Mo 23.02.26;;;12 %;"
    assert first.name == "Umstellung Lohnabrechnung auf SaaS"
    assert (first.duration_days, first.start, first.finish) == (
        36.0,
        date(2026, 1, 5),
        date(2026, 2, 23),
    )
    assert first.percent_complete == 12.0 and first.summary and first.outline_level == 1
    assert first.where.line == 2
    # Names indented by three spaces per outline level, as MS Project exports them.
    assert [t.outline_level for t in plan.tasks] == [1, 2, 3, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3]
    assert rfc.name == "Änderungsantrag (RFC) stellen" and rfc.parent == "2"
    assert rfc.notes == "RFC-4711 im Change-Tool; CAB am Donnerstag"
    assert cab.milestone and cab.duration_days == 0.0  # "0 Tage"
    assert mapping.predecessors == (Link("3", "FS", 2.0),)  # "3EA+2 Tage"
    assert mapping.resources == ("Schmidt", "Yilmaz")
    assert plan.tasks[8].predecessors == (Link("8", "SS", 1.0),)  # "8AA+1 Tag"
    assert plan.tasks[8].duration_days == 10.0  # "2 Wo."
    assert plan.tasks[9].predecessors == (Link("9", "FF", 0.0),)  # "9EE"
    assert plan.tasks[12].duration_days == 2.0  # "16 Std."
    assert plan.tasks[14].predecessors == (Link("14", "FS", -1.0),)  # "14EA-1 Tag"
    assert plan.start == date(2026, 1, 5)
    assert plan.warnings == []


def test_english_ms_project_csv_with_bom_us_dates_and_a_two_line_note() -> None:
    plan = _read(ENGLISH)
    names = [t.name for t in plan.tasks]
    assert names[:3] == ["CRM Release 4.2", "Build and test", "Code freeze"]
    assert [t.outline_level for t in plan.tasks] == [1, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3]
    uat, pen_test, deploy, hypercare = plan.tasks[3], plan.tasks[4], plan.tasks[8], plan.tasks[9]
    # "Fri 3/13/26": 13 is above 12, so the whole column is month first.
    assert pen_test.start == date(2026, 3, 13) and pen_test.finish == date(2026, 3, 17)
    assert uat.start == date(2026, 3, 3)
    assert uat.notes == "UAT sign-off by the sales ops lead.\nDefects triaged daily at 9:30."
    # The note runs over lines 5 and 6; the next task is on line 7.
    assert (uat.where.line, pen_test.where.line) == (5, 7)
    assert pen_test.predecessors == (Link("4", "SS", 5.0),)
    assert deploy.duration_days == 0.5 and deploy.predecessors == (Link("8", "FS", 1.0),)
    assert hypercare.duration_days == 5.0  # "1 wk"
    assert plan.tasks[7].milestone and plan.tasks[7].parent == "6"


def test_utf16_tab_separated_runbook_with_a_title_and_wbs_numbers() -> None:
    plan = _read(UTF16)
    assert plan.title == "Cutover runbook \u2013 Payments gateway"  # an en dash
    assert [(t.wbs, t.outline_level, t.parent) for t in plan.tasks] == [
        ("1", 1, None),
        ("1.1", 2, "1"),
        ("1.2", 2, "1"),
        ("2", 1, None),
        ("2.1", 2, "4"),
        ("2.2", 2, "4"),
        ("2.3", 2, "4"),
        ("2.4", 2, "4"),
    ]
    # Predecessors name WBS codes: "1.1" is the second task, "1" the first.
    assert plan.tasks[2].predecessors == (Link("2"),)
    assert plan.tasks[3].predecessors == (Link("1"),)
    assert plan.tasks[7].start is None and plan.tasks[7].predecessors == (Link("7"),)
    assert plan.tasks[0].where.line == 4


def test_a_real_feature_tracking_sheet_with_its_header_below_key_dates() -> None:
    plan = _read(K8S)
    # Lines 1 to 9 are key dates and the team; line 10 is the header.
    assert plan.title == "Key Dates:"
    assert plan.tasks[0].where.line == 11
    assert plan.tasks[0].name == "115: Easier installation through componentconfig"
    assert plan.tasks[0].resources == ("jbeda", "sttts", "luxas", "thockin")
    assert plan.tasks[0].status is None
    assert len(plan.tasks) == 38
    assert all(t.outline_level == 1 for t in plan.tasks)


def test_the_registry_detects_each_csv_and_reading_leaves_it_untouched() -> None:
    for path in (GERMAN, ENGLISH, UTF16, K8S):
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        assert detect(path) == "csv"
        _read(path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_excels_sep_line_and_a_semicolon_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "sep=;\nTask Name;Start\nKick-off;2026-05-04\n")
    plan = _read(path)
    assert [(t.name, t.start, t.where.line) for t in plan.tasks] == [
        ("Kick-off", date(2026, 5, 4), 3)
    ]


def test_ms_projects_export_map_headings_with_underscores(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "ID,Name,Duration,Start_Date,Finish_Date,Predecessors,Resource_Names\n1,Go-live,0 days,2026-05-04,2026-05-04,,Ops\n",
    )
    task = _read(path).tasks[0]
    assert (task.name, task.milestone, task.start, task.finish, task.resources) == (
        "Go-live",
        True,
        date(2026, 5, 4),
        date(2026, 5, 4),
        ("Ops",),
    )


def test_columns_named_by_the_user_override_detection(tmp_path: Path) -> None:
    path = _write(tmp_path, "Step,Begin,Team\nFreeze,2026-05-04,Ops\n")
    plan = _read(path, columns={"name": "Step", "start": "Begin", "resources": "team"})
    assert [(t.name, t.start, t.resources) for t in plan.tasks] == [
        ("Freeze", date(2026, 5, 4), ("Ops",))
    ]


def test_no_header_lists_the_headings_seen(tmp_path: Path) -> None:
    path = _write(tmp_path, "Budget plan\nItem,Cost,Quarter\nLicences,1200,Q1\n")
    with pytest.raises(PmsmError) as caught:
        _read(path)
    message = caught.value.render()
    assert message.startswith(f"{path}: error: no row in the first 30 names a task column")
    assert "the headings seen: 'Item', 'Cost', 'Quarter'." in message
    assert "--columns name=Task,start=Begin" in message
    assert "1200" not in message  # the file's data is not echoed back


def test_a_column_given_that_is_not_there(tmp_path: Path) -> None:
    path = _write(tmp_path, "Task,Start\nA,2026-05-04\n")
    with pytest.raises(
        PmsmError, match=r"no row in the first 30 has the columns given \(name='step'\)"
    ):
        _read(path, columns={"name": "Step"})
    with pytest.raises(PmsmError, match=r"--columns names 'owner', which pmsm does not read"):
        _read(path, columns={"owner": "Who"})


def test_an_ambiguous_date_column_needs_the_date_format(tmp_path: Path) -> None:
    path = _write(tmp_path, "Task,Start\nA,05/01/2026\nB,06/01/2026\n")
    with pytest.raises(PmsmError) as caught:
        _read(path)
    assert caught.value.render() == (
        f"{path}:2: error: the dates in the column 'Start' could be day first or month first "
        "(no day above 12 tells which); pass --date-format dmy or --date-format mdy"
    )
    assert [t.start for t in _read(path, date_order="mdy").tasks] == [
        date(2026, 5, 1),
        date(2026, 6, 1),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Task,Duration\nA,5 days\nB,soon\n", "'soon' is not a duration"),
        # Predecessors are read once every ID is known, and still named by their line.
        ("ID,Task,Predecessors\n1,A,\n2,B,1 then 3\n", "'1 then 3' is not a predecessor"),
    ],
)
def test_a_bad_value_is_named_by_line_and_column_heading(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(PmsmError) as caught:
        _read(path)
    assert caught.value.render().startswith(f"{path}:3: error: {message}")


def test_a_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "ID,Task\n1,A\n1,B\n")
    with pytest.raises(PmsmError, match=r"the ID '1' is given twice \(also at .*plan.csv:2\)"):
        _read(path)


def test_unknown_predecessors_are_warnings_not_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, "ID,Task,Predecessors\n1,A,\n2,B,1;9\n3,C,3\n")
    plan = _read(path)
    assert plan.tasks[1].predecessors == (Link("1"),)
    assert [w.render() for w in plan.warnings] == [
        f"{path}:3: error: the predecessor '9' of 'B' is not a task ID of this plan; the link was left out",
        f"{path}:4: error: the task 'C' names itself as its predecessor; the link was left out",
    ]


def test_the_csv_pmsm_plan_writes_reads_back_with_every_dependency(tmp_path: Path) -> None:
    """`pmsm plan -o plan.csv` names predecessors by pmsm's ids ("build-app",
    "build-app+2", "wave-2-1"): the CSV reader takes them as the plan's own ids, with
    their lags and leads, also where an id ends in a link type's letters ("access")."""
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.plan.load import load_plan
    from pmsm_cli.plan.view import build_view
    from pmsm_cli.render import RenderOptions, renderer

    source = tmp_path / "pmsm.yaml"
    source.write_text(
        "project: {name: Round trip, kind: improvement, start: 2026-03-02}\n"
        "activities:\n"
        "  - {id: build-app, name: Build the app, duration: 5}\n"
        "  - {id: access, name: Grant access, duration: 1, depends_on: [build-app]}\n"
        "  - id: wave-2\n"
        "    name: Second wave\n"
        "    duration: 2\n"
        "    depends_on: [{id: build-app, lag: 2}, access]\n"
        "  - {id: wave-2-check, name: Check wave 2, duration: 3, depends_on: [{id: wave-2, lag: -1}]}\n",
        encoding="utf-8",
    )
    view = build_view(load_plan(source), load_catalog(), suggest=False)
    text = renderer("csv")(view, RenderOptions(group_by="pmbok", templates=[]))
    assert "build-app+2; access" in text and "wave-2-1" in text  # as pmsm writes them
    plan = _read(_write(tmp_path, text))
    assert plan.warnings == []
    assert {t.id: t.predecessors for t in plan.tasks} == {
        "build-app": (),
        "access": (Link("build-app"),),
        "wave-2": (Link("build-app", "FS", 2.0), Link("access")),
        "wave-2-check": (Link("wave-2", "FS", -1.0),),
    }


def test_a_catalog_column_names_the_activity_each_task_implements(tmp_path: Path) -> None:
    path = _write(tmp_path, "Task,ITIL activity\nRaise the RFC, chg-submit-rfc \nPaint the wall,\n")
    assert [t.catalog for t in _read(path).tasks] == ["chg-submit-rfc", None]


def test_a_finish_before_the_start_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "Task,Start,Finish\nA,2026-05-04,2026-05-01\n")
    with pytest.raises(
        PmsmError, match=r"plan.csv:2: error: the task 'A' finishes \(2026-05-01\) before it starts"
    ):
        _read(path)


def test_rows_without_a_name_are_left_out_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "Task,Start\nA,2026-05-04\n,2026-05-05\n\n")
    plan = _read(path)
    assert [t.name for t in plan.tasks] == ["A"]
    assert [w.render() for w in plan.warnings] == [
        f"{path}:3: error: line 3 has no task name and was left out"
    ]


# -- bad input ------------------------------------------------------------------


def test_a_line_of_ten_megabytes_is_refused_by_its_number(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"Task,Notes\nA," + b"x" * (10 * 1024 * 1024) + b"\n")
    with pytest.raises(PmsmError) as caught:
        _read(path)
    assert caught.value.render() == (
        f"{path}:2: error: line 2 of the CSV file is 10,485,762 characters long; pmsm reads "
        f"lines of at most {MAX_LINE:,} (is this really a plan?)"
    )


def test_a_cp1252_byte_in_a_utf8_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("Task,Owner\nÜbergabe,Jürgen\n".encode() + b"Abnahme,M\xfcller\n")
    with pytest.raises(PmsmError) as caught:
        _read(path)
    assert caught.value.render() == (
        f"{path}:3:10: error: the CSV file is UTF-8 text, but line 3 has a byte that is not UTF-8 "
        "(0xfc, probably pasted from a file in another encoding); retype that character or "
        "save the file again as UTF-8"
    )


def test_a_file_wholly_in_cp1252_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "Task,Owner\nAbnahme,Müller\n", encoding="cp1252")
    assert _read(path).tasks[0].resources == ("Müller",)


def test_an_unclosed_quote_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, 'Task,Notes\nA,"fine"\nB,"never closed\nC,more\n')
    with pytest.raises(
        PmsmError, match=r"plan.csv:3: error: a quoted field that starts on line 3 is never closed"
    ):
        _read(path)


def test_a_nul_byte_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Task,Start\nA\x00,2026-05-04\n")
    with pytest.raises(
        PmsmError, match=r"nul.csv:2: error: line 2 of the CSV file holds a NUL character"
    ):
        _read(path)


def test_too_many_tasks_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pmsm_cli.readers.table_tasks.MAX_TASKS", 3)
    path = _write(tmp_path, "Task\n" + "".join(f"T{n}\n" for n in range(4)))
    with pytest.raises(PmsmError, match="more than 3 tasks"):
        _read(path, columns={"name": "Task"})


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(PmsmError, match="does not exist"):
        _read(tmp_path / "nope.csv")
    with pytest.raises(PmsmError, match="is a folder"):
        _read(tmp_path)


def test_sniffing_wants_a_header_row_with_a_task_column() -> None:
    assert csv_plan.sniff(b"Task Name,Start\nA,2026-05-04\n", Path("x.txt"))
    assert csv_plan.sniff("Vorgangsname;Dauer\n".encode("cp1252"), Path("x"))
    assert not csv_plan.sniff(b"a,b,c\n1,2,3\n", Path("x.csv"))
    assert not csv_plan.sniff(b"name: Plan\nactivities:\n  - id: a\n", Path("x.csv"))
    assert not csv_plan.sniff(b"\x00\x01binary", Path("x.csv"))
