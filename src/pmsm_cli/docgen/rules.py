"""One page per rule of ``pmsm check``, and an index, from the rules' own metadata.

As ruff documents its rules: what the rule finds, why (the rationale, citing its
source), how strongly the source asks for it, and an example that fails beside
the same example mended. Everything comes from the ``Rule`` in the registry.
"""

from __future__ import annotations

from pmsm_cli.docgen.text import cell, fence
from pmsm_cli.lint.rule import BASIS_WORDS, NEED_WORDS, Basis, Rule
from pmsm_cli.lint.rules import RULES

FOLDER = "reference/rules"
WAIVERS = "../../guide/check.md#accepting-a-finding-inline-ignores-and-waivers"

# The order and headings of the index's sections by basis.
_BASIS_HEADINGS: tuple[tuple[Basis, str], ...] = (
    ("requires", "Where the source requires it"),
    ("suggests", "Where the source suggests it: a recorded decision answers the rule"),
    ("policy", "pmsm's policy, beyond what the source asks"),
    ("housekeeping", "The plan's own consistency"),
)


def source_text(rule: Rule) -> str:
    """The rule's citation as users read it in findings; housekeeping rules cite none."""
    return rule.cited or "none (housekeeping: the plan's own consistency)"


def page_path(rule: Rule) -> str:
    return f"{FOLDER}/{rule.code}.md"


def rule_page(rule: Rule) -> str:
    fixable = " It can be fixed with `pmsm check --fix`." if rule.fixable else ""
    lines = [
        f"# {rule.code} {rule.slug}",
        "",
        f"**{cell(rule.title)}**",
        "",
        "| property | value |",
        "|---|---|",
        f"| code | `{rule.code}` |",
        f"| name | `{rule.slug}` |",
        f"| family | `{rule.family}` |",
        f"| severity | {rule.severity} |",
        f"| source | {cell(source_text(rule))} |",
        f"| basis | {rule.basis}: {cell(BASIS_WORDS[rule.basis])} |",
        f"| fixable | {'yes' if rule.fixable else 'no'} |",
        "",
        "## Why",
        "",
        cell(rule.rationale) + fixable,
        "",
    ]
    if rule.across is not None:
        lines += [
            "This rule looks across all the plans of one run (a folder or several files): "
            "each example below holds two plans, separated by `---`.",
            "",
        ]
    if rule.needs:
        needed = ", ".join(NEED_WORDS[n] for n in sorted(rule.needs))
        lines += [
            f"It reads {needed}. A task list kept in another tool holds none of that, so the "
            "rule is left out of its check and named in one `INP002` finding instead.",
            "",
        ]
    if rule.activities:
        listed = ", ".join(f"`{a}`" for a in rule.activities)
        lines += [f"Catalog activities it reports on: {listed}.", ""]
    lines += ["## Example", "", "This fails:", "", fence(rule.bad, "yaml"), "This passes:", ""]
    lines += [fence(rule.good, "yaml")]
    lines += ["## Selecting and accepting it", ""]
    if rule.always_on:
        lines += [
            "An input error: it is always reported, and selection, ignores and waivers do "
            "not apply to it.",
            "",
        ]
    elif rule.after_suppression:
        lines += [
            f"It runs after ignores and waivers are applied, so it cannot be waived itself. "
            f"`--select {rule.code}`, `--ignore {rule.code}` and `select:`/`ignore:` in "
            "the configuration take its code, its name or its family.",
            "",
        ]
    else:
        lines += [
            f"`--select {rule.code}`, `--ignore {rule.code}` and `select:`/`ignore:` in the "
            f"configuration take its code, its name (`{rule.slug}`) or its family "
            f"(`{rule.family}`). To accept one finding, put `# pmsm: ignore[{rule.code}]` on "
            f"its line, or a waiver with a reason under `waivers:` "
            f"(see [Checking plans]({WAIVERS})).",
            "",
        ]
    lines += [f"`pmsm explain {rule.code}` prints this in a terminal.", ""]
    return "\n".join(lines)


def index_page() -> str:
    lines = [
        "# Rules",
        "",
        f"`pmsm check` has {len(RULES)} rules. Each has a code (a family and three digits, "
        "never reused), a name, a severity, the source it comes from and how strongly that "
        "source asks for it (its *basis*). `--select`, `--ignore` and the configuration "
        "take codes, families (`REL`), names or `ALL`. This page and the rule pages are "
        "generated from the rules themselves.",
        "",
        "| code | name | severity | source | finds |",
        "|---|---|---|---|---|",
    ]
    for rule in RULES:
        fix = " (fixable)" if rule.fixable else ""
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.slug} | {rule.severity} | "
            f"{cell(source_text(rule))} | {cell(rule.title)}{fix} |"
        )
    lines += ["", "## By basis", ""]
    for basis, heading in _BASIS_HEADINGS:
        codes = [f"[{r.code}]({r.code}.md)" for r in RULES if r.basis == basis]
        lines += [f"**{heading}** ({len(codes)}): " + (", ".join(codes) or "none") + ".", ""]
    return "\n".join(lines)


def rule_pages() -> dict[str, str]:
    pages = {f"{FOLDER}/index.md": index_page()}
    pages.update({page_path(rule): rule_page(rule) for rule in RULES})
    return pages
