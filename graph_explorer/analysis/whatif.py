"""What if an actor dropped out, or a cooperation had not happened?

:func:`remove` makes the changed graph; :func:`what_if` compares it with the
original: components, the share of actors in the largest component, global
efficiency, and the actors cut off from the largest component.

Removing a cooperation takes its contribution off every link it is behind:
the link's ``count`` drops by one, its Newman weight by 1/(n−1) (n = the
nodes it links in this view), ``weight`` follows the view's weighting, the
cooperation leaves the link's ``cooperations``; a link with no cooperation
left is dropped. (A link's ``themes``, ``kinds`` and years are left as they
were: the graph does not say which cooperation brought which.) At the
bipartite level a cooperation is a node and is removed as one.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
>>> r = what_if(G, remove_actors=["b"])
>>> r["before"]["components"], r["after"]["components"], r["disconnected"]
(1, 2, ['a'])
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from . import engine as _engine
from .resolve import resolve_cooperation

__all__ = ["remove", "global_efficiency", "structure", "what_if"]

_COOP_PREFIX = "coop:"


def remove(G: nx.Graph, actors=(), cooperations=()) -> nx.Graph:
    """A copy of ``G`` without ``actors`` and without the contribution of ``cooperations``.

    Parameters
    ----------
    G : networkx.Graph
        Links with ``cooperations`` (tuple of ids), ``count``, ``newman`` and
        ``weight``, as built by ``build_graph``.
    actors : iterable of node ids
    cooperations : iterable of cooperation ids

    Returns
    -------
    networkx.Graph
        ``G.graph["derived"]`` records the removal (results cached for the
        original are never served for it).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", cooperations=("p1", "p2"), count=2, newman=1.5, weight=2.0)
    >>> G.add_edge("b", "c", cooperations=("p1",), count=1, newman=0.5, weight=1.0)
    >>> G.add_edge("a", "c", cooperations=("p1",), count=1, newman=0.5, weight=1.0)
    >>> H = remove(G, cooperations=["p1"])
    >>> sorted(H.edges(data="count")), H.edges["a", "b"]["cooperations"], H.edges["a", "b"]["newman"]
    ([('a', 'b', 1)], ('p2',), 1.0)
    """
    actors = list(actors)
    cooperations = list(cooperations)
    H = G.copy()
    H.remove_nodes_from(actors)
    if G.graph.get("level") == "bipartite":
        H.remove_nodes_from(_COOP_PREFIX + str(c) for c in cooperations)
    else:
        weighting = G.graph.get("weighting", "count")
        weights = G.graph.get("cooperation_weights") or {}
        wanted = set(cooperations)
        behind_of: dict = {c: [] for c in cooperations}
        if wanted:  # one pass over the links finds what is behind every removed cooperation
            for u, v, d in G.edges(data=True):
                for c in wanted.intersection(d.get("cooperations") or ()):
                    behind_of[c].append((u, v))
        for c in cooperations:
            w = float(weights.get(c, 1.0))
            behind = behind_of[c]
            members = {x for e in behind for x in e}
            share = 1.0 / (len(members) - 1) if len(members) > 1 else 0.0
            for u, v in behind:
                if not H.has_edge(u, v):
                    continue
                d = H.edges[u, v]
                left = tuple(x for x in d.get("cooperations", ()) if x != c)
                if not left:
                    H.remove_edge(u, v)
                    continue
                d["cooperations"] = left
                d["count"] = int(d.get("count", len(left) + 1)) - 1
                if d.get("newman") is not None:
                    d["newman"] = max(float(d["newman"]) - share * w, 0.0)
                if weighting == "newman" and d.get("newman") is not None:
                    d["weight"] = float(d["newman"])
                else:
                    d["weight"] = max(float(d.get("weight", d["count"] + w)) - w, 0.0)
    prior = G.graph.get("derived", "")
    change = "whatif:" + ",".join(sorted(map(str, actors))) + ":" + ",".join(sorted(map(str, cooperations)))
    H.graph["derived"] = (prior + "|" if prior else "") + change
    return H


def global_efficiency(G: nx.Graph, *, exact_max: int = 5000, n_sources: int = 500, seed=0) -> dict:
    """Mean of 1 / (hops between u and v) over ordered pairs of distinct nodes (0 when unreachable).

    Exact up to ``exact_max`` nodes (all-pairs breadth-first search, igraph);
    above, the mean over ``n_sources`` source nodes drawn with ``seed``.

    Returns
    -------
    dict
        ``efficiency``, ``approximate`` (bool), ``sources`` (how many sources
        were used).

    Examples
    --------
    >>> global_efficiency(nx.complete_graph(4))
    {'efficiency': 1.0, 'approximate': False, 'sources': 4}
    >>> round(global_efficiency(nx.path_graph(3))["efficiency"], 4) == round(nx.global_efficiency(nx.path_graph(3)), 4)
    True
    """
    n = G.number_of_nodes()
    if n < 2:
        return {"efficiency": 0.0, "approximate": False, "sources": n}
    approximate = n > exact_max
    sources = None
    if approximate:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=n_sources, replace=False))
    total = 0.0
    used = 0
    for part, dist in _engine.distance_rows_igraph(G, sources):
        with np.errstate(divide="ignore"):
            inv = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
        total += float(inv.sum())
        used += len(part)
    return {"efficiency": total / (used * (n - 1)), "approximate": approximate, "sources": used}


def structure(G: nx.Graph, *, exact_max: int = 5000, n_sources: int = 500, seed=0) -> dict:
    """The measures :func:`what_if` compares.

    Returns
    -------
    dict
        nodes, links, components, largest_component (nodes),
        largest_component_share, efficiency, efficiency_approximate,
        efficiency_sources.

    >>> structure(nx.Graph([(1, 2), (3, 4)]))["largest_component_share"]
    0.5
    """
    n = G.number_of_nodes()
    comps = list(nx.connected_components(G)) if n else []
    largest = max((len(c) for c in comps), default=0)
    eff = global_efficiency(G, exact_max=exact_max, n_sources=n_sources, seed=seed)
    return {"nodes": n, "links": G.number_of_edges(), "components": len(comps), "largest_component": largest,
            "largest_component_share": largest / n if n else 0.0, "efficiency": eff["efficiency"],
            "efficiency_approximate": eff["approximate"], "efficiency_sources": eff["sources"]}


def _largest(G):
    if G.number_of_nodes() == 0:
        return set()
    # the biggest; among equals, the one with the smallest id (so the answer does not depend on order)
    return min(nx.connected_components(G), key=lambda c: (-len(c), min(str(x) for x in c)))


def what_if(G: nx.Graph, *, remove_actors=(), remove_cooperations=(), exact_max: int = 5000,
            n_sources: int = 500, seed=0) -> dict:
    """Compare ``G`` with ``G`` minus some actors and/or cooperations.

    Parameters
    ----------
    G : networkx.Graph
    remove_actors : iterable of node ids
        Use :func:`graph_explorer.analysis.resolve.resolve_actors` for names.
    remove_cooperations : iterable of cooperation ids
        Matched case-insensitively; an id that no link comes from raises
        :class:`~graph_explorer.errors.GraphExplorerError`.
    exact_max, n_sources, seed
        Global efficiency is exact up to ``exact_max`` nodes, else estimated
        from ``n_sources`` sources drawn with ``seed`` (the output says so).

    Returns
    -------
    dict
        removed_actors, removed_cooperations, before and after
        (:func:`structure`), change (after − before of nodes, links,
        components, largest_component, largest_component_share, efficiency),
        links_removed, links_weakened, and ``disconnected``: the actors that
        were in the largest component and are not in the largest component
        afterwards (the removed actors themselves excepted), sorted.
    """
    actors = [a for a in dict.fromkeys(remove_actors)]
    for a in actors:
        if a not in G:
            raise nx.NodeNotFound(f"{a!r} is not a node of this graph.")
    coops = [resolve_cooperation(G, c) for c in dict.fromkeys(remove_cooperations)]
    H = remove(G, actors, coops)
    opts = {"exact_max": exact_max, "n_sources": n_sources, "seed": seed}
    before, after = structure(G, **opts), structure(H, **opts)
    lcc_before, lcc_after = _largest(G), _largest(H)
    gone = set(actors)
    cut = sorted((n for n in lcc_before - lcc_after if n not in gone), key=str)
    kept_edges = [(u, v) for u, v in G.edges() if u not in gone and v not in gone]
    removed = sum(1 for u, v in kept_edges if not H.has_edge(u, v))
    weakened = sum(1 for u, v in kept_edges
                   if H.has_edge(u, v) and H.edges[u, v].get("count") != G.edges[u, v].get("count"))
    change = {k: after[k] - before[k] for k in ("nodes", "links", "components", "largest_component",
                                                "largest_component_share", "efficiency")}
    return {
        "removed_actors": actors, "removed_cooperations": coops, "before": before, "after": after,
        "change": change, "links_removed": removed + (G.number_of_edges() - len(kept_edges)),
        "links_weakened": weakened, "disconnected": cut,
    }
