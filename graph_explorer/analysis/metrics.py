"""The metrics table (one row per node) and the graph-level measures of a view.

:data:`METRICS` is the registry of per-node metrics: each :class:`Metric`
says how it is computed, what it measures and whether it uses the link
weights, and how the front ends show it. It drives the computation, the CLI's
``--describe``, the app's "size by" and "colour by" menus, the hover text and
the details panel. Results are cached per graph content and
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

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import networkx as nx
import numpy as np
import pandas as pd

from . import centrality as _c
from . import engine as _engine
from .cache import cached
from .communities import detect_communities, modularity
from .regions import communities_vs_regions, cross_region_share, ei_index, node_ei_index, region_partition

__all__ = ["Metric", "Context", "METRICS", "harmonic", "METRIC_BY_NAME", "ordered_metrics", "metric_label", "metric_help",
           "NODE_ATTRIBUTES", "describe_metrics", "node_metrics", "graph_metrics",
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
class Context:
    """What a metric's ``compute`` may use besides the graph (one per :func:`node_metrics` call)."""

    engine: str
    method: str
    seed: object
    resolution: float
    weight: str
    region_attr: str
    #: betweenness source nodes (None = exact), see :data:`BETWEENNESS_EXACT_MAX`
    sample: int | None

    @property
    def seed_int(self) -> int:
        return self.seed if isinstance(self.seed, int) else 0


@dataclass(frozen=True)
class Metric:
    """One per-node metric: how it is computed and how every front end shows it.

    The registry :data:`METRICS` is the one list of metrics: :func:`node_metrics` computes its
    columns from it, the CLI's ``metrics --describe`` prints it, the app's "size by" and
    "colour by" menus, the hover text and the details panel take their metrics, order, names
    and explanations from it. Adding a metric is one entry here (and its function, where new).

    Attributes
    ----------
    name : str
        Column name (and URL value of ``size=`` / ``color=``).
    label : str
        Short name in plain words, shown in menus, hover, details, legends and table headers.
    weights : str
        How link weights enter: "no", "weight" (stronger link counts more) or
        "distance = 1/weight" (stronger link is shorter).
    description : str
        The definition (technical), for ``--describe`` and docs.
    compute : callable or None
        ``compute(G, ctx: Context) -> {node: value}``. None for a count the projection
        already carries (``n_cooperations``): not a column of :func:`node_metrics`.
    help : str
        One line in plain words for a strategist (details panel, table headers).
    ranked : bool
        Whether a ``<name>_rank`` column follows (1 = highest; ties share the
        smallest rank).
    order : int
        Position in menus, hover and details (lower first; the column order is the registry's).
    in_menus : bool
        Offered by the app's "size by" and "colour by" menus.
    in_hover : bool
        Shown in the hover text of a node (up to :data:`~graph_explorer.figures.scene.HOVER_DETAIL_MAX_NODES` nodes).
    in_details : bool
        Shown in the details panel of a node.
    dtype : str or None
        pandas dtype the column is cast to (None: as computed).
    """

    name: str
    label: str
    weights: str
    description: str
    compute: Callable[[nx.Graph, Context], Mapping] | None = field(default=None, compare=False, repr=False)
    help: str = ""
    ranked: bool = True
    order: int = 100
    in_menus: bool = True
    in_hover: bool = False
    in_details: bool = True
    dtype: str | None = None

    @property
    def in_table(self) -> bool:
        """Whether :func:`node_metrics` computes it (a column of the metrics table)."""
        return self.compute is not None


def _betweenness(weighted: bool):
    def compute(G, ctx):
        return _c.betweenness(G, weighted=weighted, engine=ctx.engine, weight=ctx.weight, sample=ctx.sample,
                              seed=ctx.seed_int)
    return compute


