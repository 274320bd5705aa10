"""Metrics of large datasets: a level's metrics computed once, masked to each filtered view.

A full Erasmus+ VET export has ~20,000 organisations and ~100,000 links.
There, exact betweenness and closeness take minutes. Above
:data:`EXACT_METRICS_MAX_COST` (nodes × links of the level's unfiltered
graph) an :class:`~graph_explorer.explorer.Explorer` whose
:class:`~graph_explorer.explorer.MetricsPolicy` says so computes the metrics
of the whole level once per (dataset, level, weighting, seed), keeps them in
memory and on disk (:mod:`graph_explorer.diskcache`), and a filter *masks*
them (:func:`masked_metrics`): the view's nodes keep their whole-network
betweenness, closeness, community..., while degree and weighted degree are
those of the view, and every rank is recomputed among the view's nodes. The
table's ``attrs["scope"]`` says which (``"view"`` or ``"level"``), for the
app to label. Small datasets (the bundled one) keep exact per-view metrics.

The background warm-up that computes a level's layout and metrics in another
process, and its progress, are in :mod:`graph_explorer.warmup`.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from .view import ViewSpec

__all__ = ["masked_metrics", "level_spec", "EXACT_METRICS_MAX_COST", "metrics_disk_key"]

#: Above this many (nodes × links) in the unfiltered graph of a level — the work of exact
#: betweenness — filtered views mask the level's metrics instead of recomputing them. The bundled
#: data (1,650 × 27,700 ≈ 4.6e7 at organisation level) stays exact; 5,000 × 25,000 does not.
EXACT_METRICS_MAX_COST = 1e8


def level_spec(spec: ViewSpec) -> ViewSpec:
    """The unfiltered view of ``spec``'s level, weighting, layout and seed (what is computed once)."""
    return ViewSpec(level=spec.level, weight=spec.weight, layout=spec.layout, seed=spec.seed)


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the code that computes metrics, so a changed analysis never reads old results (once per process)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted((here / "analysis").glob("*.py")) + [here / "network.py", here / "explorer.py"]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def metrics_disk_key(dataset, spec: ViewSpec) -> tuple:
    """The key of a level's metrics table in the disk cache (fingerprint first)."""
    import igraph as ig
    import networkx as nx

    lvl = level_spec(spec)
    return (dataset.fingerprint, lvl.level, lvl.weight, lvl.seed, _code_version(), ig.__version__, nx.__version__)


def _rank_min(values: pd.Series) -> pd.array:
    """1 for the highest value, ties sharing the smallest rank (pandas' ``rank(ascending=False, method="min")``);
    missing where the value is.

    >>> _rank_min(pd.Series([3.0, None, 5.0, 3.0])).tolist()
    [2, <NA>, 1, 2]
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(v)
    # the values highest first; each tie's rank is where its first value stands (ties' order is no matter)
    order = np.flatnonzero(~missing)
    order = order[np.argsort(-v[order])]
    s = v[order]
    first = np.ones(len(s), dtype=bool)
    first[1:] = s[1:] != s[:-1]
    ranks = np.zeros(len(v), dtype=np.int64)
    ranks[order] = np.flatnonzero(first)[np.cumsum(first) - 1] + 1
    return pd.arrays.IntegerArray(ranks, missing)


def masked_metrics(level_table: pd.DataFrame, projection) -> pd.DataFrame:
    """The level's metrics for the nodes of a (filtered) view, without recomputing them.

    Parameters
    ----------
    level_table : DataFrame
        The metrics of the unfiltered level (index = node id), as
        :meth:`Explorer.metrics <graph_explorer.explorer.Explorer.metrics>` gives them.
    projection : Projection
        The view.

    Returns
    -------
    DataFrame
        One row per node of the view, in its order; ``degree`` and ``strength``
        of the view; every ``<name>_rank`` recomputed among the view's nodes
        (1 = highest, ties share the smallest rank); ``attrs["scope"] = "level"``.
    """
    from .analysis.basic import basic_metrics

    ids = projection.nodes["id"]
    out = level_table.reindex(pd.Index(ids, name=level_table.index.name or "id"))
    own = basic_metrics(projection)
    if "degree" in out.columns:
        out["degree"] = own["degree"].to_numpy().astype(level_table["degree"].dtype)
    if "strength" in out.columns:
        out["strength"] = own["strength"].to_numpy(float)
    for col in [c for c in out.columns if c.endswith("_rank")]:
        base = col[: -len("_rank")]
        if base in out.columns:
            out[col] = _rank_min(out[base])
    out.attrs["scope"] = "level"
    return out
