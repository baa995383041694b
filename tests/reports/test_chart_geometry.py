"""The report charts' geometry, read from the SVG: bar lengths, order and axis labels.

No browser needed: each chart is parsed as XML and its shapes measured. Every
expected position is worked out by hand from the chart's constants.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.control.tracking import status_report
from pmsm_cli.plan.load import load_plan
from pmsm_cli.portfolio.build import PortfolioReport, portfolio_report
from pmsm_cli.reports.portfolio_charts import investment_chart, value_roi_chart
from pmsm_cli.reports.status_charts import gantt

Write = Callable[[str, str], Path]
SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "portfolio"


def parse(chart: str) -> ET.Element:
    return ET.fromstring(chart)


def texts(root: ET.Element) -> list[tuple[float, float, str]]:
    return [
        (float(t.get("x", 0)), float(t.get("y", 0)), t.text or "") for t in root.iter(f"{SVG}text")
    ]


@pytest.fixture(scope="module")
def portfolio() -> PortfolioReport:
    # The folder's plans (its .pmsm.yaml is the folder's check settings, not a plan).
    paths = [p for p in sorted(EXAMPLES.glob("*.pmsm.yaml")) if p.name != ".pmsm.yaml"]
    paths += sorted(EXAMPLES.glob("*/pmsm.yaml"))
    return portfolio_report(paths, EXAMPLES / "services.yaml")


def test_investment_bars_are_proportional_to_the_amounts(portfolio: PortfolioReport) -> None:
    root = parse(investment_chart(portfolio))
    # The largest plan, payroll, invests 220,000: ticks of 50,000 (the round step for about
    # five ticks), the scale up to 250,000 over 590 px (860 - 230 - 40) from x = 230.
    labels = {label: x for x, _, label in texts(root) if re.fullmatch(r"\d+k?", label)}
    assert labels == {"0": 230, "50k": 348, "100k": 466, "150k": 584, "200k": 702, "250k": 820}
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for rect in root.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is None:
            continue  # the legend's swatches
        name, _, amount = (title.text or "").rpartition(" ")
        project = name.split(": ")[0]
        value = float(amount.replace(",", ""))
        x, y, width = float(rect.get("x", 0)), float(rect.get("y", 0)), float(rect.get("width", 0))
        # Each category's piece: 590 px for 250,000 (positions are written to two decimals).
        assert width == pytest.approx(value * 590 / 250_000, abs=0.01), title.text
        rows.setdefault(project, []).append((y, x, width))
    # Pieces of one bar touch, and each whole bar is its plan's total investment.
    totals = {"Payroll 5 upgrade": 220_000, "Mobile expense claims": 150_000}
    for project, total in totals.items():
        pieces = sorted(rows[project], key=lambda p: p[1])
        assert pieces[0][1] == 230
        for (_, x, width), (_, next_x, _) in itertools.pairwise(pieces):
            assert x + width == pytest.approx(next_x, abs=0.01)
        assert sum(w for _, _, w in pieces) == pytest.approx(total * 590 / 250_000, abs=0.02)
    # Bars in the ranking's order, one row (26 px) apart, top to bottom.
    tops = {project: min(y for y, _, _ in pieces) for project, pieces in rows.items()}
    ranking = [r.entry.name for r in portfolio.ranking]
    assert sorted(tops, key=tops.__getitem__) == ranking
    assert [tops[p] for p in ranking] == [49 + 26 * i for i in range(len(ranking))]


def test_value_roi_bubbles_sit_at_their_roi(portfolio: PortfolioReport) -> None:
    root = parse(value_roi_chart(portfolio))
    # ROIs from -25% (printers) to 40% (expenses): ticks of 20 points from -40% to 40%,
    # over 540 px (860 - 130 - 190) from x = 130: 67.5 px for each 10 points.
    labels = {label: x for x, _, label in texts(root) if label.endswith("%")}
    assert labels == {"-40%": 130, "-20%": 265, "0%": 400, "20%": 535, "40%": 670}
    centres = {}
    for group in root.iter(f"{SVG}g"):
        title, circle = group.find(f"{SVG}title"), group.find(f"{SVG}circle")
        if title is not None and circle is not None:
            name = (title.text or "").split("\n")[0].split(". ", 1)[1]
            centres[name] = (float(circle.get("cx", 0)), float(circle.get("r", 0)))
    # x = 400 + ROI x 6.75. Payroll: 50,000 / 220,000 = 22.73%.
    assert centres["Mobile expense claims"][0] == pytest.approx(670)
    assert centres["Printer fleet refresh"][0] == pytest.approx(400 - 25 * 6.75)
    assert centres["Payroll 5 upgrade"][0] == pytest.approx(400 + 50 / 220 * 100 * 6.75, abs=0.01)
    # Area grows with the investment: r = 7 + 17 x sqrt(investment / largest); payroll is largest.
    assert centres["Payroll 5 upgrade"][1] == 24
    assert centres["Personalised intranet news"][1] == pytest.approx(
        7 + 17 * (70 / 220) ** 0.5, abs=0.01
    )


GANTT_PLAN = """\
project: {name: Geometry, kind: improvement, start: 2026-03-02}
activities:
  - id: design
    name: Design
    duration: 5
    baseline_start: 2026-03-02
    baseline_finish: 2026-03-06
  - id: build
    name: Build
    duration: 10
    depends_on: [design]
    baseline_start: 2026-03-09
    baseline_finish: 2026-03-20
"""


def test_status_gantt_baseline_bars_follow_the_calendar(write: Write) -> None:
    loaded = load_plan(write("pmsm.yaml", GANTT_PLAN))
    root = parse(gantt(status_report(loaded, load_catalog([]), dt.date(2026, 3, 4))))
    baseline = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "6" and r.get("y") != "-7"]
    (design_x, design_y, design_w), (build_x, build_y, build_w) = [
        (float(r.get("x", 0)), float(r.get("y", 0)), float(r.get("width", 0))) for r in baseline
    ]
    assert design_y < build_y  # in the plan's order, one row (28 px) apart
    assert build_y - design_y == 28
    # Mondays are labelled: "2 Mar" and "9 Mar" mark where the two bars start.
    ticks = {label: x for x, _, label in texts(root) if re.fullmatch(r"\d+ Mar", label)}
    assert ticks["2 Mar"] - 3 == pytest.approx(design_x, abs=0.01)  # labels sit 3 px right
    assert ticks["9 Mar"] - 3 == pytest.approx(build_x, abs=0.01)
    per_day = (ticks["9 Mar"] - ticks["2 Mar"]) / 7
    # Monday to Friday is 5 days; 9 to 20 March, two working weeks, 12 calendar days.
    assert design_w == pytest.approx(5 * per_day, abs=0.02)
    assert build_w == pytest.approx(12 * per_day, abs=0.02)
