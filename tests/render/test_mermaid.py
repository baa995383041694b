"""The Mermaid Gantt chart: its syntax, its escaping, its size limit."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.render import RenderOptions, mermaid, render

if TYPE_CHECKING:
    from tests.conftest import ViewOf, Write

TASK = re.compile(
    # A name: no : ; % or bare #, only #NN; entities.
    r"^    (?P<name>(?:[^:#;%\n]|#\d+;)+) :(?P<tags>((done|active|crit|milestone), )*)"
    r"(?P<start>\d{4}-\d\d-\d\d), (?P<end>\d{4}-\d\d-\d\d|0d)$"
)


def check_syntax(text: str) -> list[re.Match[str]]:
    """Every line is a header statement, a section or a task with explicit dates."""
    lines = text.splitlines()
    assert lines[0] == "gantt"
    tasks = []
    for line in lines[1:]:
        if line.startswith(("    title ", "    dateFormat ", "    axisFormat ", "    excludes ")):
            continue
        if line.startswith("    section "):
            assert not re.search(r"[:;%]|#(?!\d+;)", line), line
            continue
        match = TASK.match(line)
        assert match, line
        tasks.append(match)
    return tasks


def test_small_plan_chart(plan_view: ViewOf, small_plan: Path) -> None:
    text = render(plan_view(small_plan, suggest=False), "mermaid")
    assert isinstance(text, str)
    tasks = check_syntax(text)
    assert "    excludes weekends, 2026-03-13" in text.splitlines()
    by_name = {m["name"]: m for m in tasks}
    # Build runs Wed 11 to Wed 18; Mermaid ends a bar at the start of its end date.
    build = by_name["Build#58; portal | API #35;2#59; phase 1"]
    assert (build["tags"], build["start"], build["end"]) == (
        "active, crit, ",
        "2026-03-11",
        "2026-03-19",
    )
    golive = by_name["Go-live"]
    assert (golive["tags"], golive["start"], golive["end"]) == (
        "crit, milestone, ",
        "2026-03-19",
        "0d",
    )
    charter = by_name["Develop the project charter with total cost of ownership"]
    assert charter["tags"] == "done, crit, "
    assert text.splitlines()[1] == "    title Payroll portal#58; phase #35;1"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Deploy: staging", "Deploy#58; staging"),
        ("PR #12; then %% more", "PR #35;12#59; then #37;#37; more"),
        ("Title page review", "#84;itle page review"),
        ("section 508 audit", "#115;ection 508 audit"),
        ("a\nb", "a b"),
        ("<b>", "#60;b#62;"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert mermaid.escape(raw) == escaped


def test_non_standard_working_week(plan_view: ViewOf, write: Write) -> None:
    path = write(
        "pmsm.yaml",
        "project:\n  name: Shop\n  kind: new-service\n  start: 2026-03-02\n"
        "  calendar: {workdays: [mon, tue, wed, thu, fri, sat]}\n"
        "activities:\n  - {id: a, duration: 1}\n",
    )
    text = render(plan_view(path, suggest=False), "mermaid")
    assert "    excludes sunday" in str(text).splitlines()


def test_markdown_falls_back_to_key_dates_when_too_big(
    plan_view: ViewOf, payroll_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmsm_cli.render import markdown

    view = plan_view(payroll_plan)
    full = mermaid.gantt(view, view.groups("pmbok"))
    monkeypatch.setattr(mermaid, "MAX_TEXT", len(full) - 1)
    chart, note = markdown.gantt_block(view, RenderOptions())
    tasks = check_syntax(chart)
    assert len(tasks) == len([r for r in view.rows if r.critical or r.milestone])
    assert "critical activities and milestones only" in note
    monkeypatch.setattr(mermaid, "MAX_TEXT", 100)
    chart, note = markdown.gantt_block(view, RenderOptions())
    assert chart == "" and "too large" in note


# -- the real thing: Mermaid itself, in headless Chromium ----------------------

MERMAID_JS = os.environ.get("PMSM_MERMAID_JS", "")
PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="{js}"></script></head>
<body><pre id="status">pending</pre><script>
mermaid.initialize({{startOnLoad: false}});
mermaid.render("g", {text}).then(
  r => {{ document.getElementById("status").textContent = "DRAWN " + r.svg; }},
  e => {{ document.getElementById("status").textContent = "FAILED " + e; }});
</script></body></html>"""


@pytest.mark.skipif(
    not (MERMAID_JS and Path(MERMAID_JS).is_file() and shutil.which("chromium")),
    reason="set PMSM_MERMAID_JS to mermaid.min.js (npm install mermaid) and install chromium "
    "to draw the chart with Mermaid itself",
)
def test_mermaid_draws_the_chart(
    plan_view: ViewOf, payroll_plan: Path, small_plan: Path, tmp_path: Path
) -> None:
    import html
    import json

    for plan in (small_plan, payroll_plan):
        text = str(render(plan_view(plan), "mermaid"))
        page = tmp_path / "page.html"
        page.write_text(PAGE.format(js=Path(MERMAID_JS).as_uri(), text=json.dumps(text)))
        dom = subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--allow-file-access-from-files",
                "--virtual-time-budget=15000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        status = html.unescape(dom.split('id="status">', 1)[1])
        assert status.startswith("DRAWN"), status[:300]
        view = plan_view(plan)
        for row in view.rows[:20]:
            assert html.escape(row.name, quote=False) in status or row.name in status


def test_dates_of_bars_match_the_schedule(plan_view: ViewOf, payroll_plan: Path) -> None:
    view = plan_view(payroll_plan)
    tasks = check_syntax(str(render(view, "mermaid")))
    assert len(tasks) == view.counts.activities
    starts = sorted(m["start"] for m in tasks)
    assert starts == sorted(r.start.isoformat() for r in view.rows)
    ends = sorted(m["end"] for m in tasks if m["end"] != "0d")
    assert ends == sorted(
        (r.finish + dt.timedelta(days=1)).isoformat() for r in view.rows if not r.milestone
    )
