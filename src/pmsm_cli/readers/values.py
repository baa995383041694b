"""Cell values as planning tools write them: durations, predecessors, percentages, names.

The words (units, link types, month names, headings) come from
``vocabulary.yaml``; this module only knows the shapes. A value that cannot be
read raises :class:`ValueProblem` with a sentence a project manager
understands; the reader adds where the value sits (``error_at``). Dates, read a
column at a time, are in :mod:`pmsm_cli.readers.dates`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import cast

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.yamlio import load_yaml
from pmsm_cli.readers.model import LinkType, Where
from pmsm_cli.records import record

# A cell's value as the readers hand it on: text from CSV and Markdown; text,
# numbers, dates and booleans from Excel.
CellValue = str | int | float | bool | date | datetime | None

_QUOTE = 40  # characters of a wrong value quoted back in a message
# A lag or duration beyond this many working days (about 40 years) is a typo.
MAX_DAYS = 10_000.0


class ValueProblem(ValueError):
    """A value that cannot be read, with the sentence that says why."""


# -- the vocabulary ------------------------------------------------------------


@record(slots=True)
class Vocabulary:
    columns: Mapping[str, tuple[str, int]]  # normalised heading -> field, rank in its list
    empty_values: frozenset[str]  # casefolded
    yes: frozenset[str]
    no: frozenset[str]
    units: Mapping[str, float]  # unit as matched (see unit_key) -> days per unit
    link_types: Mapping[str, LinkType]  # upper-case code -> type
    months: Mapping[str, int]  # casefolded name or abbreviation -> month
    jira: Mapping[str, frozenset[str]]  # field -> normalised headings
    epic_types: frozenset[str]
    sub_task_types: frozenset[str]


@functools.cache
def vocabulary() -> Vocabulary:
    """The words of vocabulary.yaml, read once per process."""
    # pmsm's own YAML reader, as for every file: libyaml's parser where PyYAML's
    # safe_load would run its pure-Python one (30 ms here, on every foreign plan).
    source = Path(__file__).with_name("vocabulary.yaml")
    data = load_yaml(source, "vocabulary", quote_content=False).data
    columns: dict[str, tuple[str, int]] = {}
    for field_name, headings in data["columns"].items():
        for rank, heading in enumerate(headings):
            columns.setdefault(normalise(str(heading)), (field_name, rank))
    unit_days = {str(k): float(v) for k, v in data["unit_days"].items()}
    units: dict[str, float] = {}
    for unit, words in data["units"].items():
        for word in words:
            units.setdefault(unit_key(str(word)), unit_days[unit])
    link_types: dict[str, LinkType] = {}
    for link_type, codes in data["link_types"].items():
        for code in codes:
            link_types[str(code).upper()] = cast(LinkType, link_type)
    months = {str(name).casefold(): int(n) for n, names in data["months"].items() for name in names}
    jira = data["jira"]
    return Vocabulary(
        columns=columns,
        empty_values=frozenset(str(v).casefold() for v in data["empty_values"]),
        yes=frozenset(str(v).casefold() for v in data["yes"]),
        no=frozenset(str(v).casefold() for v in data["no"]),
        units=units,
        link_types=link_types,
        months=months,
        jira={
            k: frozenset(normalise(str(h)) for h in v)
            for k, v in jira.items()
            if k not in ("epic_types", "sub_task_types")
        },
        epic_types=frozenset(str(v).casefold() for v in jira["epic_types"]),
        sub_task_types=frozenset(str(v).casefold() for v in jira["sub_task_types"]),
    )


_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")


def normalise(heading: str) -> str:
    """A heading as compared: case and runs of blanks ignored, a trailing colon or unit dropped.

    An underscore is a blank: MS Project's export map writes "Start_Date", "Resource_Names".
    """
    text = " ".join(heading.replace("_", " ").split()).casefold().rstrip(":").strip()
    without_unit = _BRACKETED.sub("", text)
    return without_unit or text


def heading_unit(heading: str) -> float | None:
    """Days per unit named in brackets after a heading ("Duration (hours)" -> 0.125)."""
    match = re.search(r"[(\[]\s*([^)\]]+?)\s*[)\]]\s*$", heading)
    if match is None:
        return None
    return vocabulary().units.get(unit_key(match[1]))


def unit_key(word: str) -> str:
    """Single letters as written (German "M" is a month, English "m" a minute), else casefolded."""
    word = word.strip()
    if len(word.rstrip(".")) == 1:
        return word.rstrip(".")
    return word.casefold().rstrip(".")


# -- messages and places -------------------------------------------------------


def quote(value: object) -> str:
    """A value from the file, shortened, for a message: never a whole megabyte back."""
    text = " ".join(str(value).split())
    return repr(text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "...")


def error_at(where: Where, message: str) -> PmsmError:
    """A PmsmError for ``where``: line and column for text, sheet and cell for workbooks."""
    if where.sheet is not None:
        return PmsmError(f"sheet '{where.sheet}', cell {where.cell}: {message}", where.path)
    if where.uid is not None:
        return PmsmError(f"issue {where.uid}: {message}", where.path, where.line, where.column)
    return PmsmError(message, where.path, where.line, where.column)


def problem_at(where: Where, message: str) -> Problem:
    """What :func:`error_at` says, as a problem to report without stopping (a warning)."""
    return error_at(where, message).problems[0]


def is_empty(value: CellValue) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text.casefold() in vocabulary().empty_values
    return False


def text_of(value: CellValue) -> str:
    """A cell as text: numbers without a needless ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def one_newline(text: str) -> str:
    """Line ends inside a cell as "\\n", whether the file had CRLF (Windows) or LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- numbers -------------------------------------------------------------------


def number(text: str) -> float:
    """A number with a decimal point or comma ("2.5", "2,5"); ValueError otherwise."""
    value = float(text.strip().replace(",", ".", 1) if text.count(",") == 1 else text.strip())
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def percent(value: CellValue, *, fraction: bool = False) -> float | None:
    """0 to 100 from "50%", "50 %", "12,5", 50 or (a cell formatted as percent) 0.5."""
    if is_empty(value):
        return None
    if isinstance(value, bool | date):
        raise ValueProblem(f"{quote(value)} is not a percentage; expected a number like 50%")
    if isinstance(value, int | float):
        result = float(value) * (100.0 if fraction else 1.0)
    else:
        text = str(value).strip().rstrip("%").strip()
        try:
            result = number(text)
        except ValueError:
            raise ValueProblem(
                f"{quote(value)} is not a percentage; expected a number like 50%"
            ) from None
    if not 0.0 <= result <= 100.0:
        raise ValueProblem(f"{quote(value)} is not a percentage from 0 to 100")
    return result


def yes_no(value: CellValue) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    word = text_of(value).casefold()
    words = vocabulary()
    if word in words.yes:
        return True
    if word in words.no:
        return False
    raise ValueProblem(f"{quote(value)} is neither yes nor no")


# -- durations -----------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([^\d\s?][^\d?]*?)?\s*(\?)?\s*$")


def duration(value: CellValue, unit_days: float | None = None) -> float | None:
    """Working days from "5 days", "5d", "5 Tage", "2w", "3 wks", "40h", "1 mon", "4 days?".

    A bare number is days, or the unit in the column's heading ("Work (h)").
    MS Project's "?" (an estimate) is dropped: the duration is still the plan's.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool | date):
        raise ValueProblem(_duration_expected(value))
    if isinstance(value, int | float):
        days = float(value) * (unit_days or 1.0)
    else:
        match = _DURATION.match(str(value))
        if match is None:
            raise ValueProblem(_duration_expected(value))
        days = number(match[1])
        if match[2]:
            per_unit = vocabulary().units.get(unit_key(match[2]))
            if per_unit is None:
                raise ValueProblem(_duration_expected(value))
            days *= per_unit
        elif unit_days is not None:
            days *= unit_days
    if not 0.0 <= days <= MAX_DAYS:
        raise ValueProblem(
            f"the duration {quote(value)} is not between 0 and {MAX_DAYS:,.0f} working days"
        )
    return days


