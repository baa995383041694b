"""``pmsm docs``: bring the documents of a plan (charter.md, requirements.md) up to date.

The documents are rendered from the plan by the same templates ``pmsm init``
uses, next to the plan file, whenever the plan changes. The plan itself is
only read, never written. Each document is decided on alone:

* absent: ``create``;
* byte for byte what pmsm would write: ``identical`` (left untouched);
* as pmsm last generated it (its marker's hash holds, see
  :mod:`.marker`): ``update``, replaced by the new text;
* changed by someone since, or without a marker: ``edited``, kept as it is
  unless ``force``, then ``overwrite``.

A plan named ``pmsm.yaml`` has ``charter.md`` and ``requirements.md``; a plan
named ``payroll.pmsm.yaml`` (several plans in one folder) has
``payroll.charter.md`` and ``payroll.requirements.md``, so that the plans of
a folder do not write over each other's documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.records import record
from pmsm_cli.scaffold import marker
from pmsm_cli.scaffold.documents import PlannedFile

PLAN_FILE = "pmsm.yaml"
PLAN_SUFFIX = ".pmsm.yaml"


class Status(str, Enum):
    create = "create"
    identical = "identical"
    update = "update"
    edited = "edited"  # kept: changed by hand since pmsm generated it
    overwrite = "overwrite"  # edited, replaced because of --force

    @property
    def writes(self) -> bool:
        return self in (Status.create, Status.update, Status.overwrite)


@record
class Decision:
    planned: PlannedFile
    target: Path
    status: Status
    current: bytes | None  # what the file holds now (None: absent)
    unmarked: bool = False  # edited because it has no marker at all

    @property
    def current_text(self) -> str:
        return (self.current or b"").decode("utf-8", errors="replace")


def document_name(plan_path: Path, name: str) -> str:
    """``charter.md`` for ``pmsm.yaml``; ``payroll.charter.md`` for ``payroll.pmsm.yaml``."""
    file = plan_path.name
    if file == PLAN_FILE:
        return name
    stem = file[: -len(PLAN_SUFFIX)] if file.endswith(PLAN_SUFFIX) else plan_path.stem
    return f"{stem}.{name}"


def documents(
    plan_path: Path, plan: Plan, catalog: Catalog, template_dirs: Sequence[Path] = ()
) -> list[PlannedFile]:
    """The documents of the plan at ``plan_path``, with the paths they take beside it.

    The plan file itself is left out (it is the source), and so is any
    organisation file that cannot carry the marker.
    """
    from pmsm_cli.scaffold.build import schedule
    from pmsm_cli.scaffold.documents import render_documents

    rendered = render_documents(
        plan, catalog, schedule(plan, catalog), template_dirs, source=plan_path.name
    )
    return [
        PlannedFile(document_name(plan_path, f.path), f.content, f.template)
        for f in rendered[1:]
        if marker.takes_marker(f.path)
    ]


def decide(folder: Path, files: Sequence[PlannedFile], *, force: bool) -> list[Decision]:
    """What to do with each document; reads the folder, writes nothing."""
    from pmsm_cli.scaffold.apply import target_path

    decisions = []
    for planned in files:
        target = target_path(folder, planned.path, planned.template)
        if target.is_dir():
            raise PmsmError(
                f"cannot write '{planned.path}': a folder of that name is there", target
            )
        try:
            current = target.read_bytes() if target.exists() else None
        except OSError as exc:
            raise PmsmError(f"cannot read the file: {exc.strerror or exc}", target) from None
        decisions.append(_decide(planned, target, current, force=force))
    return decisions


def _decide(planned: PlannedFile, target: Path, current: bytes | None, *, force: bool) -> Decision:
    if current is None:
        return Decision(planned, target, Status.create, None)
    if current == planned.content.encode("utf-8"):
        return Decision(planned, target, Status.identical, current)
    try:
        state = marker.read(current.decode("utf-8")).state
    except UnicodeDecodeError:  # not text pmsm wrote
        state = marker.State.unmarked
    if state is marker.State.generated:
        return Decision(planned, target, Status.update, current)
    status = Status.overwrite if force else Status.edited
    return Decision(planned, target, status, current, unmarked=state is marker.State.unmarked)


def write(decisions: Sequence[Decision]) -> None:
    """Write every document decided on, each whole or not at all.

    Each file is compared again just before its rename (``expect``): a file
    someone saves while pmsm renders is not lost.
    """
    from pmsm_cli.files.fsio import write_atomic

    for decision in decisions:
        if decision.status.writes:
            write_atomic(decision.target, decision.planned.content, expect=decision.current)
