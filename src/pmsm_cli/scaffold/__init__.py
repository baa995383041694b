"""``pmsm init``: scaffold a project whose plan already thinks like ITIL.

The work goes in four steps, one module each, so that each can change alone:

1. :mod:`.questions`: the answers (name, kind, sponsor, costs, ...): what can
   be asked, how each answer is read from the command line, a prompt or the
   answers file, and what it defaults to.
2. :mod:`.build`: answers + catalog -> a :class:`~pmsm_cli.models.plan.Plan`
   (charter with TCO, stakeholders, requirement checklists, risks, scope,
   activities with dependencies) and its schedule. Seeded wording lives in
   :mod:`.seeds`.
3. :mod:`.documents`: plan + catalog -> the files to write, rendered from
   Jinja2 templates in the sandbox (``pmsm.yaml``, ``charter.md``,
   ``requirements.md`` and an organisation's extra files).
4. :mod:`.apply`: copier's rules for writing them: identical files are
   skipped, differing ones need a yes or ``--overwrite``, nothing leaves the
   target folder, and every file is written whole or not at all.

``pmsm docs`` renders the documents again from a plan that has since been
filled in (:mod:`.regenerate`); the marker at the end of each
(:mod:`.marker`) tells pmsm's own text from a hand edit.
"""
