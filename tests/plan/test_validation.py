"""Validation messages: where, what was expected, and (for plans only) what was found."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field
from tests.leaks import SECRET, assert_not_leaked

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import parse_yaml
from pmsm_cli.plan.validation import model_words, validate


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    days: int = 1


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    entries: list[Entry] = Field(default_factory=list)
    levels: dict[str, Literal["low", "high"]] = Field(default_factory=dict)
    fail_level: Literal["low", "high"] | None = Field(default=None, alias="fail-level")


def message(text: str, *, quote_content: bool) -> str:
    doc = parse_yaml(text, Path("s.yaml"), quote_content=quote_content)
    with pytest.raises(PmsmError) as caught:
        validate(Settings, doc, "settings file", quote_content=quote_content)
    (problem,) = caught.value.problems
    return problem.render()


def test_model_words_are_every_field_and_alias_inside() -> None:
    assert model_words(Settings) == {"entries", "levels", "fail_level", "fail-level", "id", "days"}


# Each case: the file, then the message when it may be quoted (a plan), then when it
# may not (configuration, overlay, catalog). Positions counted by hand.
CASES = {
    "not-a-mapping": (
        f"{SECRET}\n",
        "s.yaml:1:1: error: the settings file should be a mapping of keys such as 'entries:', "
        f"'levels:', 'fail_level:', but it is the text '{SECRET}'",
        "s.yaml:1:1: error: this is not a pmsm settings file: it should be a mapping of keys "
        "such as 'entries:', 'levels:', 'fail_level:', but it is text",
    ),
    "unknown-key": (
        f"{SECRET}: 1\n",
        f"s.yaml:1:1: error: unknown key '{SECRET}' in the top of the file; expected one of: "
        "entries, levels, fail_level",
        "s.yaml:1:1: error: an unknown key in the top of the file; expected one of: entries, "
        "levels, fail_level",
    ),
    "misspelt-key": (
        "entires: []\n",
        "s.yaml:1:1: error: unknown key 'entires' in the top of the file; did you mean 'entries'?",
        "s.yaml:1:1: error: unknown key 'entires' in the top of the file; did you mean 'entries'?",
    ),
    "wrong-type": (
        f"entries:\n  - id: {SECRET.lower()}\n    days: {SECRET}\n",
        f"s.yaml:3:11: error: 'days' in 'entries' > item 1 ('{SECRET.lower()}') should be a "
        f"whole number, but it is the text '{SECRET}'",
        "s.yaml:3:11: error: 'days' in 'entries' > item 1 should be a whole number, but it is text",
    ),
    "free-key": (
        f"levels:\n  {SECRET}: {SECRET}\n",
        f"s.yaml:2:25: error: '{SECRET}' in 'levels' should be one of 'low' or 'high', but it "
        f"is the text '{SECRET}'",
        "s.yaml:2:25: error: an entry in 'levels' should be one of 'low' or 'high', but it is text",
    ),
    "missing": (
        "entries:\n  - days: 2\n",
        "s.yaml:2:5: error: 'entries' > item 1 needs 'id', which is missing",
        "s.yaml:2:5: error: 'entries' > item 1 needs 'id', which is missing",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_messages_with_and_without_the_files_text(case: str) -> None:
    text, quoted, quiet = CASES[case]
    assert message(text, quote_content=True) == quoted
    assert message(text, quote_content=False) == quiet
    assert_not_leaked(quiet)
