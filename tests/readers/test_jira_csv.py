"""Jira CSV: an export in Jira's layout, and pmsm's own Jira CSV read back."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import ReadOptions, detect, jira_csv
from pmsm_cli.readers.model import Link

TESTS = Path(__file__).resolve().parents[1]
EXPORT = TESTS / "data" / "foreign" / "jira" / "entra-id-migration-jira.csv"


def _read(path: Path, **options: object) -> jira_csv.ForeignPlan:
    return jira_csv.read(path, ReadOptions(**options))  # type: ignore[arg-type]


def test_epics_stories_and_sub_tasks_become_the_outline() -> None:
    plan = _read(EXPORT)
    assert plan.format == "jira-csv"
    assert [(t.id, t.outline_level, t.parent) for t in plan.tasks] == [
        ("OPS-101", 1, None),
        ("OPS-102", 2, "OPS-101"),  # Parent id 10101 is OPS-101's Issue id
        ("OPS-103", 3, "OPS-102"),  # the sub-task under the pilot story
        ("OPS-104", 2, "OPS-101"),  # Epic Link
        ("OPS-105", 2, "OPS-101"),
        ("OPS-106", 2, "OPS-101"),
    ]
    epic, pilot, user_list, rfc = plan.tasks[:4]
    assert epic.summary and pilot.summary and not rfc.summary
    assert epic.name == "Identity provider switch to Entra ID"
    assert epic.notes == (
        "Replace the on-prem ADFS farm with Entra ID for all staff apps.\nScope: 42 SAML apps, 6 OIDC apps."
    )
    assert epic.labels == ("iam", "migration")  # two Labels columns
    assert epic.finish == date(2026, 3, 27)  # "27/Mar/26"
    assert pilot.status == "Done" and pilot.resources == ("Priya Nair",)
    assert pilot.duration_days == 5.0  # 144000 seconds of 8-hour days
    assert user_list.duration_days == 1.0
    # Descriptions run over several lines inside quotes; each issue keeps its first line.
    assert [t.where.line for t in plan.tasks] == [2, 4, 9, 10, 12, 13]
    assert str(rfc.where) == f"{EXPORT}:10"
    assert rfc.where.uid == "OPS-104"
    # "Inward issue link (Blocks)" OPS-102 and OPS-102's outward link to OPS-104 are one link.
    assert rfc.predecessors == (Link("OPS-102"),)
    assert plan.tasks[4].predecessors == (Link("OPS-104"),)
    assert plan.tasks[5].predecessors == (Link("OPS-105"),)
    assert plan.warnings == []


def test_detected_before_plain_csv() -> None:
    assert detect(EXPORT) == "jira-csv"


def test_children_listed_before_their_epic_are_placed_after_it(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Issue key,Summary,Issue Type,Parent\n"
        "APP-3,Deploy,Sub-task,APP-2\n"
        "APP-2,Release 2,Story,APP-1\n"
        "APP-1,Platform upgrade,Epic,\n"
        "APP-4,Orphan,Story,APP-99\n",
        encoding="utf-8",
    )
    plan = _read(path)
    assert [(t.id, t.outline_level) for t in plan.tasks] == [
        ("APP-1", 1),
        ("APP-2", 2),
        ("APP-3", 3),
        ("APP-4", 1),
    ]
    assert [w.render() for w in plan.warnings] == [
        f"{path}:5: error: issue APP-4: the parent 'APP-99' is not in the export; "
        "the issue is read as a top-level one"
    ]


def test_a_row_without_a_key_or_summary_is_named(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Issue key,Summary\nAPP-1,\n", encoding="utf-8")
    with pytest.raises(
        PmsmError, match=r"export.csv:2: error: issue APP-1: the issue has no summary"
    ):
        _read(path)
    path.write_text("Issue key,Summary\n,Something\n", encoding="utf-8")
    with pytest.raises(PmsmError, match=r"export.csv:2: error: the row has no issue key"):
        _read(path)
    path.write_text("Issue key,Summary\nAPP-1,A\nAPP-1,B\n", encoding="utf-8")
    with pytest.raises(
        PmsmError,
        match=r"export.csv:3: error: issue APP-1: the issue key appears twice \(also on line 2\)",
    ):
        _read(path)


def test_pmsms_own_jira_csv_reads_back(tmp_path: Path) -> None:
    sys.path.insert(0, str(TESTS / "export"))
    try:
        from conftest import SMALL_FILE, case  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(TESTS / "export"))
    from pmsm_cli.export import jira_csv as writer

    small = case(SMALL_FILE, suggest=False)
    issues = writer.issues(small.scheduled, small.plan, small.catalog)
    data = writer.export(small.scheduled, small.plan, small.catalog)
    path = tmp_path / "small-jira.csv"
    path.write_bytes(data)
    assert detect(path) == "jira-csv"
    plan = _read(path)
    by_id = {t.id: t for t in plan.tasks}
    assert set(by_id) == {str(i.issue_id) for i in issues}
    for issue in issues:
        task = by_id[str(issue.issue_id)]
        assert task.name == issue.summary
        assert task.parent == (str(issue.parent) if issue.parent else None)
        assert task.labels == tuple(issue.labels)
        assert task.finish == (date.fromisoformat(issue.due) if issue.due else None)
        # pmsm writes "Blocks" with the successors' Issue IDs: each is a predecessor link there.
        for successor in issue.blocks:
            assert Link(str(issue.issue_id)) in by_id[str(successor)].predecessors
    # Epics first in the file; each activity follows its epic in the plan's order.
    levels = {t.id: t.outline_level for t in plan.tasks}
    assert {levels[str(i.issue_id)] for i in issues if i.issue_type == "Epic"} == {1}
    assert {levels[str(i.issue_id)] for i in issues if i.issue_type == "Sub-task"} <= {3}


def test_sniffing_wants_issue_key_and_summary() -> None:
    assert jira_csv.sniff(b"Summary,Issue key,Issue id\n", Path("x"))
    assert jira_csv.sniff("Zusammenfassung;Schlüssel;Vorgangstyp\n".encode(), Path("x"))
    assert jira_csv.sniff(b"Issue ID,Parent,Issue Type,Summary\n", Path("x"))
    assert not jira_csv.sniff(b"Task Name,Start\n", Path("x.csv"))
    assert not jira_csv.sniff(b"Summary,Owner\n", Path("x.csv"))
