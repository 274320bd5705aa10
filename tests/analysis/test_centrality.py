"""Per-node metrics against published values and against networkx; igraph and networkx agree."""

import math

import networkx as nx
import pytest

from graph_explorer.analysis import centrality as c
from graph_explorer.analysis.metrics import METRICS, node_metrics

ENGINES = ["networkx", "igraph"]


# -- published values (Zachary 1977 karate club; Padgett's Florentine families) -----------

@pytest.mark.parametrize("engine", ENGINES)
def test_karate_published_values(karate, engine):
    assert c.degree(karate)[33] == 17 and c.degree(karate)[0] == 16
    b = c.betweenness(karate, engine=engine)
    assert b[0] == pytest.approx(0.437635, abs=1e-6)
    assert b[33] == pytest.approx(0.304075, abs=1e-6)
    assert b[32] == pytest.approx(0.145247, abs=1e-6)
    cl = c.closeness(karate, engine=engine)
    assert cl[0] == pytest.approx(0.568966, abs=1e-6)
    assert cl[33] == pytest.approx(0.55, abs=1e-6)
    assert c.clustering(karate, engine=engine)[0] == pytest.approx(0.15)
    assert max(c.core_number(karate).values()) == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_florentine_published_values(florentine, engine):
    assert c.degree(florentine)["Medici"] == 6
    assert c.betweenness(florentine, engine=engine)["Medici"] == pytest.approx(0.521978, abs=1e-6)
    assert c.closeness(florentine, engine=engine)["Medici"] == pytest.approx(0.56)
    ap = c.articulation_points(florentine)
    assert sorted(n for n, cut in ap.items() if cut) == ["Albizzi", "Guadagni", "Medici", "Salviati"]


def test_eigenvector_matches_networkx_scaled_to_max_one(karate, florentine):
    for G, weight in [(karate, None), (karate, "weight"), (florentine, None)]:
        ours = c.eigenvector(G, weight=weight)
        ref = nx.eigenvector_centrality_numpy(G, weight=weight)
        top = max(ref.values())
        assert max(ours.values()) == pytest.approx(1.0)
        assert ours == pytest.approx({n: v / top for n, v in ref.items()}, abs=1e-8)
    # published unit-norm values, karate, unweighted: 0.3734 (33) and 0.3555 (0)
    e = c.eigenvector(karate, weight=None)
    assert e[0] / e[33] == pytest.approx(0.355491 / 0.373363, abs=1e-5)


def test_pagerank_strength_core_clustering_match_networkx(karate, weighted_random):
    for G in (karate, weighted_random):
        # ours iterates to 1e-10; networkx's default stops at 1e-6, so compare at a tight tolerance
        assert c.pagerank(G) == pytest.approx(nx.pagerank(G, weight="weight", tol=1e-12), abs=1e-8)
        assert c.strength(G) == pytest.approx(dict(G.degree(weight="weight")))
        assert c.core_number(G) == nx.core_number(G)
        assert c.clustering(G, engine="networkx") == pytest.approx(nx.clustering(G))


# -- the two engines agree -----------------------------------------------------------

GRAPHS = ["karate", "florentine", "weighted_random"]


@pytest.mark.parametrize("name", GRAPHS)
def test_betweenness_igraph_equals_networkx(request, name):
    G = request.getfixturevalue(name)
    assert c.betweenness(G, engine="igraph") == pytest.approx(c.betweenness(G, engine="networkx"), abs=1e-9)


def test_weighted_betweenness_engines_agree_without_ties(weighted_random):
    a = c.betweenness(weighted_random, weighted=True, engine="networkx")
    b = c.betweenness(weighted_random, weighted=True, engine="igraph")
    assert b == pytest.approx(a, abs=1e-9)


def test_weighted_betweenness_is_exact_when_float_paths_tie(karate):
    """Regression: with integer weights, 1/w path lengths tie up to rounding (1/2 + 1/2 + ... ).

    igraph (used by ``auto``) must count such paths as equally short, as networkx does
    when run on exact integer distances lcm(weights) / w.
    """
    lcm = math.lcm(*(int(w) for _, _, w in karate.edges(data="weight")))
    H = karate.copy()
    for u, v, d in H.edges(data=True):
        d["distance"] = lcm // int(d["weight"])
    exact = nx.betweenness_centrality(H, weight="distance")
    assert c.betweenness(karate, weighted=True, engine="igraph") == pytest.approx(exact, abs=1e-9)
    assert c.betweenness(karate, weighted=True) == pytest.approx(exact, abs=1e-9)


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("weighted", [False, True])
def test_closeness_igraph_equals_networkx(request, name, weighted):
    G = request.getfixturevalue(name)
    assert c.closeness(G, weighted=weighted, engine="igraph") == pytest.approx(
        c.closeness(G, weighted=weighted, engine="networkx"), abs=1e-9)


