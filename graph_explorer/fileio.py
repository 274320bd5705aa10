"""Writing files whole or not at all: a temporary file beside the target, then a rename.

A reader (another process, a person opening the file) sees the old content or
the new one, never a part: a full disk, a missing permission or a killed
process leaves an existing file as it was and no temporary file behind
(except for a killed process; such files start with ``.`` and end ``.tmp``).

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> atomic_write(target, b"one") == target, target.read_bytes()
(True, b'one')
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path, data: bytes | str, mode: int | None = None, sync: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    Parameters
    ----------
    mode : int, optional
        Permission bits of the file (default: those of the file it replaces,
        else 0666 less the umask, as ``open`` would give).
    sync : bool
        fsync the file before the rename (for outputs a person keeps).

    Raises
    ------
    OSError
        When the folder cannot be written or the data does not fit; the
        target is then unchanged.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
