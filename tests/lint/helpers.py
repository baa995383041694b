"""Helpers shared by the lint tests: run the engine on a file, build workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmsm_cli.lint.engine import FileResult, Settings, check_path
from pmsm_cli.lint.rules import RULES
from pmsm_cli.lint.runner import catalog_for

HERE = Path(__file__).resolve().parent
BASE = HERE / "base.pmsm.yaml"
FIXTURES = HERE / "fixtures"
# Fixtures do not depend on the day the tests run: waivers expire in 2020 or 2099.
TODAY = dt.date(2026, 3, 2)
ALL = Settings(frozenset(rule.code for rule in RULES))


def check_file(path: Path, settings: Settings = ALL, today: dt.date = TODAY) -> FileResult:
    result, _source = check_path(path, path.name, catalog_for(()), settings, today)
    return result


def shared_dir() -> Path | None:
    """The project's ``shared/`` reference folder (schemas), found beside the checkout or above."""
    for folder in HERE.parents:
        candidate = folder / "shared" / "schemas"
        if candidate.is_dir():
            return candidate.parent
    return None
