"""The app's callbacks as plain functions: URL ⇄ controls ⇄ view, pictures, panels, tables."""

from __future__ import annotations

import logging

import numpy as np
import plotly.graph_objects as go
import pytest
from dash import Patch, html

from graph_explorer.app import callbacks as cb
from graph_explorer.app import panels, sync
from graph_explorer.figures import screen
from graph_explorer.app import components as comp
from graph_explorer.app import ids
from graph_explorer.app.state import (START, check_spec, controls_from_spec, parse_search, search_from_spec,
                                      spec_from_controls)
from graph_explorer.errors import ActorNotFound, ViewError
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

from .conftest import page_figure, text_of, walk

FULL = ViewSpec(level="country", weight="newman", themes=("green", "digital"), kinds=("project",),
                programmes=("EQAVET",), years=(2017, 2022), regions=("Baltic",), countries=("LV", "LT"),
                actor_kinds=("organisation",), min_weight=0.5, selected="LV", focus="LT", hops=2, path=("LV", "FI"),
                color="pagerank", size="betweenness", labels="all", top_n=30, layout="geo", view="map")


# -- URL ⇄ ViewSpec ⇄ controls ------------------------------------------------------------


def test_controls_round_trip_every_field(choices):
    values = controls_from_spec(FULL, choices)
    assert values[ids.THEMES] == ["green", "digital"]
    assert values[ids.YEARS] == [2017, 2022]
    assert values[ids.PATH_FROM] == "LV" and values[ids.PATH_TO] == "FI"
    assert values[ids.TABS] == "map"
    assert spec_from_controls(values, choices) == FULL


def test_full_year_range_means_no_year_filter(choices):
    values = controls_from_spec(ViewSpec(), choices)
    assert values[ids.YEARS] == [choices.year_min, choices.year_max]
    assert spec_from_controls(values, choices).years is None
    values[ids.YEARS] = [choices.year_min, choices.year_max - 1]
    assert spec_from_controls(values, choices).years == (choices.year_min, choices.year_max - 1)


def test_seed_comes_from_the_current_view(choices):
    base = ViewSpec(seed=7)
    assert spec_from_controls(controls_from_spec(base, choices), choices, base).seed == 7


def test_bad_control_values_raise_view_errors(choices):
    values = controls_from_spec(ViewSpec(), choices)
    with pytest.raises(ViewError, match="top"):
        spec_from_controls({**values, ids.TOP_N: 9999}, choices)
    with pytest.raises(ViewError, match="minimum link weight"):
        spec_from_controls({**values, ids.MIN_WEIGHT: "lots"}, choices)


def test_parse_search_reports_bad_values_and_falls_back_to_the_start_view():
    spec, message = parse_search("?level=organisation&years=2025-2021")
    assert spec == START == ViewSpec(level="country", view="map")
    assert "start 2025 is after the end 2021" in message
    assert parse_search("?level=country") == (ViewSpec(level="country"), None)
    assert parse_search("") == parse_search("?") == (START, None)  # a bare address: the start view
    assert parse_search("?theme=green") == (ViewSpec(themes=("green",)), None)  # a query's own defaults
    # the address bar is never bare, so a shared link of organisations opens organisations
    assert search_from_spec(ViewSpec()) == "?level=organisation"
    assert parse_search(search_from_spec(ViewSpec()))[0] == ViewSpec()
    assert search_from_spec(ViewSpec(level="country")) == "?level=country"


def test_check_spec_replaces_metrics_the_data_has_not(choices):
    spec, notes = check_spec(ViewSpec(color="nonsense", size="region"), choices)
    assert (spec.color, spec.size) == ("community", "degree")
    assert len(notes) == 2 and "nonsense" in notes[0]
    assert check_spec(ViewSpec(color="pagerank"), choices) == (ViewSpec(color="pagerank"), [])


def test_theme_options_carry_their_cooperation_counts(fake, choices):
    n_green = sum("green" in t for t in fake.cooperations["themes"])
    assert {"label": f"Green ({n_green})", "value": "green"} in choices.themes
    assert choices.year_min == int(fake.cooperations["start_year"].min())


