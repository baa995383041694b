"""The plan: load a plan file, validate it, resolve it against the catalog, schedule it, view it."""
