"""Schedule files read through MPXJ (readers/mpxj.py): .mpp, .mpx, .xer, .planner.

The real files are MPXJ's own test data (LGPL-2.1, tests/data/foreign/README.md).
Reading needs Java and the ``mpxj`` package (the ``mpp`` extra, also in the
``test`` extra); without them these tests are skipped and say why, except
those that check the message a user without them gets.
"""

from __future__ import annotations

import importlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.export import mspdi as export_mspdi
from pmsm_cli.plan.load import load_plan
from pmsm_cli.plan.resolve import schedule_plan
from pmsm_cli.readers import SNIFF_BYTES, ReadOptions, detect, mpxj, mspdi
from pmsm_cli.readers.model import ForeignPlan, ForeignTask

DATA = Path(__file__).resolve().parents[1] / "data"
FOREIGN = DATA / "foreign"
SAMPLE_MPX = FOREIGN / "mpxj" / "sample.mpx"
SAMPLE_MPP = FOREIGN / "mpxj" / "sample.mpp"
PLANNER = FOREIGN / "mpxj" / "planner-sample.planner"
XER = FOREIGN / "mpxj" / "PredecessorCalendar.xer"
MSPDI_FILES = sorted((FOREIGN / "mspdi").glob("*.xml"))


@pytest.fixture(scope="module")
def java() -> None:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless); MPXJ needs it")
    pytest.importorskip("jpype", reason="JPype is not installed (pip install JPype1)")
    pytest.importorskip("mpxj", reason="mpxj is not installed (pip install mpxj)")


def read(path: Path) -> ForeignPlan:
    return mpxj.read(path, ReadOptions())


def links(task: ForeignTask) -> list[tuple[str, str, float]]:
    return [(link.predecessor, link.type, link.lag_days) for link in task.predecessors]


# -- detection (no Java needed) ---------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), True),  # OLE2: .mpp
        (b"MPX,Microsoft Project for Windows,4.0,ANSI\r\n", True),
        (b"ERMHDR\t19.12\t2020-01-01\n", True),
        (b"\xac\xed\x00\x05sr\x00", True),  # ProjectLibre .pod
        (b'<?xml version="1.0"?>\n<project name="" mrproject-version="2">', True),  # Planner
        (b'<?xml version="1.0"?>\n<APIBusinessObjects xmlns="http://xmlns.oracle.com/">', True),
        (b'<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">', False),
        (b'<project name="" webLink="" view-date="2026-01-01">', False),  # GanttProject
        (b"MPXJ is a library", False),
        (b"PK\x03\x04", False),  # a zip: .xlsx, read elsewhere
        (b"", False),
    ],
)
def test_sniff(head: bytes, expected: bool, tmp_path: Path) -> None:
    assert mpxj.sniff(head, tmp_path / "x") is expected


def test_real_files_are_detected() -> None:
    for path in (SAMPLE_MPX, SAMPLE_MPP, PLANNER, XER):
        assert detect(path) == "mpxj", path
    assert mpxj.sniff(SAMPLE_MPP.read_bytes()[:SNIFF_BYTES], SAMPLE_MPP)


# -- without MPXJ or Java: one clear message ---------------------------------------------


def test_without_mpxj_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def missing(name: str, package: str | None = None) -> Any:
        if name in ("jpype", "mpxj"):
            raise ModuleNotFoundError(f"No module named '{name}'")
        return real(name, package)

    monkeypatch.setattr(mpxj.importlib, "import_module", missing)
    with pytest.raises(PmsmError) as caught:
        read(SAMPLE_MPX)
    [problem] = caught.value.problems
    assert problem.message == (
        'reading this file needs MPXJ: pip install "pmsm[mpp]" (MPXJ and JPype) and a Java '
        "runtime, version 8 or later (for example apt-get install default-jre-headless)"
    )


def test_without_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    jpype = pytest.importorskip("jpype", reason="JPype is not installed (pip install JPype1)")
    pytest.importorskip("mpxj", reason="mpxj is not installed (pip install mpxj)")

    def no_java(*args: object, **kwargs: object) -> None:
        raise jpype.JVMNotFoundException("No JVM shared library file (libjvm.so) found.")

    monkeypatch.setattr(jpype, "isJVMStarted", lambda: False)
    monkeypatch.setattr(jpype, "startJVM", no_java)
    with pytest.raises(PmsmError) as caught:
        read(SAMPLE_MPX)
    assert caught.value.problems[0].message.startswith(
        "reading this file needs a Java runtime, and none was found: pip install"
    )


def test_missing_file_is_said_before_java_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(mpxj, "_java", lambda: pytest.fail("Java started for a missing file"))
    with pytest.raises(PmsmError, match="does not exist"):
        read(tmp_path / "plan.mpp")


# -- MPXJ's sample, as MPX and as .mpp ------------------------------------------------


