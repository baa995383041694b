"""Writes the generated reference pages into the site while MkDocs builds it.

Run by the mkdocs-gen-files plugin (mkdocs.yml). The pages come from
pmsm_cli.docgen: commands from the command line, rules from their metadata,
the plan file from its JSON Schema, the catalog from the catalog files. Nothing
is written into docs/ itself; the built site always matches the code.
"""

from __future__ import annotations

import mkdocs_gen_files

from pmsm_cli.docgen import pages

for path, text in pages().items():
    with mkdocs_gen_files.open(path, "w") as page:
        page.write(text)
