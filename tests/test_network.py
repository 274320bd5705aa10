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


# -- cooperation weights (e.g. a Gephi edge Weight) ---------------------------------------------


def weighted_dataset():
    """p1 (a, b, c) weight 3; p2 (a, b) weight 2.5; p3 (c, d) no weight (= 1)."""
    actors = [("a", "A", "organisation", "LV"), ("b", "B", "organisation", "LT"),
              ("c", "C", "organisation", "LT"), ("d", "D", "organisation", "FI")]
    coops = [("p1", "project", (), 2021, 2021, "T", 3), ("p2", "partnership", (), 2022, 2022, "T", 2.5),
             ("p3", "partnership", (), 2023, 2023, "T")]
    parts = [("p1", "a", "partner"), ("p1", "b", "partner"), ("p1", "c", "partner"),
             ("p2", "a", "partner"), ("p2", "b", "partner"), ("p3", "c", "partner"), ("p3", "d", "partner")]
    return make_dataset(actors, coops, parts)


def edge_weights(p):
    return {(s, t): (w, c, n) for s, t, w, c, n in p.edges[["source", "target", "weight", "count", "newman"]]
            .itertuples(index=False)}


def test_cooperation_weights_add_up_in_count_weighting():
    e = edge_weights(project(weighted_dataset(), ViewSpec(weight="count")))
    # a–b: p1 (3) + p2 (2.5); count stays the number of cooperations
    assert e[("a", "b")] == pytest.approx((5.5, 2, 3 / 2 + 2.5))
    assert e[("a", "c")] == pytest.approx((3.0, 1, 1.5))
    assert e[("c", "d")] == pytest.approx((1.0, 1, 1.0))


def test_cooperation_weights_in_newman_weighting_and_at_country_level():
    e = edge_weights(project(weighted_dataset(), ViewSpec(weight="newman")))
    assert e[("a", "b")][0] == pytest.approx(3 / 2 + 2.5)  # p1: 3/(3−1); p2: 2.5/(2−1)
    # countries: p1 has LV, LT (b and c fold into LT) → n = 2, so LV–LT gets 3 + 2.5
    c = edge_weights(project(weighted_dataset(), ViewSpec(level="country", weight="count")))
    assert c[("LT", "LV")] == pytest.approx((5.5, 2, 5.5))
    assert c[("FI", "LT")] == pytest.approx((1.0, 1, 1.0))


def test_cooperation_weights_at_bipartite_level_and_in_min_weight():
    p = project(weighted_dataset(), ViewSpec(level="bipartite", weight="count"))
    e = {(s, t): w for s, t, w in p.edges[["source", "target", "weight"]].itertuples(index=False)}
    assert e[("a", COOP_PREFIX + "p1")] == 3.0 and e[("a", COOP_PREFIX + "p2")] == 2.5
    assert e[("c", COOP_PREFIX + "p3")] == 1.0
    p = project(weighted_dataset(), ViewSpec(level="bipartite", weight="newman"))
    e = {(s, t): w for s, t, w in p.edges[["source", "target", "weight"]].itertuples(index=False)}
    assert e[("a", COOP_PREFIX + "p1")] == pytest.approx(1.5)
    kept = project(weighted_dataset(), ViewSpec(min_weight=3))
    assert set(zip(kept.edges["source"], kept.edges["target"])) == {("a", "b"), ("a", "c"), ("b", "c")}


def test_what_if_removes_a_weighted_cooperation_by_its_weight():
    from graph_explorer.analysis.whatif import remove

    G = build_graph(weighted_dataset(), ViewSpec(weight="count"))
    assert G.graph["cooperation_weights"] == {"p1": 3.0, "p2": 2.5}
    H = remove(G, cooperations=["p1"])
    assert H.edges["a", "b"]["weight"] == pytest.approx(2.5) and not H.has_edge("a", "c")
    N = remove(build_graph(weighted_dataset(), ViewSpec(weight="newman")), cooperations=["p2"])
    assert N.edges["a", "b"]["weight"] == pytest.approx(1.5)


def test_a_links_file_weight_is_kept_and_a_weight_of_zero_is_refused():
    from graph_explorer.dataset import load_bytes
    from graph_explorer.errors import DataError

    text = "source,target,kind,weight\nLatvia,Finland,partnership,4\nLatvia,Estonia,partnership,\nLatvia,Finland,project,1.5\n"
    ds = load_bytes(text.encode(), "links.csv")
    assert ds.cooperations["weight"].tolist()[0] == 4.0 and ds.cooperations["weight"].isna().tolist()[1]
    e = edge_weights(project(ds, ViewSpec(level="country")))
    assert e[("FI", "LV")] == pytest.approx((5.5, 2, 5.5)) and e[("EE", "LV")] == pytest.approx((1.0, 1, 1.0))
    with pytest.raises(DataError) as err:
        load_bytes(text.replace(",4\n", ",0\n").encode(), "links.csv")
    (p,) = [p for p in err.value.report.errors]
    assert (p.row, p.column) == (2, "weight") and "not above 0" in p.message