# -- sync_view: the one place URL, controls and view meet -------------------------------------


def _controls(choices, spec=ViewSpec()):
    return controls_from_spec(spec, choices)


def test_loading_a_url_sets_every_control(choices):
    search = "?" + FULL.to_query()
    u = sync.sync_view(ids.URL, search, _controls(choices), choices)
    assert u.spec == FULL
    assert u.message is None
    assert u.search is None  # the URL is already the view's
    assert u.query == FULL.to_query()
    assert u.controls[ids.LEVEL] == "country" and u.controls[ids.THEMES] == ["green", "digital"]
    assert u.controls[ids.FOCUS] == "LT" and u.controls[ids.TABS] == "map"


def test_a_bad_url_gives_a_message_and_the_default_view(choices):
    u = sync.sync_view(None, "?level=planets", _controls(choices), choices)
    assert u.spec == START
    assert "planets" in u.message and "start view" in u.message
    assert u.search == "?level=country&view=map"  # the address bar now says what is shown


@pytest.mark.parametrize("search, words", [
    ("?programme=nonexistent", ["programme", "'nonexistent'"]),
    ("?selected=nobody", ["selected", "'nobody'"]),
    ("?level=country&focus=XX", ["focus", "'XX'"]),
    ("?seed=-5", ["seed"]),
    ("?min_weight=inf", ["min_weight"]),
])
def test_a_url_naming_what_the_data_lacks_gives_a_message_and_the_start_view(bundled, choices, search, words):
    u = sync.sync_view(ids.URL, search, _controls(choices), choices, dataset=bundled)
    assert u.spec == START and u.search == "?level=country&view=map"
    for w in [*words, "start view"]:
        assert w in u.message, u.message
    ok = sync.sync_view(ids.URL, "?level=country&selected=LV&programme=EQAVET", _controls(choices), choices,
                      dataset=bundled)
    assert ok.message is None and ok.spec.selected == "LV"


def test_a_control_change_updates_the_url_and_the_view(choices):
    values = {**_controls(choices), ids.THEMES: ["green"]}
    u = sync.sync_view(ids.THEMES, "", values, choices, current_query="")
    assert u.search == "?theme=green"
    assert u.query == "theme=green"
    assert u.controls == {}  # nothing to push back to the controls


def test_no_loop_the_url_written_by_a_control_change_changes_nothing(choices):
    values = {**_controls(choices), ids.THEMES: ["green"]}
    u1 = sync.sync_view(ids.THEMES, "", values, choices, current_query="")
    u2 = sync.sync_view(ids.URL, u1.search, values, choices, current_query=u1.query)
    assert (u2.search, u2.query, u2.controls, u2.edge_changed) == (None, None, {}, False)


def test_changing_level_drops_selection_focus_path_and_link(choices):
    spec = ViewSpec(selected="o0001", focus="o0001", path=("o0001", "o0002"))
    values = {**_controls(choices, spec), ids.LEVEL: "country"}
    u = sync.sync_view(ids.LEVEL, "?" + spec.to_query(), values, choices, current_query=spec.to_query(),
                     current_edge=["o0001", "o0002"])
    assert u.spec == ViewSpec(level="country")
    assert u.edge is None and u.edge_changed
    assert u.controls[ids.SELECTED] is None and u.controls[ids.PATH_FROM] is None


def test_clicking_a_node_selects_it_and_a_link_shows_the_link(choices):
    values = _controls(choices)
    u = sync.sync_view(ids.NETWORK, "", values, choices, current_query="", current_edge=["a", "b"],
                     click={"points": [{"customdata": "o0007"}]})
    assert u.spec.selected == "o0007" and u.edge is None
    assert u.search == "?selected=o0007" and u.controls[ids.SELECTED] == "o0007"
    u = sync.sync_view(ids.MAP, "", values, choices, current_query="", click={"points": [{"customdata": ["a", "b"]}]})
    assert u.edge == ["a", "b"] and u.edge_changed and u.spec == ViewSpec()

