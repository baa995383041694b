"""``pmsm baseline``: scheduled dates and costs frozen into the plan, comments kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]

PLAN = """\
# Baseline demo: every comment here must survive.
project:
  name: Baseline demo
  kind: new-service
  start: 2026-03-02   # a Monday
  calendar:
    holidays: [2026-03-06]  # a Friday off
activities:
  # design comes first
  - id: design
    name: Design
    duration: 3
    cost: 3000   # three days at 1,000
  - id: build
    name: Build
    duration: 4
    depends_on: [design]
    cost: 4500.5
  # the gate
  - {id: ready, name: Ready, milestone: true, depends_on: [build]}
  - id: dropped
    name: Dropped
    duration: 2
    status: cancelled
    reason: not needed
"""

# Worked by hand (working days Mon-Fri, 2026-03-06 off):
#   design  3 days from Mon 03-02: 02, 03, 04            -> 2026-03-02 .. 2026-03-04
#   build   4 days after design:   05, (06 off), 09, 10, 11 -> 2026-03-05 .. 2026-03-11
#   ready   milestone, the working day after build       -> 2026-03-12
#   dropped cancelled: not planned work, no baseline
EXPECTED = {
    "design": ("2026-03-02", "2026-03-04", 3000),
    "build": ("2026-03-05", "2026-03-11", 4500.5),
    "ready": ("2026-03-12", "2026-03-12", None),
}


def baselines(path: Path) -> dict[str, tuple[str, str, float | None]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        a["id"]: (str(a["baseline_start"]), str(a["baseline_finish"]), a.get("baseline_cost"))
        for a in data["activities"]
        if "baseline_start" in a
    }


def test_freezes_dates_and_costs_worked_by_hand(pmsm: Run, write: Write) -> None:
    path = write("demo.pmsm.yaml", PLAN)
    result = pmsm("baseline", path)
    assert result.exit_code == 0, result.stderr
    assert baselines(path) == EXPECTED
    # BAC = 3000 + 4500.5 = 7500.5 over 3 activities (dropped is not planned work).
    assert "baseline of 3 activities frozen, 2026-03-02 to 2026-03-12" in result.stdout
    assert "budget at completion 7,500.50" in result.stdout


def test_keeps_comments_order_and_layout(pmsm: Run, write: Write) -> None:
    path = write("demo.pmsm.yaml", PLAN)
    assert pmsm("baseline", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    # Every original line is still there, in the same order, but for the one-line flow
    # mapping of 'ready', which gains its keys on that line. design and build gain three
    # lines each, right after 'cost'; 'dropped' (cancelled) gains nothing.
    ready = "  - {id: ready, name: Ready, milestone: true, depends_on: [build]}"
    old = [line for line in PLAN.splitlines() if line != ready]
    new = text.splitlines()
    it = iter(new)
    assert all(line in it for line in old), text
    assert len(new) == len(PLAN.splitlines()) + 3 + 3
    assert "    cost: 3000   # three days at 1,000\n    baseline_start: 2026-03-02\n" in text
    assert (
        "  - {id: ready, name: Ready, milestone: true, depends_on: [build], "
        "baseline_start: 2026-03-12, baseline_finish: 2026-03-12}" in text
    )
    # The comment heading 'ready' still comes right before it, after build's new keys.
    assert "    baseline_cost: 4500.5\n  # the gate\n  - {id: ready" in text
    assert "&id" not in text  # no YAML anchors for dates used twice


def test_refuses_to_overwrite_without_force(pmsm: Run, write: Write) -> None:
    path = write("demo.pmsm.yaml", PLAN)
    assert pmsm("baseline", path).exit_code == 0
    frozen = path.read_text(encoding="utf-8")
    again = pmsm("baseline", path)
    assert again.exit_code == 2
    # Line 14 is design's 'baseline_start', right after its 'cost' on line 13.
    assert again.stderr.startswith(f"{path}:14:5: error: this plan already has a baseline")
    assert "--force" in again.stderr
    assert path.read_text(encoding="utf-8") == frozen


def test_force_rebaselines_after_a_change(pmsm: Run, write: Write) -> None:
    path = write("demo.pmsm.yaml", PLAN)
    assert pmsm("baseline", path).exit_code == 0
    # Design now takes 5 days: 02, 03, 04, 05, (06 off), 09 -> build 10, 11, 12, 13 -> ready 16.
    text = path.read_text(encoding="utf-8").replace("duration: 3\n", "duration: 5\n", 1)
    text = text.replace("cost: 3000 ", "cost: 5000 ")
    path.write_text(text, encoding="utf-8")
    result = pmsm("baseline", path, "--force")
    assert result.exit_code == 0, result.stderr
    assert baselines(path) == {
        "design": ("2026-03-02", "2026-03-09", 5000),
        "build": ("2026-03-10", "2026-03-13", 4500.5),
        "ready": ("2026-03-16", "2026-03-16", None),
    }
    assert path.read_text(encoding="utf-8").count("baseline_start") == 3  # replaced, not added


def test_diff_previews_and_writes_nothing(pmsm: Run, write: Write) -> None:
    path = write("demo.pmsm.yaml", PLAN)
    result = pmsm("baseline", path, "--diff")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == PLAN
    assert f"--- a/{path}" in result.stdout
    assert "+    baseline_finish: 2026-03-11\n" in result.stdout
    assert "+    baseline_cost: 4500.5\n" in result.stdout


def test_status_works_right_after(pmsm: Run, write: Write) -> None:
    path = write("demo.pmsm.yaml", PLAN)
    assert pmsm("baseline", path).exit_code == 0
    # Record progress: design done at cost 3,200.
    text = path.read_text(encoding="utf-8").replace(
        "    cost: 3000   # three days at 1,000\n",
        "    cost: 3000   # three days at 1,000\n    status: done\n    actual_cost: 3200\n",
    )
    path.write_text(text, encoding="utf-8")
    result = pmsm("status", path, "--as-of", "2026-03-09", "--format", "json")
    assert result.exit_code == 0, result.stderr
    ev = json.loads(result.stdout)["earned_value"]
    # As of Mon 03-09: design wholly planned (3000); build has 2 of its 4 working days
    # (05, 09 of 05, 09, 10, 11) -> 4500.5 / 2 = 2250.25. PV = 5250.25.
    # EV = design done 3000 + build 0 = 3000. AC = 3200.
    assert ev["bac"] == 7500.5
    assert ev["pv"] == 5250.25
    assert ev["ev"] == 3000
    assert ev["ac"] == 3200
    # SPI = 3000 / 5250.25 = 0.5714; CPI = 3000 / 3200 = 0.9375
    assert round(ev["spi"], 4) == 0.5714
    assert round(ev["cpi"], 4) == 0.9375


def test_a_folder_and_bad_input(pmsm: Run, write: Write) -> None:
    path = write("proj/pmsm.yaml", PLAN)
    assert pmsm("baseline", path.parent).exit_code == 0
    assert "baseline_start" in path.read_text(encoding="utf-8")
    empty = write("empty.pmsm.yaml", "project: {name: X, kind: new-service, start: 2026-03-02}\n")
    result = pmsm("baseline", empty)
    assert result.exit_code == 2
    assert "no activities to baseline" in result.stderr
    cycle = write(
        "cycle.pmsm.yaml",
        "project: {name: X, kind: new-service, start: 2026-03-02}\n"
        "activities:\n  - {id: a, depends_on: [b]}\n  - {id: b, depends_on: [a]}\n",
    )
    result = pmsm("baseline", cycle)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert f"{cycle}:4:" in result.stderr  # b's depends_on, the dependency to remove
    assert "circle" in result.stderr
    assert "baseline" not in cycle.read_text(encoding="utf-8")
