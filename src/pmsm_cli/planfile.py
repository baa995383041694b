"""Read a plan file (``pmsm.yaml``) into the plan model, positions kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmsm_cli.models.plan import Plan
from pmsm_cli.validation import validate
from pmsm_cli.yamlio import YamlDocument, load_yaml, parse_yaml


@dataclass(frozen=True)
class LoadedPlan:
    """A validated plan with the YAML it came from, for positions and edits."""

    path: Path
    doc: YamlDocument
    plan: Plan


def load_plan(path: Path) -> LoadedPlan:
    doc = load_yaml(path, "plan file")
    return LoadedPlan(path, doc, validate(Plan, doc, "plan file"))


def parse_plan(text: str, path: Path) -> LoadedPlan:
    doc = parse_yaml(text, path)
    return LoadedPlan(path, doc, validate(Plan, doc, "plan file"))