def test_a_matrix_cell_shows_its_link_and_selects_nobody(choices):
    values = _controls(choices)
    query = ViewSpec(selected="o0007", view="matrix").to_query()
    u = sync.sync_view(ids.MATRIX_LINK, "?" + query, values | {ids.SELECTED: "o0007", ids.TABS: "matrix"}, choices,
                       current_query=query, click={"points": [{"customdata": ["a", "b"]}]})
    assert u.edge == ["a", "b"] and u.edge_changed and u.spec.selected == "o0007" and u.query is None
    u = sync.sync_view(ids.MATRIX_LINK, "?" + query, values | {ids.SELECTED: "o0007", ids.TABS: "matrix"}, choices,
                       current_query=query, current_edge=["a", "b"], click={"points": [{"customdata": "o0001"}]})
    assert u.edge == ["a", "b"] and not u.edge_changed and u.spec.selected == "o0007"


def test_table_rows_select_nodes_and_links(choices):
    values = _controls(choices)
    u = sync.sync_view(ids.NODE_GRID, "", values, choices, current_query="", grid_row={"id": "o0003"})
    assert u.spec.selected == "o0003"
    u = sync.sync_view(ids.EDGE_GRID, "", values, choices, current_query="", grid_row={"source": "a", "target": "b"})
    assert u.edge == ["a", "b"]


def test_focus_needs_a_selection(choices):
    u = sync.sync_view(ids.FOCUS_BUTTON, "", _controls(choices), choices, current_query="")
    assert u.spec.focus is None and "Select an actor first" in u.message
    spec = ViewSpec(selected="o0001")
    u = sync.sync_view(ids.FOCUS_BUTTON, "?selected=o0001", _controls(choices, spec), choices,
                     current_query=spec.to_query())
    assert u.spec.focus == "o0001" and u.controls[ids.FOCUS] == "o0001"
    u = sync.sync_view(ids.FOCUS_CLEAR, "", _controls(choices, u.spec), choices, current_query=u.query)
    assert u.spec.focus is None


def test_clear_filters_keeps_level_appearance_and_selection(choices):
    spec = ViewSpec(level="country", themes=("green",), years=(2018, 2020), countries=("LV",), color="region",
                    selected="LV")
    u = sync.sync_view(ids.RESET, "?" + spec.to_query(), _controls(choices, spec), choices,
                     current_query=spec.to_query())
    assert u.spec == ViewSpec(level="country", color="region", selected="LV")
    assert u.controls[ids.THEMES] == [] and u.controls[ids.YEARS] == [choices.year_min, choices.year_max]


def test_one_end_of_a_path_waits_for_the_other(choices):
    values = {**_controls(choices), ids.PATH_FROM: "o0001"}
    u = sync.sync_view(ids.PATH_FROM, "", values, choices, current_query="")
    assert u.spec.path is None
    assert ids.PATH_FROM not in u.controls  # the chosen end stays in its picker
    u = sync.sync_view(ids.PATH_TO, "", {**values, ids.PATH_TO: "o0002"}, choices, current_query="")
    assert u.spec.path == ("o0001", "o0002") and u.search == "?path=o0001~o0002"


def test_a_bad_control_value_keeps_the_view_and_says_why(choices):
    values = {**_controls(choices), ids.TOP_N: 9999}
    u = sync.sync_view(ids.TOP_N, "?level=country", values, choices, current_query="level=country")
    assert u.spec == ViewSpec(level="country")
    assert "top" in u.message
    assert u.controls[ids.TOP_N] == 15  # the control shows the value in force again


def test_trigger_prefers_the_url_on_first_call():
    assert sync.trigger_of({"focus-store.data": "focus-store", "url.search": "url"}, "") == ids.URL
    assert sync.trigger_of({"themes.value": "themes"}, None) == ids.URL
    assert sync.trigger_of({"themes.value": "themes"}, "") == ids.THEMES


def test_clicked_item_ignores_labels_and_empty_clicks():
    assert sync.clicked_item(None) is None
    assert sync.clicked_item({"points": []}) is None
    assert sync.clicked_item({"points": [{"text": "Latvia"}]}) is None
    assert sync.clicked_item({"points": [{"customdata": ["a", "b"]}]}) == ("edge", ("a", "b"))


