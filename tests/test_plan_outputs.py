"""Every plan we have (our test plans and every examples/*/pmsm.yaml) in every format.

Each output is read back the way its users read it, and checked against the
plan view it came from: the activities, their dates and the critical path.
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from pmsm_cli.render import RENDERERS
from pmsm_cli.workbook import layout

if TYPE_CHECKING:
    from tests.conftest import Run, ViewOf

GROUPS = ("pmbok", "phase", "process", "stage")


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_every_plan_in_every_format(
    pmsm: Run, plan_view: ViewOf, any_plan: Path, tmp_path: Path, fmt: str
) -> None:
    view = plan_view(any_plan)
    ending = (*RENDERERS[fmt].endings, ".csv")[0]  # Jira's CSV has no ending of its own
    out = tmp_path / f"plan{ending}"
    result = pmsm("plan", any_plan, "-o", out, "--format", fmt, "--group-by", GROUPS[len(fmt) % 4])
    assert result.exit_code == 0, result.output
    ids = [r.id for r in view.rows]
    critical = [r.id for r in view.critical_path]
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert [a["id"] for a in data["activities"]] == ids
        assert data["project"]["critical_path"] == critical
        assert [a["start"] for a in data["activities"]] == [r.start.isoformat() for r in view.rows]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert [r["id"] for r in rows] == ids
        assert [r["id"] for r in rows if r["critical"] == "true"] == critical
    elif fmt == "xlsx":
        ws = load_workbook(out)[layout.ACTIVITIES_SHEET]
        got = [(r[0], r[8].date(), r[13]) for r in ws.iter_rows(min_row=2, values_only=True)]
        assert got == [(r.id, r.start, r.critical) for r in view.rows]
    elif fmt == "md":
        text = out.read_text(encoding="utf-8")
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        fences = [t for t in tokens if t.type == "fence" and t.info == "mermaid"]
        assert len(fences) == 1 and fences[0].content.startswith("gantt\n")
        cells = {c.content for t in tokens for c in t.children or [] if c.type == "code_inline"}
        assert set(ids) <= cells
    elif fmt == "mermaid":
        text = out.read_text(encoding="utf-8")
        tasks = [line for line in text.splitlines() if line.startswith("    ") and " :" in line]
        assert len(tasks) == len(ids)
        assert sum(" :crit" in t or ", crit," in t for t in tasks) == len(critical)
    elif fmt == "html":
        bars: list[str] = []

        class Bars(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                cls = dict(attrs).get("class") or ""
                if tag in ("rect", "polygon") and "bar" in cls.split():
                    bars.append(cls)

        Bars().feed(out.read_text(encoding="utf-8"))
        assert len(bars) == len(ids)
        assert sum("critical" in b.split() for b in bars) == len(critical)
    elif fmt in ("mspdi", "tjp", "jira-csv", "ics"):
        # The exports are read back by their own tools in tests/export/; here,
        # that every activity of every plan reaches the file.
        text = out.read_text(encoding="utf-8")
        if fmt == "mspdi":
            from defusedxml import ElementTree

            ns = "{http://schemas.microsoft.com/project}"
            root = ElementTree.fromstring(text.encode("utf-8"))
            names = {t.findtext(f"{ns}Name") for t in root.iter(f"{ns}Task")}
            assert {r.name for r in view.rows} <= names
        elif fmt == "tjp":
            assert all(f"{r.id.replace('-', '_')} " in text for r in view.rows)
        elif fmt == "jira-csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            summaries = {row["Summary"].lstrip("'") for row in rows}
            assert {r.name for r in view.rows} <= summaries
        else:
            from icalendar import Calendar

            events = Calendar.from_ical(text).walk("VEVENT")
            assert len(events) >= len(view.milestones)
    else:  # pragma: no cover - a new format needs its read-back here
        pytest.fail(f"no read-back test for the format {fmt}")
