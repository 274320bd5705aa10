"""Regions: how much cooperation crosses regional lines, and do communities follow them?

The groups are a node attribute (``region`` by default; ``country`` works
too). Nodes without a value (networks with no country) are left out of the
E-I index and of the cross-region share: their links are neither internal nor
external. In the region *partition* (for modularity and the comparison with
communities) they form one group, :data:`NO_GROUP`.

The E-I index (Krackhardt and Stern, 1988) is (E − I) / (E + I): E counts
links to other groups, I links within the group. It runs from −1 (all links
stay inside) to +1 (all links go outside).

- per node: E and I are the node's links to other groups / its own group;
- per group: I is the number of links with both ends in the group (each link
  once), E the number with exactly one end in it;
- whole network: E is every cross-group link, I every within-group link.

``weight="weight"`` sums link weights instead of counting links.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
>>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S", "d": "S"}, "region")
>>> node_ei_index(G)["b"], ei_index(G), cross_region_share(G)
(0.0, -0.3333333333333333, 0.3333333333333333)
"""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "NO_GROUP",
    "groups",
    "region_partition",
    "node_ei_index",
    "group_ei_index",
    "ei_index",
    "cross_region_share",
    "adjusted_rand_index",
    "normalized_mutual_information",
    "partition_agreement",
    "communities_vs_regions",
]

#: The group of nodes that have no value for the attribute.
NO_GROUP = "(none)"


def _value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
        return None
    return v


def groups(G: nx.Graph, attr: str = "region") -> dict:
    """``{node: group or None}`` from the node attribute ``attr``.

    >>> G = nx.Graph(); G.add_node("a", region="Nordic"); G.add_node("b")
    >>> groups(G)
    {'a': 'Nordic', 'b': None}
    """
    return {n: _value(d.get(attr)) for n, d in G.nodes(data=True)}


def region_partition(G: nx.Graph, attr: str = "region") -> dict:
    """``{node: group}``, nodes without a value in :data:`NO_GROUP`.

    >>> G = nx.Graph(); G.add_node("a", region="Nordic"); G.add_node("b")
    >>> region_partition(G)
    {'a': 'Nordic', 'b': '(none)'}
    """
    return {n: (g if g is not None else NO_GROUP) for n, g in groups(G, attr).items()}


def _w(d, weight):
    if weight is None:
        return 1.0
    w = d.get(weight, 1.0)
    return 1.0 if w is None else float(w)


def node_ei_index(G: nx.Graph, attr: str = "region", weight: str | None = None) -> dict:
    """E-I index of each node's links; NaN for nodes with no group or no counted link.

    >>> G = nx.Graph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S"}, "region")
    >>> node_ei_index(G)
    {'a': 0.0, 'b': -1.0, 'c': 1.0}
    """
    grp = groups(G, attr)
    ext: Counter = Counter()
    inn: Counter = Counter()
    for u, v, gu, gv, w in _grouped_links(G, grp, weight):
        target = inn if gu == gv else ext
        target[u] += w
        target[v] += w
    out = {}
    for n in G:
        total = ext[n] + inn[n]
        out[n] = (ext[n] - inn[n]) / total if grp[n] is not None and total > 0 else float("nan")
    return out


def group_ei_index(G: nx.Graph, attr: str = "region", weight: str | None = None) -> pd.DataFrame:
    """One row per group: nodes, internal and external links, E-I index.

    Returns
    -------
    DataFrame
        group, nodes, internal, external, ei_index (NaN when the group has no
        counted link), sorted by group.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S", "d": "S"}, "region")
    >>> group_ei_index(G)
      group  nodes  internal  external  ei_index
    0     N      2       1.0       1.0       0.0
    1     S      2       1.0       1.0       0.0
    """
    grp = groups(G, attr)
    size = Counter(g for g in grp.values() if g is not None)
    inn: Counter = Counter()
    ext: Counter = Counter()
    for _, _, gu, gv, w in _grouped_links(G, grp, weight):
        if gu == gv:
            inn[gu] += w
        else:
            ext[gu] += w
            ext[gv] += w
    rows = []
    for g in sorted(size):
        total = inn[g] + ext[g]
        rows.append({"group": g, "nodes": size[g], "internal": float(inn[g]), "external": float(ext[g]),
                     "ei_index": (ext[g] - inn[g]) / total if total else float("nan")})
    return pd.DataFrame(rows, columns=["group", "nodes", "internal", "external", "ei_index"])


def _grouped_links(G, grp, weight):
    """(u, v, group of u, group of v, weight) of each link whose two ends both have a group."""
    for u, v, d in G.edges(data=True):
        gu, gv = grp[u], grp[v]
        if gu is not None and gv is not None:
            yield u, v, gu, gv, _w(d, weight)


