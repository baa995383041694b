"""The check cache (lint/cache.py): same report as a fresh check, never a stale one.

A cached answer is proven by making the real check impossible (the function
that checks files raises): whatever the report then holds came from the
cache. Each thing an entry depends on is changed in turn and must cause a
fresh check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.lint.helpers import TODAY
from tests.lint.test_across import EXPENSES, PAYROLL, plan

from pmsm_cli.lint import cache, runner
from pmsm_cli.lint.api import Request, check
from pmsm_cli.lint.report import Options, Report
from pmsm_cli.lint.reporters import REPORTERS

Write = Callable[[str, str], Path]
BASE = Path(__file__).resolve().parent / "base.pmsm.yaml"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setattr(cache, "ENABLED", True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PMSM_NO_CACHE", raising=False)
    yield


def text(report: Report) -> str:
    return REPORTERS["json"](report, Options(root=Path("/")))


@pytest.fixture
def no_checking(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """After this is called, checking any file fails the test: answers must come from the cache."""

    def forbid() -> None:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            jobs = args[0] if args else kwargs["jobs"]
            if jobs:
                raise AssertionError(f"checked again: {[str(j.path) for j in jobs]}")
            return []

        monkeypatch.setattr(runner, "check_each", refuse)

    return forbid


def checked_again(request: Request) -> bool:
    """Whether ``check(request)`` read any plan (False: all came from the cache)."""
    seen: list[int] = []
    original = runner.check_each

    def spy(jobs: Any, **kwargs: Any) -> Any:
        seen.append(len(jobs))
        return original(jobs, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "check_each", spy)
        check(request)
    return sum(seen) > 0


def test_a_second_check_is_answered_from_the_cache_with_the_same_report(
    write: Write, no_checking: Callable[[], None]
) -> None:
    folder = write("p/a.pmsm.yaml", BASE.read_text(encoding="utf-8")).parent
    write("p/b.pmsm.yaml", "project: {name: B, kind: new-service, start: 2026-04-01}\n")
    write("p/broken.pmsm.yaml", "project: [\n")  # an unreadable plan is an answer too
    request = Request(paths=[folder], today=TODAY, isolated=True)
    fresh = check(request)
    assert fresh.summary.unreadable == 1 and fresh.summary.errors > 0
    no_checking()
    again = check(request)
    assert text(again) == text(fresh)
    assert again.results == fresh.results


@pytest.mark.parametrize(
    "change",
    ["plan", "config", "extended config", "overlay", "new nearer config", "date", "flags", "code"],
)
def test_whatever_decides_the_result_changing_means_a_fresh_check(
    write: Write, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    base = BASE.read_text(encoding="utf-8")
    target = write("repo/team/plans/a.pmsm.yaml", base)
    write("repo/.git/HEAD", "ref: refs/heads/main\n")  # a checkout: its files may name each other
    write("repo/.pmsm.yaml", "select: [ALL]\n")
    write("repo/team/.pmsm.yaml", "extends: ../.pmsm.yaml\ncatalog: org.yaml\n")
    write("repo/team/org.yaml", "processes: []\n")
    request = Request(paths=[target], today=TODAY)
    assert checked_again(request)
    assert not checked_again(request)  # nothing changed yet
    if change == "plan":
        target.write_text(base + "# a comment\n", encoding="utf-8")
    elif change == "config":
        write("repo/team/.pmsm.yaml", "extends: ../.pmsm.yaml\ncatalog: org.yaml\nignore: [STK]\n")
    elif change == "extended config":
        write("repo/.pmsm.yaml", "select: [ALL]\nignore: [REQ]\n")
    elif change == "overlay":
        write("repo/team/org.yaml", "processes: []\nroles: []\n")
    elif change == "new nearer config":
        write("repo/team/plans/.pmsm.yaml", "select: [STK]\n")
    elif change == "date":
        request = Request(paths=[target], today=TODAY + dt.timedelta(days=1))
    elif change == "flags":
        request = Request(paths=[target], today=TODAY, ignore=["STK001"])
    elif change == "code":  # pmsm upgraded, or a contributor edited a rule
        monkeypatch.setattr(cache, "code_fingerprint", lambda: "another pmsm")
    assert checked_again(request), change
    assert not checked_again(request), change


def test_an_edited_plan_gets_its_new_findings(write: Write) -> None:
    target = write("a.pmsm.yaml", BASE.read_text(encoding="utf-8"))
    request = Request(paths=[target], today=TODAY, isolated=True)
    assert check(request).summary.findings == 0
    target.write_text(
        BASE.read_text(encoding="utf-8").replace("kind: new-service", "kind: retired"),
        encoding="utf-8",
    )
    edited = check(request)
    assert [f.code for f in edited.active] == ["ACT002"]  # not a kind the catalog knows


def test_fix_and_diff_never_use_the_cache(write: Write) -> None:
    target = write("a.pmsm.yaml", "project: {name: A, kind: new-service, start: 2026-04-01}\n")
    check(Request(paths=[target], today=TODAY, isolated=True))
    for mode in ("diff", "fix"):
        assert checked_again(Request(paths=[target], today=TODAY, isolated=True, mode=mode))  # type: ignore[arg-type]


def test_no_cache_and_pmsm_no_cache_turn_it_off(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write("a.pmsm.yaml", BASE.read_text(encoding="utf-8"))
    check(Request(paths=[target], today=TODAY, isolated=True))
    assert checked_again(Request(paths=[target], today=TODAY, isolated=True, cache=False))
    monkeypatch.setenv("PMSM_NO_CACHE", "1")
    assert checked_again(Request(paths=[target], today=TODAY, isolated=True))


def test_plans_that_clash_across_are_checked_together_again(
    write: Write, no_checking: Callable[[], None]
) -> None:
    # Two plans hold staging on the same days (tests/lint/test_across.py): the
    # across-plan rule needs both plans' data, which the cache keeps, and its
    # findings are the same as in a fresh run.
    write("f/a.pmsm.yaml", plan("Payroll", PAYROLL))
    folder = write("f/b.pmsm.yaml", plan("Expenses", EXPENSES)).parent
    request = Request(paths=[folder], today=TODAY, isolated=True)
    fresh = check(request)
    assert sum(f.code == "ENV001" for f in fresh.active) == 2
    no_checking()  # the plans themselves are not checked again; only the clash is
    assert text(check(request)) == text(fresh)


def test_a_broken_or_unwritable_cache_is_ignored(
    write: Write, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = write("a.pmsm.yaml", BASE.read_text(encoding="utf-8"))
    request = Request(paths=[target], today=TODAY, isolated=True)
    fresh = check(request)
    for entry in (tmp_path / "cache" / "pmsm" / "check").iterdir():
        entry.write_bytes(b"not a pickle")
    assert text(check(request)) == text(fresh)
    blocked = write("home-is-a-file", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the folder cannot be made
    assert text(check(request)) == text(fresh)


def test_the_cache_stays_bounded(
    write: Write, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 4)
    for n in range(7):
        target = write(f"p{n}/a.pmsm.yaml", BASE.read_text(encoding="utf-8"))
        check(Request(paths=[target], today=TODAY, isolated=True))
    # Entries 1-5 fill it to 5 > 4: the older half (2) goes, leaving 3; entries 6
    # and 7 bring it to 5 again: 2 go, 3 remain.
    assert len(list((tmp_path / "cache" / "pmsm" / "check").iterdir())) == 3


def test_a_run_of_more_plans_than_the_cache_holds_is_answered_from_it_next_time(
    write: Write, monkeypatch: pytest.MonkeyPatch, no_checking: Callable[[], None]
) -> None:
    """Issue 17: past MAX_ENTRIES plans, pruning used to remove half of what the run had
    just stored, so every warm run checked thousands of plans again. The run's own
    entries are now kept; 6 plans against a limit of 4 stand for 6,000 against 5,000."""
    monkeypatch.setattr(cache, "MAX_ENTRIES", 4)
    folder = write("p/plan0.pmsm.yaml", BASE.read_text(encoding="utf-8")).parent
    for n in range(1, 6):
        write(
            f"p/plan{n}.pmsm.yaml",
            f"project: {{name: P{n}, kind: new-service, start: 2026-04-01}}\n",
        )
    request = Request(paths=[folder], today=TODAY, isolated=True)
    fresh = check(request)
    assert len(list((folder.parent / "cache" / "pmsm" / "check").iterdir())) == 6
    opened: list[cache.CheckCache] = []
    original = cache.open_cache

    def spy(flags: str, today: str) -> cache.CheckCache | None:
        found = original(flags, today)
        opened.extend([found] if found else [])
        return found

    monkeypatch.setattr(cache, "open_cache", spy)
    no_checking()
    assert text(check(request)) == text(fresh)
    (warm,) = opened
    assert (warm.store.hits, warm.store.misses) == (6, 0)


def test_the_command_answers_from_the_cache_and_says_the_same(
    pmsm: Any, write: Write, no_checking: Callable[[], None]
) -> None:
    target = write("a.pmsm.yaml", "project: {name: A, kind: new-service, start: 2026-04-01}\n")
    first = pmsm("check", target, "--isolated", "-f", "concise")
    no_checking()
    second = pmsm("check", target, "--isolated", "-f", "concise")
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout) == (1, first.stdout)
    assert first.stdout.startswith(f"{target}:")
    # --no-cache checks again: the forbidden check fails (an internal error, exit 2).
    third = pmsm("check", target, "--isolated", "--no-cache")
    assert third.exit_code == 2 and "checked again" in third.stderr


def test_another_sheet_is_not_answered_from_the_cache_of_the_first(
    write: Write, tmp_path: Path
) -> None:
    """How plans from other tools are read is part of the key: a run with another --sheet
    (or --columns, --date-format, --input-format) checks its pmsm plans again too, and a
    plan from another tool is always read afresh (its map file decides as much as it)."""
    from openpyxl import Workbook

    from pmsm_cli.readers import ReadOptions

    plan = write("p/a.pmsm.yaml", BASE.read_text(encoding="utf-8"))
    book = Workbook()
    book.remove(book.active)
    header = ["Task Name", "Duration", "Predecessors"]
    old = [header, ["Submit RFC", "1 day", None], ["Go-live", "0 days", 1],
           ["Hypercare", "10 days", 2]]  # fmt: skip
    for title, rows in (("Old release", old), ("New release", old[:3])):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook = tmp_path / "p" / "releases.xlsx"
    book.save(workbook)

    def run(sheet: str) -> tuple[list[str], Report]:
        seen: list[str] = []
        original = runner.check_each

        def spy(jobs: Any, **kwargs: Any) -> Any:
            seen.extend(Path(job.path).name for job in jobs)
            return original(jobs, **kwargs)

        request = Request(
            paths=[plan, workbook],
            today=TODAY,
            isolated=True,
            select=["REL003"],
            kind="changed-service",
            read_options=ReadOptions(sheet=sheet),
        )
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(runner, "check_each", spy)
            report = check(request)
        return sorted(seen), report

    def missing(report: Report) -> list[str]:
        (result,) = [r for r in report.results if r.path == str(workbook)]
        return sorted(f.message.split("(")[1].split(")")[0] for f in result.findings)

    checked, report = run("Old release")
    assert checked == ["a.pmsm.yaml", "releases.xlsx"]
    assert missing(report) == ["els-exit"]  # the old release has its hypercare
    assert run("Old release")[0] == ["releases.xlsx"]  # the pmsm plan from the cache
    checked, report = run("New release")
    assert checked == ["a.pmsm.yaml", "releases.xlsx"]  # another key: nothing reused
    assert missing(report) == ["early-life-support", "els-exit"]
    assert run("New release")[0] == ["releases.xlsx"]


def test_the_cache_key_holds_every_reader_flag() -> None:
    from pmsm_cli.lint.api import _open_cache
    from pmsm_cli.readers import ReadOptions

    base = Request(paths=[BASE], today=TODAY)
    others = [
        Request(paths=[BASE], today=TODAY, input_format="csv"),
        Request(paths=[BASE], today=TODAY, read_options=ReadOptions(date_order="dmy")),
        Request(paths=[BASE], today=TODAY, read_options=ReadOptions(columns={"name": "Step"})),
        Request(paths=[BASE], today=TODAY, read_options=ReadOptions(sheet="Plan")),
    ]
    runs = {r.run for r in (_open_cache(q, TODAY) for q in [base, *others]) if r is not None}
    assert len(runs) == 5
