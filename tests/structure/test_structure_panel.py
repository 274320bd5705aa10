"""The structure panel as plain functions: the words and numbers a strategist sees."""

from __future__ import annotations

import math

import pytest

from graph_explorer.analysis import group_ei_index
from graph_explorer.app import structure_panel as sp
from graph_explorer.explorer import Explorer
from graph_explorer.figures.style import OTHER_COLOR
from graph_explorer.view import ViewSpec

from dash import html

from ..app.conftest import text_of as _text_of
from ..app.conftest import walk


def text_of(component) -> str:
    return _text_of(html.Div(component) if isinstance(component, list) else component)


def prop(component, name):
    to_json = getattr(component, "to_plotly_json", None)
    return to_json()["props"].get(name) if to_json else None


@pytest.fixture(scope="module")
def explorer(bundled):
    return Explorer(bundled)


@pytest.mark.parametrize("query", ["level=country", "level=organisation&theme=digital&years=2024"])
def test_region_table_on_screen_equals_group_ei_index(explorer, query):
    spec = ViewSpec.from_query(query)
    table, matrix = sp.regions_view(explorer, spec)
    shown = {}
    for c in walk(html.Div(table)):
        if prop(c, "data-region") is not None:
            cells = [x for x in walk(c) if prop(x, "data-ei") is not None]
            shown[prop(c, "data-region")] = float(prop(cells[0], "data-ei"))
    ref = group_ei_index(explorer.graph(spec)).set_index("group")["ei_index"]
    assert set(shown) == set(ref.index)
    for region, ei in ref.items():
        assert (math.isnan(ei) and math.isnan(shown[region])) or shown[region] == pytest.approx(ei, abs=1e-12)
    assert "diagonal" in text_of(matrix)


def test_holders_view_names_the_most_critical_actor(explorer):
    spec = ViewSpec(level="organisation")
    text = text_of(sp.holders_view(explorer, spec))
    h = explorer.holders(spec)
    assert f"{len(h['articulation_points'])} actors and {len(h['bridges'])} links hold this network together" in text
    top = max(h["cut_off"], key=h["cut_off"].get)
    assert explorer.node_label(spec, top)[:30] in text and f"{h['cut_off'][top]} actors cut off" in text
    assert "Switch on the highlight" in text


def test_what_if_of_a_region_in_words(explorer):
    spec = ViewSpec(level="organisation")
    r = explorer.what_if_removing(spec, "region", ["Baltic"])
    text = text_of(sp.what_if_group_view(explorer, spec, "region", ["Baltic"]))
    assert text.startswith(f"Without the Baltic region: {len(r['removed_actors']):,} actors and "
                           f"{r['links_removed']:,} links disappear")
    assert f"from {r['before']['largest_component']:,} to {r['after']['largest_component']:,} actors" in text


def test_what_if_options_follow_the_kind_and_the_view(explorer):
    spec = ViewSpec(level="country", programmes=("EQAVET",))
    programmes = sp.what_if_options(explorer, spec, "programme")
    assert [o["value"] for o in programmes] == ["EQAVET"]
    coops = sp.what_if_options(explorer, spec, "cooperation")
    assert coops and all(o["value"].startswith("eqavet-") for o in coops)
    regions = {o["value"] for o in sp.what_if_options(explorer, spec, "region")}
    assert "Baltic" in regions
    assert "not in this view" in text_of(sp.what_if_group_view(explorer, spec, "actor", ["org-nobody"])).lower()
    assert "Choose" in text_of(sp.what_if_group_view(explorer, spec, "country", []))


def test_communities_have_their_own_colours_and_no_big_grey_other(explorer):
    for query in ("level=organisation", "level=country", "level=organisation&theme=green"):
        scene = explorer.scene(ViewSpec.from_query(query))
        grey = [item for item in scene.legend if item.color == OTHER_COLOR]
        coloured = [item for item in scene.legend if item.color != OTHER_COLOR]
        assert len({item.color for item in coloured}) == len(coloured)  # distinct
        n = len(scene.nodes)
        for item in grey:  # a grey tail only of small communities, and it says how many
            assert item.count <= max(5, 0.01 * n) * 10 and ("small communities" in item.label or
                                                             item.label.startswith("Community"))
        assert sum(item.count for item in grey) < 0.02 * n
        assert all(" · " in item.label for item in coloured if item.label.startswith("Community"))


def test_the_what_if_actor_picker_lists_a_few_and_finds_the_others_by_name(explorer):
    """A filter click sends a short list; typing finds any of the offered actors; chosen ones stay."""
    spec = ViewSpec(level="organisation")
    offered = sp.what_if_options(explorer, spec, "actor")
    first = sp.picker_options(explorer, spec, "actor")
    assert len(first) == sp.ACTOR_OPTIONS_SHOWN < len(offered)
    G = explorer.graph(spec)
    top = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:sp.ACTOR_OPTIONS_SHOWN]
    assert {o["value"] for o in first} == set(top)
    far = offered[-1]  # not among the first listed
    word = str(far["label"]).split()[0]
    found = sp.picker_options(explorer, spec, "actor", text=word.lower())
    assert found and all(word.casefold() in str(o["label"]).casefold() for o in found)
    assert far["value"] in {o["value"] for o in sp.picker_options(explorer, spec, "actor", text=str(far["label"]))}
    kept = sp.picker_options(explorer, spec, "actor", chosen=[far["value"]], text="zzzz-nothing")
    assert [o["value"] for o in kept] == [far["value"]]
    assert sp.picker_options(explorer, spec, "region") == sp.what_if_options(explorer, spec, "region")
