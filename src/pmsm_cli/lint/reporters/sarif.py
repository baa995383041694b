"""``sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every rule goes into ``tool.driver.rules`` with its name, short and full
description, help (rationale, source and the two examples) and default level;
each finding becomes a result with its rule id, level, message and location.
Paths are relative to the folder pmsm runs in (the repository root in CI),
under the ``%SRCROOT%`` base, as code scanning expects. Waived findings are
included with a suppression, so viewers show them as accepted.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pmsm_cli import __version__
from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.lint.finding import Finding
from pmsm_cli.lint.report import Options, Report
from pmsm_cli.lint.rule import BASIS_WORDS, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


@functools.cache
def _uri(path: str, root: Path) -> str:
    """A relative URI when the file is under ``root``, else an absolute file URI."""
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else (Path.cwd() / candidate)
    try:
        return quote(absolute.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return absolute.resolve().as_uri()


def _rule(rule: Rule) -> dict[str, Any]:
    # A housekeeping rule cites no document; its basis says so.
    basis = BASIS_WORDS[rule.basis]
    source = f"Source: {rule.cited} ({basis})" if rule.cited else f"Basis: {basis}"
    help_text = (
        f"{rule.rationale}\n\n{source}\n\nExample that fails:\n{rule.bad}\n"
        f"Example that passes:\n{rule.good}"
    )
    markdown = (
        f"{rule.rationale}\n\n{source}\n\nExample that fails:\n\n```yaml\n{rule.bad}"
        f"```\n\nExample that passes:\n\n```yaml\n{rule.good}```\n"
    )
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.slug.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": [rule.family, rule.slug],
            **({"source": rule.cited} if rule.cited else {}),
            "basis": rule.basis,
        },
    }


def _result(finding: Finding, index: int, root: Path) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": f"{finding.message}{finding.cited()}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path, root), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
    }
    if finding.sheet:
        result["properties"] = {"sheet": finding.sheet, "cell": finding.cell}
    if finding.waived is not None:
        result["suppressions"] = [
            {
                "kind": "inSource" if finding.waived.kind == "inline" else "external",
                "justification": finding.waived.reason,
            }
        ]
    return result


def render(report: Report, options: Options) -> str:
    from pmsm_cli.lint.rules import RULES

    index = {rule.code: i for i, rule in enumerate(RULES)}
    findings = sorted([*report.active, *report.waived], key=Finding.sort_key)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pmsm",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": options.root.resolve().as_uri() + "/"}},
                "results": [_result(f, index[f.code], options.root) for f in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json_document(document)
