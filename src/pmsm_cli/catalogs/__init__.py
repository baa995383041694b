"""The catalog: load the built-in catalog and overlays, export it, cite its sources, map it to
other frameworks.
"""
