"""``pmsm check`` reports the same, byte for byte, whatever the file order and process count."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.fuzz.helpers import SEED_DATA, SEED_TEXTS, dump, run

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


class CountingPool(concurrent.futures.ProcessPoolExecutor):
    made = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        CountingPool.made += 1
        super().__init__(*args, **kwargs)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_serial_parallel_and_reversed_agree(
    plans: list[Path], fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(CountingPool, "made", 0)
    common = ["--isolated", "--format", fmt, "--select", "ALL"]
    serial = run("check", *plans, "--jobs", "1", *common)
    assert serial.exit_code == 2  # findings, and four plans that cannot be read
    assert CountingPool.made == 0
    parallel = run("check", *plans, "--jobs", "2", *common)
    assert CountingPool.made == 1  # the parallel path was taken
    backwards = run("check", *reversed(plans), "--jobs", "2", *common)
    folder = run("check", plans[0].parent.parent, "--jobs", "2", *common)
    assert CountingPool.made == 3
    for other in (parallel, backwards, folder):
        assert other.exit_code == serial.exit_code
        assert other.stdout == serial.stdout
    # Every plan is in the report: the unreadable ones by name, the others by their findings.
    for name in ("broken-yaml", "broken-model", "tagged", "p00-half"):
        assert name in serial.stdout
