"""Working-day calendar: hand-checked dates plus a day-by-day oracle.

January 2026 for reference (2026-01-12 is the holiday used throughout):

    Mo Tu We Th Fr Sa Su
              1  2  3  4
     5  6  7  8  9 10 11
    12 13 14 15 16 17 18
    19 20 21 22 23 24 25
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from pmsm_cli.scheduling import Calendar, ScheduleError

HOLIDAY = date(2026, 1, 12)  # a Monday


@pytest.fixture
def cal() -> Calendar:
    return Calendar(holidays=frozenset({HOLIDAY}))


def test_default_calendar_is_monday_to_friday() -> None:
    c = Calendar()
    assert c.workdays == frozenset({0, 1, 2, 3, 4})
    assert c.is_workday(date(2026, 1, 9))  # Friday
    assert not c.is_workday(date(2026, 1, 10))  # Saturday
    assert not c.is_workday(date(2026, 1, 11))  # Sunday


def test_holiday_is_not_a_workday(cal: Calendar) -> None:
    assert not cal.is_workday(HOLIDAY)
    assert cal.is_workday(date(2026, 1, 13))


def test_next_workday(cal: Calendar) -> None:
    assert cal.next_workday(date(2026, 1, 5)) == date(2026, 1, 5)  # already a workday
    assert cal.next_workday(date(2026, 1, 3)) == date(2026, 1, 5)  # Sat -> Mon
    # Sat 10 -> Sun 11 -> Mon 12 (holiday) -> Tue 13
    assert cal.next_workday(date(2026, 1, 10)) == date(2026, 1, 13)
    assert cal.next_workday(HOLIDAY) == date(2026, 1, 13)


def test_previous_workday(cal: Calendar) -> None:
    assert cal.previous_workday(date(2026, 1, 13)) == date(2026, 1, 13)
    assert cal.previous_workday(HOLIDAY) == date(2026, 1, 9)  # Mon (holiday) -> Fri
    assert cal.previous_workday(date(2026, 1, 4)) == date(2026, 1, 2)  # Sun -> Fri


def test_add_workdays_from_a_workday(cal: Calendar) -> None:
    mon = date(2026, 1, 5)
    assert cal.add_workdays(mon, 0) == mon
    assert cal.add_workdays(mon, 4) == date(2026, 1, 9)  # Tue, Wed, Thu, Fri
    # Fri 9 is +4; Sat, Sun and the Monday holiday are skipped; Tue 13 is +5.
    assert cal.add_workdays(mon, 5) == date(2026, 1, 13)
    # +5 (Tue 13) .. +9 (Mon 19) .. +13 (Fri 23)
    assert cal.add_workdays(mon, 13) == date(2026, 1, 23)
    assert cal.add_workdays(date(2026, 1, 13), -1) == date(2026, 1, 9)
    assert cal.add_workdays(mon, -1) == date(2026, 1, 2)  # Fri 2 (1 Jan is no holiday here)
    assert cal.add_workdays(mon, -3) == date(2025, 12, 31)  # Fri 2, Thu 1, Wed 31


def test_add_workdays_from_a_non_workday(cal: Calendar) -> None:
    sat = date(2026, 1, 10)
    # Counting starts at the neighbouring workday: +1 is the first workday after
    # Saturday (Tue 13, the Monday is a holiday), -1 the last one before it.
    assert cal.add_workdays(sat, 1) == date(2026, 1, 13)
    assert cal.add_workdays(sat, 2) == date(2026, 1, 14)
    assert cal.add_workdays(sat, -1) == date(2026, 1, 9)
    assert cal.add_workdays(sat, -2) == date(2026, 1, 8)
    # 0 rolls forward, like a project start.
    assert cal.add_workdays(sat, 0) == date(2026, 1, 13)
    assert cal.add_workdays(date(2026, 1, 4), 1) == date(2026, 1, 5)  # Sun + 1 = Mon


def test_workdays_between(cal: Calendar) -> None:
    mon = date(2026, 1, 5)
    assert cal.workdays_between(mon, mon) == 0
    assert cal.workdays_between(mon, date(2026, 1, 13)) == 5  # Mon 5 .. Fri 9
    assert cal.workdays_between(date(2026, 1, 13), mon) == -5
    assert cal.workdays_between(date(2026, 1, 9), HOLIDAY) == 1  # just Friday
    assert cal.workdays_between(date(2026, 1, 10), date(2026, 1, 13)) == 0  # Sat, Sun, hol.
    assert cal.workdays_between(mon, date(2026, 1, 24)) == 14  # 5 + 5 (13..19) + 4 (20..23)


def test_custom_work_week() -> None:
    # Sunday to Thursday.
    c = Calendar(workdays=frozenset({6, 0, 1, 2, 3}))
    assert not c.is_workday(date(2026, 1, 9))  # Friday
    assert c.is_workday(date(2026, 1, 11))  # Sunday
    assert c.add_workdays(date(2026, 1, 8), 1) == date(2026, 1, 11)  # Thu + 1 = Sun


def test_one_working_day_a_week() -> None:
    c = Calendar(workdays=frozenset({2}))  # Wednesdays only
    assert c.add_workdays(date(2026, 1, 7), 3) == date(2026, 1, 28)  # 14, 21, 28
    assert c.next_workday(date(2026, 1, 8)) == date(2026, 1, 14)
    assert c.workdays_between(date(2026, 1, 1), date(2026, 2, 1)) == 4  # 7, 14, 21, 28


def test_long_jumps_both_ways() -> None:
    c = Calendar()
    mon = date(2026, 1, 5)
    # 10,000 workdays = 2,000 full Mon-Fri weeks = 14,000 calendar days.
    assert c.add_workdays(mon, 10_000) == mon + timedelta(days=14_000)
    assert c.add_workdays(mon, -10_000) == mon - timedelta(days=14_000)
    assert c.workdays_between(mon - timedelta(days=14_000), mon + timedelta(days=14_000)) == 20_000


def _naive_is_workday(d: date, workdays: frozenset[int], holidays: frozenset[date]) -> bool:
    return d.weekday() in workdays and d not in holidays


def test_matches_a_day_by_day_oracle() -> None:
    """Random queries, in random order so the table grows up and down."""
    rng = random.Random(1234)
    base = date(2026, 1, 1)
    holidays = frozenset(base + timedelta(days=rng.randrange(-800, 800)) for _ in range(60))
    workdays = frozenset({0, 1, 2, 3, 4})
    c = Calendar(workdays, holidays)

    def works(d: date) -> bool:
        return _naive_is_workday(d, workdays, holidays)

    def step(d: date, direction: int) -> date:
        d += timedelta(days=direction)
        while not works(d):
            d += timedelta(days=direction)
        return d

    for _ in range(400):
        d = base + timedelta(days=rng.randrange(-900, 900))
        n = rng.randrange(-40, 41)

        assert c.is_workday(d) == works(d)

        nxt = d
        while not works(nxt):
            nxt += timedelta(days=1)
        assert c.next_workday(d) == nxt

        prev = d
        while not works(prev):
            prev -= timedelta(days=1)
        assert c.previous_workday(d) == prev

        if n == 0:
            expected = nxt
        else:
            expected = d
            for _ in range(abs(n)):
                expected = step(expected, 1 if n > 0 else -1)
        assert c.add_workdays(d, n) == expected, (d, n)

        other = d + timedelta(days=rng.randrange(-60, 61))
        lo, hi = min(d, other), max(d, other)
        count = sum(works(lo + timedelta(days=k)) for k in range((hi - lo).days))
        assert c.workdays_between(d, other) == (count if other >= d else -count)


def test_add_and_between_are_inverse_on_workdays(cal: Calendar) -> None:
    days = [date(2026, 1, 1) + timedelta(days=k) for k in range(60)]
    workdays = [d for d in days if cal.is_workday(d)]
    for a in workdays[::3]:
        for b in workdays:
            assert cal.add_workdays(a, cal.workdays_between(a, b)) == b


def test_calendar_without_workdays_is_rejected() -> None:
    with pytest.raises(ScheduleError) as err:
        Calendar(workdays=frozenset())
    assert err.value.kind == "empty-calendar"
    assert "no working days" in str(err.value)


def test_weekday_numbers_must_be_0_to_6() -> None:
    with pytest.raises(ScheduleError) as err:
        Calendar(workdays=frozenset({0, 7}))
    assert err.value.kind == "bad-calendar"


def test_plain_sets_are_accepted_and_calendars_compare_by_value() -> None:
    a = Calendar(workdays={0, 1, 2}, holidays={HOLIDAY})  # type: ignore[arg-type]
    b = Calendar(workdays=frozenset({0, 1, 2}), holidays=frozenset({HOLIDAY}))
    assert isinstance(a.workdays, frozenset)
    assert isinstance(a.holidays, frozenset)
    a.add_workdays(date(2026, 1, 5), 500)  # builds a's table, not b's
    assert a == b
    assert hash(a) == hash(b)


def test_dates_beyond_the_supported_range() -> None:
    with pytest.raises(ScheduleError) as err:
        Calendar().add_workdays(date(9999, 12, 20), 30)
    assert err.value.kind == "date-out-of-range"
    with pytest.raises(ScheduleError):
        Calendar().add_workdays(date(1, 1, 10), -30)
