"""``pmsm portfolio`` renderers: the JSON shape and a workbook that never runs user text."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pmsm_cli.portfolio.build import PortfolioReport, portfolio_report
from pmsm_cli.reports.portfolio import RENDERERS

Write = Callable[[str, str], Path]

# ROI 10% on payroll (priority 1) against 20% on news (priority 3): exactly the band apart.
SERVICES = """\
roi_band: 10
services:
  - {id: payroll, name: Payroll, strategic_priority: 1, package_type: core}
  - {id: news, name: "=1+1 news", strategic_priority: 3, package_type: enhancing}
"""


def make_report(write: Write) -> PortfolioReport:
    services = write("services.yaml", SERVICES)
    core = write(
        "core.pmsm.yaml",
        "project: {name: Payroll, kind: changed-service, service: payroll, start: 2026-05-04}\n"
        "charter: {roi: 10}\n"
        "bookings:\n  - {environment: staging, start: 2026-05-11, finish: 2026-05-15}\n",
    )
    news = write(
        "news.pmsm.yaml",
        'project: {name: "=HYPERLINK(\\"http://x\\",\\"y\\")", kind: changed-service,'
        " service: news, start: 2026-05-04}\n"
        "charter: {roi: 20}\n"
        "bookings:\n  - {environment: staging, start: 2026-05-15, finish: 2026-05-20,"
        " purpose: '@SUM(A1)'}\n",
    )
    return portfolio_report([core, news], services)


def test_json_has_the_documented_shape(write: Write) -> None:
    data = json.loads(RENDERERS["json"](make_report(write)))
    assert list(data) == [
        "schema",
        "services",
        "roi_band",
        "roi_band_source",
        "notes",
        "plans",
        "roi_order",
        "rank_changes",
        "rank_holds",
        "investment",
        "booking_conflicts",
        "flags",
    ]
    assert data["schema"] == "pmsm-portfolio/2"
    assert (data["roi_band"], data["roi_band_source"], data["notes"]) == (10, "services file", [])
    assert [(p["project"], p["rank"], p["roi_rank"]) for p in data["plans"]] == [
        ("Payroll", 1, 2),
        ('=HYPERLINK("http://x","y")', 2, 1),
    ]
    first = data["plans"][0]
    assert (first["strategic_priority"], first["package_type"], first["roi"]) == (1, "core", 10)
    # Both orders: plans in the ranking's, roi_order by ROI alone.
    assert [p.rsplit("/", 1)[-1] for p in data["roi_order"]] == ["news.pmsm.yaml", "core.pmsm.yaml"]
    (change,) = data["rank_changes"]
    assert [change["above"].rsplit("/", 1)[-1], change["below"].rsplit("/", 1)[-1]] == [
        "core.pmsm.yaml",
        "news.pmsm.yaml",
    ]
    assert change["roi_gap"] == 10
    assert change["reason"].startswith(
        "'Payroll' moved above '=HYPERLINK(\"http://x\",\"y\")': ROI 10.0% vs 20.0% lies "
        "within the 10-point band (10.0 points apart); service 'Payroll' has strategic "
        "priority 1 vs 3 ('=1+1 news')"
    )
    assert data["rank_holds"] == []
    (conflict,) = data["booking_conflicts"]
    # Payroll holds staging 11-15 May, the other plan 15-20 May: they share the 15th.
    assert conflict["overlap"] == {"start": "2026-05-15", "finish": "2026-05-15", "days": 1}
    assert [(b["path"].rsplit("/", 1)[-1], b["line"]) for b in conflict["bookings"]] == [
        ("core.pmsm.yaml", 4),
        ("news.pmsm.yaml", 4),
    ]
    assert data["investment"] == {"run": 0, "grow": 0, "transform": 0, "total": 0}


def test_workbook_keeps_user_text_as_text(write: Write) -> None:
    content = RENDERERS["xlsx"](make_report(write))
    assert isinstance(content, bytes)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == [
        "Ranking",
        "By ROI alone",
        "Rank changes",
        "Investment",
        "Booking conflicts",
        "Flags",
        "Notes",
    ]
    ranking = wb["Ranking"]
    name = ranking["C3"]
    assert name.value == '=HYPERLINK("http://x","y")' and name.data_type == "s"
    assert ranking["D3"].value == "=1+1 news" and ranking["D3"].data_type == "s"
    # Numbers stay numbers: rank, rank by ROI alone, strategic priority, ROI.
    assert [ranking[c].value for c in ("A2", "B2", "E2", "G2")] == [1, 2, 1, 10]
    by_roi = wb["By ROI alone"]  # the other order: news (20%) first, rank 2 in the ranking
    assert [c.value for c in by_roi[2]] == [1, '=HYPERLINK("http://x","y")', 20, "=1+1 news", 3, 2]
    assert by_roi["B2"].data_type == "s"
    changes = wb["Rank changes"]
    assert [changes["A2"].value, changes["C2"].value] == ["Payroll", "moved above"]
    bookings = wb["Booking conflicts"]
    assert bookings["G2"].data_type == "s"
    # No cell anywhere holds a formula.
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_workbook_from_two_runs_is_identical_with_source_date_epoch(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    first = RENDERERS["xlsx"](make_report(write))
    assert isinstance(first, bytes)
    assert first == RENDERERS["xlsx"](make_report(write))
    properties = load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified == dt.datetime(2026, 1, 1)


def test_workbook_layout_header_frozen_bold_and_columns_sized(write: Write) -> None:
    wb = load_workbook(io.BytesIO(RENDERERS["xlsx"](make_report(write))))
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        assert not any(c.font.b for row in ws.iter_rows(min_row=2) for c in row), ws.title
    ranking = wb["Ranking"]
    # Column A: "Rank" (4) against ranks 1 and 2: 4 + 2. Column C, the project: the
    # longest name, '=HYPERLINK("http://x","y")', is 26 characters: 26 + 2.
    assert ranking.column_dimensions["A"].width == 6
    assert ranking.column_dimensions["C"].width == 28
    # Column J, the plan paths: as wide as the longer path plus 2, but never past 60.
    longest = max(len(ranking["J2"].value), len(ranking["J3"].value))
    assert ranking.column_dimensions["J"].width == min(60, longest + 2)
