"""Uploaded datasets: validated on arrival, kept on the server under a random token, each seen by its uploader.

An upload is read and validated with the same code as ``graph-explorer
validate`` (:func:`graph_explorer.dataset.load_bytes`); only a file that loads
without errors is kept. It is stored in a private folder (mode 0700) under a
token made by :func:`secrets.token_urlsafe` (32 random bytes, 43 characters):

- ``<token>.upload`` — the bytes as uploaded;
- ``<token>.json`` — the file name shown to its uploader, the dataset's
  fingerprint, its size and when it was stored (written last, atomically, so
  a token whose ``.json`` exists always has its bytes).

The token is the only way to reach an upload: the browser keeps it in the
tab's session storage and sends it with every request, and any worker process
of the server reads the upload from the folder. Nothing maps a user, a name or
a fingerprint back to a token. A string that is not shaped like a token never
reaches the file system.

Uploads older than ``max_age`` (not used for that long) are deleted, and the
oldest ones go first when the folder holds more than ``max_total_bytes``.

Examples
--------
>>> import tempfile
>>> store = UploadStore(tempfile.mkdtemp())
>>> token, dataset = store.add(b"source,target,kind\\nLatvia,Finland,partnership\\n", "links.csv")
>>> len(token), dataset.name
(43, 'links')
>>> store.get(token).filename
'links.csv'
>>> store.get("not-a-token") is None, store.get("A" * 43) is None
(True, True)
"""

from __future__ import annotations

import atexit
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .dataset import Dataset, load_bytes
from .fileio import atomic_write

__all__ = ["UploadStore", "StoredUpload", "is_token", "clean_filename", "ENV_FOLDER", "DEFAULT_MAX_AGE",
           "DEFAULT_MAX_TOTAL_BYTES"]

#: Environment variable naming the upload folder (several servers, or workers not forked from one
#: preloaded app, must share it); default: a new private temporary folder per server.
ENV_FOLDER = "GRAPH_EXPLORER_UPLOADS"
#: An upload not used for this long (seconds) is deleted.
DEFAULT_MAX_AGE = 7 * 24 * 3600
#: The folder keeps at most this many bytes of uploads; the least recently used go first.
DEFAULT_MAX_TOTAL_BYTES = 2 * 1024**3

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
#: How often (seconds) using an upload refreshes its "last used" time on disk.
_TOUCH_EVERY = 3600


def is_token(value) -> bool:
    """True for a string shaped like a token (43 URL-safe base64 characters).

    >>> is_token("a" * 43), is_token("../../etc/passwd"), is_token(None)
    (True, False, False)
    """
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def clean_filename(name, limit: int = 120) -> str:
    """The file name to show in messages: no folders, no control or direction characters, at most ``limit``.

    >>> clean_filename("C:\\\\Users\\\\me\\\\data.xlsx"), clean_filename("../a\\u202eb.csv"), clean_filename(None)
    ('data.xlsx', 'ab.csv', 'upload')
    """
    text = _CONTROL.sub("", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1].strip()
    if len(text) > limit:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: limit - len(ext) - 2] + "…" + dot + ext) if dot and len(ext) <= 8 else text[: limit - 1] + "…"
    return text or "upload"


@dataclass(frozen=True)
class StoredUpload:
    """What the folder knows about one upload."""

    token: str
    filename: str
    name: str
    fingerprint: str
    size: int
    stored_at: float
    path: Path


