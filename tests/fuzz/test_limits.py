"""The input limits the README states, each enforced with a clear message (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.fuzz.helpers import assert_check_clean, assert_clean, run
from tests.fuzz.strategies import BILLION_LAUGHS

from pmsm_cli.errors import PmsmError
from pmsm_cli.files import reading
from pmsm_cli.plan import load as planfile

HEAD = "project: {name: Limits, kind: new-service, start: 2026-01-05}\n"


def _activities(count: int, *, chain: bool = False) -> str:
    lines = [HEAD, "activities:\n"]
    for i in range(count):
        after = f", depends_on: [a{i - 1}]" if chain and i else ""
        lines.append(f"  - {{id: a{i}, name: Step {i}, duration: 1{after}}}\n")
    return "".join(lines)


def test_activity_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real limit is 50,000; a plan that size takes seconds to parse, so the boundary is
    # tested at 10 and the real number is checked as a constant.
    assert planfile.MAX_ACTIVITIES == 50_000
    monkeypatch.setattr(planfile, "MAX_ACTIVITIES", 10)
    at_limit = tmp_path / "ten.pmsm.yaml"
    at_limit.write_text(_activities(10), "utf-8")
    planfile.load_plan(at_limit)  # exactly the limit is fine
    over = tmp_path / "eleven.pmsm.yaml"
    over.write_text(_activities(11), "utf-8")
    with pytest.raises(PmsmError) as caught:
        planfile.load_plan(over)
    # The 'activities:' key is on line 2, column 1 (line 1 is the project). The plan is
    # refused when the eleventh activity starts, before it is built: "more than 10".
    assert caught.value.render() == (
        f"{over}:2:1: error: the plan has more than 10 activities; pmsm handles at most 10 in "
        "one plan: split it into several plans (one per project or release)"
    )
    result = run("plan", over)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{over}:2:1: error: the plan has more than 10 activities")
    checked = run("check", over, "--isolated", "--format", "json")
    assert checked.exit_code == 2
    assert "the plan has more than 10 activities" in checked.stdout


def test_ten_thousand_long_dependency_chain(tmp_path: Path) -> None:
    # a0 <- a1 <- ... <- a9999: a recursive scheduler or rule would overflow the stack here.
    plan = tmp_path / "chain.pmsm.yaml"
    plan.write_text(_activities(10_000, chain=True), "utf-8")
    result = run("check", plan, "--isolated", "--format", "json")
    assert_check_clean(result)
    assert result.exit_code in (0, 1)


def test_file_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "pmsm.yaml"
    with big.open("wb") as handle:  # a sparse file: no need to write 20 MiB
        handle.truncate(reading.MAX_FILE_BYTES + 1)
    result = run("plan", big)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{big}: error: the plan file is 20.0 MiB; pmsm reads files of at most 20 MiB\n"
    )


def test_nesting_limit(tmp_path: Path) -> None:
    # 100 levels: PyYAML reads this (its own scanner stops near 1,000), so pmsm's limit is
    # what refuses it. The root mapping is level 1, so the 64th '[' would open level 65.
    # 'x: ' fills columns 1-3, the first '[' is in column 4, the 64th in column 4 + 63 = 67.
    plan = tmp_path / "pmsm.yaml"
    plan.write_text("x: " + "[" * 100 + "]" * 100 + "\n", "utf-8")
    result = run("plan", plan)
    assert_clean(result)
    assert result.stderr == (
        f"{plan}:1:67: error: the data is nested more than 64 levels deep; a plan never "
        "needs that many\n"
    )


def test_nesting_beyond_the_yaml_parsers_own_limit(tmp_path: Path) -> None:
    # 10,000 levels: whichever limit refuses it first (the YAML library's or pmsm's), the
    # user gets exactly one positioned error line on line 1 and exit 2. Its wording is not
    # asserted, because it may come from the YAML library.
    plan = tmp_path / "pmsm.yaml"
    plan.write_text("x: " + "[" * 10_000 + "]" * 10_000 + "\n", "utf-8")
    result = run("plan", plan)
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{plan}:1:"), lines[0]
    assert ": error: " in lines[0]
    assert len(lines[0]) < 300  # one sentence, not the document echoed back


def test_billion_laughs_refused_with_bounded_memory(tmp_path: Path) -> None:
    # In a child process whose address space is capped at 1 GiB: expanding the aliases
    # (9**9 = 387 million strings) would need tens of GiB, so a crash here would be a
    # MemoryError, not a quiet pass.
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(BILLION_LAUGHS, "utf-8")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from pmsm_cli.__main__ import main\n"
        "sys.argv = ['pmsm', 'plan', sys.argv[1]]\n"
        "main()\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code, str(plan)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PMSM_DEBUG": ""},
    )
    assert child.returncode == 2, child.stderr
    assert "Traceback" not in child.stderr
    # Expanded sizes (the list itself + its items): a = 1 + 9 = 10, b = 1 + 9*10 = 91,
    # c = 820, d = 7,381, e = 66,430, f = 597,871: about 672,600 values up to line 6. Line 7
    # ('g: &g [*f,*f,*f,...') adds 597,871 per alias: 1.27 M after the first, 1.87 M after
    # the second, 2.47 M > 2 M at the third, which starts in column 14.
    assert child.stderr.startswith(f"{plan}:7:14: error: "), child.stderr
    assert "expands to more than 2,000,000 values" in child.stderr


def test_long_text_is_refused_in_words(tmp_path: Path) -> None:
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(
        "project: {name: '" + "n" * 10_001 + "', kind: new-service, start: 2026-01-05}\n", "utf-8"
    )
    result = run("plan", plan)
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{plan}:1:"), result.stderr
    assert "10000" in result.stderr.replace(",", ""), result.stderr
