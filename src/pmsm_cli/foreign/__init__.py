"""Giving the missing ITIL work back in the project manager's own tool (``pmsm check --fix``).

``placement`` decides where each missing catalog activity goes among the
project manager's own tasks; ``timing`` estimates its dates; one writer per
kind of output puts the new tasks into a copy of the source: ``write_mspdi``
(MS Project XML) and ``write_table`` (CSV rows in the source's own columns).
``fix`` is the entry point a command calls.

Nothing here is imported at start-up: the commands for pmsm's own YAML plans
never need it.
"""
