"""E-I index on a hand-made graph with answers worked out by hand; ARI and NMI on known cases."""

import math

import networkx as nx
import pytest

from graph_explorer.analysis.regions import (NO_GROUP, adjusted_rand_index, communities_vs_regions,
                                             cross_region_share, ei_index, group_ei_index, node_ei_index,
                                             normalized_mutual_information, region_partition)


@pytest.fixture
def two_regions():
    """Nordic: a, b, c (a triangle); Baltic: d, e; links a–d, b–d (cross) and d–e; n has no region.

    Links: internal a–b, a–c, b–c (Nordic), d–e (Baltic); external a–d, b–d; n–a not counted.
    Node E-I: a (E1, I2) = −1/3; b the same; c (E0, I2) = −1; d (E2, I1) = +1/3; e (E0, I1) = −1.
    Groups: Nordic I=3, E=2 → −1/5; Baltic I=1, E=2 → +1/3. Network: E=2, I=4 → −1/3.
    Weighted (a–d weighs 4): a (4−2)/6 = 1/3; network (5 − 4)/9 = 1/9.
    """
    G = nx.Graph()
    for n, r in {"a": "Nordic", "b": "Nordic", "c": "Nordic", "d": "Baltic", "e": "Baltic", "n": None}.items():
        G.add_node(n, region=r)
    G.add_edges_from([("a", "b"), ("a", "c"), ("b", "c"), ("d", "e"), ("b", "d"), ("a", "n")], weight=1.0)
    G.add_edge("a", "d", weight=4.0)
    return G


def test_node_ei(two_regions):
    ei = node_ei_index(two_regions)
    assert ei["a"] == pytest.approx(-1 / 3) and ei["b"] == pytest.approx(-1 / 3)
    assert ei["c"] == -1.0 and ei["d"] == pytest.approx(1 / 3) and ei["e"] == -1.0
    assert math.isnan(ei["n"])


def test_group_and_network_ei(two_regions):
    t = group_ei_index(two_regions).set_index("group")
    assert t.loc["Nordic", ["internal", "external"]].tolist() == [3, 2]
    assert t.loc["Nordic", "ei_index"] == pytest.approx(-1 / 5)
    assert t.loc["Baltic", "ei_index"] == pytest.approx(1 / 3)
    assert t.loc["Baltic", "nodes"] == 2 and NO_GROUP not in t.index
    assert ei_index(two_regions) == pytest.approx(-1 / 3)
    assert cross_region_share(two_regions) == pytest.approx(2 / 6)


def test_weighted_ei(two_regions):
    assert node_ei_index(two_regions, weight="weight")["a"] == pytest.approx(1 / 3)
    assert ei_index(two_regions, weight="weight") == pytest.approx(1 / 9)


def test_region_partition_puts_missing_in_one_group(two_regions):
    assert region_partition(two_regions)["n"] == NO_GROUP


def test_ei_on_country_attribute(two_regions):
    G = two_regions.copy()
    nx.set_node_attributes(G, {"a": "FI", "b": "SE", "c": "SE", "d": "LV", "e": "LV"}, "country")
    assert node_ei_index(G, "country")["a"] == 1.0


# -- partition agreement: values also given in scikit-learn's documentation ----------

def test_ari_known_values():
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 1]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.5714285714)
    assert adjusted_rand_index([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


def test_nmi_known_values():
    assert normalized_mutual_information([0, 0, 1, 1], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert normalized_mutual_information([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0
    assert normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0, abs=1e-12)
    # by hand: a = [0 0 1 1], b = [0 0 0 1]: I = 0.2158 nats, H(a) = 0.6931, H(b) = 0.5623
    assert normalized_mutual_information([0, 0, 1, 1], [0, 0, 0, 1]) == pytest.approx(
        0.21576155433883565 / ((0.6931471805599453 + 0.5623351446188083) / 2))


def test_communities_vs_regions(two_regions):
    r = communities_vs_regions(two_regions, {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "n": 2})
    assert r["ari"] == 1.0 and r["nmi"] == pytest.approx(1.0) and r["nodes"] == 5  # n has no region
    assert r["table"].loc[1, "Nordic"] == 3 and r["table"].loc[2, "Baltic"] == 2
