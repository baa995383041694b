"""The command line: thin typer modules over the core functions, one per command."""
