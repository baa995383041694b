"""``pmsm check``: a linter for plan files, built the way ruff and yamllint are.

How the parts fit:

* ``rules/`` holds the rules, one module per family (charter §2.1,
  stakeholders §2.2, ...), and ``rules/__init__.py`` the one registry of them.
  A rule reads a :class:`~pmsm_cli.lint.context.CheckContext` (the plan, its
  positions, the catalog, the schedule) and yields ``Hit``\\ s: a place in the
  plan and a message. It never deals with files, severities or output.
* ``engine.py`` runs the selected rules on one plan, turns hits into
  :class:`~pmsm_cli.lint.finding.Finding`\\ s and applies inline ignores and
  ``waivers:`` (``suppression.py``).
* ``sources.py`` reads a plan from YAML or from an ``.xlsx`` made by ``pmsm plan``
  (``pmsm_cli.workbook.read``, shared with ``pmsm sync``), ``discovery.py``
  finds plan files in folders,
  ``config.py`` reads ``.pmsm.yaml`` / ``[tool.pmsm]``, ``runner.py`` checks
  many files (in parallel when there are many), ``fixes.py`` is ``--fix``.
* ``reporters/`` renders the findings, one module per output format, with
  one registry.
"""
