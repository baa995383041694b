"""The validators kept between runs (models/prebuilt.py) validate as the models do."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from pmsm_cli.files.yamlio import load_yaml
from pmsm_cli.foreign.mapfile import MapFile
from pmsm_cli.lint.config_file import ConfigModel
from pmsm_cli.models import prebuilt
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.models.portfolio import ServicePortfolio

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hr-self-service-portal" / "pmsm.yaml"
# Every model that plan/validation.validate reads a file into.
VALIDATED: list[type[BaseModel]] = [Plan, Catalog, ConfigModel, ServicePortfolio, MapFile]


@pytest.mark.parametrize("model", VALIDATED, ids=lambda model: model.__name__)
def test_every_validated_model_can_be_kept(model: type[BaseModel]) -> None:
    # A lambda or a function defined inside another in a model's validators cannot be
    # pickled: that model's validator would be built again on every run, silently.
    model.model_rebuild()
    validator = model.__pydantic_validator__
    assert pickle.loads(pickle.dumps(validator)) is not None


def test_a_kept_validator_gives_the_same_plan_and_the_same_errors() -> None:
    data = load_yaml(EXAMPLE).data
    kept = pickle.loads(pickle.dumps(prebuilt.validator_of(Plan)))
    assert kept.validate_python(data) == Plan.model_validate(data)
    broken = {**data, "activities": [{**data["activities"][0], "duration": "two weeks"}]}
    with pytest.raises(ValidationError) as ours:
        kept.validate_python(broken)
    with pytest.raises(ValidationError) as theirs:
        Plan.model_validate(broken)
    assert ours.value.errors() == theirs.value.errors()
    assert [error["loc"] for error in ours.value.errors()] == [("activities", 0, "duration")]


def _plan_validator(cache: Path) -> Path:
    # Found by what it holds, not by its key: the key is the subprocess's to work out.
    [found] = [
        kept
        for kept in (cache / "pmsm").glob("validator-*.pickle")
        if pickle.loads(kept.read_bytes()).title == "Plan"
    ]
    return found


def _check(cache: Path, plan: Path) -> subprocess.CompletedProcess[str]:
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "pmsm_cli", "check", "--no-cache", str(plan)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_a_new_process_keeps_the_plan_validator_and_reads_it_back(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _check(cache, EXAMPLE)
    assert first.returncode == 0, first.stderr
    kept = _plan_validator(cache)
    written = kept.read_bytes()
    assert pickle.loads(written) is not None
    second = _check(cache, EXAMPLE)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert kept.read_bytes() == written


def test_a_damaged_kept_validator_is_built_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _check(cache, EXAMPLE).returncode == 0
    kept = _plan_validator(cache)
    kept.write_bytes(b"not a pickle")
    bad = tmp_path / "pmsm.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("duration: 5", "duration: five", 1),
        encoding="utf-8",
    )
    result = _check(cache, bad)
    assert result.returncode == 2
    # The message the model's own validator gives, at the line of the value.
    assert "455:15 error   INP001 'duration' in 'acti" in result.stdout
    assert "whole number, but it is the text 'five'" in result.stdout
    assert pickle.loads(kept.read_bytes()) is not None  # rebuilt and kept again


def test_validating_a_plan_builds_no_other_models_validator(tmp_path: Path) -> None:
    # A plan without a charter or a calendar gets the defaults of both. Filling them in
    # must not build the Charter or Calendar model's own validator (a model builds its
    # validator on first use: ~10 ms each, for defaults that need no checking).
    probe = """
import datetime
from pmsm_cli.models.plan import Calendar, Charter, Plan
from pmsm_cli.models.prebuilt import validator_of
project = {"name": "P", "kind": "new-service", "start": datetime.date(2026, 1, 5)}
plan = validator_of(Plan).validate_python({"project": project})
print(Calendar.__pydantic_complete__, Charter.__pydantic_complete__)
assert plan.charter == Charter() and plan.project.calendar == Calendar()  # the same defaults
"""
    env = {
        "XDG_CACHE_HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT / "src"),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
