"""Load the catalog: the built-in ``catalog/*.yaml``, then any organisation overlays.

An overlay is a YAML file with the same sections as the catalog plus
``disable:``. In each section, an entry whose ``id`` already exists changes
the fields it names; an entry with a new ``id`` is added whole; ``disable``
removes entries (and every reference to them) by id. Every problem, in the
built-in files or an overlay, is reported at its ``file:line:col``.

Reading and validating the 100+ built-in entries costs more than checking a
plan, so a catalog that loaded without problems is kept, pickled, in the user's
cache folder (``$XDG_CACHE_HOME/pmsm``, else ``~/.cache/pmsm``; set
``PMSM_NO_CACHE=1`` to bypass it). The cache key is a hash of the versions of
pmsm, pydantic and Python and the content of every catalog and overlay file,
and pmsm's own code (pmsm_cli.files.cache.code_fingerprint), so editing any of
them builds a new entry; a cache that cannot be read or written is ignored,
and the least recently used entries go once there are more than
``CACHE_LIMIT`` (pmsm_cli.files.cache).

Errors about an overlay never repeat its text, except ids and keys that are
plausible misspellings of the catalog's own (see pmsm_cli.files.quoting): a
configuration, or a command line in a script, may name a file that is not
an overlay at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from pmsm_cli.catalogs.references import reference_problems
from pmsm_cli.errors import PmsmError
from pmsm_cli.files.cache import PickleCache, code_fingerprint, enabled
from pmsm_cli.files.paths import builtin_catalog_files, cache_dir, catalog_sources
from pmsm_cli.files.quoting import plausible, suggestion
from pmsm_cli.files.yamlio import Loc, YamlDocument, load_yaml
from pmsm_cli.models.catalog import SECTIONS, Catalog
from pmsm_cli.plan.validation import validate
from pmsm_cli.records import record

OVERLAY_KEYS = (*SECTIONS, "disable")
# Catalogs kept: one per set of overlays in recent use, each a few hundred kilobytes.
CACHE_LIMIT = 16


@record
class MergedDocument:
    """Catalog data merged from several files, remembering each entry's origin."""

    path: Path
    data: dict[str, list[Any]] = field(default_factory=dict)
    # (section, index) -> (document, loc of that entry in the document)
    origins: dict[tuple[str, int], tuple[YamlDocument, Loc]] = field(default_factory=dict)
    section_origins: dict[str, YamlDocument] = field(default_factory=dict)

    def locate(self, loc: Loc, *, prefer_key: bool = False) -> tuple[Path, int, int]:
        if len(loc) >= 2:
            found = self.origins.get((str(loc[0]), int(loc[1])))
            if found is not None:
                doc, base = found
                return doc.locate((*base, *loc[2:]), prefer_key=prefer_key)
        if loc and str(loc[0]) in self.section_origins:
            return self.section_origins[str(loc[0])].locate(loc[:1], prefer_key=prefer_key)
        return self.path, 1, 1

    def origin(self, loc: Loc) -> tuple[Any, Loc]:
        """The data of the file an entry came from, and its place in that file."""
        if len(loc) >= 2:
            found = self.origins.get((str(loc[0]), int(loc[1])))
            if found is not None:
                doc, base = found
                return doc.data, (*base, *loc[2:])
        return self.data, loc

    def add(self, doc: YamlDocument, section: str, entry: Any, index: int) -> None:
        entries = self.data.setdefault(section, [])
        self.section_origins.setdefault(section, doc)
        self.origins[(section, len(entries))] = (doc, (section, index))
        entries.append(entry)


def load_catalog(
    overlays: Sequence[Path] = (),
    *,
    vocabulary: Sequence[str] = (),
    frameworks: Sequence[str] | None = None,
) -> Catalog:
    """The built-in catalog with the given overlays applied, in order.

    ``vocabulary`` (frameworks, e.g. ``["itil4"]``) gives a view whose processes,
    functions, phases and process groups carry their names in those frameworks;
    ``frameworks`` chooses whose activities plans are expected to have (default:
    ITIL v3's). See pmsm_cli.catalogs.frameworks.
    """
    catalog = _load(overlays)
    if vocabulary or frameworks is not None:
        from pmsm_cli.catalogs.frameworks import view

        return view(catalog, vocabulary=vocabulary, frameworks=frameworks)
    return catalog


