"""Working-day calendar with O(1) working-day arithmetic.

Scheduling thousands of tasks means tens of thousands of "add n working days"
and "which working day is this" questions.  Walking day by day would make each
one cost O(n); instead every calendar lazily builds a table over a range of
dates that numbers the working days consecutively, so both directions are a
single list lookup:

* ``rank(o)``  - the number of the first working day on or after ordinal ``o``;
* ``date_of(n)`` - the date of working day number ``n``.

Numbers are only meaningful relative to each other (the first date ever asked
about happens to get number 0); they stay stable while the table grows in
either direction, so the scheduler can do all its arithmetic on plain ints and
convert back to dates once at the end.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import field
from datetime import date

from pmsm_cli.records import record

from .errors import ScheduleError

_MIN_ORDINAL = date.min.toordinal()
_MAX_ORDINAL = date.max.toordinal()

# Holidays that depend on the year (a country's public holidays): given a year, its dates.
YearlyHolidays = Callable[[int], Iterable[date]]

# Grow by at least this many days so that a handful of nearby queries does not
# trigger a handful of tiny extensions.
_MIN_GROWTH = 128


def _out_of_range() -> ScheduleError:
    return ScheduleError(
        "date-out-of-range",
        f"the schedule runs outside the supported dates ({date.min} to {date.max})",
    )


class _WorkdayIndex:
    """Lazily grown lookup tables over the ordinal range ``[lo, hi)``.

    ``ranks[o - lo]`` is the number of the first working day ``>= o``;
    ``dates[n - first]`` is the date of working day ``n``.  A non-working day
    near the top of the range may have a rank whose date is not built yet;
    that is fine because numbers are assigned in order, so the next working
    day will receive exactly that number when the table grows.

    Growing mutates shared state, so a calendar is not meant to be used from
    several threads at once (pmsm schedules in a single thread).
    """

    __slots__ = (
        "_holidays",
        "_weekday_works",
        "_yearly",
        "_years",
        "dates",
        "first",
        "hi",
        "lo",
        "ranks",
    )

    def __init__(
        self, workdays: frozenset[int], holidays: frozenset[date], yearly: YearlyHolidays | None
    ) -> None:
        # Indexed by (ordinal - 1) % 7, which is date.weekday() without
        # building a date object (ordinal 1 is Monday 0001-01-01).
        self._weekday_works = tuple(d in workdays for d in range(7))
        self._holidays = {h.toordinal() for h in holidays}
        # Yearly holidays join _holidays a year at a time, before the table first
        # covers any day of that year, so a lookup never sees a year half-known.
        self._yearly = yearly
        self._years: set[int] = set()
        self.lo = 0
        self.hi = 0
        self.first = 0
        # One entry per calendar day: a compact array rather than a list of
        # int objects, since a plan spanning decades touches ~10^4 days.
        self.ranks = array("q")
        self.dates: list[date] = []

    def works(self, ordinal: int) -> bool:
        if self._yearly is not None and not self.lo <= ordinal < self.hi:
            self._load_years(ordinal, ordinal + 1)  # inside the table, its years are in
        return self._weekday_works[(ordinal - 1) % 7] and ordinal not in self._holidays

    def _load_years(self, lo: int, hi: int) -> None:
        """Add the yearly holidays of every year in the ordinals ``[lo, hi)``."""
        if self._yearly is None or hi <= lo:
            return
        first = date.fromordinal(max(lo, _MIN_ORDINAL)).year
        last = date.fromordinal(min(hi - 1, _MAX_ORDINAL)).year
        for year in range(first, last + 1):
            if year not in self._years:
                self._holidays.update(d.toordinal() for d in self._yearly(year))
                self._years.add(year)

    # -- growth ---------------------------------------------------------------

    def _grow_up(self, new_hi: int) -> None:
        self._load_years(self.hi, new_hi)
        ranks, dates = self.ranks, self.dates
        weekday_works, holidays = self._weekday_works, self._holidays
        nxt = self.first + len(dates)
        for o in range(self.hi, new_hi):
            ranks.append(nxt)
            if weekday_works[(o - 1) % 7] and o not in holidays:  # self.works(o), inlined
                dates.append(date.fromordinal(o))
                nxt += 1
        self.hi = new_hi

    def _grow_down(self, new_lo: int) -> None:
        self._load_years(new_lo, self.lo)
        seg_dates = [date.fromordinal(o) for o in range(new_lo, self.lo) if self.works(o)]
        new_first = self.first - len(seg_dates)
        seg_ranks = array("q")
        nxt = new_first
        for o in range(new_lo, self.lo):
            seg_ranks.append(nxt)
            if self.works(o):
                nxt += 1
        # Prepending copies the lists, which is why growth is geometric.
        self.ranks = seg_ranks + self.ranks
        self.dates = seg_dates + self.dates
        self.first = new_first
        self.lo = new_lo

    def _cover_ordinal(self, ordinal: int) -> None:
        if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
            raise _out_of_range()
        if self.lo == self.hi:  # empty table: anchor it at the first date asked about
            self.lo = self.hi = ordinal
            self._grow_up(min(ordinal + _MIN_GROWTH, _MAX_ORDINAL + 1))
            return
        span = max(self.hi - self.lo, _MIN_GROWTH)
        if ordinal >= self.hi:
            self._grow_up(min(max(ordinal + 1, self.hi + span), _MAX_ORDINAL + 1))
        elif ordinal < self.lo:
            self._grow_down(max(min(ordinal, self.lo - span), _MIN_ORDINAL))

    def cover_numbers(self, low: int, high: int) -> None:
        """Make ``date_of(n)`` valid for every ``low <= n <= high``."""
        if self.lo == self.hi:
            # Numbers normally come from rank(), which anchors the table; pick a
            # fixed anchor otherwise so results never depend on today's date.
            self._cover_ordinal(date(2000, 1, 3).toordinal())
        while high >= self.first + len(self.dates):
            if self.hi > _MAX_ORDINAL:
                raise _out_of_range()
            missing = high - (self.first + len(self.dates)) + 1
            # ~7/5 calendar days per working day, plus slack for holidays.
            days = missing * 7 // sum(self._weekday_works) + 14
            span = max(self.hi - self.lo, _MIN_GROWTH, days)
            self._grow_up(min(self.hi + span, _MAX_ORDINAL + 1))
        while low < self.first:
            if self.lo <= _MIN_ORDINAL:
                raise _out_of_range()
            missing = self.first - low
            days = missing * 7 // sum(self._weekday_works) + 14
            span = max(self.hi - self.lo, _MIN_GROWTH, days)
            self._grow_down(max(self.lo - span, _MIN_ORDINAL))

    # -- lookups ------------------------------------------------------------

    def rank(self, ordinal: int) -> int:
        """Number of the first working day on or after ``ordinal``."""
        if not self.lo <= ordinal < self.hi:
            self._cover_ordinal(ordinal)
        return self.ranks[ordinal - self.lo]

    def rank_on_or_before(self, ordinal: int) -> int:
        """Number of the last working day on or before ``ordinal``."""
        number = self.rank(ordinal)
        # rank() rolled a non-working day forward; the working day before
        # that one is the previous working day.
        return number if self.works(ordinal) else number - 1

    def date_of(self, number: int) -> date:
        i = number - self.first
        if not 0 <= i < len(self.dates):
            self.cover_numbers(number, number)
            i = number - self.first
        return self.dates[i]


@record(slots=True)
class Calendar:
    """Which dates are working days: a weekly pattern minus holidays.

    ``workdays`` holds ``date.weekday()`` values (Monday is 0).  ``yearly``,
    when given, names more holidays a year at a time (a country's public
    holidays); it is asked only for the years the schedule reaches, and must
    be hashable (a frozen dataclass) for calendars to compare.  A calendar
    with no working weekday is rejected at construction (``ScheduleError``
    kind ``"empty-calendar"``) because no task could ever be placed on it.

    The lookup table lives in a hidden field that takes no part in equality or
    hashing, so two calendars with the same days compare equal however much
    of their table has been built.
    """

    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    holidays: frozenset[date] = frozenset()
    yearly: YearlyHolidays | None = None
    _index: _WorkdayIndex = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Accept any iterable (sets, lists) so callers need not build frozensets;
        # the frozen dataclass is then genuinely immutable and hashable.
        workdays = frozenset(self.workdays)
        holidays = frozenset(self.holidays)
        bad = sorted(repr(d) for d in workdays if not (isinstance(d, int) and 0 <= d <= 6))
        if bad:
            raise ScheduleError(
                "bad-calendar",
                "working weekdays must be numbers from 0 (Monday) to 6 (Sunday), "
                f"got {', '.join(bad)}",
            )
        if not workdays:
            raise ScheduleError(
                "empty-calendar", "the calendar has no working days, so nothing can be scheduled"
            )
        object.__setattr__(self, "workdays", workdays)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "_index", _WorkdayIndex(workdays, holidays, self.yearly))

    def is_workday(self, d: date) -> bool:
        return self._index.works(d.toordinal())

    def next_workday(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        idx = self._index
        return idx.date_of(idx.rank(d.toordinal()))

    def previous_workday(self, d: date) -> date:
        """``d`` itself if it is a working day, else the last working day before it."""
        idx = self._index
        return idx.date_of(idx.rank_on_or_before(d.toordinal()))

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (before it when ``n < 0``).

        From a working day this is plain counting: ``add_workdays(mon, 1)`` is
        Tuesday and ``add_workdays(mon, 0)`` is Monday.  From a non-working day
        the count starts at the neighbouring working day, so Saturday + 1 is
        Monday, Saturday - 1 is Friday, and Saturday + 0 rolls forward to
        Monday (dates always roll forward, like a project start).
        """
        idx = self._index
        o = start.toordinal()
        number = idx.rank(o)
        if n > 0 and not idx.works(o):
            # rank() already moved us onto the next working day, which counts
            # as the first step.
            number -= 1
        return idx.date_of(number + n)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in ``[a, b)``; negative (minus those in ``[b, a)``) when ``b < a``.

        For working days this is the inverse of ``add_workdays``:
        ``add_workdays(a, workdays_between(a, b)) == b``.
        """
        idx = self._index
        return idx.rank(b.toordinal()) - idx.rank(a.toordinal())

    # -- package-internal helpers for the scheduler ---------------------------

    def _number(self, d: date) -> int:
        """Working-day number of ``d``, or of the next working day if ``d`` is not one."""
        return self._index.rank(d.toordinal())

    def _number_on_or_before(self, d: date) -> int:
        """Working-day number of ``d``, or of the last working day before it."""
        return self._index.rank_on_or_before(d.toordinal())

    def _dates_for(self, low: int, high: int) -> tuple[list[date], int]:
        """The date table and its offset, valid for numbers ``low..high`` inclusive.

        Handing out the raw list lets the scheduler convert thousands of numbers
        with a bare index instead of a method call each.
        """
        idx = self._index
        idx.cover_numbers(low, high)
        return idx.dates, idx.first
