"""Projection on hand-made datasets with answers worked out by hand.

The data is :func:`graph_explorer.testing.tiny_dataset`; its docstring gives
the table and the expected weights.
"""

import networkx as nx
import pytest

from graph_explorer.network import COOP_PREFIX, build_graph, project
from graph_explorer.testing import make_dataset, tiny_dataset
from graph_explorer.view import ViewSpec


def weights(G, attr="weight"):
    return {tuple(sorted((u, v))): d[attr] for u, v, d in G.edges(data=True)}


@pytest.fixture(scope="module")
def ds():
    return tiny_dataset()


def test_organisation_count(ds):
    G = build_graph(ds, ViewSpec(level="organisation", weight="count"))
    assert weights(G) == {
        ("a", "b"): 2, ("a", "c"): 1, ("a", "d"): 1, ("b", "c"): 1, ("b", "d"): 1, ("c", "d"): 1, ("c", "e"): 1,
    }
    # the lone network member is a node (it takes part in a cooperation) without links
    assert set(G) == {"a", "b", "c", "d", "e", "n"}
    assert G.degree("n") == 0
    assert G.edges["a", "b"]["cooperations"] == ("p1", "p2")
    assert G.edges["a", "b"]["kinds"] == ("partnership", "project")
    assert G.edges["a", "b"]["themes"] == ("green", "wbl")
    assert (G.edges["a", "b"]["start"], G.edges["a", "b"]["end"]) == (2021, 2023)
    assert G.nodes["a"]["n_cooperations"] == 2
    assert G.nodes["c"]["region"] == "Baltic"


def test_organisation_newman(ds):
    G = build_graph(ds, ViewSpec(level="organisation", weight="newman"))
    w = weights(G)
    assert w[("a", "b")] == pytest.approx(1 / 3 + 1)
    assert w[("a", "c")] == pytest.approx(1 / 3)
    assert w[("c", "e")] == pytest.approx(1.0)
    # both weights are always kept; `weight` is the chosen one
    assert G.edges["a", "b"]["count"] == 2


def test_country_count_and_newman(ds):
    G = build_graph(ds, ViewSpec(level="country"))
    assert weights(G) == {("LT", "LV"): 1, ("FI", "LV"): 1, ("FI", "LT"): 1, ("DE", "LT"): 1}
    assert "n" in G and G.nodes["n"]["kind"] == "network"  # no country: stays itself
    assert G.nodes["LV"]["n_actors"] == 2 and G.nodes["LV"]["label"] == "Latvia"
    # a–b (both LV) share p2 only: a same-country pair is no link
    assert not G.has_edge("LV", "LV")
    Gn = build_graph(ds, ViewSpec(level="country", weight="newman"))
    w = weights(Gn)
    assert w[("LT", "LV")] == pytest.approx(1 / 2)  # p1 has 3 countries
    assert w[("DE", "LT")] == pytest.approx(1.0)


def test_bipartite(ds):
    G = build_graph(ds, ViewSpec(level="bipartite"))
    coop_nodes = {n for n, d in G.nodes(data=True) if d["bipartite"] == 1}
    assert coop_nodes == {COOP_PREFIX + c for c in ("p1", "p2", "p3", "p4")}
    assert nx.is_bipartite(G)
    assert G.degree(COOP_PREFIX + "p1") == 4
    assert G.number_of_edges() == 9
    Gn = build_graph(ds, ViewSpec(level="bipartite", weight="newman"))
    assert Gn.edges["a", COOP_PREFIX + "p1"]["weight"] == pytest.approx(1 / 3)
    assert Gn.edges["a", COOP_PREFIX + "p2"]["weight"] == pytest.approx(1.0)


def test_theme_filter(ds):
    G = build_graph(ds, ViewSpec(themes=("wbl", "quality")))
    assert weights(G) == {("a", "b"): 1, ("c", "e"): 1}
    assert set(G) == {"a", "b", "c", "e"}