def test_sample_mpx(java: None) -> None:
    plan = read(SAMPLE_MPX)
    assert (plan.format, plan.title, plan.start) == ("mpxj", "sample", date(2003, 1, 7))
    by_id = {t.id: t for t in plan.tasks}
    # Record 70 lines: name, WBS, outline level, ..., duration, ..., unique ID.
    # The "sample" row (outline level 0, unique ID 0) is the project summary.
    assert "0" not in by_id
    assert [(t.id, t.name, t.outline_level, t.parent, t.wbs) for t in plan.tasks[:6]] == [
        ("1", "First Task", 1, None, "1"),
        ("2", "Second Task", 2, "1", "1.1"),
        ("3", "Third task", 2, "1", "1.2"),
        ("6", "Recurring Task", 1, None, "1.3"),
        ("7", "Recurring Task 1", 2, "6", "1.3.1"),
        ("8", "Recurring Task 2", 2, "6", "1.3.2"),
    ]
    first, second, third = by_id["1"], by_id["2"], by_id["3"]
    assert (first.summary, first.duration_days, first.notes) == (True, 50.0, "Test Task Notes")
    # Tue 07/01/03 to Tue 18/03/03, day first.
    assert (second.start, second.finish, second.duration_days) == (
        date(2003, 1, 7),
        date(2003, 3, 18),
        100.0,
    )
    assert second.resources == ("First Resource", "Second Resource")  # records 75
    assert (third.milestone, third.duration_days) == (True, 0.0)


def test_sample_mpx_links(java: None) -> None:
    by_id = {t.id: t for t in read(SAMPLE_MPX).tasks}
    # The MPX predecessors column names task IDs, not unique IDs: ID 8 is
    # "Related Task 1a" (unique ID 9), ID 10 is "Related Task 2a" (unique 11), ...
    assert links(by_id["10"]) == [("9", "FS", 0.0)]  # "8"
    assert links(by_id["12"]) == [("11", "FS", 1.0), ("10", "FS", 0.0)]  # "10FS+1d,9"
    assert links(by_id["14"]) == [("13", "FS", -1.0)]  # "12FS-1d"
    assert links(by_id["16"]) == [("15", "SS", 0.0)]  # "14SS"
    assert links(by_id["18"]) == [("17", "FF", 0.0)]  # "16FF"
    assert links(by_id["21"]) == [("20", "SF", 0.0)]  # "18SF"


def test_sample_mpp_is_the_same_project_saved_by_ms_project(java: None) -> None:
    plan = read(SAMPLE_MPP)
    assert plan.title == "sample"
    by_id = {t.id: t for t in plan.tasks}
    assert [by_id[i].name for i in ("1", "2", "3", "6", "19")] == [
        "First Task",
        "Second Task",
        "Third task",
        "Recurring Task",
        "Task Relationships",
    ]
    assert by_id["2"].resources == ("First Resource", "Second Resource")
    assert by_id["3"].milestone
    assert links(by_id["16"]) == [("15", "SS", 0.0)]
    assert links(by_id["21"]) == [("20", "SF", 0.0)]
    # The .mpp has three tasks more than the .mpx: "Resource Assignments" and two under it.
    assert [(t.name, t.outline_level, t.resources) for t in plan.tasks[-3:]] == [
        ("Resource Assignments", 2, ()),
        ("Assigned Task 1", 3, ("First Resource",)),
        ("Assigned Task 2", 3, ("Second Resource",)),
    ]
    assert by_id["3"].notes == "Third task note."


def test_planner_and_primavera(java: None) -> None:
    planner = read(PLANNER)
    # Two tasks of 10 days, the second after the first: Thu 22 Feb 2007 to
    # Wed 7 March, then Thu 8 March onwards.
    assert [(t.name, t.duration_days, t.start, t.finish, links(t)) for t in planner.tasks] == [
        ("Task One", 10.0, date(2007, 2, 22), date(2007, 3, 7), []),
        ("Task Two", 10.0, date(2007, 3, 8), date(2007, 3, 21), [("1", "FS", 0.0)]),
    ]
    xer = read(XER)
    # P6 activities are known by their activity ID: A1000, under the WBS "TEST PROJECT".
    assert [(t.where.uid, t.name, t.outline_level, t.summary) for t in xer.tasks] == [
        ("TEST", "TEST PROJECT", 1, True),
        ("A1000", "Test", 2, False),
    ]
    assert str(xer.tasks[1].where) == f"{XER} (task UID A1000)"


# -- the same plans as the pure-Python reader sees them ------------------------------


def comparable(plan: ForeignPlan) -> list[tuple[object, ...]]:
    return [
        (
            t.id,
            t.name,
            t.outline_level,
            t.parent,
            t.summary,
            t.milestone,
            t.duration_days,
            t.start,
            t.finish,
            tuple(links(t)),
            t.resources,
            t.notes,
            t.percent_complete or 0.0,  # MPXJ says 0 where the file says nothing
            t.wbs,
        )
        for t in plan.tasks
    ]


