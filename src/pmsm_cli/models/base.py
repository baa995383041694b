"""What every model read from a file shares: strict reading, ids, the format version."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=80),
]


class Strict(BaseModel):
    """Base for every model read from a file: a misspelt key is an error, not silence."""

    # defer_build: a model's validator is built the first time it validates, not
    # at import. A `pmsm check` takes the catalog from its cache (see
    # pmsm_cli.catalogs.load) and never validates catalog models, so it never pays
    # for building them; every other model costs the same as before.
    #
    # strict: a value must already be of its field's type. YAML's `true` is Python's
    # 1, so without it `horizon_years: true` would be 1 year, `amount: true` 1.0 and
    # `start: 0` the date 1970-01-01; a date must be a YAML date, not a number of
    # seconds, and a flag true or false, not 1 or the text "yes".
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True, strict=True
    )


def _refuse_boolean(value: Any) -> Any:
    # Literal[1] takes True, which equals 1, even in strict mode.
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "Input should be 1", {"expected": "1"})
    return value


Version = Annotated[Literal[1], BeforeValidator(_refuse_boolean)]
"""The version of a file's format: 1, the only one so far."""