def _split_links(G, attr, weight):
    e = i = 0.0
    for _, _, gu, gv, w in _grouped_links(G, groups(G, attr), weight):
        if gu == gv:
            i += w
        else:
            e += w
    return e, i


def ei_index(G: nx.Graph, attr: str = "region", weight: str | None = None) -> float:
    """Whole-network E-I index: (cross-group − within-group) / all counted links (NaN if none)."""
    e, i = _split_links(G, attr, weight)
    return (e - i) / (e + i) if e + i else float("nan")


def cross_region_share(G: nx.Graph, attr: str = "region", weight: str | None = None) -> float:
    """Share of links (between nodes that both have a group) that join two different groups.

    Equals (1 + E-I) / 2.
    """
    e, i = _split_links(G, attr, weight)
    return e / (e + i) if e + i else float("nan")


# -- comparing two partitions -----------------------------------------------------


def _contingency(a, b) -> np.ndarray:
    _, ia = np.unique(np.asarray(a, dtype=str), return_inverse=True)
    _, ib = np.unique(np.asarray(b, dtype=str), return_inverse=True)
    table = np.zeros((ia.max() + 1 if len(ia) else 0, ib.max() + 1 if len(ib) else 0), dtype=np.int64)
    np.add.at(table, (ia, ib), 1)
    return table


def adjusted_rand_index(a, b) -> float:
    """Adjusted Rand index (Hubert and Arabie, 1985) of two labellings of the same items.

    1 for identical partitions (whatever the label names), about 0 for
    independent ones; can be negative.

    >>> adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]), 4)
    0.5714
    """
    table = _contingency(a, b)
    n = table.sum()
    if n < 2:
        return 1.0

    def pairs(x):
        x = np.asarray(x, dtype=float)
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    row, col = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = row * col / (n * (n - 1) / 2)
    maximum = (row + col) / 2
    if maximum == expected:  # both partitions trivial (one group each, or all singletons)
        return 1.0
    return float((index - expected) / (maximum - expected))


def normalized_mutual_information(a, b) -> float:
    """Mutual information of two labellings divided by the mean of their entropies (arithmetic).

    1 for identical partitions, 0 for independent ones.

    >>> normalized_mutual_information([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> normalized_mutual_information([0, 0, 0, 0], [0, 1, 2, 3])
    0.0
    """
    table = _contingency(a, b).astype(float)
    n = table.sum()
    if n == 0:
        return 1.0
    p = table / n
    pa, pb = p.sum(axis=1), p.sum(axis=0)

    def entropy(x):
        x = x[x > 0]
        return float(-(x * np.log(x)).sum())

    ha, hb = entropy(pa), entropy(pb)
    if ha == 0 and hb == 0:
        return 1.0
    nz = p > 0
    mi = float((p[nz] * np.log(p[nz] / np.outer(pa, pb)[nz])).sum())
    return float(max(0.0, mi / ((ha + hb) / 2)))


def partition_agreement(a: dict, b: dict) -> dict:
    """ARI and NMI of two partitions ``{node: label}`` over the nodes they share.

    >>> partition_agreement({"x": 1, "y": 1, "z": 2}, {"x": "N", "y": "N", "z": "S"})
    {'ari': 1.0, 'nmi': 1.0, 'nodes': 3}
    """
    nodes = [n for n in a if n in b]
    la = [a[n] for n in nodes]
    lb = [b[n] for n in nodes]
    return {"ari": adjusted_rand_index(la, lb), "nmi": normalized_mutual_information(la, lb), "nodes": len(nodes)}


def communities_vs_regions(G: nx.Graph, communities: dict, attr: str = "region") -> dict:
    """How well detected communities match the region groups.

    Returns
    -------
    dict
        ``ari``, ``nmi`` (over the nodes that have a region), ``nodes``, and
        ``table``: a DataFrame of node counts, communities as rows and regions
        as columns.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S", "d": "S"}, "region")
    >>> r = communities_vs_regions(G, {"a": 1, "b": 1, "c": 2, "d": 2})
    >>> r["ari"], r["nmi"]
    (1.0, 1.0)
    """
    grp = {n: g for n, g in groups(G, attr).items() if g is not None}
    agreement = partition_agreement({n: c for n, c in communities.items() if n in grp}, grp)
    pairs = pd.DataFrame({"community": [communities[n] for n in grp], attr: list(grp.values())})
    table = pd.crosstab(pairs["community"], pairs[attr]) if len(pairs) else pd.DataFrame()
    return {**agreement, "table": table}