# -- typeahead -------------------------------------------------------------------------------


def test_search_options_find_actors_of_the_view(ex):
    opts = panels.search_options(ex, ViewSpec(), "college 000", None)
    assert opts and all("College 000" in o["label"] for o in opts)
    assert panels.search_options(ex, ViewSpec(), "x", None) == []  # one letter: wait for more


def test_search_at_country_level_maps_organisations_to_their_country(ex, fake):
    country = fake.actors.set_index("id").at["o0005", "country"]
    opts = panels.search_options(ex, ViewSpec(level="country"), "College 0005", None)
    assert {"label": f"{fake.actors.set_index('id').at['o0005', 'name']} → "
                     f"{fake.countries.set_index('code').at[country, 'name']}", "value": country} in opts


def test_search_keeps_the_current_value_first_with_its_own_name(ex):
    opts = panels.search_options(ex, ViewSpec(level="country"), "latv", "LV")
    assert opts[0] == {"label": "Latvia", "value": "LV"}


# -- pictures ---------------------------------------------------------------------------------


def test_full_figure_then_a_patch_for_a_new_selection(ex):
    spec = ViewSpec(level="country")
    fig, meta = page_figure(ex, spec, None)
    assert isinstance(fig, go.Figure)
    assert fig.data[-1].name == "selected" and len(fig.data[-1].x) == 0
    assert meta["n"] == len(fig.data) and meta["key"] == "level=country"
    patch, meta2 = page_figure(ex, spec.replace(selected="LV"), meta)
    assert isinstance(patch, Patch)
    ops = patch.to_plotly_json()["operations"]
    locations = [tuple(op["location"]) for op in ops]
    assert ("data", meta["n"] - 1) in locations and ("layout", "uirevision") in locations
    assert meta2["selected"] == "LV"


def test_selection_is_ringed_and_centred(ex):
    spec = ViewSpec(level="country", selected="LV")
    fig, _ = page_figure(ex, spec, None)
    ring = fig.data[-1]
    assert ring.customdata[0] == "LV"
    # its partners are ringed too, each joined to it by a line over the others (gaps between the lines)
    partners = {c for c in ring.customdata if c} - {"LV"}
    assert partners == set(ex.graph(spec)["LV"]) and len(partners) > 3
    assert list(ring.x[1:4]).count(None) == 1 and ring.x[3] == ring.x[0]
    x0, x1 = fig.layout.xaxis.range
    assert x0 < ring.x[0] < x1
    assert abs((x0 + x1) / 2 - ring.x[0]) < 1e-9
    assert fig.layout.uirevision.endswith("|LV")


def test_a_filter_change_keeps_the_zoom_revision(ex):
    a, _ = page_figure(ex, ViewSpec(level="country"), None)
    b, _ = page_figure(ex, ViewSpec(level="country", themes=("green",)), None)
    c, _ = page_figure(ex, ViewSpec(level="organisation"), None)
    assert a.layout.uirevision == b.layout.uirevision != c.layout.uirevision


def test_small_views_have_clickable_link_midpoints_away_from_nodes(ex):
    spec = ViewSpec(level="country", themes=("quality",))
    fig, _ = page_figure(ex, spec, None)
    hits = [t for t in fig.data if t.name == "link midpoints"]
    assert len(hits) == 1
    pairs = [tuple(p) for p in hits[0].customdata]
    edges = {tuple(sorted(e)) for e in zip(ex.projection(spec).edges["source"], ex.projection(spec).edges["target"])}
    assert pairs and set(map(lambda p: tuple(sorted(p)), pairs)) <= edges
    nodes = [t for t in fig.data if t.mode == "markers" and t.name not in ("link midpoints", "selected")]
    nx_ = np.concatenate([np.asarray(t.x, float) for t in nodes])
    ny_ = np.concatenate([np.asarray(t.y, float) for t in nodes])
    for x, y in zip(hits[0].x, hits[0].y):
        assert np.min(np.hypot(nx_ - x, ny_ - y)) > 0


