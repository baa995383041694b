"""The project kind of a foreign plan when the user does not give one, and why.

A task list does not say what kind of project it is, but its words usually
do: a plan that decommissions, switches off or retires something is a
retire-service project; one that migrates, upgrades or replaces a service
changes an existing one. Without such words the kind whose activities the
plan's recognised tasks cover best is taken (a new service when that ties).
Whatever is inferred is said, with the task or title it came from, so that
the project manager can correct it with ``--kind``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pmsm_cli.matching import TaskMatch
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.records import record

RETIRE, CHANGED, NEW = "retire-service", "changed-service", "new-service"

# Word beginnings, English and German, matched at the start of a word.
_SIGNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        RETIRE,
        "decommissioning",
        re.compile(
            r"\b(decommission|retire|retirement|switch[- ]?off|shut[- ]?down|sunset|"
            r"außerbetriebnahme|ausserbetriebnahme|stilllegung|abschaltung|abschalten|rückbau)",
            re.IGNORECASE,
        ),
    ),
    (
        CHANGED,
        "changing an existing service",
        re.compile(
            r"\b(migrat|upgrade|replace|replacement|move|cutover|cut-over|umzug|"
            r"umstellung|ablösung|erneuerung)",
            re.IGNORECASE,
        ),
    ),
)


@record(slots=True)
class KindChoice:
    """The kind a plan is checked and imported as, and where it came from."""

    kind: str
    inferred: bool
    reason: str  # "given with --kind", "task 'Decommission old CRM' speaks of decommissioning"

    def sentence(self) -> str:
        if not self.inferred:
            return f"project kind '{self.kind}' ({self.reason})"
        return f"project kind '{self.kind}' inferred: {self.reason}; give --kind to choose another"


def infer_kind(plan: ForeignPlan, matches: Sequence[TaskMatch], catalog: Catalog) -> KindChoice:
    """The kind the plan's words or recognised activities point to."""
    known = {kind.id for kind in catalog.project_kinds}
    texts = [("title", plan.title)] if plan.title else []
    texts += [(f"task '{task.name}' ({task.where})", task.name) for task in plan.tasks]
    for kind, words, pattern in _SIGNS:
        if kind not in known:
            continue
        for what, text in texts:
            if pattern.search(text):
                return KindChoice(kind, True, f"{what} speaks of {words}")
    return _by_coverage(matches, catalog)


def _by_coverage(matches: Sequence[TaskMatch], catalog: Catalog) -> KindChoice:
    recognised = {m.catalog for m in matches if m.catalog is not None}
    best: tuple[int, int, str] | None = None  # covered, -order, kind
    for order, kind in enumerate(catalog.project_kinds):
        covered = len(recognised & {a.id for a in catalog.activities_for(kind.id)})
        key = (covered, -order, kind.id)
        if best is None or key > best:
            best = key
    if best is None or best[0] == 0:
        fallback = NEW if any(k.id == NEW for k in catalog.project_kinds) else _first(catalog)
        return KindChoice(fallback, True, "no task says what kind of project this is")
    return KindChoice(
        best[2],
        True,
        f"its recognised activities ({best[0]}) belong to that kind's activities",
    )


def _first(catalog: Catalog) -> str:
    return catalog.project_kinds[0].id
