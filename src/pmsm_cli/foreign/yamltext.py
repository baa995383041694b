"""A converted plan as YAML text, with the comments that help the project manager finish it.

Written by hand rather than by a YAML dumper so that each activity carries
its comments (where the task came from, a match to confirm) right above it,
and values stay plain where YAML reads them back as the same text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from pmsm_cli.foreign.convert import Converted

# Text YAML reads back as itself without quotes: no ': ', ' #', leading indicator or
# trailing space, and none of the words YAML 1.1 turns into booleans or null.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./()&+,'-]*")
_SPECIAL = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_KEYS = ("id", "name", "catalog", "duration", "milestone", "depends_on", "start", "owner")


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _comment(text: str, indent: str) -> str:
    return f"{indent}# {' '.join(text.split())}\n"


def render(converted: Converted) -> str:
    data = converted.data
    out = [_comment(line, "") for line in converted.header]
    out.append(f"version: {data['version']}\n")
    out.append("project:\n")
    for key, value in data["project"].items():
        out.append(f"  {key}: {scalar(value)}\n")
    out.append("activities:\n")
    for item, notes in zip(data["activities"], converted.comments, strict=True):
        out.extend(_comment(note, "  ") for note in notes)
        first = True
        for key in sorted(item, key=lambda k: _KEYS.index(k) if k in _KEYS else len(_KEYS)):
            lead = "  - " if first else "    "
            first = False
            out.append(_field(lead, key, item[key]))
    if "waivers" in data:
        out.append("waivers:\n")
        for waiver in data["waivers"]:
            lead = "  - "
            for key, value in waiver.items():
                out.append(f"{lead}{key}: {scalar(value)}\n")
                lead = "    "
    return "".join(out)


def _field(lead: str, key: str, value: Any) -> str:
    if key == "depends_on":
        items = ", ".join(
            dep["id"] if len(dep) == 1 else f"{{id: {dep['id']}, lag: {dep['lag']}}}"
            for dep in value
        )
        return f"{lead}depends_on: [{items}]\n"
    if key == "notes":
        body = "".join(f"      {line}\n" if line.strip() else "\n" for line in value.splitlines())
        if value.strip() and not value[:1].isspace():
            return f"{lead}notes: |-\n{body}"
        return f"{lead}notes: {json.dumps(value, ensure_ascii=False)}\n"
    return f"{lead}{key}: {scalar(value)}\n"
