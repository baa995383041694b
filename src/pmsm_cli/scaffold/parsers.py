"""How ``pmsm init`` reads each answer, wherever it was typed.

Each parser takes what a user typed (text) or what YAML gave (typed) and returns
the value, or raises ValueError with a message in plain words; the questions in
:mod:`pmsm_cli.scaffold.questions` name their parser.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.fields import MAX_AMOUNT
from pmsm_cli.models.text import MAX_TEXT, forbidden_character, printable

Parser = Callable[[Any, Catalog], Any]


def _text(value: Any, *, optional: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ValueError("it is empty; type some text")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("it should be text")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"it is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
    # The plan model's own check: every answer becomes one line of text in the plan.
    found = forbidden_character(text)
    if found is not None:
        raise ValueError(f"it {found.words()}")
    return text


def parse_text(value: Any, catalog: Catalog) -> str:
    text = _text(value, optional=False)
    assert text is not None
    return text


def parse_optional_text(value: Any, catalog: Catalog) -> str | None:
    return _text(value, optional=True)


def parse_date(value: Any, catalog: Catalog) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("it should be a date written YYYY-MM-DD, e.g. 2026-03-02")


def parse_amount(value: Any, catalog: Catalog) -> float:
    if isinstance(value, bool):
        raise ValueError("it should be an amount of money, e.g. 120000")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        raw = value.strip().replace("_", "")
        if "," in raw:
            raise ValueError(
                "write amounts without thousands commas (120000 or 120_000); "
                "a comma could also be a decimal point"
            )
        try:
            number = float(raw)
        except ValueError:
            raise ValueError("it should be an amount of money, e.g. 120000") from None
    else:
        raise ValueError("it should be an amount of money, e.g. 120000")
    if not math.isfinite(number) or number < 0:
        raise ValueError("it should be zero or a positive amount")
    if number > MAX_AMOUNT:
        raise ValueError(f"it should be at most {MAX_AMOUNT:,.0f}")
    return number


def parse_years(value: Any, catalog: Catalog) -> int:
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        years = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError("it should be a whole number of years, e.g. 3") from None
    if not 1 <= years <= 50:
        raise ValueError("it should be between 1 and 50 years")
    return years


def parse_country(value: Any, catalog: Catalog) -> str | None:
    """A country the holidays package knows (``DE``), or None for no public holidays."""
    text = _text(value, optional=True)
    if text is None or text.lower() in ("none", "-"):
        return None
    from pmsm_cli.scheduling.holidays import check_country

    return check_country(text.upper() if len(text) == 2 else text)


def parse_subdivision(value: Any, catalog: Catalog) -> str | None:
    """A region code (``BY``); checked against the country once both are known."""
    text = _text(value, optional=True)
    return None if text is None or text.lower() in ("none", "-") else text


# LANG=de_DE.UTF-8 -> DE; C, POSIX, C.UTF-8 and a bare language (en) name no country.
_LOCALE_COUNTRY = re.compile(r"^[A-Za-z]{2,3}_([A-Za-z]{2})(?:[.@]|$)")


def locale_country(environ: Mapping[str, str] | None = None) -> str | None:
    """The country the user's locale names, if the holidays package knows it.

    Read from the environment as the C library does (LC_ALL, then LC_TIME, then
    LANG), without importing ``locale`` or changing the process's own locale.
    """
    env = os.environ if environ is None else environ
    value = next((env[k] for k in ("LC_ALL", "LC_TIME", "LANG") if env.get(k)), "")
    match = _LOCALE_COUNTRY.match(value)
    if match is None:
        return None
    from pmsm_cli.scheduling.holidays import supported

    code = match.group(1).upper()
    return code if code in supported() else None


def check_region(values: Mapping[str, Any]) -> None:
    """The subdivision belongs to the country: ValueError in plain words if not."""
    country, subdivision = values.get("country"), values.get("subdivision")
    if subdivision is None:
        return
    if country is None:
        raise ValueError("a subdivision needs a country (--country or --set country=...)")
    from pmsm_cli.scheduling.holidays import check_subdivision

    check_subdivision(country, subdivision)


def one_of(choices: Callable[[Catalog], list[str]], what: str) -> Parser:
    def parse(value: Any, catalog: Catalog) -> str:
        known = choices(catalog)
        text = str(value).strip() if isinstance(value, str) else value
        if text not in known:
            shown = printable(str(value))
            raise ValueError(f"'{shown}' is not a {what}; expected one of: {', '.join(known)}")
        return str(text)

    return parse


def kind_ids(catalog: Catalog) -> list[str]:
    return [k.id for k in catalog.project_kinds]


def investment_ids(catalog: Catalog) -> list[str]:
    return [c.id for c in catalog.investment_categories]


def first_investment(catalog: Catalog, wanted: str) -> str:
    ids = investment_ids(catalog)
    return wanted if wanted in ids else (ids[0] if ids else wanted)