@pytest.mark.parametrize("path", MSPDI_FILES, ids=[p.name for p in MSPDI_FILES])
def test_mpxj_and_the_pure_python_reader_agree_on_ms_project_xml(java: None, path: Path) -> None:
    assert comparable(read(path)) == comparable(mspdi.read(path, ReadOptions()))


def test_an_mpx_written_by_mpxj_reads_back(java: None, tmp_path: Path) -> None:
    """pmsm's export, turned into MPX by MPXJ's own writer, reads back the same."""
    catalog = load_catalog([])
    plan = load_plan(DATA / "export" / "small.pmsm.yaml").plan
    xml = tmp_path / "small.xml"
    xml.write_bytes(export_mspdi.export(schedule_plan(plan, catalog, suggest=False), plan, catalog))
    jpype = importlib.import_module("jpype")
    reader = jpype.JClass("org.mpxj.mspdi.MSPDIReader")
    writer = jpype.JClass("org.mpxj.mpx.MPXWriter")
    mpx = tmp_path / "small.mpx"
    writer().write(reader().read(str(xml)), str(mpx))
    assert detect(mpx) == "mpxj"
    from_mpx = comparable(read(mpx))
    from_xml = comparable(mspdi.read(xml, ReadOptions()))
    # MPX has no notes column for the catalog's long descriptions as written;
    # compare everything else, task by task.
    assert [row[:11] for row in from_mpx] == [row[:11] for row in from_xml]


def test_an_mpp_saved_as_ms_project_xml_by_mpxj_reads_the_same(java: None, tmp_path: Path) -> None:
    """The real .mpp, written out as MS Project XML by MPXJ's own writer: the
    pure-Python reader sees the same plan as MPXJ sees in the .mpp."""
    jpype = importlib.import_module("jpype")
    reader = jpype.JClass("org.mpxj.reader.UniversalProjectReader")
    writer = jpype.JClass("org.mpxj.mspdi.MSPDIWriter")
    xml = tmp_path / "sample.xml"
    writer().write(reader().read(str(SAMPLE_MPP)), str(xml))
    assert detect(xml) == "mspdi"
    from_xml = comparable(mspdi.read(xml, ReadOptions()))
    assert len(from_xml) == 22
    assert from_xml == comparable(read(SAMPLE_MPP))


# -- bad input ------------------------------------------------------------------------


def test_an_office_file_that_is_not_a_schedule(java: None, tmp_path: Path) -> None:
    path = tmp_path / "budget.mpp"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    with pytest.raises(PmsmError) as caught:
        read(path)
    [problem] = caught.value.problems
    assert problem.path == path
    assert problem.message.startswith(
        "MPXJ does not recognise this file as a schedule: it may be damaged, or another kind "
        "of file (an old Excel .xls starts like an .mpp)"
    )


def test_a_damaged_mpp(java: None, tmp_path: Path) -> None:
    path = tmp_path / "cut.mpp"
    path.write_bytes(SAMPLE_MPP.read_bytes()[:100_000])  # the last 9,056 bytes lost
    with pytest.raises(PmsmError) as caught:
        read(path)
    [problem] = caught.value.problems
    assert problem.path == path
    # MPXJ's own words (a Java exception) pass on, shortened, without a traceback.
    assert problem.message.startswith("MPXJ could not read this schedule file (java.")
    assert problem.message.endswith(
        "). Open it in the program that made it and save it again, or save it as MS Project XML"
    )
    assert "Traceback" not in caught.value.render()


def test_a_broken_mpx(java: None, tmp_path: Path) -> None:
    path = tmp_path / "broken.mpx"
    path.write_bytes(b"MPX,Microsoft Project for Windows,4.0,ANSI\r\n70,x,y,z\r\n" + b"\xff" * 50)
    with pytest.raises(PmsmError) as caught:
        read(path)
    assert caught.value.problems[0].path == path


def test_the_input_is_not_modified(java: None) -> None:
    for path in (SAMPLE_MPX, SAMPLE_MPP, PLANNER, XER):
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        read(path)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_date_past_the_year_9999(java: None) -> None:
    """Java's dates go further than Python's: such a date is one clear error."""
    jpype = importlib.import_module("jpype")
    far = jpype.JClass("java.time.LocalDateTime").of(10000, 1, 3, 8, 0)
    mapper = object.__new__(mpxj._Mapper)
    mapper.path = SAMPLE_MPX
    with pytest.raises(PmsmError) as caught:
        mapper._date(far, "task UID 7")
    assert (
        caught.value.problems[0].message
        == "task UID 7: the date +10000-01-03 is after the year 9999"
    )
