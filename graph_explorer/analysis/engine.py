"""networkx ↔ igraph: one conversion per graph, and the igraph fast paths.

networkx is the project's graph model and the reference implementation.
Exact betweenness, closeness, local clustering, all-pairs distances and
Leiden communities are done by igraph (compiled): networkx takes minutes
where igraph takes seconds on the bundled organisation graph. Tests check
that both engines agree on small graphs. A graph is converted once: the igraph copy is cached by the graph's
content key (:func:`graph_explorer.analysis.cache.graph_key`).

``engine`` arguments take ``"networkx"``, ``"igraph"`` or ``"auto"``: igraph
whenever it is installed (it is a dependency), at every graph size, so a
small filtered view and the whole graph are measured the same way.

Weighted shortest paths: where two paths have lengths equal up to rounding
(1/3 + 1/3 + 1/3 against 1), igraph counts them as equally short (it compares
with a relative tolerance) and networkx only when the floats are identical;
igraph's answer is then the exact one (tests check it against networkx run
on exact integer distances).

Examples
--------
>>> import networkx as nx
>>> ig_graph = to_igraph(nx.path_graph(["a", "b", "c"]))
>>> ig_graph.nodes, ig_graph.graph.vcount(), ig_graph.graph.ecount()
(('a', 'b', 'c'), 3, 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from ..seeding import igraph_seed
from .cache import cached

__all__ = [
    "ENGINES",
    "IGraph",
    "choose_engine",
    "to_igraph",
    "betweenness_igraph",
    "closeness_igraph",
    "clustering_igraph",
    "leiden_igraph",
    "multilevel_igraph",
    "distance_rows_igraph",
    "diameter_igraph",
]

ENGINES = ("auto", "networkx", "igraph")

@dataclass(frozen=True)
class IGraph:
    """An igraph copy of a networkx graph.

    Attributes
    ----------
    graph : igraph.Graph
        Vertex ``i`` is ``nodes[i]``; every edge has ``weight`` (1.0 when the
        networkx edge has none) and ``distance`` = 1 / weight.
    nodes : tuple
        The networkx node ids, in ``G``'s node order.
    """

    graph: object
    nodes: tuple

    def to_dict(self, values) -> dict:
        """``{node: value}`` for a sequence aligned with the vertices."""
        return dict(zip(self.nodes, (float(v) for v in values)))


def choose_engine(G: nx.Graph, engine: str = "auto") -> str:
    """``"networkx"`` or ``"igraph"`` for ``engine`` on ``G``.

    >>> choose_engine(nx.path_graph(3)), choose_engine(nx.path_graph(3), "networkx")
    ('igraph', 'networkx')
    """
    if engine not in ENGINES:
        raise ValueError(f"engine: {engine!r} is not one of {', '.join(ENGINES)}.")
    if engine == "auto":
        return "igraph" if _has_igraph() else "networkx"
    return engine


def _has_igraph() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:  # pragma: no cover - igraph is a dependency
        return False
    return True


def to_igraph(G: nx.Graph, weight: str = "weight") -> IGraph:
    """The igraph copy of ``G`` (cached per graph content and ``weight``).

    Parameters
    ----------
    G : networkx.Graph
        Undirected, without self-loops.
    weight : str
        Edge attribute copied as ``weight`` (missing → 1.0).
    """
    return cached(G, "igraph", {"weight": weight}, lambda: _convert(G, weight))


def _convert(G: nx.Graph, weight: str) -> IGraph:
    import igraph as ig

    nodes = tuple(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = []
    weights = []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        edges.append((index[u], index[v]))
        w = d.get(weight, 1.0)
        weights.append(1.0 if w is None else float(w))
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    w = np.asarray(weights, dtype=float)
    if len(w) and not (w > 0).all():
        raise ValueError(f"edge attribute {weight!r} must be > 0 on every link to be used as a weight.")
    g.es["weight"] = w.tolist()
    g.es["distance"] = (1.0 / w).tolist() if len(w) else []
    return IGraph(g, nodes)


def betweenness_igraph(G: nx.Graph, *, weighted: bool = False, normalized: bool = True,
                       weight: str = "weight", sources=None) -> dict:
    """Betweenness as networkx computes it; weighted uses distance = 1 / weight.

    With ``sources`` (node positions in ``G``'s order), only shortest paths
    from those nodes are counted and the sums are scaled by n / len(sources):
    the source-sampling estimate of Brandes and Pich (2007).

    Examples
    --------
    >>> G = nx.star_graph(3)
    >>> betweenness_igraph(G)[0]
    1.0
    """
    ig_g = to_igraph(G, weight)
    g = ig_g.graph
    n = g.vcount()
    if sources is None:
        raw = np.asarray(g.betweenness(directed=False, weights="distance" if weighted else None), dtype=float)
    else:
        picked = sorted(int(i) for i in sources)
        raw = np.asarray(g.betweenness(directed=False, weights="distance" if weighted else None, sources=picked),
                         dtype=float) * (n / max(len(picked), 1))
    if normalized:
        raw = raw * (2.0 / ((n - 1) * (n - 2))) if n > 2 else raw * 0.0
    return ig_g.to_dict(raw)


def closeness_igraph(G: nx.Graph, *, weighted: bool = False, weight: str = "weight") -> dict:
    """Closeness as ``networkx.closeness_centrality`` (Wasserman–Faust scaling for unreachable nodes).

    igraph normalises by the nodes a node reaches; networkx then multiplies by
    the share of the graph reached, (r − 1) / (n − 1). Isolated nodes get 0.

    Examples
    --------
    >>> closeness_igraph(nx.path_graph(3))[1]
    1.0
    """
    ig_g = to_igraph(G, weight)
    g = ig_g.graph
    n = g.vcount()
    if n <= 1:
        return ig_g.to_dict(np.zeros(n))
    c = np.asarray(g.closeness(weights="distance" if weighted else None, normalized=True), dtype=float)
    comps = g.connected_components()
    sizes = np.asarray(comps.sizes())[np.asarray(comps.membership)]
    c = np.nan_to_num(c, nan=0.0) * (sizes - 1) / (n - 1)
    return ig_g.to_dict(c)


def clustering_igraph(G: nx.Graph) -> dict:
    """Unweighted local clustering coefficient (0 for nodes of degree < 2), as ``networkx.clustering``.

    >>> clustering_igraph(nx.complete_graph(3))[0]
    1.0
    """
    ig_g = to_igraph(G)
    return ig_g.to_dict(ig_g.graph.transitivity_local_undirected(mode="zero"))


def _seeded(seed, run):
    # igraph has one process-wide generator: the project's lock keeps seeded runs apart
    with igraph_seed(seed):
        return run()


def leiden_igraph(G: nx.Graph, *, seed=0, resolution: float = 1.0, weight: str | None = "weight") -> list[int]:
    """Leiden (modularity objective, iterated until stable) membership per node of ``G``."""
    ig_g = to_igraph(G, weight or "weight")
    g = ig_g.graph
    weights = "weight" if weight else None
    return _seeded(seed, lambda: g.community_leiden(objective_function="modularity", weights=weights,
                                                    resolution=resolution, n_iterations=-1).membership)


def multilevel_igraph(G: nx.Graph, *, seed=0, resolution: float = 1.0, weight: str | None = "weight") -> list[int]:
    """Louvain (igraph's multilevel) membership per node of ``G``."""
    ig_g = to_igraph(G, weight or "weight")
    g = ig_g.graph
    weights = "weight" if weight else None
    return _seeded(seed, lambda: g.community_multilevel(weights=weights, resolution=resolution).membership)


def distance_rows_igraph(G: nx.Graph, sources=None, *, chunk: int = 256):
    """Yield ``(source positions, hop-distance rows)`` in chunks; unreachable is ``inf``.

    Rows are aligned with ``to_igraph(G).nodes``.
    """
    g = to_igraph(G).graph
    src = np.arange(g.vcount()) if sources is None else np.asarray(sources, dtype=int)
    for i in range(0, len(src), chunk):
        part = src[i:i + chunk]
        yield part, np.asarray(g.distances(source=part.tolist()), dtype=float)


def diameter_igraph(G: nx.Graph) -> int:
    """Exact diameter in hops (of the largest component when ``G`` is not connected).

    >>> diameter_igraph(nx.path_graph(5))
    4
    """
    g = to_igraph(G).graph
    if g.vcount() == 0:
        return 0
    return int(g.connected_components().giant().diameter(directed=False))