def _duration_expected(value: CellValue) -> str:
    return (
        f"{quote(value)} is not a duration; expected a number and a unit such as "
        "5 days, 5d, 5 Tage, 2w, 40h or 1 mon"
    )


# -- predecessors --------------------------------------------------------------


@record(slots=True)
class RawLink:
    """A predecessor as written: the other task's id in the source's numbering."""

    predecessor: str
    type: LinkType
    lag_days: float
    lag_percent: float | None = None  # MS Project's "3FS+50%": half the predecessor's duration


@functools.cache
def _rest_pattern() -> str:
    """What may follow the other task's ID: a link type, then a lag with its unit."""
    codes = "|".join(sorted(vocabulary().link_types, key=len, reverse=True))
    return (
        r"\s*(?P<type>" + codes + r")?"
        r"\s*(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:[.,]\d+)?)\s*(?P<unit>[^\d\s;,][^;,]*?)?)?\s*$"
    )


@functools.cache
def _link_pattern() -> re.Pattern[str]:
    return re.compile(r"\s*(?P<id>[^\s;,+\-]+?)" + _rest_pattern(), re.IGNORECASE)


@functools.cache
def _after_id_pattern() -> re.Pattern[str]:
    return re.compile(_rest_pattern(), re.IGNORECASE)


