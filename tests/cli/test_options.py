"""cli/options.py: the reader flags are defined once, and check and import both use them."""

from __future__ import annotations

import inspect

import pytest

from pmsm_cli.cli import options
from pmsm_cli.cli.check_cmd import check
from pmsm_cli.cli.import_cmd import import_plan
from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import ReadOptions


def test_check_and_import_share_one_definition_of_each_reader_flag() -> None:
    shared = {
        "input_format": options.InputFormat,
        "date_format": options.DateFormat,
        "columns": options.Columns,
        "sheet": options.Sheet,
    }
    for command in (check, import_plan):
        parameters = inspect.signature(command).parameters
        for name, definition in shared.items():
            assert parameters[name].default is definition, (command.__name__, name)


def test_the_four_flags_make_one_reading() -> None:
    reader, read = options.foreign_reading(
        "csv", options.DateOrder.dmy, " name = Step , start=Begin ,", "Plan"
    )
    assert reader == "csv"
    assert read == ReadOptions(
        date_order="dmy", columns={"name": "Step", "start": "Begin"}, sheet="Plan"
    )
    assert options.foreign_reading(None, None, None, None) == (None, ReadOptions())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("name", "--columns: 'name' should be FIELD=HEADING, as in name=Task,start=Begin"),
        ("=Task", "--columns: '=Task' should be FIELD=HEADING, as in name=Task,start=Begin"),
        ("name=", "--columns: 'name=' should be FIELD=HEADING, as in name=Task,start=Begin"),
        ("owner=Who,team=Team", "--columns: 'owner', 'team' are not fields pmsm reads"),
    ],
)
def test_a_bad_columns_value_says_what_is_expected(value: str, message: str) -> None:
    with pytest.raises(PmsmError) as raised:
        options.parse_columns(value)
    assert str(raised.value.problems[0].message).startswith(message)
