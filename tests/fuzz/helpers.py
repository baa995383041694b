"""What every fuzz run must satisfy, and the plans the mutations start from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from pmsm_cli.cli.app import app

REPO = Path(__file__).resolve().parents[2]
# Real plans: the examples the repository ships and the plans the tests schedule by hand.
SEED_PLANS = sorted(
    path
    for path in [
        *REPO.glob("examples/*/pmsm.yaml"),
        *REPO.glob("examples/portfolio/**/*.pmsm.yaml"),
        *REPO.glob("examples/portfolio/**/pmsm.yaml"),
        *REPO.glob("tests/data/plans/*.pmsm.yaml"),
    ]
    if not path.name.startswith(".")  # .pmsm.yaml is a configuration file, not a plan
)
SEED_TEXTS = {path.relative_to(REPO).as_posix(): path.read_text("utf-8") for path in SEED_PLANS}
SEED_DATA = {name: yaml.safe_load(text) for name, text in SEED_TEXTS.items()}

# One problem per line: ``file:line:col: error: ...``, ``file: error: ...`` or ``error: ...``.
ERROR_LINE = re.compile(r"^(?:.+?(?::\d+){0,2}: )?error: \S")

_RUNNER = CliRunner()


def run(*args: str | Path) -> Result:
    return _RUNNER.invoke(app, [str(a) for a in args])


def assert_clean(result: Result, *, report_on_stdout: bool = False) -> None:
    """Exit 0, 1 or 2, no traceback, no internal error; exit 2 explains itself."""
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything, everything[-3000:]
    assert "internal error" not in everything, everything[-3000:]
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), (result.exit_code, everything[-3000:])
    if result.exit_code == 2 and not report_on_stdout:
        # Warnings (a schedule overrunning its finish, say) may come before the error.
        lines = [line for line in result.stderr.splitlines() if "warning: " not in line]
        assert lines, "exit code 2 without an error message on stderr"
        assert ERROR_LINE.match(lines[0]), lines[0][:500]


def assert_check_clean(result: Result) -> None:
    """``pmsm check --format json``: as above, and the report is valid JSON naming each problem."""
    assert_clean(result, report_on_stdout=True)
    if result.exit_code == 2 and not result.stdout:
        # A usage error (not an unreadable plan) is reported on stderr.
        assert ERROR_LINE.match(result.stderr.splitlines()[0])
        return
    report = json.loads(result.stdout)
    for finding in report["findings"]:
        assert finding["message"], finding
    if result.exit_code == 2:
        # The plan could not be read: one finding says why, with its place.
        assert report["summary"]["unreadable"] >= 1, report["summary"]
        assert any(f["code"] == "INP001" for f in report["findings"]), report["findings"]


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
