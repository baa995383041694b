"""A small catalog made here, so that expected scores can be worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers.model import ForeignTask, Where

SOURCE = {"document": "third-sky-whitepaper", "section": "4"}


def activity(activity_id: str, terms: dict[str, list[str]], **more: Any) -> dict[str, Any]:
    # The title is the first English term: the index takes a title as one more term
    # (matching/index.py), and one already listed adds none to the sums worked out below.
    return {
        "id": activity_id,
        "title": terms["en"][0],
        "description": "Made for a test.",
        "source": SOURCE,
        "pmbok_group": "executing",
        "duration": 1,
        "kinds": more.pop("kinds", ["new-service"]),
        "terms": terms,
        **more,
    }


# Five activities. Stems and the activities that use them:
#   hypercar, earli, life, support: early-life-support only      -> specificity 1
#   lesson, learn, post, implement, review: review-close only    -> 1
#   approv: cab-approval only; member: chg-define-cab only        -> 1
#   cab: cab-approval and chg-define-cab                         -> 1 - ln 2 / ln 5
#   switch, off: decommission only                               -> 1
#   defin ("define") is a filler word                            -> 0
ACTIVITIES = [
    activity("early-life-support", {"en": ["hypercare", "early life support"]}),
    activity(
        "review-close",
        {"en": ["lessons learned", "post implementation review"], "de": ["Lessons Learned"]},
        not_terms={"en": ["budget review"]},
    ),
    activity("cab-approval", {"en": ["CAB approval", "CAB"]}),
    activity("chg-define-cab", {"en": ["define CAB", "CAB members"]}),
    activity(
        "decommission",
        {"en": ["switch-off"], "de": ["Abschaltung", "Übergabe an den Betrieb"]},
        kinds=["retire-service"],
    ),
]


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.model_validate({"activities": ACTIVITIES})


def task(task_id: str, name: str, parent: str | None = None, notes: str = "") -> ForeignTask:
    return ForeignTask(
        id=task_id,
        name=name,
        where=Where(Path("plan.xml"), uid=task_id),
        parent=parent,
        notes=notes,
    )
