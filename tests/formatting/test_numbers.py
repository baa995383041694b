"""Money and percentages: every style, worked out by hand."""

from __future__ import annotations

import pytest

from pmsm_cli.formatting.numbers import money, percent, short_money, signed_money


@pytest.mark.parametrize(
    ("value", "cents", "whole"),
    [
        (12500.0, "12,500", "12,500"),
        (12500.25, "12,500.25", "12,500"),
        (1234567.5, "1,234,567.50", "1,234,568"),  # whole: round half to even, 567.5 -> 568
        (0.1 + 0.2, "0.30", "0"),
        (2999.999, "3,000", "3,000"),  # within half a cent of 3,000: no ".00"
        (-300.0, "-300", "-300"),
        (0.0, "0", "0"),
    ],
)
def test_money_in_both_styles(value: float, cents: str, whole: str) -> None:
    assert money(value) == money(value, "cents") == cents
    assert money(value, "whole") == whole


@pytest.mark.parametrize(
    ("value", "shown"), [(1200.0, "+1,200"), (-300.0, "-300"), (0.0, "0"), (0.5, "+0.50")]
)
def test_signed_money(value: float, shown: str) -> None:
    assert signed_money(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.0, "0"), (250.0, "250"), (8000.0, "8k"), (1_250_000.0, "1.25M"), (2e9, "2bn")],
)
def test_short_money_for_axis_labels(value: float, shown: str) -> None:
    assert short_money(value) == shown


def test_the_three_percent_styles() -> None:
    # 50,000 / 220,000 = 0.22727...: 22.7 to one decimal, 23 whole.
    roi = 50_000 / 220_000 * 100
    assert percent(roi) == percent(roi, "tenth") == "22.7%"
    assert percent(roi, "whole") == "23%"
    assert percent(roi, "tenth-spaced") == "22.7 %"
    assert percent(-25.0, "whole") == "-25%"
