"""The plan file's reference, from its JSON Schema (what ``pmsm schema plan`` prints).

One section per object of the schema: the top level first, then each definition
in the order the top level reaches it. Each field gets its type in words, whether
it is required, its default and its constraints; an object's description is its
model's docstring. A new field in models/plan.py appears here by itself.
"""

from __future__ import annotations

import json
from typing import Any

from pmsm_cli.docgen.text import cell

PAGE = "reference/plan-file.md"


def _anchor(name: str) -> str:
    return name.lower()


def type_words(spec: dict[str, Any]) -> str:
    """A schema as words in Markdown: "list of [Activity](#activity)", "date or null"."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in spec:
        return " or ".join(type_words(s) for s in spec["anyOf"])
    if "allOf" in spec and len(spec["allOf"]) == 1:
        return type_words(spec["allOf"][0])
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type")
    if kind == "array":
        return "list of " + type_words(spec.get("items", {}))
    if kind == "object":
        extra = spec.get("additionalProperties")
        if isinstance(extra, dict):
            return "mapping of text to " + type_words(extra)
        return "mapping"
    if kind == "string" and spec.get("format") in ("date", "date-time"):
        return str(spec["format"])
    if kind == "null":
        return "null"
    if isinstance(kind, str):
        return {"string": "text", "integer": "whole number", "number": "number"}.get(kind, kind)
    return "any value"


_BOUNDS = (
    ("minimum", "at least {}"),
    ("exclusiveMinimum", "more than {}"),
    ("maximum", "at most {}"),
    ("exclusiveMaximum", "less than {}"),
    ("minLength", "at least {} characters"),  # 1 is said as "not empty" below
    ("maxLength", "at most {} characters"),
    ("pattern", "matching the pattern {}"),
    ("minItems", "at least {} items"),
    ("maxItems", "at most {} items"),
)


def constraints(spec: dict[str, Any]) -> str:
    words = [
        "not empty" if (key, spec.get(key)) == ("minLength", 1) else template.format(spec[key])
        for key, template in _BOUNDS
        if key in spec
    ]
    for branch in spec.get("anyOf", ()):
        nested = constraints(branch)
        if nested:
            words.append(nested)
    return "; ".join(words)


def _refs(spec: Any) -> list[str]:
    """The definitions a schema refers to, in the order they appear."""
    found: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "$ref" and isinstance(value, str):
                found.append(value.rsplit("/", 1)[-1])
            else:
                found += _refs(value)
    elif isinstance(spec, list):
        for item in spec:
            found += _refs(item)
    return found


def object_section(title: str, spec: dict[str, Any], level: str = "##") -> list[str]:
    lines = [f"{level} {title}", ""]
    description = spec.get("description")
    if description:
        lines += [cell(description), ""]
    required = set(spec.get("required", ()))
    properties: dict[str, Any] = spec.get("properties", {})
    if not properties:
        return lines
    lines += ["| key | type | required | default | constraints |", "|---|---|---|---|---|"]
    for key, field in properties.items():
        default = ""
        if "default" in field and field["default"] not in (None, [], {}):
            default = json.dumps(field["default"], ensure_ascii=False)
        lines.append(
            f"| `{key}` | {type_words(field)} | {'yes' if key in required else ''} | "
            f"{cell(default)} | {cell(constraints(field))} |"
        )
    if spec.get("additionalProperties") is False:
        lines += ["", "Other keys are errors (a misspelt key is named, with a suggestion)."]
    lines.append("")
    return lines


def plan_file_page(schema: dict[str, Any]) -> str:
    definitions: dict[str, Any] = schema.get("$defs", {})
    lines = [
        "# The plan file",
        "",
        "The keys of `pmsm.yaml`, generated from its JSON Schema (`pmsm schema plan`), which "
        "comes from the plan's models. For what each part means and how to fill it in, see "
        "the comments `pmsm init` writes into a new plan and the guide pages; for editor "
        "completion, see [Editor completion](../guide/plan-file.md).",
        "",
    ]
    lines += object_section("Top level", schema)
    order = list(dict.fromkeys([*_refs(schema.get("properties", {})), *definitions]))
    seen: set[str] = set()
    while order:
        name = order.pop(0)
        if name in seen or name not in definitions:
            continue
        seen.add(name)
        lines += object_section(name, definitions[name])
        order += [r for r in _refs(definitions[name]) if r not in seen]
    return "\n".join(lines)


def plan_file_pages() -> dict[str, str]:
    from pmsm_cli.models.plan import model_for_schema

    schema = model_for_schema("plan").model_json_schema(mode="validation")
    return {PAGE: plan_file_page(schema)}
