"""Option values converted without pydantic (cli/coercion.py) are the values typer would give.

Every option of every command is compared with typer's own converter on
values a user would type; wrong values get plain words and exit code 2.
"""

from __future__ import annotations

import enum
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer
from typer._coercion import build_runtime_param

from pmsm_cli.cli.app import COMMANDS, app
from pmsm_cli.cli.coercion import PlainRuntimeParam, converter_for

from .test_startup_imports import BASE, imported


def every_param() -> Iterator[tuple[str, Any]]:
    root = typer.main.get_command(app)
    ctx = root.make_context("pmsm", ["--version"], resilient_parsing=True)
    for name in COMMANDS:
        command = root.get_command(ctx, name)
        stack = [(name, command)]
        while stack:
            path, current = stack.pop()
            for param in [*current.params, current.get_help_option(ctx)]:
                yield f"{path} {param.name}", param
            stack.extend((f"{path} {n}", c) for n, c in getattr(current, "commands", {}).items())


def samples(annotation: Any, tmp_path: Path) -> list[Any]:
    if get_origin(annotation) is list:
        return [[s] for s in samples(get_args(annotation)[0], tmp_path)]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [member.value for member in annotation]
    existing = tmp_path / "plan.pmsm.yaml"
    existing.write_text("x", encoding="utf-8")
    by_type: dict[Any, list[Any]] = {
        str: ["Payroll", "", "=1+1", "café"],
        Path: ["missing.yaml", str(existing), str(tmp_path)],
        int: ["4", "12", 7],
        float: ["1.5", "2", "-0.25"],
        bool: [True, False, "true", "no"],
    }
    return by_type[annotation]


PARAMS = list(every_param())


@pytest.mark.parametrize(("where", "param"), PARAMS, ids=[w for w, _p in PARAMS])
def test_every_option_is_served_and_converts_as_typer_would(
    where: str, param: Any, tmp_path: Path
) -> None:
    runtime = param._runtime_param
    # pmsm's options are all plain: each one is served without pydantic.
    assert isinstance(runtime, PlainRuntimeParam), where
    theirs = build_runtime_param(param.type_descriptor)
    for value in samples(param.type_descriptor.annotation, tmp_path):
        given = tuple(value) if param.multiple or param.nargs == -1 else value
        ours = runtime.coerce(given, param, None)
        expected = theirs.coerce(given, param, None)
        assert ours == expected and type(ours) is type(expected), (where, value)
    assert runtime.coerce(None, param, None) == theirs.coerce(None, param, None)


def test_an_unusual_option_is_left_to_typer() -> None:
    class Info:
        exists = True  # typer checks that the path exists: keep its converter

    assert converter_for(Path, Info()) is None
    assert converter_for(dict[str, str], object()) is None
    assert converter_for(list[tuple[int, int]], object()) is None
    assert converter_for(int, type("Clamped", (), {"clamp": True})()) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "'xml' is not one of: text, concise, json, sarif, github, gitlab, "),
        (["--jobs", "abc"], "'abc' is not a whole number (write it like 4)"),
        (["--jobs", "0"], "0 is too small; give 1 or more"),
        (["--fail-level", "WARNING"], "'WARNING' is not one of: error, warning, info"),
    ],
)
def test_a_wrong_value_is_named_in_plain_words(pmsm: Any, args: list[str], message: str) -> None:
    result = pmsm("check", BASE, *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())  # typer wraps the usage message
    assert "Value error" not in result.stderr and "Input should" not in result.stderr


def test_a_number_option_takes_decimals(pmsm: Any, tmp_path: Path) -> None:
    assert converter_for(float, object()) is not None
    convert = converter_for(float, object())
    assert convert is not None
    assert convert("1500", None) == 1500.0
    with pytest.raises(ValueError, match="'nan' is not a number"):
        convert("nan", None)


def test_an_unreadable_file_is_refused_like_typer_did(
    pmsm: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "locked.pmsm.yaml"
    plan.write_text("project: {}\n", encoding="utf-8")
    # As if chmod 0 (root, who runs CI here, reads every file whatever its mode).
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != plan)
    result = pmsm("check", plan)
    assert result.exit_code == 2
    assert "cannot be read (permission denied)" in result.stderr


def test_parsing_a_check_imports_no_pydantic_for_the_options(tmp_path: Path) -> None:
    # The plan is loaded with pydantic models, so pydantic itself is there in
    # the end; typer's adapters (its per-option TypeAdapters) never are.
    modules = imported(tmp_path, "check", str(BASE), "-f", "json", "-j", "1", "--select", "STK")
    assert "typer._adapters" not in modules
    assert "pmsm_cli.cli.coercion" in modules


def test_help_and_version_convert_nothing_with_pydantic(tmp_path: Path) -> None:
    for args in (["--help"], ["check", "--help"], ["-V"]):
        modules = imported(tmp_path, *args)
        assert "pydantic" not in modules, args
    assert subprocess.run([sys.executable, "-m", "pmsm_cli", "--version"]).returncode == 0


def test_a_cached_check_loads_no_pydantic_no_yaml_and_no_rules(tmp_path: Path) -> None:
    first = imported(tmp_path, "check", str(BASE))  # fills the cache in tmp_path/cache
    assert "pydantic" in first and "pmsm_cli.lint.rules" in first
    again = imported(tmp_path, "check", str(BASE))
    assert {"pydantic", "yaml", "pmsm_cli.lint.rules", "pmsm_cli.models.plan"} & again == set()
