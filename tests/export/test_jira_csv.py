"""Jira CSV: parsed back with the csv module as the importer reads it."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

import pytest

from pmsm_cli.export import jira_csv

if TYPE_CHECKING:
    from tests.export.conftest import Case


def _rows(case: Case, **options: Any) -> tuple[list[str], list[list[str]]]:
    data = jira_csv.export(case.scheduled, case.plan, case.catalog, **options)
    table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return table[0], table[1:]


def _records(case: Case, **options: Any) -> list[dict[str, object]]:
    """Each row as a dict; repeated columns (Labels, Blocks) as lists of their non-empty cells."""
    header, rows = _rows(case, **options)
    records = []
    for row in rows:
        record: dict[str, object] = {}
        for name, cell in zip(header, row, strict=True):
            if name in ("Labels", "Blocks"):
                values = record.setdefault(name, [])
                assert isinstance(values, list)
                if cell:
                    values.append(cell)
            else:
                record[name] = cell
        records.append(record)
    return records


def test_header_follows_atlassians_column_names(small):
    header, rows = _rows(small)
    assert header[:10] == [
        "Issue ID",
        "Parent",
        "Issue Type",
        "Summary",
        "Description",
        "Assignee",
        "Status",
        "Start date",
        "Due date",
        "Original Estimate",
    ]
    # Multi-valued fields repeat their column: kickoff has three labels
    # (initiating, milestone, critical-path) and blocks two issues.
    assert header[10:] == ["Labels"] * 3 + ["Blocks"] * 2
    assert all(len(row) == len(header) for row in rows)


def test_parents_come_before_children_epics_then_issues_then_sub_tasks(small, realistic):
    for case in (small, realistic):
        records = _records(case)
        seen: dict[str, str] = {}
        levels = {"Epic": 1, "Task": 0, "Change": 0, "Sub-task": -1}
        order = [levels[str(r["Issue Type"])] for r in records]
        assert order == sorted(order, reverse=True)
        for record in records:
            parent = str(record["Parent"])
            if record["Issue Type"] == "Epic":
                assert parent == ""
            else:
                assert parent in seen, record["Summary"]
                expected = "Epic" if record["Issue Type"] != "Sub-task" else ("Task", "Change")
                assert seen[parent] in expected
            seen[str(record["Issue ID"])] = str(record["Issue Type"])
        assert len(seen) == len(records)  # Issue IDs are unique


def test_small_plan_issues(small, small_wbs, small_dates):
    records = _records(small)
    epics = [r for r in records if r["Issue Type"] == "Epic"]
    assert [r["Summary"] for r in epics] == [title for title, _ in small_wbs]
    # Epic n is Issue ID n; activities follow in WBS order from 6.
    ids_in_order = [pmsm_id for _, ids in small_wbs for pmsm_id in ids]
    issues = {
        str(r["Description"]).split("\n")[0].removeprefix("pmsm id: "): r for r in records[5:14]
    }
    assert list(issues) == ids_in_order
    assert [r["Issue ID"] for r in records[5:14]] == [str(n) for n in range(6, 15)]
    for pmsm_id, (start, finish, days) in small_dates.items():
        record = issues[pmsm_id]
        assert (record["Start date"], record["Due date"]) == (start.isoformat(), finish.isoformat())
        assert record["Original Estimate"] == str(days * 8 * 3600)  # seconds of 8-hour days
    # Service changes are Jira Service Management "Change" issues: the RFC
    # submission and the deployment RFC-1 authorises.
    assert {i for i, r in issues.items() if r["Issue Type"] == "Change"} == {
        "chg-submit-rfc",
        "deploy",
    }
    assert "change window 2026-03-13 to 2026-03-14" in str(issues["deploy"]["Description"])
    # Epic parents: Project management is 1, Change Management 4.
    assert issues["go-live"]["Parent"] == "1" and issues["cab-approval"]["Parent"] == "4"
    assert issues["slm-create-sla"]["Status"] == "In Progress"
    assert issues["deploy"]["Assignee"] == "Bo, the [builder]"
    assert issues["deploy"]["Labels"] == [
        "release-deployment-management",
        "executing",
        "critical-path",
    ]
    # The kick-off (6) blocks the SLA (9) and training (14); deploy (10)
    # blocks go-live (7) and the RFC (12).
    assert issues["kickoff"]["Blocks"] == ["9", "14"]
    assert issues["deploy"]["Blocks"] == ["7", "12"]
    assert "After: Build and deploy the release (Issue ID 10, lag -2 working days)" in str(
        issues["chg-submit-rfc"]["Description"]
    )


def test_exit_criteria_are_sub_tasks_of_their_activity(small):
    records = _records(small)
    sub_tasks = [r for r in records if r["Issue Type"] == "Sub-task"]
    # early-life-support is Issue ID 11 (the 6th activity in WBS order, after 5 epics)
    assert [(r["Parent"], r["Summary"], r["Due date"]) for r in sub_tasks] == [
        ("11", "Exit criterion: =no P1 incidents for 5 days", "2026-03-19"),
        ("11", "Exit criterion: Service desk resolves 80% at first line", "2026-03-19"),
    ]


def test_group_by_pmbok_group(small):
    records = _records(small, group_by="pmbok-group")
    assert [r["Summary"] for r in records if r["Issue Type"] == "Epic"] == [
        "Initiating",
        "Planning",
        "Executing",
        "Monitoring and Controlling",
        "Closing",
    ]


def test_text_never_becomes_a_formula(realistic):
    records = _records(realistic)
    owners = [r["Assignee"] for r in records if r["Assignee"]]
    # The plan's owner "=Procurement (do not run)" is kept as text.
    assert "'=Procurement (do not run)" in owners
    for record in records:
        for value in record.values():
            cells = value if isinstance(value, list) else [value]
            for cell in cells:
                assert not str(cell).startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
        ("", ""),
        ("2026-03-02", "2026-03-02"),
    ],
)
def test_neutralise(cell, written):
    assert jira_csv.neutralise(cell) == written


def test_long_summaries_are_cut_to_jiras_limit():
    issue = jira_csv.Issue(1, "Task", "x" * 300)
    table = list(csv.reader(io.StringIO(jira_csv.render([issue]), newline="")))
    assert len(table[1][3]) == 255 and table[1][3].endswith("…")
