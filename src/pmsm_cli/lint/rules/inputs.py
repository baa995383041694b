"""Input: a plan that cannot be read at all.

Like a linter's syntax-error finding, a plan that is not valid YAML, or does
not match the plan model, or a workbook that does not have the layout
``pmsm plan`` writes, is reported as a finding at its line and column; the
other files are still checked, and the run ends with exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent


def _nothing(ctx: CheckContext) -> Iterator[Hit]:
    """The engine reports this rule while loading; once a plan is loaded there is nothing to do."""
    return iter(())


RULES = (
    Rule(
        code="INP001",
        slug="plan-unreadable",
        title="The plan cannot be read",
        severity="error",
        source="seed 004 §3.2",
        rationale=(
            "Nothing can be checked in a plan that does not load: the file is not valid YAML, "
            "a key is misspelt or a value has the wrong type, or a workbook's sheets are not "
            "laid out as 'pmsm plan' writes them. The message says where and what was "
            "expected. This is always reported and makes 'pmsm check' exit with code 2."
        ),
        bad=dedent("""
            project:
              name: Payroll portal
              kind: new-service
              start: next monday
        """),
        good=dedent("""
            project:
              name: Payroll portal
              kind: new-service
              start: 2026-03-02
        """),
        check=_nothing,
        always_on=True,
    ),
)
