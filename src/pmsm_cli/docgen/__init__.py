"""The generated pages of the documentation site (docs/, built with MkDocs).

The reference parts of the site are made from the code and data they describe,
never retyped: one page per command from the command line itself, one page per
rule from its metadata, the plan file from its JSON Schema and the catalog from
the catalog files. ``docs/gen_pages.py`` (mkdocs-gen-files) writes them at build
time; tests/docs/ checks them without MkDocs. Each function returns Markdown
keyed by its path inside docs/.
"""

from __future__ import annotations

from pmsm_cli.docgen.catalogpage import catalog_pages
from pmsm_cli.docgen.commands import command_pages
from pmsm_cli.docgen.planfile import plan_file_pages
from pmsm_cli.docgen.rules import rule_pages


def pages() -> dict[str, str]:
    """Every generated page: its path under docs/ -> its Markdown."""
    result: dict[str, str] = {}
    for part in (command_pages(), rule_pages(), plan_file_pages(), catalog_pages()):
        clash = result.keys() & part.keys()
        if clash:  # two generators writing one page would hide one of them
            raise ValueError(f"generated twice: {sorted(clash)}")
        result.update(part)
    return result
