"""Entry point for ``pmsm`` and ``python -m pmsm_cli``.

``pmsm --version`` answers before anything heavy is imported: a linter run on
every commit should not pay for its command-line framework to say its version.
A ``pmsm check`` or ``pmsm plan`` run with the same arguments as an earlier
one is answered without typer too: typer's answer is remembered (see
cli/remembered.py).
"""

from __future__ import annotations

import os
import sys

from pmsm_cli.cli import collector

# Not typing.TYPE_CHECKING: importing typing (with re and enum) would cost
# ``pmsm --version`` 9 ms, most of its time; type checkers read this name alike.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType


def tune_gc() -> None:
    """Collect cyclic garbage as a pmsm run needs (see cli/collector.py)."""
    collector.tune()


def _skip_plugin_search() -> None:
    """Let pydantic find no plugins without importing ``importlib.metadata`` to look.

    With plugins disabled, pydantic's plugin loader returns none, but its
    module imports ``importlib.metadata`` first: 11 ms, a tenth of a check.
    The module holds nothing else pydantic uses (tests/cli/test_startup_imports.py
    checks that), so a stand-in with the same answer takes its place, made
    only when pydantic imports it (a command that never imports pydantic
    shows no trace of it).
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return  # the user asked for some plugins: pydantic's own loader finds them
    if not any(isinstance(finder, _PluginLoaderStandIn) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PluginLoaderStandIn())


class _PluginLoaderStandIn:
    """Finds and loads ``pydantic.plugin._loader`` as a module whose get_plugins finds none."""

    NAME = "pydantic.plugin._loader"

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name != self.NAME:
            return None
        from importlib.machinery import ModuleSpec

        # A loader by its two methods; subclassing importlib.abc.Loader would import more.
        return ModuleSpec(name, self)  # type: ignore[arg-type]

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # the usual empty module

    def exec_module(self, module: ModuleType) -> None:
        module.__doc__ = "pmsm: plugins are disabled"
        module.get_plugins = _no_plugins  # type: ignore[attr-defined]


def _no_plugins() -> tuple[()]:
    return ()


def main() -> None:
    tune_gc()
    collector.hold()  # start-up: nothing to collect until the modules are in
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from pmsm_cli import __version__

        sys.stdout.write(f"pmsm {__version__}\n")
        return
    # pmsm's models are its own business: no pydantic plugin (logfire and the
    # like) has anything to observe in them, and looking for plugins reads the
    # metadata of every installed package, a tenth of a `pmsm check`.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_search()
    from pmsm_cli.cli import remembered

    try:
        remembered.ARGV = args  # what a command remembers typer's answer under
        code = remembered.replay(args)
        if code is not None:
            sys.exit(code)
        from pmsm_cli.cli.app import run

        collector.release()  # typer and the command table live until the end
        run()
    finally:
        remembered.ARGV = None
        collector.at_exit()


if __name__ == "__main__":
    main()
