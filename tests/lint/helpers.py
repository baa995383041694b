"""Helpers shared by the lint tests: run the engine on a file, build workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmsm_cli.lint.engine import check_path
from pmsm_cli.lint.result import FileResult, Settings
from pmsm_cli.lint.rules import RULES
from pmsm_cli.lint.runner import Job, catalog_for, run

HERE = Path(__file__).resolve().parent
BASE = HERE / "base.pmsm.yaml"
FIXTURES = HERE / "fixtures"
# Fixtures do not depend on the day the tests run: waivers expire in 2020 or 2099.
TODAY = dt.date(2026, 3, 2)
ALL = Settings(frozenset(rule.code for rule in RULES))


def check_file(path: Path, settings: Settings = ALL, today: dt.date = TODAY) -> FileResult:
    result, _source = check_path(path, path.name, catalog_for(()), settings, today)
    return result


def configured(folder: Path) -> Settings:
    """Every rule, with the ``.pmsm.yaml`` in ``folder`` when there is one (the CAL rules
    need a change calendar from the configuration)."""
    config = folder / ".pmsm.yaml"
    if not config.is_file():
        return ALL
    from pmsm_cli.lint.config import settings_from
    from pmsm_cli.lint.config_file import read_layers

    return settings_from(read_layers(config, RULES), RULES)


def check_with(path: Path, settings: Settings | None = None, today: dt.date = TODAY) -> FileResult:
    """Check ``path`` in one run with the ``with.yaml`` beside it, when there is one.

    Rules that look across plans (ENV001) need a second plan; their fixture
    folders hold it as ``with.yaml``. The result is the one for ``path``.
    Without ``settings``, those of the ``.pmsm.yaml`` beside it (see ``configured``).
    """
    settings = configured(path.parent) if settings is None else settings
    other = path.parent / "with.yaml"
    if not other.is_file():
        return check_file(path, settings, today)
    jobs = [Job(path, path.name, settings), Job(other, str(other), settings)]
    return run(jobs, today=today, workers=1)[0]