def links(text: str, known: Collection[str] = ()) -> list[RawLink]:
    """MS Project's Predecessors: "3", "3FS+2 days", "4SS", "5;6", "7EA-1d", "3EA+2,5 Tage".

    ``known``: the plan's task IDs. An ID that holds a hyphen or ends in letters
    that spell a link type (pmsm's own ``develop-charter``, Jira's ``PAY-12``, an
    ``access`` task, whose "ss" would read as start-to-start) is read whole when
    the plan has a task of that ID; so is the longest such ID that a type or a
    lag follows (``wave-2+3``).
    """
    result: list[RawLink] = []
    for part in _split_links(text):
        if not part.strip():
            continue
        link = _known_link(part, known) if known else None
        if link is None:
            match = _link_pattern().match(part)
            if match is None:
                raise ValueProblem(
                    f"{quote(part)} is not a predecessor; expected the other task's ID, "
                    "optionally a type and a lag, like 3, 3FS+2 days, 4SS or 5EA-1d"
                )
            link = _raw_link(match["id"], match, part)
        result.append(link)
    return result


def _known_link(part: str, known: Collection[str]) -> RawLink | None:
    """The link of ``part`` read as one of the ``known`` IDs and what may follow it."""
    written = part.strip()
    for end in range(len(written), 0, -1):  # the longest ID first
        task_id = written[:end].rstrip()
        if task_id in known:
            rest = _after_id_pattern().match(written, end)
            if rest is not None:
                return _raw_link(task_id, rest, part)
    return None


def _split_links(text: str) -> list[str]:
    """Split at ";" and at "," unless the comma is a decimal one inside a lag ("+2,5 Tage")."""
    parts: list[str] = []
    current = ""
    for index, char in enumerate(text):
        decimal = (
            char == ","
            and index > 0
            and text[index - 1].isdigit()
            and index + 1 < len(text)
            and text[index + 1].isdigit()
            and re.search(r"[+-]\s*\d+$", current) is not None
        )
        if char in ";," and not decimal:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _raw_link(task_id: str, match: re.Match[str], part: str) -> RawLink:
    code = (match["type"] or "FS").upper()
    link_type = vocabulary().link_types[code]
    if match["lag"] is None:
        return RawLink(task_id, link_type, 0.0)
    sign = -1.0 if match["sign"] == "-" else 1.0
    amount = number(match["lag"])
    unit = (match["unit"] or "").strip()
    if unit == "%":
        return RawLink(task_id, link_type, 0.0, sign * amount)
    per_unit = vocabulary().units.get(unit_key(unit)) if unit else 1.0
    if per_unit is None:
        raise ValueProblem(
            f"the lag in {quote(part)} has a unit pmsm does not know ({quote(unit)}); "
            "expected days, hours, weeks or months, such as +2 days or -1d"
        )
    lag = sign * amount * per_unit
    if abs(lag) > MAX_DAYS:
        raise ValueProblem(f"the lag in {quote(part)} is longer than {MAX_DAYS:,.0f} working days")
    return RawLink(task_id, link_type, lag)


def names(value: CellValue) -> tuple[str, ...]:
    """Resource names: "Anna; Bob", "Anna, Bob", MS Project's "Anna[50%]" without the units."""
    text = text_of(value)
    result = []
    for part in re.split(r"[;,]", text):
        name = re.sub(r"\s*\[[^\]]*\]\s*$", "", part).strip().lstrip("@")
        if name:
            result.append(name)
    return tuple(result)
