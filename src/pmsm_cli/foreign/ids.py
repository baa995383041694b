"""Plan activity ids for the tasks of a foreign plan: readable, safe, unique."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

from pmsm_cli.readers.model import ForeignTask

MAX_SLUG = 48  # characters of the name kept in an id; the model allows 80
_NOT_ID = re.compile(r"[^a-z0-9]+")
# German letters that NFKD would drop to a bare vowel: 'Übergabe' reads better as 'uebergabe'.
_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """'Go/No-Go Meeting' -> 'go-no-go-meeting'; '' when nothing of it is a letter or digit."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_SPELLED))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    text = _NOT_ID.sub("-", ascii_only).strip("-")
    if len(text) <= MAX_SLUG:
        return text
    cut = text[: MAX_SLUG + 1].rfind("-")  # end at a whole word where one ends in reach
    return text[: cut if cut > 0 else MAX_SLUG].strip("-")


def plan_ids(tasks: Sequence[ForeignTask], reserved: Collection[str]) -> list[str]:
    """One id per task, in task order, from its name (or its source id when the name has none).

    ``reserved`` are catalog activity ids: a task called "Go-live" must not get
    the id ``go-live``, because an activity whose id is a catalog id implements
    that activity whatever its ``catalog:`` says, and whether a task is the
    go-live is the matcher's (or the project manager's) call, not its name's.
    A clash adds the source's id, then a number.
    """
    taken: set[str] = set()
    found = []
    for task in tasks:
        base = slug(task.name) or f"task-{slug(task.id) or 'x'}"
        candidate = base
        if candidate in taken or candidate in reserved:
            candidate = f"{base}-{slug(task.id)}" if slug(task.id) else base
        number = 2
        while candidate in taken or candidate in reserved:
            candidate = f"{base}-{number}"
            number += 1
        taken.add(candidate)
        found.append(candidate)
    return found
