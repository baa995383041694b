"""MS Project XML (readers/mspdi.py): real files, pmsm's own export read back, bad input.

Expected values are read off the files by hand; the comments say how.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.export import mspdi as export_mspdi
from pmsm_cli.export.outline import work_breakdown
from pmsm_cli.plan.load import load_plan
from pmsm_cli.plan.resolve import schedule_plan
from pmsm_cli.readers import READERS, SNIFF_BYTES, ReadOptions, detect, mspdi
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where

DATA = Path(__file__).resolve().parents[1] / "data"
FOREIGN = DATA / "foreign"
PAYMENTS = FOREIGN / "mspdi" / "payments-migration-en.xml"
RELATIONS = FOREIGN / "mspdi" / "mspdirelations.xml"  # MPXJ's test data, saved by MS Project
NULL_TASKS = FOREIGN / "mspdi" / "mspdinulltasks.xml"  # MPXJ's test data, with blank rows
DAY_OF_24_HOURS = FOREIGN / "mspdi" / "ganttproject-issue2659.xml"  # GanttProject's test data
NS = 'xmlns="http://schemas.microsoft.com/project"'
# What the fuzz test splices into real files: markup, numbers and dates out of
# range, odd characters, nothing at all.
FUZZ_SNIPPETS = [
    b"",
    b"<",
    b">",
    b"</Task>",
    b"<Task>",
    b"&",
    b"-1",
    b"99999999999999",
    b"1.5",
    b"9999-12-31T23:59:59",
    b"PT",
    b"P1Y",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"0",
    b"x",
    b"<!ENTITY a 'b'>",
    b"<OutlineLevel>7</OutlineLevel>",
    b"]]>",
]


def read(path: Path) -> ForeignPlan:
    return mspdi.read(path, ReadOptions())


def links(task: ForeignTask) -> list[tuple[str, str, float]]:
    return [(link.predecessor, link.type, link.lag_days) for link in task.predecessors]


def project(tasks: str, head: str = "") -> str:
    """A small MSPDI document around some <Task> elements."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Project {NS}>\n{head}'
        f"<Tasks>\n{tasks}</Tasks>\n</Project>\n"
    )


def task(uid: int, name: str = "", extra: str = "", level: int = 1) -> str:
    name = name or f"Task {uid}"
    return (
        f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
        f"{extra}</Task>\n"
    )


# -- detection -------------------------------------------------------------------


def test_detected_by_content_not_by_name(tmp_path: Path) -> None:
    for path in (PAYMENTS, RELATIONS, NULL_TASKS, DAY_OF_24_HOURS):
        assert detect(path) == "mspdi", path
    # Saved with another ending, still MS Project XML.
    renamed = tmp_path / "plan.txt"
    renamed.write_bytes(PAYMENTS.read_bytes())
    assert detect(renamed) == "mspdi"
    # A prefixed namespace is the same document to an XML parser.
    prefixed = tmp_path / "prefixed.xml"
    prefixed.write_text(
        '<?xml version="1.0"?>\n<!-- exported -->\n<msp:Project '
        'xmlns:msp="http://schemas.microsoft.com/project"><msp:Tasks><msp:Task>'
        "<msp:UID>1</msp:UID><msp:Name>Cutover</msp:Name></msp:Task></msp:Tasks></msp:Project>",
        encoding="utf-8",
    )
    assert mspdi.sniff(prefixed.read_bytes()[:SNIFF_BYTES], prefixed)
    assert [t.name for t in read(prefixed).tasks] == ["Cutover"]


