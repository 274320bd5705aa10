"""Uploaded datasets: validated on arrival, kept on the server under a random token, each seen by its uploader.

An upload is read and validated with the same code as ``graph-explorer
validate`` (:func:`graph_explorer.dataset.load_bytes`); only a file that loads
without errors is kept. It is stored in a private folder (mode 0700) under a
token made by :func:`secrets.token_urlsafe` (32 random bytes, 43 characters):

- ``<sha256>.blob`` — the bytes as uploaded, once per content: the same file
  uploaded 300 times is on disk once;
- ``<token>.upload`` — a hard link to that blob (no second copy; a token
  keeps its bytes even while the blob's name is being removed);
- ``<token>.json`` — the file name shown to its uploader, the dataset's
  fingerprint, the content's hash, its size and when it was stored (written
  last, atomically, so a token whose ``.json`` exists always has its bytes).

The token is the only way to reach an upload: the browser keeps it in the
tab's session storage and sends it with every request, and any worker process
of the server reads the upload from the folder. Nothing maps a user, a name or
a fingerprint back to a token. A string that is not shaped like a token never
reaches the file system.

Quotas:

- **per tab**: a tab holds one upload; its next upload replaces it
  (``add(..., replaces=token)``);
- **global**: the folder holds at most ``max_total_bytes`` of distinct
  contents. To make room, uploads not used for ``min_keep`` seconds go, the
  least recently used first; a fresher upload of another user is never
  evicted — when nothing is old enough, the new upload is refused with a
  message instead.

Uploads not used for ``max_age`` are deleted.

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
import contextlib
import fcntl
import hashlib
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

from .cache import ContentCache
from .dataset import Dataset, load_bytes
from .dataset.limits import DEFAULT_LIMITS, Limits
from .dataset.report import ERROR, Problem, ValidationReport
from .errors import DataError
from .fileio import atomic_write

__all__ = ["UploadStore", "StoredUpload", "UploadsFull", "is_token", "clean_filename", "ENV_FOLDER",
           "DEFAULT_MAX_AGE", "DEFAULT_MAX_TOTAL_BYTES", "DEFAULT_MIN_KEEP"]

#: Environment variable naming the upload folder (several servers, or workers not forked from one
#: preloaded app, must share it); default: a new private temporary folder per server.
ENV_FOLDER = "GRAPH_EXPLORER_UPLOADS"
#: An upload not used for this long (seconds) is deleted.
DEFAULT_MAX_AGE = 7 * 24 * 3600
#: The folder keeps at most this many bytes of distinct uploaded contents.
DEFAULT_MAX_TOTAL_BYTES = 2 * 1024**3
#: An upload used within this many seconds is never evicted to make room for another.
DEFAULT_MIN_KEEP = 24 * 3600

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
#: How often (seconds) using an upload refreshes its "last used" time on disk.
_TOUCH_EVERY = 3600


class UploadsFull(DataError):
    """The upload folder is full of uploads that are all too recent to evict."""


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
    """Validated uploads on disk, one token each, each content once (see the module docstring).

    Parameters
    ----------
    folder : str or Path, optional
        Where uploads are kept. Default: ``$GRAPH_EXPLORER_UPLOADS`` if set,
        else a new private temporary folder, deleted when the process that
        made it exits (forked workers share it and never delete it).
    max_age : float
        Seconds an upload is kept after it was last used.
    max_total_bytes : int
        Most bytes of distinct contents kept.
    min_keep : float
        Seconds after its last use during which an upload is never evicted to make room.
    limits : Limits, optional
        The bounds every upload is read within (default: :class:`~graph_explorer.dataset.limits.Limits`).
    """

    def __init__(self, folder=None, *, max_age: float = DEFAULT_MAX_AGE,
                 max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES, min_keep: float = DEFAULT_MIN_KEEP,
                 limits: Limits | None = None):
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
        self.min_keep = min_keep
        self.limits = limits or DEFAULT_LIMITS
        self._lock = threading.Lock()  # one writer at a time in this process; _folder_lock for other processes
        self._validated = ContentCache(maxsize=4)  # (content hash, file name) -> Dataset, read-only

    @contextlib.contextmanager
    def _folder_lock(self):
        """Hold the folder's lock: every process sharing the folder adds, removes and prunes one at a time."""
        with self._lock:
            fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # releases the flock

    # -- adding ----------------------------------------------------------------------------------
    def add(self, data: bytes, filename: str, replaces=None) -> tuple[str, Dataset]:
        """Validate ``data`` and keep it; returns the new token and the loaded dataset.

        ``replaces`` is the tab's current token, if any: its upload is deleted
        once the new one is kept (a tab holds one upload).

        Raises
        ------
        DataError
            When the file does not load (its report says why); nothing is kept.
        UploadsFull
            When the folder is full of uploads used within ``min_keep``; nothing is kept.
        """
        filename = clean_filename(filename)
        name = Path(filename).stem or "upload"
        data = bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        # the same content under the same name is validated once (a DataError is not kept: it is raised again)
        dataset = self._validated.get_or_compute(
            (digest, filename), lambda: load_bytes(data, filename, name=name, limits=self.limits))
        token = secrets.token_urlsafe(32)
        meta = {"filename": filename, "name": name, "fingerprint": dataset.fingerprint, "size": len(data),
                "sha256": digest, "stored_at": time.time()}
        with self._folder_lock():
            now = time.time()
            self._prune_locked(now)
            blob = self._blob_path(digest)
            if not (blob.is_file() and blob.stat().st_size == len(data)):
                self._make_room(len(data), now, exclude={replaces})
                self._write(blob, data)
            try:
                os.link(blob, self._data_path(token))
            except OSError:  # a file system without hard links: a copy
                self._write(self._data_path(token), data)
            self._write(self._meta_path(token), json.dumps(meta).encode())
            if is_token(replaces) and replaces != token:
                self._remove_locked(replaces)
        return token, dataset

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        atomic_write(path, data, mode=0o600)

    def _entries(self) -> list[tuple[float, str, Path]]:
        """(last used, token, data path) of every upload, least recently used first."""
        out = []
        for meta_path in self.folder.glob("*.json"):
            token = meta_path.stem
            if is_token(token):
                try:
                    out.append((meta_path.stat().st_mtime, token, self._data_path(token)))
                except OSError:
                    pass
        return sorted(out)

    def usage(self) -> int:
        """Bytes of distinct contents in the folder (hard links counted once)."""
        seen: dict[tuple[int, int], int] = {}
        for path in [*self.folder.glob("*.blob"), *self.folder.glob("*.upload")]:
            try:
                st = path.stat()
            except OSError:
                continue
            seen[(st.st_dev, st.st_ino)] = st.st_size
        return sum(seen.values())

    def _make_room(self, need: int, now: float, exclude=()) -> None:
        total = self.usage()
        if total + need <= self.max_total_bytes:
            return
        for used, token, _ in self._entries():
            if token in exclude or now - used <= self.min_keep:
                continue
            self._remove_locked(token)
            total = self.usage()
            if total + need <= self.max_total_bytes:
                return
        hours = self.min_keep / 3600
        problem = Problem(ERROR, "upload", None, None, None,
                          f"The server's space for uploads is full ({self.max_total_bytes / 2**20:,.0f} MB) with "
                          f"files that were used in the last {hours:g} hours, and those are never deleted to make "
                          "room. The data in use has not changed; try again later, or ask the server's "
                          "administrator for more space.")
        raise UploadsFull("The server's space for uploads is full.", ValidationReport([problem]))

    # -- finding ---------------------------------------------------------------------------------
    def _meta_path(self, token: str) -> Path:
        return self.folder / f"{token}.json"

    def _data_path(self, token: str) -> Path:
        return self.folder / f"{token}.upload"

    def _blob_path(self, digest: str) -> Path:
        return self.folder / f"{digest}.blob"

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
        return load_bytes(upload.path.read_bytes(), upload.filename, name=upload.name, limits=self.limits)

    # -- removing --------------------------------------------------------------------------------
    def remove(self, token) -> None:
        """Forget an upload (nothing happens for an unknown token)."""
        if not is_token(token):
            return
        with self._folder_lock():
            self._remove_locked(token)

    def _remove_locked(self, token: str) -> None:
        digest = None
        try:
            digest = json.loads(self._meta_path(token).read_bytes()).get("sha256")
        except (OSError, ValueError, AttributeError):
            pass
        for path in (self._meta_path(token), self._data_path(token)):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
        if isinstance(digest, str) and _DIGEST.fullmatch(digest):
            self._drop_unused_blob(self._blob_path(digest))

    @staticmethod
    def _drop_unused_blob(blob: Path) -> None:
        try:
            if blob.stat().st_nlink <= 1:  # no token links to it any more
                blob.unlink()
        except FileNotFoundError:
            pass

    def prune(self, now: float | None = None) -> None:
        """Delete uploads unused for ``max_age``, contents no upload uses, and stale temporary files."""
        with self._folder_lock():
            self._prune_locked(time.time() if now is None else now)

    def _prune_locked(self, now: float) -> None:
        for used, token, _ in self._entries():
            if now - used > self.max_age:
                self._remove_locked(token)
        for blob in self.folder.glob("*.blob"):
            if _DIGEST.fullmatch(blob.stem):
                self._drop_unused_blob(blob)
        for tmp in self.folder.glob(".*.tmp"):  # left by a process killed while writing
            try:
                if now - tmp.stat().st_mtime > 3600:
                    tmp.unlink()
            except OSError:
                pass
