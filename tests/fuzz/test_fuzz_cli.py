"""Fuzzing the plan loader, ``pmsm check``, ``pmsm plan`` and ``pmsm init --set``.

Every input, however broken, must end with exit code 0, 1 or 2 and, on 2, a
message naming the problem: never a traceback, an "internal error", a hang or
unbounded memory (the guard fixture in conftest.py watches the last two).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SMALL_PLAN
from tests.fuzz.helpers import REPO, assert_check_clean, assert_clean, dump, run
from tests.fuzz.strategies import TEXT, VALUES, mutated_data, mutated_files

from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import load_plan

# A failing example can be a whole plan file; hypothesis warns that printing it is costly,
# and with warnings as errors that warning would hide the failure it is about to show.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def _plan_file(folder: str, raw: bytes) -> Path:
    path = Path(folder) / "pmsm.yaml"
    path.write_bytes(raw)
    return path


@given(mutated_files())
def test_loader_raises_only_pmsm_errors(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, raw)
        try:
            load_plan(path)
        except PmsmError as error:
            for problem in error.problems:
                assert problem.message.strip()
                assert problem.path is not None


@given(mutated_files())
def test_check_survives_mutated_plans(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, raw)
        assert_check_clean(run("check", path, "--format", "json", "--isolated"))
        assert_clean(run("check", path, "--isolated"), report_on_stdout=True)


@given(mutated_files(), st.sampled_from(["md", "json"]))
def test_plan_survives_mutated_plans(raw: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, raw)
        assert_clean(run("plan", path, "--format", fmt))


@given(mutated_files())
def test_status_and_portfolio_survive_mutated_plans(raw: bytes) -> None:
    # Not in the list, but they read the same plans: the same promise holds.
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, raw)
        assert_clean(run("status", path, "--as-of", "2026-06-01", "--format", "json"))
        services = REPO / "examples" / "portfolio" / "services.yaml"
        assert_clean(run("portfolio", folder, "--services", services))


@settings(max_examples=4)
@given(mutated_data())
def test_plan_to_excel_and_back(data: object) -> None:
    # The workbook `pmsm plan` writes must be readable by `pmsm check`, whatever the text in it.
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, dump(data).encode("utf-8"))
        book = Path(folder) / "plan.xlsx"
        result = run("plan", path, "-o", book)
        assert_clean(result)
        if result.exit_code == 0:
            assert_check_clean(run("check", book, "--format", "json", "--isolated"))


@given(st.binary(max_size=2_000))
def test_random_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, raw)
        assert_check_clean(run("check", path, "--format", "json", "--isolated"))
        assert_clean(run("plan", path, "--format", "json"))


PLAN_KEYS = [
    "version",
    "project",
    "charter",
    "stakeholders",
    "requirements",
    "risks",
    "scope",
    "activities",
    "change_requests",
    "waivers",
]


@given(st.dictionaries(st.sampled_from(PLAN_KEYS) | TEXT, VALUES, max_size=6))
def test_random_plans(data: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _plan_file(folder, dump(data).encode("utf-8"))
        assert_check_clean(run("check", path, "--format", "json", "--isolated"))
        assert_clean(run("plan", path, "--format", "json"))


INIT_KEYS = [
    "name",
    "kind",
    "service",
    "start",
    "manager",
    "sponsor",
    "customer",
    "users",
    "objective",
    "horizon_years",
    "investment",
    "implement_cost",
    "run_cost",
    "retire_cost",
    "benefit",
]
INIT_VALUES = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "-1",
            "1e309",
            "nan",
            "inf",
            "10" * 40,
            "../../escape",
            "/etc/passwd",
            "a\nb: c",
            "'; rm -rf /",
            "x" * 20_000,
            "{{ 7*7 }}",
            "{% include '/etc/passwd' %}",
            "new-service",
            "retire-service",
        ]
    ),
)


@given(st.lists(st.tuples(st.sampled_from(INIT_KEYS) | TEXT, INIT_VALUES), max_size=4))
def test_init_sets(sets: list[tuple[str, str]]) -> None:
    # A name and a kind first, so that most runs get past the questions to the writing;
    # a later --set of the same key replaces them.
    args = ["--set", "name=Fuzz", "--set", "kind=new-service"]
    for key, value in sets:
        args += ["--set", f"{key}={value}"]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "project"
        result = run("init", target, "--defaults", *args)
        assert_clean(result)
        if result.exit_code == 0:
            # What init writes must load as a plan; nothing lands outside the project folder.
            load_plan(target / "pmsm.yaml")
            outside = {p.name for p in Path(folder).iterdir()}
            assert outside == {"project"}, outside


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["done", "a, b", "x+2", "=1+1", "-3", "9999-12-31", "", " "]),
)


@settings(max_examples=6)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Activities", "pmsm-source"]),
            st.integers(1, 40),
            st.integers(1, 20),
            CELL_VALUES,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_check_survives_edited_workbooks(edits: list[tuple[str, int, int, object]]) -> None:
    # A project manager edits the workbook `pmsm plan` wrote; `pmsm check` reads it back.
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as folder:
        book_path = Path(folder) / "plan.xlsx"
        assert run("plan", SMALL_PLAN, "-o", book_path).exit_code == 0
        book = load_workbook(book_path)
        for sheet, row, column, value in edits:
            book[sheet].cell(row, column).value = value
        book.save(book_path)
        assert_check_clean(run("check", book_path, "--format", "json", "--isolated"))