@pytest.mark.parametrize(
    "text",
    [
        "project:\n  name: a YAML plan named .xml\n",
        "<Project><Tasks/></Project>",  # no namespace: not MS Project's
        '<project name="" webLink="" view-date="2026-01-01"/>',  # GanttProject
        '<Project xmlns="http://maven.apache.org/POM/4.0.0"/>',
        "",
    ],
)
def test_other_files_are_not_taken_for_ms_project_xml(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(text, encoding="utf-8")
    assert not mspdi.sniff(path.read_bytes(), path)


def test_utf16_with_byte_order_mark_is_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.xml"
    text = project(task(1, "Übergabe an den Betrieb")).replace("UTF-8", "UTF-16")
    path.write_bytes(text.encode("utf-16"))  # with a byte-order mark
    assert detect(path) == "mspdi"
    assert [t.name for t in read(path).tasks] == ["Übergabe an den Betrieb"]


# -- a practitioner's plan, written for these tests -------------------------------


def test_payments_migration_read_as_written() -> None:
    plan = read(PAYMENTS)
    assert plan.format == "mspdi"
    assert plan.title == "Payments platform migration (wave 2)"
    assert plan.start == date(2026, 9, 7)
    # UID 0 is the project summary task and UID 8 a blank row: both left out.
    assert [t.id for t in plan.tasks] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "9",
        "10",
        "11",
        "12",
        "13",
    ]
    by_id = {t.id: t for t in plan.tasks}
    assert by_id["3"].name == "Load test @ 2x Black Friday peak"
    assert by_id["10"].name == "Hypercare & warranty period"  # &amp; in the file
    assert by_id["2"].where == Where(PAYMENTS, uid="2")
    assert str(by_id["2"].where) == f"{PAYMENTS} (task UID 2)"
    # Outline: levels 1 and 2 and the summary tasks above.
    assert [(t.id, t.outline_level, t.parent, t.summary, t.wbs) for t in plan.tasks] == [
        ("1", 1, None, True, "1"),
        ("2", 2, "1", False, "1.1"),
        ("3", 2, "1", False, "1.2"),
        ("4", 2, "1", False, "1.3"),
        ("5", 1, None, True, "2"),
        ("6", 2, "5", False, "2.1"),
        ("7", 2, "5", False, "2.2"),
        ("9", 2, "5", False, "2.3"),
        ("10", 1, None, True, "3"),
        ("11", 2, "10", False, "3.1"),
        ("12", 2, "10", False, "3.2"),
        ("13", 2, "10", False, "3.3"),
    ]
    assert [t.id for t in plan.tasks if t.milestone] == ["4", "9", "13"]


def test_payments_durations_and_dates() -> None:
    by_id = {t.id: t for t in read(PAYMENTS).tasks}
    # 480 minutes a day: PT72H = 4,320 min = 9 days; PT40H = 5; PT24H = 3;
    # PT20H = 1,200 min = 2.5 days; PT144H = 18; milestones PT0H = 0.
    assert by_id["1"].duration_days == 9
    assert by_id["2"].duration_days == 5
    assert by_id["3"].duration_days == 3
    assert by_id["4"].duration_days == 0
    assert by_id["12"].duration_days == 2.5
    assert by_id["10"].duration_days == 18
    # UID 6 is 48 elapsed hours (DurationFormat 8, "ed"): 2 calendar days, of
    # which 5 in 7 are worked in a week of 2,400 / 480 = 5 days: 10/7 = 1.4286.
    assert by_id["6"].duration_days == 1.4286
    assert (by_id["2"].start, by_id["2"].finish) == (date(2026, 9, 7), date(2026, 9, 11))
    assert (by_id["12"].start, by_id["12"].finish) == (date(2026, 10, 7), date(2026, 10, 9))
    assert (by_id["13"].start, by_id["13"].finish) == (date(2026, 10, 16), date(2026, 10, 16))


