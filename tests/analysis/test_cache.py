"""The per-graph cache serves repeats and never serves results for different data."""

import networkx as nx

from graph_explorer.analysis import cache as cache_mod
from graph_explorer.analysis.cache import cached, clear_cache, graph_key
from graph_explorer.analysis.metrics import node_metrics
from graph_explorer.network import build_graph
from graph_explorer.testing import tiny_dataset
from graph_explorer.view import ViewSpec


def test_repeat_is_served_and_copies_are_independent(karate):
    clear_cache()
    a = node_metrics(karate, seed=2)
    hits = cache_mod.ANALYSIS_CACHE.hits
    b = node_metrics(karate, seed=2)
    assert cache_mod.ANALYSIS_CACHE.hits == hits + 1
    a.loc[0, "degree"] = -1  # a caller's change does not reach the cache
    assert node_metrics(karate, seed=2).loc[0, "degree"] == b.loc[0, "degree"] != -1


def test_options_are_part_of_the_key(karate):
    calls = []
    cached(karate, "t", {"seed": 1}, lambda: calls.append(1))
    cached(karate, "t", {"seed": 2}, lambda: calls.append(1))
    assert len(calls) == 2


def test_view_graphs_keyed_by_fingerprint_and_query():
    ds = tiny_dataset()
    g1, g2 = build_graph(ds), build_graph(ds, ViewSpec(themes=("green",)))
    assert graph_key(g1) == graph_key(build_graph(ds))
    assert graph_key(g1) != graph_key(g2)
    assert graph_key(g1)[1] == ds.fingerprint and graph_key(g2)[2] == "theme=green"


def test_graphs_without_fingerprint_keyed_by_content():
    a = nx.Graph([(1, 2, {"weight": 1.0})])
    b = nx.Graph([(1, 2, {"weight": 2.0})])  # same edges, other weight
    c = nx.Graph([(2, 1, {"weight": 1.0})])  # same content, other order
    assert graph_key(a) != graph_key(b) and graph_key(a) == graph_key(c)
    nx.set_node_attributes(c, {1: "Nordic", 2: "Baltic"}, "region")
    assert graph_key(a) != graph_key(c)  # node attributes (regions) change results too
    t_a = node_metrics(a)
    t_b = node_metrics(b)
    assert t_a.loc[0, "strength"] == 1.0 and t_b.loc[0, "strength"] == 2.0


def test_igraph_conversion_happens_once_per_graph(karate):
    from graph_explorer.analysis.engine import to_igraph

    a = to_igraph(karate)
    assert to_igraph(karate) is a  # served, not converted again
    assert to_igraph(karate.copy()) is a  # same content, same conversion
    assert a.nodes == tuple(karate) and a.graph.ecount() == karate.number_of_edges()
