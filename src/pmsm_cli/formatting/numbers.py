"""Money and percentages as every output shows them: one place, a few named styles.

Amounts carry thousands separators and no currency (a plan states none). Two
money styles:

``"cents"``
    cents only when there are any: ``12,500`` and ``12,500.25``. Reports,
    messages, the charter. An amount within half a cent of a whole number
    shows as that number, so a sum of float cents never reads ``12,500.00``.
``"whole"``
    rounded to the unit, ``12,500``: the plan's Markdown and HTML pages,
    whose summary cards have no room for cents.

Three percent styles, each where it has always been used, so no output changes:

``"whole"``
    ``12%``: the plan's pages.
``"tenth"``
    ``12.3%``: reports and messages (ROI, share of the investment).
``"tenth-spaced"``
    ``12.3 %``: the documents of ``pmsm init`` (the charter), typeset with the
    space many style guides ask for.
"""

from __future__ import annotations

from typing import Literal

MoneyStyle = Literal["cents", "whole"]
PercentStyle = Literal["whole", "tenth", "tenth-spaced"]

_PERCENT_FORMATS: dict[str, str] = {
    "whole": "{:.0f}%",
    "tenth": "{:.1f}%",
    "tenth-spaced": "{:.1f} %",
}


def money(value: float, style: MoneyStyle = "cents") -> str:
    """``12500.0`` -> "12,500"; ``12500.25`` -> "12,500.25" (``"whole"``: "12,500")."""
    if style == "whole" or abs(value - round(value)) < 0.005:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def signed_money(value: float) -> str:
    """A change in money: "+1,200", "-300", "0"."""
    text = money(value)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def short_money(value: float) -> str:
    """8k, 1.25M: a chart's axis labels must stay narrow."""
    size = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}" if size else "0"


def percent(value: float, style: PercentStyle = "tenth") -> str:
    """``22.727`` (already in percent) -> "22.7%" ("23%", "22.7 %" in the other styles)."""
    return _PERCENT_FORMATS[style].format(value)
