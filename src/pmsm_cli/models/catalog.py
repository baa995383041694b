"""The catalog: what ITIL and PMBOK say a project plan must contain.

The catalog is data (``catalog/*.yaml``); these models only give it a shape.
Every entry cites the section of the reference map it comes from, so a lint
finding can always say where its rule comes from.
"""

# Annotations stay objects (no `from __future__ import annotations`): pydantic would
# otherwise evaluate each from its text as the class is defined, on every run.

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
)

from pmsm_cli.models.base import Id, Strict
from pmsm_cli.models.sources import Document, Source
from pmsm_cli.models.text import Prose, Text

Framework = Literal["itil-v3", "itil4", "pmbok7", "prince2"]
"""The frameworks the catalog speaks: its own ITIL v3 (with PMBOK 4), and those it maps to."""

FRAMEWORKS: tuple[Framework, ...] = ("itil-v3", "itil4", "pmbok7", "prince2")
DEFAULT_FRAMEWORKS: tuple[Framework, ...] = ("itil-v3",)

FRAMEWORK_NAMES: dict[str, str] = {
    "itil-v3": "ITIL v3",
    "itil4": "ITIL 4",
    "pmbok7": "PMBOK 7",
    "prince2": "PRINCE2",
}

# Which mappings every entry of a section must have (tests/test_frameworks.py checks
# the built-in catalog against this): the ITIL v3 processes and functions name their
# ITIL 4 practices, the lifecycle phases their ITIL 4 value chain activities and
# PRINCE2 processes, the PMBOK 4 process groups their PMBOK 7 performance domains and
# PRINCE2 processes.
MAPPED: dict[str, tuple[Framework, ...]] = {
    "processes": ("itil4",),
    "functions": ("itil4",),
    "phases": ("itil4", "prince2"),
    "pmbok_groups": ("pmbok7", "prince2"),
}


class Entry(Strict):
    """What every catalog entry has."""

    id: Id
    title: Text
    description: Prose
    source: Source


class OrderedEntry(Entry):
    order: int = Field(ge=1)


class ProjectKind(Entry):
    processes: list[Id] = Field(default_factory=list)


class InvestmentCategory(Entry):
    examples: list[Text] = Field(default_factory=list)


class Measure(Entry):
    formula: Text


class Process(Entry):
    abbrev: Id
    phase: Id


# Recognition data: how project managers name an activity in their own plans,
# per language ("en", "de", ...). Read by pmsm_cli.matching, never by the rules.
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
TermText = Annotated[Text, StringConstraints(min_length=1, max_length=120)]
Terms = dict[Language, list[TermText]]


class Activity(Entry):
    process: Id | None = None
    # The framework whose guidance the activity comes from; a plan is expected to have
    # the activities of the frameworks its configuration chooses (``frameworks:``).
    framework: Framework = "itil-v3"
    # For an activity from ITIL 4: the practice it belongs to (a framework element).
    practice: Id | None = None
    pmbok_group: Id
    phase: Id | None = None  # only when it differs from the process's phase
    stage: Id | None = None  # Release & Deployment stage (§4)
    duration: int = Field(ge=0, le=1000)
    depends_on: list[Id] = Field(default_factory=list)
    kinds: list[Id] = Field(min_length=1)
    milestone: bool = False
    tags: list[Id] = Field(default_factory=list)
    # Needs a test environment that projects share, such as the one staging environment
    # (§5.2): the plan books it for the activity's dates.
    shared_environment: bool = False
    # A go/no-go point of the project (§4.1): work passes it only on pass/fail criteria.
    authorization_point: bool = False
    # Changes the production environment (installing infrastructure, a pilot with live
    # users, the deployment, data migration, decommissioning): each such activity needs
    # its own authorising RFC, as §5.1's worked example raises one per step (CHG005).
    touches_production: bool = False
    # Wordings and practitioners' jargon that name this activity in a task list.
    terms: Terms = Field(default_factory=dict)
    # Look-alike wordings that must not count as this activity ("change the logo").
    not_terms: Terms = Field(default_factory=dict)


class ChecklistItem(Entry):
    pass


class RequirementChecklist(Entry):
    items: list[ChecklistItem] = Field(min_length=1)


class RiskCategory(Entry):
    examples: list[Text] = Field(default_factory=list)


class Function(Entry):
    example_requirement: Text


class Role(Entry):
    pass


ElementKind = Literal[
    "practice", "value-chain-activity", "performance-domain", "process", "prince2-practice"
]


class FrameworkElement(Entry):
    """A named part of another framework: an ITIL 4 practice or value chain activity, a
    PMBOK 7 performance domain, a PRINCE2 process or practice."""

    framework: Framework
    kind: ElementKind
    abbrev: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")] | None = None
    group: Text | None = None  # ITIL 4: general, service or technical management


class Mapping(Strict):
    """Where a catalog entry (process, function, phase, process group) sits in another
    framework: the elements of that framework it corresponds to, and why."""

    id: Id
    entry: Id  # the id of the process, function, phase or process group mapped
    framework: Framework
    to: list[Id] = Field(min_length=1)  # framework elements, in order of weight
    note: Prose | None = None  # why, where the correspondence is not one to one
    source: Source


