"""The metrics table (one row per node) and the graph-level measures of a view.

:data:`METRICS` describes every column — what it measures and whether it
uses the link weights — and drives the CLI's ``--describe`` and the app's
"size by" and "colour by" choices. Results are cached per graph content and
options (:mod:`graph_explorer.analysis.cache`), so asking twice costs nothing.

Examples
--------
>>> import networkx as nx
>>> G = nx.florentine_families_graph()
>>> t = node_metrics(G, seed=1).set_index("id")
>>> int(t.loc["Medici", "degree"]), int(t.loc["Medici", "betweenness_rank"])
(6, 1)
>>> g = graph_metrics(G, seed=1)
>>> g["nodes"], g["links"], g["diameter"], g["diameter_approximate"]
(15, 20, 5, False)
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from . import centrality as _c
from . import engine as _engine
from .cache import cached
from .communities import detect_communities, modularity
from .regions import communities_vs_regions, cross_region_share, ei_index, node_ei_index, region_partition

__all__ = ["Metric", "METRICS", "NODE_ATTRIBUTES", "describe_metrics", "node_metrics", "graph_metrics",
           "DIAMETER_EXACT_MAX", "BETWEENNESS_EXACT_MAX", "BETWEENNESS_SAMPLE"]

#: Node attributes copied into the metrics table, before the metrics.
NODE_ATTRIBUTES = ("label", "kind", "country", "region")

#: The diameter is exact up to this many nodes in the largest component, a lower bound above.
DIAMETER_EXACT_MAX = 2000
#: Above this many nodes betweenness is estimated from BETWEENNESS_SAMPLE source nodes (seeded):
#: exact betweenness at 20,000 nodes / 100,000 links takes minutes even on igraph.
BETWEENNESS_EXACT_MAX = 5000
BETWEENNESS_SAMPLE = 1000


@dataclass(frozen=True)
class Metric:
    """One column of the metrics table.

    Attributes
    ----------
    name : str
        Column name.
    label : str
        Short human name.
    weights : str
        How link weights enter: "no", "weight" (stronger link counts more) or
        "distance = 1/weight" (stronger link is shorter).
    description : str
    ranked : bool
        Whether a ``<name>_rank`` column follows (1 = highest; ties share the
        smallest rank).
    """

    name: str
    label: str
    weights: str
    description: str
    ranked: bool = True


METRICS: tuple[Metric, ...] = (
    Metric("degree", "Partners", "no", "Number of actors linked to this one."),
    Metric("strength", "Weighted degree", "weight", "Sum of the weights of the actor's links."),
    Metric("betweenness", "Betweenness", "no",
           "Share of shortest paths (in hops) between other actors that pass through this one; "
           "normalised to 0–1 by (n−1)(n−2)/2. Above 5,000 nodes estimated from 1,000 seeded source nodes."),
    Metric("betweenness_weighted", "Betweenness (weighted)", "distance = 1/weight",
           "Betweenness with strong links as short ones (distance = 1/weight); normalised to 0–1."),
    Metric("closeness", "Closeness", "no",
           "Inverse mean distance in hops to the actors it can reach, scaled by the share it reaches "
           "(Wasserman–Faust)."),
    Metric("eigenvector", "Eigenvector", "weight",
           "Linked to actors that are themselves central (leading eigenvector of the weighted adjacency); "
           "1 = the most central actor."),
    Metric("pagerank", "PageRank", "weight", "PageRank (α = 0.85) on the weighted graph; sums to 1."),
    Metric("clustering", "Clustering", "no", "Share of the actor's partner pairs that are linked themselves."),
    Metric("core_number", "Core number", "no", "Largest k such that the actor is in the k-core."),
    Metric("articulation_point", "Articulation point", "no",
           "Yes when removing the actor splits its component.", ranked=False),
    Metric("ei_index", "E-I index (region)", "no",
           "(links to other regions − links within its region) / both; −1 inward, +1 outward.", ranked=False),
    Metric("community", "Community", "weight",
           "Community number (1 = largest), detected with the chosen method and seed.", ranked=False),
)


def describe_metrics() -> pd.DataFrame:
    """:data:`METRICS` as a table: name, label, weights, ranked, description.

    >>> describe_metrics().set_index("name").loc["betweenness_weighted", "weights"]
    'distance = 1/weight'
    """
    return pd.DataFrame([{"name": m.name, "label": m.label, "weights": m.weights, "ranked": m.ranked,
                          "description": m.description} for m in METRICS])


def node_metrics(G: nx.Graph, *, engine: str = "auto", method: str = "leiden", seed=0, resolution: float = 1.0,
                 weight: str = "weight", region_attr: str = "region") -> pd.DataFrame:
    """Every per-node metric, its rank, and the node's community.

    Parameters
    ----------
    G : networkx.Graph
    engine : {"auto", "networkx", "igraph"}
        For betweenness, closeness and clustering (values agree; igraph is
        faster on large graphs).
    method, seed, resolution
        Community detection (:func:`~graph_explorer.analysis.communities.detect_communities`).
    weight : str
        Edge attribute of link weights.
    region_attr : str
        Node attribute of the groups for the E-I index.

    Returns
    -------
    DataFrame
        One row per node in ``G``'s order: ``id``, the :data:`NODE_ATTRIBUTES`,
        then for each of :data:`METRICS` its column and, where ranked,
        ``<name>_rank``.
    """
    options = {"engine": engine, "method": method, "seed": seed, "resolution": resolution, "weight": weight,
               "region_attr": region_attr}
    return cached(G, "node-metrics", options, lambda: _node_metrics(G, **options))


def _seed_int(seed) -> int:
    return seed if isinstance(seed, int) else 0


def _node_metrics(G, engine, method, seed, resolution, weight, region_attr) -> pd.DataFrame:
    nodes = list(G)
    sample = BETWEENNESS_SAMPLE if len(nodes) > BETWEENNESS_EXACT_MAX else None
    values = {
        "degree": _c.degree(G),
        "strength": _c.strength(G, weight),
        "betweenness": _c.betweenness(G, engine=engine, weight=weight, sample=sample, seed=_seed_int(seed)),
        "betweenness_weighted": _c.betweenness(G, weighted=True, engine=engine, weight=weight, sample=sample,
                                               seed=_seed_int(seed)),
        "closeness": _c.closeness(G, engine=engine, weight=weight),
        "eigenvector": _c.eigenvector(G, weight),
        "pagerank": _c.pagerank(G, weight),
        "clustering": _c.clustering(G, engine=engine),
        "core_number": _c.core_number(G),
        "articulation_point": _c.articulation_points(G),
        "ei_index": node_ei_index(G, region_attr),
        "community": detect_communities(G, method=method, seed=seed, weight=weight, resolution=resolution),
    }
    table = {"id": nodes}
    for attr in NODE_ATTRIBUTES:
        table[attr] = [G.nodes[n].get(attr) for n in nodes]
    for m in METRICS:
        col = values[m.name]
        table[m.name] = [col.get(n) for n in nodes]
        if m.ranked:
            r = _c.rank(col)
            table[f"{m.name}_rank"] = pd.array([r.get(n) for n in nodes], dtype="Int64")
    df = pd.DataFrame(table)
    df["articulation_point"] = df["articulation_point"].astype(bool)
    # say which columns are estimates (kept by the table; the CLI and app can show it)
    df.attrs["betweenness_approximate"] = sample is not None
    df.attrs["betweenness_sources"] = sample if sample is not None else len(nodes)
    for name in ("degree", "core_number", "community"):
        df[name] = df[name].astype("int64") if len(df) else df[name]
    return df


def graph_metrics(G: nx.Graph, *, engine: str = "auto", method: str = "leiden", seed=0, resolution: float = 1.0,
                  weight: str = "weight", region_attr: str = "region",
                  exact_diameter_max: int = DIAMETER_EXACT_MAX) -> dict:
    """Graph-level measures of a view.

    Returns
    -------
    dict
        level, weighting, nodes, links, density, components,
        largest_component (nodes), largest_component_share,
        average_clustering (mean of the local coefficients, 0 for degree < 2),
        diameter (hops, of the largest component), diameter_approximate
        (True when the largest component has more than
        ``exact_diameter_max`` nodes: then a 2-sweep lower bound, seeded),
        diameter_exact_max, community_method, seed, communities (how many),
        modularity_communities, regions (how many groups), modularity_regions
        (of the region partition; nodes without a region form one group),
        ei_index and cross_region_share (unweighted, see
        :mod:`~graph_explorer.analysis.regions`), communities_regions_ari and
        communities_regions_nmi (agreement of communities with regions).
    """
    options = {"engine": engine, "method": method, "seed": seed, "resolution": resolution, "weight": weight,
               "region_attr": region_attr, "exact_diameter_max": exact_diameter_max}
    return cached(G, "graph-metrics", options, lambda: _graph_metrics(G, **options))


def _graph_metrics(G, engine, method, seed, resolution, weight, region_attr, exact_diameter_max) -> dict:
    n, m = G.number_of_nodes(), G.number_of_edges()
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(str(x) for x in c))) if n else []
    lcc = comps[0] if comps else set()
    approximate = len(lcc) > exact_diameter_max
    if len(lcc) <= 1:
        diameter = 0
    elif approximate:
        diameter = int(nx.approximation.diameter(G.subgraph(lcc), seed=seed))
    elif _engine.choose_engine(G, engine) == "igraph":
        diameter = _engine.diameter_igraph(G)
    else:
        diameter = int(nx.diameter(G.subgraph(lcc)))
    comm = detect_communities(G, method=method, seed=seed, weight=weight, resolution=resolution)
    regions = region_partition(G, region_attr)
    vs = communities_vs_regions(G, comm, region_attr)
    clust = _c.clustering(G, engine=engine)
    return {
        "level": G.graph.get("level", ""),
        "weighting": G.graph.get("weighting", ""),
        "nodes": n,
        "links": m,
        "density": nx.density(G) if n > 1 else 0.0,
        "components": len(comps),
        "largest_component": len(lcc),
        "largest_component_share": len(lcc) / n if n else 0.0,
        "average_clustering": float(np.mean(list(clust.values()))) if n else 0.0,
        "diameter": diameter,
        "diameter_approximate": approximate,
        "diameter_exact_max": exact_diameter_max,
        "community_method": method,
        "seed": seed,
        "communities": len(set(comm.values())),
        "modularity_communities": modularity(G, comm, weight=weight, resolution=resolution),
        "regions": len(set(regions.values())),
        "modularity_regions": modularity(G, regions, weight=weight, resolution=resolution),
        "ei_index": ei_index(G, region_attr),
        "cross_region_share": cross_region_share(G, region_attr),
        "communities_regions_ari": vs["ari"],
        "communities_regions_nmi": vs["nmi"],
    }