def _load(overlays: Sequence[Path]) -> Catalog:
    files = builtin_catalog_files()
    key = _cache_key(catalog_sources(overlays))
    cache = catalog_cache("catalog-")
    if key is not None and cache is not None:
        found = cache.get(key, Catalog)
        if found is not None:
            return found
    catalog = load_catalog_files(files, overlays)
    if key is not None and cache is not None:
        cache.put(key, catalog)
        cache.prune()
    return catalog


def catalog_cache(prefix: str) -> PickleCache | None:
    """The cache of values built from the catalog (the catalog, its term index); None when off."""
    return PickleCache(cache_dir(), limit=CACHE_LIMIT, prefix=prefix) if enabled() else None


def _cache_key(files: Sequence[Path]) -> str | None:
    """The key of the catalog built from ``files``; None when one cannot be read."""
    from pydantic import VERSION as PYDANTIC_VERSION

    from pmsm_cli import __version__

    # The pickle holds pydantic model instances: a new pmsm, pydantic or Python,
    # or edited code, gets a new entry rather than objects made by other code.
    versions = f"pmsm {__version__} pydantic {PYDANTIC_VERSION} code {code_fingerprint()}\n"
    digest = hashlib.sha256(versions.encode())
    try:
        for path in files:
            content = path.read_bytes()
            digest.update(f"{path.name} {len(content)}\n".encode())
            digest.update(content)
    except OSError:
        return None  # an unreadable overlay: the normal load reports it
    return digest.hexdigest()[:32]


def load_catalog_files(files: Iterable[Path], overlays: Sequence[Path] = ()) -> Catalog:
    files = list(files)
    merged = MergedDocument(files[0] if files else Path("catalog"))
    for path in files:
        doc = _load_section_file(path, SECTIONS, "catalog file")
        for section, entries in doc.data.items():
            for index, entry in enumerate(entries):
                merged.add(doc, section, entry, index)
    for path in overlays:
        _apply_overlay(merged, _load_section_file(path, OVERLAY_KEYS, "catalog overlay"))
    catalog = validate(Catalog, merged, "catalog", quote_content=False)
    problems = reference_problems(catalog, merged)
    if problems:
        raise PmsmError(problems)
    _name_documents(catalog)
    return catalog


def _name_documents(catalog: Catalog) -> None:
    """Give each source the name its document is cited by (Source.cite); a source that
    names a seed (an older overlay) cites the document that lists that seed."""
    names = {d.id: d.cited_as for d in catalog.documents}
    by_seed = {d.seed: d.id for d in catalog.documents if d.seed is not None}
    for _loc, source in catalog.sources():
        if source.seed is not None:
            source._seed_document = by_seed.get(source.seed)
        if source.cites is not None:
            source._cited_as = names.get(source.cites)


def _load_section_file(path: Path, allowed: Sequence[str], what: str) -> YamlDocument:
    """Load a catalog or overlay file and check its top level: known sections of lists."""
    doc = load_yaml(path, what, quote_content=False)
    if doc.data is None:
        raise PmsmError(
            f"the {what} is empty; it should hold sections such as 'activities:'", path, 1, 1
        )
    if not isinstance(doc.data, dict):
        raise PmsmError(
            f"this is not a pmsm {what}: it should be a mapping of sections such as "
            "'activities:', not a list or text",
            path,
            1,
            1,
        )
    for key, value in doc.data.items():
        if key not in allowed:
            _path, line, column = doc.locate((key,), prefer_key=True)
            section = f"section '{key}'" if plausible(key, allowed) else "section"
            raise PmsmError(
                f"unknown {section} in the {what}; expected one of: {', '.join(allowed)}",
                path,
                line,
                column,
            )
        if not isinstance(value, list):
            _path, line, column = doc.locate((key,))
            raise PmsmError(
                f"the section '{key}' should be a list of entries (lines starting with '- ')",
                path,
                line,
                column,
            )
        for index, entry in enumerate(value):
            if key != "disable" and not (
                isinstance(entry, dict) and isinstance(entry.get("id"), str)
            ):
                _path, line, column = doc.locate((key, index))
                raise PmsmError(
                    f"entry {index + 1} of '{key}' should be a mapping with an 'id:'",
                    path,
                    line,
                    column,
                )
    return doc