def test_kind_programme_filters(ds):
    assert weights(build_graph(ds, ViewSpec(kinds=("peer review",)))) == {("c", "e"): 1}
    assert weights(build_graph(ds, ViewSpec(programmes=("bilateral",)))) == {("a", "b"): 1}


def test_year_filter_overlap_and_undated(ds):
    G = build_graph(ds, ViewSpec(years=(2022, 2023)))
    assert weights(G) == {("a", "b"): 1, ("c", "e"): 1}
    assert "n" not in G  # p4 has no year: left out by a year filter


def test_region_and_country_filters(ds):
    G = build_graph(ds, ViewSpec(regions=("Baltic",)))
    assert weights(G) == {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1}
    G = build_graph(ds, ViewSpec(level="country", countries=("LT", "DE")))
    assert weights(G) == {("DE", "LT"): 1}


def test_min_weight_drops_links_and_orphans(ds):
    G = build_graph(ds, ViewSpec(min_weight=2))
    assert weights(G) == {("a", "b"): 2}
    assert set(G) == {"a", "b"}


def test_duplicate_participation_counts_once():
    # one actor listed twice in one project under two roles (as in LCAMP)
    ds = make_dataset(
        [("x", "X", "organisation", "LV"), ("y", "Y", "organisation", "LT")],
        [("p", "project", (), 2021, 2021)],
        [("p", "x", "partner"), ("p", "x", "associated partner"), ("p", "y", "partner")],
    )
    G = build_graph(ds, ViewSpec(weight="newman"))
    assert weights(G) == {("x", "y"): pytest.approx(1.0)}  # n = 2 distinct actors


def test_empty_result_is_a_valid_graph(ds):
    G = build_graph(ds, ViewSpec(themes=("teachers",)))
    assert G.number_of_nodes() == 0 and G.number_of_edges() == 0


def test_graph_carries_its_view(ds):
    spec = ViewSpec(level="country", themes=("green",))
    G = build_graph(ds, spec)
    assert G.graph["level"] == "country"
    assert ViewSpec.from_query(G.graph["query"]) == spec
    assert G.graph["fingerprint"] == ds.fingerprint


def test_projection_matches_naive_pairs_on_random_data():
    """The vectorised projection equals a plain double loop over each cooperation."""
    import itertools
    import random

    rng = random.Random(7)
    actors = [(f"o{i}", f"Org {i}", "organisation", rng.choice(["LV", "LT", "EE", "FI", "DE"])) for i in range(40)]
    coops = [(f"c{j}", "project", (), 2021, 2021) for j in range(30)]
    parts = []
    for cid, *_ in coops:
        for a in rng.sample(actors, rng.randint(2, 9)):
            parts.append((cid, a[0], "partner"))
    ds = make_dataset(actors, coops, parts)
    for level in ("organisation", "country"):
        key = {a[0]: (a[3] if level == "country" else a[0]) for a in actors}
        expected_count, expected_newman = {}, {}
        for cid, *_ in coops:
            members = sorted({key[a] for c, a, _ in parts if c == cid})
            for u, v in itertools.combinations(members, 2):
                expected_count[(u, v)] = expected_count.get((u, v), 0) + 1
                expected_newman[(u, v)] = expected_newman.get((u, v), 0) + 1 / (len(members) - 1)
        G = build_graph(ds, ViewSpec(level=level))
        assert weights(G) == expected_count
        Gn = build_graph(ds, ViewSpec(level=level, weight="newman"))
        assert weights(Gn) == pytest.approx(expected_newman)


def test_projection_edges_table_matches_graph(ds):
    p = project(ds, ViewSpec())
    G = build_graph(ds, ViewSpec())
    assert p.n_edges == G.number_of_edges() and p.n_nodes == G.number_of_nodes()
    assert (p.edges["source"] < p.edges["target"]).all()
