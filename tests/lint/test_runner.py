"""Many files at once: the same report whether checked in one process or several."""

from __future__ import annotations

from pathlib import Path

from tests.lint.helpers import BASE, FIXTURES, TODAY

from pmsm_cli.lint.api import Request, check
from pmsm_cli.lint.report import Options
from pmsm_cli.lint.reporters import REPORTERS


def test_serial_and_parallel_runs_give_the_same_bytes(tmp_path: Path) -> None:
    # 60 plans with findings of many kinds: the fixtures' failing plans, and base plans.
    sources = sorted(FIXTURES.glob("*/fail.yaml")) + [BASE] * 11
    for number, source in enumerate(sources):
        (tmp_path / f"plan{number:03}.pmsm.yaml").write_text(source.read_text(encoding="utf-8"))
    options = Options(root=tmp_path)

    def render(jobs: int) -> dict[str, str]:
        report = check(Request(paths=[tmp_path], jobs=jobs, min_parallel=1, today=TODAY))
        return {
            name: REPORTERS[name](report, options) for name in ("json", "text", "sarif", "concise")
        }

    serial, parallel = render(1), render(2)
    assert serial == parallel
    assert '"unreadable": 1' in serial["json"]  # INP001's plan is in there too
