"""Recognising catalog activities in the project manager's own words.

``match_tasks`` scores the tasks of a foreign plan (see pmsm_cli.readers)
against the terms the catalog gives each activity; ``covering_tasks`` turns
the matches into, for each activity, the tasks that cover it. The modules:
``normalize`` (words, stems, compounds), ``index`` (the cached term index),
``fuzzy`` (typos), ``text`` (a task's words per language), ``matcher`` (the
scores and outcomes), ``corpus`` and ``quality`` (the labelled corpus and the
figures measured on it).

Importing this package loads snowballstemmer (and rapidfuzz when a word needs
it); nothing on the start-up path of ``pmsm check`` for YAML plans imports it.
"""

from __future__ import annotations

from pmsm_cli.matching.matcher import (
    CONFIDENT,
    Candidate,
    Outcome,
    TaskMatch,
    covering_tasks,
    match_tasks,
)
from pmsm_cli.matching.scoring import POSSIBLE

__all__ = [
    "CONFIDENT",
    "POSSIBLE",
    "Candidate",
    "Outcome",
    "TaskMatch",
    "covering_tasks",
    "match_tasks",
]
