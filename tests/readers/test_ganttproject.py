"""GanttProject (readers/ganttproject.py): GanttProject's own sample, a German plan, bad input.

Expected values are read off the files by hand; the comments say how.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import SNIFF_BYTES, ReadOptions, detect, ganttproject
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Where

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
HOUSE = FOREIGN / "ganttproject" / "HouseBuildingSample.gan"  # GanttProject's own sample
UMZUG = FOREIGN / "ganttproject" / "rz-umzug-de.gan"  # written for these tests
# What the fuzz test splices into real files: markup, numbers and dates out of
# range, odd characters, nothing at all.
FUZZ_SNIPPETS = [
    b"",
    b"<",
    b">",
    b"</task>",
    b'<task id="1">',
    b"&",
    b"-1",
    b"99999999999999",
    b'"9999-12-31"',
    b'"0001-01-01"',
    b'type="7"',
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"0",
    b"x",
    b'duration="100000"',
    b'meeting="maybe"',
    b"<!ENTITY a 'b'>",
    b"]]>",
]
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><project name="Test" company="" webLink="" '
    'view-date="2026-01-05" view-index="0" gantt-divider-location="300" '
    'resource-divider-location="300" version="3.3.3309" locale="en">\n'
)


def read(path: Path) -> ForeignPlan:
    return ganttproject.read(path, ReadOptions())


def links(task: ForeignTask) -> list[tuple[str, str, float]]:
    return [(link.predecessor, link.type, link.lag_days) for link in task.predecessors]


def gan(tasks: str, calendars: str = "", rest: str = "") -> str:
    return f'{HEAD}{calendars}<tasks empty-milestones="true">\n{tasks}</tasks>\n{rest}</project>\n'


def write(tmp_path: Path, text: str, name: str = "plan.gan") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- detection ---------------------------------------------------------------------


def test_detected_by_content(tmp_path: Path) -> None:
    assert detect(HOUSE) == "ganttproject"
    assert detect(UMZUG) == "ganttproject"
    renamed = write(tmp_path, UMZUG.read_text(encoding="utf-8"), "plan.xml")
    assert detect(renamed) == "ganttproject"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # GanttProject 1.x wrote a DOCTYPE and fewer attributes.
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ganttproject.sourceforge.net>\n'
            '<project name="Alt" version="1.10">\n<tasks/></project>',
            True,
        ),
        # GNOME Planner's <project> (read through MPXJ, not here).
        ('<?xml version="1.0"?>\n<project name="" mrproject-version="2" calendar="1">', False),
        ('<project xmlns="http://maven.apache.org/POM/4.0.0" webLink="x">', False),  # Maven
        ('<Project xmlns="http://schemas.microsoft.com/project">', False),
        ("project:\n  name: YAML\n", False),
        ("<project><tasks/></project>", False),  # no sign of GanttProject at all
    ],
)
def test_sniff(tmp_path: Path, text: str, expected: bool) -> None:
    path = write(tmp_path, text)
    assert ganttproject.sniff(path.read_bytes()[:SNIFF_BYTES], path) is expected


def test_an_old_file_with_a_doctype_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ganttproject.sourceforge.net>\n'
        '<project name="Alt" company="" webLink="http://" view-date="2004-03-01" '
        'view-index="0" gantt-divider-location="297" resource-divider-location="299" '
        'version="1.10">\n<tasks color="#8cb6ce">\n'
        '<task id="0" name="Abnahme" color="#8cb6ce" meeting="false" start="2004-03-01" '
        'duration="3" complete="0" priority="1" expand="true"/>\n</tasks>\n</project>\n',
    )
    [task] = read(path).tasks
    # Mon 1 March 2004 + 3 working days: Mon, Tue, Wed 3 March.
    assert (task.name, task.start, task.finish) == ("Abnahme", date(2004, 3, 1), date(2004, 3, 3))


# -- GanttProject's own sample (GPL-3.0) -------------------------------------------------


def test_house_building_sample_outline() -> None:
    plan = read(HOUSE)
    assert (plan.format, plan.title, plan.start) == ("ganttproject", None, date(2024, 5, 27))
    # Depth first, in file order; the four phases and the "GanttProject 3.3"
    # milestone at the top, the rest one level down.
    assert [(t.id, t.outline_level, t.parent) for t in plan.tasks] == [
        ("0", 1, None),
        ("9", 2, "0"),
        ("10", 2, "0"),
        ("17", 2, "0"),
        ("11", 1, None),
        ("12", 2, "11"),
        ("13", 2, "11"),
        ("14", 2, "11"),
        ("7", 1, None),
        ("1", 2, "7"),
        ("2", 2, "7"),
        ("4", 2, "7"),
        ("5", 2, "7"),
        ("16", 2, "7"),
        ("18", 2, "7"),
        ("8", 1, None),
        ("6", 2, "8"),
        ("15", 2, "8"),
        ("20", 2, "8"),
        ("49", 1, None),
    ]
    assert [t.id for t in plan.tasks if t.summary] == ["0", "11", "7", "8"]
    assert [t.id for t in plan.tasks if t.milestone] == ["17", "18", "20", "49"]
    by_id = {t.id: t for t in plan.tasks}
    # The name as written, with the no-break space GanttProject's sample ends it with.
    assert by_id["17"].name == "Agreement on architectural plan\u00a0"
    assert by_id["9"].where == Where(HOUSE, uid="9")


def test_house_building_sample_dates_and_progress() -> None:
    by_id = {t.id: t for t in read(HOUSE).tasks}
    # Weekends are Saturday and Sunday (sun="1" sat="1"); the one holiday is in 2006.
    # 9: Mon 27 May 2024, 10 working days: two weeks, to Fri 7 June.
    assert (by_id["9"].start, by_id["9"].duration_days, by_id["9"].finish) == (
        date(2024, 5, 27),
        10.0,
        date(2024, 6, 7),
    )
    # 10: Mon 10 June, 15 days: three weeks, to Fri 28 June.
    assert by_id["10"].finish == date(2024, 6, 28)
    # 15: Mon 7 October, 3 days: Mon, Tue, Wed 9 October.
    assert by_id["15"].finish == date(2024, 10, 9)
    # 7: Mon 1 July, 75 days: fifteen weeks, to Fri 11 October.
    assert by_id["7"].finish == date(2024, 10, 11)
    # A milestone (duration 0) ends where it starts.
    assert (by_id["17"].duration_days, by_id["17"].finish) == (0.0, date(2024, 7, 1))
    assert [by_id[i].percent_complete for i in ("0", "9", "10", "11")] == [85, 100, 75, 33]


def test_house_building_sample_links_are_turned_round() -> None:
    by_id = {t.id: t for t in read(HOUSE).tasks}
    # <depend> sits on the predecessor: task 9 lists 10 and 12, task 18 lists
    # 6 and 16, task 49 lists 0; all of type 2, finish-to-start, no difference.
    assert links(by_id["10"]) == [("9", "FS", 0.0)]
    assert links(by_id["12"]) == [("9", "FS", 0.0)]
    assert links(by_id["0"]) == [("49", "FS", 0.0)]
    assert links(by_id["16"]) == [("18", "FS", 0.0)]
    # Task 6 is named by 11 (above it in the file) and by 18.
    assert links(by_id["6"]) == [("11", "FS", 0.0), ("18", "FS", 0.0)]
    assert links(by_id["20"]) == [("7", "FS", 0.0), ("15", "FS", 0.0)]
    assert links(by_id["9"]) == []


def test_house_building_sample_resources_notes_and_columns() -> None:
    by_id = {t.id: t for t in read(HOUSE).tasks}
    # Allocations in file order: 9 -> Jack House (resource 1), later 9 -> Michelangelo (2).
    assert by_id["9"].resources == ("Jack House", "Michelangelo")
    assert by_id["1"].resources == ("John Black", "Tom White", "George Brown", "John Silver")
    assert by_id["17"].resources == ()
    # The CDATA with its surrounding blank lines and indentation trimmed.
    assert by_id["14"].notes == "Embedded devices, kitchen, washing machine, dryer etc"
    # "Is done" is a computed column (completion=100): not the PM's words.
    assert {t.labels for t in by_id.values()} == {()}


# -- a German plan, written for these tests --------------------------------------------


def test_german_plan_outline_and_names() -> None:
    plan = read(UMZUG)
    assert plan.title == "RZ-Umzug Frankfurt → Offenbach"
    assert [
        (t.id, t.name, t.outline_level, t.parent, t.summary, t.milestone) for t in plan.tasks
    ] == [
        ("0", "Vorbereitung", 1, None, True, False),
        ("1", "Kick-off mit Betrieb und Dienstleister", 2, "0", False, True),
        ("2", "Änderungsantrag (RFC) fürs CAB schreiben", 2, "0", False, False),
        ("3", "CAB-Freigabe einholen", 2, "0", False, True),
        ("4", "Lasttest und Failover-Test (DR-Test)", 2, "0", False, False),
        ("5", "Umzug", 1, None, True, False),
        ("6", "Generalprobe (Dress Rehearsal)", 2, "5", False, False),
        ("7", "Umzugswochenende / Cutover", 2, "5", True, False),
        ("8", "Abbau und Transport", 3, "7", False, False),
        ("9", "Aufbau im neuen RZ, Smoke-Test", 3, "7", False, False),
        ("10", "Go-Live / Inbetriebnahme", 2, "5", False, True),
        ("11", "Nachbetreuung (Hypercare) und Übergabe an den Betrieb", 1, None, False, False),
        ("12", "Projektabschluss & Lessons Learned", 1, None, False, True),
    ]


def test_german_plan_dates_around_a_holiday() -> None:
    by_id = {t.id: t for t in read(UMZUG).tasks}
    # 4: Wed 16 Sep 2026, 8 days: 16, 17, 18, 21, 22, 23, 24, 25 September.
    assert by_id["4"].finish == date(2026, 9, 25)
    # 5: Mon 28 Sep, 5 days; Fri 2 Oct is a holiday (Brückentag):
    # 28, 29, 30 Sep, 1 Oct, Mon 5 Oct.
    assert by_id["5"].finish == date(2026, 10, 5)
    # 11: Mon 5 Oct, 10 days: two weeks, to Fri 16 Oct.
    assert by_id["11"].finish == date(2026, 10, 16)
    assert by_id["2"].finish == date(2026, 9, 15)


def test_german_plan_links_of_every_type() -> None:
    plan = read(UMZUG)
    by_id = {t.id: t for t in plan.tasks}
    assert links(by_id["2"]) == [("1", "FS", 0.0)]
    # On task 2: <depend id="3" type="2" difference="1"/> and <depend id="4" type="1" difference="1"/>.
    assert links(by_id["3"]) == [("2", "FS", 1.0)]
    assert links(by_id["4"]) == [("2", "SS", 1.0)]
    # On the summary task 7: <depend id="10" type="3" difference="2"/>: finish-to-finish.
    assert links(by_id["10"]) == [("7", "FF", 2.0)]
    assert links(by_id["9"]) == [("8", "FS", 0.0)]
    assert links(by_id["12"]) == [("11", "FS", 0.0)]
    # Task 10 also names task 99, which is not in the file.
    assert [w.message for w in plan.warnings] == [
        "task 10 'Go-Live / Inbetriebnahme' has a dependency to task '99', which is not in the "
        "file; the link is left out"
    ]


def test_german_plan_resources_notes_and_custom_columns() -> None:
    by_id = {t.id: t for t in read(UMZUG).tasks}
    # Task 11's third allocation names resource 7, which does not exist: nothing to show.
    assert by_id["11"].resources == ("Service Desk", "Team Infrastruktur")
    assert by_id["2"].resources == ("M. Schäfer (PL)",)
    assert by_id["4"].notes == (
        'Testdrehbuch: Confluence-Seite "DR-Test 2026".\nAbnahme durch den Betrieb (Schichtleitung).'
    )
    # "Ticket" is typed in; "Erledigt" is computed and left out.
    assert by_id["2"].labels == ("Ticket: CHG0042",)
    assert by_id["3"].labels == ("Ticket: CHG0042",)
    assert by_id["1"].labels == ()
    assert [by_id[i].percent_complete for i in ("0", "1", "4", "5")] == [60, 100, 25, 0]


# -- the calendar -------------------------------------------------------------------------


def one_task(tmp_path: Path, start: str, duration: int, calendars: str = "") -> ForeignTask:
    text = gan(
        f'<task id="1" name="T" meeting="false" start="{start}" duration="{duration}" complete="0"/>\n',
        calendars,
    )
    [task] = read(write(tmp_path, text)).tasks
    return task


def test_yearly_holiday(tmp_path: Path) -> None:
    calendars = (
        '<calendars><day-types><default-week id="1" name="default" sun="1" mon="0" tue="0" '
        'wed="0" thu="0" fri="0" sat="1"/></day-types>'
        '<date year="" month="12" date="24" type="HOLIDAY"/></calendars>\n'
    )
    # Thu 23 Dec 2027, 3 days: Thu 23, (Fri 24 every year a holiday), Mon 27, Tue 28.
    assert one_task(tmp_path, "2027-12-23", 3, calendars).finish == date(2027, 12, 28)


def test_a_six_day_week(tmp_path: Path) -> None:
    calendars = (
        '<calendars><day-types><default-week id="1" name="default" sun="1" mon="0" tue="0" '
        'wed="0" thu="0" fri="0" sat="0"/></day-types></calendars>\n'
    )
    # Fri 8 Jan 2027, 3 days: Fri, Sat 9, Mon 11.
    assert one_task(tmp_path, "2027-01-08", 3, calendars).finish == date(2027, 1, 11)


def test_long_tasks_by_weeks(tmp_path: Path) -> None:
    # Mon 5 Jan 2026, 260 working days with no holidays: 52 weeks, the last
    # day being the Friday before Mon 4 Jan 2027, that is Fri 1 Jan 2027.
    assert one_task(tmp_path, "2026-01-05", 260).finish == date(2027, 1, 1)
    # With holidays inside the weeks skipped at a time: the same as day by day.
    holidays = [date(2026, 5, 1), date(2026, 12, 25), date(2027, 3, 6), date(2028, 1, 3)]
    calendars = (
        "<calendars>"
        + "".join(
            f'<date year="{d.year}" month="{d.month}" date="{d.day}" type="HOLIDAY"/>'
            for d in holidays
        )
        + '<date year="" month="2" date="29" type="HOLIDAY"/></calendars>\n'
    )
    day, left = date(2026, 1, 5), 600
    while True:
        worked = day.weekday() < 5 and day not in holidays and (day.month, day.day) != (2, 29)
        left -= worked
        if left == 0:
            break
        day += timedelta(days=1)
    assert one_task(tmp_path, "2026-01-05", 600, calendars).finish == day


def test_holidays_that_are_no_dates_are_skipped(tmp_path: Path) -> None:
    calendars = (
        '<calendars><date year="2026" month="2" date="30" type="HOLIDAY"/>'
        '<date year="" month="99999999999999999999" date="1" type="HOLIDAY"/>'
        '<date year="x" month="1" date="6"/></calendars>\n'
    )
    # Mon 5 Jan 2026, 2 days: Mon 5, Tue 6 (the "x" year is not a holiday).
    assert one_task(tmp_path, "2026-01-05", 2, calendars).finish == date(2026, 1, 6)


def test_a_task_ending_after_the_year_9999(tmp_path: Path) -> None:
    text = gan('<task id="1" name="Forever" start="9999-12-30" duration="10"/>\n')
    with pytest.raises(PmsmError) as caught:
        read(write(tmp_path, text))
    assert caught.value.problems[0].message == (
        "task 1 'Forever': starting on 9999-12-30 and lasting 10 days, it would end after the "
        "year 9999"
    )


# -- bad input ---------------------------------------------------------------------------


def error(path: Path) -> PmsmError:
    with pytest.raises(PmsmError) as caught:
        read(path)
    assert len(caught.value.problems) == 1
    return caught.value


def test_malformed_xml_says_where(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + '<tasks>\n<task id="1" name="A & B"/>\n</tasks></project>')
    problem = error(path).problems[0]
    # Line 3: '<task id="1" name="A & B"/>': the bare "&" is column 22, and
    # expat stops at column 23, the blank where an entity's name should begin.
    assert (problem.line, problem.column) == (3, 23)
    assert problem.message.startswith(
        "the GanttProject file is not well-formed XML (not well-formed"
    )


def test_entity_bomb_and_external_entity_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE project [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        '<project name="&b;" webLink="" view-date="2026-01-01"><tasks/></project>'
    )
    problem = error(write(tmp_path, bomb)).problems[0]
    assert problem.message.startswith("the GanttProject file declares an XML entity")
    assert problem.line == 3
    external = (
        '<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY x SYSTEM "http://example.invalid/x">]>\n'
        '<project name="x" webLink=""><tasks><task id="1" name="&x;"/></tasks></project>'
    )
    problem = error(write(tmp_path, external)).problems[0]
    assert "declares an XML entity" in problem.message
    assert problem.line == 2


def test_a_10_mb_attribute(tmp_path: Path) -> None:
    big = "x" * 10 * 1024 * 1024
    # As a task's name: refused, and the name is not echoed back.
    path = write(tmp_path, gan(f'<task id="1" name="{big}" start="2026-01-05" duration="1"/>\n'))
    caught = error(path)
    assert caught.problems[0].message == (
        "task 1: the name is 10,485,760 characters long; pmsm reads at most 1,000 (is "
        "something pasted into it by mistake?)"
    )
    assert len(caught.render()) < 300
    # In an attribute pmsm does not read: ignored, like any other unknown attribute.
    path = write(
        tmp_path,
        gan(f'<task id="1" name="Deploy" start="2026-01-05" duration="1" webLink="{big}"/>\n'),
    )
    assert [t.name for t in read(path).tasks] == ["Deploy"]


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (
            '<task id="1" name="Deploy" start="05.01.2026" duration="1"/>',
            "task 1 'Deploy': start is '05.01.2026'; GanttProject writes dates as 2026-03-02",
        ),
        (
            '<task id="1" name="Deploy" start="2026-01-05" duration="lots"/>',
            "task 1 'Deploy': duration is 'lots'; a whole number was expected",
        ),
        (
            '<task id="1" name="Deploy" start="2026-01-05" duration="-3"/>',
            "task 1 'Deploy': duration is -3 days; it goes from 0 to 100,000",
        ),
        (
            '<task id="1" name="Deploy" start="2026-01-05" duration="1" complete="120"/>',
            "task 1 'Deploy': complete is 120; it goes from 0 to 100",
        ),
        (
            '<task id="1" name="Deploy" meeting="yes" start="2026-01-05" duration="1"/>',
            "task 1 'Deploy': meeting is 'yes'; GanttProject writes true or false",
        ),
        (
            '<task id="1" name="A"><depend id="2" type="9"/></task><task id="2" name="B"/>',
            "task 1 'A': a dependency has type '9'; GanttProject writes 1 (start-to-start), "
            "2 (finish-to-start), 3 (finish-to-finish) or 4 (start-to-finish)",
        ),
        (
            '<task id="1" name="A"/><task id="1" name="B"/>',
            "two tasks have ID 1; GanttProject gives every task its own",
        ),
        (
            '<task name="Nameless id"/>',
            "a task ('Nameless id') has no id; GanttProject gives every task one",
        ),
    ],
)
def test_wrong_values_name_the_task(tmp_path: Path, task: str, message: str) -> None:
    path = write(tmp_path, gan(task + "\n"))
    problem = error(path).problems[0]
    assert (problem.path, problem.message) == (path, message)


def test_xml_that_is_not_ganttproject(tmp_path: Path) -> None:
    path = write(tmp_path, "<plan><tasks/></plan>")
    assert error(path).problems[0].message == (
        "this is XML, but not a GanttProject file: its root element is <plan>, where "
        "GanttProject writes <project>"
    )


def test_limit_on_tasks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ganttproject, "MAX_TASKS", 2)
    path = write(
        tmp_path, gan('<task id="1" name="A"/><task id="2" name="B"/><task id="3" name="C"/>\n')
    )
    assert error(path).problems[0].message == (
        "the file has more than 2 tasks; pmsm reads at most that many in one plan: split it "
        "into several projects"
    )


def test_limit_on_depth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ganttproject, "MAX_OUTLINE_DEPTH", 3)
    nested = "".join(f'<task id="{n}" name="L{n}">' for n in range(1, 6)) + "</task>" * 5
    path = write(tmp_path, gan(nested + "\n"))
    assert error(path).problems[0].message == (
        "task 3 'L3': the outline is nested more than 3 levels deep"
    )


def test_deep_nesting_within_the_limit_needs_no_recursion(tmp_path: Path) -> None:
    depth = ganttproject.MAX_OUTLINE_DEPTH
    nested = (
        "".join(f'<task id="{n}" name="L{n}">' for n in range(1, depth + 1)) + "</task>" * depth
    )
    plan = read(write(tmp_path, gan(nested + "\n")))
    assert [t.outline_level for t in plan.tasks] == list(range(1, depth + 1))
    assert plan.tasks[-1].parent == str(depth - 1)


def test_a_cycle_is_kept_and_unknown_elements_are_ignored(tmp_path: Path) -> None:
    tasks = (
        '<task id="1" name="A" start="2026-01-05" duration="1" shiny="yes">'
        '<depend id="2" type="2" difference="0"/><future-thing><task id="9" name="not a task"/>'
        "</future-thing></task>\n"
        '<task id="2" name="B" start="2026-01-06" duration="1"><depend id="1" type="2"/></task>\n'
    )
    plan = read(write(tmp_path, gan(tasks, rest="<whatever-comes-next/>\n")))
    assert [(t.id, links(t)) for t in plan.tasks] == [
        ("1", [("2", "FS", 0.0)]),
        ("2", [("1", "FS", 0.0)]),
    ]


def test_a_project_without_tasks(tmp_path: Path) -> None:
    plan = read(write(tmp_path, HEAD + "</project>"))
    assert (plan.tasks, plan.title, plan.start) == ([], "Test", None)


def test_the_input_is_not_modified() -> None:
    for path in (HOUSE, UMZUG):
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        read(path)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# -- fuzzing: whatever the bytes, a plan or one PmsmError, never a traceback ----------


@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.data())
def test_damaged_files_give_a_plan_or_one_clear_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    original = data.draw(st.sampled_from([HOUSE, UMZUG])).read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged)))
        cut = data.draw(st.integers(0, 12))
        damaged[at : at + cut] = data.draw(st.sampled_from(FUZZ_SNIPPETS))
    path = tmp_path_factory.mktemp("fuzz") / "damaged.gan"
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
    root = ElementTree.fromstring(data.draw(st.sampled_from([HOUSE, UMZUG])).read_bytes())
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
