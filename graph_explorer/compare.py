"""Two periods of one view compared: links new, lost, stronger and weaker; who rose and fell.

A view with ``compare=2021-2022`` beside ``years=2023-2025`` is drawn as the
union of the two periods' graphs (the same filters, each period's years):

========== ===================================================================
status     the link …
========== ===================================================================
new        exists in the view's period (``years``) only
lost       existed in the compared period (``compare``) only
stronger   exists in both, heavier now
weaker     exists in both, lighter now
same       exists in both with the same weight
========== ===================================================================

Rank changes compare each actor's rank by a centrality (betweenness by
default; 1 = most central, ties share the best rank) in the two periods'
graphs: "Latvia: betweenness rank 14 → 6".

Examples
--------
>>> from graph_explorer.testing import tiny_dataset
>>> from graph_explorer.explorer import Explorer
>>> from graph_explorer.view import ViewSpec
>>> c = comparison(Explorer(tiny_dataset()), ViewSpec(years=(2023, 2025), compare=(2021, 2022)))
>>> sorted(c.counts)
['lost', 'new', 'same', 'stronger', 'weaker']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .network import Projection
from .view import ViewSpec

__all__ = ["Comparison", "comparison", "STATUSES", "period_text", "rank_changes", "compare_text", "rank_lines",
           "then_spec", "now_spec"]

#: Link statuses, in legend order, with the words the legend uses.
STATUSES = {"new": "new", "stronger": "stronger", "weaker": "weaker", "lost": "lost", "same": "unchanged"}


@dataclass(frozen=True, eq=False)
class Comparison:
    """The union projection of two periods, with each link's two weights and status."""

    projection: Projection  # nodes of either period; edges with weight (now), weight_then, status
    counts: dict  # status -> number of links
    ranks: pd.DataFrame  # id, label, rank_then, rank_now, change (positive = rose)
    metric: str
    now: tuple[int, int] | None
    then: tuple[int, int]


def period_text(years) -> str:
    """ "2021–2022", "2023", or "all years".

    >>> period_text((2021, 2022)), period_text((2023, 2023)), period_text(None)
    ('2021–2022', '2023', 'all years')
    """
    if not years:
        return "all years"
    a, b = years
    return str(a) if a == b else f"{a}–{b}"


def then_spec(spec: ViewSpec) -> ViewSpec:
    """The view of the compared period: the same view with ``years=compare``."""
    return spec.replace(years=spec.compare, compare=None)


def now_spec(spec: ViewSpec) -> ViewSpec:
    return spec.replace(compare=None)


def _edge_status(now: pd.DataFrame, then: pd.DataFrame) -> pd.DataFrame:
    key = ["source", "target"]
    a = now.assign(_in_now=True)
    b = then[key + ["weight", "count", "cooperations"]].rename(
        columns={"weight": "weight_then", "count": "count_then", "cooperations": "cooperations_then"})
    b = b.assign(_in_then=True)
    e = a.merge(b, on=key, how="outer", sort=False)
    in_now = e["_in_now"].eq(True).to_numpy()
    in_then = e["_in_then"].eq(True).to_numpy()
    w_now = e["weight"].to_numpy(float)
    w_then = e["weight_then"].to_numpy(float)
    status = np.select(
        [in_now & ~in_then, in_then & ~in_now, w_now > w_then + 1e-12, w_now < w_then - 1e-12],
        ["new", "lost", "stronger", "weaker"], default="same")
    e["status"] = status
    e["weight"] = np.where(in_now, w_now, 0.0)
    e["weight_then"] = np.where(in_then, w_then, 0.0)
    e["count"] = e["count"].fillna(0).astype(np.int64)
    e["count_then"] = e["count_then"].fillna(0).astype(np.int64)
    for col in ("cooperations", "cooperations_then"):
        e[col] = [c if isinstance(c, tuple) else () for c in e[col]]
    # a lost link is drawn from the cooperations of the compared period
    lost = ~in_now
    for col in ("kinds", "themes"):
        if col in e.columns:
            e[col] = [c if isinstance(c, tuple) else () for c in e[col]]
    e.loc[lost, "cooperations"] = pd.Series(e.loc[lost, "cooperations_then"].tolist(), index=e.index[lost],
                                            dtype=object)
    return e.drop(columns=["_in_now", "_in_then"]).sort_values(key, kind="stable").reset_index(drop=True)


