"""How numbers and dates read in every report format (text, Markdown, HTML, charts)."""

from __future__ import annotations

import datetime as dt

NONE = "-"


def money(value: float) -> str:
    """12,500 (cents only when there are any)."""
    if abs(value - round(value)) < 0.005:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def signed_money(value: float) -> str:
    text = money(value)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def index(value: float | None) -> str:
    """SPI and CPI: two decimals; no index when its divisor is 0."""
    return "n/a" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def days(value: int | None) -> str:
    """Working days late (+) or early (-)."""
    if value is None:
        return NONE
    return f"+{value}" if value > 0 else str(value)


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else NONE


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
