"""Precision and recall of the matcher on labelled plans, per family of activities.

A task counts as recognised when its confident match is one of its labels;
a possible match is a hint for the project manager, not a recognition. The
families are those issue 13 sets targets for:

- ``release``: the activities of the eight Release and Deployment stages (§4),
  with the go-live and early-life-support-exit milestones that close stages;
- ``change``: change management and project change control (the RFC, the CAB,
  project change requests);
- ``closing``: the closing handovers of §6 (catalog/70-closing.yaml);
- ``other``: everything else (requirements, design, the processes' work).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pmsm_cli.matching.corpus import Label, LabelledPlan
from pmsm_cli.matching.matcher import TaskMatch, match_tasks
from pmsm_cli.models.catalog import Activity, Catalog

FAMILIES = ("release", "change", "closing", "other")
_RELEASE_PROCESSES = {None, "release-deployment-management", "service-validation-testing"}


def family_of(activity: Activity) -> str:
    if "change-control" in activity.tags or activity.process == "change-management":
        return "change"
    if "closing" in activity.tags:
        return "closing"
    if activity.stage is not None and activity.process in _RELEASE_PROCESSES:
        return "release"
    return "other"


@dataclass(slots=True)
class Figures:
    """Counts for one family; precision and recall follow from them."""

    labelled: int = 0  # tasks whose label is in the family
    recalled: int = 0  # of those, matched confidently to one of their labels
    predicted: int = 0  # tasks confidently matched to an activity of the family
    right: int = 0  # of those, matched to one of their labels

    @property
    def recall(self) -> float:
        return self.recalled / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0


@dataclass(slots=True)
class Miss:
    """A task the matcher got wrong, for tuning and for the report."""

    plan: str
    name: str
    expected: tuple[str, ...]
    got: str | None  # the best candidate, confident or not
    outcome: str
    score: float


@dataclass(slots=True)
class Report:
    families: dict[str, Figures] = field(default_factory=lambda: {f: Figures() for f in FAMILIES})
    tasks: int = 0
    decoys: int = 0
    decoys_matched: int = 0  # confidently matched to any activity
    unlabelled: int = 0  # every task labelled none, decoys included
    unlabelled_matched: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def decoy_rate(self) -> float:
        return self.decoys_matched / self.decoys if self.decoys else 0.0

    @property
    def unlabelled_rate(self) -> float:
        return self.unlabelled_matched / self.unlabelled if self.unlabelled else 0.0


def measure(plans: Iterable[LabelledPlan], catalog: Catalog) -> Report:
    """Match every plan's tasks against the whole catalog and count against the labels.

    The whole catalog, not the plan's kind: stricter (more activities to
    confuse) and independent of a kind the reader may have to guess.
    """
    report = Report()
    family = {a.id: family_of(a) for a in catalog.activities}
    for plan in plans:
        matches = match_tasks(plan.tasks, catalog, None)
        names = {task.id: task.name for task in plan.tasks}
        for match in matches:
            _count(report, family, plan, names[match.task_id], plan.labels[match.task_id], match)
    return report


def _count(
    report: Report,
    family: Mapping[str, str],
    plan: LabelledPlan,
    name: str,
    label: Label,
    match: TaskMatch,
) -> None:
    report.tasks += 1
    got = match.catalog
    right = got is not None and got in label.catalog
    if label.primary is not None:
        figures = report.families[family.get(label.primary, "other")]
        figures.labelled += 1
        figures.recalled += right
    else:
        report.unlabelled += 1
        report.unlabelled_matched += got is not None
        if label.decoy:
            report.decoys += 1
            report.decoys_matched += got is not None
    if got is not None:
        figures = report.families[family.get(got, "other")]
        figures.predicted += 1
        figures.right += right
    if not right and (got is not None or label.primary is not None):
        best = match.best
        report.misses.append(
            Miss(
                plan.path.name,
                name,
                label.catalog,
                best.catalog if best is not None else None,
                match.outcome,
                match.score,
            )
        )
