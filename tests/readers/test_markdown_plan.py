"""Markdown plans: a real release schedule and checklist, a German migration plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import ReadOptions, detect, markdown_plan
from pmsm_cli.readers.model import Link

DATA = Path(__file__).resolve().parents[1] / "data" / "foreign" / "markdown"
SCHEDULE = DATA / "k8s-release-1.30.md"
CHECKLIST = DATA / "k8s-release-lead-tasks.md"
GERMAN = DATA / "ticketsystem-migration-de.md"


def _read(path: Path, **options: object) -> markdown_plan.ForeignPlan:
    return markdown_plan.read(path, ReadOptions(**options))  # type: ignore[arg-type]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_german_plan_with_task_lists_a_numbered_list_and_a_table() -> None:
    plan = _read(GERMAN)
    assert plan.format == "markdown"
    assert plan.title == "Migration Ticketsystem auf ServiceNow"  # the lone level-1 heading
    names = [t.name for t in plan.tasks]
    assert names[:4] == [
        "Phase 1: Vorbereitung",
        "Kick-off mit Service Desk und Fachbereichen — bis 23.01.2026, @mbecker",
        "Datenbereinigung Altsystem (Tickets älter als 3 Jahre archivieren) @jwagner",
        "Änderungsantrag (RFC) für die Datenmigration stellen — fällig am 06.02.2026",
    ]
    phase, kickoff, cleanup, rfc, rollback = plan.tasks[:5]
    assert (phase.summary, phase.outline_level, phase.where.line, phase.where.column) == (
        True,
        1,
        10,
        1,
    )
    assert (kickoff.parent, kickoff.outline_level, kickoff.percent_complete) == ("L10", 2, 100.0)
    assert kickoff.finish == date(2026, 1, 23) and kickoff.resources == ("mbecker",)
    assert cleanup.resources == ("jwagner",) and cleanup.finish is None
    assert rfc.percent_complete == 0.0 and rfc.finish == date(2026, 2, 6) and rfc.summary
    assert (rollback.name, rollback.parent, rollback.outline_level) == (
        "Rollback-Plan beschreiben",
        "L14",
        3,
    )
    assert (rollback.where.line, rollback.where.column) == (15, 3)
    numbered = [t for t in plan.tasks if t.parent == "L18"]
    assert [t.name for t in numbered] == [
        "Lasttest mit 500 parallelen Agenten",
        "Schulung der Service-Desk-Mitarbeiter (Train the Trainer)",
        "Generalprobe der Migration am Wochenende 21./22.02.",
    ]
    table = [t for t in plan.tasks if t.parent == "L24"]
    assert [(t.id, t.name, t.start, t.finish, t.resources) for t in table] == [
        ("1", "Go/No-Go-Entscheidung", date(2026, 2, 27), date(2026, 2, 27), ("Lenkungskreis",)),
        ("2", "Datenmigration und Umschaltung", date(2026, 2, 28), date(2026, 3, 1), ("Betrieb",)),
        ("3", "Nachbetreuung (Hypercare)", date(2026, 3, 2), date(2026, 3, 13), ("Service Desk",)),
    ]
    assert table[1].predecessors == (Link("1"),)
    assert (table[0].where.line, table[0].where.column) == (
        28,
        7,
    )  # the cell "Go/No-Go-Entscheidung"
    # "Offene Punkte" has prose only: no summary task for it.
    assert "Offene Punkte" not in names


def test_a_real_release_schedule_table() -> None:
    plan = _read(SCHEDULE)
    assert plan.title == "Kubernetes 1.30"
    timeline = [t for t in plan.tasks if t.parent == "L50"]
    assert len(timeline) == 39
    first, enhancements_freeze, kubecon = timeline[0], timeline[7], timeline[20]
    assert (first.name, first.finish, first.resources) == (
        "Start of Release Cycle",
        date(2024, 1, 8),  # "Monday 8th January 2024"
        ("Lead",),
    )
    # "[02:00 UTC Friday 9th February 2024 / 18:00 PDT Thursday 8th February 2024](...)"
    assert enhancements_freeze.finish == date(2024, 2, 9)
    # "Tuesday 19th - Friday 22nd March 2024": the range ends on the 22nd.
    assert kubecon.name == "KubeCon EU" and kubecon.finish == date(2024, 3, 22)
    assert timeline[-1].name == "[Thaw]" and timeline[-1].finish == date(2024, 4, 17)
    assert first.where.line == 54


def test_a_real_checklist_under_numbered_headings() -> None:
    plan = _read(CHECKLIST)
    week0 = next(
        t for t in plan.tasks if t.name == "1. Before the start of the Release Cycle (Week 0)"
    )
    items = [t for t in plan.tasks if t.parent == week0.id]
    assert items[0].name == (
        "Captured feedback from previous release cycle retro and planned to incorporate it "
        "into the release cycle"
    )
    assert all(t.percent_complete == 0.0 for t in items)
    assert week0.outline_level == 2 and items[0].outline_level == 3
    # An HTML comment in an item is a note to the editor, not part of the task's name.
    assert not any("<!--" in t.name for t in plan.tasks)


def test_detection_by_structure() -> None:
    for path in (SCHEDULE, CHECKLIST, GERMAN):
        assert detect(path) == "markdown"
    assert not markdown_plan.sniff(b"Just a line of text.\nAnd another.\n", Path("notes.md"))
    assert markdown_plan.sniff(b"- [ ] Book the CAB slot\n", Path("todo.txt"))
    assert markdown_plan.sniff(b"# Plan\n\n- Deploy\n", Path("x"))


def test_a_heading_alone_makes_no_task(tmp_path: Path) -> None:
    path = _write(tmp_path, "# Release\n\n## Background\n\nProse only.\n")
    assert _read(path).tasks == []


def test_a_name_too_long_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "# Plan\n\n- " + "x" * 2000 + "\n")
    with pytest.raises(
        PmsmError, match=r"plan.md:3:1: error: the task name is 2,000 characters long"
    ):
        _read(path)


def test_a_line_too_long_and_a_stray_byte(tmp_path: Path) -> None:
    path = _write(tmp_path, "# Plan\n\n- " + "x" * 200_000 + "\n")
    with pytest.raises(
        PmsmError, match=r"plan.md:3: error: line 3 of the Markdown file is 200,002 characters long"
    ):
        _read(path)
    # "- Abnahme M" is 11 bytes: the 0xfc is the 12th of line 4.
    path.write_bytes("# Plan\n\n- Übergabe\n".encode() + b"- Abnahme M\xfcller\n")
    with pytest.raises(
        PmsmError, match=r"plan.md:4:12: error: the Markdown file is UTF-8 text, but line 4"
    ):
        _read(path)


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    text = "".join("  " * depth + "- item\n" for depth in range(500))
    plan = _read(_write(tmp_path, text))
    assert plan.tasks and max(t.outline_level for t in plan.tasks) <= 100
