"""When Python's cyclic garbage collector runs in a pmsm process.

A run builds many small objects that live until it ends (the modules, the
catalog, plan models, the position of every YAML value, the schedule) and
makes almost no cyclic garbage, so most collections find nothing to free and
only cost time: a collection looks at every object made since the last one.
Three things follow:

* collections are rarer (:func:`tune`);
* in the ``pmsm`` command, during start-up, while the modules
  load, there are none (:func:`hold`); once they are in, they are frozen
  (:func:`release`), so later collections look only at what the command
  itself builds;
* at the end everything is frozen again (:func:`at_exit`), so Python's own
  collection at exit (15 ms in a check, more than python takes to start) has
  nothing to look at.
"""

from __future__ import annotations

import gc


def tune() -> None:
    """Collect every 50,000 new objects rather than every 700.

    Python's default kept re-examining the objects that survive, which made
    loading and scheduling a 10,000-activity plan take half as long again;
    collecting every 50,000 removes that cost and still frees cycles as the
    run goes on.
    """
    gc.set_threshold(50_000, 20, 100)


_held = False


def hold() -> None:
    """No collections until :func:`release`: what loads now lives until the end."""
    global _held
    gc.disable()
    _held = True


def release() -> None:
    """After :func:`hold`: leave every object made so far out of later collections, and
    collect again. Without it (a test calling pmsm's functions), nothing changes."""
    global _held
    if _held:
        gc.freeze()
        gc.enable()
        _held = False


def at_exit() -> None:
    """Leave everything out of Python's own collection as the process ends (and let
    a program that called pmsm's main() in-process collect what it makes next)."""
    global _held
    gc.freeze()
    gc.enable()
    _held = False
