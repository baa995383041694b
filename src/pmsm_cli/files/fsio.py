"""Writing files so that nothing is ever half-written.

Every file pmsm writes goes to a temporary file in the same folder first and
is renamed over the target only once it is complete: a full disk, a crash or
a kill leaves the old file as it was.

An edit of a user's file (``pmsm_cli.files.editing``) also says what the file held
when it was read: if it holds anything else just before the rename, another
program saved it meanwhile, and nothing is written.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pmsm_cli.errors import PmsmError


def write_atomic(
    path: Path, content: str | bytes, *, expect: bytes | None = None, durable: bool = True
) -> None:
    """Replace ``path`` with ``content`` whole, or leave it as it was and raise PmsmError.

    ``expect``: the bytes the file held when it was read for this edit. The
    file is compared with them as late as possible, once the new content is
    safely in the temporary file, so that the window in which a program that
    does not lock can still slip in a save is the moment of the rename itself.

    ``durable=False`` skips flushing the file and its folder to the disk: for
    what can be lost in a power cut at no cost (a cache entry, which is built
    again when it is missing or cannot be read), where each flush may cost a
    busy CI disk several milliseconds. The rename still makes it whole or absent.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise PmsmError(f"'{path}' is a folder; give a file name to write to", path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_temporary(folder, path.name)
    except OSError as exc:
        raise PmsmError(f"cannot write here: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if expect is not None and _current(path) != expect:
            raise changed_meanwhile(path)
        if path.exists():
            # Keep the permissions the user gave the file.
            tmp.chmod(path.stat().st_mode & 0o7777)
        else:
            tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
        if durable:
            _sync_folder(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise PmsmError(
            f"could not write the file ({exc.strerror or exc}); the old file, if any, is unchanged",
            path,
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _new_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target, open for writing, that no other process holds.

    What tempfile.mkstemp does (O_EXCL, readable by the owner alone, a random name),
    without importing tempfile: it brings shutil, bz2 and lzma, 2 ms of every check
    that writes its cache.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        candidate = folder / f".{name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(candidate, flags, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {name}")


def changed_meanwhile(path: Path) -> PmsmError:
    """The refusal when another program saved (or removed) the file while pmsm edited it."""
    return PmsmError(
        "another program changed the file while pmsm was editing it; pmsm wrote nothing, "
        "so that change is kept: run the command again",
        path,
    )


def _current(path: Path) -> bytes | None:
    """What the file holds now; None when it is gone."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: after a power cut the folder names the new file."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible everywhere (Windows); the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
