"""The plan file, ``pmsm.yaml``: one project's single source of truth.

Only the shape lives here. Whether the content is *complete* in ITIL terms
(run costs in the charter, the service desk as a stakeholder, an RFC, ...) is
the business of ``pmsm check``'s rules, so a half-written plan still loads.
"""

# Annotations stay objects (no `from __future__ import annotations`): pydantic would
# otherwise evaluate each from its text as the class is defined, on every run.

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from pmsm_cli.models.base import Id, Strict, Version
from pmsm_cli.models.change_values import ChangeKind, ChangeStatus, ChangeType
from pmsm_cli.models.fields import Code, Date, Level, Money, SignedMoney
from pmsm_cli.models.prince2 import BenefitsApproach, PlanException, Stage, Tolerances
from pmsm_cli.models.text import Prose, Text

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ActivityStatus = Literal[
    "not-started", "in-progress", "done", "blocked", "cancelled", "not-applicable"
]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _monday_to_friday() -> list[Weekday]:
    # A named function, not a lambda, so the plan's validator can be pickled (models/prebuilt.py).
    return list(WEEKDAYS[:5])


class Calendar(Strict):
    """Working days: the scheduler counts durations in these."""

    workdays: list[Weekday] = Field(default_factory=_monday_to_friday)
    holidays: list[Date] = Field(default_factory=list)
    # Public holidays of a country (ISO 3166 code, e.g. DE) and a region of it (e.g. BY),
    # from the `holidays` package, for every year the schedule touches; `holidays:` adds to
    # them. Checked only when given, so that a plan without a country never imports it.
    country: Code | None = None
    subdivision: Code | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from pmsm_cli.scheduling.holidays import check_country

        return check_country(value)

    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if "country" not in info.data:
            return value  # the country itself was refused: that is the error to fix
        country = info.data["country"]
        if country is None:
            raise ValueError("a subdivision needs the country it is part of: add 'country'")
        from pmsm_cli.scheduling.holidays import check_subdivision

        return check_subdivision(country, value)

    def public_holidays(self, first: dt.date, last: dt.date) -> set[dt.date]:
        """The country's public holidays from ``first`` to ``last`` (none without a country)."""
        if self.country is None:
            return set()
        from pmsm_cli.scheduling.holidays import PublicHolidays

        return PublicHolidays(self.country, self.subdivision).between(first, last)

    def is_holiday(self, day: dt.date) -> bool:
        """Whether ``day`` is a listed holiday or one of the country's public holidays."""
        return day in self.holidays or bool(self.public_holidays(day, day))

    def days_off(self, first: dt.date, last: dt.date) -> set[dt.date]:
        """Every holiday from ``first`` to ``last``: the listed ones and the public ones."""
        listed = {day for day in self.holidays if first <= day <= last}
        return listed | self.public_holidays(first, last)


def _default_calendar() -> Calendar:
    # Calendar() would run Calendar's own validator, which pydantic builds on first use
    # (defer_build, ~10 ms), only to fill in defaults that need no checking:
    # model_construct fills in the same defaults without it.
    return Calendar.model_construct()


class Project(Strict):
    name: Text
    kind: Id
    service: Text | None = None
    start: Date
    finish: Date | None = None  # target end of the project window, if agreed
    manager: Text | None = None
    calendar: Calendar = Field(default_factory=_default_calendar)
    # The project management method the plan follows. pmbok: pmsm's default, the
    # whitepaper's PMBOK 4 view. prince2: the PRINCE2 profile (stages, the project
    # board, tolerances, exceptions, benefits; see pmsm_cli.prince2).
    method: Literal["pmbok", "prince2"] = "pmbok"


class CostLine(Strict):
    """One line of the Total Cost of Ownership (§2.1)."""

    item: Text
    category: Id  # run | grow | transform the business
    stage: Id  # implement | operate | retire
    amount: Money
    recurring: bool = False  # True: per year, over the charter's horizon


class Benefit(Strict):
    item: Text
    amount: Money
    recurring: bool = True  # per year, over the charter's horizon


class Charter(Strict):
    objectives: list[Text] = Field(default_factory=list)
    sponsor: Text | None = None
    customer: Text | None = None
    horizon_years: int = Field(default=3, ge=1, le=50)
    costs: list[CostLine] = Field(default_factory=list)
    benefits: list[Benefit] = Field(default_factory=list)
    roi: SignedMoney | None = None  # percent, as stated in the business case

    def total(self, lines: list[CostLine] | list[Benefit]) -> float:
        return sum(x.amount * (self.horizon_years if x.recurring else 1) for x in lines)

    @property
    def tco(self) -> float:
        """Total Cost of Ownership over the horizon: implement + operate + retire."""
        return self.total(self.costs)

    @property
    def total_benefits(self) -> float:
        return self.total(self.benefits)

    @property
    def derived_roi(self) -> float | None:
        """ROI in percent, from the figures: (benefits - TCO) / TCO x 100."""
        if not self.costs or self.tco == 0 or not self.benefits:
            return None
        return (self.total_benefits - self.tco) / self.tco * 100


