"""The missing activities added to a copy of an MS Project XML file (foreign/write_mspdi.py).

Read back three ways: the bytes (every original line is still there, in order:
text was only added), pmsm's own MSPDI reader, and MPXJ's UniversalProjectReader
(through readers/mpxj.py; skipped, saying why, without Java or mpxj).
"""

from __future__ import annotations

import difflib
import shutil
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.foreign.fix import FixResult, write_fix
from pmsm_cli.foreign.placement import SUMMARY_NAME, Placed
from pmsm_cli.matching import match_tasks
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers import ReadOptions, mpxj, mspdi
from pmsm_cli.readers.model import ForeignPlan, ForeignTask

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
PAYMENTS = FOREIGN / "mspdi" / "payments-migration-en.xml"
MSPDI_FILES = sorted((FOREIGN / "mspdi").glob("*.xml"))
KIND = "new-service"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def java() -> None:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless); MPXJ needs it")
    pytest.importorskip("jpype", reason="JPype is not installed (pip install JPype1)")
    pytest.importorskip("mpxj", reason="mpxj is not installed (pip install mpxj)")


def fix(source: Path, out: Path, catalog: Catalog, missing: list[str] | None = None) -> FixResult:
    plan = mspdi.read(source, ReadOptions())
    return write_fix(plan, match_tasks(plan.tasks, catalog, KIND), catalog, KIND, out, missing)


def links(task: ForeignTask) -> set[tuple[str, str, float]]:
    return {(link.predecessor, link.type, link.lag_days) for link in task.predecessors}


def only_added(original: bytes, written: bytes) -> bool:
    """Whether ``written`` is ``original`` with lines inserted and nothing else changed."""
    before = original.decode("utf-8").splitlines()
    after = written.decode("utf-8").splitlines()
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in opcodes)


def new_uids(source: Path, placed: Placed) -> dict[str, str]:
    """Catalog activity -> the UID its task gets: after the summary task, after the highest
    UID in the file (of a task, or named by a link to a task that is not there)."""
    ns = "{http://schemas.microsoft.com/project}"
    tasks = ElementTree.parse(source).getroot().findall(f"{ns}Tasks/{ns}Task")
    named = [t.findtext(f"{ns}UID") for t in tasks] + [
        link.findtext(f"{ns}PredecessorUID")
        for t in tasks
        for link in t.iter(f"{ns}PredecessorLink")
    ]
    highest = max(int(n) for n in named if n and n.isdigit())
    return {p.activity: str(highest + 2 + n) for n, p in enumerate(placed.tasks)}


def check_round_trip(
    source: Path, original: ForeignPlan, back: ForeignPlan, placed: Placed
) -> None:
    """Every original task as it was (its links kept), the new ones placed as intended."""
    by_id = {t.id: t for t in back.tasks}
    uids = new_uids(source, placed)
    added_before = {
        (task_id, uids[p.activity]) for p in placed.tasks for task_id in p.before
    }  # (PM task, new predecessor)
    for task in original.tasks:
        read = by_id[task.id]
        assert (read.name, read.start, read.finish, read.outline_level) == (
            task.name,
            task.start,
            task.finish,
            task.outline_level,
        )
        extra = links(read) - links(task)
        assert links(task) <= links(read)
        assert extra == {(new, "FS", 0.0) for pm, new in added_before if pm == task.id}
    summary = back.tasks[len(original.tasks)]
    assert (summary.name, summary.outline_level, summary.summary) == (SUMMARY_NAME, 1, True)
    for placement in placed.tasks:
        read = by_id[uids[placement.activity]]
        assert read.name == placement.name
        assert read.parent == summary.id
        assert read.milestone == placement.milestone
        expected = {
            (a.task_id if a.task_id is not None else uids[str(a.activity)], "FS", 0.0)
            for a in placement.after
        }
        assert links(read) == expected
    assert len(back.tasks) == len(original.tasks) + 1 + len(placed.tasks)


def test_payments_migration_gets_els_exit_after_hypercare(tmp_path: Path, catalog: Catalog) -> None:
    out = tmp_path / "payments-fixed.xml"
    original = mspdi.read(PAYMENTS, ReadOptions())
    # This tests the placement and the writer, not the matcher: the matches are fixed
    # as the project manager would fix them in a map file. "Go-live (DNS switch)"
    # (UID 9) and "KT sessions + runbook handover" (UID 12) are left unconfirmed, so
    # the plan covers neither go-live nor knowledge-transfer.
    unconfirmed = {"9", "12"}
    matches = [
        replace(m, catalog=None, outcome="possible") if m.task_id in unconfirmed else m
        for m in match_tasks(original.tasks, catalog, KIND)
    ]
    assert {m.task_id: m.catalog for m in matches}["10"] == "early-life-support"
    result = write_fix(original, matches, catalog, KIND, out, ["els-exit", "project-closed"])
    back = mspdi.read(out, ReadOptions())
    # Worked out by hand: the highest UID is 5000 (a link to a task that is not
    # in the file), so the summary task is UID 5001, els-exit 5002 and
    # project-closed 5003. els-exit follows early life
    # support, which "Hypercare & warranty period" (UID 10) covers; the project
    # closes after the new els-exit (through review-close-deployment, which the
    # plan does not have).
    by_id = {t.id: t for t in back.tasks}
    assert by_id["5001"].name == SUMMARY_NAME
    assert (by_id["5002"].name, by_id["5002"].milestone) == ("Early life support exit", True)
    assert links(by_id["5002"]) == {("10", "FS", 0.0)}
    assert by_id["5003"].name == "Project closed"
    assert ("5002", "FS", 0.0) in links(by_id["5003"])
    assert "catalog activity els-exit (Third Sky whitepaper §4.7)" in by_id["5002"].notes
    check_round_trip(PAYMENTS, original, back, result.placed)
    assert only_added(PAYMENTS.read_bytes(), out.read_bytes())


