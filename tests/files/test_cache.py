"""The one cache helper (pmsm_cli.files.cache): whole entries, misses instead of errors,
bounded by recent use without evicting what the current run needs."""

from __future__ import annotations

import os
from pathlib import Path

from pmsm_cli.files.cache import PickleCache

DAY = 86_400


def entries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def aged(cache: PickleCache, key: str, days_ago: int) -> None:
    """Pretend ``key`` was last used ``days_ago`` days ago (fixed times: no sleeping)."""
    when = 1_700_000_000 - days_ago * DAY
    os.utime(cache.path(key), (when, when))


def test_a_value_put_is_got_back_and_counted_as_a_hit(tmp_path: Path) -> None:
    cache = PickleCache(tmp_path / "c", limit=10)
    cache.put("k", {"a": [1, 2]})
    assert entries(tmp_path / "c") == ["k.pickle"]  # the temporary file renamed, none left over
    assert PickleCache(tmp_path / "c", limit=10).get("k", dict) == {"a": [1, 2]}
    reader = PickleCache(tmp_path / "c", limit=10)
    reader.get("k", dict)
    reader.get("other", dict)
    assert (reader.hits, reader.misses) == (1, 1)


def test_anything_unreadable_is_a_miss_not_an_error(tmp_path: Path) -> None:
    cache = PickleCache(tmp_path, limit=10)
    cache.put("wrong-type", [1, 2, 3])
    cache.put("truncated", {"a": "b" * 100})
    truncated = cache.path("truncated")
    truncated.write_bytes(truncated.read_bytes()[:20])
    cache.path("garbage").write_bytes(b"not a pickle")
    # A pickle naming a class that no longer exists, as one from an older pmsm would.
    cache.path("gone").write_bytes(b"cno_module_x\nCls\n.")  # GLOBAL no_module_x.Cls, STOP
    for key in ("wrong-type", "truncated", "garbage", "gone", "missing"):
        assert cache.get(key, dict) is None, key
    assert (cache.hits, cache.misses) == (0, 5)


def test_a_folder_that_cannot_be_made_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would go", encoding="utf-8")
    cache = PickleCache(blocker / "c", limit=1)
    cache.put("k", 1)
    cache.prune()
    assert cache.get("k", int) is None


def test_pruning_removes_the_least_recently_used_half(tmp_path: Path) -> None:
    earlier = PickleCache(tmp_path, limit=4)
    for n in range(5):
        earlier.put(f"k{n}", n)
        aged(earlier, f"k{n}", days_ago=10 - n)  # k0 the oldest ... k4 the newest
    # A later run reads k0 (now the most recently used), then prunes: 5 > 4 entries, so
    # the 2 least recently used of the others go: k1 and k2.
    later = PickleCache(tmp_path, limit=4)
    assert later.get("k0", int) == 0
    later.prune()
    assert entries(tmp_path) == ["k0.pickle", "k3.pickle", "k4.pickle"]


def test_the_current_run_keeps_all_it_used_even_past_the_limit(tmp_path: Path) -> None:
    earlier = PickleCache(tmp_path, limit=3)
    for n in range(4):
        earlier.put(f"old{n}", n)
        aged(earlier, f"old{n}", days_ago=5)
    run = PickleCache(tmp_path, limit=3)
    for n in range(6):
        run.put(f"new{n}", n)
        aged(run, f"new{n}", days_ago=30)  # older than every other entry, yet used now
    run.prune()
    # 10 entries > 3: half (5) should go, but only the 4 of earlier runs may.
    assert entries(tmp_path) == [f"new{n}.pickle" for n in range(6)]


def test_kinds_sharing_a_folder_are_bounded_apart(tmp_path: Path) -> None:
    catalogs = PickleCache(tmp_path, limit=1, prefix="catalog-")
    terms = PickleCache(tmp_path, limit=1, prefix="terms-")
    for n in range(3):
        terms.put(f"t{n}", n)
    catalogs.put("a", 1)
    catalogs.prune()  # one catalog entry: within its limit, and the terms are not its own
    assert entries(tmp_path) == ["catalog-a.pickle", "terms-t0.pickle", "terms-t1.pickle",
                                 "terms-t2.pickle"]  # fmt: skip
