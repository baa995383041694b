"""Run TaskJuggler's ``tj3`` on an exported project and read back its dates.

The check that a ``.tjp`` from pmsm is right is TaskJuggler's own schedule:
the tests and ``bench/bench_tj3.py`` append a CSV task report to the file,
run ``tj3`` and compare its dates with pmsm's. ``tj3`` must be on the PATH
(Debian/Ubuntu: ``apt-get install tj3``).
"""

from __future__ import annotations

import csv
import subprocess
from datetime import datetime
from pathlib import Path

REPORT_ID = "pmsm_dates"
TIME_FORMAT = "%Y-%m-%d %H:%M"
REPORT = f"""
taskreport {REPORT_ID} "{REPORT_ID}" {{
  formats csv
  timeformat "{TIME_FORMAT}"
  columns id, start, end
}}
"""


class Tj3Failed(Exception):
    """tj3 did not schedule the project; the message holds its error lines."""


def tj3_dates(
    tjp: str, folder: Path, *, tj3: str = "tj3", timeout: float = 300
) -> dict[str, tuple[datetime, datetime]]:
    """TaskJuggler id -> (start, end) as tj3 schedules ``tjp`` (end exclusive)."""
    project = folder / "project.tjp"
    project.write_text(tjp + REPORT, encoding="utf-8")
    run(project, tj3=tj3, timeout=timeout, reports=True)
    with (folder / f"{REPORT_ID}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return {
        task_id: (datetime.strptime(start, TIME_FORMAT), datetime.strptime(end, TIME_FORMAT))
        for task_id, start, end in rows[1:]
    }


def run(project: Path, *, tj3: str = "tj3", timeout: float = 300, reports: bool = False) -> None:
    """Schedule ``project`` with tj3 (reports into its folder); raise Tj3Failed on any error."""
    command = [tj3, "--no-color", "--silent", "--abort-on-warnings"]
    command += ["-o", str(project.parent)] if reports else ["--no-reports"]
    done = subprocess.run(
        [*command, str(project)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise Tj3Failed((done.stdout + done.stderr).strip())
