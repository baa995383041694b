"""Figures of the matcher on labelled plans (pmsm_cli.matching.quality) and the corpus itself.

The corpus lives in tests/data/corpus/{tune,holdout}/ (see its README): terms
may be tuned on the tune part only. The targets of issue 13 are asserted on
the holdout part.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.matching import covering_tasks, match_tasks
from pmsm_cli.matching.corpus import LabelledPlan, load_plan, load_plans
from pmsm_cli.matching.quality import family_of, measure
from pmsm_cli.models.catalog import Catalog

from .conftest import ACTIVITIES

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
TUNE = sorted((CORPUS / "tune").glob("*.yaml"))
HOLDOUT = sorted((CORPUS / "holdout").glob("*.yaml"))
OWN = "written for pmsm's corpus"


def test_families_of_catalog_activities() -> None:
    activities = load_catalog().activity_by_id
    expected = {
        "cab-approval": "change",
        "chg-submit-rfc": "change",
        "establish-project-change-control": "change",
        "knowledge-transfer": "closing",
        "handover-known-errors": "closing",
        "go-live": "release",
        "pilot": "release",
        "early-life-support": "release",
        "slm-create-sla": "other",
        "slm-build-reports": "other",  # a build-and-test stage activity of another process
        "project-closed": "other",
    }
    assert {a: family_of(activities[a]) for a in expected} == expected


def test_counts_precision_recall_and_decoys(tmp_path: Path) -> None:
    families = [dict(a) for a in ACTIVITIES]
    families[0]["stage"] = "early-life-support"  # release
    families[1]["tags"] = ["closing"]  # closing
    families[2]["tags"] = ["change-control"]  # change
    catalog = Catalog.model_validate({"activities": families})
    path = tmp_path / "plan.yaml"
    path.write_text(
        "kind: new-service\ntasks:\n"
        "  - {name: Hypercare, catalog: early-life-support}\n"  # confident, right
        "  - {name: CAB for the firewall change, catalog: cab-approval}\n"  # only possible
        "  - {name: Lessons learned, catalog: review-close}\n"  # confident, right
        "  - {name: Hypercare for the SAP module, catalog: null, decoy: true}\n"  # wrongly matched
        "  - {name: Change the logo, catalog: null, decoy: true}\n",  # rightly none
        encoding="utf-8",
    )
    report = measure([load_plan(path)], catalog)
    release, change, closing = (report.families[f] for f in ("release", "change", "closing"))
    assert (release.labelled, release.recalled, release.predicted, release.right) == (1, 1, 2, 1)
    assert (release.recall, release.precision) == (1.0, 0.5)
    assert (change.recall, change.precision) == (0.0, 1.0)  # nothing predicted: nothing wrong
    assert (closing.recall, closing.precision) == (1.0, 1.0)
    assert (report.decoys, report.decoys_matched, report.decoy_rate) == (2, 1, 0.5)
    assert [(m.name, m.got, m.outcome) for m in report.misses] == [
        ("CAB for the firewall change", "cab-approval", "possible"),
        ("Hypercare for the SAP module", "early-life-support", "confident"),
    ]


# --- the corpus ---------------------------------------------------------------


def test_every_labelled_plan_loads_with_its_source_and_known_labels() -> None:
    activities = load_catalog().activity_by_id
    for plan in load_plans([*TUNE, *HOLDOUT]):
        assert plan.source and plan.licence and plan.kind, plan.path.name
        unknown = {c for label in plan.labels.values() for c in label.catalog} - set(activities)
        assert unknown == set(), plan.path.name


def test_the_readme_names_every_file() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = [f"{p.parent.name}/{p.name}" for p in [*TUNE, *HOLDOUT] if p.name not in readme]
    assert missing == []


# Each fresh holdout is written on its own branch, apart from the terms; the
# fifth (h5-*) is the holdout now, the fourth (h4-*) is spent and in tune/.


def test_holdout_exists_and_shares_no_source_plan() -> None:
    # Once a third of the corpus; all earlier holdouts are spent and now in
    # tune/, so a fresh holdout is smaller than that: its size is checked by
    # whoever adds it (corpus README, "Split").
    tune, holdout = load_plans(TUNE), load_plans(HOLDOUT)
    tasks = sum(len(p.tasks) for p in tune), sum(len(p.tasks) for p in holdout)
    assert sum(tasks) >= 300
    assert tasks[1] > 0

    # Public plans: no repository feeds both parts. Plans written for the corpus
    # are each their own plan, one file each.
    def repositories(plans: list[LabelledPlan]) -> set[str]:
        return {p.source.split(",")[0] for p in plans if p.source != OWN}

    assert repositories(tune) & repositories(holdout) == set()
    assert {p.path.name for p in tune} & {p.path.name for p in holdout} == set()


# --- quality on the holdout part ------------------------------------------------


@pytest.fixture(scope="module")
def holdout() -> list[LabelledPlan]:
    return load_plans(HOLDOUT)


def _figures(plans: list[LabelledPlan]) -> dict[str, tuple[float, float]]:
    report = measure(plans, load_catalog())
    return {
        family: (report.families[family].recall, report.families[family].precision)
        for family in ("release", "change", "closing")
    }


# Measured once on the fifth holdout (corpus README, item 8), written by a hand
# that had seen neither the terms nor the matcher: release 0.55 / 0.79, change
# 0.54 / 0.93, closing 0.57 / 1.00, decoys 12 of 60 (20%). Strict: the day the
# targets are met these tests pass, fail as XPASS, and the markers go.
@pytest.mark.xfail(
    strict=True,
    reason="issue 13 targets not met on the holdout: recall 0.55 / 0.54 / 0.57 (see corpus README)",
)
def test_holdout_meets_the_recall_and_precision_targets(holdout: list[LabelledPlan]) -> None:
    figures = _figures(holdout)
    assert all(r >= 0.85 and p >= 0.9 for r, p in figures.values()), figures


def test_holdout_has_enough_decoys(holdout: list[LabelledPlan]) -> None:
    assert measure(holdout, load_catalog()).decoys >= 30


@pytest.mark.xfail(
    strict=True, reason="issue 13 target not met on the holdout: 12 of 60 decoys matched (20%)"
)
def test_holdout_decoys_meet_the_target(holdout: list[LabelledPlan]) -> None:
    assert measure(holdout, load_catalog()).decoy_rate <= 0.10


def test_holdout_figures_do_not_fall_below_those_of_record(holdout: list[LabelledPlan]) -> None:
    # A change to terms or scoring that makes the holdout worse is caught here.
    floors = {"release": (0.55, 0.79), "change": (0.54, 0.93), "closing": (0.57, 1.0)}
    figures = _figures(holdout)
    below = {
        family: figures[family]
        for family, (recall, precision) in floors.items()
        if figures[family][0] < recall - 0.005 or figures[family][1] < precision - 0.005
    }
    assert below == {}


def test_deleting_the_covering_tasks_uncovers_the_activity(holdout: list[LabelledPlan]) -> None:
    catalog = load_catalog()
    checked = 0
    for plan in holdout:
        covered = covering_tasks(match_tasks(plan.tasks, catalog), catalog)
        for activity, task_ids in covered.items():
            if not task_ids:
                continue
            kept = [t for t in plan.tasks if t.id not in task_ids]
            after = covering_tasks(match_tasks(kept, catalog), catalog)
            assert after[activity] == [], (plan.path.name, activity, after[activity])
            checked += 1
    assert checked >= 50


def test_deleting_an_unrelated_task_changes_nothing(holdout: list[LabelledPlan]) -> None:
    catalog = load_catalog()
    checked = 0
    for plan in holdout:
        matches = match_tasks(plan.tasks, catalog)
        covered = covering_tasks(matches, catalog)
        parents = {t.parent for t in plan.tasks}
        # A leaf task no activity is matched to, whether labelled none or missed.
        unrelated = [
            t
            for t, m in zip(plan.tasks, matches, strict=True)
            if m.catalog is None and t.id not in parents
        ]
        for task in unrelated[:5]:
            kept = [t for t in plan.tasks if t is not task]
            assert covering_tasks(match_tasks(kept, catalog), catalog) == covered, task.name
            checked += 1
    assert checked >= 20
