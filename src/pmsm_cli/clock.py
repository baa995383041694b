"""The moment stamped on an output: now, or ``SOURCE_DATE_EPOCH`` for reproducible files.

A few outputs record when they were made: the JUnit report's ``timestamp``,
the ``DTSTAMP`` of each calendar event, the created and modified dates of an
Excel workbook. Two runs on the same plan then differ only there, which
defeats CI caches and diffs. They all take the moment from :func:`output_time`,
which follows the reproducible-builds convention
(https://reproducible-builds.org/specs/source-date-epoch/): when
``SOURCE_DATE_EPOCH`` is set, to a whole number of seconds since 1970-01-01
00:00 UTC (what ``git log -1 --format=%ct`` prints), that is the moment.

A malformed value is an error (exit code 2), as the specification asks: a
job that sets the variable wants identical files, and stamping the current
time instead would defeat it without a word. An empty value counts as unset,
because CI systems often set a variable to nothing.

Dates that mean something in the plan's terms (``today`` for an as-of date
or an expired waiver) are not stamps and do not come from here.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from pmsm_cli.errors import PmsmError

VARIABLE = "SOURCE_DATE_EPOCH"
_SECONDS = re.compile(r"-?[0-9]+")
_FIX = "correct it, or unset it to stamp the current time"


def output_time() -> dt.datetime:
    """The moment to stamp on an output, in UTC (time-zone aware)."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return dt.datetime.now(dt.timezone.utc)
    if _SECONDS.fullmatch(value) is None:
        shown = f"'{value}'" if value.isprintable() and len(value) <= 40 else "not a number"
        raise PmsmError(
            f"{VARIABLE} is {shown}, but it should be a whole number of seconds since "
            f"1970-01-01 00:00 UTC, as 'git log -1 --format=%ct' prints; {_FIX}"
        )
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise PmsmError(
            f"{VARIABLE} is {value} seconds from 1970-01-01 00:00 UTC, which is outside the "
            f"years 1 to 9999 a date can have; {_FIX}"
        ) from None
