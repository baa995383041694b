"""``gitlab``: GitLab Code Quality JSON (``artifacts:reports:codequality``) for merge requests.

Each entry has description, check_name, fingerprint, severity and location
(path and lines.begin). The fingerprint is a hash of the file, the code, what
the finding is about and the message, without the line number, so a finding
keeps its identity when lines above it move; identical findings are told
apart by their order.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.lint.report import Options, Report

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report, options: Options) -> str:
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for f in report.active:
        identity = "\0".join((f.path, f.code, f.target or "", f.message))
        seen[identity] = seen.get(identity, 0) + 1
        digest = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
        entries.append(
            {
                "description": f"{f.code} {f.message}",
                "check_name": f"{f.code} {f.name}",
                "fingerprint": digest,
                "severity": SEVERITY[f.severity],
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        )
    return json_document(entries)
