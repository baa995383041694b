"""``pmsm portfolio`` as a user runs it, on the README's example folder."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import load_workbook

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "portfolio"
SERVICES = EXAMPLES / "services.yaml"


def test_example_folder_as_in_the_readme(pmsm: Run) -> None:
    result = pmsm("portfolio", EXAMPLES, "--services", SERVICES)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # §1.3: payroll (priority 1, ROI 22.7%) ranks above the news feed (priority 4, ROI 26.0%),
    # 3.3 points apart, within the file's 5-point band.
    # Payroll: TCO 120,000 + 30,000 x 3 + 10,000 = 220,000; benefits 90,000 x 3 = 270,000;
    # ROI = 50,000 / 220,000 = 22.7%. News: TCO 40,000 + 10,000 x 3 = 70,000;
    # benefits 29,400 x 3 = 88,200; ROI = 18,200 / 70,000 = 26.0%.
    assert (
        "- 'Payroll 5 upgrade' moved above 'Personalised intranet news': ROI 22.7% vs 26.0% "
        "lies within the 5-point band (3.3 points apart); service 'Payroll' has strategic "
        "priority 1 vs 4 ('Intranet news feed') (§1.3)\n"
    ) in out
    # Single sign-on (priority 2, 15.0%) stays below the news feed: 11 points apart.
    assert "Single sign-on for staff apps' moved" not in out
    # Both staging bookings, each with its file and line.
    assert "news-feed/pmsm.yaml:16:5" in out and "payroll-upgrade/pmsm.yaml:21:5" in out
    assert "print-refresh.pmsm.yaml:4:12" in out  # 'Print service' is not in the portfolio
    # run: payroll 30,000 x 3 + 10,000 + news 10,000 x 3 + SSO 15,000 x 3 + print 12,000 x 5
    #    = 100,000 + 30,000 + 45,000 + 60,000 = 235,000
    assert "run the business        235,000 (34%)" in out


def test_xlsx_needs_an_output_file(pmsm: Run, tmp_path: Path) -> None:
    result = pmsm("portfolio", EXAMPLES, "-s", SERVICES, "-f", "xlsx")
    assert result.exit_code == 2
    assert "give the file name with --output FILE" in result.stderr
    target = tmp_path / "portfolio.xlsx"
    result = pmsm("portfolio", EXAMPLES, "-s", SERVICES, "-f", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    wb = load_workbook(io.BytesIO(target.read_bytes()))
    assert wb["Ranking"]["C3"].value == "Payroll 5 upgrade"


def test_missing_services_file_and_missing_path(pmsm: Run, tmp_path: Path) -> None:
    result = pmsm("portfolio", EXAMPLES, "-s", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "the service portfolio file" in result.stderr and "does not exist" in result.stderr
    result = pmsm("portfolio", tmp_path / "nowhere", "-s", SERVICES)
    assert result.exit_code == 2
    assert "does not exist; give plan files or folders of plans" in result.stderr


def test_roi_band_on_the_command_line(pmsm: Run) -> None:
    # A 3-point band: payroll (22.7%) is 3.3 below the news feed (26.0%), so ROI decides.
    result = pmsm("portfolio", EXAMPLES, "-s", SERVICES, "--roi-band", "3", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["roi_band"], data["roi_band_source"], data["rank_changes"]) == (
        3,
        "command line",
        [],
    )
    # By ROI: expenses 40.0%, news 26.0%, payroll 22.7%, SSO 15.0%, print -25.0%.
    assert [p["project"] for p in data["plans"]] == [
        "Mobile expense claims",
        "Personalised intranet news",
        "Payroll 5 upgrade",
        "Single sign-on for staff apps",
        "Printer fleet refresh",
    ]
    result = pmsm("portfolio", EXAMPLES, "-s", SERVICES, "--roi-band", "-2")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --roi-band -2 is negative; give the band in percentage points, 0 or more\n"
    )


def test_the_services_file_of_the_folder_is_used_when_none_is_named(pmsm: Run) -> None:
    named = pmsm("portfolio", EXAMPLES, "--services", SERVICES, "-f", "json")
    found = pmsm("portfolio", EXAMPLES, "-f", "json")
    assert found.exit_code == named.exit_code
    assert found.stdout == named.stdout
    assert f"Services from {SERVICES}." in pmsm("portfolio", EXAMPLES).stdout


def test_without_a_services_file_it_asks_for_one(pmsm: Run, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    (plans / "a").mkdir(parents=True)
    (plans / "a" / "pmsm.yaml").write_text("project: {name: A, kind: improvement}\n")
    result = pmsm("portfolio", plans)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no service portfolio file: none of the folders given holds a services.yaml; "
        "name the file with --services FILE\n"
    )
    # Two folders, each with its own: which one is meant is not guessed.
    other = tmp_path / "other"
    other.mkdir()
    for folder in (plans, other):
        (folder / "services.yaml").write_text(SERVICES.read_text(encoding="utf-8"))
    result = pmsm("portfolio", plans, other, plans)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: the folders given hold 2 service portfolio files ({plans / 'services.yaml'}, "
        f"{other / 'services.yaml'}); name the one to use with --services FILE\n"
    )


def test_xlsx_with_a_control_character_in_a_folder_name(pmsm: Run, tmp_path: Path) -> None:
    # Regression: the openpyxl writer stopped at the BEL in the plan's path with
    # "internal error: IllegalCharacterError"; a workbook cannot hold it, so it shows as U+FFFD.
    folder = tmp_path / "portfolio"
    shutil.copytree(EXAMPLES, folder)
    (folder / "payroll-upgrade").rename(folder / "Payroll\x07 upgrade")
    target = tmp_path / "p.xlsx"
    result = pmsm("portfolio", folder, "-s", folder / "services.yaml", "-f", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    ranking = load_workbook(io.BytesIO(target.read_bytes()))["Ranking"]
    assert ranking["C3"].value == "Payroll 5 upgrade"
    assert ranking["J3"].value == str(folder / "Payroll\ufffd upgrade" / "pmsm.yaml")
