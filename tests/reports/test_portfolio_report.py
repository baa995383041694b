"""``pmsm portfolio`` renderers: the JSON shape and a workbook that never runs user text."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pmsm_cli.portfolio import PortfolioReport, portfolio_report
from pmsm_cli.reports.portfolio import RENDERERS

Write = Callable[[str, str], Path]

SERVICES = """\
services:
  - {id: payroll, name: Payroll, strategic_class: core}
  - {id: news, name: "=1+1 news", strategic_class: enhancing}
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
        "plans",
        "rank_changes",
        "investment",
        "booking_conflicts",
        "flags",
    ]
    assert data["schema"] == "pmsm-portfolio/1"
    assert [(p["project"], p["rank"], p["roi_rank"]) for p in data["plans"]] == [
        ("Payroll", 1, 2),
        ('=HYPERLINK("http://x","y")', 2, 1),
    ]
    assert data["plans"][0]["strategic_class"] == "core"
    assert data["plans"][0]["strategic_weight"] == 3
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
    assert wb.sheetnames == ["Ranking", "Rank changes", "Investment", "Booking conflicts", "Flags"]
    ranking = wb["Ranking"]
    name = ranking["C3"]
    assert name.value == '=HYPERLINK("http://x","y")' and name.data_type == "s"
    assert ranking["D3"].value == "=1+1 news" and ranking["D3"].data_type == "s"
    assert ranking["A2"].value == 1 and ranking["F2"].value == 10  # numbers stay numbers
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
