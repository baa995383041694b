"""``pmsm check FOREIGN_FILE --fix -o OUT``: the missing activities written back in the PM's tool.

The check reads and recognises the plan once (``foreign.audit``, map file
included); ``lint.runner`` then passes its decisions and the activities its
findings report missing (less waived and ignored ones) to :func:`write_fix`
(or, for ``--diff``, to :func:`plan_fix` and :func:`preview`), which places the missing activities
(``placement``), estimates their dates (``timing``) and writes a copy of the
source with them added, in the source's own format:

* MS Project XML in, MS Project XML out (``write_mspdi``); an .mpp (or
  another schedule MPXJ reads) comes out as MS Project XML, as MPXJ writes it;
* CSV in, the same CSV with rows added (``write_table``);
* Excel in, a copy of the workbook with rows added to the plan's sheet (``write_xlsx``).

Other formats are refused with a message naming the ones supported. The
output is never the input (``cli.output.refuse_inputs``) and is written whole
or not at all (``fsio.write_atomic``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pmsm_cli.cli.output import ENDINGS, refuse_inputs
from pmsm_cli.errors import PmsmError
from pmsm_cli.files.fsio import write_atomic
from pmsm_cli.foreign.placement import SUMMARY_NAME, Anchor, Placed, place
from pmsm_cli.foreign.timing import estimate
from pmsm_cli.matching import TaskMatch, covering_tasks
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.records import record

# Reader name -> the output format (its name in cli.output.ENDINGS) a fix writes.
# A schedule MPXJ reads (.mpp, .mpx, .xer, .planner) comes back as MS Project XML.
WRITABLE = {"mspdi": "mspdi", "mpxj": "mspdi", "csv": "csv", "xlsx": "xlsx"}
SUPPORTED = (
    "MS Project XML (.xml; from an .mpp too), CSV task lists (.csv) and Excel workbooks (.xlsx)"
)


@record(slots=True)
class FixResult:
    """What was written: the new tasks and the links left out."""

    output: Path
    placed: Placed


def missing_activities(matches: Sequence[TaskMatch], catalog: Catalog, kind: str) -> list[str]:
    """The catalog activities of ``kind`` that no task covers, in catalog order."""
    return [a for a, tasks in covering_tasks(matches, catalog, kind).items() if not tasks]


def writer_for(plan: ForeignPlan) -> str:
    """The output format a fix of ``plan`` is written in; PmsmError for a format it cannot be."""
    fmt = WRITABLE.get(plan.format)
    if fmt is None:
        raise PmsmError(
            f"--fix writes the missing activities back into {SUPPORTED}; this plan is "
            f"read as {plan.format}. Import it with pmsm import and add them there, or "
            "save it from your tool in one of those formats",
            plan.path,
        )
    return fmt


def plan_fix(
    plan: ForeignPlan,
    matches: Sequence[TaskMatch],
    catalog: Catalog,
    kind: str,
    missing: Sequence[str] | None = None,
) -> Placed:
    """Where the ``missing`` activities (default: all no task covers) go among the PM's tasks."""
    covered = covering_tasks(matches, catalog, kind)
    if missing is None:
        missing = [a for a, tasks in covered.items() if not tasks]
    return place(plan, covered, missing, catalog, kind)


def preview(plan: ForeignPlan, placed: Placed) -> str:
    """What ``--fix -o COPY`` would add, one new task a line, for ``--diff``.

    A foreign file has no text a unified diff could show (an MS Project XML
    copy differs in hundreds of lines), so the new tasks are listed with the
    PM's tasks they would follow and precede, named as the PM names them.
    """
    if not placed.tasks:
        return ""
    names = {task.id: task.name for task in plan.tasks}
    titles = {p.activity: p.name for p in placed.tasks}

    def named(anchor: Anchor) -> str:
        if anchor.task_id is not None:
            return f"'{names.get(anchor.task_id, anchor.task_id)}' ({anchor.task_id})"
        return f"new '{titles.get(anchor.activity or '', anchor.activity)}'"

    lines = [f"{plan.path}: --fix -o COPY would add under '{SUMMARY_NAME}':"]
    for new in placed.tasks:
        span = "milestone" if new.milestone else f"{new.duration_days} d"
        line = f"+ {new.name} ({new.activity}), {span}"
        if new.after:
            line += ", after " + ", ".join(named(a) for a in new.after)
        if new.before:
            line += ", before " + ", ".join(named(Anchor(task_id=t)) for t in new.before)
        lines.append(line)
    lines += [f"  left out: {why}" for why in placed.skipped]
    return "\n".join(lines) + "\n"


def write_fix(
    plan: ForeignPlan,
    matches: Sequence[TaskMatch],
    catalog: Catalog,
    kind: str,
    output: Path,
    missing: Sequence[str] | None = None,
) -> FixResult:
    """Write a copy of ``plan``'s file to ``output`` with the missing activities added.

    ``missing`` defaults to every activity of ``kind`` no task covers; a
    command may pass fewer (those the user did not waive).
    """
    fmt = writer_for(plan)
    _check_ending(output, fmt, plan.path if fmt == plan.format else None)
    refuse_inputs(output, [plan.path])
    placed = plan_fix(plan, matches, catalog, kind, missing)
    spans = estimate(plan, placed)
    if fmt == "mspdi":
        from pmsm_cli.foreign.write_mspdi import write_copy

        xml = None
        if plan.format == "mpxj":
            from pmsm_cli.readers.mpxj import as_mspdi

            xml = as_mspdi(plan.path)
        content = write_copy(plan.path, placed, spans, xml)
    elif fmt == "xlsx":
        from pmsm_cli.foreign.write_xlsx import write_xlsx_copy

        content = write_xlsx_copy(plan, placed, spans)
    else:
        from pmsm_cli.foreign.write_table import write_csv_copy

        content = write_csv_copy(plan, placed, spans)
    write_atomic(output, content)
    return FixResult(output, placed)


def _check_ending(output: Path, fmt: str, source: Path | None) -> None:
    """The copy is in the format written, so its name ends as that format's files do (or
    as the ``source``'s own name, when it is in that format: a CSV saved as .txt)."""
    own = (source.suffix.lower(),) if source is not None else ()
    endings = tuple(dict.fromkeys((*ENDINGS[fmt], *own)))
    if not output.name.lower().endswith(endings):
        raise PmsmError(
            f"the copy with the missing activities is in the plan's own format; name it with "
            f"{' or '.join(e for e in endings if e)}",
            output,
        )
