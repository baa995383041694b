"""MS Project XML, read back by MPXJ (the library behind ProjectLibre's MS Project import).

The MPXJ tests need Java and the ``mpxj`` package (``pip install -e ".[test]"``
brings mpxj and JPype; ``apt-get install default-jre-headless`` brings Java);
without them they are skipped and say why. The schema-order tests need
neither.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from defusedxml import ElementTree as SafeET

from pmsm_cli.export import mspdi
from pmsm_cli.export.outline import finish_day, start_day, work_breakdown
from pmsm_cli.plan.load import parse_plan
from pmsm_cli.plan.resolve import schedule_plan

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from tests.export.conftest import Case

NS = "{http://schemas.microsoft.com/project}"

# Child order of the MSPDI schema (mspdi_pj12.xsd), which MS Project enforces.
SCHEMA_ORDER = {
    "Project": (
        "SaveVersion UID Name Title Subject Category Company Manager Author CreationDate "
        "Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate "
        "CriticalSlackLimit CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition "
        "CalendarUID DefaultStartTime DefaultFinishTime MinutesPerDay MinutesPerWeek "
        "DaysPerMonth DefaultTaskType DefaultFixedCostAccrual DefaultStandardRate "
        "DefaultOvertimeRate DurationFormat WorkFormat EditableActualCosts HonorConstraints "
        "EarnedValueMethod InsertedProjectsLikeSummary MultipleCriticalPaths "
        "NewTasksEffortDriven NewTasksEstimated SplitsInProgressTasks SpreadActualCost "
        "SpreadPercentComplete TaskUpdatesResource FiscalYearStart WeekStartDay "
        "MoveCompletedEndsBack MoveRemainingStartsBack MoveRemainingStartsForward "
        "MoveCompletedEndsForward BaselineForEarnedValue AutoAddNewResourcesAndTasks "
        "StatusDate CurrentDate MicrosoftProjectServerURL Autolink NewTaskStartDate "
        "DefaultTaskEVMethod ProjectExternallyEdited ExtendedCreationDate ActualsInSync "
        "RemoveFileProperties AdminProject OutlineCodes WBSMasks ExtendedAttributes Calendars "
        "Tasks Resources Assignments"
    ),
    "Task": (
        "UID ID Name Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber OutlineLevel "
        "Priority Start Finish Duration DurationFormat Work Stop Resume ResumeValid "
        "EffortDriven Recurring OverAllocated Estimated Milestone Summary Critical "
        "IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask ExternalTaskProject "
        "EarlyStart EarlyFinish LateStart LateFinish StartVariance FinishVariance "
        "WorkVariance FreeSlack TotalSlack FixedCost FixedCostAccrual PercentComplete "
        "PercentWorkComplete Cost OvertimeCost OvertimeWork ActualStart ActualFinish "
        "ActualDuration ActualCost ActualOvertimeCost ActualWork ActualOvertimeWork "
        "RegularWork RemainingDuration RemainingCost RemainingWork RemainingOvertimeCost "
        "RemainingOvertimeWork ACWP CV ConstraintType CalendarUID ConstraintDate Deadline "
        "LevelAssignments LevelingCanSplit LevelingDelay LevelingDelayFormat "
        "PreLeveledStart PreLeveledFinish Hyperlink HyperlinkAddress HyperlinkSubAddress "
        "IgnoreResourceCalendar Notes HideBar Rollup BCWS BCWP PhysicalPercentComplete "
        "EarnedValueMethod PredecessorLink ActualWorkProtected ActualOvertimeWorkProtected "
        "ExtendedAttribute Baseline OutlineCode IsPublished StatusManager CommitmentStart "
        "CommitmentFinish CommitmentType TimephasedData"
    ),
    "PredecessorLink": "PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat",
    "Calendar": "UID Name IsBaseCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks",
    "WeekDay": "DayType DayWorking TimePeriod WorkingTimes",
    "Resource": (
        "UID ID Name Type IsNull Initials Phonetics NTAccount MaterialLabel Code Group "
        "WorkGroup EmailAddress Hyperlink HyperlinkAddress HyperlinkSubAddress MaxUnits"
    ),
    "Assignment": (
        "UID TaskUID ResourceUID PercentWorkComplete ActualCost ActualFinish "
        "ActualOvertimeCost ActualOvertimeWork ActualStart ActualWork ACWP Confirmed Cost "
        "CostRateTable CostVariance CV Delay Finish FinishVariance Hyperlink HyperlinkAddress "
        "HyperlinkSubAddress WorkVariance HasFixedRateUnits FixedMaterial LevelingDelay "
        "LevelingDelayFormat LinkedFields Milestone Notes Overallocated OvertimeCost "
        "OvertimeWork PeakUnits RegularWork RemainingCost RemainingOvertimeCost "
        "RemainingOvertimeWork RemainingWork ResponsePending Start Stop Resume StartVariance "
        "Summary SV Units UpdateNeeded VAC Work"
    ),
}


def _local(tag: str) -> str:
    return tag.removeprefix(NS)


def _xml(case: Case, **options: Any) -> bytes:
    return mspdi.export(case.scheduled, case.plan, case.catalog, **options)


def _children_in_schema_order(root: Element) -> list[str]:
    """Every element whose children break the schema's order, as 'Parent: child'."""
    problems: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        order = SCHEMA_ORDER.get(name)
        if order is None:
            continue
        ranks = order.split()
        last = -1
        for child in element:
            child_name = _local(child.tag)
            rank = ranks.index(child_name) if child_name in ranks else None
            if rank is None or rank < last:
                problems.append(f"{name}: {child_name}")
            else:
                last = rank
    return problems


