"""An on-disk cache of tables (layouts, metrics) keyed by the data's fingerprint.

Computing a force layout or the centralities of a 20,000-organisation
network takes seconds to minutes; the result depends only on the data (its
fingerprint) and a few options. This cache keeps such tables between runs of
the app, so a dataset is slow only the first time it is opened on a machine.

Where
    ``$GRAPH_EXPLORER_CACHE`` if set (``off``, ``0``, ``none`` or an empty
    value turn the disk cache off), else ``$XDG_CACHE_HOME/graph_explorer``,
    else ``~/.cache/graph_explorer``.
What
    One ``.npz`` file per table (numpy's zip of arrays, read with
    ``allow_pickle=False``: a file in the cache can never run code), named
    ``<kind>-<fingerprint>-<hash of the key>.npz``. The key is stored in the
    file and checked when it is read.
Size
    At most :data:`MAX_BYTES` (512 MB) by default: after a write, the least
    recently used files go first.
Safety
    Files are written to a temporary name and renamed, so a reader never sees
    half a file and two processes writing the same entry do no harm. A file
    that cannot be read (truncated, corrupt, another format version) is
    ignored, recomputed and replaced.

Tables whose columns hold something other than numbers, booleans, strings
and missing values are not stored (they are simply computed each time).

Examples
--------
>>> import tempfile, pandas as pd
>>> cache = DiskCache(tempfile.mkdtemp())
>>> df = pd.DataFrame({"x": [0.5, -1.0]}, index=pd.Index(["a", "b"], name="id"))
>>> calls = []
>>> got = cache.get_or_compute("positions", ("fp", "force", 42), lambda: calls.append(1) or df)
>>> again = cache.get_or_compute("positions", ("fp", "force", 42), lambda: calls.append(1) or df)
>>> len(calls), again.equals(df), again.index.name
(1, True, 'id')
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .fileio import atomic_write

__all__ = ["DiskCache", "default_cache", "cache_root", "ENV_VAR", "FORMAT_VERSION", "MAX_BYTES", "UnsupportedTable"]

log = logging.getLogger("graph_explorer.diskcache")

#: The environment variable naming the cache folder (or turning the cache off).
ENV_VAR = "GRAPH_EXPLORER_CACHE"
#: Bumped when the file layout changes; files of another version are recomputed.
FORMAT_VERSION = 1
#: Default size limit of a cache folder; the least recently used files are removed beyond it.
MAX_BYTES = 512 * 2**20
_OFF = {"", "0", "off", "none", "false", "no"}


class UnsupportedTable(TypeError):
    """A table with cells the cache does not store (they are computed each time instead)."""


def cache_root() -> Path | None:
    """The cache folder from the environment, or None when the disk cache is off."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graph_explorer"


def default_cache() -> "DiskCache | None":
    """A :class:`DiskCache` at :func:`cache_root` (read from the environment each call), or None if off."""
    root = cache_root()
    return DiskCache(root) if root is not None else None


def _key_text(kind: str, key: tuple) -> str:
    return json.dumps([FORMAT_VERSION, kind, [str(k) if not isinstance(k, (int, float, bool)) or k is None else k
                                              for k in key]], sort_keys=True)


# -- a DataFrame as named numpy arrays (no pickles) -------------------------------------


def _encode_column(values: pd.Series | pd.Index) -> tuple[dict, dict[str, np.ndarray]]:
    dtype = values.dtype
    name = str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        raise UnsupportedTable("categorical columns are not stored")
    if dtype.kind in "biuf" and not pd.api.types.is_extension_array_dtype(dtype):
        return {"dtype": name, "kind": "numpy"}, {"v": np.asarray(values)}
    if pd.api.types.is_extension_array_dtype(dtype) and dtype.kind in "biuf":  # Int64, Float64, boolean
        arr = values.array
        mask = np.asarray(arr.isna(), dtype=bool)
        fill = False if dtype.kind == "b" else 0
        return {"dtype": name, "kind": "masked"}, {"v": np.asarray(arr.to_numpy(dtype=dtype.numpy_dtype,
                                                                              na_value=fill)), "m": mask}
    # text: str dtype or object columns of str / None / NaN
    objs = np.asarray(values.astype(object))
    code = np.zeros(len(objs), dtype=np.int8)  # 0 str, 1 None, 2 NaN, 3 pd.NA
    text = []
    for i, v in enumerate(objs.tolist()):
        if isinstance(v, str):
            text.append(v)
            continue
        text.append("")
        if v is None:
            code[i] = 1
        elif v is pd.NA:
            code[i] = 3
        elif isinstance(v, float) and np.isnan(v):
            code[i] = 2
        else:
            raise UnsupportedTable(f"a cell of type {type(v).__name__} is not stored")
    return {"dtype": name, "kind": "text"}, {"v": np.array(text, dtype=str), "c": code}


def _decode_column(meta: dict, arrays: dict[str, np.ndarray]):
    kind, name = meta["kind"], meta["dtype"]
    if kind == "numpy":
        return arrays["v"]
    if kind == "masked":
        cls = {"b": pd.arrays.BooleanArray, "f": pd.arrays.FloatingArray}.get(arrays["v"].dtype.kind,
                                                                              pd.arrays.IntegerArray)
        return cls(arrays["v"], arrays["m"].astype(bool))
    values = arrays["v"].astype(object)
    code = arrays["c"]
    missing = {1: None, 2: np.nan, 3: pd.NA}
    for c, v in missing.items():
        at = code == c
        if at.any():
            values[at] = v
    return pd.array(values, dtype=name) if name != "object" else values


