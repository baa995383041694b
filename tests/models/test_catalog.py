"""The base of every file model, ``Strict``: YAML's booleans never pass for numbers, nor the
reverse (issue 12, item 11), in the plan, the catalog and the services file alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog_files
from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import load_plan
from pmsm_cli.portfolio.load import load_services

Write = Callable[[str, str], Path]

PROJECT = "project:\n  name: P\n  kind: new-service\n  start: 2026-03-02\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PROJECT + "charter:\n  horizon_years: true\n",
            ":6:18: error: 'horizon_years' in 'charter' should be a whole number, but it is 'true'",
        ),
        (
            PROJECT + "charter:\n  costs:\n    - {item: X, category: run-the-business, "
            "stage: operate, amount: yes}\n",
            # 'yes' is YAML 1.1's true. It starts at column 69: "    - {" is 7 characters,
            # "item: X, " 9, "category: run-the-business, " 28, "stage: operate, " 16,
            # "amount: " 8.
            ":7:69: error: 'amount' in 'charter' > 'costs' > item 1 should be a number, but it "
            "is 'true'",
        ),
        (
            PROJECT + "activities:\n  - {id: a, duration: false}\n",
            ":6:23: error: 'duration' in 'activities' > item 1 ('a') should be a whole number, "
            "but it is 'false'",
        ),
        (
            PROJECT + "activities:\n  - {id: a, depends_on: [{id: b, lag: true}]}\n",
            ":6:39: error: 'lag' in 'activities' > item 1 ('a') > 'depends_on' > item 1 ('b') "
            "should be a whole number, but it is 'true'",
        ),
        (
            # Without strictness a number is a date: 0 seconds after 1970-01-01.
            PROJECT.replace("start: 2026-03-02", "start: 0"),
            ":4:10: error: 'start' in 'project' should be a date written YYYY-MM-DD, but it is "
            "the number 0",
        ),
        (
            PROJECT.replace("start: 2026-03-02", "start: 2026-03-02T00:00:00Z"),
            ":4:10: error: 'start' in 'project' should be a date written YYYY-MM-DD, but it is "
            "the date and time 2026-03-02 00:00:00+00:00",
        ),
        (
            PROJECT + "activities:\n  - {id: a, milestone: 1}\n",
            ":6:24: error: 'milestone' in 'activities' > item 1 ('a') should be true or false, "
            "but it is the number 1",
        ),
        (
            "version: true\n" + PROJECT,
            ":1:10: error: 'version' in the top of the file should be 1, but it is 'true'",
        ),
    ],
)
def test_a_plan_value_of_the_wrong_kind_is_refused(write: Write, text: str, expected: str) -> None:
    path = write("pmsm.yaml", text)
    with pytest.raises(PmsmError) as caught:
        load_plan(path)
    assert str(caught.value) == f"{path}{expected}"


def test_a_catalog_order_cannot_be_true(write: Write) -> None:
    path = write(
        "c.yaml",
        "pmbok_groups:\n  - {id: planning, title: Planning, order: true, description: D,"
        ' source: {seed: "004"}}\n',
    )
    with pytest.raises(PmsmError) as caught:
        load_catalog_files([path], [])
    # 'true' at column 44: "  - {" is 5 characters, "id: planning, " 14, "title: Planning, "
    # 17 and "order: " 7. A catalog file is not quoted back (it may be any file a
    # configuration names), so the value is described, not repeated.
    assert caught.value.problems[0].render() == (
        f"{path}:2:44: error: 'order' in 'pmbok_groups' > item 1 should be a "
        "whole number, but it is a yes/no value"
    )


def test_a_services_file_version_cannot_be_true(write: Write) -> None:
    path = write("services.yaml", "version: true\nservices: []\n")
    with pytest.raises(PmsmError) as caught:
        load_services(path)
    assert str(caught.value) == (
        f"{path}:1:10: error: 'version' in the top of the file should be 1, but it is 'true'"
    )


def test_a_date_quoted_as_text_is_still_a_date(write: Write) -> None:
    # Tools that write plans from JSON, which has no dates, quote them.
    text = PROJECT.replace("start: 2026-03-02", "start: '2026-03-02'")
    plan = load_plan(write("pmsm.yaml", text)).plan
    assert plan.project.start == dt.date(2026, 3, 2)


def test_bridge_looks_through_absent_activities_in_order() -> None:
    from pmsm_cli.models.catalog import Catalog

    def activity(id_: str, depends_on: list[str]) -> dict[str, object]:
        return {
            "id": id_,
            "title": id_,
            "description": "d",
            "source": {"seed": "004"},
            "pmbok_group": "planning",
            "duration": 1,
            "kinds": ["new-service"],
            "depends_on": depends_on,
        }

    # rfp (absent) follows needs and budget; select follows rfp and needs again.
    catalog = Catalog.model_validate(
        {
            "activities": [
                activity("needs", []),
                activity("budget", []),
                activity("rfp", ["needs", "budget"]),
                activity("select", ["rfp", "needs"]),
            ]
        }
    )
    present = {"needs", "budget", "select"}
    # Worked out by hand: "rfp" is absent, so it is replaced by its own dependencies
    # in their order; "needs" comes once; an unknown id is dropped.
    assert catalog.bridge(["rfp", "needs", "nowhere"], present.__contains__) == [
        "needs",
        "budget",
    ]
    assert catalog.bridge(["select"], present.__contains__) == ["select"]
    assert catalog.bridge(["rfp"], lambda _: False) == []
