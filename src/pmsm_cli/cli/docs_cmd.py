"""``pmsm docs``: regenerate a plan's charter and requirements from the plan.

The work is in :mod:`pmsm_cli.scaffold.regenerate`; this module parses the
options, prints what happened to each document and picks the exit code.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import CatalogOverlays, PlanArg, TemplatesOption, VocabularyOption
from pmsm_cli.scaffold import regenerate  # this command's own work: loaded when it runs

EXIT_FINDINGS = 1
EXAMPLES = {
    "docs": examples(
        ("pmsm docs my-project", "After editing my-project/pmsm.yaml: render its documents again."),
        ("pmsm docs my-project --diff", "Show what would change; write nothing."),
        ("pmsm docs my-project --check", "In CI: exit 1 when a document is out of date."),
    )
}
STYLES = {
    "create": "green",
    "identical": "cyan",
    "update": "green",
    "edited": "bold red",
    "overwrite": "yellow",
}


def docs(
    plan: Path = PlanArg,
    force: bool = typer.Option(
        False, "--force", help="Also replace documents edited by hand since pmsm wrote them."
    ),
    diff: bool = typer.Option(False, "--diff", help="Show what would change; write nothing."),
    check: bool = typer.Option(
        False,
        "--check",
        help="Write nothing; exit 1 if a document is not what the plan gives (for CI).",
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
    templates: Path | None = TemplatesOption,
) -> None:
    """Regenerate charter.md and requirements.md from the plan; hand edits are kept.

    The documents then show the costs, names, dates and requirements pmsm.yaml
    holds now.

    The documents are written next to the plan (for a plan named NAME.pmsm.yaml:
    NAME.charter.md and NAME.requirements.md); the plan itself is never written.
    Each document ends with a marker holding a hash of what pmsm wrote: a document
    edited by hand since is kept, with a message, unless --force. Exit code 1 when
    a document was kept, or with --check when one is out of date.
    """
    from pmsm_cli.cli.lookup import plan_path
    from pmsm_cli.cli.options import command_catalog
    from pmsm_cli.plan.load import load_plan

    path = plan_path(plan)
    loaded = load_plan(path)
    catalog = command_catalog(catalog_files or [], vocabulary, path)
    files = regenerate.documents(path, loaded.plan, catalog, [templates] if templates else [])
    decisions = regenerate.decide(path.parent, files, force=force)
    if diff:
        _diffs(decisions)
        return
    if check:
        _check(decisions)
        return
    regenerate.write(decisions)
    _report(decisions)


def _diffs(decisions: list[regenerate.Decision]) -> None:
    from pmsm_cli.files.editing import unified_diff

    for decision in decisions:
        if decision.status is regenerate.Status.identical:
            continue
        if decision.status is regenerate.Status.edited:
            _kept(decision)
            continue
        display = str(decision.target)
        typer.echo(unified_diff(decision.current_text, decision.planned.content, display), nl=False)


def _check(decisions: list[regenerate.Decision]) -> None:
    stale = [d for d in decisions if d.status is not regenerate.Status.identical]
    for decision in stale:
        what = {
            regenerate.Status.create: "is missing",
            regenerate.Status.update: "is out of date with the plan",
        }.get(decision.status, "was edited by hand since pmsm generated it")
        typer.echo(f"{decision.target}: {what}", err=True)
    if stale:
        typer.echo(
            f"{len(stale)} of {len(decisions)} documents would change; run `pmsm docs` "
            "to bring them up to date.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    typer.echo(f"{len(decisions)} documents up to date with the plan.")


def _report(decisions: list[regenerate.Decision]) -> None:
    from rich.markup import escape

    from pmsm_cli.cli import console

    out = console.out()
    for decision in decisions:
        status = decision.status.value
        style = STYLES.get(status, "")
        out.print(f"[{style}]{status:>10}[/{style}]  {escape(str(decision.target))}")
    kept = [d for d in decisions if d.status is regenerate.Status.edited]
    for decision in kept:
        _kept(decision)
    if kept:
        raise typer.Exit(EXIT_FINDINGS)


def _kept(decision: regenerate.Decision) -> None:
    why = (
        "has no pmsm marker (written by hand, or by an older pmsm)"
        if decision.unmarked
        else "was edited by hand since pmsm generated it"
    )
    typer.echo(
        f"{decision.target}: {why}, so it was kept as it is. Put the change in the plan "
        "(or your templates) and run `pmsm docs --force` to replace the document; "
        "--diff shows what would change.",
        err=True,
    )
