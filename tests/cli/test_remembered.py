"""A check or plan run again with the same arguments takes its options from the last run
(cli/remembered.py).

Each case runs the real entry point in fresh interpreters, with a cache folder
of its own, and compares what they print and which modules they loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmsm_cli.cli import remembered
from pmsm_cli.cli.check_run import CheckCall
from pmsm_cli.lint import cache
from pmsm_cli.lint.api import Request

from .test_startup_imports import BASE, imported


def pmsm(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PMSM_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "pmsm_cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )


def findings_plan(tmp_path: Path) -> Path:
    """The complete test plan less its service desk stakeholder: a check finds something."""
    text = BASE.read_text(encoding="utf-8")
    plan = tmp_path / "plan.pmsm.yaml"
    plan.write_text(text.replace("Payroll self-service portal", "Edited portal", 1), "utf-8")
    return plan


def test_the_second_run_parses_nothing_and_says_the_same(tmp_path: Path) -> None:
    plan = findings_plan(tmp_path)
    args = ("check", plan, "--format", "json", "--select", "STK,REL")
    first = pmsm(tmp_path, *args)
    again = pmsm(tmp_path, *args)
    assert first.returncode in (0, 1)
    assert (again.returncode, again.stdout, again.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert len(list((tmp_path / "cache" / "pmsm" / "commands").iterdir())) == 1


def test_after_an_edit_the_plan_is_checked_again_without_typer(tmp_path: Path) -> None:
    plan = findings_plan(tmp_path)
    first = imported(tmp_path, "check", str(plan))
    assert "typer" in first
    with plan.open("a", encoding="utf-8") as stream:
        stream.write("# edited\n")
    edited = imported(tmp_path, "check", str(plan))
    # The plan is read and checked again (pydantic, the rules) with the options remembered.
    assert "typer" not in edited
    assert {"pydantic", "pmsm_cli.lint.rules"} <= edited
    unchanged = imported(tmp_path, "check", str(plan))
    assert {"typer", "pydantic", "yaml", "pmsm_cli.lint.rules"} & unchanged == set()


def test_other_arguments_are_parsed_by_typer(tmp_path: Path) -> None:
    plan = findings_plan(tmp_path)
    imported(tmp_path, "check", str(plan))
    # One word more is another command line: typer parses it, and refuses a wrong value.
    wrong = pmsm(tmp_path, "check", plan, "--format", "xml")
    assert wrong.returncode == 2
    assert "'xml' is not one of" in wrong.stderr
    assert "typer" in imported(tmp_path, "check", str(plan), "--exit-zero")


def test_no_cache_and_fix_always_go_through_typer(tmp_path: Path) -> None:
    plan = findings_plan(tmp_path)
    for args in (["check", "--no-cache", str(plan)], ["check", "--diff", str(plan)]):
        imported(tmp_path, *args)
        assert "typer" in imported(tmp_path, *args), args
    assert not (tmp_path / "cache" / "pmsm" / "commands").exists()


@pytest.mark.parametrize("command", ["check", "plan"])
def test_parsing_reads_no_environment_and_only_the_stamps_of_files(command: str) -> None:
    # The memo's key holds no variable but the completion one, and of each path only
    # whether it exists and can be read: right only while typer looks at no more.
    import importlib
    import inspect

    from typer.models import ParameterInfo

    function = getattr(importlib.import_module(f"pmsm_cli.cli.{command}_cmd"), command)
    declared = [p.default for p in inspect.signature(function).parameters.values()]
    assert len(declared) > 10 and all(isinstance(info, ParameterInfo) for info in declared)
    for info in declared:
        assert info.envvar is None, info
        assert not (info.exists or info.resolve_path or info.allow_dash), info
        # typer's defaults: an existing path must be readable, nothing more is asked.
        assert info.readable and not info.writable, info
    assert set(remembered.RUNNERS) == {"check", "plan"}


def test_a_plan_run_again_skips_typer_and_reads_the_plan_afresh(tmp_path: Path) -> None:
    plan = findings_plan(tmp_path)
    args = ("plan", plan.name, "--format", "json", "--no-suggest")
    first = pmsm(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    assert '"name": "Payroll self-service portal"' in first.stdout
    assert "typer" not in imported(tmp_path, *args)
    again = pmsm(tmp_path, *args)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    # The memo holds the options, never the plan: an edit shows in the next run.
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("name: Payroll self-service portal", "name: Renamed"), "utf-8")
    edited = pmsm(tmp_path, *args)
    assert '"name": "Renamed"' in edited.stdout
    assert '"name": "Payroll self-service portal"' not in edited.stdout
    assert "typer" not in imported(tmp_path, *args)


def test_a_remembered_plan_refuses_what_the_parse_would_not_see(tmp_path: Path) -> None:
    # What typer parsed is kept; what the run decides is decided again every time.
    plan = findings_plan(tmp_path)
    bad = pmsm(tmp_path, "plan", plan.name, "--group-by", "colour")
    again = pmsm(tmp_path, "plan", plan.name, "--group-by", "colour")
    assert bad.returncode == 2 and "unknown --group-by 'colour'" in bad.stderr
    assert (again.returncode, again.stdout, again.stderr) == (2, "", bad.stderr)
    first = pmsm(tmp_path, "plan", plan.name, "-o", "plan.json")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "plan.json").read_text("utf-8").startswith("{")
    plan.unlink()  # the stamp changed: typer parses again, and the loader says what is wrong
    gone = pmsm(tmp_path, "plan", plan.name, "-o", "plan.json")
    assert gone.returncode == 2 and "plan.pmsm.yaml" in gone.stderr
    assert "Traceback" not in gone.stderr
    assert (tmp_path / "plan.json").read_text("utf-8").startswith("{")  # left as it was


def test_a_call_is_kept_only_under_its_own_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmsm_cli.cli.plan_run import PlanCall

    plan = findings_plan(tmp_path)
    monkeypatch.setattr(cache, "ENABLED", True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    call = PlanCall(plan, None, "json", "pmbok", None, False, (), False, None, None, False)
    monkeypatch.setattr(remembered, "ARGV", ["check", str(plan)])
    remembered.remember(call)  # a plan's call under a check's words: not kept
    assert not (tmp_path / "cache" / "pmsm" / "commands").exists()
    monkeypatch.setattr(remembered, "ARGV", ["plan", str(plan)])
    remembered.remember(call)
    ran: list[PlanCall] = []
    monkeypatch.setattr("pmsm_cli.cli.plan_run.run", lambda call: ran.append(call) or 0)
    assert remembered.replay(["plan", str(plan)]) == 0
    assert ran == [call]
    assert remembered.replay(["check", str(plan)]) is None


def test_an_entry_is_kept_per_working_folder_and_not_while_completing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = findings_plan(tmp_path)
    args = ["check", "plan.pmsm.yaml"]
    monkeypatch.setattr(cache, "ENABLED", True)
    monkeypatch.setattr(remembered, "ARGV", args)
    monkeypatch.chdir(tmp_path)
    remembered.remember(CheckCall(Request(paths=[Path("plan.pmsm.yaml")]), None, None, False))
    ran: list[CheckCall] = []
    monkeypatch.setattr("pmsm_cli.cli.check_run.run", lambda call: ran.append(call) or 0)
    assert remembered.replay(args) == 0
    monkeypatch.setenv("_PMSM_COMPLETE", "bash_complete")
    assert remembered.replay(args) is None
    monkeypatch.delenv("_PMSM_COMPLETE")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the same words name another file here
    assert remembered.replay(args) is None
    monkeypatch.chdir(tmp_path)
    assert remembered.replay(args) == 0
    # As if chmod 0 (root, who runs CI here, reads every file whatever its mode): typer
    # would refuse the file, so it parses again and says so.
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != Path("plan.pmsm.yaml"))
    assert remembered.replay(args) is None
    assert len(ran) == 2 and plan.exists()


def test_an_entry_counts_only_for_the_same_code_and_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = findings_plan(tmp_path)
    monkeypatch.setattr(cache, "ENABLED", True)
    monkeypatch.setattr(remembered, "ARGV", ["check", str(plan)])
    remembered.remember(CheckCall(Request(paths=[plan]), "json", None, True))
    ran: list[CheckCall] = []
    monkeypatch.setattr("pmsm_cli.cli.check_run.run", lambda call: ran.append(call) or 7)
    assert remembered.replay(["check", str(plan)]) == 7
    assert ran[0].fmt == "json" and ran[0].exit_zero and ran[0].request.paths == [plan]
    # Words are compared whole: the file's name only narrows the search.
    assert remembered.replay(["check", str(plan), ""]) is None
    monkeypatch.setenv("PMSM_NO_CACHE", "1")
    assert remembered.replay(["check", str(plan)]) is None
    monkeypatch.delenv("PMSM_NO_CACHE")
    monkeypatch.setattr("pmsm_cli.files.cache.code_fingerprint", lambda: "another pmsm")
    assert remembered.replay(["check", str(plan)]) is None
    assert len(ran) == 1


@pytest.mark.parametrize(
    "args", [["--help"], ["check", "--help"], ["plan", "--help"]], ids=" ".join
)
def test_help_does_not_open_the_cache(tmp_path: Path, args: list[str]) -> None:
    # Only a plain check is ever remembered, never help: it goes straight to typer,
    # without the cache module (and pickle) that looking for an entry needs.
    modules = imported(tmp_path, *args)
    assert "typer" in modules
    assert "pmsm_cli.files.cache" not in modules
    assert "pickle" not in modules
