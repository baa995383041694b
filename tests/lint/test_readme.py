"""The README's rule table and examples stay true."""

from __future__ import annotations

import re

import yaml
from tests.lint.helpers import HERE

from pmsm_cli.lint.rules import RULES

README = (HERE.parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_rule_as_the_registry_has_it() -> None:
    rows = re.findall(
        r"^\| ([A-Z]{3}\d{3}) \| (\S+) \| (\w+) \| ([^|]+) \| ([^|]+) \|$", README, re.M
    )
    expected = [
        (
            r.code,
            r.slug,
            r.severity,
            r.source.replace("seed 004 ", ""),
            r.title + (" (fixable)" if r.fixable else ""),
        )
        for r in RULES
    ]
    assert [(c, n, s, src.strip(), t.strip()) for c, n, s, src, t in rows] == expected


def test_the_readme_yaml_examples_are_valid() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.S)
    assert len(blocks) >= 5
    for block in blocks:
        yaml.safe_load(block)
