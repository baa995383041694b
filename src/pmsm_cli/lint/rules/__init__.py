"""The registry: every rule pmsm check knows, in the order ``pmsm rules`` lists them.

Adding a rule: write it in its family's module (or a new module with a new
code prefix), add it to that module's ``RULES``, and give it fixtures under
``tests/lint/fixtures/<CODE>/``. Codes are never reused, even for a rule that
is removed.
"""

from __future__ import annotations

from pmsm_cli.lint.rule import Rule
from pmsm_cli.lint.rules import (
    acceptance,
    activities,
    authorisation,
    calendar,
    change,
    charter,
    closing,
    early_life,
    environments,
    inputs,
    prince2,
    release,
    requirements,
    risks,
    sequencing,
    stakeholders,
    waivers,
)

RULES: tuple[Rule, ...] = (
    *inputs.RULES,
    *activities.RULES,
    *charter.RULES,
    *stakeholders.RULES,
    *requirements.RULES,
    *risks.RULES,
    *change.RULES,
    *calendar.RULES,
    *release.RULES,
    *early_life.RULES,
    *authorisation.RULES,
    *acceptance.RULES,
    *closing.RULES,
    *sequencing.RULES,
    *environments.RULES,
    *prince2.RULES,
    *waivers.RULES,
)

RULE_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULE_BY_SLUG: dict[str, Rule] = {rule.slug: rule for rule in RULES}

# Catalog activities a specific rule reports on; the generic missing-activity rule skips them.
OWNED_ACTIVITIES: frozenset[str] = frozenset(a for rule in RULES for a in rule.activities)

UNREADABLE = RULE_BY_CODE["INP001"]


def find(code_or_slug: str) -> Rule | None:
    return RULE_BY_CODE.get(code_or_slug.upper()) or RULE_BY_SLUG.get(code_or_slug.lower())
