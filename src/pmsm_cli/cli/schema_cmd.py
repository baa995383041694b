"""``pmsm schema``: the JSON Schema of the plan file or the catalog, for editors."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import OutputFile
from pmsm_cli.formatting.jsontext import json_document

EXAMPLES = {
    "schema": examples(
        ("pmsm schema plan -o pmsm.schema.json", "The plan file's schema, for your editor."),
        ("pmsm schema services", "The service portfolio file's schema, printed."),
    )
}


class SchemaName(str, Enum):
    plan = "plan"
    catalog = "catalog"
    services = "services"


def schema(
    name: SchemaName = typer.Argument(
        ...,
        metavar="plan|catalog|services",
        help="Which file's schema: plan, catalog or services (the service portfolio).",
    ),
    output: Path | None = OutputFile,
) -> None:
    """Print the JSON Schema of the plan, catalog or services file.

    Point your editor's YAML support at it for completion and checks as you type,
    e.g. with the line '# yaml-language-server: $schema=pmsm.schema.json'.
    """
    from pmsm_cli.cli.output import choose_format, write_or_print
    from pmsm_cli.models.plan import model_for_schema

    # A schema is JSON only, but "-o schema.md" is refused all the same, and it
    # reads no file that the output could overwrite.
    choose_format(None, output, ["json"], "json")

    model = model_for_schema(name.value)
    document = model.model_json_schema(mode="validation")
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = f"pmsm {name.value} file"
    write_or_print(json_document(document), output)
