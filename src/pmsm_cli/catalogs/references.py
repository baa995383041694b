"""Cross-references in the catalog that its models alone cannot check.

Each entry is valid on its own once pydantic has read it; what ties entries
together is checked here, on the merged catalog: every id an entry names
exists, every framework mapping names a known element, and no chain of
``depends_on`` runs in a circle. Each problem points at the file, line and
column the entry came from, built-in file or overlay (``MergedDocument``).
"""

from __future__ import annotations

import graphlib
from typing import TYPE_CHECKING, Any

from pmsm_cli.errors import Problem
from pmsm_cli.files.quoting import plausible, suggestion
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.models.catalog import SECTIONS, Catalog

if TYPE_CHECKING:
    from pmsm_cli.catalogs.load import MergedDocument


def reference_problems(catalog: Catalog, where: MergedDocument) -> list[Problem]:
    """Cross-references the models alone cannot check: ids that resolve, no cycles."""
    problems: list[Problem] = []

    def report(loc: Loc, message: str) -> None:
        path, line, column = where.locate(loc)
        problems.append(Problem(message, path, line, column))

    for section in SECTIONS:
        seen: set[str] = set()
        for index, entry in enumerate(getattr(catalog, section)):
            if entry.id in seen:
                report((section, index, "id"), f"the id '{entry.id}' is used twice in '{section}'")
            seen.add(entry.id)
    item_ids: set[str] = set()
    for c_index, checklist in enumerate(catalog.requirement_checklists):
        for i_index, item in enumerate(checklist.items):
            if item.id in item_ids:
                report(
                    ("requirement_checklists", c_index, "items", i_index, "id"),
                    f"the checklist item id '{item.id}' is used twice",
                )
            item_ids.add(item.id)

    def expect(ref: str | None, known: dict[str, Any], loc: Loc, what: str) -> None:
        if ref is not None and ref not in known:
            hint = ", ".join(sorted(known)[:12])
            named = f"'{ref}'" if plausible(ref, known) else "this"
            report(loc, f"{named} is not a known {what}; known: {hint}")

    abbrevs: set[str] = set()
    for index, process in enumerate(catalog.processes):
        expect(process.phase, catalog.phase_by_id, ("processes", index, "phase"), "lifecycle phase")
        if process.abbrev in abbrevs:
            report(
                ("processes", index, "abbrev"), f"the abbreviation '{process.abbrev}' is used twice"
            )
        abbrevs.add(process.abbrev)
    for index, kind in enumerate(catalog.project_kinds):
        for p_index, process_id in enumerate(kind.processes):
            expect(
                process_id,
                catalog.process_by_id,
                ("project_kinds", index, "processes", p_index),
                "process",
            )
    for index, activity in enumerate(catalog.activities):
        loc: Loc = ("activities", index)
        expect(activity.process, catalog.process_by_id, (*loc, "process"), "ITIL process")
        expect(
            activity.pmbok_group, catalog.group_by_id, (*loc, "pmbok_group"), "PMBOK process group"
        )
        expect(activity.phase, catalog.phase_by_id, (*loc, "phase"), "lifecycle phase")
        expect(activity.stage, catalog.stage_by_id, (*loc, "stage"), "release and deployment stage")
        for k_index, kind_id in enumerate(activity.kinds):
            expect(kind_id, catalog.kind_by_id, (*loc, "kinds", k_index), "project kind")
        for d_index, dep in enumerate(activity.depends_on):
            expect(dep, catalog.activity_by_id, (*loc, "depends_on", d_index), "activity")
        if activity.milestone and activity.duration != 0:
            report((*loc, "duration"), f"'{activity.id}' is a milestone, so its duration must be 0")
        expect(activity.practice, catalog.element_by_id, (*loc, "practice"), "framework element")
    problems.extend(_framework_problems(catalog, where))
    if not problems:
        problems.extend(_cycle_problems(catalog, where))
    return problems


def _framework_problems(catalog: Catalog, where: MergedDocument) -> list[Problem]:
    """Sources name known documents; mappings join known entries to known elements."""
    from pmsm_cli.models.catalog import FRAMEWORK_NAMES, MAPPED

    problems: list[Problem] = []

    def report(loc: Loc, message: str) -> None:
        path, line, column = where.locate(loc)
        problems.append(Problem(message, path, line, column))

    documents = catalog.document_by_id
    seeds = {d.seed for d in catalog.documents if d.seed is not None}
    for place, source in catalog.sources():
        if source.seed is not None and source.seed not in seeds:
            # Seeds were pmsm's numbers for its own source texts; only those are known.
            report(
                (*place, "seed"),
                "no document under 'documents:' lists this seed; cite a document instead: "
                '{document: <id from documents:>, section: "..."}',
            )
        if source.document is not None and source.document not in documents:
            named = f"'{source.document}'" if plausible(source.document, documents) else "this"
            close = suggestion(source.document, list(documents))
            hint = f"did you mean '{close}'?" if close else "known: " + ", ".join(documents)
            report(
                (*place, "document"),
                f"{named} is not a document listed under 'documents:'; {hint}",
            )
    mapped = {entry.id: section for section in MAPPED for entry in getattr(catalog, section)}
    seen: set[tuple[str, str]] = set()
    for index, mapping in enumerate(catalog.mappings):
        loc: Loc = ("mappings", index)
        section = mapped.get(mapping.entry)
        if section is None:
            named = f"'{mapping.entry}'" if plausible(mapping.entry, mapped) else "this"
            report(
                (*loc, "entry"),
                f"{named} is not a process, function, lifecycle phase or PMBOK process group "
                "of the catalog; a mapping names one of those",
            )
        elif mapping.framework not in MAPPED[section]:
            frameworks = ", ".join(MAPPED[section])
            report(
                (*loc, "framework"),
                f"'{mapping.entry}' is in '{section}', which is mapped to {frameworks}, not "
                f"to {mapping.framework}",
            )
        if (mapping.entry, mapping.framework) in seen:
            report(
                (*loc, "entry"),
                f"'{mapping.entry}' has a second mapping to {mapping.framework}; give one "
                "mapping per framework, listing every element in 'to:'",
            )
        seen.add((mapping.entry, mapping.framework))
        for t_index, target in enumerate(mapping.to):
            element = catalog.element_by_id.get(target)
            if element is None:
                named = f"'{target}'" if plausible(target, catalog.element_by_id) else "this"
                report(
                    (*loc, "to", t_index),
                    f"{named} is not a framework element (see 'framework_elements:')",
                )
            elif element.framework != mapping.framework:
                report(
                    (*loc, "to", t_index),
                    f"'{target}' belongs to {FRAMEWORK_NAMES[element.framework]}, but this "
                    f"mapping is to {FRAMEWORK_NAMES[mapping.framework]}",
                )
    return problems


def _cycle_problems(catalog: Catalog, where: MergedDocument) -> list[Problem]:
    graph = {a.id: set(a.depends_on) for a in catalog.activities}
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        cycle: list[str] = list(reversed(exc.args[1]))
        index = next(i for i, a in enumerate(catalog.activities) if a.id == cycle[0])
        path, line, column = where.locate(("activities", index, "depends_on"))
        return [
            Problem(
                "catalog activities depend on each other in a circle: " + " -> ".join(cycle),
                path,
                line,
                column,
            )
        ]
    return []
