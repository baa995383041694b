"""The HTML plan at 1,400 pixels, as Chromium lays it out.

Before: the activities table needed a horizontal scrollbar at that width (the ID
column as wide as the longest id, names wrapping onto five lines, the status cut
off at the window's edge), and the Gantt chart's last month label could run past
the chart's right edge. A copy of the page measures itself after layout and
writes what it found into the page, which Chromium then prints (--dump-dom).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.fuzz.helpers import run

from pmsm_cli.render.webpage import AXIS_LABEL_WIDTH

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"

MEASURE = """
<script>
addEventListener("load", () => {
  const root = document.documentElement;
  const tables = [...document.querySelectorAll("table.acts")];
  const names = [...document.querySelectorAll("table.acts td.name")];
  // Lines of a name: the distinct tops of its text's boxes (the cell may be taller).
  const lines = names.map(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  });
  const clipped = [...document.querySelectorAll("table.acts td")]
    .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent);
  const svg = document.querySelector("svg.gantt");
  const labels = [...svg.querySelectorAll("text.axis")];
  const last = labels[labels.length - 1].getBBox();
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({
    windowWidth: root.clientWidth,
    pageWidth: root.scrollWidth,
    tableRight: Math.max(...tables.map(t => t.getBoundingClientRect().right)),
    statusRight: Math.max(...[...document.querySelectorAll("td.status")]
      .map(td => td.getBoundingClientRect().right)),
    idWidth: tables[0].rows[0].cells[0].getBoundingClientRect().width,
    nameWidth: tables[0].rows[0].cells[1].getBoundingClientRect().width,
    mostLines: Math.max(...lines),
    clipped: clipped,
    lastLabelEnd: last.x + last.width,
    chartWidth: svg.width.baseVal.value,
  });
  document.body.appendChild(out);
});
</script>
"""


def measured(plan: Path, tmp_path: Path, *options: str) -> dict[str, Any]:
    page = tmp_path / "plan.html"
    result = run("plan", plan, "-o", page, *options)
    assert result.exit_code == 0, result.output
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"))
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000",
         "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the page did not measure itself"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


# A plan whose last activity finishes on 1 April: the chart ends a day later, so the
# "Apr 2026" label starts at the chart's very end. Monday 2 March to Wednesday 1 April
# is 22 working days in March and 1 in April: 23.
ENDS_ON_THE_FIRST = """\
project:
  name: Ends on the first
  kind: new-service
  start: 2026-03-02
activities:
  - {id: everything-at-once, name: Everything at once, duration: 23}
"""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
@pytest.mark.parametrize("name", ["payroll.pmsm.yaml", "small.pmsm.yaml"])
def test_the_activities_fit_1400_pixels(name: str, tmp_path: Path) -> None:
    found = measured(PLANS / name, tmp_path)
    # 1,400 less the vertical scrollbar.
    assert 1360 <= found["windowWidth"] <= 1400
    # No horizontal scrollbar: the page is no wider than the window.
    assert found["pageWidth"] <= found["windowWidth"], found
    assert (
        found["tableRight"] <= found["windowWidth"] and found["statusRight"] <= found["tableRight"]
    )
    assert found["clipped"] == []  # no cell's text runs past its edge
    # The name has room: wider than the id, and three lines at most.
    assert found["nameWidth"] > found["idWidth"]
    assert found["mostLines"] <= 3, found


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_last_month_label_is_inside_the_chart(tmp_path: Path) -> None:
    plan = tmp_path / "late.pmsm.yaml"
    plan.write_text(ENDS_ON_THE_FIRST, encoding="utf-8")
    found = measured(plan, tmp_path, "--no-suggest")
    assert found["lastLabelEnd"] <= found["chartWidth"], found
    # The room kept for a label is more than Chromium's "Apr 2026" takes, but not lavish.
    assert found["lastLabelEnd"] - (found["chartWidth"] - AXIS_LABEL_WIDTH - 8) <= AXIS_LABEL_WIDTH