def test_payments_links_lags_and_the_broken_link() -> None:
    plan = read(PAYMENTS)
    by_id = {t.id: t for t in plan.tasks}
    assert links(by_id["3"]) == [("2", "FS", 0.0)]
    # LinkLag 4800 tenths of a minute = 480 minutes = 1 day.
    assert links(by_id["4"]) == [("3", "FS", 1.0)]
    # Type 3 is start-to-start; -4800 is a lead of one day.
    assert links(by_id["6"]) == [("4", "SS", -1.0)]
    # Type 0 is finish-to-finish. UID 99 is not in the file (a warning);
    # UID 5000 is in another project (CrossProject 1: left out silently).
    assert links(by_id["7"]) == [("4", "FF", 0.0)]
    # No Type: finish-to-start, as MS Project reads it. LagFormat 19 is a
    # percentage: 50% of UID 7's 1 day = 0.5 day. The link to UID 8, a blank
    # row, links nothing.
    assert links(by_id["9"]) == [("6", "FS", 0.0), ("7", "FS", 0.5)]
    # 24000 tenths = 2,400 minutes = 5 days.
    assert links(by_id["13"]) == [("12", "FS", 5.0)]
    assert [w.render("warning") for w in plan.warnings] == [
        f"{PAYMENTS}: warning: task UID 7 'RFC-4711 raised and approved at CAB' has a "
        "predecessor with UID 99, which is not in the file; the link is left out"
    ]


def test_payments_resources_notes_and_progress() -> None:
    by_id = {t.id: t for t in read(PAYMENTS).tasks}
    assert by_id["2"].resources == ("SecOps (external)",)
    assert by_id["7"].resources == ("Change Manager",)
    # Two assignments, in the file's order; ResourceUID -65535 is "no resource".
    assert by_id["11"].resources == ("Service Desk", "Perf team")
    assert by_id["12"].resources == ()
    assert by_id["2"].notes == (
        "Scope: OWASP top 10 and the card-data flows.\n"
        "External vendor; findings go to the CISO before the go/no-go."
    )
    assert by_id["3"].notes == ""
    assert (by_id["1"].percent_complete, by_id["2"].percent_complete) == (41, 60)
    assert by_id["5"].percent_complete is None  # not in the file


# -- real files saved by MS Project (MPXJ's and GanttProject's test data) -----------


def test_mpxj_relations_file_all_four_link_types() -> None:
    plan = read(RELATIONS)
    assert [(t.id, t.name, t.duration_days) for t in plan.tasks] == [
        (str(n), f"Task {n}", 1.0) for n in range(1, 6)
    ]
    by_id = {t.id: t for t in plan.tasks}
    # <Type> 1, 3 (lag 4800), 0 and 2 on tasks 2 to 5.
    assert links(by_id["2"]) == [("1", "FS", 0.0)]
    assert links(by_id["3"]) == [("2", "SS", 1.0)]
    assert links(by_id["4"]) == [("3", "FF", 0.0)]
    assert links(by_id["5"]) == [("4", "SF", 0.0)]
    # Task 5 runs from Fri 22 Sep 2006, 08:00 to Mon 25 Sep, 08:00.
    assert (by_id["5"].start, by_id["5"].finish) == (date(2006, 9, 22), date(2006, 9, 25))
    assert plan.warnings == []


def test_mpxj_null_tasks_file_blank_rows_and_a_short_working_day() -> None:
    plan = read(NULL_TASKS)
    # UIDs 2, 5 and 7 are blank rows (IsNull 1).
    assert [(t.id, t.name, t.outline_level, t.parent, t.summary) for t in plan.tasks] == [
        ("1", "Task 1", 1, None, True),
        ("3", "Task 2", 2, "1", False),
        ("4", "Task 3", 2, "1", False),
        ("6", "Task 4", 1, None, True),
        ("8", "Task 5", 2, "6", False),
    ]
    # MinutesPerDay 450: PT75H = 4,500 minutes = 10 days of 7.5 hours.
    assert {t.duration_days for t in plan.tasks} == {10.0}


def test_ganttproject_test_file_with_days_of_24_hours() -> None:
    plan = read(DAY_OF_24_HOURS)
    # MinutesPerDay 1440: PT24H is one day.
    assert [(t.id, t.name, t.duration_days, t.start) for t in plan.tasks] == [
        ("1", "task_0", 1.0, date(2025, 1, 30))
    ]


