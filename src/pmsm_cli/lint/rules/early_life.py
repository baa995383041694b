"""Early life support (§4.7): exit criteria that can be measured, and an end before closing.

REL003 and REL004 (release.py) ask for early life support and its exit
criteria. The two rules here look at what those criteria say and when early
life support ends:

* REL007: at least one exit criterion is measurable, a threshold over a
  period ("fewer than 5 priority 1 incidents over 2 weeks"), and no criterion
  measures a period longer than early life support itself lasts;
* REL008: the project does not close (review and close, project closed)
  before early life support, and its exit milestone, are over.

A criterion is read as plain text, the way ``exit_criteria:`` has always been
written. A period is a count and a unit of time ("2 weeks", "ten working
days", "a day", "per month") or a word such as "daily"; a threshold is a
number (or "no", "zero", "without") elsewhere in the criterion. The test is
deliberately simple and says in its message what it looked for, so that a
criterion it misreads can be reworded, or the finding waived.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import WEEKDAYS

ELS, ELS_EXIT = "early-life-support", "els-exit"
CLOSING = ("review-close-deployment", "project-closed")

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "per": 1,
    "each": 1,
    "every": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
# Calendar days in one unit; None: a unit of time whose length pmsm cannot know.
_UNIT_DAYS: dict[str, int | None] = {
    "hour": 0,
    "day": 1,
    "week": 7,
    "fortnight": 14,
    "month": 30,
    "quarter": 91,
    "year": 365,
    "sprint": None,
    "shift": None,
}
_COUNT = r"\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS)
_PERIOD = re.compile(
    rf"\b(?P<count>{_COUNT})\s+(?:(?:consecutive|full|calendar|(?P<working>working|business))\s+)?"
    # not "month-end", which names a day, not a month
    rf"(?P<unit>{'|'.join(_UNIT_DAYS)})s?\b(?!-)"
    r"|\b(?:hourly|daily|weekly|monthly|quarterly|yearly)\b",
    re.IGNORECASE,
)
_RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})  # a period, not a threshold
_THRESHOLD = re.compile(
    r"\d|\b(?:no|zero|none|without|"
    + "|".join(w for w in _NUMBER_WORDS if w not in _RATE_WORDS)
    + r")\b",
    re.IGNORECASE,
)


def measurable(criterion: str) -> bool:
    """A threshold over a period: a count and a unit of time, and a number besides it."""
    periods = list(_PERIOD.finditer(criterion))
    if not periods:
        return False
    rest = _PERIOD.sub(" ", criterion)
    return _THRESHOLD.search(rest) is not None


def _longest_period(criterion: str) -> tuple[int, bool, str] | None:
    """The longest period the criterion measures: (length, in working days?, as written)."""
    longest: tuple[int, bool, str] | None = None
    for match in _PERIOD.finditer(criterion):
        unit = match.group("unit")
        if unit is None:
            continue  # "daily": a rate, no window
        size = _UNIT_DAYS[unit.lower()]
        count_text = match.group("count").lower()
        count = _NUMBER_WORDS.get(count_text)
        if count is None:
            count = int(float(count_text.replace(",", ".")))
        if size is None:
            continue
        working = match.group("working") is not None and size == 1
        days = count * size
        if longest is None or days > longest[0]:
            longest = (days, working, match.group(0))
    return longest


def _is_workday(ctx: CheckContext, day: dt.date) -> bool:
    calendar = ctx.plan.project.calendar
    workdays = {WEEKDAYS.index(d) for d in calendar.workdays} or set(range(7))
    return day.weekday() in workdays and not calendar.is_holiday(day)


def _held_until(ctx: CheckContext, finish: dt.date) -> dt.date:
    """The day before the next working day after ``finish`` (at most two weeks on)."""
    day = finish + dt.timedelta(days=1)
    for _ in range(14):
        if _is_workday(ctx, day):
            break
        day += dt.timedelta(days=1)
    return day - dt.timedelta(days=1)


def _working_days(ctx: CheckContext, start: dt.date, finish: dt.date) -> int:
    span = (finish - start).days + 1
    days = (start + dt.timedelta(days=n) for n in range(max(span, 0)))
    return sum(1 for d in days if _is_workday(ctx, d))


def _measurable(ctx: CheckContext) -> Iterator[Hit]:
    found = ctx.entry(ELS)
    if found is None or found[1].status in DROPPED or not found[1].exit_criteria:
        return  # REL003 and REL004 report a missing support or missing criteria
    index, els = found
    if not any(measurable(c) for c in els.exit_criteria):
        yield Hit(
            ("activities", index, "exit_criteria"),
            f"no exit criterion of '{els.id}' states a threshold over a period: write at least "
            "one as a number and a span of time, e.g. 'fewer than 5 priority 1 incidents over "
            "2 weeks' or 'no more than 20 calls a day'",
            key=True,
            target=ELS,
        )
    start, finish = ctx.start_of(els.id), ctx.finish_of(els.id)
    if start is None or finish is None:
        return
    for number, criterion in enumerate(els.exit_criteria):
        period = _longest_period(criterion)
        if period is None:
            continue
        days, working, written = period
        if working:
            lasts, unit = _working_days(ctx, start, finish), "working days"
        else:
            # Support carries on over the days off after its last working day: ten working
            # days from a Monday hold the service for two whole weeks.
            lasts, unit = (_held_until(ctx, finish) - start).days + 1, "days"
        if days > lasts:
            yield Hit(
                ("activities", index, "exit_criteria", number),
                f"the exit criterion measures '{written}', but '{els.id}' runs "
                f"{start.isoformat()} to {finish.isoformat()}, {lasts} {unit} with the days off "
                "after it: it cannot be met before early life support ends; lengthen it or "
                "shorten the period",
                target=ELS,
            )


def _closes_too_soon(ctx: CheckContext) -> Iterator[Hit]:
    found = ctx.entry(ELS)
    if found is None or found[1].status in DROPPED:
        return
    els = found[1]
    ends: list[tuple[str, dt.date, bool]] = []  # (id, date, the close may start that day)
    els_end = ctx.finish_of(els.id)
    if els_end is not None:
        ends.append((els.id, els_end, False))
    exit_found = ctx.entry(ELS_EXIT)
    if exit_found is not None and exit_found[1].status not in DROPPED:
        exit_day = ctx.finish_of(exit_found[1].id)
        if exit_day is not None:
            ends.append((exit_found[1].id, exit_day, True))
    for catalog_id in CLOSING:
        closing = ctx.entry(catalog_id)
        if closing is None or closing[1].status in DROPPED:
            continue
        index, planned = closing
        if planned.status == "done" and els.status != "done":
            yield Hit(
                ("activities", index, "status"),
                f"'{planned.id}' is done while '{els.id}' is {els.status}: the project closes "
                "only once early life support is over",
                target=planned.id,
            )
            continue
        begins = ctx.start_of(planned.id)
        if begins is None:
            continue
        for what, day, same_day in ends:
            if begins < day or (begins == day and not same_day):
                yield Hit(
                    ("activities", index),
                    f"'{planned.id}' starts {begins.isoformat()}, before '{what}' is over "
                    f"({day.isoformat()}): the project closes only once early life support "
                    "is over",
                    target=planned.id,
                )
                break


RULES = (
    Rule(
        code="REL007",
        needs=frozenset({"exit_criteria"}),
        slug="els-exit-criteria-not-measurable",
        title="Early life support's exit criteria state no threshold over a period",
        severity="error",
        source=whitepaper("4.7"),
        basis="policy",
        rationale=(
            "§4.7 asks that the exit criteria of early life support be clearly defined. "
            "'The service is stable' is not: it ends support when someone tires of it. A "
            "criterion that operations and the project can both check names a threshold and "
            "the period it is measured over ('fewer than 5 priority 1 incidents over 2 "
            "weeks'), and that period must fit inside early life support as planned. Reading "
            "'clearly defined' as 'a threshold over a period' is pmsm's policy, following the "
            "early life support of ITIL v3 Service Transition, whose exit criteria are service "
            "levels met over a stated time. Criteria without numbers (hand-overs done, run book "
            "signed) may stand beside it."
        ),
        bad=dedent("""
            activities:
              - id: early-life-support
                exit_criteria: [the service is stable, the run book is signed by operations]
        """),
        good=dedent("""
            activities:
              - id: early-life-support
                exit_criteria:
                  - fewer than 3 priority 1 incidents over 2 weeks
                  - the run book is signed by operations
        """),
        check=_measurable,
    ),
    Rule(
        code="REL008",
        slug="project-closes-during-els",
        title="The project closes before early life support is over",
        severity="error",
        source=whitepaper("4.8"),
        basis="requires",
        rationale=(
            "Where early life support is planned (§4.7), the project team works beside support "
            "and operations until the service is stable. The review and close of §4.8 closes "
            "the deployment and the whole Service Transition phase, early life support "
            "included, and a project that closes first takes its developers away while the "
            "service still needs them. Review and close, and the project's closing milestone, "
            "start only once early life support and its exit are over."
        ),
        bad=dedent("""
            activities:
              - {id: early-life-support, start: 2026-06-01, duration: 15}
              - {id: project-closed, start: 2026-06-12, depends_on: []}
        """),
        good=dedent("""
            activities:
              - {id: early-life-support, start: 2026-06-01, duration: 15}
              - {id: project-closed, start: 2026-06-22, depends_on: []}
        """),
        check=_closes_too_soon,
    ),
)
