"""Shared fixtures: a CLI runner and a helper that writes small files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
from typer.testing import CliRunner, Result

from pmsm_cli.cli.app import app

if TYPE_CHECKING:
    from pmsm_cli.models.catalog import Catalog
    from pmsm_cli.plan.view import PlanView

# The types of the shared fixtures, for the tests' annotations (imported under TYPE_CHECKING).
Write = Callable[[str, str], Path]


class ViewOf(Protocol):
    """The ``plan_view`` fixture: ``plan_view(path, suggest=True)``."""

    def __call__(self, path: Path, *, suggest: bool = True) -> PlanView: ...


REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class Run:
    """Invoke ``pmsm`` in-process, the way a user types it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None) -> Result:
        return self.runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture(scope="session", autouse=True)
def _catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the catalog cache (pmsm_cli.catalogs.load) out of the tester's home folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _no_locale_country(monkeypatch: pytest.MonkeyPatch) -> None:
    """pmsm init takes its default country from the locale: tests start from none."""
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _no_check_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test checks its plans afresh; tests/lint/test_cache.py turns the cache back on."""
    monkeypatch.setattr("pmsm_cli.lint.cache.ENABLED", False)


@pytest.fixture
def pmsm() -> Run:
    return Run()


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


# -- plans for `pmsm plan` and its renderers ---------------------------------

PLANS = Path(__file__).resolve().parent / "data" / "plans"
SMALL_PLAN = PLANS / "small.pmsm.yaml"  # scheduled by hand in tests/test_planview.py
PAYROLL_PLAN = PLANS / "payroll.pmsm.yaml"  # realistic: most activities suggested


def all_plans() -> list[Path]:
    """Our test plans and every example the repository ships (found, not listed)."""
    return sorted(PLANS.glob("*.pmsm.yaml")) + sorted(REPO.glob("examples/*/pmsm.yaml"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # A test that asks for `any_plan` runs once for every plan above.
    if "any_plan" in metafunc.fixturenames:
        plans = all_plans()
        metafunc.parametrize("any_plan", plans, ids=[str(p.relative_to(REPO)) for p in plans])


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    from pmsm_cli.catalogs.load import load_catalog

    return load_catalog()


@pytest.fixture
def plan_view(catalog: Catalog) -> ViewOf:
    """``plan_view(path, suggest=True)``: the PlanView of a plan file."""
    from pmsm_cli.plan.load import load_plan
    from pmsm_cli.plan.view import build_view

    def _view(path: Path, *, suggest: bool = True) -> PlanView:
        return build_view(load_plan(path), catalog, suggest=suggest)

    return _view


@pytest.fixture
def small_plan() -> Path:
    return SMALL_PLAN


@pytest.fixture
def payroll_plan() -> Path:
    return PAYROLL_PLAN
