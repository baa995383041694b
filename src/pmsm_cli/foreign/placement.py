"""Where each missing catalog activity goes among the project manager's own tasks.

A missing activity comes after the tasks that cover its catalog predecessors
(``depends_on``) and before the tasks that cover its catalog successors: the
readiness assessment after the PM's test tasks and before their go-live, early
life support after the go-live. The catalog's order is followed through
activities this plan neither has nor needs: when a predecessor is not among
the kind's activities, its own predecessors are looked at instead. A
predecessor that is itself missing is the new task for it, so the new tasks
form the catalog's chain among themselves.

A link that would close a loop with the PM's own links (their go-live before
their test, against the catalog's order, or their knowledge transfer inside
the hypercare summary a new task follows) is left out and said so: the PM's
plan is theirs, and a loop would make it unschedulable.

Pure: plans and catalog in, placements out; nothing is read or written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pmsm_cli.foreign.reach import Reach
from pmsm_cli.models.catalog import Activity, Catalog
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.records import record

SUMMARY_NAME = "ITIL service transition (added by pmsm)"


@record(slots=True)
class Anchor:
    """A task a new one is linked to: one of the PM's (by task id) or another new one."""

    task_id: str | None = None  # the PM's task
    activity: str | None = None  # the new task for this missing catalog activity

    def __str__(self) -> str:
        return f"task {self.task_id}" if self.task_id is not None else f"new {self.activity}"


@record(slots=True)
class Placement:
    """One missing activity as a new task: what it is and where it goes."""

    activity: str  # catalog id
    name: str  # the catalog title
    duration_days: int
    milestone: bool
    note: str  # cites the catalog id and its source
    after: tuple[Anchor, ...]  # its predecessors: PM tasks and new tasks
    before: tuple[str, ...]  # PM task ids that get it as a predecessor


@record(slots=True)
class Placed:
    """All new tasks in catalog order (every predecessor before its successors)."""

    tasks: tuple[Placement, ...]
    # Links left out because they would close a loop with the PM's own links.
    skipped: tuple[str, ...] = ()


def note_for(activity: Activity) -> str:
    """The note a new task carries: why it is there and where the catalog says so."""
    return (
        f"Added by pmsm: catalog activity {activity.id} ({activity.source.cite()}). "
        f"{' '.join(activity.description.split())}"
    )


def place(
    plan: ForeignPlan,
    covered: Mapping[str, Sequence[str]],
    missing: Iterable[str],
    catalog: Catalog,
    kind: str,
) -> Placed:
    """Placements for the ``missing`` activities of a ``kind`` project.

    ``covered``: catalog activity -> the PM task ids that cover it
    (``matching.covering_tasks``); an activity with no task is not covered.
    """
    expected = {a.id: a for a in catalog.activities_for(kind)}
    wanted = [a for a in catalog.activities if a.id in set(missing) and a.id in expected]
    wanted_ids = {a.id for a in wanted}
    covering = {a: tuple(ids) for a, ids in covered.items() if ids and a in expected}
    graph = _Graph(plan)
    order = _Order(plan)
    successors = _successors(catalog)
    anchors = {a.id: _anchors_before(a.id, catalog, covering, wanted_ids) for a in wanted}
    placements: list[Placement] = []
    skipped: list[str] = []
    for activity in _in_dependency_order(wanted, anchors):
        after = order.latest(anchors[activity.id])
        before_ids = order.earliest(_tasks_after(activity.id, successors, covering, wanted_ids))
        node = f"new:{activity.id}"
        for anchor in after:
            graph.link(_node(anchor), node)
            order.link(_node(anchor), node)
        kept_before: list[str] = []
        for task_id in before_ids:
            # This PM task must not already lead to the new task's predecessors, nor be
            # inside one of them (a summary finishes with its subtasks).
            if graph.closes_loop(node, task_id):
                skipped.append(
                    f"{activity.id} before task {task_id}: that task already leads to the new "
                    "task's predecessors, or is part of one, so the link would close a loop; "
                    "it was left out"
                )
                continue
            kept_before.append(task_id)
            graph.link(node, task_id)
            order.link(node, task_id)
        placements.append(
            Placement(
                activity=activity.id,
                name=activity.title,
                duration_days=0 if activity.milestone else activity.duration,
                milestone=activity.milestone,
                note=note_for(activity),
                after=after,
                before=tuple(kept_before),
            )
        )
    return Placed(tuple(placements), tuple(skipped))


