"""The compact WebGL figure draws the same links as the plain one."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from graph_explorer.figures import build_scene, network_figure
from graph_explorer.figures.network import segments, trails
from graph_explorer.view import ViewSpec


def drawn_segments(x, y) -> Counter:
    """Every straight piece a line trace draws (consecutive finite points), ends in either order."""
    pts = np.c_[np.asarray(x, float), np.asarray(y, float)]
    a, b = pts[:-1], pts[1:]
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    return Counter(tuple(sorted((tuple(p), tuple(q)))) for p, q in zip(a[ok].tolist(), b[ok].tolist()))


def test_trails_draw_each_link_once(synthetic):
    scene = build_scene(synthetic, ViewSpec())
    e = scene.edges
    tx, ty = trails(e)
    sx, sy = segments(e)
    assert drawn_segments(tx, ty) == drawn_segments(sx, sy)
    assert len(tx) < 0.6 * len(sx)  # chaining saves points on a real-looking network


def test_trails_handle_cycles_stars_and_missing_ends():
    links = [((0, 0), (1, 0)), ((1, 0), (0.5, 1)), ((0.5, 1), (0, 0)),  # a triangle: one closed trail
             ((5, 5), (6, 5)), ((5, 5), (4, 5)), ((5, 5), (5, 6)),  # a star of three
             ((9, 9), (10, 9)),  # a lone link
             ((np.nan, 1), (3, 3))]  # a link with a missing end is not drawn
    e = pd.DataFrame([(a[0], b[0], a[1], b[1]) for a, b in links], columns=["x0", "x1", "y0", "y1"], dtype=float)
    tx, ty = trails(e)
    assert drawn_segments(tx, ty) == drawn_segments(*segments(e))
    assert sum(drawn_segments(tx, ty).values()) == 7
    assert [a.tolist() for a in trails(e.iloc[:0])] == [[], []]


def test_webgl_figure_draws_the_same_links_as_svg(synthetic):
    scene = build_scene(synthetic, ViewSpec(themes=("digital",)))
    gl = network_figure(scene, webgl=True)
    svg = network_figure(scene, webgl=False)

    def links(fig):
        out = Counter()
        for t in fig.data:
            if t.mode == "lines":
                out += drawn_segments(t.x, t.y)
        return out
    assert links(gl) == links(svg)
    assert sum(len(t.x) for t in gl.data if t.mode == "lines") < sum(len(t.x) for t in svg.data if t.mode == "lines")


def test_uniform_opacity_is_sent_once(synthetic):
    fig = network_figure(build_scene(synthetic, ViewSpec(color="region")))
    markers = [t for t in fig.data if t.mode == "markers"]
    assert markers and all(isinstance(t.marker.opacity, float) for t in markers)


def test_hover_of_very_large_views_keeps_name_place_and_size_metric(synthetic, monkeypatch):
    from graph_explorer.figures import scene as scene_mod

    full = build_scene(synthetic, ViewSpec(size="degree"))
    assert "Cooperations: " in full.nodes["hover"].iloc[0]
    monkeypatch.setattr(scene_mod, "HOVER_DETAIL_MAX_NODES", 10)
    short = build_scene(synthetic, ViewSpec(size="degree"))
    for long_text, short_text in zip(full.nodes["hover"], short.nodes["hover"]):
        lines = long_text.split("<br>")
        assert short_text.split("<br>") == lines[:2] + [x for x in lines if x.startswith("Degree")]


def test_hover_says_plain_figures_and_the_encoded_metrics(synthetic):
    """Partners and cooperations, plus what size and colour encode; technical figures stay in the details."""
    plain = build_scene(synthetic, ViewSpec()).nodes["hover"].iloc[0].split("<br>")
    assert [x.split(":")[0] for x in plain[2:]] == ["Degree (partners)", "Cooperations"]
    from graph_explorer.explorer import Explorer

    encoded = Explorer(synthetic).scene(ViewSpec(size="betweenness", color="pagerank")).nodes["hover"].iloc[0]
    assert [x.split(":")[0] for x in encoded.split("<br>")[2:5]] == ["Betweenness", "PageRank", "Degree (partners)"]
    assert "Weighted degree" not in encoded