def frame_to_arrays(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """A DataFrame (and its index) as named arrays for ``np.savez``; raises :class:`UnsupportedTable`."""
    if df.columns.has_duplicates:
        raise UnsupportedTable("duplicate column names")
    if isinstance(df.index, pd.MultiIndex):
        raise UnsupportedTable("multi-indexes are not stored")
    metas, out = [], {}
    for i, (label, series) in enumerate([("__index__", df.index)] + list(df.items())):
        meta, arrays = _encode_column(series)
        meta["name"] = df.index.name if i == 0 else label
        if not isinstance(meta["name"], (str, int, type(None))):
            raise UnsupportedTable("column names must be text")
        if i == 0 and isinstance(df.index, pd.RangeIndex):
            meta = {"kind": "range", "start": df.index.start, "stop": df.index.stop, "step": df.index.step,
                    "name": df.index.name}
            arrays = {}
        metas.append(meta)
        for suffix, arr in arrays.items():
            out[f"c{i}_{suffix}"] = arr
    out["__meta__"] = np.array(json.dumps(metas))
    return out


def arrays_to_frame(arrays) -> pd.DataFrame:
    """The inverse of :func:`frame_to_arrays`."""
    metas = json.loads(str(arrays["__meta__"]))
    cols = {}
    index = None
    for i, meta in enumerate(metas):
        if meta["kind"] == "range":
            index = pd.RangeIndex(meta["start"], meta["stop"], meta["step"], name=meta["name"])
            continue
        parts = {k.split("_", 1)[1]: arrays[k] for k in (f"c{i}_v", f"c{i}_m", f"c{i}_c") if k in arrays}
        values = _decode_column(meta, parts)
        if i == 0:
            index = pd.Index(values, name=meta["name"], dtype=meta["dtype"] if meta["dtype"] != "object" else object)
        else:
            cols[meta["name"]] = values
    df = pd.DataFrame(cols, index=index)
    for meta in metas[1:]:  # keep exact dtypes (e.g. an all-missing object column)
        if str(df[meta["name"]].dtype) != meta["dtype"]:
            df[meta["name"]] = df[meta["name"]].astype(meta["dtype"])
    return df


class DiskCache:
    """Tables on disk under ``root``, keyed by (kind, key) — see the module docstring.

    Parameters
    ----------
    root : str or Path
        The folder (created when the first table is written).
    max_bytes : int
        Size limit of the folder's cache files (least recently used removed first).
    """

    def __init__(self, root, max_bytes: int = MAX_BYTES):
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0

    def path(self, kind: str, key: tuple) -> Path:
        """The file of an entry: ``<kind>-<first key part>-<hash>.npz`` (the first part is the fingerprint)."""
        digest = hashlib.sha256(_key_text(kind, key).encode()).hexdigest()[:20]
        head = "".join(ch for ch in str(key[0]) if ch.isalnum())[:16] if key else "x"
        return self.root / f"{kind}-{head}-{digest}.npz"

    def load(self, kind: str, key: tuple) -> pd.DataFrame | None:
        """The stored table, or None when absent or unreadable (an unreadable file is logged and ignored)."""
        path = self.path(kind, key)
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as z:
                if str(z["__key__"]) != _key_text(kind, key):
                    raise ValueError("the stored key differs")
                frame = arrays_to_frame(z)
            try:
                os.utime(path)  # recently used: kept longest
            except OSError:
                pass
            return frame
        except Exception as exc:  # corrupt, truncated, foreign: recompute
            log.warning("Ignoring unreadable cache file %s (%s); it will be recomputed.", path, exc)
            return None

    def save(self, kind: str, key: tuple, df: pd.DataFrame) -> Path | None:
        """Store a table atomically; returns its path, or None if it cannot be stored (logged)."""
        try:
            arrays = frame_to_arrays(df)
        except UnsupportedTable as exc:
            log.info("Not caching %s on disk: %s.", kind, exc)
            return None
        arrays["__key__"] = np.array(_key_text(kind, key))
        path = self.path(kind, key)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            buf = io.BytesIO()
            np.savez(buf, **arrays)
            atomic_write(path, buf.getvalue())
        except OSError as exc:  # read-only home, full disk: carry on without the disk cache
            log.warning("Could not write the cache file %s (%s).", path, exc)
            return None
        self.prune(keep=path)
        return path

    def prune(self, keep: Path | None = None) -> int:
        """Remove the least recently used files until the folder is under ``max_bytes``; returns how many."""
        try:
            files = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.root.glob("*.npz")]
        except OSError:
            return 0
        total = sum(size for _, size, _ in files)
        removed = 0
        for _, size, p in sorted(files, key=lambda f: f[0]):
            if total <= self.max_bytes:
                break
            if keep is not None and p == keep:
                continue
            try:
                p.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        return removed

    def get_or_compute(self, kind: str, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The stored table for (kind, key), else ``compute()`` stored for next time."""
        found = self.load(kind, key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        value = compute()
        self.save(kind, key, value)
        return value

    def clear(self) -> int:
        """Delete every cache file under ``root``; returns how many."""
        n = 0
        if self.root.is_dir():
            for p in self.root.glob("*.npz"):
                p.unlink(missing_ok=True)
                n += 1
        return n

    def __repr__(self) -> str:
        return f"DiskCache({str(self.root)!r})"

