"""The screen's figure is built as plotly's dict, without figure objects: it must be the figure plotly would make.

``network_dict`` is what ``network_figure`` wraps in a Figure, and ``screen_figure`` is sent to the page
without plotly's checks, so these tests check both against plotly's own Figure: the same JSON, and
valid for plotly's validators (a misspelt property or a wrong value would raise there).
"""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.io.json import to_json_plotly

from graph_explorer.explorer import Explorer
from graph_explorer.figures import figure_for
from graph_explorer.figures.labels import place_labels
from graph_explorer.figures.network import network_dict, network_figure
from graph_explorer.figures.screen import labels_on, screen_figure, selection_trace
from graph_explorer.view import ViewSpec

VIEWS = ["", "theme=green", "theme=green&color=region&size=betweenness", "years=2021-2023&compare=2018-2020",
         "edge_color=ratio", "level=country", "level=bipartite", "holders=1", "color=betweenness", "layout=geo",
         "min_weight=2&theme=digital", "view=map", "level=country&view=map"]


@pytest.fixture(scope="module")
def ex(bundled):
    return Explorer(bundled)


def as_json(fig) -> dict:
    return json.loads(to_json_plotly(fig.to_dict() if isinstance(fig, go.Figure) else fig))


@pytest.mark.parametrize("query", [q for q in VIEWS if "view=map" not in q])
def test_network_dict_is_the_figure_plotly_makes_of_it(ex, query):
    scene = ex.scene(ViewSpec.from_query(query))
    d = network_dict(scene, width=700, height=460)
    assert "template" not in d["layout"]
    assert as_json(go.Figure(d)) == as_json(network_figure(scene, width=700, height=460))
    assert {t["type"] for t in d["data"]} <= {"scatter", "scattergl"}
    assert not any(v is None for t in d["data"] for v in t.values())  # unset, as plotly leaves it


@pytest.mark.parametrize("query", VIEWS)
def test_the_screen_figure_is_valid_for_plotly_and_unchanged_by_it(ex, query):
    spec = ViewSpec.from_query(query)
    scene = ex.scene(spec)
    fig, gl = screen_figure(scene, spec, "data", links={})
    checked = go.Figure(fig)  # plotly's validators: raises on an unknown property or a bad value
    assert as_json(checked) == as_json(fig)
    assert fig["data"][-1]["name"] == "selected"
    assert gl == any(t["type"] == "scattergl" for t in fig["data"])


def test_a_selection_is_drawn_as_plotly_would(ex):
    spec = ViewSpec()
    scene = ex.scene(spec)
    chosen = scene.nodes.sort_values("size").iloc[-1]["id"]
    ring = selection_trace(scene, chosen, False, True, labels_on(scene))
    assert as_json(go.Scattergl(ring).to_plotly_json()) == as_json(ring)
    assert ring["customdata"][0] == chosen
    fig, _ = screen_figure(scene, spec.replace(selected=chosen), "data")
    assert fig["data"][-1]["customdata"][0] == chosen


def test_names_on_the_screen_are_those_of_the_exported_view(ex):
    """The screen places names for its own size; the names it can show are the ones figure_for draws there."""
    scene = ex.scene(ViewSpec())
    fig = figure_for(scene, width=700, height=460)
    names = {str(t) for tr in fig.data if tr.name == "labels" for t in tr.text}
    assert names and labels_on(scene) == names