METRICS: tuple[Metric, ...] = (
    Metric("degree", "Degree (partners)", "no", "Number of actors linked to this one.",
           lambda G, ctx: _c.degree(G), help="how many partners it has", order=10, in_hover=True, dtype="int64"),
    Metric("strength", "Weighted degree", "weight", "Sum of the weights of the actor's links (weighted degree).",
           lambda G, ctx: _c.strength(G, ctx.weight), help="its partners, each counted by the weight of the link",
           order=20),
    Metric("n_cooperations", "Cooperations", "no",
           "Number of cooperations of the view the actor takes part in (from the projection, not the graph).",
           help="how many cooperations it takes part in", ranked=False, order=30, in_menus=False, in_hover=True),
    Metric("betweenness", "Betweenness", "no",
           "Share of shortest paths (in hops) between other actors that pass through this one; "
           "normalised to 0–1 by (n−1)(n−2)/2. Above 5,000 nodes estimated from 1,000 seeded source nodes.",
           _betweenness(False),
           help="how often it lies on the shortest route between two others (a broker); 0–1",
           order=40),
    Metric("betweenness_weighted", "Betweenness (weighted)", "distance = 1/weight",
           "Betweenness with strong links as short ones (distance = 1/weight); normalised to 0–1.",
           _betweenness(True), help="as betweenness, with strong links counted as short ones", order=45),
    Metric("closeness", "Closeness", "no",
           "Inverse mean distance in hops to the actors it can reach, scaled by the share it reaches "
           "(Wasserman–Faust).",
           lambda G, ctx: _c.closeness(G, engine=ctx.engine, weight=ctx.weight),
           help="how few steps it needs to reach the others; 1 = one step to everyone", order=80),
    Metric("harmonic", "Reach (harmonic closeness)", "no",
           "Harmonic closeness: mean of 1/distance (in hops) to every other actor, 0 for those it cannot "
           "reach; Σ 1/d ÷ (n−1), so 0–1 (1 = a partner of everyone). Unlike closeness it needs no scaling "
           "for a network in pieces.",
           lambda G, ctx: harmonic(G, engine=ctx.engine),
           help="how easily it reaches everyone else through partners of partners; 1 = a partner of everyone",
           order=85),
    Metric("eigenvector", "Eigenvector centrality", "weight",
           "Linked to actors that are themselves central (leading eigenvector of the weighted adjacency); "
           "1 = the most central actor.",
           lambda G, ctx: _c.eigenvector(G, ctx.weight),
           help="linked to actors that are well linked themselves; 1 = the most", order=60),
    Metric("pagerank", "PageRank", "weight", "PageRank (α = 0.85) on the weighted graph; sums to 1.",
           lambda G, ctx: _c.pagerank(G, ctx.weight),
           help="how well linked its partners are, and theirs; all actors' shares add up to 1",
           order=50),
    Metric("clustering", "Clustering coefficient", "no",
           "Share of the actor's partner pairs that are linked themselves.",
           lambda G, ctx: _c.clustering(G, engine=ctx.engine),
           help="how many of its partners also work with each other; 0–1", order=90),
    Metric("core_number", "Core number", "no", "Largest k such that the actor is in the k-core.",
           lambda G, ctx: _c.core_number(G),
           help="it belongs to a tight group where everyone has at least this many partners in the group",
           order=100, dtype="int64"),
    Metric("articulation_point", "Articulation point", "no",
           "Yes when removing the actor splits its component.", lambda G, ctx: _c.articulation_points(G),
           help="removing it would split its part of the network", ranked=False, order=120, in_menus=False,
           in_details=False, dtype="bool"),
    Metric("ei_index", "E-I index (region)", "no",
           "(links to other regions − links within its region) / both; −1 inward, +1 outward.",
           lambda G, ctx: node_ei_index(G, ctx.region_attr),
           help="−1: all its links stay in its region; +1: all go to other regions", ranked=False, order=110),
    Metric("community", "Community", "weight",
           "Community number (1 = largest), detected with the chosen method and seed.",
           lambda G, ctx: detect_communities(G, method=ctx.method, seed=ctx.seed, weight=ctx.weight,
                                             resolution=ctx.resolution),
           help="a group of actors that cooperate more among themselves than with others",
           ranked=False, order=130, in_menus=False, in_details=False, dtype="int64"),
)

