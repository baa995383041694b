"""``pmsm rules`` and ``pmsm explain CODE``: what pmsm check looks for, and why."""

from __future__ import annotations

import json
from enum import Enum

import typer

from pmsm_cli.errors import PmsmError


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


def rules(
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List every rule of pmsm check: code, name, severity, what it finds, its source (§)
    and its basis: whether the source requires or suggests it, or it is pmsm's policy."""
    from pmsm_cli.cli import console
    from pmsm_cli.lint.rules import RULES

    if fmt is RulesFormat.json:
        rows = [
            {
                "code": r.code,
                "name": r.slug,
                "title": r.title,
                "severity": r.severity,
                "source": r.source,
                "basis": r.basis,
                "fixable": r.fixable,
            }
            for r in RULES
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(
        title=f"{len(RULES)} rules",
        caption="pmsm explain CODE shows a rule's rationale and examples; fix: --fix can mend it",
    )
    for name in ("code", "name", "severity", "what it finds", "§", "basis", "fix"):
        table.add_column(name, no_wrap=name not in ("what it finds", "name"))
    for r in RULES:
        table.add_row(
            r.code,
            r.slug,
            r.severity,
            r.title,
            r.source.replace("seed 004 ", ""),
            r.basis,
            "yes" if r.fixable else "",
        )
    console.out().print(table)


def explain(
    code: str = typer.Argument(..., metavar="CODE", help="A rule code (CHT001) or name."),
) -> None:
    """Explain one rule: why it matters, its source, an example that fails and one that passes."""
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
    out.print(f"Source: {rule.source} ({BASIS_WORDS[rule.basis]})", markup=False)
    out.print()
    out.print(rule.rationale, markup=False)
    for label, example in (("Fails:", rule.bad), ("Passes:", rule.good)):
        out.print()
        out.print(f"[bold]{label}[/bold]")
        for line in example.rstrip("\n").splitlines():
            out.print("    " + line, markup=False, soft_wrap=True)
