"""What a strategist reads on the first screen and in the panels, as plain functions (no browser).

Numbers are checked against the projection and the graph computed here, not against the page.
"""

from __future__ import annotations

import pandas as pd
import pytest

from graph_explorer.app import panels
from graph_explorer.app import ids
from graph_explorer.app.components import plain_summary, text_of_summary
from graph_explorer.app.counts import counted_options
from graph_explorer.dataset import load_bytes
from graph_explorer.explorer import Explorer
from graph_explorer.figures.map import map_frame
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

from .conftest import page_figure, text_of


@pytest.fixture(scope="module")
def bex(bundled):
    return Explorer(bundled)


def test_the_summary_in_plain_words_has_the_view_s_numbers(bex, bundled):
    spec = ViewSpec(level="country")
    s = panels._summary_facts(bex, spec)
    text = text_of_summary(plain_summary(s))
    p = project(bundled, spec)
    kinds = p.nodes["kind"].value_counts()
    assert text.startswith(f"{kinds['country']} countries and {len(p.nodes) - kinds['country']} other actors, "
                           f"joined by {len(p.edges):,} links")
    share = bex.graph_metrics(spec)["cross_region_share"]
    assert f"{100 * share:.0f}% of the links cross a region border" in text
    largest = bex.graph_metrics(spec)["largest_component"]
    assert f"{largest} form one connected network; {len(p.nodes) - largest} stands apart" in text
    figures, plain = panels.summary_view(bex, spec)
    assert figures == panels.summary_line(bex, spec) and text_of_summary(plain) == text  # the figures one click away


def test_communities_are_named_by_their_members(bex):
    scene = bex.scene(ViewSpec(level="country"))
    names = [item.label for item in scene.legend]
    assert names and all(" · " in n for n in names if n.startswith("Community "))  # "Community 1 · Italy"


def test_filter_counts_follow_the_other_filters(bundled, bex):
    from graph_explorer.app import _metric_names
    from graph_explorer.app.state import choices_for

    choices = choices_for(bundled, _metric_names())
    green = ViewSpec(level="country", themes=("green",))
    opts = counted_options(bundled, green, choices)
    coops = bundled.cooperations
    is_green = coops["themes"].map(lambda t: "green" in t)
    projects = int((is_green & (coops["kind"] == "project")).sum())
    assert projects < int((coops["kind"] == "project").sum())
    assert {"label": f"Project ({projects:,})", "value": "project"} in opts[ids.KINDS]
    southern = int((project(bundled, green).nodes["region"] == "Southern").sum())
    assert any(o["value"] == "Southern" and o["label"].endswith(f"({southern:,})") for o in opts[ids.REGIONS])
    # a value's own filter is left out of its count: ticking Green does not change the themes' counts
    assert counted_options(bundled, green, choices)[ids.THEMES] == \
        counted_options(bundled, ViewSpec(level="country"), choices)[ids.THEMES]


def test_all_of_the_themes_keeps_only_cooperations_with_every_one(bundled):
    any_ = project(bundled, ViewSpec(themes=("green", "digital")))
    all_ = project(bundled, ViewSpec(themes=("green", "digital"), all_themes=True))
    coops = bundled.cooperations
    both = set(coops["id"][coops["themes"].map(lambda t: {"green", "digital"} <= set(t))])
    assert set(all_.cooperation_ids) == both and len(all_.edges) < len(any_.edges)
    assert ViewSpec.from_query("theme=green&theme=digital&all_themes=1").all_themes is True


def test_the_baltic_states_and_their_partners(bundled):
    alone = project(bundled, ViewSpec(level="country", regions=("Baltic",)))
    wide = project(bundled, ViewSpec(level="country", regions=("Baltic",), partners=True))
    region = dict(zip(wide.nodes["id"], wide.nodes["region"]))
    assert set(alone.nodes["id"]) < set(wide.nodes["id"])
    assert all("Baltic" in (region[s], region[t]) for s, t in zip(wide.edges["source"], wide.edges["target"]))
    every = project(bundled, ViewSpec(level="country"))
    leaving = every.edges[(every.edges["source"].isin(alone.nodes["id"]))
                          | (every.edges["target"].isin(alone.nodes["id"]))]
    assert len(wide.edges) == len(leaving)  # every link with a Baltic end, and no other


def test_the_links_table_finds_an_actor_at_either_end(bex):
    spec = ViewSpec(level="country")
    defs, rows, note = panels.table_data(bex, spec, "links", "latvia")
    assert len(rows) == bex.graph(spec).degree("LV") == 32
    assert {r["source_label"] for r in rows} == {"Latvia"}
    assert note.startswith("32 links with an actor matching “latvia” at either end")
    assert not [d for d in defs if d["field"] == "id" and not d.get("hide")]


def test_suggestions_are_of_the_same_kind_with_reasons_in_words(bex):
    spec = ViewSpec()
    G = bex.graph(spec)
    org = next(n for n, d in sorted(G.nodes(data=True)) if d.get("kind") == "organisation"
               and d.get("country") == "LV" and any(G.nodes[v].get("kind") == "country" for v in G[n]))
    sug = bex.suggestions(spec, org, top=5)
    assert len(sug) and set(sug["kind"]) == {"organisation"}
    assert all("wbl" not in r and " in " not in r.split(";")[-1][:8] for r in sug["reason"])
    assert all(r.split("; ")[1].startswith(("both work on", "no theme")) for r in sug["reason"])


def test_what_if_says_its_conclusion_in_words(bex):
    spec = ViewSpec(level="country", selected="LV")
    view = panels.what_if_view(bex, spec)
    text = text_of(view)
    w = bex.what_if(spec, ["LV"])
    assert text.startswith("Without Latvia")
    assert f"{w['links_removed']:,} links disappear" in text


def test_the_map_is_fitted_to_the_actors_shown_and_names_those_outside(bex):
    spec = ViewSpec(level="country", view="map")
    scene = bex.scene(spec)
    lon, lat, outside = map_frame(scene.nodes)
    assert lon[0] < -18 and lat[1] > 64  # Iceland is in the frame
    assert 0 < len(outside) < 15 and (outside["x"] < lon[0]).any() | (outside["x"] > lon[1]).any()
    fig, _ = page_figure(bex, spec, None)
    note = fig.layout.annotations[0].text
    assert f"{len(outside)} outside the frame" in note and "without a place" in note
    baltic = bex.scene(ViewSpec(level="country", view="map", regions=("Baltic",)))
    blon, blat, _ = map_frame(baltic.nodes)
    assert blon[1] - blon[0] < 25  # a region alone: the map zooms in


def test_an_upload_without_attribution_is_credited_to_the_sources_it_cites():
    csv = ("source,target,kind,themes,start,end,source_url,title\n"
           "Riga Technical College,Omnia,project,digital,2021,2022,https://www.rtk.lv/p,Skills\n"
           "Omnia,Alpha College,project,green,2022,2023,https://omnia.fi/x,Green\n").encode()
    d = load_bytes(csv, "mine.csv")
    scene = Explorer(d).scene(ViewSpec())
    assert scene.attribution == ("Sources cited in the data: omnia.fi, rtk.lv",)
