"""The entry point of ``pmsm check --fix`` (foreign/fix.py): what it refuses, and that a
refusal writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.foreign.fix import missing_activities, write_fix
from pmsm_cli.matching import match_tasks
from pmsm_cli.readers import READERS, ReadOptions, detect

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
KIND = "new-service"


def test_formats_other_than_ms_project_xml_csv_and_excel_are_refused(tmp_path: Path) -> None:
    catalog = load_catalog()
    source = FOREIGN / "markdown" / "ticketsystem-migration-de.md"
    plan = READERS[detect(source) or "markdown"].read(source, ReadOptions())
    out = tmp_path / "fixed.md"
    with pytest.raises(
        PmsmError, match=r"MS Project XML \(\.xml; from an \.mpp too\), CSV task lists"
    ):
        write_fix(plan, match_tasks(plan.tasks, catalog, KIND), catalog, KIND, out)
    assert not out.exists()


def test_a_csv_output_over_its_input_is_refused(tmp_path: Path) -> None:
    catalog = load_catalog()
    source = tmp_path / "plan.csv"
    original = (FOREIGN / "csv" / "crm-release-msproject-en.csv").read_bytes()
    source.write_bytes(original)
    plan = READERS["csv"].read(source, ReadOptions())
    with pytest.raises(PmsmError, match="is an input of this command"):
        write_fix(plan, match_tasks(plan.tasks, catalog, KIND), catalog, KIND, source)
    assert source.read_bytes() == original


def test_missing_activities_are_those_no_task_covers() -> None:
    catalog = load_catalog()
    source = FOREIGN / "csv" / "crm-release-msproject-en.csv"
    plan = READERS["csv"].read(source, ReadOptions())
    missing = missing_activities(match_tasks(plan.tasks, catalog, KIND), catalog, KIND)
    # "CAB approval" (task 8) covers cab-approval; nothing in the plan is a
    # readiness assessment.
    assert "cab-approval" not in missing
    assert "readiness-assessment" in missing
    assert missing == [
        a.id for a in catalog.activities_for(KIND) if a.id in set(missing)
    ]  # catalog order
