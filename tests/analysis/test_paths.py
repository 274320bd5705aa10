"""Shortest paths list the cooperations behind each hop; ego networks; on the hand-made tiny dataset."""

import networkx as nx
import pytest

from graph_explorer.analysis.cache import graph_key
from graph_explorer.analysis.paths import ego_network, path_table, shortest_paths
from graph_explorer.network import build_graph
from graph_explorer.testing import tiny_dataset


@pytest.fixture(scope="module")
def tiny():
    """a–b (p1, p2), a–c, a–d, b–c, b–d, c–d (p1), c–e (p3); n alone. See testing.tiny_dataset."""
    return build_graph(tiny_dataset())


def test_path_with_cooperations_per_hop(tiny):
    r = shortest_paths(tiny, "a", "e")
    assert r["connected"] and r["length"] == 2 and r["n_paths"] == 1 and not r["capped"]
    (p,) = r["paths"]
    assert p["nodes"] == ["a", "c", "e"] and p["labels"] == ["Alpha College", "Centre C", "Echo Ministry"]
    assert [h["cooperations"] for h in p["hops"]] == [["p1"], ["p3"]]
    assert p["hops"][1]["themes"] == ["quality"]


def test_all_shortest_paths_and_cap(tiny):
    r = shortest_paths(tiny, "d", "e")  # d–c–e only
    assert [p["nodes"] for p in r["paths"]] == [["d", "c", "e"]]
    G = nx.complete_bipartite_graph(1, 4)
    G.add_edges_from((i, 9) for i in range(1, 5))  # 0 → {1..4} → 9: four shortest paths
    r = shortest_paths(G, 0, 9, cap=3)
    assert r["n_paths"] == 3 and r["capped"] and r["length"] == 2
    assert shortest_paths(G, 0, 9, cap=4)["capped"] is False


def test_weighted_path_prefers_strong_links():
    G = nx.Graph()
    G.add_edge("s", "x", weight=1.0)  # direct but weak: distance 1
    G.add_edge("s", "y", weight=4.0)
    G.add_edge("y", "t", weight=4.0)  # two strong links: distance 0.5
    G.add_edge("x", "t", weight=1.0)
    G.add_edge("s", "t", weight=0.5)  # distance 2
    assert shortest_paths(G, "s", "t")["paths"][0]["nodes"] == ["s", "t"]
    r = shortest_paths(G, "s", "t", weighted=True)
    assert r["paths"][0]["nodes"] == ["s", "y", "t"] and r["distance"] == pytest.approx(0.5)


def test_not_connected(tiny):
    r = shortest_paths(tiny, "a", "n")
    assert not r["connected"] and r["paths"] == [] and r["length"] is None
    assert len(path_table(r)) == 0


def test_unknown_node(tiny):
    with pytest.raises(nx.NodeNotFound):
        shortest_paths(tiny, "a", "zz")


def test_path_table(tiny):
    t = path_table(shortest_paths(tiny, "a", "e"))
    assert t[["path", "step", "source", "target", "cooperations"]].values.tolist() == [
        [1, 1, "a", "c", "p1"], [1, 2, "c", "e", "p3"]]


def test_ego_network(tiny):
    E1 = ego_network(tiny, "e", hops=1)
    assert sorted(E1) == ["c", "e"]
    E2 = ego_network(tiny, "e", hops=2)
    assert sorted(E2) == ["a", "b", "c", "d", "e"] and E2.nodes["a"]["hops"] == 2
    assert E2.edges["a", "b"]["cooperations"] == ("p1", "p2")
    # the ego network is named apart from the whole view, so cached results never mix
    assert graph_key(E2) != graph_key(tiny)
