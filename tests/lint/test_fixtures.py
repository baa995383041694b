"""Every rule against its own data files: ``fixtures/<CODE>/fail.yaml`` and ``pass.yaml``.

``expect.yaml`` lists the findings ``fail.yaml`` must give, as ``{code, line,
column, message}`` (``message`` is a part of the text), worked out by hand: for
each code it names, the findings of that code must be exactly those. Without
it, ``fail.yaml`` must give at least one finding of the rule. ``pass.yaml``
must give none of that rule. A rule that looks across plans also has
``with.yaml``, the other plan, checked in the same run as each of the two.
A rule that needs a configuration (the change calendar of the CAL rules) has
``.pmsm.yaml`` beside them, and whatever file that names.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from tests.lint.helpers import BASE, FIXTURES, check_file, check_with

from pmsm_cli.lint.rules import RULE_BY_CODE

CODES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def failing(folder: Path) -> Path:
    """``fail.yaml``, or for a rule about plans kept in other tools ``fail.<their ending>``."""
    found = sorted(folder.glob("fail.*"))
    return folder / "fail.yaml" if not found else found[0]


def test_every_rule_has_a_failing_and_a_passing_fixture() -> None:
    assert sorted(RULE_BY_CODE) == CODES
    for code in CODES:
        assert failing(FIXTURES / code).is_file(), code
        assert (FIXTURES / code / "pass.yaml").is_file(), code


def test_the_base_plan_passes_every_rule() -> None:
    result = check_file(BASE)
    assert [f.where() + " " + f.code + " " + f.message for f in result.findings] == []


@pytest.mark.parametrize("code", CODES)
def test_fail(code: str) -> None:
    folder = FIXTURES / code
    result = check_with(failing(folder))
    expect_file = folder / "expect.yaml"
    if not expect_file.exists():
        assert any(f.code == code for f in result.findings), result.findings
        return
    expected = yaml.safe_load(expect_file.read_text(encoding="utf-8"))
    for each in sorted({e["code"] for e in expected}):
        wanted = [e for e in expected if e["code"] == each]
        found = [f for f in result.findings if f.code == each]
        assert Counter((f.line, f.column) for f in found) == Counter(
            (e["line"], e["column"]) for e in wanted
        ), _show(found)
        for entry in wanted:
            part = entry.get("message")
            if part is not None:
                assert any(
                    (f.line, f.column) == (entry["line"], entry["column"])
                    and str(part) in f.message
                    for f in found
                ), (part, _show(found))
    assert code in {e["code"] for e in expected}, "expect.yaml must name the fixture's own code"


@pytest.mark.parametrize("code", CODES)
def test_pass(code: str) -> None:
    result = check_with(FIXTURES / code / "pass.yaml")
    assert not result.unreadable, _show(list(result.findings))
    assert _show([f for f in result.findings if f.code == code and f.waived is None]) == []


def _show(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in findings]


def test_fixture_files_are_named_plans() -> None:
    # Fixtures are plans pmsm check would find in a folder only by name; keep them out of it.
    assert all(
        p.name in ("fail.yaml", "pass.yaml", "expect.yaml", "with.yaml", ".pmsm.yaml")
        for p in FIXTURES.rglob("*.yaml")
    )
    assert Path(BASE).name.endswith(".pmsm.yaml")
