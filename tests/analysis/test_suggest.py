"""Suggested partners: scores, reasons, theme restriction; link recovery on the bundled data."""

import networkx as nx
import pytest

from graph_explorer.analysis.suggest import (evaluate_link_recovery, evaluate_new_links, suggest_partners,
                                             theme_profiles)
from graph_explorer.network import build_graph
from graph_explorer.view import ViewSpec


@pytest.fixture
def G():
    """u's partners a, b; x shares both, y shares a only, z shares none but works on green like u.

    Degrees: a 4 (u, x, y, w), b 2 (u, x). RA(u, x) = 1/4 + 1/2 = 3/4; RA(u, y) = 1/4; RA(u, w) = 1/4.
    """
    G = nx.Graph()
    G.add_node("u", label="U college")
    G.add_edge("u", "a", themes=("green",), count=2)
    G.add_edge("u", "b", themes=("green", "digital"), count=1)
    G.add_edge("x", "a", themes=("green",), count=1)
    G.add_edge("x", "b", themes=("green",), count=1)
    G.add_edge("y", "a", themes=("quality",), count=1)
    G.add_edge("w", "a", themes=("green",), count=1)
    G.add_edge("z", "q", themes=("green",), count=3)
    nx.set_node_attributes(G, {n: n.upper() for n in G if n != "u"}, "label")
    return G


def test_theme_profiles(G):
    p = theme_profiles(G)
    assert p.loc["u"].to_dict() == {"digital": 1.0, "green": 3.0, "quality": 0.0}
    assert p.loc["a"].to_dict() == {"digital": 0.0, "green": 4.0, "quality": 1.0}


def test_scores_and_order(G):
    s = suggest_partners(G, "u", top=10).set_index("id")
    assert list(s.index[:2]) == ["x", "w"]  # w: RA 1/4 and pure green; y: RA 1/4 but quality
    assert s.loc["x", "structural"] == 1.0 and s.loc["w", "structural"] == pytest.approx(1 / 3, abs=1e-4)
    cos_green = 3 / (9 + 1) ** 0.5  # u = (digital 1, green 3), w = (green 1)
    assert s.loc["w", "thematic"] == pytest.approx(cos_green, abs=1e-4)
    assert s.loc["w", "score"] == pytest.approx(0.7 / 3 + 0.3 * cos_green, abs=1e-4)
    assert s.loc["y", "thematic"] == 0 and s.loc["z", "structural"] == 0  # far, but same theme
    assert "u" not in s.index and "a" not in s.index and "b" not in s.index  # itself, existing partners
    assert s.loc["x", "reason"] == "2 shared partners (A, B); both work on green"
    assert s.loc["z", "reason"] == "no shared partner; both work on green"
    assert s.loc["y", "reason"] == "1 shared partner (A); no theme in common"


def test_alpha_and_theme_restriction(G):
    only_themes = suggest_partners(G, "u", alpha=0.0)
    assert "y" not in set(only_themes["id"])  # no shared theme, and network ignored
    quality = suggest_partners(G, "u", theme="quality")
    assert set(quality["id"]) == {"y"}
    assert suggest_partners(G, "u", theme="leadership").empty
    with pytest.raises(ValueError):
        suggest_partners(G, "u", alpha=2)


def test_hidden_link_recovery_on_small_graph():
    G = nx.relaxed_caveman_graph(10, 8, 0.05, seed=3)
    r = evaluate_link_recovery(G, seed=3)
    assert r["hidden"] == round(0.1 * G.number_of_edges())
    assert r["scores"]["structural"]["auc"] > 0.9
    assert abs(r["scores"]["random"]["auc"] - 0.5) < 0.1
    assert evaluate_link_recovery(G, seed=3) == r  # seeded


# -- the validation in docs/analysis.md, on the bundled data --------------------------

@pytest.fixture(scope="module")
def recovery(bundled_graph):
    return evaluate_link_recovery(bundled_graph, hide=0.1, seed=0, k=10)


def test_bundled_hidden_links_are_recovered_far_above_random(recovery):
    s = recovery["scores"]
    assert recovery["hidden"] >= 2000  # 10% of the ~27,000 organisation links
    assert s["combined"]["auc"] > 0.95
    assert abs(s["random"]["auc"] - 0.5) < 0.05
    assert s["combined"]["precision_at_k"] > 20 * recovery["random_expected_precision"]
    assert s["structural"]["auc"] > s["thematic"]["auc"] > s["random"]["auc"]


def test_bundled_new_links_forecast_beats_random(bundled_graph):
    from graph_explorer.dataset import load_bundled

    ds = load_bundled()
    # partnerships dated by when they were formed (the call year of a CoVE), as `suggest --until` does
    before = build_graph(ds, ViewSpec(years=(1900, 2022), year_basis="called"))
    after = build_graph(ds, ViewSpec(years=(1900, 2100), year_basis="called"))
    r = evaluate_new_links(before, after, seed=0)
    assert r["new_links"] > 100
    assert r["scores"]["combined"]["auc"] > 0.6 > r["scores"]["random"]["auc"]
    assert r["scores"]["combined"]["precision_at_k"] > 5 * r["random_expected_precision"]
