"""The matrix view: each cell is the link's weight; plus the tables, details and controls of the
backbone, the ratio and the comparison."""

from __future__ import annotations

import numpy as np
import pytest

from graph_explorer.explorer import Explorer
from graph_explorer.figures import figure_for
from graph_explorer.figures.matrix import MAX_MATRIX_NODES, matrix_data, matrix_figure
from graph_explorer.view import ViewSpec


@pytest.fixture(scope="module")
def ex(bundled):
    return Explorer(bundled)


def test_matrix_cell_is_the_links_weight(ex):
    spec = ViewSpec(level="country", view="matrix")
    scene = ex.scene(spec)
    m = matrix_data(scene)
    index = {n: i for i, n in enumerate(m.ids)}
    p = ex.projection(spec)
    assert len(m.ids) == len(p.nodes) == 55
    for s, t, w in zip(p.edges["source"], p.edges["target"], p.edges["weight"]):
        assert m.z[index[s], index[t]] == m.z[index[t], index[s]] == w
    linked = np.isfinite(m.z).sum()
    assert linked == 2 * len(p.edges)  # every other cell is empty
    # the figure's heatmap carries the same numbers, and each cell names its link for the click
    fig = figure_for(scene)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    z = np.array(heat.z, dtype=float)
    i, j = index["LV"], index["FI"]
    assert z[i, j] == p.edges.set_index(["source", "target"]).loc[("FI", "LV"), "weight"]
    assert list(heat.customdata[i][j]) == ["LV", "FI"]
    # rows grouped by community: the community numbers never go back down the rows
    comm = ex.metrics(spec)["community"].reindex(m.ids).to_numpy()
    assert (np.diff(comm) >= 0).all()


def test_matrix_with_newman_weights_and_a_filter(ex):
    spec = ViewSpec(level="country", view="matrix", weight="newman", themes=("green",))
    m = matrix_data(ex.scene(spec))
    e = ex.projection(spec).edges.iloc[0]
    index = {n: i for i, n in enumerate(m.ids)}
    assert m.z[index[e["source"]], index[e["target"]]] == pytest.approx(e["weight"])


def test_matrix_refuses_too_many_actors(ex):
    fig = matrix_figure(ex.scene(ViewSpec(view="matrix")))
    assert not fig.data and f"at most {MAX_MATRIX_NODES} actors" in fig.layout.annotations[0].text
    # an annotation does not wrap: a line per sentence, each short enough for the pane
    lines = fig.layout.annotations[0].text.split("<br>")
    assert len(lines) == 2 and max(len(x) for x in lines) <= 90


def test_tables_and_details_show_both_periods(ex):
    from graph_explorer.app.panels import details_panel, table_data
    from graph_explorer.export.tables import link_table

    spec = ViewSpec(level="country", years=(2023, 2025), compare=(2021, 2022))
    defs, rows, _ = table_data(ex, spec, "links")
    fields = [d["field"] for d in defs]
    assert {"weight_then", "status", "weight"} <= set(fields)
    c = ex.link_projection(spec).edges.set_index(["source", "target"])
    row = next(r for r in rows if r["status"] == "weaker")
    assert (row["weight"], row["weight_then"]) == tuple(c.loc[(row["source"], row["target"]), ["weight", "weight_then"]])
    assert row["weight"] < row["weight_then"]
    lost = next(r for r in rows if r["status"] == "lost")
    assert lost["weight"] == 0 and lost["weight_then"] > 0
    t = link_table(ex, spec)
    assert {"weight_then", "status", "ratio"} <= set(t.columns) and len(t) == len(c)
    panel = str(details_panel(ex, spec, [row["source"], row["target"]]))
    assert "2021–2022: weight" in panel and "2023–2025: weight" in panel and "weaker" in panel


def test_ratio_in_the_table_and_as_link_colour(ex):
    from graph_explorer.app.panels import table_data

    spec = ViewSpec(level="country", edge_color="ratio")
    defs, rows, _ = table_data(ex, spec, "links")
    assert "ratio" in [d["field"] for d in defs]
    e = ex.projection(spec).edges.set_index(["source", "target"])
    r = rows[0]
    assert r["ratio"] == pytest.approx(e.loc[(r["source"], r["target"]), "ratio"], abs=1e-3)
    fig = figure_for(ex.scene(spec), webgl=False)
    names = [t.name.rsplit(" (", 1)[0] for t in fig.data if t.legendgroup == "links"]
    assert names == ["≥ 4× expected", "2–4× expected", "0.5–2× (as expected)", "< 0.5× expected"]
    counts = sum(int(t.name.rsplit("(", 1)[1].rstrip(")").replace(",", "")) for t in fig.data
                 if t.legendgroup == "links")
    assert counts == len(e)


def test_controls_round_trip_the_new_fields(bundled):
    from graph_explorer.app import ids
    from graph_explorer.app.state import choices_for, controls_from_spec, spec_from_controls

    choices = choices_for(bundled, ["degree"])
    spec = ViewSpec(level="country", backbone=0.05, edge_color="ratio", years=(2023, 2025), compare=(2021, 2022))
    values = controls_from_spec(spec, choices)
    assert values[ids.BACKBONE] == "0.05" and values[ids.COMPARE_ON] and values[ids.COMPARE] == [2021, 2022]
    assert spec_from_controls(values, choices, ViewSpec()) == spec
    off = dict(values, **{ids.COMPARE_ON: False, ids.BACKBONE: ""})
    back = spec_from_controls(off, choices, spec)
    assert back.compare is None and back.backbone is None
