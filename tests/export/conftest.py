"""Plans shared by the export tests, with the small plan's dates worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.load import load_plan
from pmsm_cli.plan.resolve import PlanSchedule, schedule_plan, work_calendar
from pmsm_cli.scheduling import Calendar

DATA = Path(__file__).resolve().parents[1] / "data" / "export"
SMALL_FILE = DATA / "small.pmsm.yaml"
REALISTIC_FILE = DATA / "realistic.pmsm.yaml"

# tests/data/export/small.pmsm.yaml, by hand. Working days are Monday to
# Friday and Friday 6 March 2026 is a holiday, so numbering the working days
# from the project start:
#   Mon 2 = 0, Tue 3 = 1, Wed 4 = 2, Thu 5 = 3, (Fri 6 holiday),
#   Mon 9 = 4, Tue 10 = 5, Wed 11 = 6, Thu 12 = 7, Fri 13 = 8,
#   Mon 16 = 9, Tue 17 = 10, Wed 18 = 11, Thu 19 = 12, Fri 20 = 13.
# A task of d days starting on s finishes on s + d - 1; its successor may
# start on finish + 1 + lag; a milestone's successors may start on its date.
#   kickoff         milestone, no predecessor: the project start, 0 = Mon 2
#   slm-create-sla  3 days from the kick-off's date: 0..2 = Mon 2 .. Wed 4
#   deploy          after the SLA (finish 2) with lag 1: 2 + 1 + 1 = 4 = Mon 9;
#                   4 days: 4..7 = Mon 9 .. Thu 12
#   chg-submit-rfc  lead of 2 on deploy (finish 7): 7 + 1 - 2 = 6 = Wed 11; 1 day
#   cab-approval    milestone after the RFC (finish 6): 7 = Thu 12
#   go-live         after deploy (7 + 1 = 8) and the CAB (its date, 7): 8 = Fri 13
#   early-life-support  5 days from 8: 8..12 = Fri 13 .. Thu 19
#   training        after the kick-off (0) but fixed at Sat 14 March, which
#                   rolls to Mon 16 = 9; 2 days: 9..10 = Mon 16 .. Tue 17
#   project-closed  after ELS (12 + 1 = 13) and training (10 + 1 = 11): 13 = Fri 20
SMALL_DATES: dict[str, tuple[date, date, int]] = {
    "kickoff": (date(2026, 3, 2), date(2026, 3, 2), 0),
    "slm-create-sla": (date(2026, 3, 2), date(2026, 3, 4), 3),
    "deploy": (date(2026, 3, 9), date(2026, 3, 12), 4),
    "chg-submit-rfc": (date(2026, 3, 11), date(2026, 3, 11), 1),
    "cab-approval": (date(2026, 3, 12), date(2026, 3, 12), 0),
    "go-live": (date(2026, 3, 13), date(2026, 3, 13), 0),
    "early-life-support": (date(2026, 3, 13), date(2026, 3, 19), 5),
    "training": (date(2026, 3, 16), date(2026, 3, 17), 2),
    "project-closed": (date(2026, 3, 20), date(2026, 3, 20), 0),
}
# Total float, counting back from the finish (13): go-live must be on 8, so
# the CAB milestone may be as late as 8 (it is on 7) and the RFC may finish
# on 7 (it finishes on 6): one day each. Training must finish by 12, the day
# before project-closed, and finishes on 10: two days. Everything else is on
# the critical path.
SMALL_FLOAT = {"chg-submit-rfc": 1, "cab-approval": 1, "training": 2}

# The work breakdown by ITIL process: groups by first start, "Project
# management" first on a tie, activities by start date.
SMALL_WBS: list[tuple[str, list[str]]] = [
    ("Project management", ["kickoff", "go-live", "project-closed"]),
    ("Service Level Management", ["slm-create-sla"]),
    ("Release and Deployment Management", ["deploy", "early-life-support"]),
    ("Change Management", ["chg-submit-rfc", "cab-approval"]),
    ("Knowledge Management", ["training"]),
]


@dataclass(frozen=True)
class Case:
    """A plan scheduled as the exports see it."""

    path: Path
    plan: Plan
    catalog: Catalog
    scheduled: PlanSchedule

    @property
    def calendar(self) -> Calendar:
        return work_calendar(self.plan)


def case(path: Path, *, suggest: bool) -> Case:
    catalog = load_catalog([])
    plan = load_plan(path).plan
    return Case(path, plan, catalog, schedule_plan(plan, catalog, suggest=suggest))


@pytest.fixture(scope="session")
def small() -> Case:
    return case(SMALL_FILE, suggest=False)


@pytest.fixture(scope="session")
def realistic() -> Case:
    return case(REALISTIC_FILE, suggest=True)


@pytest.fixture(scope="session")
def small_dates() -> dict[str, tuple[date, date, int]]:
    return SMALL_DATES


@pytest.fixture(scope="session")
def small_float() -> dict[str, int]:
    return SMALL_FLOAT


@pytest.fixture(scope="session")
def small_wbs() -> list[tuple[str, list[str]]]:
    return SMALL_WBS
