"""The catalog: load the built-in catalog and overlays, export it, cite its sources, map it to
other frameworks.
"""

from __future__ import annotations

from pmsm_cli.formats import Format

# ``pmsm catalog export``: each function takes the catalog and returns the text.
EXPORT_FORMATS: dict[str, Format] = {
    "json": Format("pmsm_cli.catalogs.export", "as_json", (".json",), "JSON"),
    "yaml": Format("pmsm_cli.catalogs.export", "as_yaml", (".yaml", ".yml"), "YAML"),
    "markdown": Format(
        "pmsm_cli.catalogs.export", "catalog_as_markdown", (".md", ".markdown"), "Markdown"
    ),
}