def _place_one_spot_at_a_time(x, y, texts, order, width_px, height_px, xrange, yrange, font_px, radii_px,
                              nodes_x, nodes_y, nodes_r):
    """The greedy placement written plainly (each spot against every box and every node): the reference."""
    from graph_explorer.figures.labels import (_ANGLES, _RINGS, _SPOTS, LABEL_HEIGHT_EM, LABEL_MARGIN_PX,
                                               text_width)

    sx, sy = width_px / (xrange[1] - xrange[0]), height_px / (yrange[1] - yrange[0])
    px, py = (x - xrange[0]) * sx, (y - yrange[0]) * sy
    discs = np.c_[(nodes_x - xrange[0]) * sx, (nodes_y - yrange[0]) * sy, nodes_r]
    h, m, gap = LABEL_HEIGHT_EM * font_px, LABEL_MARGIN_PX, 2.0
    placed, keep = [], np.zeros(len(texts), bool)
    for i in order:
        w = text_width(texts[i], font_px)
        spots = [(px[i] + dx * (w / 2 + radii_px[i] + gap), py[i] + dy * (h / 2 + radii_px[i] + gap)) for dx, dy in _SPOTS]
        for ring in _RINGS:
            d = radii_px[i] + gap + ring * h
            spots += [(px[i] + np.cos(a) * (w / 2 + d), py[i] + np.sin(a) * (h / 2 + d)) for a in _ANGLES]
        for cx, cy in spots:
            b = (cx - w / 2 - m, cy - h / 2 - m, cx + w / 2 + m, cy + h / 2 + m)
            if b[0] < 0 or b[1] < 0 or b[2] > width_px or b[3] > height_px:
                continue
            if any(b[2] > o[0] and b[0] < o[2] and b[3] > o[1] and b[1] < o[3] for o in placed):
                continue
            qx, qy = np.clip(discs[:, 0], b[0], b[2]), np.clip(discs[:, 1], b[1], b[3])
            if ((qx - discs[:, 0]) ** 2 + (qy - discs[:, 1]) ** 2 < discs[:, 2] ** 2 - 1e-9).any():
                continue
            placed.append(b)
            keep[i] = True
            break
    return keep, placed


def test_label_placement_is_the_plain_greedy_placement():
    """The placer tries a label's spots a ring at a time against the nodes near them: the same choice as
    trying each spot against every node, on a dense random picture where most spots are taken."""
    rng = np.random.default_rng(3)
    nx_, ny_ = rng.normal(size=3000), rng.normal(size=3000)
    nr = rng.uniform(2, 9, 3000)
    cand = rng.choice(3000, 80, replace=False)
    texts = [f"Actor {i} of a long name" if i % 3 else f"A{i}" for i in range(80)]
    order = np.argsort(-nr[cand], kind="stable")
    args = (nx_[cand], ny_[cand], texts, order, 700, 460, (-3, 3), (-3, 3))
    got = place_labels(*args, font_px=11, radii_px=nr[cand], nodes_x=nx_, nodes_y=ny_, nodes_r=nr)
    keep, boxes = _place_one_spot_at_a_time(*args, 11, nr[cand], nx_, ny_, nr)
    assert 5 < keep.sum() < 80  # some placed, some not: the test sees both outcomes
    assert (got.keep == keep).all()
    assert np.allclose(np.sort(got.boxes[got.keep], axis=0), np.sort(np.array(boxes), axis=0))


def test_a_long_colour_legend_of_an_export_stops_above_the_size_legend(ex):
    """26 communities at the organisation level: the exported legend drops plotly's gaps between entries
    (and smaller text if needed) so it ends above the size legend; 4 at country level keep plotly's look."""
    from graph_explorer.figures.page import LEGEND_TIGHT_LINE_EM, export_frame

    scene = ex.scene(ViewSpec())
    fig = network_figure(scene, width=1920, height=1080, for_export=True)
    legend = fig.layout.legend
    assert legend.tracegroupgap == 0
    entries = [t for t in fig.data if t.showlegend is not False]
    assert len(entries) >= 20
    ef = export_frame(scene, 1920, 1080)
    size_top = next(a.y for a in fig.layout.annotations if str(a.text).startswith("<b>Size:")) * ef.inner_px[1]
    height = (len(entries) + 1) * LEGEND_TIGHT_LINE_EM * legend.font.size
    assert height < ef.inner_px[1] - size_top
    few = network_figure(ex.scene(ViewSpec(level="country")), width=1920, height=1080, for_export=True)
    assert few.layout.legend.tracegroupgap is None and few.layout.legend.font.size == ef.font("legend")


