"""The values of an MS Project XML file: text within bounds, numbers, flags, dates, durations.

Every reader of one MSPDI element goes through these, so a bad value is refused in
the same words, naming the task and the tag: MS Project's own spelling of what it
expected (1 or 0, 2026-03-02T08:00:00, PT40H0M0S).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers.xmlfile import MAX_VALUE, bounded, quote

NAMESPACE = "http://schemas.microsoft.com/project"
NS = "{" + NAMESPACE + "}"
_DURATION = re.compile(
    r"(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


class MspdiValues:
    """Reads one value of an element of the file at ``path``; an error names ``who``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _text(self, element: Element, tag: str, limit: int, who: str) -> str | None:
        text = element.findtext(NS + tag)
        return None if text is None else bounded(text, limit, tag, who, self.path)

    def _int(self, element: Element, tag: str, who: str) -> int | None:
        text = self._text(element, tag, MAX_VALUE, who)
        if text is None or not text.strip():
            return None
        try:
            return int(text.strip())
        except ValueError:
            raise PmsmError(
                f"{who}: {tag} is {quote(text)}; a whole number was expected", self.path
            ) from None

    def _number(self, element: Element, tag: str, who: str) -> float | None:
        text = self._text(element, tag, MAX_VALUE, who)
        if text is None or not text.strip():
            return None
        try:
            value = float(text.strip())
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            raise PmsmError(f"{who}: {tag} is {quote(text)}; a number was expected", self.path)
        return value

    def _flag(self, element: Element, tag: str, who: str) -> bool:
        text = self._text(element, tag, MAX_VALUE, who)
        if text is None:
            return False
        value = text.strip().lower()
        if value in ("1", "true"):
            return True
        if value in ("0", "false", ""):
            return False
        raise PmsmError(f"{who}: {tag} is {quote(text)}; MS Project writes 1 or 0", self.path)

    def _date(self, element: Element, tag: str, who: str) -> date | None:
        text = self._text(element, tag, MAX_VALUE, who)
        if text is None or not text.strip():
            return None
        match = _DATE.fullmatch(text.strip())
        try:
            if match is None:
                raise ValueError(text)
            return date.fromisoformat(match[1])
        except ValueError:
            raise PmsmError(
                f"{who}: {tag} is {quote(text)}; MS Project writes dates and times such as "
                "2026-03-02T08:00:00",
                self.path,
            ) from None

    def _minutes(self, text: str, who: str, field: str) -> float:
        """Minutes in an ISO 8601 duration as MSPDI writes it (PT40H0M0S)."""
        match = _DURATION.fullmatch(text.strip())
        if match is None or not any(match.groups()[1:]):
            raise PmsmError(
                f"{who}: {field} is {quote(text)}; MS Project writes durations such as "
                "PT40H0M0S (40 hours of work)",
                self.path,
            )
        sign, years, months, days, hours, minutes, seconds = match.groups()
        if years or months:
            raise PmsmError(
                f"{who}: {field} is {quote(text)}, in years or months, whose length in "
                "working time is not fixed; MS Project writes hours (PT40H0M0S)",
                self.path,
            )
        total = (
            float(days or 0) * 1440
            + float(hours or 0) * 60
            + float(minutes or 0)
            + float(seconds or 0) / 60
        )
        return -total if sign else total
