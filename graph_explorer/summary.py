"""The few numbers that describe a graph at a glance (CLI ``summary``, the app's header)."""

from __future__ import annotations

from collections import Counter

import networkx as nx

__all__ = ["graph_summary"]


def graph_summary(G: nx.Graph) -> dict:
    """Nodes, links, density, connected components and counts per node kind.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (3, 4)])
    >>> nx.set_node_attributes(G, "organisation", "kind")
    >>> s = graph_summary(G)
    >>> s["nodes"], s["links"], s["components"], s["density"], s["kinds"]
    (4, 2, 2, 0.3333, {'organisation': 4})
    """
    n = G.number_of_nodes()
    m = G.number_of_edges()
    kinds = Counter(d.get("kind", "unknown") for _, d in G.nodes(data=True))
    return {
        "level": G.graph.get("level", ""),
        "nodes": n,
        "links": m,
        "density": round(nx.density(G), 4) if n > 1 else 0.0,
        "components": nx.number_connected_components(G) if n else 0,
        "kinds": dict(sorted(kinds.items())),
    }