# The payments plan as the project manager would confirm it in a map file: task UID ->
# catalog activity; the summary 1 and the tasks 9 and 11 stay unmatched.
PAYMENTS_CONFIRMED = {
    "2": "ism-test-security-mechanisms",
    "3": "cap-test-utilization-measurement",
    "4": "readiness-assessment",
    "5": "deploy-transfer-to-operations",
    "6": "service-rehearsal",
    "7": "chg-submit-rfc",
    "10": "early-life-support",
    "12": "knowledge-transfer",
    "13": "deploy-transfer-to-operations",
}


def test_payments_migration_closes_after_els_exit_not_after_the_cutover(
    tmp_path: Path, catalog: Catalog
) -> None:
    out = tmp_path / "payments-fixed.xml"
    original = mspdi.read(PAYMENTS, ReadOptions())
    matches = [
        replace(m, catalog=PAYMENTS_CONFIRMED.get(m.task_id), outcome="confident")
        if m.task_id in PAYMENTS_CONFIRMED
        else replace(m, catalog=None, outcome="possible")
        for m in match_tasks(original.tasks, catalog, KIND)
    ]
    result = write_fix(original, matches, catalog, KIND, out, ["els-exit", "project-closed"])
    by_id = {t.id: t for t in mspdi.read(out, ReadOptions()).tasks}
    # Worked out by hand. els-exit (5002) follows early life support: the summary
    # "Hypercare & warranty period" (10). The catalog puts knowledge-transfer after it
    # (through review-close-deployment), but the PM's KT sessions (12) are inside 10,
    # which finishes only when 12 does: that link would be a loop and is left out.
    assert links(by_id["5002"]) == {("10", "FS", 0.0)}
    assert links(by_id["12"]) == {("11", "FS", 0.0)}
    assert result.placed.skipped == (
        "els-exit before task 12: that task already leads to the new task's predecessors, "
        "or is part of one, so the link would close a loop; it was left out",
    )
    # project-closed (5003) follows review-close-deployment (looked through: the new
    # els-exit, and back through go-live to the tests 2, 3, the sign-off 4, the RFC 7,
    # the Cutover 5 and the BAU handover 13) and knowledge-transfer (12). The tests, the sign-off
    # and the RFC lead to the go-live 9, then 11, 12, 13; 12 and 13 are inside 10, which
    # the new els-exit follows; the Cutover (5) finishes with its last subtask, and
    # 6 -> 9, 7 -> 9, 9 -> 11 -> 12 all do before 12. Only the new els-exit is left.
    assert links(by_id["5003"]) == {("5002", "FS", 0.0)}


@pytest.mark.parametrize("source", MSPDI_FILES, ids=lambda p: p.name)
def test_every_missing_activity_added_and_read_back_by_pmsm(
    source: Path, tmp_path: Path, catalog: Catalog
) -> None:
    out = tmp_path / "fixed.xml"
    result = fix(source, out, catalog)
    assert result.placed.tasks  # every sample misses some of the catalog
    original = mspdi.read(source, ReadOptions())
    check_round_trip(source, original, mspdi.read(out, ReadOptions()), result.placed)
    assert only_added(source.read_bytes(), out.read_bytes())


@pytest.mark.parametrize("source", [*MSPDI_FILES], ids=lambda p: p.name)
def test_mpxj_reads_every_original_task_unchanged_and_the_new_ones_placed(
    java: None, source: Path, tmp_path: Path, catalog: Catalog
) -> None:
    out = tmp_path / "fixed.xml"
    result = fix(source, out, catalog)
    original = mpxj.read(source, ReadOptions())
    check_round_trip(source, original, mpxj.read(out, ReadOptions()), result.placed)


def test_the_input_is_never_the_output(tmp_path: Path, catalog: Catalog) -> None:
    copy = tmp_path / "plan.xml"
    copy.write_bytes(PAYMENTS.read_bytes())
    with pytest.raises(PmsmError, match="is an input of this command"):
        fix(copy, tmp_path / "." / "plan.xml", catalog)
    assert copy.read_bytes() == PAYMENTS.read_bytes()


def test_an_output_ending_that_is_not_xml_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(PmsmError, match=r"in the plan's own format; name it with \.xml"):
        fix(PAYMENTS, tmp_path / "fixed.csv", catalog)
    assert not (tmp_path / "fixed.csv").exists()


def test_an_mpp_comes_back_as_ms_project_xml_with_every_task_kept(
    java: None, tmp_path: Path, catalog: Catalog
) -> None:
    source = FOREIGN / "mpxj" / "sample.mpp"
    original = mpxj.read(source, ReadOptions())
    out = tmp_path / "sample-fixed.xml"
    result = write_fix(original, match_tasks(original.tasks, catalog, KIND), catalog, KIND, out)
    assert result.placed.tasks
    back = mpxj.read(out, ReadOptions())
    # The UIDs are numbered after the highest of the XML MPXJ writes, which
    # holds the same tasks: the check works from that XML.
    converted = tmp_path / "converted.xml"
    converted.write_bytes(mpxj.as_mspdi(source))
    check_round_trip(converted, original, back, result.placed)
    assert mspdi.read(out, ReadOptions()).tasks  # pmsm's own reader reads it too


def test_an_mpp_fix_is_not_named_mpp(tmp_path: Path, catalog: Catalog) -> None:
    source = FOREIGN / "mpxj" / "sample.mpp"
    plan = ForeignPlan(source, "mpxj", [])
    with pytest.raises(PmsmError, match=r"name it with \.xml$"):
        write_fix(plan, [], catalog, KIND, tmp_path / "sample-fixed.mpp")
