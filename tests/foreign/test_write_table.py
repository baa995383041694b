"""The missing activities as rows added to a copy of a CSV plan (foreign/write_table.py).

Each copy is read back with pmsm's own CSV reader: the original rows come back
exactly as before (the same tasks, at the same lines), the new ones where the
placement put them, in the file's encoding, separator and notation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.foreign.fix import FixResult, write_fix
from pmsm_cli.foreign.placement import SUMMARY_NAME, Anchor, Placed, Placement
from pmsm_cli.foreign.timing import estimate
from pmsm_cli.foreign.write_table import write_csv_copy
from pmsm_cli.matching import match_tasks
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers import ReadOptions, csv_plan
from pmsm_cli.readers.model import ForeignPlan, ForeignTask

CSV = Path(__file__).resolve().parents[1] / "data" / "foreign" / "csv"
GERMAN = CSV / "lohn-saas-msproject-de.csv"  # cp1252, semicolons, CRLF, indented names
ENGLISH = CSV / "crm-release-msproject-en.csv"  # UTF-8 with BOM, commas, Outline Level
UTF16 = CSV / "payments-cutover-en.txt"  # UTF-16, tabs, WBS codes instead of IDs
KIND = "new-service"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def fix(source: Path, out: Path, catalog: Catalog, missing: list[str]) -> FixResult:
    plan = csv_plan.read(source, ReadOptions())
    return write_fix(plan, match_tasks(plan.tasks, catalog, KIND), catalog, KIND, out, missing)


def read(path: Path) -> ForeignPlan:
    return csv_plan.read(path, ReadOptions())


def originals(back: ForeignPlan, original: ForeignPlan) -> list[ForeignTask]:
    """The first tasks of ``back``, as if read from the original's path."""
    return [
        replace(t, where=replace(t.where, path=original.path))
        for t in back.tasks[: len(original.tasks)]
    ]


def named(plan: ForeignPlan, name: str) -> ForeignTask:
    (task,) = [t for t in plan.tasks if t.name == name]
    return task


def preds(task: ForeignTask) -> set[str]:
    return {link.predecessor for link in task.predecessors}


def added_text(source: Path, out: Path, encoding: str) -> str:
    original = source.read_bytes()
    written = out.read_bytes()
    assert written.startswith(original)  # the original bytes, untouched
    return written[len(original) :].decode(encoding)


def test_german_ms_project_csv(tmp_path: Path, catalog: Catalog) -> None:
    out = tmp_path / "lohn-fixed.csv"
    fix(GERMAN, out, catalog, ["els-exit", "verify-deployment"])
    original, back = read(GERMAN), read(out)
    assert originals(back, original) == original.tasks
    # Worked out by hand. The highest ID is 15: the summary row is 16, at the
    # top level (no indent), the new tasks under it (one indent: 3 spaces).
    summary = back.tasks[15]
    assert (summary.id, summary.name, summary.outline_level) == ("16", SUMMARY_NAME, 1)
    # els-exit follows early life support: "Nachbetreuung (Hypercare)", ID 14,
    # which finishes on Tuesday 24 February; a milestone that day.
    els = named(back, "Early life support exit")
    assert (els.parent, els.outline_level, preds(els)) == ("16", 2, {"14"})
    assert (els.duration_days, els.start, els.milestone) == (0.0, els.finish, True)
    assert els.start is not None and els.start.isoformat() == "2026-02-24"
    # verify-deployment follows the go-live ("Inbetriebnahme", ID 11) and the
    # CAB approval (5) through decommissioning, which a new service does not
    # have; 5 comes before 11 through 2 -> 7 -> 11, so only 11 is linked. After
    # 11's finish (Mon 23 Feb): Tue 24 Feb, 5 working days to Mon 2 March.
    verify = named(back, "Verify the deployment")
    assert preds(verify) == {"11"}
    assert verify.duration_days == 5.0
    assert str(verify.start) == "2026-02-24" and str(verify.finish) == "2026-03-02"
    text = added_text(GERMAN, out, "cp1252")
    assert "\r\n" in text and text.endswith("\r\n")
    assert ";   Verify the deployment;5 Tage;Di 24.02.26;Mo 02.03.26;11;;;" in text
    assert ";   Early life support exit;0 Tage;Di 24.02.26;Di 24.02.26;14;;;" in text


