"""Communities: groups of actors that cooperate more among themselves than with others.

Detection maximises modularity with Leiden (igraph; its communities are
always connected) or Louvain (networkx, or igraph's multilevel). Both are
randomised: the same ``seed`` gives the same partition. Community labels are
numbered by size, largest first, starting at 1; communities of equal size are
ordered by their smallest node id, so labels do not depend on the engine's
internal numbering.

Examples
--------
>>> import networkx as nx
>>> G = nx.barbell_graph(4, 0)
>>> detect_communities(G, seed=1) == detect_communities(G, seed=1)
True
>>> sorted(set(detect_communities(G, seed=1).values()))
[1, 2]
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from . import engine as _engine
from .cache import cached

__all__ = ["METHODS", "detect_communities", "relabel_by_size", "partition_sets", "modularity", "community_summary"]

#: Community detection methods and the engines that implement them.
METHODS = {"leiden": ("igraph",), "louvain": ("networkx", "igraph")}


def relabel_by_size(membership: dict) -> dict:
    """Renumber a partition ``{node: any label}`` 1, 2, ... by decreasing size.

    >>> relabel_by_size({"a": "x", "b": "y", "c": "y"})
    {'a': 2, 'b': 1, 'c': 1}
    """
    groups: dict = {}
    for n, c in membership.items():
        groups.setdefault(c, []).append(n)
    order = sorted(groups.values(), key=lambda members: (-len(members), min(str(m) for m in members)))
    out = {}
    for label, members in enumerate(order, start=1):
        for m in members:
            out[m] = label
    return {n: out[n] for n in membership}


def partition_sets(labels: dict) -> list[set]:
    """``{node: label}`` → list of node sets, in label order.

    >>> [sorted(s) for s in partition_sets({"a": 2, "b": 1, "c": 1})]
    [['b', 'c'], ['a']]
    """
    groups: dict = {}
    for n, c in labels.items():
        groups.setdefault(c, set()).add(n)
    return [groups[c] for c in sorted(groups, key=lambda c: (str(type(c)), c))]


def detect_communities(G: nx.Graph, *, method: str = "leiden", seed=0, weight: str | None = "weight",
                       resolution: float = 1.0, engine: str = "auto") -> dict:
    """Modularity communities of ``G`` as ``{node: label}`` (1 = the largest community).

    Parameters
    ----------
    G : networkx.Graph
    method : {"leiden", "louvain"}
    seed : int
        Same seed, same graph → same partition.
    weight : str or None
        Edge attribute used as weight (None: every link counts 1).
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    engine : {"auto", "networkx", "igraph"}
        Leiden runs on igraph. Louvain runs on networkx unless
        ``engine="igraph"`` (the engine is not chosen by graph size, so a
        seed gives the same partition on a filtered view as on the full one).

    Returns
    -------
    dict
        Every node, isolated ones included (each its own community).
    """
    if method not in METHODS:
        raise ValueError(f"method: {method!r} is not one of {', '.join(METHODS)}.")
    if engine not in _engine.ENGINES:
        raise ValueError(f"engine: {engine!r} is not one of {', '.join(_engine.ENGINES)}.")
    use = "igraph" if method == "leiden" or engine == "igraph" else "networkx"
    options = {"method": method, "seed": seed, "weight": weight, "resolution": resolution, "engine": use}
    return cached(G, "communities", options, lambda: _detect(G, method, seed, weight, resolution, use))


def _detect(G, method, seed, weight, resolution, use) -> dict:
    if G.number_of_nodes() == 0:
        return {}
    if use == "networkx":
        sets = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
        raw = {n: i for i, s in enumerate(sets) for n in s}
    else:
        run = _engine.leiden_igraph if method == "leiden" else _engine.multilevel_igraph
        membership = run(G, seed=seed, resolution=resolution, weight=weight)
        raw = dict(zip(_engine.to_igraph(G, weight or "weight").nodes, membership))
    return relabel_by_size({n: raw[n] for n in G})


def modularity(G: nx.Graph, labels: dict, weight: str | None = "weight", resolution: float = 1.0) -> float:
    """Newman's modularity of the partition ``{node: label}`` (weighted by ``weight``).

    A graph without links has modularity 0 by convention here (networkx raises).

    >>> G = nx.barbell_graph(3, 0)
    >>> round(modularity(G, {0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 2}), 4)
    0.3571
    """
    if G.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(G, partition_sets(labels), weight=weight, resolution=resolution))


def community_summary(G: nx.Graph, labels: dict, *, top: int = 3, weight: str = "weight") -> pd.DataFrame:
    """One row per community: size, main countries and regions, and its best-connected members.

    Returns
    -------
    DataFrame
        community, size, share (of nodes), internal_links, external_links,
        countries, regions (the most frequent, with counts), top_members
        (labels of the ``top`` members with the highest strength inside).

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> community_summary(G, {0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 2})[["community", "size", "external_links"]]
       community  size  external_links
    0          1     3               1
    1          2     3               1
    """
    n = max(G.number_of_nodes(), 1)
    internal: Counter = Counter()
    external: Counter = Counter()
    inner_strength: Counter = Counter()
    for u, v, d in G.edges(data=True):
        cu, cv = labels.get(u), labels.get(v)
        if cu == cv:
            internal[cu] += 1
            w = d.get(weight, 1.0) or 1.0
            inner_strength[u] += w
            inner_strength[v] += w
        else:
            external[cu] += 1
            external[cv] += 1
    rows = []
    for c, members in zip(sorted(set(labels.values())), partition_sets(labels)):
        countries = Counter(G.nodes[m].get("country") for m in members if G.nodes[m].get("country"))
        regions = Counter(G.nodes[m].get("region") for m in members if G.nodes[m].get("region"))
        best = sorted(members, key=lambda m: (-inner_strength[m], str(m)))[:top]
        rows.append({
            "community": c,
            "size": len(members),
            "share": round(len(members) / n, 4),
            "internal_links": internal[c],
            "external_links": external[c],
            "countries": "; ".join(f"{k} {v}" for k, v in countries.most_common(5)),
            "regions": "; ".join(f"{k} {v}" for k, v in regions.most_common(3)),
            "top_members": "; ".join(str(G.nodes[m].get("label", m)) for m in best),
        })
    return pd.DataFrame(rows, columns=["community", "size", "share", "internal_links", "external_links",
                                       "countries", "regions", "top_members"])