# -- pmsm's own export, read back ---------------------------------------------------


@pytest.mark.parametrize("name", ["small", "realistic"])
def test_pmsm_export_reads_back_with_the_plans_schedule(tmp_path: Path, name: str) -> None:
    catalog = load_catalog([])
    plan = load_plan(DATA / "export" / f"{name}.pmsm.yaml").plan
    scheduled = schedule_plan(plan, catalog, suggest=name == "realistic")
    path = tmp_path / "plan.xml"
    path.write_bytes(export_mspdi.export(scheduled, plan, catalog))

    assert detect(path) == "mspdi"
    foreign = read(path)
    assert foreign.title == plan.project.name
    assert foreign.warnings == []
    tasks = iter(foreign.tasks)
    uid_of: dict[str, str] = {}
    expected_links: dict[str, list[tuple[str, str, float]]] = {}
    for group in work_breakdown(scheduled, catalog):
        summary = next(tasks)
        assert (summary.name, summary.outline_level, summary.summary) == (group.title, 1, True)
        for row in group.rows:
            got = next(tasks)
            uid_of[row.id] = got.id
            dates = scheduled.schedule.tasks[row.id]
            assert (got.name, got.parent, got.outline_level) == (row.activity.name, summary.id, 2)
            assert got.duration_days == dates.duration, row.id
            assert got.milestone == (dates.duration == 0), row.id
            assert got.start == dates.early_start, row.id
            assert got.finish == dates.early_finish, row.id
            expected_links[got.id] = [
                (dep.predecessor, "FS", float(dep.lag)) for dep in row.activity.depends_on
            ]
    assert next(tasks, None) is None
    for got in foreign.tasks:
        if got.id in expected_links:
            wanted = [(uid_of[p], kind, lag) for p, kind, lag in expected_links[got.id]]
            assert links(got) == wanted, got.name


def test_pmsm_export_of_the_small_plan_by_hand(tmp_path: Path) -> None:
    # tests/export/conftest.py works these dates out by hand: deploy runs Mon 9
    # to Thu 12 March 2026 after the SLA with a lag of 1; the RFC has a lead of 2.
    catalog = load_catalog([])
    plan = load_plan(DATA / "export" / "small.pmsm.yaml").plan
    path = tmp_path / "small.xml"
    path.write_bytes(
        export_mspdi.export(schedule_plan(plan, catalog, suggest=False), plan, catalog)
    )
    activities = [t for t in read(path).tasks if not t.summary]
    deploy = next(
        t for t in activities if (t.start, t.finish) == (date(2026, 3, 9), date(2026, 3, 12))
    )
    assert deploy.duration_days == 4
    [(predecessor, kind, lag)] = links(deploy)
    assert (kind, lag) == ("FS", 1.0)
    sla = next(t for t in activities if t.id == predecessor)
    assert (sla.start, sla.finish, sla.duration_days) == (date(2026, 3, 2), date(2026, 3, 4), 3)
    rfc = next(t for t in activities if t.start == date(2026, 3, 11) and t.duration_days == 1)
    assert links(rfc) == [(deploy.id, "FS", -2.0)]


# -- bad input ------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "plan.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error(path: Path) -> PmsmError:
    with pytest.raises(PmsmError) as caught:
        read(path)
    assert len(caught.value.problems) == 1
    return caught.value


def test_malformed_xml_says_where(tmp_path: Path) -> None:
    path = write(tmp_path, f"<?xml version='1.0'?>\n<Project {NS}>\n<Tasks>\n<Task><UID>1</Name>\n")
    problem = error(path).problems[0]
    # Line 4: "<Task><UID>1</Name>"; expat points at the name of the mismatched
    # end tag: "<Task>" is columns 1-6, "<UID>" 7-11, "1" 12, "</" 13-14, "Name" 15.
    assert (problem.path, problem.line, problem.column) == (path, 4, 15)
    assert problem.message.startswith(
        "the MS Project XML file is not well-formed XML (mismatched tag)"
    )


