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
            # The whitepaper's § alone, another document in full, "-" for none.
            "-"
            if r.source is None
            else f"§{r.source.section}"
            if r.source.document == "third-sky-whitepaper"
            else r.cited,
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


def test_the_readme_names_the_rules_of_each_basis() -> None:
    # The paragraph that says which rules the source requires, which it only suggests
    # (a recorded decision answers them) and which are pmsm's policy beyond the text.
    text = " ".join(README.split("**How strongly the source asks**")[1].split("\n\n")[0].split())
    lists = {
        "suggests": text.split("it reports only silence:")[1].split(".")[0],
        "requires": text.split("Where the text requires it:")[1].split(".")[0],
        "policy": text.split("Service Transition):")[1].split(".")[0],
    }
    for basis, listed in lists.items():
        codes = sorted(re.findall(r"[A-Z]{3}\d{3}", listed))
        assert codes == sorted(r.code for r in RULES if r.basis == basis), basis