def _apply_overlay(merged: MergedDocument, doc: YamlDocument) -> None:
    for section, entries in doc.data.items():
        if section == "disable":
            continue
        existing = merged.data.setdefault(section, [])
        index_by_id = {e.get("id"): i for i, e in enumerate(existing) if isinstance(e, dict)}
        for index, entry in enumerate(entries):
            at = index_by_id.get(entry["id"])
            if at is None:
                merged.add(doc, section, entry, index)
                index_by_id[entry["id"]] = len(existing) - 1
            else:
                existing[at] = _merge_entry(existing[at], entry)
                merged.origins[(section, at)] = (doc, (section, index))
    for index, entry_id in enumerate(doc.data.get("disable", [])):
        if not _disable(merged, entry_id):
            _path, line, column = doc.locate(("disable", index))
            ids = _entry_ids(merged)
            close = suggestion(str(entry_id), ids)
            named = f"'{entry_id}'" if plausible(entry_id, ids) else "this entry"
            hint = f"; did you mean '{close}'?" if close else ""
            raise PmsmError(
                f"cannot disable {named}: no catalog entry has that id{hint}",
                doc.path,
                line,
                column,
            )


def _entry_ids(merged: MergedDocument) -> list[str]:
    """The ids of every entry, and of every checklist item, in the catalog so far."""
    entries = [e for section in merged.data.values() for e in section if isinstance(e, dict)]
    items = [i for e in entries if isinstance(e.get("items"), list) for i in e["items"]]
    found = [x.get("id") for x in (*entries, *items) if isinstance(x, dict)]
    return [x for x in found if isinstance(x, str)]


# Fields an overlay adds to rather than replaces: an organisation's own
# wordings for an activity come on top of the built-in ones.
_ADDITIVE_FIELDS = ("terms", "not_terms")


def _merge_entry(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """An entry changed by an overlay: named fields replaced, term lists extended."""
    merged = {**base, **change}
    for key in _ADDITIVE_FIELDS:
        old, new = base.get(key), change.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            terms = dict(old)
            for language, words in new.items():
                known = old.get(language)
                # A shape that is not a list is kept as written for validation to report.
                if isinstance(known, list) and isinstance(words, list):
                    terms[language] = [*known, *(w for w in words if w not in known)]
                else:
                    terms[language] = words
            merged[key] = terms
    return merged


def _disable(merged: MergedDocument, entry_id: Any) -> bool:
    """Remove an entry and every reference to it; False if nothing had that id."""
    found = False
    for section, entries in merged.data.items():
        keep = [e for e in entries if not (isinstance(e, dict) and e.get("id") == entry_id)]
        if section == "mappings":  # the mappings of a disabled entry go with it
            keep = [e for e in keep if not (isinstance(e, dict) and e.get("entry") == entry_id)]
        if len(keep) != len(entries):
            found = True
            # Re-number origins so positions still point at the right entries.
            kept = {id(e) for e in keep}
            old = [i for i, e in enumerate(entries) if id(e) in kept]
            origins = {new: merged.origins.get((section, i)) for new, i in enumerate(old)}
            for i in range(len(entries)):
                merged.origins.pop((section, i), None)
            for new, origin in origins.items():
                if origin is not None:
                    merged.origins[(section, new)] = origin
            merged.data[section] = keep
        for entry in merged.data[section]:
            if not isinstance(entry, dict):
                continue
            for key in ("depends_on", "processes", "kinds", "to"):
                if isinstance(entry.get(key), list) and entry_id in entry[key]:
                    entry[key] = [x for x in entry[key] if x != entry_id]
            if isinstance(entry.get("items"), list):
                items = [
                    i
                    for i in entry["items"]
                    if not (isinstance(i, dict) and i.get("id") == entry_id)
                ]
                if len(items) != len(entry["items"]):
                    entry["items"], found = items, True
    return found
