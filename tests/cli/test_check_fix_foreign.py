"""``pmsm check FOREIGN_FILE --fix -o COPY``: the missing activities written into a copy of the
PM's own file, never into the file itself; ``--diff`` lists them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.readers import READERS, ReadOptions

if TYPE_CHECKING:
    from tests.conftest import Run

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
PAYMENTS = FOREIGN / "mspdi" / "payments-migration-en.xml"
LOHN = FOREIGN / "csv" / "lohn-saas-msproject-de.csv"

# A release kept as a CSV (as in tests/foreign/test_check_foreign.py): every release activity
# named the way practitioners write it; line 7 is the deployment's verification.
RELEASE = [
    "Task Name,Duration,Predecessors",
    "Submit RFC,1 day,",
    "Define CAB membership,1 day,",
    "Pilot rollout,5 days,2",
    "Operational acceptance test,3 days,4",
    "Go-live,0 days,5",
    "Post-deployment verification,1 day,6",
    "Hypercare,10 days,7",
    "Post implementation review,1 day,8",
]
# The rules that name the last three release activities missing (one activity each).
ELS_VERIFY_REVIEW = "REL003,REL005,REL006"


def _copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    target.write_bytes(source.read_bytes())
    return target


def _names(path: Path, reader: str) -> list[tuple[str, str]]:
    plan = READERS[reader].read(path, ReadOptions())
    return [(task.id, task.name) for task in plan.tasks]


def test_an_ms_project_copy_keeps_every_task_and_adds_the_missing_ones(
    pmsm: Run, tmp_path: Path
) -> None:
    plan = _copy(PAYMENTS, tmp_path)
    out = tmp_path / "fixed.xml"
    result = pmsm(
        "check", plan, "--isolated", "--kind", "changed-service", "--select",
        ELS_VERIFY_REVIEW, "--format", "json", "--fix", "-o", out,
    )  # fmt: skip
    # The findings remain in the input: the exit code is the check's, the report on stdout.
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert sorted(f["code"] for f in report["findings"]) == ["REL003", "REL005", "REL006"]
    assert f"wrote {out}: 3 activities added" in result.stderr
    assert plan.read_bytes() == PAYMENTS.read_bytes()
    before = _names(PAYMENTS, "mspdi")
    after = _names(out, "mspdi")
    assert after[: len(before)] == before  # every original task, unchanged, in its place
    added = [name for _id, name in after[len(before) :]]
    assert added == [
        "ITIL service transition (added by pmsm)",
        "Early life support exit",
        "Verify the deployment",
        "Review and close the deployment",
    ]


def test_a_german_csv_gets_rows_in_its_own_columns_and_encoding(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(LOHN, tmp_path)
    out = tmp_path / "lohn-fixed.csv"
    result = pmsm(
        "check", plan, "--isolated", "--kind", "changed-service", "--select", "REL005,REL006",
        "--fix", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert f"wrote {out}: 2 activities added" in result.stderr
    # The report is about the input, which still lacks them: it claims no fix of its own.
    assert "Found 2 findings (2 errors) in 1 file." in result.stdout
    assert "--fix added" not in result.stdout
    original = LOHN.read_bytes().decode("cp1252").splitlines()
    written = out.read_bytes().decode("cp1252").splitlines()  # still cp1252: it decodes
    assert written[: len(original)] == original
    new = written[len(original) :]
    assert all(row.count(";") == original[0].count(";") for row in new)  # the same columns
    # Numbered on from row 15, durations in German units, dates as MS Project writes them:
    # the verification (5 working days) follows the go-live phase (row 11, ends Mo 23.02.26),
    # the review (2 days) follows the verification.
    assert [";".join(row.split(";")[:6]) for row in new] == [
        "16;ITIL service transition (added by pmsm);;Di 24.02.26;Mi 04.03.26;",
        "17;   Verify the deployment;5 Tage;Di 24.02.26;Mo 02.03.26;11",
        "18;   Review and close the deployment;2 Tage;Di 03.03.26;Mi 04.03.26;17",
    ]
    assert [name for _id, name in _names(out, "csv")][-2:] == [
        "Verify the deployment",
        "Review and close the deployment",
    ]


def test_fix_without_a_copy_is_refused_and_names_the_ending(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(LOHN, tmp_path)
    result = pmsm("check", plan, "--isolated", "--fix")
    assert result.exit_code == 2
    assert "add -o COPY.csv" in result.output
    assert "Traceback" not in result.output
    assert plan.read_bytes() == LOHN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOHN.name]


def test_a_copy_onto_the_input_is_refused_and_the_input_kept(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(PAYMENTS, tmp_path)
    result = pmsm("check", plan, "--isolated", "--fix", "-o", plan)
    assert result.exit_code == 2
    assert "is an input of this command" in result.output
    assert plan.read_bytes() == PAYMENTS.read_bytes()
    # Another name for the same file (through '..') is the same input.
    (tmp_path / "sub").mkdir()
    again = pmsm("check", plan, "--isolated", "--fix", "-o", tmp_path / "sub" / ".." / plan.name)
    assert again.exit_code == 2
    assert plan.read_bytes() == PAYMENTS.read_bytes()


def test_a_copy_in_another_format_is_refused(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(LOHN, tmp_path)
    out = tmp_path / "fixed.xml"
    result = pmsm("check", plan, "--isolated", "--select", "REL005", "--fix", "-o", out)
    assert result.exit_code == 2
    assert "name it with .csv" in result.output
    assert not out.exists()


def test_one_copy_per_run(pmsm: Run, tmp_path: Path) -> None:
    first, second = _copy(LOHN, tmp_path), _copy(PAYMENTS, tmp_path)
    result = pmsm("check", first, second, "--isolated", "--fix", "-o", tmp_path / "out.csv")
    assert result.exit_code == 2
    assert "one copy per run" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_the_map_file_decides_what_is_missing(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "release.csv"
    plan.write_text("\n".join(RELEASE) + "\n", encoding="utf-8")
    out = tmp_path / "fixed.csv"
    args = ("--isolated", "--kind", "new-service", "--select", "REL005", "--fix", "-o", out)
    # The matcher takes 'Post-deployment verification' as the verification: nothing to add.
    result = pmsm("check", plan, *args)
    assert result.exit_code == 0, result.output
    assert "not written: the check reports no missing activity to add" in result.stderr
    assert not out.exists()
    # The PM says that task is none (its id is its row): now the verification is missing.
    ids = {name: task_id for task_id, name in _names(plan, "csv")}
    map_file = tmp_path / "release.pmsm-map.yaml"
    map_file.write_text(f'tasks:\n  "{ids["Post-deployment verification"]}": none\n')
    result = pmsm("check", plan, *args)
    assert result.exit_code == 1, result.output
    assert f"wrote {out}: 1 activity added" in result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[-1].startswith("Verify the deployment,")


def test_ignored_and_waived_activities_stay_out(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(LOHN, tmp_path)
    out = tmp_path / "fixed.csv"
    base = ("--isolated", "--kind", "changed-service", "--select", "REL005,REL006")
    # --ignore REL006: review-close-deployment is not reported, so not added.
    result = pmsm("check", plan, *base, "--ignore", "REL006", "--fix", "-o", out)
    assert f"wrote {out}: 1 activity added" in result.stderr
    assert "Review and close the deployment" not in out.read_bytes().decode("cp1252")
    # A waiver in the map file does the same for REL005.
    out.unlink()
    (tmp_path / "lohn-saas-msproject-de.pmsm-map.yaml").write_text(
        "waivers:\n  - code: REL005\n    reason: the payroll provider verifies the deployment\n"
        "    owner: Head of HR IT\n"
    )
    result = pmsm("check", plan, *base, "--fix", "-o", out)
    assert f"wrote {out}: 1 activity added" in result.stderr, result.output
    text = out.read_bytes().decode("cp1252")
    assert "Verify the deployment" not in text
    assert "Review and close the deployment" in text


def test_diff_lists_what_fix_would_add_and_writes_nothing(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(PAYMENTS, tmp_path)
    args = ("--isolated", "--kind", "changed-service", "--select", ELS_VERIFY_REVIEW)
    result = pmsm("check", plan, *args, "--diff")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        f"{plan}: --fix -o COPY would add under 'ITIL service transition (added by pmsm)':",
        "+ Early life support exit (els-exit), milestone, after 'Hypercare & warranty period' (10)",
        # Right after the go-live it verifies: "Go-live (DNS switch)" (9) is recognised as
        # the go-live ("DNS" an IT word that costs the match little).
        "+ Verify the deployment (verify-deployment), 5 d, after 'Go-live (DNS switch)' (9)",
        "+ Review and close the deployment (review-close-deployment), 2 d, after new "
        "'Early life support exit', new 'Verify the deployment'",
        "  left out: review-close-deployment before task 12: that task already leads to the new "
        "task's predecessors, or is part of one, so the link would close a loop; it was left out",
    ]
    assert "--fix would add 3 activities to 1 file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [PAYMENTS.name]


def test_a_format_no_copy_is_written_in_is_refused(pmsm: Run, tmp_path: Path) -> None:
    plan = _copy(FOREIGN / "markdown" / "ticketsystem-migration-de.md", tmp_path)
    result = pmsm("check", plan, "--isolated", "--fix", "-o", tmp_path / "fixed.md")
    assert result.exit_code == 2
    assert "Import it with pmsm import" in result.output
    assert not (tmp_path / "fixed.md").exists()


def test_a_pmsm_plan_under_another_name_keeps_o_as_its_report(pmsm: Run, tmp_path: Path) -> None:
    from tests.lint.helpers import BASE

    # plan.txt is a pmsm plan (its 'project:' section says so): --fix works on it in place,
    # and -o stays the report, as for any pmsm plan.
    plan = tmp_path / "plan.txt"
    plan.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    report = tmp_path / "report.json"
    result = pmsm("check", plan, "--isolated", "--fix", "-o", report)
    assert result.exit_code == 0, result.output
    assert json.loads(report.read_text(encoding="utf-8"))["findings"] == []


def test_an_mpp_is_told_its_copy_is_ms_project_xml(pmsm: Run, tmp_path: Path) -> None:
    # MPXJ reads .mpp but writes MS Project XML, so the copy is named .xml; refused before
    # anything is read.
    plan = _copy(FOREIGN / "mpxj" / "sample.mpp", tmp_path)
    result = pmsm("check", plan, "--isolated", "--fix")
    assert result.exit_code == 2
    assert "add -o COPY.xml" in result.output


def test_a_copy_with_a_catalog_column_names_the_activities_it_adds(
    pmsm: Run, tmp_path: Path
) -> None:
    """The rows --fix adds say which activity each is in the file's catalog column, so a
    check of the copy takes them as those activities, whatever their names match."""
    plan = tmp_path / "release.csv"
    rows = [RELEASE[0] + ",Catalog ID", *(row + "," for row in RELEASE[1:6])]
    plan.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "fixed.csv"
    args = ["--isolated", "--kind", "changed-service", "--select", ELS_VERIFY_REVIEW]
    result = pmsm("check", plan, *args, "--fix", "-o", out)
    assert f"wrote {out}: 4 activities added" in result.stderr
    added = out.read_text(encoding="utf-8").splitlines()[len(rows) :]
    # Without hypercare in the plan, early life support itself is added before its exit.
    assert [row.rsplit(",", 1)[1] for row in added] == [
        "early-life-support",
        "els-exit",
        "verify-deployment",
        "review-close-deployment",
    ]
    again = pmsm("check", out, *args)
    assert again.exit_code == 0, again.output
