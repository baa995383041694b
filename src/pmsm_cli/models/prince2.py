"""The PRINCE2 profile of the plan file (``project.method: prince2``).

PRINCE2 7th edition (AXELOS/PeopleCert 2023): management stages, tolerances,
exceptions and the benefits management approach. The fields are read only when
the plan's method is prince2; :mod:`pmsm_cli.prince2` and the PRN rules give them
their meaning.
"""

# Annotations stay objects (no `from __future__ import annotations`): pydantic would
# otherwise evaluate each from its text as the class is defined, on every run.

from typing import Literal

from pydantic import Field

from pmsm_cli.models.base import Id, Strict
from pmsm_cli.models.fields import Date, Money
from pmsm_cli.models.text import Prose, Text

ToleranceKind = Literal["time", "cost", "scope", "quality", "benefits", "risk", "sustainability"]
DecidedBy = Literal["executive", "project-board"]


class Tolerances(Strict):
    """How far a forecast may pass its baseline before the level above must decide."""

    time_days: int | None = Field(default=None, ge=0, le=10_000)  # working days late
    cost: Money | None = None  # money over the baseline cost


class Justification(Strict):
    """The board's confirmation, at a stage boundary, that the business case still holds."""

    decided_on: Date
    decision: Literal["continue", "close"]  # go on to the next stage, or close the project
    by: DecidedBy = "project-board"
    notes: Prose | None = None


class Stage(Strict):
    """A management stage: the board commits to one stage at a time."""

    id: Id
    name: Text
    # The activity or milestone at which the stage's end is assessed (the end stage
    # assessment) and the board authorises the next stage, or closure for the last one.
    boundary: Id | None = None
    decided_by: DecidedBy = "project-board"
    # Activities of this stage beyond those its dates put in it (see pmsm_cli.prince2).
    activities: list[Id] = Field(default_factory=list)
    tolerances: Tolerances | None = None
    justification: Justification | None = None  # recorded at the boundary


class PlanException(Strict):
    """An exception: a forecast beyond tolerance, reported to the level that set it."""

    id: Text
    raised_on: Date
    tolerance: ToleranceKind
    stage: Id | None = None  # the stage's tolerance; absent: the project's
    forecast: Prose  # what is forecast, against what tolerance
    status: Literal["raised", "decided", "withdrawn"] = "raised"
    decision: Prose | None = None  # e.g. exception plan approved, premature closure
    decided_on: Date | None = None


class BenefitsApproach(Strict):
    """Who measures which benefits, and when: during the project and after it closes."""

    owner: Text | None = None
    measures: list[Text] = Field(default_factory=list)
    reviews: list[Date] = Field(default_factory=list)  # benefits reviews, some after closure