class UploadStore:
    """Validated uploads on disk, one token each (see the module docstring).

    Parameters
    ----------
    folder : str or Path, optional
        Where uploads are kept. Default: ``$GRAPH_EXPLORER_UPLOADS`` if set,
        else a new private temporary folder, deleted when the process that
        made it exits (forked workers share it and never delete it).
    max_age : float
        Seconds an upload is kept after it was last used.
    max_total_bytes : int
        Most bytes of uploads kept; the least recently used are deleted first.
    """

    def __init__(self, folder=None, *, max_age: float = DEFAULT_MAX_AGE,
                 max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES):
        folder = folder or os.environ.get(ENV_FOLDER) or None
        if folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="graph-explorer-uploads-"))
            owner = os.getpid()
            atexit.register(lambda: os.getpid() == owner and shutil.rmtree(self.folder, ignore_errors=True))
        else:
            self.folder = Path(folder)
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.max_age = max_age
        self.max_total_bytes = max_total_bytes
        self._lock = threading.Lock()  # prune and write one at a time in this process

    # -- adding ----------------------------------------------------------------------------------
    def add(self, data: bytes, filename: str) -> tuple[str, Dataset]:
        """Validate ``data`` and keep it; returns the new token and the loaded dataset.

        Raises
        ------
        DataError
            When the file does not load (its report says why); nothing is kept.
        """
        filename = clean_filename(filename)
        name = Path(filename).stem or "upload"
        dataset = load_bytes(data, filename, name=name)
        token = secrets.token_urlsafe(32)
        meta = {"filename": filename, "name": name, "fingerprint": dataset.fingerprint, "size": len(data),
                "stored_at": time.time()}
        with self._lock:
            self._write(self._data_path(token), bytes(data))
            self._write(self._meta_path(token), json.dumps(meta).encode())
            self.prune()
        return token, dataset

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        atomic_write(path, data, mode=0o600)

    # -- finding ---------------------------------------------------------------------------------
    def _meta_path(self, token: str) -> Path:
        return self.folder / f"{token}.json"

    def _data_path(self, token: str) -> Path:
        return self.folder / f"{token}.upload"

    def get(self, token) -> StoredUpload | None:
        """The upload of ``token``, or None (not a token, never stored, or deleted since)."""
        if not is_token(token):
            return None
        meta_path, data_path = self._meta_path(token), self._data_path(token)
        try:
            meta = json.loads(meta_path.read_bytes())
            used = meta_path.stat().st_mtime
            if not data_path.is_file():
                return None
        except (OSError, ValueError):
            return None
        now = time.time()
        if now - used > self.max_age:
            return None
        if now - used > _TOUCH_EVERY:
            try:
                os.utime(meta_path)
            except OSError:
                pass
        try:
            return StoredUpload(token, str(meta["filename"]), str(meta["name"]), str(meta["fingerprint"]),
                                int(meta["size"]), float(meta["stored_at"]), data_path)
        except (KeyError, TypeError, ValueError):
            return None

    def load(self, upload: StoredUpload) -> Dataset:
        """The dataset of a stored upload, read and validated again (in any worker process)."""
        return load_bytes(upload.path.read_bytes(), upload.filename, name=upload.name)

    # -- removing --------------------------------------------------------------------------------
    def remove(self, token) -> None:
        """Forget an upload (nothing happens for an unknown token)."""
        if not is_token(token):
            return
        for path in (self._meta_path(token), self._data_path(token)):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    def prune(self, now: float | None = None) -> None:
        """Delete uploads unused for ``max_age``, then the least recently used beyond ``max_total_bytes``."""
        now = time.time() if now is None else now
        entries = []
        for meta_path in self.folder.glob("*.json"):
            token = meta_path.stem
            if not is_token(token):
                continue
            try:
                used = meta_path.stat().st_mtime
                size = self._data_path(token).stat().st_size
            except OSError:
                used, size = 0.0, 0
            entries.append((used, size, token))
        entries.sort()
        total = sum(size for _, size, _ in entries)
        for used, size, token in entries:
            if now - used > self.max_age or total > self.max_total_bytes:
                self.remove(token)
                total -= size
        for tmp in self.folder.glob(".*.tmp"):  # left by a process killed while writing
            try:
                if now - tmp.stat().st_mtime > 3600:
                    tmp.unlink()
            except OSError:
                pass
