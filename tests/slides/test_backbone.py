"""The disparity backbone and observed ÷ expected weights: hand-computed graphs and an independent
implementation of the paper's integral (Serrano, Boguñá & Vespignani 2009, PNAS 106:6483, eq. 2)."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy import integrate

from graph_explorer import backbone as bb
from graph_explorer.explorer import Explorer
from graph_explorer.network import project
from graph_explorer.testing import make_dataset
from graph_explorer.view import ViewSpec

# a star with one heavy spoke plus a triangle: a-b 8, a-c 1, a-d 1, b-c 1
STAR = pd.DataFrame({"source": ["a", "a", "a", "b"], "target": ["b", "c", "d", "c"],
                     "weight": [8.0, 1.0, 1.0, 1.0]})


def test_disparity_by_hand():
    # s_a = 10, k_a = 3; s_b = 9, k_b = 2; s_c = 2, k_c = 2; s_d = 1, k_d = 1
    # a-b: from a (1 - 8/10)^2 = 0.04, from b (1 - 8/9)^1 = 0.111 -> 0.04
    # a-c: from a (1 - 0.1)^2 = 0.81, from c (1 - 1/2)^1 = 0.5   -> 0.5
    # a-d: from a 0.81, d has one link (alpha 1)                   -> 0.81
    # b-c: from b (1 - 1/9)^1 = 0.889, from c 0.5                  -> 0.5
    assert bb.disparity_alpha(STAR) == pytest.approx([0.04, 0.5, 0.81, 0.5])
    assert bb.disparity_keep(STAR, 0.05).tolist() == [True, False, False, False]
    assert bb.disparity_keep(STAR, 0.6).tolist() == [True, True, False, True]


def test_expected_ratio_by_hand():
    # W = 11, 2W = 22; expected a-b = 10*9/22, a-c = 10*2/22, a-d = 10*1/22, b-c = 9*2/22
    exp = np.array([90, 20, 10, 18]) / 22
    assert bb.expected_weight(STAR) == pytest.approx(exp)
    assert bb.expected_ratio(STAR) == pytest.approx(np.array([8, 1, 1, 1]) / exp)
    # the expected weights keep every node's strength when summed over all pairs (self-pairs included)
    s = {"a": 10, "b": 9, "c": 2, "d": 1}
    total = sum(s[i] * s[j] / 22 for i in s for j in s)
    assert total == pytest.approx(22)


def _reference_alpha(G: nx.Graph) -> dict:
    """The paper's test done independently: α_ij = 1 − (k−1) ∫₀^p (1−x)^(k−2) dx, by numerical integration,
    per end; nodes of degree 1 give no test (α = 1); a link's α is its smaller end's."""
    out = {}
    for u in G:
        k = G.degree(u)
        s = G.degree(u, weight="weight")
        for v in G[u]:
            p = G[u][v]["weight"] / s
            a = 1.0 if k <= 1 else 1 - (k - 1) * integrate.quad(lambda x: (1 - x) ** (k - 2), 0, p)[0]
            key = tuple(sorted((u, v)))
            out[key] = min(out.get(key, 1.0), a)
    return out


def test_disparity_matches_independent_integral_on_random_weighted_graph():
    rng = np.random.default_rng(7)
    G = nx.gnm_random_graph(40, 160, seed=7)
    for u, v in G.edges:
        G[u][v]["weight"] = float(np.ceil(rng.lognormal(0, 1.5)))  # heavy-tailed, as real weights
    edges = pd.DataFrame([(min(u, v), max(u, v), d["weight"]) for u, v, d in G.edges(data=True)],
                         columns=["source", "target", "weight"])
    ref = _reference_alpha(G)
    got = bb.disparity_alpha(edges)
    want = [ref[(s, t)] for s, t in zip(edges["source"], edges["target"])]
    assert got == pytest.approx(want, abs=1e-9)
    kept = set(map(tuple, edges[bb.disparity_keep(edges, 0.1)][["source", "target"]].to_numpy().tolist()))
    assert kept == {k for k, a in ref.items() if a < 0.1}
    assert 0 < len(kept) < len(edges)


def _dataset():
    # countries LV, LT, EE, FI, DE with cooperations of known weights (count): LV-LT 5, LV-EE 1, LV-FI 1,
    # LT-EE 1, FI-DE 1
    actors = [(c.lower(), c, "organisation", c) for c in ("LV", "LT", "EE", "FI", "DE")]
    coops, parts = [], []
    pairs = [("lv", "lt")] * 5 + [("lv", "ee"), ("lv", "fi"), ("lt", "ee"), ("fi", "de")]
    for i, (a, b) in enumerate(pairs):
        coops.append((f"c{i}", "project", ("green",), 2021, 2022))
        parts += [(f"c{i}", a, "partner"), (f"c{i}", b, "partner")]
    return make_dataset(actors, coops, parts)


def test_projection_backbone_and_summary():
    ds = _dataset()
    full = project(ds, ViewSpec(level="country"))
    e = full.edges.set_index(["source", "target"])
    # strengths: LV 7, LT 6, EE 2, FI 2, DE 1; W = 9
    assert e.loc[("LT", "LV"), "expected"] == pytest.approx(7 * 6 / 18)
    assert e.loc[("LT", "LV"), "ratio"] == pytest.approx(5 / (7 * 6 / 18))
    # LV-LT: from LV (1 - 5/7)^2 = 0.0816, from LT (1 - 5/6)^1 = 0.1667 -> 0.0816
    assert e.loc[("LT", "LV"), "alpha"] == pytest.approx((2 / 7) ** 2)
    p = project(ds, ViewSpec(level="country", backbone=0.1))
    assert list(zip(p.edges["source"], p.edges["target"])) == [("LT", "LV")]
    assert p.backbone["links_kept"] == 1 and p.backbone["links_before"] == 5
    assert p.backbone["weight_share"] == pytest.approx(5 / 9)
    assert sorted(p.nodes["id"]) == ["LT", "LV"]
    s = Explorer(ds).summary(ViewSpec(level="country", backbone=0.1))
    assert s["links"] == 1 and s["backbone"]["links_kept"] == 1 and not s["suggest_backbone"]
    # dense (5 links of 10 pairs, density 0.5): the backbone is suggested
    assert Explorer(ds).summary(ViewSpec(level="country"))["suggest_backbone"]
    # observed / expected as the backbone: only links at least 1.5 times stronger than expected
    r = project(ds, ViewSpec(level="country", min_ratio=1.5))
    ratios = full.edges["ratio"]
    assert len(r.edges) == int((ratios >= 1.5).sum()) > 0


def test_bundled_country_backbone_keeps_few_links(bundled):
    ex = Explorer(bundled)
    s = ex.summary(ViewSpec(level="country"))
    assert s["density"] > 0.2 and s["suggest_backbone"]
    b = ex.summary(ViewSpec(level="country", backbone=0.05))
    assert b["links"] == b["backbone"]["links_kept"] < s["links"] / 5
    assert 0 < b["backbone"]["weight_share"] < 1


def test_view_query_round_trip():
    spec = ViewSpec.from_query("level=country&backbone=0.05&min_ratio=2&edge_color=ratio&years=2023-2025"
                               "&compare=2021-2022&view=matrix")
    assert (spec.backbone, spec.min_ratio, spec.compare, spec.edge_color, spec.view) == \
        (0.05, 2.0, (2021, 2022), "ratio", "matrix")
    assert ViewSpec.from_query(spec.to_query()) == spec
    from graph_explorer.errors import ViewError

    for bad in ("backbone=1.5", "backbone=0", "min_ratio=-1", "compare=2023-2021", "edge_color=pink"):
        with pytest.raises(ViewError):
            ViewSpec.from_query(bad)


def test_every_pair_once():
    # the projection's link measures stay aligned with its rows after a backbone
    ds = _dataset()
    p = project(ds, ViewSpec(level="country", backbone=0.6))
    assert len(set(itertools.starmap(lambda a, b: (a, b), zip(p.edges["source"], p.edges["target"])))) == len(p.edges)
    assert (p.edges["alpha"] < 0.6).all()