def _node(anchor: Anchor) -> str:
    return anchor.task_id if anchor.task_id is not None else f"new:{anchor.activity}"


def _in_dependency_order(
    wanted: list[Activity], anchors: Mapping[str, tuple[Anchor, ...]]
) -> list[Activity]:
    """Catalog order, moved only where a new task follows one listed later (the catalog lists
    activities by section, and a new task may follow another through activities the plan
    skips)."""
    done: set[str] = set()
    ordered: list[Activity] = []
    by_id = {a.id: a for a in wanted}

    def visit(activity: Activity, path: set[str]) -> None:
        if activity.id in done or activity.id in path:
            return  # done, or a loop the catalog's own check refuses
        for anchor in anchors[activity.id]:
            if anchor.activity is not None:
                visit(by_id[anchor.activity], path | {activity.id})
        done.add(activity.id)
        ordered.append(activity)

    for activity in wanted:
        visit(activity, set())
    return ordered


def _anchors_before(
    activity: str,
    catalog: Catalog,
    covering: Mapping[str, tuple[str, ...]],
    wanted: set[str],
) -> tuple[Anchor, ...]:
    """The PM tasks and new tasks an activity follows, through activities the plan skips.

    An activity neither in the plan nor to be added (another kind's, or one the
    matcher was not sure of) is looked through to its predecessors.
    """
    found = catalog.activity_by_id.get(activity)
    if found is None:
        return ()
    anchors: dict[Anchor, None] = {}
    for predecessor in catalog.bridge(
        found.depends_on, lambda dep: dep in covering or dep in wanted
    ):
        if predecessor in covering:
            for task_id in covering[predecessor]:
                anchors[Anchor(task_id=task_id)] = None
        else:
            anchors[Anchor(activity=predecessor)] = None
    return tuple(anchors)


def _tasks_after(
    activity: str,
    successors: Mapping[str, list[str]],
    covering: Mapping[str, tuple[str, ...]],
    wanted: set[str],
) -> tuple[str, ...]:
    """The PM tasks an activity must come before: those covering its catalog successors.

    A successor that is itself missing gets its own new task, after this one,
    and its successors are its business; one the plan neither has nor needs
    is looked through.
    """
    found: dict[str, None] = {}
    seen: set[str] = set()
    stack = list(reversed(successors.get(activity, [])))
    while stack:
        successor = stack.pop()
        if successor in seen:
            continue
        seen.add(successor)
        if successor in covering:
            for task_id in covering[successor]:
                found[task_id] = None
        elif successor not in wanted:
            stack.extend(reversed(successors.get(successor, [])))
    return tuple(found)


def _successors(catalog: Catalog) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for activity in catalog.activities:
        for predecessor in activity.depends_on:
            result.setdefault(predecessor, []).append(activity.id)
    return result


