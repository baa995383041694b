"""Field types the plan's models share: dates, amounts of money, codes, levels.

Each carries its own reading rule (a date quoted as text is a date; a code YAML
read as a number is refused in words) so that every model reads them alike.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from pmsm_cli.models.text import Text

Level = Literal["low", "medium", "high"]

# The largest amount of money one figure may hold. No project comes near a thousand
# trillion in any currency, and the bound keeps every total (lines x years) a finite
# number: without it two lines of 1e308 would add up to infinity and break the sums.
MAX_AMOUNT = 1e15
Money = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
SignedMoney = Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_from_text(value: Any) -> Any:
    # A date quoted as text ('2026-03-02') is still a date: JSON has no date type, so
    # tools that write plans from JSON quote them. Anything else goes on to the strict
    # check (see Strict), which refuses a number (0 would be 1970-01-01) and a date
    # with a time of day.
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value  # 2026-02-30: refused as no date, in the plan's words
    return value


Date = Annotated[dt.date, BeforeValidator(_date_from_text)]


def _code_as_text(value: Any) -> Any:
    # YAML reads some codes as something else: NO (Norway) as false, 03 (a county of
    # Norway) as the number 3. Say so, rather than "should be a valid string".
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"a code is text, but YAML read this one as {str(value).lower()}: put it in "
            'quotes, e.g. country: "NO" or subdivision: "03"'
        )
    return value


Code = Annotated[Text, BeforeValidator(_code_as_text)]