def test_large_views_have_webgl_midpoints_for_every_clear_link_and_labels_above_webgl(ex, fake):
    spec = ViewSpec(level="organisation")
    fig, meta = page_figure(ex, spec, None)
    assert meta["gl"] is True and any(t.type == "scattergl" for t in fig.data)
    (hit,) = [t for t in fig.data if t.name == "link midpoints"]
    assert hit.type == "scattergl"
    scene = ex.scene(spec)
    edges, nodes = scene.edges, scene.nodes
    # every link but those whose middle lies right over a node (brute force, not the app's k-d tree)
    mx, my = (edges["x0"] + edges["x1"]).to_numpy() / 2, (edges["y0"] + edges["y1"]).to_numpy() / 2
    dist = np.hypot(mx[:, None] - nodes["x"].to_numpy()[None], my[:, None] - nodes["y"].to_numpy()[None]).min(1)
    span = max(np.ptp(nodes["x"]), np.ptp(nodes["y"]))
    clear = dist > screen.MIDPOINT_CLEARANCE * span
    assert len(hit.customdata) == clear.sum() > 0.3 * len(edges)
    expected = {tuple(sorted(p)) for p, ok in zip(zip(edges["source"], edges["target"]), clear) if ok}
    assert {tuple(sorted(c)) for c in hit.customdata} == expected
    assert not [t for t in fig.data if t.name == "labels"]
    label_notes = [a for a in fig.layout.annotations if a.xref == "x"]
    assert 0 < len(label_notes) <= spec.top_n


def test_map_view_draws_on_geo_axes(ex):
    fig, meta = page_figure(ex, ViewSpec(level="country", view="map", selected="LV"), None)
    assert {t.type for t in fig.data} == {"scattergeo"}
    assert fig.layout.geo.center.lon == pytest.approx(24.11)


def test_view_frame_leaves_far_small_groups_out_and_counts_them():
    rng = np.random.default_rng(0)
    x = np.r_[rng.uniform(-0.1, 0.1, 500), 1.0, 1.0]
    y = np.r_[rng.uniform(-0.1, 0.1, 500), -1.0, -1.0]
    ((x0, x1), (y0, y1)), outside = screen.view_frame(x, y)
    assert x1 < 0.5 and y0 > -0.5 and outside == 2
    x = rng.uniform(0, 1, 40)  # an evenly spread view: every node in the frame
    (xr, _), outside = screen.view_frame(x, x)
    assert outside == 0 and xr[0] < x.min() and xr[1] > x.max()


def test_a_view_with_outliers_says_how_many_are_outside_the_frame(ex):
    fig, _ = page_figure(ex, ViewSpec(), None)
    note = fig.layout.annotations[0].text
    x0, x1 = fig.layout.xaxis.range
    drawn = np.concatenate([np.asarray(t.x, float) for t in fig.data if t.mode == "markers"
                            and t.name not in ("selected", "link midpoints")])
    outside = int(((drawn < x0) | (drawn > x1)).sum())
    if outside:
        assert "outside the frame" in note
    else:
        assert "outside the frame" not in note


def test_encoding_legend_names_colour_size_and_focus(choices):
    text = text_of(html.Div(panels.encoding_legend(ViewSpec(color="pagerank", size="strength", focus="x"), choices)))
    assert "Colour: PageRank" in text and "Size: Weighted degree" in text and "Faded" in text


# -- numbers and panels -------------------------------------------------------------------------


def test_summary_line_counts_the_projection(ex, fake):
    spec = ViewSpec(level="country", themes=("green",))
    p = project(fake, spec)
    line = panels.summary_line(ex, spec)
    assert line.startswith(f"{p.n_nodes:,} actors · {p.n_edges:,} links · density ")
    assert "modularity" in line and "cross-region" in line


def test_insights_brokers_communities_and_suggestions(ex):
    spec = ViewSpec()
    m = ex.metrics(spec)
    top = m.sort_values(["betweenness", "degree"], ascending=False).index[0]
    out = html.Div(panels.insights_view(ex, spec))
    brokers = [c for c in walk(out) if getattr(c, "className", None) == "broker-list"][0]
    assert brokers.children[0].to_plotly_json()["props"]["data-node"] == top
    assert "Select an actor to see who it could work with" in text_of(out)
    g = ex.graph_metrics(spec)
    text = text_of(html.Div(panels.insights_view(ex, spec.replace(selected=top))))
    assert f"ARI {g['communities_regions_ari']:.2f}" in text and f"NMI {g['communities_regions_nmi']:.2f}" in text
    first = ex.suggestions(spec, top).iloc[0]
    assert first["label"] in text and first["reason"] in text