class Catalog(Strict):
    """The whole catalog, as merged from ``catalog/*.yaml`` and any overlay."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, ignored_types=(cached_property,), defer_build=True
    )

    pmbok_groups: list[OrderedEntry] = Field(default_factory=list)
    phases: list[OrderedEntry] = Field(default_factory=list)
    project_kinds: list[ProjectKind] = Field(default_factory=list)
    investment_categories: list[InvestmentCategory] = Field(default_factory=list)
    tco_stages: list[Entry] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    processes: list[Process] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    rd_stages: list[OrderedEntry] = Field(default_factory=list)
    requirement_checklists: list[RequirementChecklist] = Field(default_factory=list)
    risk_categories: list[RiskCategory] = Field(default_factory=list)
    functions: list[Function] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    framework_elements: list[FrameworkElement] = Field(default_factory=list)
    mappings: list[Mapping] = Field(default_factory=list)

    # The frameworks whose activities a plan is expected to have (see activities_for);
    # a view of the catalog (pmsm_cli.catalogs.frameworks.view) sets it from the configuration.
    _frameworks: tuple[str, ...] = PrivateAttr(default=DEFAULT_FRAMEWORKS)

    # Look-ups by id. Cached: the catalog is immutable once loaded.
    @cached_property
    def process_by_id(self) -> dict[str, Process]:
        return {p.id: p for p in self.processes}

    @cached_property
    def activity_by_id(self) -> dict[str, Activity]:
        return {a.id: a for a in self.activities}

    @cached_property
    def kind_by_id(self) -> dict[str, ProjectKind]:
        return {k.id: k for k in self.project_kinds}

    @cached_property
    def group_by_id(self) -> dict[str, OrderedEntry]:
        return {g.id: g for g in self.pmbok_groups}

    @cached_property
    def phase_by_id(self) -> dict[str, OrderedEntry]:
        return {p.id: p for p in self.phases}

    @cached_property
    def stage_by_id(self) -> dict[str, OrderedEntry]:
        return {s.id: s for s in self.rd_stages}

    @cached_property
    def checklist_item_by_id(self) -> dict[str, ChecklistItem]:
        return {i.id: i for c in self.requirement_checklists for i in c.items}

    @cached_property
    def document_by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    @cached_property
    def element_by_id(self) -> dict[str, FrameworkElement]:
        return {e.id: e for e in self.framework_elements}

    @cached_property
    def mappings_of(self) -> dict[str, list[Mapping]]:
        """Entry id -> its mappings, in catalog order."""
        found: dict[str, list[Mapping]] = {}
        for mapping in self.mappings:
            found.setdefault(mapping.entry, []).append(mapping)
        return found

    @property
    def frameworks(self) -> tuple[str, ...]:
        """The frameworks whose activities plans are expected to have."""
        return self._frameworks

    def sources(self) -> list[tuple[tuple[str | int, ...], Source]]:
        """Every source in the catalog with its place (section, index, ...)."""
        found: list[tuple[tuple[str | int, ...], Source]] = []
        for section in SOURCED_SECTIONS:
            for index, entry in enumerate(getattr(self, section)):
                found.append(((section, index, "source"), entry.source))
                for i_index, item in enumerate(getattr(entry, "items", ())):
                    found.append(((section, index, "items", i_index, "source"), item.source))
        return found

    def phase_of(self, activity: Activity) -> str | None:
        """The lifecycle phase an activity serves: its own, else its process's."""
        if activity.phase:
            return activity.phase
        process = self.process_by_id.get(activity.process or "")
        return process.phase if process else None

    def activities_for(self, kind: str, scope: Iterable[str] | None = None) -> list[Activity]:
        """Catalog activities a project of ``kind`` needs, limited to processes in ``scope``.

        Activities without an ITIL process (charter, milestones, closing) are
        project work and always belong to the kind's plan.
        """
        in_scope = set(scope) if scope is not None else None
        frameworks = self._frameworks
        return [
            a
            for a in self.activities
            if kind in a.kinds
            and a.framework in frameworks
            and (a.process is None or in_scope is None or a.process in in_scope)
        ]

    def bridge(self, deps: Iterable[str], present: Callable[[str], bool]) -> list[str]:
        """The dependencies for which ``present`` holds, in order, each once.

        A catalog activity that is not present is looked through to its own
        dependencies: a retirement has no supplier RFP, say, so whatever followed
        the RFP follows what the RFP followed, and the order the catalog implies
        survives. An id the catalog does not know is dropped.
        """
        by_id = self.activity_by_id
        result: list[str] = []
        seen: set[str] = set()
        stack = list(reversed(list(deps)))
        while stack:
            dep = stack.pop()
            if dep in seen:
                continue
            seen.add(dep)
            if present(dep):
                result.append(dep)
            elif dep in by_id:
                stack.extend(reversed(by_id[dep].depends_on))
        return result

    def find(self, entry_id: str) -> tuple[str, Entry] | None:
        """Any entry by id, with the name of the section that holds it (documents and
        mappings aside: see document_by_id and mappings_of)."""
        for section in SOURCED_SECTIONS:
            if section == "mappings":
                continue
            for entry in getattr(self, section):
                if entry.id == entry_id:
                    return section, entry
                if isinstance(entry, RequirementChecklist):
                    for item in entry.items:
                        if item.id == entry_id:
                            return "requirement_checklists", item
        return None


SECTIONS: tuple[str, ...] = tuple(Catalog.model_fields)
# The sections whose entries cite a source (every one but documents:).
SOURCED_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "documents")
