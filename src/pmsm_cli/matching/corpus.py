"""Labelled plans: task names with the catalog activity each one is, for measuring the matcher.

One YAML file per source plan (see tests/data/corpus/README.md)::

    source: where the task names come from
    licence: MIT
    kind: new-service
    decoy: true            # optional: every task is a decoy (labelled none on purpose)
    tasks:
      - name: Service Transition
        catalog: null      # an activity id, a list of ids that are all right, or null
        children:
          - {name: Change approved at CAB, catalog: cab-approval}
          - {name: Hypercare, catalog: early-life-support, notes: "4 weeks"}

Children become tasks whose summary task is their parent, as a reader would
make them. An organisation can keep such files for its own plans and measure
its overlay's terms with bench/matching.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import load_yaml
from pmsm_cli.readers.model import ForeignTask, Where
from pmsm_cli.records import record


@record(slots=True)
class Label:
    """What a task is: the activities any of which is a right answer (none: not ITIL work)."""

    catalog: tuple[str, ...]  # the first is the one the task is counted under
    decoy: bool  # written to look like an activity without being one

    @property
    def primary(self) -> str | None:
        return self.catalog[0] if self.catalog else None


@dataclass(slots=True)
class LabelledPlan:
    path: Path
    source: str
    licence: str
    kind: str
    tasks: list[ForeignTask] = field(default_factory=list)
    labels: dict[str, Label] = field(default_factory=dict)  # task id -> label


def load_plans(paths: Iterable[Path]) -> list[LabelledPlan]:
    """Every labelled plan in these files, in the order given."""
    return [load_plan(path) for path in paths]


def load_plan(path: Path) -> LabelledPlan:
    data = load_yaml(path, "labelled plan").data
    if not isinstance(data, Mapping) or not isinstance(data.get("tasks"), list):
        raise PmsmError("a labelled plan needs 'source', 'licence', 'kind' and 'tasks'", path)
    plan = LabelledPlan(
        path,
        str(data.get("source", "")),
        str(data.get("licence", "")),
        str(data.get("kind", "")),
    )
    _add(plan, data["tasks"], parent=None, level=1, decoy=bool(data.get("decoy", False)))
    return plan


_TASK_KEYS = frozenset({"name", "catalog", "notes", "children", "decoy"})


def _add(
    plan: LabelledPlan, entries: Sequence[Any], parent: str | None, level: int, decoy: bool
) -> None:
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise PmsmError(f"every task needs a 'name' (after task {len(plan.tasks)})", plan.path)
        unknown = sorted(str(key) for key in entry if key not in _TASK_KEYS)
        if unknown:
            # Most often a comma in an unquoted name: {name: Plan, build, catalog: x}.
            raise PmsmError(
                f"the task '{entry['name']}' has unknown keys {', '.join(unknown)}; "
                f"quote a name that contains a comma",
                plan.path,
            )
        task_id = str(len(plan.tasks) + 1)
        children = entry.get("children") or []
        plan.tasks.append(
            ForeignTask(
                id=task_id,
                name=entry["name"],
                where=Where(plan.path, uid=task_id),
                outline_level=level,
                parent=parent,
                summary=bool(children),
                notes=str(entry.get("notes") or ""),
            )
        )
        plan.labels[task_id] = Label(
            _ids(entry.get("catalog"), plan.path, entry["name"]),
            decoy or bool(entry.get("decoy", False)),
        )
        _add(plan, children, task_id, level + 1, decoy)


def _ids(value: Any, path: Path, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PmsmError(
        f"the task '{name}' should have 'catalog:' an activity id, a list of ids or null", path
    )
