"""Metrics read straight off a projection, without building a graph: cheap enough for any view.

Degree (partners), strength (summed link weight) and the number of
cooperations of each node: what a picture needs for size and colour when
the full metrics table (:mod:`.metrics`) is not computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["basic_metrics"]


def basic_metrics(projection) -> pd.DataFrame:
    """Degree, strength and cooperation count straight from the projection (no graph needed)."""
    e = projection.edges
    ids = projection.nodes["id"]
    src, tgt = projection.end_rows()
    rows = np.concatenate([src, tgt])
    w = np.concatenate([e["weight"].to_numpy(float)] * 2)
    known = rows >= 0
    rows, w = rows[known], w[known]
    degree = np.bincount(rows, minlength=len(ids)).astype(int)
    # summed as pandas sums (compensated), link by link in order: the strengths the tables have always shown
    strength = pd.Series(w).groupby(rows).sum().reindex(np.arange(len(ids))).fillna(0.0)
    return pd.DataFrame({"degree": degree, "strength": strength.to_numpy(),
                         "n_cooperations": projection.nodes["n_cooperations"].to_numpy()},
                        index=pd.Index(ids, name="id"))
