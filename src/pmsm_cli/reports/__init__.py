"""Renderers for the reports of ``pmsm status`` and ``pmsm portfolio``.

Each report module (``status.py``, ``portfolio.py``) builds its report once as
a :class:`~pmsm_cli.reports.document.Document` plus a JSON-ready dict, and has
a ``RENDERERS`` registry: output format -> function. A new format is a
function and one line in that registry.
"""
