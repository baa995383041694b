"""Entry point for ``pmsm`` and ``python -m pmsm_cli``.

``pmsm --version`` answers before anything heavy is imported: a linter run on
every commit should not pay for its command-line framework to say its version.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from pmsm_cli import __version__

        sys.stdout.write(f"pmsm {__version__}\n")
        return
    from pmsm_cli.cli.app import run

    run()


if __name__ == "__main__":
    main()
