"""How numbers and dates read in every report format (text, Markdown, HTML, charts).

Money and percentages come from :mod:`pmsm_cli.formatting.numbers`, the one
place that formats them; this module adds what a report shows for a missing
value.
"""

from __future__ import annotations

import datetime as dt

from pmsm_cli.formatting import numbers
from pmsm_cli.formatting.numbers import money, signed_money

__all__ = ["NONE", "date", "days", "index", "money", "percent", "plural", "signed_money"]

NONE = "-"


def index(value: float | None) -> str:
    """SPI and CPI: two decimals; no index when its divisor is 0."""
    return "n/a" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    """ "12.3%"; "n/a" where there is no ROI to show."""
    return "n/a" if value is None else numbers.percent(value)


def days(value: int | None) -> str:
    """Working days late (+) or early (-)."""
    if value is None:
        return NONE
    return f"+{value}" if value > 0 else str(value)


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else NONE


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
