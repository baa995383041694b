"""Read a plan file (``pmsm.yaml``) into the plan model, positions kept."""

from __future__ import annotations

from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_text
from pmsm_cli.files.yamlbuild import TooManyItems
from pmsm_cli.files.yamlio import YamlDocument, parse_yaml
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.validation import validate
from pmsm_cli.records import record

# The most activities one plan may hold. A real programme plan has hundreds; this
# bound keeps scheduling, checks and the workbook within seconds and a few hundred
# MiB whatever a file asks for (docs/reliability.md, "Limits").
MAX_ACTIVITIES = 50_000


@record
class LoadedPlan:
    """A validated plan with the YAML it came from, for positions and edits."""

    path: Path
    doc: YamlDocument
    plan: Plan


def load_plan(path: Path) -> LoadedPlan:
    return parse_plan(read_text(path, "plan file"), path)


def parse_plan(text: str, path: Path) -> LoadedPlan:
    return validated_plan(plan_yaml(text, path))


def plan_yaml(text: str, path: Path) -> YamlDocument:
    """The plan file's YAML, refused as soon as it shows more than MAX_ACTIVITIES activities:
    building a hundred thousand of them only to refuse them cost seconds and 280 MiB."""
    try:
        return parse_yaml(text, path, most_items=("activities", MAX_ACTIVITIES))
    except TooManyItems as error:
        problem = error.problems[0]
        raise PmsmError(
            _too_many(f"more than {MAX_ACTIVITIES:,}"), path, problem.line, problem.column
        ) from None


def validated_plan(doc: YamlDocument) -> LoadedPlan:
    """The plan in ``doc``, checked against the model and the size limits."""
    _check_size(doc)
    return LoadedPlan(doc.path, doc, validate(Plan, doc, "plan file"))


def _check_size(doc: YamlDocument) -> None:
    """Refuse a plan with more activities than pmsm promises to handle, before validating it."""
    activities = doc.data.get("activities") if isinstance(doc.data, dict) else None
    if isinstance(activities, list) and len(activities) > MAX_ACTIVITIES:
        path, line, column = doc.locate(("activities",), prefer_key=True)
        raise PmsmError(_too_many(f"{len(activities):,}"), path, line, column)


def _too_many(count: str) -> str:
    return (
        f"the plan has {count} activities; pmsm handles at most {MAX_ACTIVITIES:,} in one "
        "plan: split it into several plans (one per project or release)"
    )
