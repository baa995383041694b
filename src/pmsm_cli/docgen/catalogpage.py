"""The catalog's reference page, from the catalog files (``pmsm catalog export``)."""

from __future__ import annotations

PAGE = "reference/catalog.md"


def catalog_pages() -> dict[str, str]:
    from pmsm_cli.catalogs.export import catalog_as_markdown
    from pmsm_cli.catalogs.load import load_catalog

    text = catalog_as_markdown(load_catalog())
    intro = (
        "Generated from the built-in catalog (`catalog/*.yaml`), as `pmsm catalog export "
        "--format markdown` writes it. The [catalog guide](../guide/catalog.md) says how to "
        "browse it, map it to ITIL 4, PMBOK 7 and PRINCE2, and lay an organisation's own "
        "catalog over it.\n\n"
    )
    title, _, rest = text.partition("\n")
    return {PAGE: f"{title}\n\n{intro}{rest.lstrip()}"}
