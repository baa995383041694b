"""Formatting values and text for each output language: one formatter, one escaper per language."""