def test_english_ms_project_csv_with_bom(tmp_path: Path, catalog: Catalog) -> None:
    out = tmp_path / "crm-fixed.csv"
    result = fix(ENGLISH, out, catalog, ["els-exit", "readiness-assessment"])
    original, back = read(ENGLISH), read(out)
    assert originals(back, original) == original.tasks
    assert out.read_bytes().count(b"\xef\xbb\xbf") == 1
    # Worked out by hand. Readiness follows the user test ("Regression and
    # UAT", 4) and, through the service level test, the security test ("Pen
    # test", 5, linked start-to-start to 4, so neither is known to finish
    # first); it comes before "Deploy to production" (9), which covers the
    # transfer to operations (and lies inside the "Go-live" summary 6).
    readiness = named(back, "Assess readiness for deployment")
    assert (readiness.parent, readiness.outline_level) == ("12", 2)
    assert preds(readiness) == {"4", "5"}
    by_activity = {p.activity: p for p in result.placed.tasks}
    assert by_activity["readiness-assessment"].before == ("9",)
    assert "Must finish before: 9 Deploy to production." in readiness.notes
    # After 5's finish (Tue 17 March): Wed 18 to Thu 19 March, 2 days.
    assert (str(readiness.start), str(readiness.finish)) == ("2026-03-18", "2026-03-19")
    # els-exit: after Hypercare (10), before the post implementation review (11).
    els = named(back, "Early life support exit")
    assert preds(els) == {"10"}
    assert by_activity["els-exit"].before == ("11",)
    text = added_text(ENGLISH, out, "utf-8")
    assert ',Assess readiness for deployment,2 days,Wed 3/18/26,Thu 3/19/26,"5,4",,2,,' in text
    assert ",Early life support exit,0 days,Fri 3/27/26,Fri 3/27/26,10,,2,," in text


def handmade(name: str, after: tuple[Anchor, ...] = ()) -> Placed:
    return Placed((Placement("x-activity", name, 2, False, "Added by pmsm: a test.", after, ()),))


def test_utf16_tabs_and_wbs_references_and_no_formula(tmp_path: Path) -> None:
    plan = read(UTF16)
    # "Go/no-go call" is the 7th row (the reader's ID 7), WBS 2.3: a file
    # without an ID column names its predecessors by WBS code.
    placed = handmade('=HYPERLINK("http://x")', (Anchor(task_id="7"),))
    out = tmp_path / "cutover-fixed.txt"
    out.write_bytes(write_csv_copy(plan, placed, estimate(plan, placed)))
    # After 2.3's finish (Sunday 26 April): Monday 27, 2 days. The name keeps
    # its quotes (doubled, as CSV does) behind the apostrophe that stops a
    # spreadsheet from running it.
    assert added_text(UTF16, out, "utf-16-le") == (
        "3\tITIL service transition (added by pmsm)\t\t2026-04-27\t2026-04-28\t\r\n"
        '3.1\t"\'=HYPERLINK(""http://x"")"\t\t2026-04-27\t2026-04-28\t2.3\r\n'
    )
    back = read(out)
    assert originals(back, plan) == plan.tasks
    new = back.tasks[-1]
    assert (new.name, new.wbs, new.parent, preds(new)) == (
        '\'=HYPERLINK("http://x")',
        "3.1",
        "9",
        {"7"},
    )


def test_a_character_the_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    plan = read(GERMAN)
    with pytest.raises(PmsmError, match="cannot store; save the plan as UTF-8"):
        write_csv_copy(plan, handmade("Abnahme \u2713"), {})
