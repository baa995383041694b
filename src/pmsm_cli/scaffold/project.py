"""The whole of ``pmsm init`` as one call: answers in, files decided (and written).

The command line only supplies the ways to ask (prompts) and prints the
outcome; everything else happens here, so tests and other front ends can
drive it directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.records import record
from pmsm_cli.scaffold import apply, questions
from pmsm_cli.scaffold.build import build, schedule
from pmsm_cli.scaffold.documents import PlannedFile, render_documents


@record
class Result:
    answers: questions.Answers
    plan: Plan
    outcomes: list[apply.Outcome]


def project_files(
    answers: questions.Answers, catalog: Catalog, template_dirs: Sequence[Path] = ()
) -> tuple[Plan, list[PlannedFile]]:
    """The plan for these answers and every file to write for it, answers file last."""
    plan = build(answers, catalog)
    files = render_documents(plan, catalog, schedule(plan, catalog), template_dirs)
    record = PlannedFile(questions.ANSWERS_FILE, questions.answers_text(answers), "answers")
    return plan, [*files, record]


def scaffold(
    folder: Path,
    catalog: Catalog,
    given: Mapping[str, Any],
    *,
    ask: questions.Ask | None = None,
    confirm: apply.Confirm | None = None,
    overwrite: bool = False,
    pretend: bool = False,
    template_dirs: Sequence[Path] = (),
) -> Result:
    """Collect the answers, render, decide each file and, unless pretending, write.

    ``ask`` is None when nobody can be asked (no terminal, or ``--defaults``);
    ``confirm`` likewise for files that differ. When pretending, conflicts are
    shown as they are rather than settled.
    """
    stored = questions.read_stored(folder, catalog)
    answers = questions.collect(catalog, given, stored, ask)
    plan, files = project_files(answers, catalog, template_dirs)
    outcomes = apply.plan_writes(folder, files)
    if pretend:
        if overwrite:
            outcomes = apply.decide(outcomes, overwrite=True, confirm=None)
        return Result(answers, plan, outcomes)
    outcomes = apply.decide(outcomes, overwrite=overwrite, confirm=confirm)
    apply.write(outcomes)
    return Result(answers, plan, outcomes)
