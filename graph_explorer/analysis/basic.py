"""Metrics read straight off a projection, without building a graph: cheap enough for any view.

Degree (partners), strength (summed link weight) and the number of
cooperations of each node: what a picture needs for size and colour when
the full metrics table (:mod:`.metrics`) is not computed.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["basic_metrics"]


def basic_metrics(projection) -> pd.DataFrame:
    """Degree, strength and cooperation count straight from the projection (no graph needed)."""
    e = projection.edges
    ends = pd.concat([e["source"], e["target"]], ignore_index=True)
    w = pd.concat([e["weight"], e["weight"]], ignore_index=True)
    ids = projection.nodes["id"]
    degree = ends.value_counts().reindex(ids).fillna(0).astype(int)
    strength = w.groupby(ends).sum().reindex(ids).fillna(0.0)
    return pd.DataFrame({"degree": degree.to_numpy(), "strength": strength.to_numpy(),
                         "n_cooperations": projection.nodes["n_cooperations"].to_numpy()},
                        index=pd.Index(ids, name="id"))
