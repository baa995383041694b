"""Entry point for ``pmsm`` and ``python -m pmsm_cli``.

``pmsm --version`` answers before anything heavy is imported: a linter run on
every commit should not pay for its command-line framework to say its version.
"""

from __future__ import annotations

import gc
import os
import sys


def tune_gc() -> None:
    """Collect cyclic garbage less often in a pmsm process.

    A run builds hundreds of thousands of small objects that live until it
    ends (plan models, the position of every YAML value, the schedule) and
    makes almost no cyclic garbage. Python's default collects every 700 new
    objects and keeps re-examining the ones that survive, which made loading
    and scheduling a 10,000-activity plan take half as long again; collecting
    every 50,000 removes that cost and still frees cycles as the run goes on.
    """
    gc.set_threshold(50_000, 20, 100)


def main() -> None:
    tune_gc()
    if sys.argv[1:] in (["--version"], ["-V"]):
        from pmsm_cli import __version__

        sys.stdout.write(f"pmsm {__version__}\n")
        return
    # pmsm's models are its own business: no pydantic plugin (logfire and the
    # like) has anything to observe in them, and looking for plugins reads the
    # metadata of every installed package, a tenth of a `pmsm check`.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from pmsm_cli.cli.app import run

    run()


if __name__ == "__main__":
    main()
