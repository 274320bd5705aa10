"""The analysis layer: a graph in, metrics tables and findings out.

Every function takes a networkx graph (as built by
:func:`graph_explorer.network.build_graph`) and keyword options, and returns
a dict or a DataFrame; randomised ones take ``seed=``. Heavy measures run on
igraph when the graph is large (:mod:`.engine`), and results are cached per
graph content and options (:mod:`.cache`).

Modules
-------
centrality     per-node measures (degree … articulation points) and ranks
communities    Leiden / Louvain communities, modularity, community summaries
regions        E-I index, cross-region share, communities vs regions (ARI, NMI)
metrics        the metrics table and graph-level measures; the metric registry
paths          shortest paths with the cooperations behind each hop; ego networks
suggest        suggested partners and their validation by link recovery
whatif         removing actors or cooperations and what changes
holders        articulation points and bridges; per-region table and region matrix; what-if targets
resolve        naming actors by id or by part of their name
engine         networkx ↔ igraph conversion and the igraph fast paths
cache          the per-graph result cache
basic          degree, strength and cooperations of a projection (no graph): for any view
"""

from . import centrality, communities, engine, holders, metrics, paths, regions, resolve, suggest, whatif
from .cache import cached, clear_cache, graph_key
from .centrality import (articulation_points, betweenness, closeness, clustering, core_number, degree,
                         eigenvector, pagerank, rank, strength)
from .communities import community_summary, detect_communities, modularity, partition_sets, relabel_by_size
from .engine import to_igraph
from .metrics import METRIC_BY_NAME, METRICS, Metric, describe_metrics, graph_metrics, metric_label, node_metrics, ordered_metrics
from .paths import ego_network, path_table, shortest_paths
from .regions import (adjusted_rand_index, communities_vs_regions, cross_region_share, ei_index, group_ei_index,
                      node_ei_index, normalized_mutual_information, partition_agreement, region_partition)
from .resolve import find_actors, resolve_actor, resolve_actors, resolve_cooperation
from .suggest import evaluate_link_recovery, evaluate_new_links, suggest_partners, theme_profiles
from .whatif import global_efficiency, remove, structure, what_if
from .holders import region_matrix, region_table, removal_actors, removal_cooperations

__all__ = [
    # modules
    "centrality", "communities", "engine", "holders", "metrics", "paths", "regions", "resolve", "suggest", "whatif",
    # cache
    "cached", "clear_cache", "graph_key",
    # centrality
    "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "clustering", "core_number",
    "articulation_points", "rank",
    # communities
    "detect_communities", "modularity", "partition_sets", "relabel_by_size", "community_summary",
    # regions
    "region_partition", "node_ei_index", "group_ei_index", "ei_index", "cross_region_share",
    "adjusted_rand_index", "normalized_mutual_information", "partition_agreement", "communities_vs_regions",
    # metrics
    "Metric", "METRICS", "METRIC_BY_NAME", "ordered_metrics", "metric_label", "describe_metrics", "node_metrics",
    "graph_metrics",
    # paths
    "shortest_paths", "path_table", "ego_network",
    # suggest
    "theme_profiles", "suggest_partners", "evaluate_link_recovery", "evaluate_new_links",
    # what-if
    "remove", "global_efficiency", "structure", "what_if",
    # holders
    "region_table", "region_matrix", "removal_actors", "removal_cooperations",
    # resolve
    "find_actors", "resolve_actor", "resolve_actors", "resolve_cooperation",
    # engine
    "to_igraph",
]
