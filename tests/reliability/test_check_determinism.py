"""``pmsm check`` reports the same, byte for byte, whatever the file order and process count."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.fuzz.helpers import SEED_DATA, SEED_TEXTS, dump

from pmsm_cli.lint.runner import MIN_PARALLEL


def _variants(folder: Path) -> list[Path]:
    """About fifty plans: each real plan as it is and changed in ways that change findings."""
    written: list[Path] = []

    def put(name: str, text: str) -> None:
        path = folder / name / "pmsm.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    for index, (name, text) in enumerate(sorted(SEED_TEXTS.items())):
        data: Any = SEED_DATA[name]
        stem = f"p{index:02d}"
        put(f"{stem}-as-is", text)
        activities = data.get("activities") or []
        put(f"{stem}-half", dump({**data, "activities": activities[: len(activities) // 2]}))
        put(f"{stem}-no-charter", dump({k: v for k, v in data.items() if k != "charter"}))
        project = {**data["project"], "kind": "retire-service"}
        put(f"{stem}-retire", dump({**data, "project": project}))
        put(f"{stem}-no-risks", dump({**data, "risks": []}))
    # And some that cannot be read at all.
    put("broken-yaml", "project: [unclosed\n")
    put("broken-model", "project: {name: X}\nactivities: 3\n")
    put("tagged", "project: !!python/name:os.system\n")
    put("empty", "")
    return written


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    files = _variants(tmp_path_factory.mktemp("many"))
    assert len(files) > MIN_PARALLEL  # so that --jobs 2 takes the process pool
    assert yaml.safe_load(files[0].read_text("utf-8"))  # a sanity check of the copies
    return files


def _check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    # In a fresh process: the test session may have started a JVM (the MS Project export
    # tests do), and forking a process pool from a process with JVM threads can deadlock.
    return subprocess.run(
        [sys.executable, "-m", "pmsm_cli", "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_serial_parallel_and_reversed_agree(plans: list[Path], fmt: str) -> None:
    common = ["--isolated", "--format", fmt, "--select", "ALL"]
    serial = _check(*plans, "--jobs", "1", *common)
    assert serial.returncode == 2, serial.stderr  # findings, and four plans that cannot be read
    # More files than MIN_PARALLEL and two jobs: these runs take the process pool.
    parallel = _check(*plans, "--jobs", "2", *common)
    backwards = _check(*reversed(plans), "--jobs", "2", *common)
    folder = _check(plans[0].parent.parent, "--jobs", "2", *common)
    for other in (parallel, backwards, folder):
        assert other.returncode == serial.returncode, other.stderr
        assert other.stdout == serial.stdout
    # Every plan is in the report: the unreadable ones by name, the others by their findings.
    for name in ("broken-yaml", "broken-model", "tagged", "p00-half"):
        assert name in serial.stdout
