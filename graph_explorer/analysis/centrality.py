"""Per-node centrality measures, each a pure function ``G → {node: value}``.

Weighted measures read the edge attribute ``weight`` (the view's weighting:
shared cooperations or Newman's 1/(n−1)). Where a measure walks shortest
paths, a heavier link is a *shorter* one: distance = 1 / weight.

=====================  ==========================================================
measure                definition
=====================  ==========================================================
degree                 number of partners (links)
strength               sum of link weights (weighted degree)
betweenness            share of shortest paths (in hops) through the node,
                       normalised by (n−1)(n−2)/2
betweenness_weighted   the same with distance = 1 / weight
closeness              (r−1) / Σ distance to the r−1 reachable nodes, times
                       (r−1)/(n−1) (Wasserman–Faust, as networkx)
eigenvector            leading eigenvector of the weighted adjacency, scaled so
                       the most central node has 1
pagerank               PageRank (α = 0.85) on the weighted graph; sums to 1
clustering             share of a node's partner pairs that are linked themselves
core_number            largest k such that the node is in the k-core
articulation_point     removing the node splits its component
=====================  ==========================================================

Examples
--------
>>> import networkx as nx
>>> G = nx.florentine_families_graph()
>>> round(betweenness(G)["Medici"], 3)
0.522
>>> rank({"a": 3, "b": 5, "c": 5})
{'a': 3, 'b': 1, 'c': 1}
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from . import engine as _engine

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "clustering",
    "core_number",
    "articulation_points",
    "rank",
]


def degree(G: nx.Graph) -> dict:
    """Number of links of each node.

    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    """
    return dict(G.degree())


def strength(G: nx.Graph, weight: str = "weight") -> dict:
    """Weighted degree: the sum of the weights of a node's links (missing weight → 1).

    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 0.5})])
    >>> strength(G)
    {'a': 2.0, 'b': 2.5, 'c': 0.5}
    """
    return {n: float(s) for n, s in G.degree(weight=weight)}


def _inverse_weight(weight):
    def distance(u, v, d):
        w = d.get(weight, 1.0)
        return 1.0 / (1.0 if w is None else w)

    return distance


def betweenness(G: nx.Graph, *, weighted: bool = False, weight: str = "weight", normalized: bool = True,
                engine: str = "auto", sample: int | None = None, seed: int = 0) -> dict:
    """Betweenness centrality: exact, or estimated from ``sample`` source nodes.

    Parameters
    ----------
    G : networkx.Graph
    weighted : bool
        False: shortest paths in hops. True: distance = 1 / ``weight``.
    normalized : bool
        Divide by the number of pairs of other nodes, (n−1)(n−2)/2.
    engine : {"auto", "networkx", "igraph"}
    sample : int, optional
        When given and smaller than the number of nodes, count shortest paths
        from ``sample`` nodes drawn with ``seed`` only and scale up (Brandes
        and Pich's source sampling): an unbiased estimate, for large graphs.
    seed : int

    Examples
    --------
    >>> round(betweenness(nx.karate_club_graph())[0], 4)
    0.4376
    """
    n = G.number_of_nodes()
    sources = None
    if sample is not None and 0 < sample < n:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))
    if _engine.choose_engine(G, engine) == "igraph":
        return _engine.betweenness_igraph(G, weighted=weighted, normalized=normalized, weight=weight,
                                          sources=sources)
    if sources is not None:
        nodes = list(G)
        k_sources = [nodes[i] for i in sources]
        raw = nx.betweenness_centrality_subset(G, k_sources, nodes, normalized=False,
                                               weight=_inverse_weight(weight) if weighted else None)
        scale = (n / sample) * (2.0 / ((n - 1) * (n - 2)) if normalized and n > 2 else 1.0)
        return {v: raw[v] * scale for v in nodes}
    return nx.betweenness_centrality(G, normalized=normalized, weight=_inverse_weight(weight) if weighted else None)


def closeness(G: nx.Graph, *, weighted: bool = False, weight: str = "weight", engine: str = "auto") -> dict:
    """Closeness centrality with networkx's scaling for graphs that are not connected.

    Examples
    --------
    >>> round(closeness(nx.karate_club_graph())[0], 4)
    0.569
    """
    if _engine.choose_engine(G, engine) == "igraph":
        return _engine.closeness_igraph(G, weighted=weighted, weight=weight)
    if weighted:
        H = nx.Graph()
        H.add_nodes_from(G)
        H.add_edges_from((u, v, {"distance": _inverse_weight(weight)(u, v, d)}) for u, v, d in G.edges(data=True))
        return nx.closeness_centrality(H, distance="distance")
    return nx.closeness_centrality(G)


def eigenvector(G: nx.Graph, weight: str | None = "weight") -> dict:
    """Eigenvector centrality of the weighted adjacency matrix, scaled so the maximum is 1.

    On a graph that is not connected, the nodes outside the component with the
    largest eigenvalue get 0. A graph without links gives 0 everywhere.

    Examples
    --------
    >>> e = eigenvector(nx.star_graph(3), weight=None)
    >>> e[0], round(e[1], 4)
    (1.0, 0.5774)
    """
    if G.number_of_edges() == 0:
        return dict.fromkeys(G, 0.0)
    nodes = list(G)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, dtype=float)
    import scipy.sparse.linalg as sla

    n = len(nodes)
    if n <= 3:
        vals, vecs = np.linalg.eigh(A.toarray())
        vec = vecs[:, np.argmax(vals)]
    else:
        _, vecs = sla.eigsh(A, k=1, which="LA", v0=np.ones(n), tol=1e-10, maxiter=10000)
        vec = vecs[:, 0]
    vec = np.abs(vec)  # the Perron vector is non-negative; the solver may return it negated
    vec[vec < 1e-10 * vec.max()] = 0.0
    vec = vec / vec.max()
    return dict(zip(nodes, vec.tolist()))


def pagerank(G: nx.Graph, weight: str | None = "weight", alpha: float = 0.85) -> dict:
    """PageRank of the weighted graph (sums to 1), as ``networkx.pagerank``.

    >>> round(sum(pagerank(nx.karate_club_graph()).values()), 6)
    1.0
    """
    if G.number_of_nodes() == 0:
        return {}
    return nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=1000)


def clustering(G: nx.Graph, engine: str = "auto") -> dict:
    """Unweighted local clustering coefficient (0 for nodes with fewer than 2 partners).

    >>> round(clustering(nx.karate_club_graph())[0], 4)
    0.15
    """
    if _engine.choose_engine(G, engine) == "igraph":
        return _engine.clustering_igraph(G)
    return {n: float(c) for n, c in nx.clustering(G).items()}


def core_number(G: nx.Graph) -> dict:
    """The largest k such that the node belongs to the k-core.

    >>> core_number(nx.complete_graph(4))[0]
    3
    """
    H = G
    if nx.number_of_selfloops(G):
        H = G.copy()
        H.remove_edges_from(nx.selfloop_edges(H))
    return nx.core_number(H)


def articulation_points(G: nx.Graph) -> dict:
    """``{node: bool}``: does removing the node split its component?

    >>> articulation_points(nx.path_graph(3))
    {0: False, 1: True, 2: False}
    """
    cut = set(nx.articulation_points(G))
    return {n: n in cut for n in G}


def rank(values, ascending: bool = False) -> dict:
    """Rank 1 = highest value; ties share the smallest rank ("min"); missing values get no rank.

    Parameters
    ----------
    values : mapping or pandas Series
    ascending : bool
        True ranks the smallest value first.

    Returns
    -------
    dict
        ``{key: rank}``, or ``None`` for a missing value.
    """
    s = pd.Series(values, dtype=float)
    r = s.rank(ascending=ascending, method="min")
    return {k: (None if pd.isna(v) else int(v)) for k, v in r.items()}
