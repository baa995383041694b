"""JSON and CSV: the same activity fields, read back with json and csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.render import render
from pmsm_cli.render.csvfile import neutralise
from pmsm_cli.render.records import ACTIVITY_FIELDS, activity_record

if TYPE_CHECKING:
    from tests.conftest import ViewOf

ISSUE_FIELDS = [
    "id",
    "name",
    "process",
    "phase",
    "pmbok_group",
    "start",
    "finish",
    "duration",
    "depends_on",
    "float",
    "critical",
    "suggested",
]


def test_json_small_plan(plan_view: ViewOf, small_plan: Path) -> None:
    data = json.loads(str(render(plan_view(small_plan, suggest=False), "json")))
    assert data["format_version"] == 1
    project = data["project"]
    assert (project["start"], project["finish"], project["target_finish"]) == (
        "2026-03-02",
        "2026-03-19",
        "2026-03-20",
    )
    assert project["working_days"] == 13 and project["late_by"] == 0
    assert project["critical_path"] == [
        "develop-charter-tco",
        "charter-approved",
        "slm-create-sla",
        "build",
        "go-live",
    ]
    assert project["milestones"] == [
        {
            "id": "charter-approved",
            "name": "Charter approved",
            "date": "2026-03-05",
            "critical": True,
        },
        {
            "id": "cab-approval",
            "name": "CAB approves the production change",
            "date": "2026-03-11",
            "critical": False,
        },
        {"id": "go-live", "name": "Go-live", "date": "2026-03-19", "critical": True},
    ]
    assert project["calendar"] == {
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "holidays": ["2026-03-13"],
    }
    acts = {a["id"]: a for a in data["activities"]}
    assert list(acts["build"])[:12] == ISSUE_FIELDS
    assert {k: acts["chg-submit-rfc"][k] for k in ISSUE_FIELDS} == {
        "id": "chg-submit-rfc",
        "name": "Submit a request for change (RFC) for production deployment",
        "process": "change-management",
        "phase": "service-transition",
        "pmbok_group": "monitoring-controlling",
        "start": "2026-03-09",
        "finish": "2026-03-10",
        "duration": 2,
        "depends_on": [{"id": "charter-approved", "lag": 2}],
        "float": 6,
        "critical": False,
        "suggested": False,
    }
    assert acts["build"]["late_start"] == "2026-03-12"
    assert data["risks"][0]["title"] == "=cmd|' /C calc'!A0"  # JSON is data, not a spreadsheet
    covered = {r["item"]: r["covered"] for r in data["requirements"]}
    assert covered["warranty-availability"] is True and covered["warranty-capacity"] is False


def test_csv_has_the_json_columns(plan_view: ViewOf, payroll_plan: Path) -> None:
    view = plan_view(payroll_plan)
    rows = list(csv.DictReader(io.StringIO(str(render(view, "csv")))))
    data = json.loads(str(render(view, "json")))
    assert list(rows[0]) == list(ACTIVITY_FIELDS) == list(data["activities"][0])
    assert len(rows) == len(data["activities"]) == view.counts.activities
    for row, record in zip(rows, data["activities"], strict=True):
        assert row["id"] == record["id"]
        assert row["start"] == record["start"] and row["finish"] == record["finish"]
        assert int(row["float"]) == record["float"] and int(row["duration"]) == record["duration"]
        assert row["critical"] == ("true" if record["critical"] else "false")
        deps = "; ".join(
            d["id"] if d["lag"] == 0 else f"{d['id']}{d['lag']:+d}" for d in record["depends_on"]
        )
        assert row["depends_on"] == deps
    migrate = next(r for r in rows if r["id"] == "migrate-payslip-archive")
    assert migrate["depends_on"] == "build-portal-5"  # a lead of five working days


def test_csv_neutralises_formulas(plan_view: ViewOf, small_plan: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(str(render(plan_view(small_plan, suggest=False), "csv"))))
    )
    sla = next(r for r in rows if r["id"] == "slm-create-sla")
    assert sla["owner"] == '\'=HYPERLINK("http://example.com")'
    assert [neutralise(t) for t in ("=1+1", "+44", "-Sam", "@x", "\tx", "plain", "")] == [
        "'=1+1",
        "'+44",
        "'-Sam",
        "'@x",
        "'\tx",
        "plain",
        "",
    ]


def test_field_list_matches_records(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    assert tuple(activity_record(view.rows[0])) == ACTIVITY_FIELDS