def test_what_if_of_the_selected_actor(ex):
    spec = ViewSpec()
    top = ex.metrics(spec).sort_values("degree", ascending=False).index[0]
    assert "Select an actor" in text_of(panels.what_if_view(ex, spec))
    text = text_of(panels.what_if_view(ex, spec.replace(selected=top)))
    w = ex.what_if(spec, [top])
    assert f"{w['links_removed']:,} links disappear" in text
    assert f"components {w['before']['components']:,} → {w['after']['components']:,}" in text


def test_node_details_show_ranks_cooperations_sources_and_conflicts(ex, fake):
    spec = ViewSpec(selected="o0023")  # coordinator of c000, which has a source conflict
    panel = panels.details_panel(ex, spec, None)
    text = text_of(panel)
    assert "City College 0023" in text
    assert "of " in text and "1st" in text or "th of" in text
    assert "Sources disagree on the start year: 2024 (Cedefop article) or 2023 (EC news)" in text
    links = [c for c in walk(panel) if isinstance(c, html.A)]
    assert links and all(a.href.startswith("https://") for a in links)
    assert "EC news, 2023" in text  # a citation, shown as text


def test_javascript_sources_are_never_links(ex, fake):
    members = fake.participations[fake.participations["cooperation_id"] == "c001"]["actor_id"]
    panel = panels.details_panel(ex, ViewSpec(selected=members.iloc[0]), None)
    assert "javascript:alert(1)" in text_of(panel)
    assert not [c for c in walk(panel) if isinstance(c, html.A) and "javascript" in (c.href or "")]


def test_derived_themes_are_marked(ex, fake):
    c = ex.cooperation("c000")
    card = comp.cooperation_card(c)
    assert "(derived)" in text_of(card)


def test_link_details_list_the_cooperations_behind_it(ex):
    spec = ViewSpec(level="country")
    e = ex.projection(spec).edges.sort_values("count", ascending=False).iloc[0]
    panel = panels.details_panel(ex, spec, [e["source"], e["target"]])
    text = text_of(panel)
    assert f"{e['count']} shared cooperation" in text
    for cid in e["cooperations"]:
        assert ex.cooperation(cid)["title"] in text


def test_details_for_nothing_and_for_what_is_not_in_view(ex):
    assert "Click an actor" in text_of(panels.details_panel(ex, ViewSpec(), None))
    assert "not in the current view" in text_of(panels.details_panel(ex, ViewSpec(level="country", selected="o0001"),
                                                                 None))
    assert "not in the current view" in text_of(panels.details_panel(ex, ViewSpec(), ["nope", "nada"]))


def test_cooperation_nodes_show_their_participants(ex, fake):
    panel = panels.details_panel(ex, ViewSpec(level="bipartite", selected="coop:c000"), None)
    n = int((fake.participations["cooperation_id"] == "c000").sum())
    assert f"Participants ({n})" in text_of(panel)
    assert "Ministry of Education of Latvia · Associated partner" in text_of(panel)


def test_path_lists_each_hop_with_its_cooperations(ex):
    spec = ViewSpec(level="organisation", kinds=("partnership",))  # small consortia: long paths
    G = ex.graph(spec)
    a = sorted(G.nodes)[0]
    b = max(G.nodes, key=lambda n: (len(ex.shortest_path(spec, a, n)), str(n)))
    route = ex.shortest_path(spec, a, b)
    assert len(route) >= 3
    text = text_of(panels.path_view(ex, spec.replace(path=(a, b))))
    assert f"{len(route) - 1} hops" in text
    for hop in ex.path_hops(spec, route):
        assert hop["cooperations"][0]["title"] in text


