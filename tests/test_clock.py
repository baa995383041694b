"""``SOURCE_DATE_EPOCH`` fixes every stamp of the time an output was made (issue 12, item 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from pmsm_cli.clock import output_time
from pmsm_cli.errors import PmsmError

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1767225600", dt.datetime(2026, 1, 1, tzinfo=UTC)),  # 56 years and 14 leap days
        ("0", dt.datetime(1970, 1, 1, tzinfo=UTC)),
        (" 86400\n", dt.datetime(1970, 1, 2, tzinfo=UTC)),  # as read from a file
        ("-86400", dt.datetime(1969, 12, 31, tzinfo=UTC)),  # `date +%s` before 1970
    ],
)
def test_the_variable_fixes_the_moment(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: dt.datetime
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert output_time() == expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_unset_or_empty_means_now(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = dt.datetime.now(UTC)
    moment = output_time()
    assert before <= moment <= dt.datetime.now(UTC)
    assert moment.tzinfo is not None and moment.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "1.5e9",
            "SOURCE_DATE_EPOCH is '1.5e9', but it should be a whole number of seconds since "
            "1970-01-01 00:00 UTC, as 'git log -1 --format=%ct' prints; correct it, or unset "
            "it to stamp the current time",
        ),
        (
            "2026-01-01",
            "SOURCE_DATE_EPOCH is '2026-01-01', but it should be a whole number of seconds",
        ),
        (
            "99999999999999999999",
            "SOURCE_DATE_EPOCH is 99999999999999999999 seconds from 1970-01-01 00:00 UTC, which "
            "is outside the years 1 to 9999 a date can have; correct it, or unset it",
        ),
    ],
)
def test_a_malformed_value_is_an_error(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(PmsmError) as caught:
        output_time()
    assert caught.value.problems[0].message.startswith(expected)
