"""The publications the catalog cites, and how an entry names its source in one."""

# Annotations stay objects (no `from __future__ import annotations`): pydantic would
# otherwise evaluate each from its text as the class is defined, on every run.

from typing import Annotated

from pydantic import Field, PrivateAttr, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from pmsm_cli.models.base import Id, Strict
from pmsm_cli.models.text import Prose, Text

# A source cites a publication of ``documents:`` by its own section numbers ("5.2.4"),
# a chapter ("ch. 5") or, where its numbering is not certain, the name of its part
# ("Processes: Starting up a project"). The older form names a seed file, the number
# pmsm's own source texts went by ("004" is the whitepaper), with a § number; it is
# still read, for organisations' overlays written before documents existed, and is
# cited by the name of the document that lists that seed.
_SEED_SECTION = r"^\d+(\.\d+)*$"
_DOCUMENT_SECTION = r"^(\d+(\.\d+)*|ch\. \d+|[A-Z][A-Za-z0-9 ,:/'()-]{1,78})$"


class Source(Strict):
    """Where an entry comes from: a publication listed under ``documents:`` and its
    section (or, in older overlays, a seed file that such a publication lists)."""

    seed: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    document: Id | None = None
    section: Annotated[Text, StringConstraints(max_length=80)] | None = None
    # The document a seed stands for, and how the document is cited ("ITIL 4
    # Foundation"); both set by the catalog loader from ``documents:``, so that
    # cite() needs no catalog at hand.
    _seed_document: str | None = PrivateAttr(default=None)
    _cited_as: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_origin(self) -> "Source":
        import re

        if (self.seed is None) == (self.document is None):
            raise PydanticCustomError(
                "source_origin",
                "a source names a 'document' (an id from 'documents:'), not a 'seed' as well "
                "and not neither",
            )
        pattern = _SEED_SECTION if self.seed is not None else _DOCUMENT_SECTION
        if self.section is not None and not re.fullmatch(pattern, self.section):
            expected = (
                "a section number such as 3.2"
                if self.seed is not None
                else "a section number such as 5.2.4, a chapter such as 'ch. 5', or the "
                "name of a part"
            )
            raise PydanticCustomError(
                "source_section", "the section should be {expected}", {"expected": expected}
            )
        return self

    @property
    def cites(self) -> str | None:
        """The id of the document cited (for a seed, the document that lists it)."""
        return self.document if self.document is not None else self._seed_document

    def cite(self) -> str:
        from pmsm_cli.catalogs.citing import citation

        # The loader names every source; an unnamed one (made in code) shows its id.
        name = self._cited_as or self.cites or "unnamed document"
        return citation(name, self.section)

    def short(self) -> str:
        """For a table or an aside: the whitepaper's "§3.2" alone, another publication
        in full (a bare "§" would read as the whitepaper's)."""
        from pmsm_cli.catalogs.citing import WHITEPAPER

        if self.cites == WHITEPAPER and self.section:
            return f"§{self.section}"
        return self.cite()


class Document(Strict):
    """A publication that catalog entries cite (``source: {document: ID, section: ...}``)."""

    id: Id
    title: Text
    cited_as: Text  # the short name citations use: "ITIL 4 Foundation"
    publisher: Text | None = None  # author or publisher; None: the text names neither
    year: int | None = Field(default=None, ge=1900, le=2100)  # None: undated
    link: Text | None = None
    # The seed file pmsm's source texts numbered it by; older overlays cite it so.
    seed: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    note: Prose | None = None
