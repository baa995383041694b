"""Rules across plans (ENV001, §5.2): the folder pass after the per-file checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.lint.helpers import TODAY

from pmsm_cli.lint.api import Request, check
from pmsm_cli.lint.report import Options
from pmsm_cli.lint.reporters import REPORTERS

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]


def plan(name: str, booking: str, extra: str = "") -> str:
    # Line 1 project, 2 activities:, 3 the activity, 4 bookings:, 5 the booking.
    return (
        f"project: {{name: {name}, kind: new-service, start: 2026-04-01}}\n"
        "activities:\n"
        "  - {id: sort-user-test, duration: 5}\n"
        "bookings:\n"
        f"  - {booking}\n{extra}"
    )


# Payroll holds staging 05-04..05-15 and Expenses 05-11..05-22: both hold it
# 05-11 to 05-15, five calendar days (11, 12, 13, 14, 15).
PAYROLL = "{environment: staging, start: 2026-05-04, finish: 2026-05-15}"
EXPENSES = "{environment: staging, start: 2026-05-11, finish: 2026-05-22}"


def env001(findings: object) -> list[object]:
    return [f for f in findings if f.code == "ENV001"]  # type: ignore[attr-defined]


def run(folder: Path, **options: object) -> tuple[list[tuple[str, int, int, str]], str]:
    report = check(Request(paths=[folder], today=TODAY, **options))  # type: ignore[arg-type]
    found = [
        (Path(r.path).name, f.line, f.column, f.message)
        for r in report.results
        for f in r.active
        if f.code == "ENV001"
    ]
    return found, REPORTERS["concise"](report, Options())


def test_both_plans_get_the_finding_naming_the_other_file_and_line(write: Write) -> None:
    a = write("f/a.pmsm.yaml", plan("Payroll", PAYROLL))
    b = write("f/b.pmsm.yaml", plan("Expenses", EXPENSES))
    found, _text = run(a.parent, isolated=True)
    assert [(name, line, column) for name, line, column, _m in found] == [
        ("a.pmsm.yaml", 5, 5),
        ("b.pmsm.yaml", 5, 5),
    ]
    assert f"by 'Expenses' 2026-05-11 to 2026-05-22 at {b}:5:5" in found[0][3]
    assert f"by 'Payroll' 2026-05-04 to 2026-05-15 at {a}:5:5" in found[1][3]
    assert "both hold it 2026-05-11 to 2026-05-15 (5 days)" in found[0][3]


def test_a_parallel_run_reports_exactly_what_a_serial_run_does(write: Write) -> None:
    for n in range(6):  # one file a chunk over 3 workers: every clash crosses chunks
        write(f"f/p{n}.pmsm.yaml", plan(f"P{n}", PAYROLL if n % 2 else EXPENSES))
    folder = write("f/.keep", "").parent
    serial, serial_text = run(folder, isolated=True, jobs=1)
    parallel, parallel_text = run(folder, isolated=True, jobs=3, min_parallel=1)
    # All six hold staging on 05-11..05-15, so every pair clashes: 6 x 5 / 2 = 15 pairs,
    # a finding on each side: 30.
    assert len(serial) == 30
    assert parallel_text == serial_text
    assert parallel == serial


def test_an_inline_ignore_or_a_waiver_accepts_the_clash_in_that_plan_only(write: Write) -> None:
    write("f/a.pmsm.yaml", plan("Payroll", PAYROLL + "  # pmsm: ignore[ENV001]"))
    waiver = "waivers:\n  - {code: ENV001, target: staging, reason: we share staging with them}\n"
    write("f/b.pmsm.yaml", plan("Expenses", EXPENSES, waiver))
    write("f/c.pmsm.yaml", plan("Print", EXPENSES))
    report = check(Request(paths=[write("f/.keep", "").parent], today=TODAY, isolated=True))
    by_file = {Path(r.path).name: r for r in report.results}
    # a clashes with b and c; b and c overlap each other too (same dates).
    assert [f.code for f in by_file["a.pmsm.yaml"].waived] == ["ENV001", "ENV001"]
    assert env001(by_file["a.pmsm.yaml"].active) == []
    assert [f.code for f in by_file["b.pmsm.yaml"].waived] == ["ENV001", "ENV001"]
    assert len(env001(by_file["c.pmsm.yaml"].active)) == 2
    # The waiver and the ignore were used: no WVR002/WVR003 "matches nothing".
    assert not [f for r in report.results for f in r.findings if f.code.startswith("WVR")]


def test_ignoring_the_rule_or_one_plan_alone_reports_nothing(write: Write) -> None:
    a = write("f/a.pmsm.yaml", plan("Payroll", PAYROLL))
    write("f/b.pmsm.yaml", plan("Expenses", EXPENSES))
    assert run(a.parent, isolated=True, ignore=["ENV"])[0] == []
    report = check(Request(paths=[a], today=TODAY, isolated=True))
    assert env001(report.results[0].active) == []
    assert "ENV001" in report.results[0].ran


def test_bookings_of_other_environments_or_other_days_do_not_clash(write: Write) -> None:
    a = write("f/a.pmsm.yaml", plan("Payroll", PAYROLL))
    # Production on the same days, and staging from the day after Payroll's last day.
    write(
        "f/b.pmsm.yaml",
        plan("Expenses", "{environment: production, start: 2026-05-04, finish: 2026-05-15}"),
    )
    write(
        "f/c.pmsm.yaml",
        plan("Print", "{environment: staging, start: 2026-05-16, finish: 2026-05-20}"),
    )
    assert run(a.parent, isolated=True)[0] == []


def test_the_cli_reports_the_clash_as_a_warning(write: Write, pmsm: Run) -> None:
    a = write("f/a.pmsm.yaml", plan("Payroll", PAYROLL))
    write("f/b.pmsm.yaml", plan("Expenses", EXPENSES))
    result = pmsm("check", a.parent, "--select", "ENV001", "--isolated", "--format", "concise")
    assert result.exit_code == 0  # a warning does not fail the run at the default level
    assert result.stdout.count("ENV001 [warning]") == 2
    strict = pmsm("check", a.parent, "--select", "ENV001", "--isolated", "--fail-level", "warning")
    assert strict.exit_code == 1


def test_the_documented_output_is_what_the_examples_give(
    pmsm: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    repo = Path(__file__).resolve().parents[2]
    readme = (repo / "docs" / "guide" / "check.md").read_text(encoding="utf-8")
    block = re.search(
        r"```text\n\$ (pmsm check examples/portfolio --select ENV001 [^\n]*)\n(.*?)```",
        readme,
        re.S,
    )
    assert block is not None
    monkeypatch.chdir(repo)
    result = pmsm(*block.group(1).split()[1:])
    assert result.exit_code == 0
    assert result.stdout == block.group(2)
