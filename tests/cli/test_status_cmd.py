"""``pmsm status`` as a user runs it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "portfolio" / "payroll-upgrade" / "pmsm.yaml"


def test_example_plan_as_in_the_readme(pmsm: Run) -> None:
    result = pmsm("status", EXAMPLE, "--as-of", "2026-05-06")
    assert result.exit_code == 0, result.output
    # Worked out from the example's baseline and actuals (see the README):
    #   PV = 4,000 + 16,000 + 12,000 + 48,000 x 10/12 (build: 10 of its 12 working days
    #        22 Apr-8 May, 1 May a holiday) = 72,000
    #   EV = 4,000 + 16,000 + 12,000 + 48,000 x 40% = 51,200
    #   AC = 4,200 + 19,000 + 12,500 + 21,000 = 56,700
    out = result.stdout
    assert "planned value (PV)                  72,000" in out
    assert "earned value (EV)                   51,200" in out
    assert "actual cost (AC)                    56,700" in out
    assert "SPI = EV / PV                       0.71 (behind schedule)" in out  # 51.2/72
    assert "CPI = EV / AC                       0.90 (over budget)" in out  # 51.2/56.7
    # build needs ceil(12 x 60%) = 8 more days from 7 May: 7,8,11,12,13,14,15,18 -> 18 May,
    # 6 working days after its baseline finish of 8 May.
    assert (
        "build                    Build and configure Payroll 5             2026-05-08       2026-05-18                +6      40"
        in out
    )
    assert "RFC-1  Install the new payroll servers in the data centre  2026-04-24" in out


def test_json_to_a_file(pmsm: Run, tmp_path: Path) -> None:
    target = tmp_path / "status.json"
    result = pmsm("status", EXAMPLE.parent, "--as-of", "2026-05-06", "-f", "json", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(target.read_text())
    assert data["earned_value"]["pv"] == 72000
    assert data["schedule"]["finish_variance_days"] == 6


def test_bad_as_of_date(pmsm: Run) -> None:
    result = pmsm("status", EXAMPLE, "--as-of", "13/03/2026")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: --as-of should be a date written YYYY-MM-DD, but it is '13/03/2026'\n"
    )


def test_no_baseline_exits_2_and_says_what_to_do(pmsm: Run, write: Write) -> None:
    path = write(
        "pmsm.yaml",
        "project: {name: P, kind: improvement, start: 2026-03-02}\nactivities:\n  - id: a\n",
    )
    result = pmsm("status", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:2:1: error: this plan has no baseline yet")
    assert f"Run 'pmsm baseline {path}'" in result.stderr
    assert "Traceback" not in result.output