def test_a_file_cut_short(tmp_path: Path) -> None:
    text = project(task(1, "Cutover"))
    # Line 1 the declaration, 2 <Project>, 3 <Tasks>, 4 the task, 5 "</Ta".
    path = write(tmp_path, text[: text.index("</Tasks>") + 3])
    problem = error(path).problems[0]
    assert problem.message.startswith("the MS Project XML file is not well-formed XML (")
    assert "was it cut short or edited by hand?" in problem.message
    assert (problem.line, problem.column) == (5, 1)  # the token left open


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE Project [", '  <!ENTITY lol "lol">']
    for i in range(1, 10):
        inner = ("&lol;" if i == 1 else f"&lol{i - 1};") * 10
        lines.append(f'  <!ENTITY lol{i} "{inner}">')
    lines += ["]>", f"<Project {NS}><Name>&lol9;</Name></Project>"]
    path = write(tmp_path, "\n".join(lines))
    problem = error(path).problems[0]
    assert problem.message.startswith("the MS Project XML file declares an XML entity")
    assert problem.line == 3  # the first <!ENTITY


def test_a_file_declaring_entities_is_still_recognised_then_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY team "Ops">\n]>\n'
        f"<Project {NS}><Tasks>{task(1, '&team;')}</Tasks></Project>",
    )
    assert detect(path) == "mspdi"
    assert error(path).problems[0].line == 3


def test_an_entity_used_without_a_declaration(tmp_path: Path) -> None:
    # No DOCTYPE, so nothing to refuse up front; the parser that builds the
    # tree then stops at the reference it cannot resolve.
    path = write(tmp_path, project(task(1, "Owner: &team;")))
    problem = error(path).problems[0]
    assert problem.message.startswith(
        "the MS Project XML file is not well-formed XML (undefined entity)"
    )
    # Line 4 is the task: "<Task><UID>1</UID><Name>Owner: " is 31 characters.
    assert (problem.line, problem.column) == (4, 32)


def test_an_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    # expat reads no external DTD; the address is never contacted.
    path = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE Project SYSTEM "http://example.invalid/mspdi.dtd">\n'
        + project(task(1, "Deploy")).split("\n", 1)[1],
    )
    assert detect(path) == "mspdi"
    assert [t.name for t in read(path).tasks] == ["Deploy"]


def test_external_entity_is_refused_and_nothing_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t-password", encoding="utf-8")
    path = write(
        tmp_path,
        f'<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY x SYSTEM "file://{secret}">\n]>\n'
        f"<Project {NS}><Tasks>{task(1, '&x;')}</Tasks></Project>",
    )
    caught = error(path)
    assert caught.problems[0].line == 3
    assert "s3cr3t" not in caught.render()


def test_a_name_of_10_mb_is_refused_without_echoing_it(tmp_path: Path) -> None:
    path = write(tmp_path, project(task(1, "A" * 10 * 1024 * 1024)))
    caught = error(path)
    assert caught.problems[0].message == (
        "task UID 1: the Name is 10,485,760 characters long; pmsm reads at most 1,000 "
        "(is something pasted into it by mistake?)"
    )
    assert len(caught.render()) < 300


def test_a_file_over_20_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    assert error(path).problems[0].message == (
        "the MS Project XML file is 20.0 MiB; pmsm reads files of at most 20 MiB"
    )


