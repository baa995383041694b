"""A model's validator kept between runs, so that a command does not build it again.

Every model defers building its validator to its first validation (``defer_build`` in
models/base.py). For the plan that first validation costs about 30 ms, the largest
single step of a ``pmsm check`` that the cache cannot answer, while the plan itself
validates in about 1 ms. pydantic-core's validator pickles to its core schema (plain
data, the model classes and the validating functions, all importable by name), and
unpickling it takes about 2 ms. So the validator is kept in pmsm's cache
(files/cache.py), under a key of the model's name and ``code_fingerprint()``: the size
and time of pmsm's code and of pydantic and pydantic-core, so that an upgrade or an
edited model never meets a validator built from other code.

The validator validates exactly as ``model.model_validate`` would: the same schema, the
same configuration, the same errors. Nothing else of the model changes; what it does
not need for validation (its serializer, its JSON schema) pydantic still builds when
first asked for it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from pydantic_core import SchemaValidator

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pmsm_cli.files.cache import PickleCache

# Validators of a few models are kept; a new version of pmsm replaces them (new key).
CACHE_LIMIT = 40

_built: dict[type[BaseModel], SchemaValidator] = {}


def validator_of(model: type[BaseModel]) -> SchemaValidator:
    """The validator of ``model``: this process's, the cache's, or built now (and kept)."""
    found = _built.get(model)
    if found is not None:
        return found
    # A model that pydantic built in this process already (e.g. by model_validate) has it.
    built = model.__pydantic_validator__ if model.__pydantic_complete__ else None
    validator = built if isinstance(built, SchemaValidator) else _kept_or_built(model)
    _built[model] = validator
    return validator


def _kept_or_built(model: type[BaseModel]) -> SchemaValidator:
    key = _cache_key(model)
    store = _store()
    if store is not None:
        kept = store.get(key, SchemaValidator)
        if kept is not None:
            return kept
    model.model_rebuild()
    validator = model.__pydantic_validator__
    assert isinstance(validator, SchemaValidator)  # model_rebuild completed it
    if store is not None:
        store.put(key, validator)  # a validator that cannot be pickled is simply not kept
        store.prune()
    return validator


def _cache_key(model: type[BaseModel]) -> str:
    """The model's name and the fingerprint of the code that built its validator."""
    from pmsm_cli.files.cache import code_fingerprint

    name = f"{model.__module__}.{model.__qualname__}"
    return hashlib.sha256(f"validator {name} {code_fingerprint()}".encode()).hexdigest()[:32]


def _store() -> PickleCache | None:
    from pmsm_cli.files.cache import PickleCache, enabled
    from pmsm_cli.files.paths import cache_dir

    return PickleCache(cache_dir(), limit=CACHE_LIMIT, prefix="validator-") if enabled() else None