class Stakeholder(Strict):
    """A person or group, by catalog role or ITIL function (§2.2)."""

    role: Id  # a catalog role (customer, user, service-owner, ...) or function (service-desk, ...)
    name: Text | None = None
    applicable: bool = True
    reason: Prose | None = None  # why a function or role does not apply
    contact: Text | None = None
    notes: Prose | None = None
    # PRINCE2 profile: the Project Board role this stakeholder holds, if any. The
    # Executive is pmsm's project sponsor; see pmsm_cli.prince2.
    board: Literal["executive", "senior-user", "senior-supplier"] | None = None


class Requirement(Strict):
    text: Prose
    id: Text | None = None
    priority: Literal["must", "should", "could", "wont"] | None = None
    status: Literal["open", "agreed", "met", "dropped"] = "open"


class Risk(Strict):
    id: Text
    title: Text
    category: Id  # a catalog risk category (§3.3)
    probability: Level | None = None
    impact: Level | None = None
    response: Prose | None = None
    # The kind of response (PMBOK Guide 4th ed. §11.5, ITIL v3 Service Strategy): what the
    # free-text ``response`` does to the risk, so the register can be read at a glance.
    strategy: Literal["avoid", "reduce", "transfer", "accept"] | None = None
    owner: Text | None = None
    status: Literal["open", "closed", "considered"] = "open"


class Dependency(Strict):
    id: Id
    lag: int = Field(default=0, ge=-1000, le=1000)  # working days; negative = lead


def _plain_ids_to_dependencies(value: Any) -> Any:
    # `depends_on: [a, b]` is the common case; `{id: a, lag: 2}` adds a lag. One call
    # per list rather than per item: a large plan has tens of thousands of items.
    if not isinstance(value, list):
        return value  # pydantic says what is wrong with it
    return [{"id": item} if isinstance(item, str) else item for item in value]


# The JSON Schema advertises both spellings, so editors accept the short one too.
DependencyList = Annotated[
    list[Dependency],
    BeforeValidator(_plain_ids_to_dependencies, json_schema_input_type=list[Id | Dependency]),
]


class Activity(Strict):
    """An activity of the plan; unset fields are taken from the catalog entry it implements."""

    id: Id
    name: Text | None = None
    catalog: Id | None = None  # the catalog activity this implements, if its id differs
    process: Id | None = None
    pmbok_group: Id | None = None
    phase: Id | None = None
    stage: Id | None = None
    duration: int | None = Field(default=None, ge=0, le=10_000)
    depends_on: DependencyList = Field(default_factory=list)
    start: Date | None = None  # a date fixed by the user (start no earlier than)
    milestone: bool | None = None
    owner: Text | None = None
    status: ActivityStatus = "not-started"
    reason: Prose | None = None  # why it is not applicable or blocked
    cost: Money | None = None
    # The baseline: dates and cost as scheduled when ``pmsm baseline`` froze the plan.
    # Kept apart from ``start``/``cost`` so that re-planning never rewrites history, and
    # ``pmsm status`` can measure progress against what was agreed (§5, and
    # the measures of the Service Project Management article).
    baseline_start: Date | None = None
    baseline_finish: Date | None = None
    baseline_cost: Money | None = None
    actual_start: Date | None = None
    actual_finish: Date | None = None
    percent_complete: int | None = Field(default=None, ge=0, le=100)
    actual_cost: Money | None = None
    exit_criteria: list[Text] = Field(default_factory=list)
    # A pilot or service rehearsal (§4.3): what it sets out to learn, and how its feedback
    # will be taken in (which feedback is acted on, by whom, before what). Its exit
    # criteria are ``exit_criteria``.
    objectives: list[Text] = Field(default_factory=list)
    feedback: Prose | None = None
    # A shared environment the activity needs (§5.2), e.g. "staging": it then needs a
    # booking under ``bookings:``. Catalog activities marked ``shared_environment`` need
    # one anyway; this names which, or marks an activity of the plan's own as needing one.
    environment: Text | None = None
    # An authorisation point (a go/no-go such as the readiness assessment, §4.1, §4.4):
    # who takes the decision and what it rests on. Its pass/fail criteria are
    # ``exit_criteria``: what must hold for the work to pass the point.
    decided_by: Text | None = None
    evidence: list[Text] = Field(default_factory=list)
    notes: Prose | None = None

    @property
    def catalog_id(self) -> str:
        return self.catalog or self.id


def _text_to_list(value: Any) -> Any:
    # One effect is often written as plain text; a list of them is the general case.
    return [value] if isinstance(value, str) else value


# The JSON Schema advertises both spellings, so editors accept the short one too.
TextList = Annotated[
    list[Text], BeforeValidator(_text_to_list, json_schema_input_type=Text | list[Text])
]


