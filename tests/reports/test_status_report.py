"""``pmsm status`` renderers: the JSON shape, escaping, and the charts in the page."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.control.tracking import StatusReport, status_report
from pmsm_cli.plan.load import load_plan
from pmsm_cli.reports.status import RENDERERS, as_json_data

Write = Callable[[str, str], Path]

HOSTILE = "<script>alert(1)</script>"

PLAN = f"""\
project:
  name: "{HOSTILE}"
  kind: improvement
  start: 2026-03-02
activities:
  - id: design
    name: "<img src=x onerror=alert(1)> & *stars* | pipes"
    duration: 5
    baseline_start: 2026-03-02
    baseline_finish: 2026-03-06
    baseline_cost: 5000
    actual_start: 2026-03-02
    percent_complete: 50
    actual_cost: 3000
  - id: done
    milestone: true
    depends_on: [design]
    baseline_finish: 2026-03-09
change_requests:
  - id: RFC-1
    kind: service
    title: "=HYPERLINK(\\"http://evil\\")"
    status: implemented
"""


def make_report(write: Write) -> StatusReport:
    loaded = load_plan(write("pmsm.yaml", PLAN))
    return status_report(loaded, load_catalog([]), dt.date(2026, 3, 4))


def test_json_has_the_documented_shape(write: Write) -> None:
    report = make_report(write)
    data = json.loads(RENDERERS["json"](report))
    assert data == as_json_data(report)
    assert list(data) == [
        "schema",
        "plan",
        "project",
        "as_of",
        "schedule",
        "earned_value",
        "milestones",
        "critical_path_slipping",
        "activities",
        "unevaluated_rfcs",
        "notes",
        "method",
        "prince2",
    ]
    assert data["schema"] == "pmsm-status/1"
    assert (data["method"], data["prince2"]) == ("pmbok", None)
    # As of Wed 03-04, 3 of design's 5 baseline days have passed: PV = 5,000 x 3/5 = 3,000;
    # EV = 5,000 x 50% = 2,500; AC = 3,000; SPI = 2,500 / 3,000; CPI = 2,500 / 3,000.
    assert data["earned_value"] == {
        "bac": 5000,
        "pv": 3000,
        "ev": 2500,
        "ac": 3000,
        "sv": -500,
        "cv": -500,
        "spi": 0.8333,
        "cpi": 0.8333,
        "eac": 6000,  # 5,000 / (2,500 / 3,000)
        "ac_not_in_baseline": 0,
    }
    assert set(data["activities"][0]) == {
        "id",
        "name",
        "line",
        "status",
        "milestone",
        "critical",
        "in_baseline",
        "baseline",
        "actual",
        "forecast",
        "finish_variance_days",
        "planned_percent",
        "percent_complete",
        "pv",
        "ev",
    }
    assert data["activities"][0]["baseline"] == {
        "start": "2026-03-02",
        "finish": "2026-03-06",
        "cost": 5000,
    }
    assert data["milestones"] == {"due": 0, "missed": 0, "percent_missed": None, "missed_ids": []}
    assert data["unevaluated_rfcs"][0]["because"] == "it is marked implemented"


class Tags(HTMLParser):
    """Every element and attribute of a page, as the browser will see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def page_parts(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_html_escapes_every_user_text_and_draws_the_charts(write: Write) -> None:
    html = RENDERERS["html"](make_report(write))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    parts = page_parts(html)
    # No user text became an element or an attribute: nothing runs, nothing is fetched.
    assert not parts.tags & {"script", "img", "iframe", "link", "object", "embed"}
    assert not parts.attributes & {"src", "href", "xlink:href", "onerror", "onload"}
    assert html.count("<svg") == 3  # the Gantt, the earned-value curve, SPI/CPI
    # URLs: the SVG namespace, and the RFC title shown as text.
    assert set(re.findall(r"https?://[a-z0-9./]+", html)) == {
        "http://www.w3.org/2000/svg",
        "http://evil",
    }


def test_markdown_escapes_user_text(write: Write) -> None:
    md = RENDERERS["md"](make_report(write))
    # & too: "&lt;" typed in a plan shows as typed, not as "<".
    assert "\\<img src=x onerror=alert(1)\\> \\& \\*stars\\* \\| pipes" in md
    assert "# Status: \\<script\\>alert(1)\\</script\\>" in md
