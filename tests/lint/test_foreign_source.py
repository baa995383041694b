"""Which task a missing activity's finding points at (ForeignSource._closest), worked out by hand."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pmsm_cli.foreign.convert import Decision
from pmsm_cli.lint.foreign_source import ForeignSource
from pmsm_cli.matching import Candidate, TaskMatch
from pmsm_cli.readers.model import ForeignTask, Where


def _decision(
    number: int, candidates: list[tuple[str, float]], catalog: str | None = None, **more: Any
) -> Decision:
    task = ForeignTask(id=str(number), name=f"task {number}", where=Where(Path("p.xml")))
    found = tuple(Candidate(activity, score, "term") for activity, score in candidates)
    match = TaskMatch(str(number), catalog, found[0].score, "possible", found)
    return Decision(task, f"t{number}", match, catalog, **more)


DECISIONS = [
    _decision(0, [("a", 0.5), ("b", 0.6)]),
    _decision(1, [("a", 0.9)], catalog="x"),  # taken as another activity: never pointed at
    _decision(2, [("b", 0.6), ("a", 0.5)]),
    _decision(3, [("a", 0.3)]),  # below POSSIBLE (0.4)
    _decision(4, [("c", 0.9)], confirmed=True),  # confirmed in the map file
    _decision(5, [("f", 0.7)]),
    _decision(6, [("e", 0.7), ("a", 0.55)]),
]


def _closest(*activities: str) -> tuple[str, float] | None:
    source = ForeignSource(None, "", audited=SimpleNamespace(decisions=DECISIONS))  # type: ignore[arg-type]
    found = source._closest(activities)
    return None if found is None else (found[0].task.id, found[1])


def test_the_highest_score_wins_and_an_earlier_task_breaks_a_tie() -> None:
    assert _closest("a") == ("6", 0.55)  # 0.9 is taken, 0.3 too low; 0.55 beats 0.5
    assert _closest("b") == ("0", 0.6)  # task 2 scores the same, later
    assert _closest("a", "b") == ("0", 0.6)
    assert _closest("e", "f") == ("5", 0.7)  # equal scores: the earlier task, whatever the order
    assert _closest("f", "e") == ("5", 0.7)


def test_no_task_is_pointed_at_when_none_came_close_enough() -> None:
    assert _closest("c") is None
    assert _closest("x", "z") is None
