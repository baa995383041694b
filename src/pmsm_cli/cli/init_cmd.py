"""``pmsm init``: scaffold a project folder (plan, charter, requirements).

Parses the options, supplies the prompts when a person is at a terminal, and
prints what happened to each file; the work is in :mod:`pmsm_cli.scaffold`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pmsm_cli.cli import console
from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import CatalogOverlays, TemplatesOption, VocabularyOption

if TYPE_CHECKING:
    from pmsm_cli.models.catalog import Catalog
    from pmsm_cli.scaffold.apply import Outcome
    from pmsm_cli.scaffold.documents import PlannedFile
    from pmsm_cli.scaffold.project import Result
    from pmsm_cli.scaffold.questions import Question

EXAMPLES = {
    "init": examples(
        ("pmsm init my-project", "Start a project in my-project/, answering a few questions."),
        (
            "pmsm init hr-portal --defaults --kind new-service --name 'HR portal'",
            "Start one without questions, for scripts.",
        ),
        ("pmsm init my-project --dry-run", "List what would be written; write nothing."),
    )
}

STYLES = {
    "create": "green",
    "identical": "cyan",
    "conflict": "bold red",
    "overwrite": "yellow",
    "skip": "yellow",
}
DIFF_LINES = 40  # how much of a difference to show before asking


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (tests replace this)."""
    return sys.stdin.isatty()


def init(
    folder: Path = typer.Argument(
        ..., metavar="DIR", help="The project folder to create or update."
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        metavar="KIND",
        help="new-service, changed-service, retire-service, process-adoption or improvement.",
    ),
    name: str | None = typer.Option(None, "--name", help="The project's name."),
    service: str | None = typer.Option(
        None, "--service", help="The IT service concerned (default: the project name)."
    ),
    start: str | None = typer.Option(
        None, "--start", metavar="YYYY-MM-DD", help="Start date (default: today)."
    ),
    country: str | None = typer.Option(
        None,
        "--country",
        metavar="CODE",
        help="Whose public holidays are days off: an ISO code such as DE, GB or US, or - for "
        "none (default: the country of your locale, e.g. DE for LANG=de_DE.UTF-8); "
        "--set subdivision=BY adds a region's.",
    ),
    defaults: bool = typer.Option(
        False, "--defaults", help="Never prompt: take every answer not given from defaults."
    ),
    sets: list[str] | None = typer.Option(
        None,
        "--set",
        metavar="KEY=VALUE",
        help="Give any answer (repeatable). Keys: name, kind, service, start, country, "
        "subdivision, manager, sponsor, customer, users, objective, horizon_years, investment, "
        "implement_cost, run_cost, retire_cost, benefit.",
    ),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Replace files that differ without asking."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="List the files that would be written; write nothing."
    ),
    diff: bool = typer.Option(
        False,
        "--diff",
        help="Show what would be written, as a unified diff of each file; write nothing.",
    ),
    pretend: bool = typer.Option(
        False, "--pretend", hidden=True, help="Deprecated: use -n/--dry-run."
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
    templates: Path | None = TemplatesOption,
) -> None:
    """Start a project: plan, charter and registers that think ITIL.

    Writes DIR/pmsm.yaml (the plan: charter with total cost of ownership, stakeholders,
    requirement checklists, risks, scope and scheduled activities), DIR/charter.md and
    DIR/requirements.md. Asks for what is not given when run in a terminal. A file that
    exists and differs is only replaced after a yes, or with --overwrite.
    """
    from pmsm_cli.cli.options import command_catalog
    from pmsm_cli.errors import PmsmError
    from pmsm_cli.scaffold import questions
    from pmsm_cli.scaffold.project import scaffold

    if pretend:
        sys.stderr.write("note: --pretend is now -n/--dry-run, which does the same\n")
    preview = dry_run or pretend or diff
    # The configuration the new plan will be checked with: the nearest to its folder.
    near = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    catalog = command_catalog(catalog_files or [], vocabulary, near)
    flags: dict[str, Any] = {}
    for key, value in (
        ("kind", kind),
        ("name", name),
        ("service", service),
        ("start", start),
        ("country", country),
    ):
        if value is None:
            continue
        try:
            flags[key] = questions.parse_answer(key, value, catalog)
        except ValueError as exc:
            raise PmsmError(f"--{key}: {exc}") from None
    given = questions.merge_given(flags, questions.parse_sets(sets or [], catalog))
    if country is not None and flags["country"] is None:
        given.setdefault("country", None)  # --country -: no public holidays, not the locale's
    interactive = stdin_is_terminal() and not defaults
    result = scaffold(
        folder,
        catalog,
        given,
        ask=_ask if interactive else None,
        confirm=_confirm if interactive else None,
        overwrite=overwrite,
        pretend=preview,
        template_dirs=[templates] if templates else [],
    )
    if diff:
        _diff(result)
    else:
        _report(result, pretend=preview)


