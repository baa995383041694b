"""``--fix``: add the catalog activities a plan is missing, and nothing else.

That is the only fix that is always safe: an added activity takes its name,
duration and dependencies from the catalog, so the plan file only gains one
line per activity (``- id: ...`` with a comment saying where it came from).
Activities the added ones depend on, when the plan lacks them too, are added
with them. Each goes right after the last activity it depends on, so the file
still reads in order. Comments, key order and layout are kept (``yamledit``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.resolve import expected_activities, implemented


def with_dependencies(ids: Iterable[str], plan: Plan, catalog: Catalog) -> list[str]:
    """``ids`` plus the missing catalog activities they depend on, in catalog order."""
    expected = {a.id for a in expected_activities(plan, catalog)}
    present = set(implemented(plan))
    wanted: set[str] = set()
    stack = list(ids)
    while stack:
        activity_id = stack.pop()
        entry = catalog.activity_by_id.get(activity_id)
        if entry is None or activity_id in wanted or activity_id in present:
            continue
        wanted.add(activity_id)
        stack.extend(d for d in entry.depends_on if d in expected)
    return [a.id for a in catalog.activities if a.id in wanted]


def add_activities(text: str, path: Path, ids: Iterable[str], catalog: Catalog) -> str:
    """The plan text with one entry per catalog activity in ``ids`` added."""
    from pmsm_cli.files import yamledit
    from pmsm_cli.files.yamledit import after_dependencies

    doc = yamledit.load(text, path)
    if not isinstance(doc.data, dict):
        raise PmsmError("the plan file is not a mapping; it cannot be fixed", path)
    items = doc.data.get("activities")
    if not isinstance(items, list):
        items = yamledit.block_list()
        doc.data["activities"] = items
    for activity_id in ids:
        entry = catalog.activity_by_id[activity_id]
        where = after_dependencies(items, entry.depends_on, catalog)
        comment = f"added by pmsm check --fix: {entry.title} ({entry.source.cite()})"
        items.insert(where, yamledit.mapping({"id": activity_id}, comment))
    return doc.dump()
