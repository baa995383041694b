"""``pmsm rules`` and ``pmsm explain CODE``: what pmsm check looks for, and why."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import CatalogOverlays, VocabularyOption
from pmsm_cli.errors import PmsmError
from pmsm_cli.formatting.jsontext import json_document

if TYPE_CHECKING:
    from pmsm_cli.lint.rule import Rule
    from pmsm_cli.models.catalog import Catalog

EXAMPLES = {
    "rules": examples(
        ("pmsm rules", "Every rule as a table."),
        ("pmsm rules --format json", "The same as JSON, for other tools."),
    ),
    "explain": examples(
        ("pmsm explain CHT001", "Why the rule exists, with a failing and a passing example."),
        ("pmsm explain CHT001 --vocabulary itil4", "The same, in ITIL 4's words."),
    ),
}


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


def rules(
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List the check rules: code, name, severity, what each finds.

    Each rule's basis is given too: whether its source requires or suggests
    it, or it is pmsm's policy.
    """
    from pmsm_cli.cli import console
    from pmsm_cli.lint.rules import RULES

    if fmt is RulesFormat.json:
        rows = [
            {
                "code": r.code,
                "name": r.slug,
                "title": r.title,
                "severity": r.severity,
                "source": r.cited,
                "basis": r.basis,
                "fixable": r.fixable,
            }
            for r in RULES
        ]
        typer.echo(json_document(rows), nl=False)
        return
    from rich.table import Table

    from pmsm_cli.catalogs.citing import short

    table = Table(
        title=f"{len(RULES)} rules",
        caption="source: § of the Third Sky whitepaper, or another document; '-': a "
        "housekeeping rule (the plan's own consistency). pmsm explain CODE shows a rule's "
        "rationale and examples; fix: --fix can mend it",
    )
    for name in ("code", "name", "severity", "what it finds", "source", "basis", "fix"):
        table.add_column(name, no_wrap=name not in ("what it finds", "name", "source"))
    for r in RULES:
        table.add_row(
            r.code,
            r.slug,
            r.severity,
            r.title,
            short(r.source),
            r.basis,
            "yes" if r.fixable else "",
        )
    console.out().print(table)


def explain(
    code: str = typer.Argument(..., metavar="CODE", help="A rule code (CHT001) or name."),
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
) -> None:
    """Explain a check rule: why it exists, its source, examples.

    For a rule about catalog activities, also where their process and process group sit in
    ITIL 4, PMBOK 7 and PRINCE2."""
    from pmsm_cli.cli import console
    from pmsm_cli.lint.rule import BASIS_WORDS
    from pmsm_cli.lint.rules import RULES, find

    rule = find(code)
    if rule is None:
        import difflib

        names = [r.code for r in RULES] + [r.slug for r in RULES]
        close = difflib.get_close_matches(code, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; 'pmsm rules' lists them"
        raise PmsmError(f"no rule has the code or name '{code}'{hint}")
    out = console.out()
    extras = ", can be fixed with --fix" if rule.fixable else ""
    out.print(f"[bold]{rule.code}[/bold] {rule.slug} ({rule.severity}{extras})")
    out.print(rule.title, markup=False)
    basis = BASIS_WORDS[rule.basis]
    # A housekeeping rule cites no document: its basis says so.
    out.print(f"Source: {rule.cited} ({basis})" if rule.cited else f"Basis: {basis}", markup=False)
    out.print()
    out.print(rule.rationale, markup=False)
    for label, example in (("Fails:", rule.bad), ("Passes:", rule.good)):
        out.print()
        out.print(f"[bold]{label}[/bold]")
        for line in example.rstrip("\n").splitlines():
            out.print("    " + line, markup=False, soft_wrap=True)
    if rule.activities:
        from pmsm_cli.cli.options import command_catalog

        catalog = command_catalog(catalog_files or [], vocabulary, Path.cwd())
        lines = _framework_lines(rule, catalog)
        if lines:
            out.print()
            out.print("[bold]In other frameworks:[/bold]")
            for line in lines:
                out.print("    " + line, markup=False, soft_wrap=True)


def _framework_lines(rule: Rule, catalog: Catalog) -> list[str]:
    """Where the processes and process groups of a rule's activities sit in ITIL 4, PMBOK 7
    and PRINCE2: one line per mapping, "Change Management: ITIL 4 Change Enablement (...)"."""
    from pmsm_cli.catalogs.frameworks import mapping_lines

    entries: dict[str, str] = {}  # id -> title, in the order the rule's activities give
    for activity_id in rule.activities:
        activity = catalog.activity_by_id.get(activity_id)
        if activity is None:  # disabled by an overlay
            continue
        process = catalog.process_by_id.get(activity.process or "")
        group = catalog.group_by_id.get(activity.pmbok_group)
        for entry in (process, group):
            if entry is not None:
                entries.setdefault(entry.id, entry.title)
    return [
        f"{title}: {label} {text}"
        for entry_id, title in entries.items()
        for label, text in mapping_lines(catalog, entry_id)
    ]
