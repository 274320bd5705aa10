"""How two actors are connected: shortest paths with the cooperations behind each hop, and ego networks.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("LV", "FI", cooperations=("p1",), weight=1.0, count=1)
>>> G.add_edge("FI", "DE", cooperations=("p2", "p3"), weight=2.0, count=2)
>>> r = shortest_paths(G, "LV", "DE")
>>> r["length"], r["paths"][0]["nodes"]
(2, ['LV', 'FI', 'DE'])
>>> r["paths"][0]["hops"][1]["cooperations"]
['p2', 'p3']
"""

from __future__ import annotations

from itertools import islice

import networkx as nx
import pandas as pd

__all__ = ["shortest_paths", "path_table", "ego_network"]


def _label(G, n) -> str:
    return str(G.nodes[n].get("label") or n)


def _hop(G, u, v) -> dict:
    d = G.edges[u, v]
    return {
        "source": u, "target": v, "source_label": _label(G, u), "target_label": _label(G, v),
        "weight": d.get("weight"), "count": d.get("count"),
        "cooperations": list(d.get("cooperations") or ()),
        "themes": list(d.get("themes") or ()),
    }


def shortest_paths(G: nx.Graph, source, target, *, cap: int = 10, weighted: bool = False,
                   weight: str = "weight") -> dict:
    """All shortest paths from ``source`` to ``target`` (at most ``cap``), hop by hop.

    Parameters
    ----------
    G : networkx.Graph
    source, target : node ids
        Use :func:`graph_explorer.analysis.resolve.resolve_actor` to turn names into ids.
    cap : int
        Stop after this many paths; ``capped`` says whether more exist.
    weighted : bool
        False: fewest hops. True: smallest total distance, distance = 1 / weight
        (strong links are short).

    Returns
    -------
    dict
        ``source``, ``target``, ``connected`` (bool), ``length`` (hops of the
        shortest path, None when not connected), ``distance`` (total 1/weight
        when weighted), ``n_paths`` (listed), ``capped``, and ``paths``: a
        list of ``{"nodes", "labels", "hops"}``, each hop a dict with source,
        target, their labels, weight, count, cooperations and themes.
    """
    for n in (source, target):
        if n not in G:
            raise nx.NodeNotFound(f"{n!r} is not a node of this graph.")
    out = {"source": source, "target": target, "connected": False, "length": None, "distance": None,
           "n_paths": 0, "capped": False, "paths": []}
    if not nx.has_path(G, source, target):
        return out
    wfun = None
    if weighted:
        def wfun(u, v, d):
            w = d.get(weight, 1.0)
            return 1.0 / (1.0 if w is None else w)
    found = list(islice(nx.all_shortest_paths(G, source, target, weight=wfun), cap + 1))
    capped = len(found) > cap
    found = sorted(found[:cap], key=lambda p: [str(x) for x in p])
    paths = [{"nodes": list(p), "labels": [_label(G, n) for n in p],
              "hops": [_hop(G, u, v) for u, v in zip(p, p[1:])]} for p in found]
    out.update(connected=True, length=len(found[0]) - 1, n_paths=len(paths), capped=capped, paths=paths)
    if weighted:
        out["distance"] = sum(wfun(u, v, G.edges[u, v]) for u, v in zip(found[0], found[0][1:]))
    return out


def path_table(result: dict) -> pd.DataFrame:
    """The hops of :func:`shortest_paths` as one row each (for CSV output).

    Columns: path (1-based), step (1-based), source, source_label, target,
    target_label, weight, count, cooperations and themes (joined with ';').
    """
    rows = []
    for i, p in enumerate(result["paths"], start=1):
        for j, h in enumerate(p["hops"], start=1):
            rows.append({"path": i, "step": j, "source": h["source"], "source_label": h["source_label"],
                         "target": h["target"], "target_label": h["target_label"], "weight": h["weight"],
                         "count": h["count"], "cooperations": ";".join(map(str, h["cooperations"])),
                         "themes": ";".join(h["themes"])})
    return pd.DataFrame(rows, columns=["path", "step", "source", "source_label", "target", "target_label",
                                       "weight", "count", "cooperations", "themes"])


def ego_network(G: nx.Graph, actor, hops: int = 1) -> nx.Graph:
    """The actors within ``hops`` links of ``actor`` and every link among them (a copy).

    Node attribute ``hops`` holds each node's distance from the actor.
    ``G.graph`` is copied with ``derived`` set (``ego:<actor>:<hops>``) so
    cached results for the ego network are never mixed up with the whole view's.

    >>> E = ego_network(nx.path_graph(5), 2, hops=1)
    >>> sorted(E), E.nodes[1]["hops"], E.graph["derived"]
    ([1, 2, 3], 1, 'ego:2:1')
    """
    if actor not in G:
        raise nx.NodeNotFound(f"{actor!r} is not a node of this graph.")
    dist = nx.single_source_shortest_path_length(G, actor, cutoff=hops)
    E = G.subgraph(dist).copy()
    nx.set_node_attributes(E, dist, "hops")
    prior = G.graph.get("derived", "")
    E.graph["derived"] = (prior + "|" if prior else "") + f"ego:{actor}:{hops}"
    return E