class Evaluation(Strict):
    """What a service change did once live, against what was predicted (§5.3).

    Every field is optional so that an evaluation can be written up as it happens;
    ``evaluated_on`` is what marks it done for ``pmsm status``.
    """

    predicted: Prose | None = None  # the performance the change was expected to bring
    actual: Prose | None = None  # the performance measured after it went live
    intended_effects: TextList = Field(default_factory=list)
    unintended_effects: TextList = Field(default_factory=list)
    residual_risk: Level | None = None  # risk left after the change and its countermeasures
    evaluated_on: Date | None = None


class ChangeRequest(Strict):
    """A project change request (sponsor) or a service change request, the RFC (CAB), §5.1."""

    id: Text
    kind: ChangeKind
    title: Text
    reason: Prose | None = None
    # project-sponsor for project CRs; for RFCs change-advisory-board, change-authority or,
    # for an emergency change, emergency-cab (see pmsm_cli.control.change_kinds)
    approver: Id | None = None
    status: ChangeStatus = "draft"
    approved_on: Date | None = None
    activity: Id | None = None  # the activity it authorises (e.g. the deployment)
    environment: Text | None = None  # RFC: target environment
    window_start: Date | None = None  # RFC: change window
    window_end: Date | None = None
    # Project CRs change the charter's scope, time or budget (§5.1); saying which lets a
    # report group them and a rule check that a time change states its extra days. An RFC
    # is a standard, normal (when not given) or emergency change (ITIL v3 Service
    # Transition §4.2). Which kind takes which: pmsm_cli.control.change_kinds, checked by CHG003.
    change_type: ChangeType | None = None
    extra_days: int | None = Field(default=None, ge=-10_000, le=10_000)  # schedule impact
    extra_cost: SignedMoney | None = None  # project CR: budget impact
    evaluation: Evaluation | None = None  # RFC: recorded after it went live (§5.3)


class Booking(Strict):
    """A date range for which the project holds a shared environment (§5.2).

    Transition Planning and Support coordinates shared resources, such as the one
    staging environment, across projects; ``pmsm portfolio`` reports bookings of the
    same environment that overlap in different plans.
    """

    environment: Text  # compared without regard to case or surrounding spaces
    start: Date
    finish: Date  # the last day held, inclusive
    activity: Id | None = None  # the plan activity that needs it (a test, a rehearsal, ...)
    purpose: Text | None = None


AcceptanceGate = Literal["go-live", "close"]


class SignOff(Strict):
    """One sign-off of the service against its acceptance criteria."""

    by: Id  # the stakeholder role that signs: service-owner, it-operations-management, ...
    gate: AcceptanceGate  # before go-live, or before the project closes
    name: Text | None = None  # the person who signs
    # The day it was signed; empty until then. Not ``on``: YAML 1.1 reads that key as true.
    signed_on: Date | None = None


class Acceptance(Strict):
    """Service acceptance (ITIL v3 Service Transition): criteria agreed while planning,
    and the sign-offs against them before go-live and before the project closes."""

    criteria: list[Text] = Field(default_factory=list)
    agreed_on: Date | None = None  # when the service owner and operations agreed them
    signoffs: list[SignOff] = Field(default_factory=list)


class Waiver(Strict):
    """A deliberate, recorded exception to a check rule."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]*$")]
    target: Text | None = None  # the activity, stakeholder or item it covers; all if absent
    reason: Prose
    owner: Text | None = None
    expires: Date | None = None


def _default_charter() -> Charter:
    return Charter.model_construct()  # as _default_calendar: defaults only, nothing to check


class Plan(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    version: Version = 1
    project: Project
    scope: list[Id] = Field(default_factory=list)  # ITIL processes in scope
    charter: Charter = Field(default_factory=_default_charter)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    requirements: dict[Id, list[Requirement]] = Field(default_factory=dict)
    risks: list[Risk] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    change_requests: list[ChangeRequest] = Field(default_factory=list)
    bookings: list[Booking] = Field(default_factory=list)  # shared environments (§5.2)
    acceptance: Acceptance | None = None  # service acceptance criteria and sign-offs
    waivers: list[Waiver] = Field(default_factory=list)
    # PRINCE2 profile (project.method: prince2), read by pmsm_cli.prince2.
    stages: list[Stage] = Field(default_factory=list)
    tolerances: Tolerances | None = None  # the project's, set by the business
    exceptions: list[PlanException] = Field(default_factory=list)
    benefits_approach: BenefitsApproach | None = None


def model_for_schema(name: str) -> type[BaseModel]:
    from pmsm_cli.models.catalog import Catalog
    from pmsm_cli.models.portfolio import ServicePortfolio

    models: dict[str, type[BaseModel]] = {
        "plan": Plan,
        "catalog": Catalog,
        "services": ServicePortfolio,
    }
    return models[name]