def test_link_middles_near_a_node_are_found_as_by_measuring_every_distance():
    """The grid shortcut of the clickable link middles decides as measuring the distance to every node would:
    points inside, around and far from clusters, right at the clearance, and with missing positions."""
    from graph_explorer.figures.screen import MIDPOINT_CLEARANCE, _away_from_nodes

    rng = np.random.default_rng(3)
    nx_ = np.r_[rng.normal(0, 0.05, 1500), rng.uniform(-1, 1, 300), np.nan]
    ny_ = np.r_[rng.normal(0, 0.05, 1500), rng.uniform(-1, 1, 300), 0.0]
    mx, my = rng.uniform(-1.1, 1.1, 6000), rng.uniform(-1.1, 1.1, 6000)
    ok = np.isfinite(nx_)
    clearance = MIDPOINT_CLEARANCE * max(np.ptp(nx_[ok]), np.ptp(ny_[ok]))
    mx[:50], my[:50] = nx_[:50] + clearance * 1.001, ny_[:50]  # just beyond the clearance of a node
    mx[50:60] = np.nan
    dist = np.sqrt((mx[:, None] - nx_[None, ok]) ** 2 + (my[:, None] - ny_[None, ok]) ** 2).min(axis=1)
    expected = np.isfinite(mx) & (dist > clearance)
    got = _away_from_nodes(mx, my, nx_, ny_)
    assert 100 < expected.sum() < 5900  # both answers are common
    assert (got == expected).all()


@pytest.mark.parametrize("width, height", [(700, 460), (3840, 2160)])  # one pixel per cell, and several
def test_label_boxes_clear_of_nodes_are_found_as_by_measuring_every_node(width, height):
    """The label placer's picture of the nodes (surely inside a node, surely clear of all) decides as measuring
    each box against every node would: boxes on, beside and exactly touching nodes, tiny and large nodes."""
    from graph_explorer.figures.labels import _Discs

    rng = np.random.default_rng(5)
    n = 4000
    discs = np.c_[rng.normal(width / 2, width / 8, n), rng.normal(height / 2, height / 8, n),
                  rng.choice([0.004, 2.0, 4.5, 9.0, 30.0], n)]
    x0, y0 = rng.uniform(0, width - 120, 3000), rng.uniform(0, height - 20, 3000)
    boxes = np.c_[x0, y0, x0 + rng.uniform(1, 120, 3000), y0 + rng.uniform(1, 20, 3000)]
    # boxes whose edge is exactly at a node's rim, and just inside it
    k = np.arange(200)
    boxes[k] = np.c_[discs[k, 0] + discs[k, 2], discs[k, 1] - 5, discs[k, 0] + discs[k, 2] + 40, discs[k, 1] + 5]
    boxes[k + 200] = boxes[k] - [1e-3, 0, 1e-3, 0]
    # boxes off a node's diagonal, just beyond its rim (inside the square around it, outside the disc)
    corner = discs[k + 400, :2] + (discs[k + 400, 2:] / np.sqrt(2) + 0.05)
    boxes[k + 400] = np.c_[corner, corner + [30, 10]]
    boxes = boxes[(boxes[:, 0] >= 0) & (boxes[:, 2] <= width) & (boxes[:, 1] >= 0) & (boxes[:, 3] <= height)]
    qx = np.clip(discs[None, :, 0], boxes[:, None, 0], boxes[:, None, 2])
    qy = np.clip(discs[None, :, 1], boxes[:, None, 1], boxes[:, None, 3])
    touches = ((qx - discs[None, :, 0]) ** 2 + (qy - discs[None, :, 1]) ** 2 < discs[None, :, 2] ** 2 - 1e-9).any(axis=1)
    assert 100 < touches.sum() < len(boxes) - 100
    grid = _Discs(discs, width, height)
    for start in range(0, len(boxes), 16):  # batches of boxes, as the placer asks: the first clear one of each
        batch = boxes[start:start + 16]
        clear = np.flatnonzero(~touches[start:start + 16])
        assert grid.first_clear(batch, np.ones(len(batch), dtype=bool)) == (clear[0] if len(clear) else -1)
        ok = rng.random(len(batch)) < 0.5
        allowed = np.flatnonzero(ok & ~touches[start:start + 16])
        assert grid.first_clear(batch, ok) == (allowed[0] if len(allowed) else -1)


