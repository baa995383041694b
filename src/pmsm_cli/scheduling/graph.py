"""Turn a list of tasks into an index-based dependency graph and order it.

Everything works on integer positions (the task's place in the input) rather
than ids, because list indexing is much cheaper than dict lookups in the hot
loops of the CPM passes.  All loops are iterative so that 10,000-long chains
and cycles cannot hit Python's recursion limit.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from pmsm_cli.records import record

from .errors import ScheduleError
from .model import Task


@record(slots=True)
class Graph:
    """Tasks by input position; ``preds[i]`` lists ``(predecessor position, lag)``.

    Only predecessor lists are kept: both CPM passes can be driven from them
    (the backward pass pushes constraints onto predecessors), so successor
    lists are built only when the input needs sorting.
    """

    ids: list[str]
    durations: list[int]
    preds: list[list[tuple[int, int]]]
    # True when every dependency points to an earlier task, i.e. the input is
    # already a topological order and sorting can be skipped.
    input_is_ordered: bool


def _is_whole_number(value: object) -> bool:
    # bool is an int subclass, but True days is a data-entry mistake.
    return isinstance(value, int) and not isinstance(value, bool)


def build_graph(tasks: Sequence[Task]) -> Graph:
    """Validate ``tasks`` and index their dependencies.

    Problems are reported by kind, each listing every offender at once, so a
    user can fix a whole class of mistakes in one go: duplicate ids first
    (they make every other check ambiguous), then durations, unknown
    dependencies and lags.  Cycles are found later, while ordering.
    """
    # This runs for every task and dependency, so the common, valid case uses
    # cheap whole-list operations and exact type checks; the slower, precise
    # checks only run to describe what is wrong.
    ids = [t.id for t in tasks]
    position = dict(zip(ids, range(len(ids)), strict=True))
    if len(position) != len(ids):
        seen: set[str] = set()
        duplicates: dict[str, None] = {}  # a dict keeps first-seen order
        for task_id in ids:
            if task_id in seen:
                duplicates[task_id] = None
            seen.add(task_id)
        raise ScheduleError.for_duplicate_ids(list(duplicates))

    durations = [t.duration for t in tasks]
    if durations and (set(map(type, durations)) != {int} or min(durations) < 0):
        bad_durations = [
            (ids[i], d) for i, d in enumerate(durations) if not _is_whole_number(d) or d < 0
        ]
        if bad_durations:
            raise ScheduleError.for_bad_durations(bad_durations)

    # Missing predecessors become -1 here and are reported just below.
    get = position.get
    preds = [
        [(get(d.predecessor, -1), d.lag) for d in t.depends_on] if t.depends_on else []
        for t in tasks
    ]
    ordered = True
    suspicious = False
    for i, links in enumerate(preds):
        for p, lag in links:
            # One cheap test for the common case, details only when it fails.
            if not 0 <= p < i or type(lag) is not int:
                if p >= i:
                    ordered = False
                elif p < 0:
                    suspicious = True
                if type(lag) is not int:
                    suspicious = True
    if suspicious:
        _check_dependencies(tasks, position)

    return Graph(ids=ids, durations=durations, preds=preds, input_is_ordered=ordered)


def _check_dependencies(tasks: Sequence[Task], position: dict[str, int]) -> None:
    """Raise for unknown predecessors (first) or lags that are not whole numbers."""
    missing: list[tuple[str, str]] = []
    bad_lags: list[tuple[str, str, object]] = []
    for task in tasks:
        for dep in task.depends_on:
            if dep.predecessor not in position:
                missing.append((task.id, dep.predecessor))
            elif not _is_whole_number(dep.lag):
                bad_lags.append((task.id, dep.predecessor, dep.lag))
    if missing:
        raise ScheduleError.for_unknown_dependencies(missing)
    if bad_lags:
        raise ScheduleError.for_bad_lags(bad_lags)


def topological_order(graph: Graph) -> list[int]:
    """Positions in dependency order, ties broken by input position.

    Kahn's algorithm with a min-heap instead of a FIFO queue: a FIFO would
    reshuffle an input that is already correctly ordered, while the heap
    always yields the order closest to the input, which keeps reports stable
    as a plan is edited.  The heap costs O(log V) per task on top of the usual
    O(V + E); an already-ordered input skips the sort entirely.
    """
    n = len(graph.ids)
    if graph.input_is_ordered:
        return list(range(n))
    indegree = [len(p) for p in graph.preds]
    succs: list[list[int]] = [[] for _ in range(n)]
    for i, links in enumerate(graph.preds):
        for p, _ in links:
            succs[p].append(i)
    # Ascending positions already satisfy the heap invariant.
    ready = [i for i in range(n) if indegree[i] == 0]
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for s in succs[i]:
            indegree[s] -= 1
            if indegree[s] == 0:
                heapq.heappush(ready, s)
    if len(order) < n:
        raise ScheduleError.for_cycle(_find_cycle(graph, indegree))
    return order


def _find_cycle(graph: Graph, indegree: list[int]) -> list[str]:
    """Name one cycle among the tasks Kahn's algorithm could not place.

    Every unplaced task still has an unplaced predecessor (that is why its
    in-degree never reached zero), so walking from predecessor to predecessor
    must eventually revisit a task; the stretch between the two visits is a
    cycle.  It is returned in dependency order (predecessor first), starting
    at the member that comes first in the input, with that id repeated at the
    end: ``["a", "b", "c", "a"]``.
    """
    current = next(i for i, d in enumerate(indegree) if d > 0)
    seen_at: dict[int, int] = {}
    walk: list[int] = []
    while current not in seen_at:
        seen_at[current] = len(walk)
        walk.append(current)
        current = next(p for p, _ in graph.preds[current] if indegree[p] > 0)
    cycle = walk[seen_at[current] :]
    cycle.reverse()  # the walk went successor -> predecessor
    first = cycle.index(min(cycle))
    cycle = cycle[first:] + cycle[:first]
    return [graph.ids[i] for i in (*cycle, cycle[0])]
