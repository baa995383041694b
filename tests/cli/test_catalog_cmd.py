"""``pmsm catalog`` and ``pmsm schema`` as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
import yaml

from pmsm_cli.plan.load import load_plan

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]


def test_list_filters_by_process_and_group(pmsm: Run) -> None:
    result = pmsm("catalog", "list", "--process", "slm", "--group", "planning")
    assert result.exit_code == 0, result.output
    assert "slm-create-sla" in result.stdout and "slm-collect-requirements" in result.stdout
    assert "slm-build-reports" not in result.stdout  # executing, not planning
    assert "chg-submit-rfc" not in result.stdout


def test_list_other_sections_and_bad_filters(pmsm: Run) -> None:
    result = pmsm("catalog", "list", "--section", "risk_categories")
    assert result.exit_code == 0 and "service-provider" in result.stdout
    result = pmsm("catalog", "list", "--phase", "design")
    assert result.exit_code == 2
    assert "unknown lifecycle phase 'design'" in result.stderr
    assert "Traceback" not in result.output


def test_show_an_activity_with_its_order(pmsm: Run) -> None:
    result = pmsm("catalog", "show", "chg-submit-rfc")
    assert result.exit_code == 0
    assert "chg-define-cab" in result.stdout  # after
    assert "cab-approval" in result.stdout  # before
    assert "Third Sky whitepaper §3.2" in result.stdout


def test_show_unknown_suggests(pmsm: Run) -> None:
    result = pmsm("catalog", "show", "slm-create-slaa")
    assert result.exit_code == 2
    assert "did you mean slm-create-sla" in result.stderr


def test_export_json_has_processes_with_activities(pmsm: Run) -> None:
    result = pmsm("catalog", "export", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    table = [p for p in data["processes"] if p["source"]["section"] == "3.2"]
    assert len(table) == 19
    assert sum(len(p["activities"]) for p in table) >= 56
    slm = next(p for p in data["processes"] if p["id"] == "service-level-management")
    assert [a["id"] for a in slm["activities"]][:2] == [
        "slm-collect-requirements",
        "slm-create-sla",
    ]
    assert {"develop-charter-tco", "go-live"} <= {a["id"] for a in data["project_activities"]}
    for section in ("requirement_checklists", "risk_categories", "functions", "roles", "measures"):
        assert data[section], section


def test_export_yaml_and_markdown_to_files(pmsm: Run, tmp_path: Path) -> None:
    out = tmp_path / "cat.yaml"
    assert pmsm("catalog", "export", "--format", "yaml", "-o", out).exit_code == 0
    assert yaml.safe_load(out.read_text())["processes"][0]["id"] == "service-portfolio-management"
    md = tmp_path / "cat.md"
    assert pmsm("catalog", "export", "--format", "markdown", "-o", md).exit_code == 0
    text = md.read_text()
    assert "## Service Level Management (`service-level-management`)" in text
    assert "| `slm-create-sla` | Create" in text


def test_validate_overlay_good_and_bad(pmsm: Run, write: Write) -> None:
    good = write("org.yaml", "activities:\n  - id: slm-create-sla\n    duration: 10\n")
    result = pmsm("catalog", "validate", good)
    assert result.exit_code == 0 and ": ok (" in result.stdout
    bad = write("bad.yaml", "activities:\n  - id: slm-create-sla\n    pmbok_group: plannning\n")
    result = pmsm("catalog", "validate", bad)
    assert result.exit_code == 2
    assert "bad.yaml:3:18: error: 'plannning' is not a known PMBOK process group" in result.stderr


def test_overlay_applies_to_list(pmsm: Run, write: Write) -> None:
    overlay = write("org.yaml", "disable: [sup-create-rfp]\n")
    result = pmsm("catalog", "list", "--process", "sup", "--catalog", overlay)
    assert result.exit_code == 0
    assert "sup-create-rfp" not in result.stdout and "sup-select-supplier" in result.stdout


def test_missing_overlay_file(pmsm: Run, tmp_path: Path) -> None:
    result = pmsm("catalog", "validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert (
        "nope.yaml: error: the catalog overlay" in result.stderr
        and "does not exist" in result.stderr
    )


def test_schema_plan_validates_a_plan(pmsm: Run, write: Write) -> None:
    result = pmsm("schema", "plan")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    plan = write(
        "pmsm.yaml",
        "project:\n  name: P\n  kind: new-service\n  start: '2026-01-05'\n"
        "activities:\n  - id: a\n    depends_on: [b, {id: c, lag: 1}]\n",
    )
    load_plan(plan)  # our own loader accepts it ...
    data = yaml.safe_load(plan.read_text())
    jsonschema.validate(data, schema)  # ... and so does the schema an editor would use
    bad = dict(data, projekt=1)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


def test_schema_catalog(pmsm: Run) -> None:
    result = pmsm("schema", "catalog")
    assert result.exit_code == 0
    assert "activities" in json.loads(result.stdout)["properties"]


def test_version(pmsm: Run) -> None:
    result = pmsm("--version")
    assert result.exit_code == 0 and result.stdout.startswith("pmsm ")


BROKEN_OVERLAYS = {
    # name: (content, expected "line:col: error: ..." fragment) — positions counted by hand.
    # An overlay's text is never repeated (it may be any file), so neither are values or ids.
    "bad-yaml": (
        "activities:\n  - id: x\n    title: [oops\n",
        ":4:1: error: this is not valid YAML",
    ),
    "wrong-type": (
        "activities:\n  - id: slm-create-sla\n    duration: soon\n",
        ":3:15: error: 'duration' in 'activities' > item 1 should be a whole number, but it is text",
    ),
    "unknown-key": (
        "activities:\n  - id: slm-create-sla\n    durration: 3\n",
        ":3:5: error: unknown key 'durration' in 'activities' > item 1; did you mean 'duration'?",
    ),
    "duplicate-key": (
        "activities:\n  - id: slm-create-sla\n    duration: 3\n    duration: 4\n",
        ":4:5: error: a key appears twice in the same mapping (first on line 3)",
    ),
    "empty": ("", ":1:1: error: the catalog overlay is empty"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_OVERLAYS))
def test_broken_overlay_gives_one_positioned_error(pmsm: Run, write: Write, case: str) -> None:
    content, expected = BROKEN_OVERLAYS[case]
    path = write(f"{case}.yaml", content)
    result = pmsm("catalog", "validate", path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}{expected}"), lines[0]
    assert "Traceback" not in result.output


def test_folder_instead_of_overlay(pmsm: Run, tmp_path: Path) -> None:
    result = pmsm("catalog", "validate", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{tmp_path}: error: '{tmp_path}' is a folder, but a catalog overlay was expected here"
    )
