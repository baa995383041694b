"""``pmsm import``: the mapping as JSON, the plan written beside the input, the map file."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.catalogs.load import load_catalog

if TYPE_CHECKING:
    from tests.conftest import Run

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"

# Three tasks: an RFC, a hypercare and a decoy that only shares the word "change".
SMALL = (
    "Task Name,Duration,Predecessors\n"
    "Submit RFC to the CAB,1 day,\n"
    "Hypercare,10 days,1\n"
    "Change the logo,2 days,2\n"
)


def test_json_prints_the_mapping_exactly(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "small.csv"
    plan.write_text(SMALL, encoding="utf-8")
    result = pmsm("import", plan, "--format", "json", "--kind", "retire-service")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert list(found) == ["source", "tasks", "missing"]
    assert found["source"] == {"path": str(plan), "format": "csv", "tasks": 3}
    # One entry per source row, ids as the CSV reader numbers rows, names as written,
    # the place as the line of the file (the header is line 1).
    assert [(t["id"], t["name"], t["where"]) for t in found["tasks"]] == [
        ("1", "Submit RFC to the CAB", f"{plan}:2"),
        ("2", "Hypercare", f"{plan}:3"),
        ("3", "Change the logo", f"{plan}:4"),
    ]
    for task in found["tasks"]:
        assert list(task) == ["id", "name", "where", "catalog", "score", "candidates"]
        assert all(list(c) == ["catalog", "score"] for c in task["candidates"])
    assert [t["catalog"] for t in found["tasks"]] == ["chg-submit-rfc", "early-life-support", None]
    # "Hypercare" is all of one early-life-support term: coverage 1, found in the name.
    assert found["tasks"][1]["score"] == 1.0
    assert found["tasks"][1]["candidates"][0] == {"catalog": "early-life-support", "score": 1.0}
    # Missing: the kind's activities, in catalog order, less the two recognised.
    catalog = load_catalog([])
    expected = [
        a.id
        for a in catalog.activities_for("retire-service")
        if a.id not in {"chg-submit-rfc", "early-life-support"}
    ]
    assert found["missing"] == expected
    assert not (tmp_path / "small.pmsm.yaml").exists()  # json writes nothing


def test_import_then_plan_schedules(pmsm: Run, tmp_path: Path) -> None:
    source = tmp_path / "payments.xml"
    shutil.copy(FOREIGN / "mspdi" / "payments-migration-en.xml", source)
    before = source.read_bytes()
    result = pmsm("import", source)
    assert result.exit_code == 0, result.output
    written = tmp_path / "payments.pmsm.yaml"
    text = written.read_text(encoding="utf-8")
    assert "catalog: chg-submit-rfc" in text
    # The score depends on the catalog's terms; the comment's form is what is tested here.
    assert re.search(
        r"# possibly early-life-support \(score 0\.\d\d\): confirm with catalog: early-life-support",
        text,
    )
    assert "inferred" in text.splitlines()[1]
    assert source.read_bytes() == before
    planned = pmsm("plan", written, "--format", "json", "-o", tmp_path / "p.json")
    assert planned.exit_code == 0, planned.output
    dates = {a["id"]: a for a in json.loads((tmp_path / "p.json").read_text())["activities"]}
    # The source: the dress rehearsal (2 days) starts a day before the go/no-go
    # milestone (SS-1d); restated as finish-to-start lag -1 - 0, it starts the same.
    assert "dress-rehearsal-full-cutover-weekend" in dates
    # A second import refuses to write over the first without --force.
    again = pmsm("import", source)
    assert again.exit_code == 2
    assert "give --force" in again.output
    assert pmsm("import", source, "--force").exit_code == 0


def test_output_never_onto_the_input(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "small.csv"
    plan.write_text(SMALL, encoding="utf-8")
    result = pmsm("import", plan, "-o", plan, "--force")
    assert result.exit_code == 2
    assert "input" in result.output
    assert plan.read_text(encoding="utf-8") == SMALL


def test_write_map_then_check_reads_it(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "small.csv"
    plan.write_text(SMALL, encoding="utf-8")
    assert pmsm("import", plan, "--write-map", "--kind", "retire-service").exit_code == 0
    mapped = (tmp_path / "small.pmsm-map.yaml").read_text(encoding="utf-8")
    assert '"1": chg-submit-rfc' in mapped and '"2": early-life-support' in mapped
    # The PM says the logo task is none, and the hypercare task is not ELS after all.
    (tmp_path / "small.pmsm-map.yaml").write_text(
        mapped.replace('"2": early-life-support', '"2": none'), encoding="utf-8"
    )
    found = json.loads(pmsm("import", plan, "-f", "json").stdout)
    assert [t["catalog"] for t in found["tasks"]] == ["chg-submit-rfc", None, None]
    # No --kind this time: the map file's 'kind: retire-service' is taken.
    catalog = load_catalog([])
    kind = [a.id for a in catalog.activities_for("retire-service")]
    assert found["missing"] == [a for a in kind if a != "chg-submit-rfc"]


def test_a_broken_map_file_is_refused_at_its_line(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "small.csv"
    plan.write_text(SMALL, encoding="utf-8")
    (tmp_path / "small.pmsm-map.yaml").write_text(
        "tasks:\n  '1': chg-submit-rfc\n  '9': go-live\n  '2': no-such-activity\n",
        encoding="utf-8",
    )
    result = pmsm("import", plan, "-f", "json")
    assert result.exit_code == 2
    assert "small.pmsm-map.yaml:3:3: error: the plan 'small.csv' has no task '9'" in result.output
    assert "small.pmsm-map.yaml:4:8: error: 'no-such-activity' is not a catalog activity" in (
        result.output
    )


def test_input_format_choices_come_from_the_registry(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "small.csv"
    plan.write_text(SMALL, encoding="utf-8")
    result = pmsm("import", plan, "--input-format", "docx")
    assert result.exit_code == 2
    assert "mspdi, ganttproject, xlsx, mpxj, jira-csv, csv, markdown" in result.output


def test_a_catalog_column_in_the_source_is_taken_as_confirmed(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "named.csv"
    plan.write_text(
        "Task Name,Duration,Catalog ID\n"
        "Set up the board that approves changes,2 days,chg-define-cab\n"
        "Hypercare,10 days,none\n"
        "Change the logo,2 days,no-such-activity\n",
        encoding="utf-8",
    )
    result = pmsm("import", plan, "-f", "json", "--kind", "retire-service")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    # Named in the sheet: taken whatever the matcher thinks ("Hypercare" alone would be
    # early life support); an id the catalog lacks is said, and the name decides.
    assert [t["catalog"] for t in found["tasks"]] == ["chg-define-cab", None, None]
    unknown = (
        f"{plan}:4: warning: the catalog activity 'no-such-activity' named for 'Change the "
        "logo' is not in the catalog ('pmsm catalog' lists them); the task is recognised by "
        "its name instead"
    )
    assert result.stderr == unknown + "\n"  # on stderr with JSON too; stdout is the mapping
    written = pmsm("import", plan, "--kind", "retire-service")
    assert unknown in written.stderr
    assert "# confirmed in the source's catalog column as chg-define-cab" in (
        tmp_path / "named.pmsm.yaml"
    ).read_text(encoding="utf-8")
    # The map file has the last word.
    (tmp_path / "named.pmsm-map.yaml").write_text('tasks:\n  "2": early-life-support\n')
    found = json.loads(pmsm("import", plan, "-f", "json", "--kind", "retire-service").stdout)
    assert [t["catalog"] for t in found["tasks"]] == ["chg-define-cab", "early-life-support", None]


def test_the_csv_of_pmsm_plan_imports_with_its_catalog_ids(pmsm: Run, tmp_path: Path) -> None:
    """`pmsm plan -o plan.csv` writes each activity's catalog id; importing that CSV takes
    them as they are, and keeps every dependency."""
    example = Path(__file__).resolve().parents[2] / "examples" / "hr-self-service-portal"
    csv_file = tmp_path / "plan.csv"
    assert pmsm("plan", example / "pmsm.yaml", "--no-suggest", "-o", csv_file).exit_code == 0
    with csv_file.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    result = pmsm("import", csv_file, "-f", "json")
    assert result.exit_code == 0, result.output
    tasks = json.loads(result.stdout)["tasks"]
    assert [t["name"] for t in tasks] == [row["name"] for row in rows]
    named = [(t["catalog"], row["catalog_id"]) for t, row in zip(tasks, rows, strict=True)]
    assert all(catalog == given for catalog, given in named if given)
    assert sum(1 for _, given in named if given) > 90  # nearly all of them name one
