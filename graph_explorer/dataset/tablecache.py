"""Loaded datasets on disk, keyed by the content of the file they were read from: a second start is fast.

Reading and validating a 100 MB Erasmus+ export takes tens of seconds; the
result depends only on the file's bytes, the override files beside it, the
bundled countries table, the limits and the code that reads it. :func:`load_cached` hashes those (SHA-256 of
the file, streamed) and keeps the loaded tables, the report and the merge
table in the disk cache of layouts and metrics (:mod:`graph_explorer.diskcache`:
same folder, same size limit and least-recently-used pruning, same
``GRAPH_EXPLORER_CACHE=off`` switch), as one ``.npz`` of plain arrays read with
``allow_pickle=False``: text as UTF-8 bytes with offsets, lists joined with a
separator no cell holds, numbers as numbers. Nothing in it can run code.

Only files of at least :data:`MIN_BYTES` are cached (smaller ones load faster
than the cache is checked).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .model import Dataset
from .report import Problem, ValidationReport

__all__ = ["load_cached", "MIN_BYTES", "content_key", "save_dataset", "load_saved"]

log = logging.getLogger("graph_explorer.dataset.tablecache")

#: Files smaller than this are not cached.
MIN_BYTES = 1024 * 1024
_VERSION = 2
_SEP = "\x1f"  # joins list cells; the readers refuse control characters in text
_TABLES = ("actors", "cooperations", "participations", "countries", "conflicts", "attributions")


def _code_version() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(here.glob("*.py")) + sorted((here / "formats").glob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def content_key(path: Path, limits, extra_files=()) -> str:
    """The cache key: SHA-256 of the file (streamed) and of ``extra_files``, the limits and the reading code."""
    h = hashlib.sha256()
    for p in [path, *extra_files]:
        h.update(p.name.encode() + b"\0")
        with open(p, "rb") as f:
            while chunk := f.read(4 * 2**20):
                h.update(chunk)
    limits_text = json.dumps({k: v for k, v in asdict(limits).items() if k != "deadline"}, sort_keys=True)
    h.update(limits_text.encode())
    h.update(_code_version().encode())
    return h.hexdigest()[:32]


# -- frames as arrays -------------------------------------------------------------------


def _encode(df: pd.DataFrame, prefix: str, out: dict) -> list[dict]:
    metas = []
    for i, (name, col) in enumerate(df.items()):
        key = f"{prefix}{i}"
        dtype = str(col.dtype)
        values = col.to_numpy(dtype=object) if dtype in ("object", "str") or dtype.startswith("string") else None
        if values is not None:
            is_list = any(isinstance(v, tuple) for v in values[:1000]) or (len(values) and all(
                isinstance(v, tuple) for v in values))
            missing = np.array([not isinstance(v, (str, tuple)) for v in values], dtype=bool)
            texts = [(_SEP.join(v) if is_list else v) if isinstance(v, (str, tuple)) else "" for v in values]
            out[key + "_b"] = np.frombuffer("".join(texts).encode("utf-8"), dtype=np.uint8)
            out[key + "_o"] = np.cumsum([0] + [len(t) for t in texts], dtype=np.int64)  # in characters
            out[key + "_m"] = missing
            metas.append({"name": name, "kind": "list" if is_list else "text", "dtype": dtype})
        elif pd.api.types.is_extension_array_dtype(col.dtype):
            arr = col.array
            out[key + "_v"] = np.asarray(arr.to_numpy(dtype=col.dtype.numpy_dtype, na_value=0))
            out[key + "_m"] = np.asarray(arr.isna(), dtype=bool)
            metas.append({"name": name, "kind": "masked", "dtype": dtype})
        else:
            out[key + "_v"] = np.asarray(col)
            metas.append({"name": name, "kind": "numpy", "dtype": dtype})
    return metas


def _decode(metas: list[dict], prefix: str, z) -> pd.DataFrame:
    cols = {}
    for i, meta in enumerate(metas):
        key = f"{prefix}{i}"
        if meta["kind"] in ("text", "list"):
            text = z[key + "_b"].tobytes().decode("utf-8")  # one decode; cells are slices by character offsets
            offsets = z[key + "_o"].tolist()
            missing = z[key + "_m"]
            texts = [text[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
            if meta["kind"] == "list":
                values = np.empty(len(texts), dtype=object)
                values[:] = [tuple(t.split(_SEP)) if t else () for t in texts]
            else:
                values = np.asarray(texts, dtype=object)
            if missing.any():
                values[missing] = np.nan
            cols[meta["name"]] = pd.Series(values, dtype=meta["dtype"] if meta["kind"] == "text" else object)
        elif meta["kind"] == "masked":
            cols[meta["name"]] = pd.array(z[key + "_v"], dtype=meta["dtype"])
            mask = z[key + "_m"]
            if mask.any():
                cols[meta["name"]] = pd.Series(cols[meta["name"]]).mask(mask).array
        else:
            cols[meta["name"]] = z[key + "_v"]
    df = pd.DataFrame(cols) if cols else pd.DataFrame({m["name"]: [] for m in metas})
    return df


def save_dataset(ds: Dataset, file: Path) -> None:
    """Write ``ds`` (tables, report, merges, name, fingerprint) to ``file`` atomically."""
    out: dict[str, np.ndarray] = {}
    meta = {"version": _VERSION, "name": ds.name, "path": ds.path, "fingerprint": ds.fingerprint, "tables": {}}
    frames = dict(ds.tables())
    if ds.merges is not None:
        frames["merges"] = ds.merges
    report = ds.report
    problems = pd.DataFrame([p.to_dict() for p in report.problems],
                            columns=["severity", "file", "row", "column", "value", "message", "allowed", "suggestion"])
    problems["row"] = pd.array(problems["row"], dtype="Int64")
    frames["problems"] = problems.astype({c: object for c in problems.columns if c != "row"})
    for n, (name, df) in enumerate(frames.items()):
        meta["tables"][name] = _encode(df.reset_index(drop=True), f"t{n}c", out)
    meta["report"] = {"counts": report.counts, "read_as": report.read_as}
    out["__meta__"] = np.array(json.dumps(meta))
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dataset-", suffix=".npz", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **out)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_saved(file: Path) -> Dataset | None:
    """The dataset saved in ``file``; None when it is missing or unreadable."""
    try:
        with np.load(file, allow_pickle=False) as z:
            meta = json.loads(str(z["__meta__"]))
            if meta.get("version") != _VERSION:
                return None
            frames = {name: _decode(metas, f"t{n}c", z) for n, (name, metas) in enumerate(meta["tables"].items())}
    except Exception as exc:  # noqa: BLE001 - a damaged cache file is ignored and rewritten
        log.warning("Ignoring unreadable dataset cache %s (%s)", file, exc)
        return None
    problems = [Problem(r["severity"], r["file"], None if pd.isna(r["row"]) else int(r["row"]),
                        *(None if pd.isna(r[k]) else r[k] for k in ("column", "value", "message", "allowed",
                                                                     "suggestion")))
                for r in frames.pop("problems").to_dict("records")]
    report = ValidationReport(problems, meta["report"]["counts"], meta["report"]["read_as"])
    merges = frames.pop("merges", None)
    return Dataset(**{t: frames[t] for t in _TABLES}, report=report, name=meta["name"], path=meta["path"],
                   fingerprint=meta["fingerprint"], merges=merges)


def load_cached(path: Path, limits, load: Callable[[], Dataset], *, name: str, extra_files=()) -> Dataset:
    """``load()`` once per content: later calls on the same bytes read the saved result (see the module docstring)."""
    from ..diskcache import default_cache

    cache = default_cache()
    if cache is None or not path.is_file() or path.stat().st_size < MIN_BYTES:
        return load()
    key = content_key(path, limits, extra_files)
    file = cache.path("dataset", (key,))
    if file.is_file():
        ds = load_saved(file)
        if ds is not None:
            os.utime(file)
            if ds.name != name or ds.path != str(path):
                import dataclasses

                ds = dataclasses.replace(ds, name=name, path=str(path))
            return ds
    ds = load()
    try:
        save_dataset(ds, file)
        cache.prune(keep=file)
    except Exception as exc:  # noqa: BLE001 - a full disk must not stop the load
        log.warning("Could not keep the loaded dataset in the cache (%s)", exc)
    return ds
