"""Public holidays of a country (and a region of it), from the ``holidays`` package.

A plan's calendar may name ``country: DE`` and ``subdivision: BY``; the
scheduler then skips that region's public holidays in every year the schedule
touches, on top of the dates listed under ``holidays:``. The package is
imported only here, and only for a plan that names a country: a plan without
one, and every ``pmsm`` start-up, never pays for it.

Codes are the package's own: ISO 3166-1 alpha-2 for countries (``DE``, ``GB``,
``US``) and mostly ISO 3166-2 for their subdivisions (``BY`` for Bavaria,
``ENG`` for England, ``CA`` for California).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from pmsm_cli.records import record

# How many known codes an error lists before it says "and N more".
_LISTED = 40


@record(slots=True)
class PublicHolidays:
    """The public holidays of ``country`` (and ``subdivision``), year by year.

    Callable with a year, as the scheduler's calendar asks; frozen and
    hashable, so that two calendars of the same region compare equal.
    """

    country: str
    subdivision: str | None = None

    def __call__(self, year: int) -> frozenset[dt.date]:
        return _of_year(self.country, self.subdivision, year)

    def between(self, first: dt.date, last: dt.date) -> set[dt.date]:
        """The public holidays from ``first`` to ``last``, both included."""
        return {
            day
            for year in range(first.year, last.year + 1)
            for day in self(year)
            if first <= day <= last
        }


@functools.lru_cache(maxsize=256)
def _of_year(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    import holidays

    # Years the package cannot compute (before 1 or after 9999) have none.
    if not 1 <= year <= 9999:
        return frozenset()
    found: Any = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return frozenset(day for day in found if isinstance(day, dt.date) and day.year == year)


def check_country(code: str) -> str:
    """``code`` if the holidays package knows that country, else ValueError saying which do."""
    known = supported()
    if code in known:
        return code
    hint = f" (did you mean {code.upper()}?)" if code.upper() in known else ""
    pairs = sum(1 for each in known if len(each) == 2)
    raise ValueError(
        f"'{code}' is not a country the holidays package knows{hint}; use an ISO 3166 "
        f"two-letter code such as DE, FR, GB or US (it knows {pairs} countries)"
    )


def check_subdivision(country: str, code: str) -> str:
    """``code`` if it is a subdivision of ``country``, else ValueError listing those there are."""
    known = supported().get(country, [])
    if code in known:
        return code
    if not known:
        raise ValueError(
            f"the holidays package knows no subdivisions of {country}; leave 'subdivision' out"
        )
    hint = f" (did you mean {code.upper()}?)" if code.upper() in known else ""
    raise ValueError(
        f"'{code}' is not a subdivision of {country} the holidays package knows{hint}; "
        f"use one of: {_listed(known)}"
    )


@functools.lru_cache(maxsize=1)
def supported() -> dict[str, list[str]]:
    """Country code -> its subdivision codes, as the installed holidays package has them."""
    import holidays

    return {
        country: list(subdivisions)
        for country, subdivisions in holidays.list_supported_countries().items()
    }


def _listed(codes: Iterable[str]) -> str:
    codes = list(codes)
    shown = ", ".join(codes[:_LISTED])
    return shown if len(codes) <= _LISTED else f"{shown} and {len(codes) - _LISTED} more"
