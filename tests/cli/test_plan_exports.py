"""``pmsm export``: what a user sees on the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

SMALL = Path(__file__).resolve().parents[1] / "data" / "export" / "small.pmsm.yaml"


@pytest.mark.parametrize(
    ("fmt", "starts_with"),
    [
        ("mspdi", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Project'),
        ("tjp", b"# Booking service: written by pmsm"),
        ("jira-csv", b"Issue ID,Parent,Issue Type,Summary"),
        ("ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
    ],
)
def test_each_format_to_a_file(pmsm, tmp_path, fmt, starts_with):
    out = tmp_path / f"plan.{fmt}"
    result = pmsm("plan", SMALL, "--format", fmt, "-o", out, "--no-suggest")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(starts_with)
    assert result.stderr.startswith(f"wrote {out}: ")
    assert result.stdout == ""


def test_stdout_and_suggested_activities(pmsm):
    # Without --no-suggested the catalog's missing activities come too, as
    # in `pmsm plan`: the small plan has 9 activities, a new service expects
    # 107 catalog activities, and the plan implements 6 of them
    # (slm-create-sla, chg-submit-rfc, cab-approval, go-live,
    # early-life-support, project-closed; the other 3 are its own).
    result = pmsm("plan", SMALL, "-f", "jira-csv", "--group-by", "pmbok")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    issues = [r for r in rows if r[2] in ("Task", "Change")]
    assert len(issues) == 9 + (107 - 6)
    # the label sits in one of the repeated Labels columns
    suggested = [r for r in issues if "pmsm-suggested" in r]
    assert len(suggested) == 107 - 6


def test_refuses_to_write_over_the_plan(pmsm, tmp_path):
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(SMALL.read_text())
    result = pmsm("plan", plan, "-f", "ics", "-o", plan)
    assert result.exit_code == 2
    assert "is an input of this command" in result.stderr
    assert plan.read_text() == SMALL.read_text()


def test_a_plan_the_format_cannot_express_names_the_place(pmsm, write, tmp_path):
    plan = write(
        "pmsm.yaml",
        """\
project: {name: P, kind: improvement, start: 2026-01-05}
activities:
  - {id: a, duration: 2}
  - id: b
    duration: 1
    depends_on:
      - {id: a, lag: -3}
""",
    )
    out = tmp_path / "p.tjp"
    result = pmsm("plan", plan, "-f", "tjp", "-o", out, "--no-suggest")
    assert result.exit_code == 2
    # line 7, column 22: the value -3 of the lag
    assert result.stderr.startswith(f"{plan}:7:22: error: activity 'b' may start 3 working days")
    assert "Traceback" not in result.stderr
    assert not out.exists()
    # the other formats can express a lead, so they work
    assert pmsm("plan", plan, "-f", "mspdi", "--no-suggest").exit_code == 0


def test_a_plan_that_cannot_be_scheduled(pmsm, write):
    plan = write(
        "pmsm.yaml",
        """\
project: {name: P, kind: improvement, start: 2026-01-05}
activities:
  - {id: a, duration: 2, depends_on: [b]}
  - {id: b, duration: 1, depends_on: [a]}
""",
    )
    result = pmsm("plan", plan, "-f", "ics", "--no-suggest")
    assert result.exit_code == 2
    # Line 4, column 39: the 'a' in b's depends_on, where the circle closes.
    assert result.stderr.startswith(
        f"{plan}:4:39: error: activities wait for each other in a circle"
    )


def test_unknown_format_and_missing_plan(pmsm, tmp_path):
    bad = pmsm("plan", SMALL, "-f", "xslx")
    assert bad.exit_code == 2
    assert "unknown format 'xslx'" in bad.stderr
    missing = pmsm("plan", tmp_path / "nope.yaml", "-f", "ics")
    assert missing.exit_code == 2
    assert "nope.yaml" in missing.stderr