class _Graph:
    """The PM's links and the new ones, as starts and finishes: to refuse a link that would
    close a loop.

    Each task is two events, its start and its finish, the start first. A link
    joins the events its type names (finish-to-start: the predecessor's finish
    to the successor's start), and a summary task starts with its first
    subtask and finishes with its last. That is what makes a new task after
    the summary "Hypercare" and before "KT sessions" inside it a loop: KT would
    start after Hypercare finishes, which waits for KT to finish (MS Project
    calls it a circular relationship), while a new task between two subtasks
    of one summary is no loop. Lags are not followed: a loop is one whatever
    its lags.
    """

    def __init__(self, plan: ForeignPlan) -> None:
        self.events = Reach()
        for task in plan.tasks:
            self._task(task.id)
            for link in task.predecessors:
                self._task(link.predecessor)
                self.events.link(
                    _event(link.predecessor, link.type[0]), _event(task.id, link.type[1])
                )
            if task.parent is not None:
                self._task(task.parent)
                self.events.link(_event(task.parent, "S"), _event(task.id, "S"))
                self.events.link(_event(task.id, "F"), _event(task.parent, "F"))

    def link(self, before: str, after: str) -> None:
        """A finish-to-start link, as the new tasks are linked."""
        self._task(before)
        self._task(after)
        self.events.link(_event(before, "F"), _event(after, "S"))

    def closes_loop(self, before: str, after: str) -> bool:
        """Whether a finish-to-start link from ``before`` to ``after`` would close a loop."""
        return self.events.reaches(_event(after, "S"), _event(before, "F"))

    def _task(self, node: str) -> None:
        self.events.link(_event(node, "S"), _event(node, "F"))


def _event(node: str, which: str) -> str:
    """The start ("S") or finish ("F") of a task or new task."""
    return f"{which} {node}"


class _Order:
    """What is known to finish before what: to keep only the links that say something.

    A new task after "Regression test" and after "UAT", where UAT already
    follows the regression test, needs only the link to UAT. Finish-to-start
    and finish-to-finish links say the predecessor finishes first, and a task
    finishes before its summary task does; start-to-start links say nothing
    about finishes and are not followed. A summary task finishes with its last
    subtask: it finishes before whatever all its subtasks finish before.
    """

    def __init__(self, plan: ForeignPlan) -> None:
        self.graph = Reach()
        self.children: dict[str, list[str]] = {}
        parents = {task.id: task.parent for task in plan.tasks}
        finishing_before = {
            task.id: [
                link.predecessor
                for link in task.predecessors
                if link.type in ("FS", "FF") and link.lag_days >= 0
            ]
            for task in plan.tasks
        }
        for task in plan.tasks:
            # What a summary task follows, the tasks inside it follow too.
            above: str | None = task.id
            seen: set[str] = set()
            while above is not None and above not in seen:
                seen.add(above)
                for predecessor in finishing_before.get(above, ()):
                    self.graph.link(predecessor, task.id)
                above = parents.get(above)
            if task.parent is not None:
                self.graph.link(task.id, task.parent)
                self.children.setdefault(task.parent, []).append(task.id)

    def link(self, before: str, after: str) -> None:
        self.graph.link(before, after)

    def latest(self, anchors: tuple[Anchor, ...]) -> tuple[Anchor, ...]:
        """The anchors no other anchor is known to finish after."""
        nodes = [_node(a) for a in anchors]
        linked = self.graph.reaching_others(nodes)
        return tuple(
            anchor
            for anchor, node in zip(anchors, nodes, strict=True)
            if node not in linked
            and not (
                node in self.children  # a summary task: through its subtasks
                and any(other != node and self._finishes_before(node, other) for other in nodes)
            )
        )

    def earliest(self, task_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The tasks not known to come after another of them."""
        after_another = self.graph.reached_from_others(task_ids)
        return tuple(task_id for task_id in task_ids if task_id not in after_another)

    def _finishes_before(self, node: str, other: str, inside: frozenset[str] = frozenset()) -> bool:
        """Whether ``node`` is known to finish before ``other``: through the links, or, for a
        summary task, because each of its subtasks is (the Cutover summary finishes before
        hypercare when its go-live, its last subtask, does)."""
        if self.graph.reaches(node, other):
            return True
        children = self.children.get(node)
        if not children or node in inside or other in children:
            return False  # a task; or a loop of parents, or ``other`` inside it: not known
        return all(self._finishes_before(child, other, inside | {node}) for child in children)
