"""Shared fixtures: a CLI runner and a helper that writes small files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmsm_cli.cli.app import app

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class Run:
    """Invoke ``pmsm`` in-process, the way a user types it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def pmsm() -> Run:
    return Run()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
