"""``pmsm baseline``: freeze the scheduled dates and costs into the plan file."""

from __future__ import annotations

from pathlib import Path

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.lookup import plan_path
from pmsm_cli.cli.options import CatalogOverlays, PlanArg

EXAMPLES = {
    "baseline": examples(
        ("pmsm baseline my-project", "Freeze the dates and costs of my-project/pmsm.yaml."),
        ("pmsm baseline my-project --diff", "Show what would be written; write nothing."),
        ("pmsm baseline my-project --force", "Baseline again, after an approved change."),
    )
}


def baseline(
    plan: Path = PlanArg,
    force: bool = typer.Option(False, "--force", help="Replace a baseline the plan already has."),
    diff: bool = typer.Option(False, "--diff", help="Show what would change; write nothing."),
    catalog_files: list[Path] | None = CatalogOverlays,
) -> None:
    """Freeze the schedule and costs, to measure progress against.

    Each activity's dates and cost go into baseline_start, baseline_finish and
    baseline_cost; the file keeps its comments and layout.

    The plan is scheduled as written (no suggested catalog activities), as
    'pmsm status' forecasts it. A plan that has a baseline keeps it unless
    --force is given.
    """
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.cli import console
    from pmsm_cli.control import baseline as baselining
    from pmsm_cli.files.editing import editing, unified_diff
    from pmsm_cli.plan.load import parse_plan
    from pmsm_cli.reports import fmt

    path = plan_path(plan)
    # Locked from the read to the write, so that no other pmsm edit is lost in between.
    with editing(path) as edit:
        loaded = parse_plan(edit.text, path)
        if not force and not diff:
            refusal = baselining.existing_baseline(loaded)
            if refusal is not None:
                raise refusal
        frozen = baselining.freeze(loaded, load_catalog(catalog_files or []))
        text = baselining.write_baseline(edit.text, path, frozen)
        if diff:
            typer.echo(unified_diff(edit.text, text, str(path)), nl=False)
            return
        edit.write(text)
    planned = [f for f in frozen if f.start is not None and f.finish is not None]
    first = min(f.start for f in planned if f.start is not None)
    last = max(f.finish for f in planned if f.finish is not None)
    budget = sum(f.cost or 0 for f in planned)
    console.out().print(
        f"{path}: baseline of {fmt.plural(len(planned), 'activity', 'activities')} frozen, "
        f"{first.isoformat()} to {last.isoformat()}, budget at completion {fmt.money(budget)}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
