"""The cache of the validated catalog (pmsm_cli.catalogs.load.load_catalog)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.files.paths import cache_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PMSM_NO_CACHE", raising=False)
    return tmp_path / "cache" / "pmsm"


def cached(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalog-*.pickle"))


def test_cache_folder_follows_xdg(cache: Path) -> None:
    assert cache_dir() == cache


def test_first_load_writes_the_cache_and_the_second_reads_it(cache: Path) -> None:
    first = load_catalog()
    assert len(cached(cache)) == 1
    second = load_catalog()
    assert second == first
    assert second is not first  # read back from the file, not kept in memory
    assert second.activity_by_id["go-live"].title == first.activity_by_id["go-live"].title


def test_an_unreadable_cache_is_rebuilt(cache: Path) -> None:
    expected = load_catalog()
    (entry,) = cached(cache)
    entry.write_bytes(b"not a pickle")
    assert load_catalog() == expected
    assert entry.read_bytes() != b"not a pickle"  # written again, whole


def test_an_overlay_has_its_own_entry_and_editing_it_makes_another(
    cache: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "org.yaml"
    overlay.write_text("disable: [pilot]\n", encoding="utf-8")
    builtin = load_catalog()
    without_pilot = load_catalog([overlay])
    assert "pilot" in builtin.activity_by_id and "pilot" not in without_pilot.activity_by_id
    assert len(cached(cache)) == 2
    overlay.write_text("disable: [service-rehearsal]\n", encoding="utf-8")
    changed = load_catalog([overlay])
    assert "pilot" in changed.activity_by_id
    assert "service-rehearsal" not in changed.activity_by_id
    assert len(cached(cache)) == 3


def test_a_broken_overlay_is_reported_and_not_cached(cache: Path, tmp_path: Path) -> None:
    from pmsm_cli.errors import PmsmError

    overlay = tmp_path / "org.yaml"
    overlay.write_text("disable: [no-such-activity]\n", encoding="utf-8")
    for _attempt in range(2):  # the second time too: nothing was cached
        with pytest.raises(PmsmError, match="cannot disable"):
            load_catalog([overlay])
    assert cached(cache) == []


def test_no_cache_when_asked(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMSM_NO_CACHE", "1")
    load_catalog()
    assert not cache.exists()


def test_a_cache_folder_that_cannot_be_made_does_not_stop_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert "go-live" in load_catalog().activity_by_id


def test_the_catalog_cache_keeps_the_catalogs_in_recent_use(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to grow by one catalog per overlay edit, forever."""
    import os

    from pmsm_cli.catalogs import load

    monkeypatch.setattr(load, "CACHE_LIMIT", 2)
    overlays = []
    for name in ("b", "c"):
        overlays.append(tmp_path / f"{name}.yaml")
        overlays[-1].write_text(f"# overlay {name}\ndisable: [pilot]\n", encoding="utf-8")
    load_catalog()
    (builtin,) = cached(cache)
    load_catalog([overlays[0]])
    (with_b,) = set(cached(cache)) - {builtin}
    os.utime(builtin, (1_000_000, 1_000_000))  # fixed times: built-in older than b ...
    os.utime(with_b, (2_000_000, 2_000_000))
    load_catalog()  # ... until it is used again
    load_catalog([overlays[1]])  # 3 entries > 2: the least recently used one (b) goes
    assert builtin in cached(cache) and with_b not in cached(cache)
    assert len(cached(cache)) == 2