def rank_changes(then_values: pd.Series, now_values: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """Ranks (1 = highest, ties share the best) in each period and the change, largest moves first.

    Actors present in one period only have no rank in the other (NA) and come last.

    >>> r = rank_changes(pd.Series({"a": 3.0, "b": 2.0, "c": 1.0}), pd.Series({"a": 1.0, "b": 2.0, "c": 3.0}),
    ...                  pd.Series({"a": "A", "b": "B", "c": "C"}))
    >>> r[["id", "rank_then", "rank_now", "change"]].values.tolist()
    [['c', 3, 1, 2], ['a', 1, 3, -2], ['b', 2, 2, 0]]
    """
    ids = pd.Index(then_values.index).union(pd.Index(now_values.index))
    rt = then_values.rank(ascending=False, method="min").reindex(ids).astype("Int64")
    rn = now_values.rank(ascending=False, method="min").reindex(ids).astype("Int64")
    out = pd.DataFrame({"id": ids, "label": labels.reindex(ids).fillna(pd.Series(ids, index=ids)).to_numpy(),
                        "rank_then": rt.to_numpy(), "rank_now": rn.to_numpy()})
    out["change"] = (out["rank_then"] - out["rank_now"]).astype("Int64")
    out["_abs"] = out["change"].abs().astype("Float64").fillna(-1.0)
    out = out.sort_values(["_abs", "rank_now"], ascending=[False, True], kind="stable", na_position="last")
    return out.drop(columns="_abs").reset_index(drop=True)


def comparison(explorer, spec: ViewSpec, metric: str = "betweenness") -> Comparison:
    """Compare the view's period (``spec.years``) with ``spec.compare`` (see the module docstring)."""
    if spec.compare is None:
        raise ValueError("comparison needs a view with compare=START-END")

    def compute():
        now, then = now_spec(spec), then_spec(spec)
        p_now, p_then = explorer.projection(now), explorer.projection(then)
        edges = _edge_status(p_now.edges, p_then.edges)
        nodes = pd.concat([p_now.nodes, p_then.nodes[~p_then.nodes["id"].isin(p_now.nodes["id"])]],
                          ignore_index=True)
        counts = {s: int((edges["status"] == s).sum()) for s in STATUSES}
        m_now, m_then = explorer.metrics(now), explorer.metrics(then)
        col = metric if metric in m_now.columns and metric in m_then.columns else "degree"
        labels = nodes.set_index("id")["label"]
        ranks = rank_changes(m_then[col], m_now[col], labels)
        p = Projection(p_now.level, p_now.weighting, nodes, edges, tuple(dict.fromkeys(
            p_now.cooperation_ids + p_then.cooperation_ids)), p_now.fingerprint, spec.to_query())
        return Comparison(p, counts, ranks, col, spec.years, spec.compare)
    return explorer._cached("comparison", spec, compute, spec.compare, metric)


def compare_text(c: Comparison) -> str:
    """ "2023–2025 against 2021–2022: 40 new links, 12 lost, 30 stronger, 20 weaker (55 unchanged)"."""
    n = c.counts
    return (f"{period_text(c.now)} against {period_text(c.then)}: {n['new']:,} new links, {n['lost']:,} lost, "
            f"{n['stronger']:,} stronger, {n['weaker']:,} weaker ({n['same']:,} unchanged)")


def rank_lines(c: Comparison, top: int = 8) -> list[str]:
    """ "Latvia: betweenness rank 14 → 6" for the actors whose rank moved most."""
    from .figures.style import metric_label

    name = metric_label(c.metric).lower()
    moved = c.ranks[c.ranks["change"].fillna(0) != 0].head(top)
    out = []
    for r in moved.itertuples(index=False):
        then = "–" if pd.isna(r.rank_then) else str(int(r.rank_then))
        now = "–" if pd.isna(r.rank_now) else str(int(r.rank_now))
        out.append(f"{r.label}: {name} rank {then} → {now}")
    return out