def test_typed_arrays_are_written_as_plotly_writes_them(ex):
    """The screen's own conversion of arrays to typed arrays gives plotly's JSON: every numpy type, empty and
    2-D arrays, 64-bit integers that fit a smaller type and those that do not, strings, pandas, nested lists."""
    import copy

    import pandas as pd
    from _plotly_utils.utils import convert_to_base64 as plotly_convert

    from graph_explorer.figures.screen import convert_to_base64

    arrays = [np.arange(5, dtype=t) for t in ("int8", "uint8", "int16", "uint16", "int32", "uint32", "float32",
                                              "float64", "float16")]
    arrays += [np.array([-3, 100]), np.array([0, 40_000]), np.array([-2**40, 1]), np.array([2**63], dtype=np.uint64),
               np.array([1, 2], dtype=np.uint64), np.arange(12.0).reshape(3, 4), np.arange(10.0)[::2],
               np.array([], dtype=float), np.array([True, False]), np.array(["a", "b"]), np.array(["x", 1], dtype=object),
               np.array([["a", "b"], ["c", None]], dtype=object), np.array([], dtype=object), np.array([np.nan, 1.5])]
    figure = {"data": [{"x": a, "marker": {"size": a, "line": {"width": [a, 2]}}, "range": np.arange(3.0)}
                       for a in arrays] + [{"y": pd.Series([1.0, 2.0]), "text": "t", "n": 3}],
              "layout": {"geo": {"range": np.arange(2.0)}}}
    figure["data"] += screen_figure(ex.scene(ViewSpec()), ViewSpec(), "data", links={})[0]["data"][:3]
    mine, theirs = copy.deepcopy(figure), copy.deepcopy(figure)
    convert_to_base64(mine)
    plotly_convert(theirs)
    assert to_json_plotly(mine) == to_json_plotly(theirs)
    assert mine["data"][0]["x"] == {"dtype": "i1", "bdata": "AAECAwQ="}


@pytest.mark.parametrize("seed", range(6))
def test_link_middles_clear_of_the_nodes_are_those_farther_than_the_clearance_from_every_node(seed):
    """The grid and the k-d tree of the nodes around give what measuring every distance gives."""
    from graph_explorer.figures.screen import _away_from_nodes

    rng = np.random.default_rng(seed)
    for share in (0.006, 0.05, 0.3):
        nx_, ny_ = rng.normal(size=400) * rng.uniform(0.1, 10), rng.normal(size=400)
        nx_[:3] = np.nan  # nodes without a position count for nothing
        mx, my = rng.normal(size=3000) * 3, rng.normal(size=3000) * 3  # some beyond every node
        mx[:5] = np.inf
        ok = np.isfinite(nx_) & np.isfinite(ny_)
        clearance = share * max(np.ptp(nx_[ok]), np.ptp(ny_[ok]))
        with np.errstate(invalid="ignore"):
            d = np.hypot(mx[:, None] - nx_[ok][None, :], my[:, None] - ny_[ok][None, :]).min(axis=1)
        expected = np.isfinite(mx) & np.isfinite(my) & (d > clearance)
        got = _away_from_nodes(mx, my, nx_, ny_, share)
        assert np.array_equal(got, expected)
        if share < 0.1:
            assert 0 < got.sum() < len(got)  # some middles clear, some not: the case is not trivial


def test_a_link_middle_two_grid_cells_from_its_only_near_node_is_near_it():
    from graph_explorer.figures.screen import MIDPOINT_CLEARANCE, _away_from_nodes

    clearance = MIDPOINT_CLEARANCE  # the nodes span 1 × 1
    cell = clearance / 1.5
    near = 100 * cell + 0.9 * cell  # a node at the far side of its cell; the middle 0.95 clearances beyond
    nx_, ny_ = np.array([0.0, 1.0, near]), np.array([0.0, 1.0, 0.5])
    mx, my = np.array([near + 0.95 * clearance, near + 1.05 * clearance]), np.array([0.5, 0.5])
    assert _away_from_nodes(mx, my, nx_, ny_).tolist() == [False, True]
