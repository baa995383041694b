"""``pmsm sync PLAN plan.xlsx``: write a project manager's Excel edits back into the plan file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli import console
from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.lookup import plan_path
from pmsm_cli.cli.options import CatalogOverlays, PlanArg
from pmsm_cli.errors import PmsmError

if TYPE_CHECKING:
    from pmsm_cli.control.sync import SyncResult
    from pmsm_cli.files.editing import EditedFile
    from pmsm_cli.models.catalog import Catalog

EXAMPLES = {
    "sync": examples(
        ("pmsm sync my-project plan.xlsx", "Take the edits made in plan.xlsx into the plan."),
        ("pmsm sync my-project plan.xlsx --diff", "Show the change to the plan; write nothing."),
        ("pmsm sync my-project plan.xlsx --dry-run", "List the edits, field by field."),
    )
}

WORKBOOK_ENDINGS = (".xlsx", ".xlsm")


def sync(
    plan: Path = PlanArg,
    workbook: Path = typer.Argument(
        ..., metavar="WORKBOOK", help="The workbook from 'pmsm plan PLAN -o plan.xlsx', edited."
    ),
    diff: bool = typer.Option(
        False, "--diff", help="Print the change to the plan file as a unified diff; write nothing."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="Say what would change, field by field; write nothing."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Apply the cells edited in the workbook even though the plan file changed "
        "since the workbook was written.",
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
) -> None:
    """Take the edits made in the Excel workbook into the plan.

    Only cells that differ from what 'pmsm plan' wrote are taken; the plan file
    keeps its comments, key order and layout. Suggested activities whose row
    was filled in are added to the plan. A workbook whose layout was changed,
    a value that cannot be read, or a plan file changed since the workbook was
    written (unless --force) is an error, and nothing is written.
    """
    if plan.suffix.lower() in WORKBOOK_ENDINGS:
        raise PmsmError(
            f"the plan file comes first and the workbook second: pmsm sync pmsm.yaml {plan.name}",
            plan,
        )
    if workbook.suffix.lower() not in WORKBOOK_ENDINGS:
        raise PmsmError(
            f"expected an Excel workbook (.xlsx) written by 'pmsm plan', got '{workbook.name}'",
            workbook,
        )

    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.files.editing import editing

    plan_file = plan_path(plan)
    catalog = load_catalog(list(catalog_files or []))
    # Locked from the read to the write, so that no other pmsm edit is lost in between.
    with editing(plan_file) as edit:
        _sync(edit, workbook, catalog, diff=diff, dry_run=dry_run, force=force)


def _sync(
    edit: EditedFile, workbook: Path, catalog: Catalog, *, diff: bool, dry_run: bool, force: bool
) -> None:
    from pmsm_cli.control.sync import sync_plan

    plan_file = edit.path
    result = sync_plan(plan_file, workbook, catalog, force=force)
    edit.confirm_read(result.old_text)  # sync read the file itself: the same text, or refuse
    stderr = console.err()

    def say(text: str) -> None:
        stderr.print(text, markup=False, highlight=False, soft_wrap=True)

    if result.plan_changed:
        say(
            f"warning: {plan_file} changed since {workbook} was written; --force: applying "
            "only the cells edited in the workbook"
        )
    if diff:
        from pmsm_cli.files.editing import unified_diff

        sys.stdout.write(unified_diff(result.old_text, result.new_text, str(plan_file)))
        sys.stdout.flush()
    if dry_run:
        for change in result.changes:
            say(f"  {change.describe()}  ({workbook.name} row {change.row})")
    if not result.changes:
        say(f"{plan_file}: no edits in {workbook} to take over; nothing written")
        return
    writing = not (diff or dry_run)
    if writing:
        edit.write(result.new_text)
    say(_summary(result, writing))


def _summary(result: SyncResult, written: bool) -> str:
    activities = len(result.changed_activities)
    fields = ", ".join(f"{name} ({count})" for name, count in result.field_counts().items())
    verb = "updated" if written else "would update"
    text = (
        f"{result.plan_path}: {verb} {activities} "
        f"{'activity' if activities == 1 else 'activities'} from {result.workbook_path}: {fields}"
    )
    if result.added:
        text += f"; {len(result.added)} suggested added: {', '.join(result.added)}"
    return text if written else text + "; nothing written"