def test_path_messages(ex):
    assert "Choose two actors" in text_of(panels.path_view(ex, ViewSpec()))
    assert "Not in the current view" in text_of(panels.path_view(ex, ViewSpec(level="country", path=("LV", "ZZ"))))


def test_tables_hold_every_node_with_metrics_and_every_link_with_titles(ex, fake):
    spec = ViewSpec(level="country", themes=("green",))
    p = ex.projection(spec)
    defs, rows, note = panels.table_data(ex, spec, "nodes")
    fields = [d["field"] for d in defs]
    assert len(rows) == p.n_nodes and {"betweenness", "pagerank", "community"} <= set(fields)
    assert note.startswith(f"{p.n_nodes:,} actors")
    defs, rows, note = panels.table_data(ex, spec, "links")
    assert len(rows) == p.n_edges
    titles = dict(zip(fake.cooperations["id"], fake.cooperations["title"]))
    first = p.edges.iloc[0]
    row = next(r for r in rows if (r["source"], r["target"]) == (first["source"], first["target"]))
    assert titles[first["cooperations"][0]] in row["cooperations"]


def test_table_key_ignores_appearance_and_selection():
    a = panels.table_key(ViewSpec(level="country", color="region", selected="LV", view="table"), "nodes")
    assert a == panels.table_key(ViewSpec(level="country"), "nodes")
    assert a != panels.table_key(ViewSpec(level="country"), "links")
    assert a != panels.table_key(ViewSpec(level="country", themes=("green",)), "nodes")


# -- errors become messages --------------------------------------------------------------------


def test_failures_become_messages_and_are_logged(caplog):
    @cb.guarded(lambda message: ("shown", message))
    def broken(kind):
        if kind == "user":
            raise ActorNotFound("No actor matches 'Rgia'. Did you mean Riga?")
        raise ZeroDivisionError("internal detail")

    assert broken("user") == ("shown", "No actor matches 'Rgia'. Did you mean Riga?")
    with caplog.at_level(logging.ERROR, logger="graph_explorer.app"):
        assert broken("bug") == ("shown", cb.GENERIC_ERROR)
    assert "internal detail" not in cb.GENERIC_ERROR
    assert any("broken" in r.getMessage() for r in caplog.records)


def test_the_selected_node_is_labelled_once(ex):
    spec = ViewSpec(level="country", labels="top", top_n=1)
    m = ex.metrics(spec)
    top = m["degree"].idxmax()
    low = m["degree"].idxmin()
    fig, _ = page_figure(ex, spec.replace(selected=top), None)
    labels = [t for t in fig.data if t.name == "labels"][0]
    assert set(fig.data[-1].text) == {""} and len(labels.text) == 1  # the picture's own label stays
    fig, _ = page_figure(ex, spec.replace(selected=low), None)
    text = list(fig.data[-1].text)
    assert text[0] == ex.node_label(spec, low) and set(text[1:]) <= {""}  # one name: the selected actor's


def test_an_unknown_country_in_a_url_is_named_with_candidates(choices, fake):
    u = sync.sync_view(ids.URL, "?country=ZZ&country=LV", _controls(choices), choices, dataset=fake)
    assert u.spec == START
    assert "country: 'ZZ' is not the country of any actor of this data" in u.message and "Known:" in u.message


def test_a_network_drawn_before_is_answered_from_the_cache_unchanged(ex, monkeypatch):
    """Back to a view (a filter ticked off again) sends the same wire figure without drawing it again."""
    from graph_explorer.figures import screen as screen_mod

    spec = ViewSpec(level="country", themes=("green",))
    first, meta, frame = panels.render_figure(ex, spec, None)
    calls = []
    real = panels.screen_figure
    monkeypatch.setattr(panels, "screen_figure", lambda *a, **k: calls.append(1) or real(*a, **k))
    again, meta2, frame2 = panels.render_figure(ex, spec, {"frame": meta["frame"]})
    assert calls == [] and again == first and meta2 == meta and frame2 is None and frame is not None
    panels.render_figure(ex, spec.replace(themes=("digital",)), {"frame": meta["frame"]})
    assert calls == [1]
    assert screen_mod.screen_figure is real
