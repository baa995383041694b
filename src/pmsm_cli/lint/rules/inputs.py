"""Input: a plan that cannot be read at all.

Like a linter's syntax-error finding, a plan that is not valid YAML, or does
not match the plan model, or a workbook that does not have the layout
``pmsm plan`` writes, is reported as a finding at its line and column; the
other files are still checked, and the run ends with exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import NEED_WORDS, Hit, Rule
from pmsm_cli.lint.rules.common import dedent


def _nothing(ctx: CheckContext) -> Iterator[Hit]:
    """The engine reports this rule while loading; once a plan is loaded there is nothing to do."""
    return iter(())


def _unchecked(ctx: CheckContext) -> Iterator[Hit]:
    """What a task list could not be checked for: what its reader left out, then the rules
    that need what it does not hold, in one finding grouped by need."""
    if ctx.kind_inferred is not None:
        yield Hit((), ctx.kind_inferred)
    for message, line, column in ctx.left_out:
        yield Hit((), f"left out of the check: {message}", at=(line, column))
    if not ctx.unchecked:
        return
    groups: dict[str, list[str]] = {}
    for rule in ctx.unchecked:
        for need in sorted(rule.needs):
            groups.setdefault(need, []).append(rule.code)
    parts = [f"{NEED_WORDS[need]} ({', '.join(codes)})" for need, codes in groups.items()]
    name = ctx.loaded.path.name
    count = len(ctx.unchecked)
    rules = "1 rule needs" if count == 1 else f"{count} rules need"
    yield Hit(
        (),
        f"this is a task list ({ctx.task_list}); {rules} what a task list does not hold and "
        f"{'was' if count == 1 else 'were'} not checked: {'; '.join(parts)}. To check "
        f"{'it' if count == 1 else 'them'}, 'pmsm import {name}' writes the task list as a "
        "pmsm plan, where you add what is missing",
    )


RULES = (
    Rule(
        code="INP001",
        slug="plan-unreadable",
        title="The plan cannot be read",
        severity="error",
        source=None,
        basis="housekeeping",
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
    Rule(
        code="INP002",
        slug="task-list-partly-checked",
        title="A plan from another tool holds no charter, stakeholders or requirements to check",
        severity="info",
        source=None,
        basis="housekeeping",
        rationale=(
            "A plan kept in MS Project, a spreadsheet, GanttProject, Jira or Markdown is a "
            "task list: it shows the activities and their order, which pmsm checks, but not "
            "the charter's costs, the stakeholders, the requirement checklists, the risks, "
            "change requests or the exit criteria of early life support, which other rules "
            "read. Rather than report each of those as missing, one finding says which rules "
            "could not run and how to add what they need: 'pmsm import' writes the task list "
            "as a pmsm plan to complete (§3.2: the plan is where these are kept). What the "
            "reader had to leave out of a task (a link to a task that is not in the file) is "
            "reported by this rule too, at its place, and so is the project kind when it "
            "was inferred from the tasks rather than given with --kind."
        ),
        bad=dedent("""
            Task Name;Duration;Predecessors
            Submit RFC to the CAB;1 day;
            Go-live;0 days;1
            """),
        good=dedent("""
            # the same tasks, imported with 'pmsm import plan.csv' and completed
            charter:
              costs:
                - {item: Hosting, category: run, stage: operate, amount: 12000, recurring: true}
            """),
        check=_unchecked,
    ),
)