def test_too_many_tasks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mspdi, "MAX_TASKS", 3)
    path = write(tmp_path, project("".join(task(n) for n in range(1, 5))))
    assert error(path).problems[0].message == (
        "the file has 4 tasks; pmsm reads at most 3 in one plan: split it into several projects"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "<Duration>five days</Duration>",
            "task UID 1 'Deploy': Duration is 'five days'; MS Project writes durations such as "
            "PT40H0M0S (40 hours of work)",
        ),
        (
            "<Duration>P1M</Duration>",
            "task UID 1 'Deploy': Duration is 'P1M', in years or months, whose length in "
            "working time is not fixed; MS Project writes hours (PT40H0M0S)",
        ),
        (
            "<Start>2026-13-45T08:00:00</Start>",
            "task UID 1 'Deploy': Start is '2026-13-45T08:00:00'; MS Project writes dates and "
            "times such as 2026-03-02T08:00:00",
        ),
        (
            "<PercentComplete>150</PercentComplete>",
            "task UID 1 'Deploy': PercentComplete is 150; it goes from 0 to 100",
        ),
        (
            "<Milestone>yes</Milestone>",
            "task UID 1 'Deploy': Milestone is 'yes'; MS Project writes 1 or 0",
        ),
        (
            "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>7</Type></PredecessorLink>",
            "task UID 1: a predecessor link has Type '7'; MS Project writes 0 (finish-to-finish), "
            "1 (finish-to-start), 2 (start-to-finish) or 3 (start-to-start)",
        ),
    ],
)
def test_wrong_values_name_the_task(tmp_path: Path, extra: str, message: str) -> None:
    path = write(tmp_path, project(task(1, "Deploy", extra) + task(2)))
    problem = error(path).problems[0]
    assert (problem.path, problem.message) == (path, message)


def test_duplicate_uid_and_missing_uid(tmp_path: Path) -> None:
    path = write(tmp_path, project(task(1) + task(1)))
    assert error(path).problems[0].message == "two tasks have UID 1; each task's UID must be unique"
    path = write(tmp_path, project("<Task><Name>Orphan</Name></Task>"))
    assert error(path).problems[0].message.startswith("a task ('Orphan') has no UID")


