"""``pmsm import`` then ``pmsm plan`` on MS Project XML: the source's dates, where calendars agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.conftest import Run

MSPDI = Path(__file__).resolve().parents[1] / "data" / "foreign" / "mspdi"


def _planned(pmsm: Run, source: Path, tmp_path: Path) -> dict[str, tuple[str, str]]:
    plan = tmp_path / "imported.pmsm.yaml"
    assert pmsm("import", source, "-o", plan).exit_code == 0
    result = pmsm("plan", plan, "--format", "json", "-o", tmp_path / "plan.json")
    assert result.exit_code == 0, result.output
    rows = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))["activities"]
    return {r["name"]: (r["start"], r["finish"]) for r in rows if not r["suggested"]}


def test_every_link_type_reproduces_ms_projects_dates(pmsm: Run, tmp_path: Path) -> None:
    # mspdirelations.xml: 8-hour days, each task one day. Worked out from the file:
    # Task 1 Thu 21 Sep 2006; Task 2 FS after it, Fri 22; Task 3 SS+1 day (LinkLag
    # 4800 tenths of a minute) after Task 2's start, Mon 25; Task 4 FF with Task 3,
    # Mon 25; Task 5 SF on Task 4's start: it must finish by Mon 25 08:00, so its one
    # day is Fri 22 (MS Project writes that finish as "2006-09-25T08:00", the start of
    # Monday: no work of it falls on Monday).
    assert _planned(pmsm, MSPDI / "mspdirelations.xml", tmp_path) == {
        "Task 1": ("2006-09-21", "2006-09-21"),
        "Task 2": ("2006-09-22", "2006-09-22"),
        "Task 3": ("2006-09-25", "2006-09-25"),
        "Task 4": ("2006-09-25", "2006-09-25"),
        "Task 5": ("2006-09-22", "2006-09-22"),
    }


def test_a_seven_and_a_half_hour_day_reproduces_the_finish(pmsm: Run, tmp_path: Path) -> None:
    # mspdinulltasks.xml: MinutesPerDay 450; 75 hours are 10 working days from
    # Mon 3 Nov 2008, to Fri 14 Nov, as the file's Finish says. The blank rows are no tasks.
    planned = _planned(pmsm, MSPDI / "mspdinulltasks.xml", tmp_path)
    assert planned["Task 2"] == ("2008-11-03", "2008-11-14")
    assert planned["Task 3"] == ("2008-11-03", "2008-11-14")
    assert planned["Task 5"] == ("2008-11-03", "2008-11-14")


def test_where_calendars_differ_the_import_says_so(pmsm: Run, tmp_path: Path) -> None:
    # The payments plan holds its dress rehearsal on a weekend (Sat 19 Sep 2026).
    result = pmsm("import", MSPDI / "payments-migration-en.xml", "-o", tmp_path / "p.pmsm.yaml")
    assert result.exit_code == 0
    assert (
        "'Dress rehearsal (full cutover weekend)' (task UID 6): the source has 2026-09-19 to "
        "2026-09-21, pmsm schedules 2026-09-17 to 2026-09-18: the source starts it on a "
        "weekend: its calendar works days pmsm's does not"
    ) in result.output
