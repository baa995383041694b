"""The conversion of a foreign plan: ids, link types restated, summaries, kind inferred."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.foreign.audit import audit
from pmsm_cli.foreign.ids import plan_ids, slug
from pmsm_cli.foreign.yamltext import render
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where

DAY = dt.date(2026, 3, 2)


def _task(uid: str, name: str, **fields: object) -> ForeignTask:
    return ForeignTask(uid, name, Where(Path("plan.xml"), uid=uid), **fields)  # type: ignore[arg-type]


def _plan(*tasks: ForeignTask, title: str | None = None) -> ForeignPlan:
    return ForeignPlan(Path("plan.xml"), "mspdi", list(tasks), title=title, start=DAY)


def test_ids_are_readable_unique_and_never_a_catalog_id() -> None:
    assert slug("Übergabe an den Betrieb") == "uebergabe-an-den-betrieb"
    assert slug("Go/No-Go Meeting") == "go-no-go-meeting"
    tasks = [_task("7", "Go-live"), _task("8", "Build"), _task("9", "Build"), _task("10", "!!")]
    assert plan_ids(tasks, {"go-live"}) == ["go-live-7", "build", "build-9", "task-10"]


def test_link_types_become_finish_to_start_with_the_same_constraint() -> None:
    # In whole days, a finish-to-start lag L puts the successor's start on A's finish
    # + 1 + L, its finish on A's finish + L + 2 (2 days). A takes 3 days, so A's start
    # is A's finish - 2. SS+1: start = A's start + 1 = A's finish - 1, so L = -2.
    # FF+0: finish = A's finish, so L = -2. SF+0: it finishes the day before A
    # starts, A's finish - 3, so L = -5.
    tasks = [
        _task("1", "Alpha", duration_days=3.0),
        _task("2", "Beta", duration_days=2.0, predecessors=(Link("1", "SS", 1.0),)),
        _task("3", "Gamma", duration_days=2.0, predecessors=(Link("1", "FF", 0.0),)),
        _task("4", "Delta", duration_days=2.0, predecessors=(Link("1", "SF", 0.0),)),
    ]
    done = audit(_plan(*tasks), load_catalog([]), "new-service", DAY)
    depends = [a.get("depends_on") for a in done.converted.data["activities"]]
    assert depends == [
        None,
        [{"id": "alpha", "lag": -2}],
        [{"id": "alpha", "lag": -2}],
        [{"id": "alpha", "lag": -5}],
    ]


def test_a_summary_waits_for_its_tasks_and_passes_its_links_down() -> None:
    tasks = [
        _task("1", "Design", duration_days=2.0),
        _task("2", "Rollout", summary=True, predecessors=(Link("1"),)),
        _task("3", "Wave one", parent="2", outline_level=2, duration_days=1.0),
        _task("4", "Wave two", parent="2", outline_level=2, duration_days=1.0),
    ]
    data = audit(_plan(*tasks), load_catalog([]), "new-service", DAY).converted.data
    by_id = {a["id"]: a for a in data["activities"]}
    assert by_id["rollout"]["depends_on"] == [{"id": "wave-one"}, {"id": "wave-two"}]
    assert by_id["rollout"]["duration"] == 0 and by_id["rollout"]["milestone"] is False
    assert by_id["wave-one"]["depends_on"] == [{"id": "design"}]
    assert by_id["wave-two"]["depends_on"] == [{"id": "design"}]


def test_the_yaml_reads_back_as_the_data_with_comments_for_the_pm() -> None:
    tasks = [
        _task("1", 'Load test @ "peak": yes', duration_days=3.0, resources=("Perf", "Ops")),
        _task("2", "Hypercare", duration_days=10.0, percent_complete=50.0),
    ]
    done = audit(_plan(*tasks), load_catalog([]), "new-service", DAY)
    text = render(done.converted)
    loaded = yaml.safe_load(text)
    assert loaded["activities"][0]["name"] == 'Load test @ "peak": yes'
    assert loaded["activities"][0]["owner"] == "Perf, Ops"
    assert loaded["activities"][1] == {
        "id": "hypercare",
        "name": "Hypercare",
        "catalog": "early-life-support",
        "duration": 10,
        "status": "in-progress",
        "percent_complete": 50,
    }
    assert "# from task UID 2" in text


def test_the_kind_is_inferred_from_decommissioning_words_and_said() -> None:
    tasks = [_task("1", "Decommission the old CRM", duration_days=5.0)]
    done = audit(_plan(*tasks), load_catalog([]), None, DAY)
    assert done.kind.kind == "retire-service" and done.kind.inferred
    assert "'Decommission the old CRM'" in done.kind.reason
    assert "inferred" in render(done.converted).splitlines()[1]
    given = audit(_plan(*tasks), load_catalog([]), "new-service", DAY)
    assert (given.kind.kind, given.kind.inferred) == ("new-service", False)