def _ask(question: Question, default: Any, catalog: Catalog) -> Any:
    """Prompt until the answer reads well; the default is kept on Enter."""
    from rich.markup import escape
    from rich.prompt import Prompt

    from pmsm_cli.errors import PmsmError
    from pmsm_cli.scaffold import questions

    out = console.out()
    shown = questions.show(default)
    choices = question.choices(catalog) if question.choices else None
    while True:
        try:
            raw = Prompt.ask(
                escape(question.prompt),
                console=out,
                default=shown,
                show_default=bool(shown),
                choices=choices,
            )
        except EOFError:
            raise PmsmError(
                f"the input ended before '{question.prompt}' was answered; "
                "use --defaults (and --set) to run without prompts"
            ) from None
        try:
            return questions.parse_answer(question.key, raw, catalog)
        except ValueError as exc:
            out.print(f"[red]{escape(str(exc))}[/red]")


def _confirm(planned: PlannedFile, target: Path) -> bool:
    """Show how a file would change, then ask whether to replace it (default: no)."""
    import difflib

    from rich.markup import escape
    from rich.prompt import Confirm

    from pmsm_cli.errors import PmsmError

    out = console.out()
    current = target.read_text(encoding="utf-8", errors="replace").splitlines()
    diff = list(
        difflib.unified_diff(
            current,
            planned.content.splitlines(),
            f"{target} (yours)",
            f"{target} (pmsm init)",
            lineterm="",
        )
    )
    out.print(f"[bold red]conflict[/bold red] {escape(str(target))} differs:")
    for line in diff[:DIFF_LINES]:
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
        out.print(f"[{style}]{escape(line)}[/{style}]", soft_wrap=True)
    if len(diff) > DIFF_LINES:
        out.print(f"[dim]... {len(diff) - DIFF_LINES} more lines of difference[/dim]")
    try:
        return bool(
            Confirm.ask(
                f"Replace {escape(str(target))} (your changes are lost)?",
                default=False,
                console=out,
            )
        )
    except EOFError:
        raise PmsmError(
            f"the input ended before deciding about {target}; nothing more was written"
        ) from None


def _diff(result: Result) -> None:
    """--diff: each file that would be created or differs, as a unified diff on stdout."""
    from pmsm_cli.files.editing import unified_diff

    changed = 0
    for outcome in result.outcomes:
        if outcome.status.value == "identical":
            continue
        target = outcome.target
        old = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
        sys.stdout.write(unified_diff(old, outcome.planned.content, str(target)))
        changed += 1
    sys.stdout.flush()
    same = len(result.outcomes) - changed
    console.err().print(
        f"--diff: nothing written; {changed} file(s) would be created or changed, "
        f"{same} already as pmsm init would write them",
        markup=False,
        highlight=False,
    )


def _report(result: Result, *, pretend: bool) -> None:
    from rich.markup import escape

    out = console.out()
    if pretend:
        out.print("[bold]--dry-run:[/bold] nothing is written; this is what would happen:")
    for outcome in result.outcomes:
        _line(outcome)
    conflicts = sum(1 for o in result.outcomes if o.status.value == "conflict")
    if pretend:
        if conflicts:
            out.print(
                f"{conflicts} file(s) differ: a real run asks about each one in a terminal, "
                "or needs --overwrite."
            )
        return
    plan = result.plan
    charter = plan.charter
    folder = result.outcomes[0].target.parent if result.outcomes else Path()
    unnamed = sum(1 for s in plan.stakeholders if s.applicable and not s.name)
    out.print(
        f"\n{len(plan.activities)} activities for {len(plan.scope)} ITIL processes, "
        f"{len(plan.stakeholders)} stakeholders ({unnamed} to name or mark not applicable), "
        f"{len(plan.requirements)} requirement checklist items, {len(plan.risks)} risks."
    )
    if not any(c.category == "run" and c.amount > 0 for c in charter.costs):
        out.print(
            "[yellow]The charter has no run-the-business costs yet[/yellow] (support "
            "labour, infrastructure upkeep, supplier warranty): fill them in before the "
            "sponsor signs (§2.1)."
        )
    out.print(
        f"Next: fill in {escape(str(folder / 'pmsm.yaml'))}; its comments say what each part "
        "needs. `pmsm catalog show ID` explains any id in it; "
        f"`pmsm docs {escape(str(folder))}` brings charter.md and requirements.md up to date."
    )


def _line(outcome: Outcome) -> None:
    from rich.markup import escape

    status = outcome.status.value
    style = STYLES.get(status, "")
    console.out().print(f"[{style}]{status:>10}[/{style}]  {escape(str(outcome.target))}")
