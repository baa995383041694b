"""Confirmed mappings kept beside a foreign plan: ``plan.xml`` -> ``plan.pmsm-map.yaml``.

A project manager who keeps working in MS Project confirms once which task is
which catalog activity (or that a task is none), and every later ``pmsm
check`` and ``pmsm import`` of that plan takes the confirmation over the
matcher's guess. The file is small and meant to be written by hand or by
``pmsm import --write-map``::

    kind: changed-service        # optional: the project kind, instead of inferring it
    tasks:                       # the source's task id -> catalog activity id, or none
      "42": go-live
      "43": none
    waivers: []                  # optional: waivers, exactly as in a pmsm plan

Task ids are the ones the source shows: MS Project's UID, GanttProject's task
id, Jira's issue key, the WBS or row of a spreadsheet (``pmsm import --format
json`` lists them).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import field
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.base import Id, Strict
from pmsm_cli.models.plan import Waiver
from pmsm_cli.records import record

SUFFIX = ".pmsm-map.yaml"
NONE = "none"  # the task is no catalog activity, whatever the matcher thinks


def _key_as_text(value: object) -> object:
    # YAML reads an unquoted UID (42) as a number; the source's ids are text.
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    return value


class MapFile(Strict):
    kind: Id | None = None
    tasks: Annotated[dict[str, Id], BeforeValidator(_key_as_text)] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)


@record
class Confirmed:
    """What a map file says, checked against the plan and the catalog."""

    path: Path | None  # None: there is no map file
    kind: str | None = None
    tasks: dict[str, str | None] = field(default_factory=dict)  # task id -> catalog id or None
    waivers: tuple[Waiver, ...] = ()


def map_path(plan: Path) -> Path:
    """``plan.xml`` -> ``plan.pmsm-map.yaml``, beside it."""
    return plan.with_name(plan.stem + SUFFIX)


def read_map(
    plan: Path, task_ids: Collection[str], activity_ids: Collection[str], kinds: Collection[str]
) -> Confirmed:
    """The map file beside ``plan``, if there is one; PmsmError at the line of anything wrong."""
    path = map_path(plan)
    if not path.is_file():
        return Confirmed(None)
    from pmsm_cli.files.yamlio import load_yaml
    from pmsm_cli.plan.validation import validate

    doc = load_yaml(path, "map file")
    if doc.data is None:
        return Confirmed(path)
    read = validate(MapFile, doc, "map file")
    problems = []
    if read.kind is not None and read.kind not in kinds:
        problems.append(
            Problem(
                f"'{read.kind}' is not a project kind the catalog knows; expected one of: "
                + ", ".join(sorted(kinds)),
                *doc.locate(("kind",)),
            )
        )
    tasks: dict[str, str | None] = {}
    for task_id, activity in read.tasks.items():
        if task_id not in task_ids:
            problems.append(
                Problem(
                    f"the plan '{plan.name}' has no task '{task_id}' (task ids are those "
                    "'pmsm import --format json' lists)",
                    *doc.locate(("tasks", task_id), prefer_key=True),
                )
            )
        elif activity != NONE and activity not in activity_ids:
            problems.append(
                Problem(
                    f"'{activity}' is not a catalog activity; write a catalog activity id "
                    "('pmsm catalog' lists them) or 'none'",
                    *doc.locate(("tasks", task_id)),
                )
            )
        tasks[task_id] = None if activity == NONE else activity
    if problems:
        raise PmsmError(problems)
    return Confirmed(path, read.kind, tasks, tuple(read.waivers))
