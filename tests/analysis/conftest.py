"""Shared graphs for the analysis tests: networkx's classics, a weighted random graph, the bundled data."""

import networkx as nx
import numpy as np
import pytest


@pytest.fixture(scope="session")
def karate():
    """Zachary's karate club (34 nodes, 78 links); edges carry Zachary's interaction counts as ``weight``."""
    return nx.karate_club_graph()


@pytest.fixture(scope="session")
def florentine():
    """Padgett's Florentine families (marriages; 15 nodes, 20 links)."""
    return nx.florentine_families_graph()


@pytest.fixture(scope="session")
def weighted_random():
    """A G(n, m) graph with real weights in [0.5, 5) (seeded, so no two paths tie), an isolated node and a pair."""
    G = nx.gnm_random_graph(60, 180, seed=7)
    rng = np.random.default_rng(7)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = float(rng.uniform(0.5, 5.0))
    G.add_node(100)
    G.add_edge(101, 102, weight=2.0)
    return G


@pytest.fixture(scope="session")
def bundled_graph():
    """The bundled data at organisation level, count weights (the default view)."""
    from graph_explorer.dataset import load_bundled
    from graph_explorer.network import build_graph

    return build_graph(load_bundled())