@pytest.mark.parametrize("name", GRAPHS)
def test_clustering_igraph_equals_networkx(request, name):
    G = request.getfixturevalue(name)
    assert c.clustering(G, engine="igraph") == pytest.approx(nx.clustering(G), abs=1e-12)


def test_weighted_betweenness_uses_inverse_weight_as_distance(weighted_random):
    """Regression: a heavy link must be a short one, not a long one."""
    H = weighted_random.copy()
    for u, v, d in H.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    ref = nx.betweenness_centrality(H, weight="distance")
    assert c.betweenness(weighted_random, weighted=True, engine="igraph") == pytest.approx(ref, abs=1e-9)
    assert c.betweenness(weighted_random, weighted=True) != pytest.approx(
        nx.betweenness_centrality(weighted_random, weight="weight"), abs=1e-6)


def test_rank_highest_first_ties_share_the_min_rank():
    assert c.rank({"a": 0.1, "b": 0.5, "c": 0.5, "d": 0.0}) == {"a": 3, "b": 1, "c": 1, "d": 4}
    assert c.rank({"a": float("nan"), "b": 1.0}) == {"a": None, "b": 1}


def test_metrics_table_columns_and_ranks(karate):
    t = node_metrics(karate, seed=1)
    expected = ["id", "label", "kind", "country", "region"]
    for m in (m for m in METRICS if m.in_table):
        expected.append(m.name)
        if m.ranked:
            expected.append(f"{m.name}_rank")
    assert list(t.columns) == expected
    t = t.set_index("id")
    assert t.loc[0, "betweenness_rank"] == 1 and t.loc[33, "betweenness_rank"] == 2
    assert t.loc[33, "degree_rank"] == 1
    # weighted and unweighted betweenness are different columns with different values
    assert t["betweenness"].tolist() == pytest.approx(list(nx.betweenness_centrality(karate).values()))
    assert t["betweenness_weighted"].tolist() != pytest.approx(t["betweenness"].tolist())
    # ranks are consistent with values: a higher value never has a worse rank
    for m in (m for m in METRICS if m.ranked and m.in_table):
        s = t.sort_values(m.name, ascending=False)
        assert s[f"{m.name}_rank"].is_monotonic_increasing
        assert s[f"{m.name}_rank"].iloc[0] == 1


def test_metrics_engines_agree_on_the_whole_table(weighted_random):  # real weights: no ties
    a = node_metrics(weighted_random, engine="networkx", seed=3)
    b = node_metrics(weighted_random, engine="igraph", seed=3)
    for col in ("betweenness", "betweenness_weighted", "closeness", "clustering"):
        assert b[col].tolist() == pytest.approx(a[col].tolist(), abs=1e-9)


def test_isolated_node_and_empty_graph():
    G = nx.Graph([(1, 2)])
    G.add_node(3)
    t = node_metrics(G).set_index("id")
    assert t.loc[3, "degree"] == 0 and t.loc[3, "closeness"] == 0 and t.loc[3, "eigenvector"] == 0
    assert math.isnan(t.loc[3, "ei_index"])
    assert len(node_metrics(nx.Graph())) == 0


def test_sampled_betweenness_estimates_exact_values():
    """Source sampling (used above BETWEENNESS_EXACT_MAX nodes) is unbiased and ranks the top nodes alike."""
    import numpy as np

    from graph_explorer.analysis.centrality import betweenness

    G = nx.barabasi_albert_graph(800, 3, seed=5)
    exact = betweenness(G, engine="igraph")
    est_ig = betweenness(G, engine="igraph", sample=300, seed=1)
    est_nx = betweenness(G, engine="networkx", sample=300, seed=1)
    v = lambda d: np.array([d[n] for n in G])  # noqa: E731
    assert np.corrcoef(v(exact), v(est_ig))[0, 1] > 0.98
    assert v(est_ig) == pytest.approx(v(est_nx), abs=1e-12)  # both engines agree on the same sources
    top = lambda a: set(np.argsort(-a)[:20])  # noqa: E731
    assert len(top(v(exact)) & top(v(est_ig))) >= 16
    assert betweenness(G, engine="igraph", sample=300, seed=1) == est_ig  # seeded


def test_metrics_table_says_when_betweenness_is_estimated(monkeypatch):
    from graph_explorer.analysis import metrics

    G = nx.karate_club_graph()
    assert metrics.node_metrics(G).attrs["betweenness_approximate"] is False
    monkeypatch.setattr(metrics, "BETWEENNESS_EXACT_MAX", 10)
    monkeypatch.setattr(metrics, "BETWEENNESS_SAMPLE", 20)
    from graph_explorer.analysis.cache import clear_cache

    clear_cache()
    t = metrics.node_metrics(G)
    assert t.attrs["betweenness_approximate"] is True and t.attrs["betweenness_sources"] == 20
    clear_cache()
