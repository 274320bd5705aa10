"""Active years, the k-core filter, who holds the network together, regions, and what-if of groups.

Every answer is checked against networkx (or the source files) on the bundled data.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from graph_explorer.analysis import group_ei_index, what_if
from graph_explorer.analysis.holders import holders, region_matrix, region_table
from graph_explorer.durations import DURATIONS, active_years, derived_note
from graph_explorer.errors import GraphExplorerError, ViewError
from graph_explorer.explorer import Explorer
from graph_explorer.network import build_graph, project
from graph_explorer.view import ViewSpec


@pytest.fixture(scope="module")
def explorer(bundled):
    return Explorer(bundled)


# -- active years ------------------------------------------------------------------------------


def test_a_2021_cove_is_active_in_2024_but_not_called_in_2024(bundled):
    cid = "cove-2021-aedil-dairy-cove"
    row = bundled.cooperations.set_index("id").loc[cid]
    assert (int(row["call_year"]), int(row["start_year"]), int(row["end_year"])) == (2021, 2022, 2025)
    active = project(bundled, ViewSpec(years=(2024, 2024)))
    called = project(bundled, ViewSpec(years=(2024, 2024), year_basis="called"))
    assert cid in active.cooperation_ids
    assert cid not in called.cooperation_ids
    assert cid in project(bundled, ViewSpec(years=(2021, 2021), year_basis="called")).cooperation_ids
    assert cid not in project(bundled, ViewSpec(years=(2021, 2021))).cooperation_ids  # not running yet in 2021
    # called 2024 = exactly the CoVE projects of the 2024 call plus the other records that started in 2024
    coops = bundled.cooperations
    cove = coops["programme"] == "Erasmus+ CoVE"
    expected = set(coops.loc[cove & (coops["call_year"] == 2024), "id"]) | \
        set(coops.loc[~cove & (coops["start_year"] == 2024), "id"])
    assert set(called.cooperation_ids) == expected
    # "active 2024": every CoVE of the 2021-2023 calls runs in 2024, as do those of the 2024 call? no: they start 2025
    active_cove = {c for c in active.cooperation_ids if c.startswith("cove-")}
    assert active_cove == set(coops.loc[cove & coops["call_year"].between(2020, 2023), "id"])


def test_the_year_basis_travels_in_the_url_and_old_urls_keep_their_meaning():
    spec = ViewSpec.from_query("years=2024&year_basis=called")
    assert spec.year_basis == "called" and spec.to_query() == "years=2024-2024&year_basis=called"
    assert ViewSpec.from_query("years=2023-2024").year_basis == "active"
    assert "year_basis" not in ViewSpec(years=(2023, 2024)).to_query()
    with pytest.raises(ViewError, match="year_basis"):
        ViewSpec.from_query("year_basis=funded")


def test_duration_table_is_the_documented_hook():
    cove = DURATIONS[("Erasmus+ CoVE", None)]
    assert cove.months == 48 and cove.start_offset == 1 and "programme-guide" in cove.source
    assert active_years("Erasmus+ CoVE", 2025) == (2026, 2029)
    assert active_years("Some programme", 2025) is None and derived_note(None, 2025) is None


# -- the k-core filter --------------------------------------------------------------------------


@pytest.mark.parametrize("level,k", [("organisation", 3), ("organisation", 40), ("country", 12),
                                     ("bipartite", 2)])
def test_kcore_filter_equals_networkx_k_core(bundled, level, k):
    G = build_graph(bundled, ViewSpec(level=level))
    expected = nx.k_core(G, k)
    got = build_graph(bundled, ViewSpec(level=level, kcore=k))
    assert 0 < got.number_of_nodes() < G.number_of_nodes()
    assert set(got.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in expected.edges}


def test_kcore_after_the_other_filters(bundled):
    spec = ViewSpec(level="organisation", themes=("digital",), min_weight=2)
    G = build_graph(bundled, spec)
    got = build_graph(bundled, spec.replace(kcore=4))
    assert set(got.nodes) == set(nx.k_core(G, 4).nodes)
    assert ViewSpec.from_query("kcore=4").kcore == 4
    with pytest.raises(ViewError, match="kcore"):
        ViewSpec.from_query("kcore=-1")


# -- who holds the network together -------------------------------------------------------------


def test_holders_are_networkx_articulation_points_and_bridges(explorer):
    spec = ViewSpec(level="country")
    G = explorer.graph(spec)
    h = explorer.holders(spec)
    assert set(h["articulation_points"]) == set(nx.articulation_points(G))
    assert {frozenset(b) for b in h["bridges"]} == {frozenset(b) for b in nx.bridges(G)}
    for p, n in h["cut_off"].items():
        H = G.copy()
        H.remove_node(p)
        comp = nx.node_connected_component(G, p) - {p}
        pieces = sorted((len(c) for c in nx.connected_components(H.subgraph(comp))), reverse=True)
        assert n == sum(pieces[1:]) and n >= 1


def test_holders_highlight_in_the_scene(explorer):
    spec = ViewSpec(level="organisation", holders=True)
    h = explorer.holders(spec)
    assert h["articulation_points"] and h["bridges"]
    scene = explorer.scene(spec)
    lit = set(scene.nodes.loc[scene.nodes["highlight"], "id"])
    assert lit == set(h["articulation_points"])
    lit_edges = {frozenset((s, t)) for s, t, hl in zip(scene.edges["source"], scene.edges["target"],
                                                        scene.edges["highlight"]) if hl}
    assert lit_edges == {frozenset(b) for b in h["bridges"]}
    plain = explorer.scene(spec.replace(holders=False))
    assert not plain.nodes["highlight"].any()


# -- regions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["level=organisation", "level=country&theme=green", "years=2024"])
def test_region_table_ei_equals_group_ei_index(explorer, query):
    spec = ViewSpec.from_query(query)
    G = explorer.graph(spec)
    table = explorer.region_table(spec).set_index("region")
    ref = group_ei_index(G).set_index("group")
    assert set(table.index) == set(ref.index)
    for region, row in ref.iterrows():
        got = table.loc[region]
        assert got["links_within"] == row["internal"] and got["links_out"] == row["external"]
        assert (math.isnan(got["ei_index"]) and math.isnan(row["ei_index"])) or \
            got["ei_index"] == pytest.approx(row["ei_index"])
        assert got["actors"] == row["nodes"]


def test_region_matrix_sums_every_link_weight_once(explorer):
    spec = ViewSpec(level="country", weight="newman")
    G = explorer.graph(spec)
    m = region_matrix(G)
    assert (m.values == m.values.T).all()
    region = nx.get_node_attributes(G, "region")
    both = sum(d["weight"] for u, v, d in G.edges(data=True) if region.get(u) and region.get(v))
    upper = sum(m.iat[i, j] for i in range(len(m)) for j in range(i, len(m)))
    assert upper == pytest.approx(both)
    # partner regions name the heaviest outside links first
    t = region_table(G).set_index("region")
    nordic = m.loc["Nordic"].drop("Nordic")
    assert t.loc["Nordic", "partner_regions"].startswith(nordic.idxmax())


# -- what-if of several actors, a country, a region, a programme, a cooperation ------------------


def test_what_if_of_a_region_equals_removing_its_actors_in_networkx(explorer):
    spec = ViewSpec(level="organisation")
    G = explorer.graph(spec)
    r = explorer.what_if_removing(spec, "region", ["Baltic"])
    baltic = [n for n, d in G.nodes(data=True) if d.get("region") == "Baltic"]
    assert baltic and r["removed_actors"] == sorted(baltic)
    H = G.copy()
    H.remove_nodes_from(baltic)
    assert r["after"]["nodes"] == H.number_of_nodes() == G.number_of_nodes() - len(baltic)
    assert r["after"]["links"] == H.number_of_edges()
    assert r["after"]["components"] == nx.number_connected_components(H)
    assert r["after"]["largest_component"] == len(max(nx.connected_components(H), key=len))
    assert r["after"]["efficiency"] == pytest.approx(nx.global_efficiency(H), rel=1e-9)


def test_what_if_of_a_country_programme_cooperation_and_several_actors(explorer, bundled):
    spec = ViewSpec(level="country")
    G = explorer.graph(spec)
    lv = explorer.what_if_removing(spec, "country", ["LV"])
    assert lv["removed_actors"] == ["LV"]
    several = explorer.what_if_removing(spec, "actor", ["LV", "EE"])
    assert several["after"]["nodes"] == G.number_of_nodes() - 2
    eq = explorer.what_if_removing(spec, "programme", ["EQAVET"])
    behind = {c for _, _, d in G.edges(data=True) for c in d["cooperations"]}
    ids = set(bundled.cooperations.loc[bundled.cooperations["programme"] == "EQAVET", "id"]) & behind
    assert len(ids) == 26  # the 26 reviews (the article's C1 record has one participant and no link)
    assert set(eq["removed_cooperations"]) == ids
    ref = what_if(G, remove_cooperations=sorted(ids))
    assert eq["after"] == ref["after"] and eq["links_removed"] == ref["links_removed"] > 0
    one = explorer.what_if_removing(spec, "cooperation", ["cove-2021-lcamp"])
    assert one["removed_cooperations"] == ["cove-2021-lcamp"] and one["links_weakened"] > 0
    with pytest.raises(GraphExplorerError, match="ZZ"):
        explorer.what_if_removing(spec, "country", ["ZZ"])
    with pytest.raises(GraphExplorerError, match="no-such-programme"):
        explorer.what_if_removing(spec, "programme", ["no-such-programme"])


def test_cut_off_counts_what_removing_each_point_leaves_apart_in_one_search():
    """The linear count (one depth-first search) equals removing each articulation point and counting."""
    import random

    def removed_one_by_one(G):
        out = {}
        for p in nx.articulation_points(G):
            comp = nx.node_connected_component(G, p)
            sizes = sorted((len(c) for c in nx.connected_components(G.subgraph(comp - {p}))), reverse=True)
            out[p] = sum(sizes[1:])
        return out

    for seed in range(120):
        r = random.Random(seed)
        n = r.randint(1, 50)
        G = nx.gnm_random_graph(n, r.randint(0, 2 * n), seed=seed)
        G.add_edges_from((i, i + 1) for i in range(n - 1) if r.random() < 0.2)  # chains: many cut points
        assert holders(G)["cut_off"] == removed_one_by_one(G), seed
    star = nx.star_graph(5)  # the centre cuts off all but one leaf
    assert holders(star)["cut_off"] == {0: 4}