#: The registry by name.
METRIC_BY_NAME: Mapping[str, Metric] = MappingProxyType({m.name: m for m in METRICS})


def ordered_metrics(where: str | None = None) -> tuple[Metric, ...]:
    """The metrics in display order; ``where`` = "menus", "hover" or "details" keeps those shown there.

    >>> [m.name for m in ordered_metrics("hover")]
    ['degree', 'n_cooperations']
    """
    keep = {None: lambda m: True, "menus": lambda m: m.in_menus, "hover": lambda m: m.in_hover,
            "details": lambda m: m.in_details}[where]
    return tuple(sorted((m for m in METRICS if keep(m)), key=lambda m: m.order))


def metric_label(name: str) -> str:
    """The plain name of a metric column (of any column: its name in words when not registered).

    >>> metric_label("degree"), metric_label("some_metric")
    ('Degree (partners)', 'Some metric')
    """
    m = METRIC_BY_NAME.get(name)
    return m.label if m is not None else name.replace("_", " ").capitalize()


def metric_help(name: str) -> str:
    """The plain one-line explanation of a metric ("" when there is none).

    >>> metric_help("degree")
    'how many partners it has'
    """
    m = METRIC_BY_NAME.get(name)
    return m.help if m is not None else ""


def harmonic(G: nx.Graph, *, engine: str = "auto") -> dict:
    """Harmonic closeness normalised to 0–1: Σ 1/d(v, u) over the other actors u, ÷ (n − 1).

    networkx's ``harmonic_centrality`` gives the sum; igraph's (``normalized=True``, the
    engine when installed) the same sum ÷ (n − 1). Unreachable actors count 0.

    >>> G = nx.path_graph(3)
    >>> harmonic(G, engine="networkx")[0], harmonic(G, engine="igraph")[1]
    (0.75, 1.0)
    """
    n = G.number_of_nodes()
    if n <= 1:
        return {v: 0.0 for v in G}
    if _engine.choose_engine(G, engine) == "igraph":
        ig_g = _engine.to_igraph(G)
        return ig_g.to_dict(ig_g.graph.harmonic_centrality(normalized=True))
    return {v: float(s) / (n - 1) for v, s in nx.harmonic_centrality(G).items()}


def describe_metrics() -> pd.DataFrame:
    """:data:`METRICS` as a table: name, label, weights, ranked, description, help.

    >>> describe_metrics().set_index("name").loc["betweenness_weighted", "weights"]
    'distance = 1/weight'
    """
    return pd.DataFrame([{"name": m.name, "label": m.label, "weights": m.weights, "ranked": m.ranked,
                          "description": m.description, "in_words": m.help} for m in METRICS])


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


def _node_metrics(G, engine, method, seed, resolution, weight, region_attr) -> pd.DataFrame:
    nodes = list(G)
    sample = BETWEENNESS_SAMPLE if len(nodes) > BETWEENNESS_EXACT_MAX else None
    ctx = Context(engine, method, seed, resolution, weight, region_attr, sample)
    table = {"id": nodes}
    for attr in NODE_ATTRIBUTES:
        table[attr] = [G.nodes[n].get(attr) for n in nodes]
    for m in METRICS:
        if not m.in_table:
            continue
        col = m.compute(G, ctx)
        table[m.name] = [col.get(n) for n in nodes]
        if m.ranked:
            r = _c.rank(col)
            table[f"{m.name}_rank"] = pd.array([r.get(n) for n in nodes], dtype="Int64")
    df = pd.DataFrame(table)
    for m in METRICS:
        if m.in_table and m.dtype is not None and (len(df) or m.dtype == "bool"):
            df[m.name] = df[m.name].astype(m.dtype)
    # say which columns are estimates (kept by the table; the CLI and app can show it)
    df.attrs["betweenness_approximate"] = sample is not None
    df.attrs["betweenness_sources"] = sample if sample is not None else len(nodes)
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
