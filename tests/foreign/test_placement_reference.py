"""Placement answers what it answered before it was made fast (foreign/placement.py).

Placing a hundred activities among 5,000 tasks once took minutes: ``_Order``
asked, pair by pair, whether one task leads to another, each time walking
the graph. The old walks are kept here, word for word, as the reference: on
the plans of tests/data/foreign and on generated plans with summaries, every
kind of link, leads and loops, both must place every activity alike.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.foreign import placement
from pmsm_cli.foreign.audit import read_foreign
from pmsm_cli.foreign.placement import Anchor, Placed, place
from pmsm_cli.matching import covering_tasks, match_tasks
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
PLANS = [
    FOREIGN / "mspdi" / "payments-migration-en.xml",
    FOREIGN / "mspdi" / "mspdirelations.xml",
    FOREIGN / "csv" / "crm-release-msproject-en.csv",
    FOREIGN / "csv" / "lohn-saas-msproject-de.csv",
    FOREIGN / "csv" / "k8s-1.12-features.csv",
    FOREIGN / "xlsx" / "rz-umzug-de.xlsx",
    FOREIGN / "ganttproject" / "rz-umzug-de.gan",
]


class _WalkingReach:
    """The old Reach: every question a walk through the graph."""

    def __init__(self) -> None:
        self.next: dict[str, set[str]] = {}

    def link(self, before: str, after: str) -> None:
        self.next.setdefault(before, set()).add(after)

    def reaches(self, start: str, goal: str) -> bool:
        seen = {start}
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for following in self.next.get(node, ()):
                if following not in seen:
                    seen.add(following)
                    stack.append(following)
        return False


def _pairwise_latest(self: placement._Order, anchors: tuple[Anchor, ...]) -> tuple[Anchor, ...]:
    nodes = [placement._node(a) for a in anchors]
    return tuple(
        anchor
        for anchor, node in zip(anchors, nodes, strict=True)
        if not any(other != node and self._finishes_before(node, other) for other in nodes)
    )


def _pairwise_earliest(self: placement._Order, task_ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        task_id
        for task_id in task_ids
        if not any(other != task_id and self.graph.reaches(other, task_id) for other in task_ids)
    )


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _both(
    plan: ForeignPlan, covered: dict[str, list[str]], catalog: Catalog, kind: str
) -> tuple[Placed, Placed]:
    missing = [a for a, tasks in covered.items() if not tasks]
    fast = place(plan, covered, missing, catalog, kind)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placement, "Reach", _WalkingReach)
        patch.setattr(placement._Order, "latest", _pairwise_latest)
        patch.setattr(placement._Order, "earliest", _pairwise_earliest)
        slow = place(plan, covered, missing, catalog, kind)
    return fast, slow


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", ["new-service", "changed-service", "retire-service"])
def test_the_plans_of_the_test_data_are_placed_as_before(
    path: Path, kind: str, catalog: Catalog
) -> None:
    plan = read_foreign(path, None, ReadOptions())
    covered = covering_tasks(match_tasks(plan.tasks, catalog), catalog, kind)
    fast, slow = _both(plan, covered, catalog, kind)
    assert fast.tasks, "nothing placed: the comparison would prove nothing"
    assert fast == slow


def _generated(seed: int, count: int) -> ForeignPlan:
    """Summaries (some nested) of about ten tasks, links of every type to any task, earlier or
    later, with leads and lags: loops included, as a PM's plan may have them."""
    rng = random.Random(seed)
    tasks: list[ForeignTask] = []
    summaries: list[str] = []
    for number in range(1, count + 1):
        task_id = str(number)
        if number % 10 == 1:
            parent = rng.choice(summaries) if summaries and rng.random() < 0.3 else None
            summaries.append(task_id)
        else:
            parent = summaries[-1]
        links = tuple(
            Link(
                str(rng.randint(1, count)),
                rng.choice(["FS", "FS", "FS", "FF", "SS", "SF"]),
                rng.choice([0.0, 0.0, 1.0, -1.0]),
            )
            for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))
        )
        tasks.append(
            ForeignTask(
                id=task_id,
                name=f"task {task_id}",
                where=Where(Path("plan.xml"), uid=task_id),
                parent=parent,
                summary=number % 10 == 1,
                predecessors=tuple(link for link in links if link.predecessor != task_id),
            )
        )
    return ForeignPlan(Path("plan.xml"), "mspdi", tasks)


def _covering(seed: int, plan: ForeignPlan, catalog: Catalog, kind: str) -> dict[str, list[str]]:
    """Half the kind's activities covered, by one to several tasks (summaries too)."""
    rng = random.Random(seed)
    ids = [task.id for task in plan.tasks]
    return {
        a.id: rng.sample(ids, rng.randint(1, 6)) if rng.random() < 0.5 else []
        for a in catalog.activities_for(kind)
    }


def _seeds() -> Iterator[tuple[int, str]]:
    kinds = ["new-service", "changed-service", "retire-service"]
    for seed in range(12):
        yield seed, kinds[seed % len(kinds)]


@pytest.mark.parametrize(("seed", "kind"), list(_seeds()))
def test_generated_plans_with_loops_and_summaries_are_placed_as_before(
    seed: int, kind: str, catalog: Catalog
) -> None:
    plan = _generated(seed, 150)
    fast, slow = _both(plan, _covering(seed, plan, catalog, kind), catalog, kind)
    assert fast.tasks
    assert fast == slow