def test_xml_that_is_not_ms_project(tmp_path: Path) -> None:
    path = write(tmp_path, '<project name="x" webLink=""><tasks/></project>')
    assert error(path).problems[0].message == (
        "this is XML, but not MS Project XML: its root element is <project>, where MS Project "
        'writes <Project xmlns="http://schemas.microsoft.com/project">'
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "does not exist" in error(tmp_path / "nope.xml").problems[0].message
    assert "is a folder" in error(tmp_path).problems[0].message


def test_a_cycle_is_kept_as_written(tmp_path: Path) -> None:
    link = "<PredecessorLink><PredecessorUID>{}</PredecessorUID><Type>1</Type></PredecessorLink>"
    path = write(tmp_path, project(task(1, "A", link.format(2)) + task(2, "B", link.format(1))))
    plan = read(path)
    assert [links(t) for t in plan.tasks] == [[("2", "FS", 0.0)], [("1", "FS", 0.0)]]
    assert plan.warnings == []


def test_unknown_elements_and_namespaces_are_ignored(tmp_path: Path) -> None:
    extra = (
        "<FancyNewField>42</FancyNewField><x:Vendor xmlns:x='urn:vendor'><x:Task>no</x:Task>"
        "</x:Vendor><Duration>PT8H0M0S</Duration>"
    )
    path = write(
        tmp_path,
        project(task(1, "Deploy", extra), head="<SomethingNew><Deep>1</Deep></SomethingNew>\n"),
    )
    [only] = read(path).tasks
    assert (only.name, only.duration_days) == ("Deploy", 1.0)


def test_outline_level_from_outline_number_and_level_jumps(tmp_path: Path) -> None:
    tasks = (
        "<Task><UID>1</UID><Name>Phase</Name><OutlineNumber>1</OutlineNumber></Task>"
        "<Task><UID>2</UID><Name>Step</Name><OutlineNumber>1.1</OutlineNumber></Task>"
        # From level 1 straight to 3: its parent is still the task above with a lower level.
        "<Task><UID>3</UID><Name>Deep</Name><OutlineLevel>3</OutlineLevel></Task>"
        "<Task><UID>4</UID><Name>Next phase</Name><OutlineLevel>1</OutlineLevel></Task>"
    )
    plan = read(write(tmp_path, project(tasks)))
    assert [(t.id, t.outline_level, t.parent, t.summary) for t in plan.tasks] == [
        ("1", 1, None, True),
        ("2", 2, "1", True),
        ("3", 3, "2", False),
        ("4", 1, None, False),
    ]


def test_the_input_is_not_modified() -> None:
    for path in (PAYMENTS, RELATIONS, NULL_TASKS, DAY_OF_24_HOURS):
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        read(path)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_registry_and_module_protocol() -> None:
    module = READERS["mspdi"]
    assert (module.NAME, module.DESCRIPTION, module.ENDINGS) == (
        "mspdi",
        "MS Project XML",
        (".xml",),
    )
    assert module.read(PAYMENTS, ReadOptions()).tasks[0] == ForeignTask(
        id="1",
        name="Operational readiness",
        where=Where(PAYMENTS, uid="1"),
        outline_level=1,
        parent=None,
        summary=True,
        duration_days=9.0,
        start=date(2026, 9, 7),
        finish=date(2026, 9, 18),
        percent_complete=41.0,
        wbs="1",
    )
    assert Link("1") == Link("1", "FS", 0.0)


def test_reading_xml_plans_starts_no_java() -> None:
    code = (
        "import sys; from pathlib import Path; from pmsm_cli.readers import READERS, ReadOptions;"
        f"READERS['mspdi'].read(Path({str(PAYMENTS)!r}), ReadOptions());"
        f"READERS['ganttproject'].read(Path({str(FOREIGN / 'ganttproject' / 'rz-umzug-de.gan')!r}), ReadOptions());"
        "print(sorted(m for m in ('jpype', 'mpxj') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# -- fuzzing: whatever the bytes, a plan or one PmsmError, never a traceback ----------


@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.data())
def test_damaged_files_give_a_plan_or_one_clear_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    original = data.draw(st.sampled_from([PAYMENTS, RELATIONS, NULL_TASKS])).read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged)))
        cut = data.draw(st.integers(0, 12))
        damaged[at : at + cut] = data.draw(st.sampled_from(FUZZ_SNIPPETS))
    path = tmp_path_factory.mktemp("fuzz") / "damaged.xml"
    path.write_bytes(bytes(damaged))
    try:
        plan = read(path)
    except PmsmError as exc:
        assert len(exc.problems) == 1
        assert exc.problems[0].path == path
        return
    assert all(isinstance(task, ForeignTask) for task in plan.tasks)


FUZZ_VALUES = [
    "",
    "-1",
    "0",
    "1",
    "2",
    "3",
    "7",
    "19",
    "99999999999999",
    "99999999999999999999999",
    "1.5",
    "1e308",
    "nan",
    "inf",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "0001-01-01",
    "PT",
    "P1Y",
    "-PT8H0M0S",
    "P99999999D",
    "true",
    "maybe",
    "\u0661\u0662",
    " 3 ",
    "x" * 2000,
    "2026-02-30",
    "-65535",
    "100001",
    "HOLIDAY",
]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.data())
def test_wrong_values_anywhere_give_a_plan_or_one_clear_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Well-formed files whose values (texts and attributes) are replaced at random."""
    root = ElementTree.fromstring(
        data.draw(st.sampled_from([PAYMENTS, RELATIONS, NULL_TASKS])).read_bytes()
    )
    elements = list(root.iter())
    for _ in range(data.draw(st.integers(1, 6))):
        element = data.draw(st.sampled_from(elements))
        value = data.draw(st.sampled_from(FUZZ_VALUES))
        if element.attrib and data.draw(st.booleans()):
            element.set(data.draw(st.sampled_from(sorted(element.attrib))), value)
        else:
            element.text = value
    path = tmp_path_factory.mktemp("fuzz") / "changed.xml"
    path.write_bytes(ElementTree.tostring(root))
    try:
        plan = read(path)
    except PmsmError as exc:
        assert len(exc.problems) == 1
        return
    assert all(isinstance(task, ForeignTask) for task in plan.tasks)