@pytest.mark.parametrize("group_by", ["process", "pmbok-group"])
def test_elements_follow_the_schema_order(small, realistic, group_by):
    for case in (small, realistic):
        root = SafeET.fromstring(_xml(case, group_by=group_by))
        assert _local(root.tag) == "Project"
        assert _children_in_schema_order(root) == []


def test_tasks_in_wbs_order_with_durations(small, small_wbs, small_dates):
    # TaskJuggler's MSPDI leaves durations out and misorders tasks (its
    # issues #121 and #122): here every task has a duration and the file
    # lists groups and their activities in outline order.
    root = SafeET.fromstring(_xml(small))
    tasks = root.find(f"{NS}Tasks")
    rows = [
        {_local(c.tag): (c.text or "") for c in task if len(c) == 0}
        | {
            "pmsm": next(
                (
                    a.findtext(f"{NS}Value")
                    for a in task.findall(f"{NS}ExtendedAttribute")
                    if a.findtext(f"{NS}FieldID") == "188743731"
                ),
                None,
            )
        }
        for task in tasks
    ]
    expected: list[tuple[str, str, str | None, str]] = []
    for g, (title, ids) in enumerate(small_wbs, start=1):
        expected.append((str(g), "1", None, title))
        for i, pmsm_id in enumerate(ids, start=1):
            expected.append((f"{g}.{i}", "2", pmsm_id, ""))
    assert [
        (r["WBS"], r["OutlineLevel"], r["pmsm"], "" if r["pmsm"] else r["Name"]) for r in rows
    ] == expected
    assert [r["UID"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    for row in rows:
        if row["pmsm"]:
            days = small_dates[row["pmsm"]][2]
            assert row["Duration"] == f"PT{8 * days}H0M0S"  # 8 hours a working day
            assert row["Milestone"] == ("1" if days == 0 else "0")


def test_text_is_escaped_and_xml_stays_well_formed(write):
    path = write(
        "odd.pmsm.yaml",
        """\
project: {name: "R&D <pilot> \\"quoted\\"", kind: improvement, start: 2026-01-05}
activities:
  - id: a
    name: "Tom & Jerry's <script> X done"
    duration: 1
    owner: "Ops, [night] shift"
""",
    )
    loaded = parse_plan(path.read_text(), path)
    from pmsm_cli.catalogs.load import load_catalog

    # The plan model refuses a control character (models/text.py); a plan made in code
    # (model_copy does not validate) can still hold one, and the writer must cope.
    activity = loaded.plan.activities[0]
    odd = activity.model_copy(update={"name": "Tom & Jerry's <script> \x01 done"})
    plan = loaded.plan.model_copy(update={"activities": [odd]})
    catalog = load_catalog([])
    scheduled = schedule_plan(plan, catalog, suggest=False)
    root = SafeET.fromstring(mspdi.export(scheduled, plan, catalog))
    assert root.findtext(f"{NS}Name") == 'R&D <pilot> "quoted"'
    names = [t.findtext(f"{NS}Name") for t in root.iter(f"{NS}Task")]
    # The control character \x01 cannot travel in XML 1.0 and is dropped.
    assert names == ["Project management", "Tom & Jerry's <script>  done"]
    # MS Project reads commas and brackets in resource names as list syntax.
    assert [r.findtext(f"{NS}Name") for r in root.iter(f"{NS}Resource")] == ["Ops night shift"]


# -- read back by MPXJ -----------------------------------------------------

# MPXJ's reader, scheduler and time-unit classes: Java classes, untyped in Python.
Mpxj = tuple[Any, Any, Any]


@pytest.fixture(scope="session")
def mpxj() -> Mpxj:
    """The MPXJ classes the tests use, on a JVM started once per test session."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless); MPXJ needs it")
    jpype = pytest.importorskip("jpype", reason="JPype is not installed (pip install JPype1)")
    pytest.importorskip("mpxj", reason="mpxj is not installed (pip install mpxj)")
    if not jpype.isJVMStarted():
        jpype.startJVM(convertStrings=True)
    from org.mpxj import TimeUnit  # type: ignore[import-not-found]
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIReader  # type: ignore[import-not-found]

    return MSPDIReader, MicrosoftScheduler, TimeUnit


def _read(mpxj: Mpxj, data: bytes, tmp_path: Path) -> Any:
    reader, _, _ = mpxj
    path = tmp_path / "plan.xml"
    path.write_bytes(data)
    return reader().read(str(path))


def _when(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _days(mpxj: Mpxj, duration: Any) -> float:
    _, _, time_unit = mpxj
    assert duration.getUnits() == time_unit.DAYS
    return float(duration.getDuration())


def _activities(project: Any) -> dict[str, object]:
    return {str(t.getText(1)): t for t in project.getTasks() if t.getText(1)}


def test_mpxj_reads_pmsm_dates_and_durations(mpxj, small, small_dates, tmp_path):
    project = _read(mpxj, _xml(small), tmp_path)
    tasks = _activities(project)
    assert set(tasks) == set(small_dates)
    for pmsm_id, (start, finish, days) in small_dates.items():
        task = tasks[pmsm_id]
        # A task runs from 08:00 on its first day to 17:00 on its last; a
        # milestone sits at 08:00 on its date.
        assert _when(task.getStart()) == datetime.combine(start, time(8)), pmsm_id
        end = datetime.combine(finish, time(8) if days == 0 else time(17))
        assert _when(task.getFinish()) == end, pmsm_id
        assert _days(mpxj, task.getDuration()) == days, pmsm_id
        assert bool(task.getMilestone()) == (days == 0), pmsm_id


def test_mpxj_reads_summary_tasks(mpxj, small, small_wbs, tmp_path):
    project = _read(mpxj, _xml(small), tmp_path)
    summaries = [t for t in project.getTasks() if t.getSummary()]
    assert [str(t.getName()) for t in summaries] == [title for title, _ in small_wbs]
    assert [[str(c.getText(1)) for c in t.getChildTasks()] for t in summaries] == [
        ids for _, ids in small_wbs
    ]
    # Project management spans the kick-off (Mon 2, 08:00) to the closing
    # milestone (Fri 20, 08:00): working days 0 to 13, so 13 days. Change
    # Management runs from the RFC (Wed 11, 08:00) to the CAB (Thu 12, 08:00): 1 day.
    spans = {
        str(t.getName()): (_when(t.getStart()), _when(t.getFinish()), _days(mpxj, t.getDuration()))
        for t in summaries
    }
    assert spans["Project management"] == (datetime(2026, 3, 2, 8), datetime(2026, 3, 20, 8), 13)
    assert spans["Change Management"] == (datetime(2026, 3, 11, 8), datetime(2026, 3, 12, 8), 1)
    # Release and Deployment: deploy (Mon 9) to the end of ELS (Thu 19):
    # working days 4 to 12, so 9 days.
    assert spans["Release and Deployment Management"] == (
        datetime(2026, 3, 9, 8),
        datetime(2026, 3, 19, 17),
        9,
    )


def test_mpxj_reads_links_constraints_slack_and_progress(mpxj, small, tmp_path):
    project = _read(mpxj, _xml(small), tmp_path)
    tasks = _activities(project)

    def links(pmsm_id: str) -> list[tuple[str, str, float]]:
        return [
            (
                str(r.getPredecessorTask().getText(1)),
                str(r.getType()),
                _days(mpxj, r.getLag()),
            )
            for r in tasks[pmsm_id].getPredecessors()
        ]

    assert links("deploy") == [("slm-create-sla", "FS", 1.0)]
    assert links("chg-submit-rfc") == [("deploy", "FS", -2.0)]  # a lead
    assert links("go-live") == [("deploy", "FS", 0.0), ("cab-approval", "FS", 0.0)]
    training = tasks["training"]
    assert str(training.getConstraintType()) == "START_NO_EARLIER_THAN"
    # Saturday 14 March rolls forward to Monday 16, 08:00.
    assert _when(training.getConstraintDate()) == datetime(2026, 3, 16, 8)
    # One day of float on the RFC is 480 working minutes.
    slack = tasks["chg-submit-rfc"].getTotalSlack()
    assert float(slack.getDuration()) == 480.0 and str(slack.getUnits()) == "m"
    assert int(tasks["slm-create-sla"].getPercentageComplete()) == 40


def test_mpxj_reads_calendar_resources_and_assignments(mpxj, small, tmp_path):
    from java.time import LocalDate  # type: ignore[import-not-found]

    project = _read(mpxj, _xml(small), tmp_path)
    calendar = project.getDefaultCalendar()
    assert not calendar.isWorkingDate(LocalDate.of(2026, 3, 6))  # the holiday
    assert calendar.isWorkingDate(LocalDate.of(2026, 3, 5))
    assert not calendar.isWorkingDate(LocalDate.of(2026, 3, 7))  # Saturday
    assert [str(r.getName()) for r in project.getResources() if r.getName()] == [
        "Pat Planner",
        "Sam Service",
        "Bo the builder",  # "Bo, the [builder]" without MS Project's list syntax
    ]
    assigned = {
        (str(a.getTask().getText(1)), str(a.getResource().getName()))
        for a in project.getResourceAssignments()
    }
    assert assigned == {
        ("kickoff", "Pat Planner"),
        ("slm-create-sla", "Sam Service"),
        ("chg-submit-rfc", "Sam Service"),
        ("deploy", "Bo the builder"),
    }


def _same_as_pmsm(mpxj: Mpxj, project: Any, case: Case) -> list[str]:
    """Activities whose dates in ``project`` differ from pmsm's, in pmsm's day terms."""
    calendar = case.calendar
    wrong: list[str] = []
    for pmsm_id, task in _activities(project).items():
        expected = case.scheduled.schedule.tasks[pmsm_id]
        start = start_day(_when(task.getStart()), calendar)
        finish = start if expected.duration == 0 else finish_day(_when(task.getFinish()), calendar)
        got = (start, finish, _days(mpxj, task.getDuration()))
        if got != (expected.early_start, expected.early_finish, expected.duration):
            wrong.append(f"{pmsm_id}: {got}")
    return wrong


@pytest.mark.parametrize("group_by", ["process", "pmbok-group"])
def test_every_task_of_a_realistic_plan_reads_back_with_pmsm_dates(
    mpxj, realistic, tmp_path, group_by
):
    project = _read(mpxj, _xml(realistic, group_by=group_by), tmp_path)
    assert len(_activities(project)) == len(realistic.scheduled.activities) > 100
    assert _same_as_pmsm(mpxj, project, realistic) == []
    # Not only in pmsm's day terms: the exact times written.
    for pmsm_id, task in _activities(project).items():
        expected = realistic.scheduled.schedule.tasks[pmsm_id]
        assert _when(task.getStart()) == datetime.combine(expected.early_start, time(8))


@pytest.mark.parametrize("fixture", ["small", "realistic"])
def test_ms_project_scheduling_gives_pmsm_dates(mpxj, request, tmp_path, fixture):
    """MPXJ's copy of MS Project's scheduler recomputes every date from the
    links, lags, constraints and calendar in the file, as MS Project does on
    opening it, and lands on pmsm's dates.

    The one difference is how a milestone after a task is shown: MS Project
    puts it at 17:00 on the task's last day, pmsm at the next working morning;
    start_day() treats both as the same moment.
    """
    _, scheduler, _ = mpxj
    case = request.getfixturevalue(fixture)
    project = _read(mpxj, _xml(case), tmp_path)
    scheduler().schedule(project, project.getProjectProperties().getStartDate())
    assert _same_as_pmsm(mpxj, project, case) == []
    # and the summary tasks roll up to the groups' spans
    groups = {g.title: g for g in work_breakdown(case.scheduled, case.catalog)}
    for task in project.getTasks():
        if task.getSummary() and str(task.getName()) in groups:
            group = groups[str(task.getName())]
            assert start_day(_when(task.getStart()), case.calendar) == group.start
            last = max(group.rows, key=lambda r: r.finish_time)
            to_day = start_day if last.milestone else finish_day
            assert to_day(_when(task.getFinish()), case.calendar) == group.finish


def test_six_day_week_and_weekend_holiday(mpxj, write, tmp_path):
    # Monday to Saturday; Saturday 10 January 2026 is a holiday.
    # a: 4 days from Thu 8 Jan: Thu 8, Fri 9, (Sat 10 holiday), Mon 12, Tue 13.
    # b: after a, lag 1: Tue 13 + 1 + 1 working days = Thu 15; 2 days: Thu 15, Fri 16.
    path = write(
        "six.pmsm.yaml",
        """\
project:
  name: Six days
  kind: improvement
  start: 2026-01-08
  calendar: {workdays: [mon, tue, wed, thu, fri, sat], holidays: [2026-01-10, 2026-01-11]}
activities:
  - {id: a, duration: 4}
  - {id: b, duration: 2, depends_on: [{id: a, lag: 1}]}
""",
    )
    from pmsm_cli.catalogs.load import load_catalog

    catalog = load_catalog([])
    plan = parse_plan(path.read_text(), path).plan
    scheduled = schedule_plan(plan, catalog, suggest=False)
    data = mspdi.export(scheduled, plan, catalog)
    project = _read(mpxj, data, tmp_path)
    tasks = _activities(project)
    assert (_when(tasks["a"].getStart()), _when(tasks["a"].getFinish())) == (
        datetime(2026, 1, 8, 8),
        datetime(2026, 1, 13, 17),
    )
    assert (_when(tasks["b"].getStart()), _when(tasks["b"].getFinish())) == (
        datetime(2026, 1, 15, 8),
        datetime(2026, 1, 16, 17),
    )
    assert project.getProjectProperties().getMinutesPerWeek() == 6 * 480
    _, scheduler, _ = mpxj
    scheduler().schedule(project, project.getProjectProperties().getStartDate())
    assert _when(_activities(project)["b"].getFinish()) == datetime(2026, 1, 16, 17)
    assert date(2026, 1, 16).weekday() == 4  # a Friday: the Saturday holiday was skipped
