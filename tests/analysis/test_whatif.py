"""What-if removals on the hand-made tiny dataset, and global efficiency against networkx."""

import networkx as nx
import pytest

from graph_explorer.analysis.cache import graph_key
from graph_explorer.analysis.whatif import global_efficiency, remove, structure, what_if
from graph_explorer.errors import GraphExplorerError
from graph_explorer.network import build_graph
from graph_explorer.testing import tiny_dataset
from graph_explorer.view import ViewSpec


@pytest.fixture(scope="module")
def tiny():
    return build_graph(tiny_dataset())


def test_remove_actor_cuts_off_its_only_partner(tiny):
    r = what_if(tiny, remove_actors=["c"])  # e's only link is c–e
    assert r["disconnected"] == ["e"]
    assert r["before"]["components"] == 2 and r["after"]["components"] == 3  # n alone throughout
    assert r["before"]["largest_component_share"] == pytest.approx(5 / 6)
    assert r["after"]["largest_component_share"] == pytest.approx(3 / 5)
    assert r["change"]["components"] == 1 and r["links_removed"] == 4  # a–c, b–c, c–d, c–e


def test_remove_cooperation_decrements_and_drops(tiny):
    H = remove(tiny, cooperations=["p1"])
    # a–b had p1 and p2: it stays with count 1; every p1-only link goes
    assert sorted(map(sorted, H.edges())) == [["a", "b"], ["c", "e"]]
    assert H.edges["a", "b"]["count"] == 1 and H.edges["a", "b"]["weight"] == 1.0
    assert H.edges["a", "b"]["cooperations"] == ("p2",)
    assert tiny.edges["a", "b"]["count"] == 2  # the original is untouched
    r = what_if(tiny, remove_cooperations=["p1"])
    assert r["links_removed"] == 5 and r["links_weakened"] == 1
    assert r["after"]["components"] == 4  # {a, b}, {c, e}, d, n
    # of two largest components of equal size, the one with the smallest id counts as largest
    assert r["disconnected"] == ["c", "d", "e"]


def test_remove_cooperation_newman_weight():
    G = build_graph(tiny_dataset(), ViewSpec(weight="newman"))
    H = remove(G, cooperations=["p2"])  # a–b: 1/3 (p1) + 1 (p2) → 1/3
    assert H.edges["a", "b"]["weight"] == pytest.approx(1 / 3)
    assert H.edges["a", "b"]["newman"] == pytest.approx(1 / 3) and H.edges["a", "b"]["count"] == 1


def test_remove_cooperation_at_bipartite_level():
    G = build_graph(tiny_dataset(), ViewSpec(level="bipartite"))
    H = remove(G, cooperations=["p3"])
    assert "coop:p3" not in H and "coop:p3" in G


def test_unknown_cooperation(tiny):
    with pytest.raises(GraphExplorerError, match="p9"):
        what_if(tiny, remove_cooperations=["p9"])


def test_removed_graph_is_cached_apart(tiny):
    assert graph_key(remove(tiny, ["c"])) != graph_key(tiny)
    assert graph_key(remove(tiny, cooperations=["p2"])) != graph_key(tiny)  # same nodes, other weights


@pytest.mark.parametrize("name", ["karate", "florentine", "weighted_random"])
def test_efficiency_exact_matches_networkx(request, name):
    G = request.getfixturevalue(name)
    r = global_efficiency(G)
    assert r["efficiency"] == pytest.approx(nx.global_efficiency(G)) and r["approximate"] is False


def test_efficiency_sampled_says_so_and_is_close(karate):
    r = global_efficiency(karate, exact_max=10, n_sources=20, seed=3)
    assert r["approximate"] is True and r["sources"] == 20
    assert r["efficiency"] == pytest.approx(nx.global_efficiency(karate), abs=0.05)
    assert global_efficiency(karate, exact_max=10, n_sources=20, seed=3) == r  # seeded


def test_structure_of_empty_graph():
    s = structure(nx.Graph())
    assert s["nodes"] == 0 and s["components"] == 0 and s["efficiency"] == 0.0
