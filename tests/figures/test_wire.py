"""The network on the wire: a wire figure on its frame draws exactly the server's figure, at a fraction of the bytes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from dash._utils import to_json

from graph_explorer.explorer import Explorer
from graph_explorer.figures.screen import screen_figure
from graph_explorer.figures.wire import _unlike, decode, encode, frame_of, untyped
from graph_explorer.view import ViewSpec

VIEWS = [
    "level=organisation",
    "level=organisation&theme=green",
    "level=organisation&theme=digital&years=2019-2024&kind=alliance&kind=project",
    "level=organisation&color=pagerank&size=betweenness",
    "level=organisation&focus=org-135-bpm-le-campus-du-sport&hops=2",
    "level=organisation&compare=2015-2019&years=2020-2024",
    "level=organisation&backbone=0.05",
    "level=country",
    "level=country&edge_color=ratio",
    "level=country&layout=geo&theme=quality",
    "level=country&holders=1",
    "level=bipartite&theme=wbl",
]


@pytest.fixture(scope="module")
def bex(bundled):
    return Explorer(bundled)


def on_the_page(value):
    """A value as the page receives it: through the JSON of a Dash answer."""
    return json.loads(to_json(value))


def drawn(explorer, query):
    spec = ViewSpec.from_query(query)
    scene = explorer.scene(spec)
    links: dict = {}
    nodes: dict = {}
    fig, _ = screen_figure(scene, spec, explorer.dataset.fingerprint, links=links, nodes=nodes)
    truth, _ = screen_figure(scene, spec, explorer.dataset.fingerprint)  # every coordinate drawn
    frame = frame_of(explorer, spec, template=truth["layout"].get("template"))
    wire = encode(fig, links, scene, frame, nodes)
    return truth, wire, frame


def segments(trace) -> list[tuple]:
    """The links a line trace draws, as sorted pairs of end points (trails and segments alike)."""
    x, y = np.asarray(untyped(trace["x"]), float), np.asarray(untyped(trace["y"]), float)
    pts = np.c_[x, y].astype(np.float32)
    out = []
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        if np.isfinite(a).all() and np.isfinite(b).all():
            out.append(tuple(sorted([tuple(a.tolist()), tuple(b.tolist())])))
    return sorted(out)


def values(v) -> list:
    arr = untyped(v) if isinstance(v, dict) else np.asarray(v, dtype=object)
    return [float(np.float32(x)) if isinstance(x, (float, np.floating)) else x for x in arr.tolist()]


def assert_same_picture(truth: dict, page: dict):
    assert len(truth["data"]) == len(page["data"])
    for t, p in zip(truth["data"], page["data"]):
        where = t.get("name")
        for k in ("type", "name", "mode", "line", "hoverinfo", "hovertemplate", "showlegend", "legendgroup", "text"):
            assert t.get(k) == p.get(k), (where, k)
        if t.get("mode") == "lines" and "x" in t:
            assert segments(t) == segments(p), where
            continue
        if "x" in t:
            order = np.arange(len(untyped(t["x"])))
            if t.get("name") == "link midpoints":  # the page lists them in frame order
                key = [tuple(c) for c in t["customdata"]]
                order = np.array(sorted(order, key=lambda i: key[i]))
                page_order = np.array(sorted(range(len(p["customdata"])),
                                             key=lambda i: tuple(p["customdata"][i])))
            else:
                page_order = order
            for axis in ("x", "y"):
                assert np.allclose(np.asarray(values(t[axis]), float)[order],
                                   np.asarray(values(p[axis]), float)[page_order], rtol=1e-6, equal_nan=True), where
            for k in ("customdata", "hovertext"):
                if t.get(k) is None or isinstance(t.get(k), str):
                    assert t.get(k) == p.get(k), (where, k)
                    continue
                tv, pv = values(t[k]), values(p[k])
                assert [tv[i] for i in order] == [pv[i] for i in page_order], (where, k)
        tm, pm = t.get("marker") or {}, p.get("marker") or {}
        assert set(tm) == set(pm), where
        for k in tm:
            if isinstance(tm[k], (dict, list, np.ndarray)) and not (isinstance(tm[k], dict) and "bdata" not in tm[k]):
                assert values(tm[k]) == values(pm[k]), (where, k)
            else:
                assert tm[k] == pm[k], (where, k)
    assert truth["layout"] == page["layout"]


@pytest.mark.parametrize("query", VIEWS)
def test_the_page_draws_exactly_the_server_figure(bex, query):
    truth, wire, frame = drawn(bex, query)
    page = decode(on_the_page(wire), on_the_page(frame.wire()))
    assert_same_picture(on_the_page(truth), page)


@pytest.mark.parametrize("query", VIEWS[:3] + VIEWS[4:5] + VIEWS[-1:])
def test_the_rows_each_trace_draws_give_the_wire_that_looking_up_every_id_gives(bex, query, monkeypatch):
    """The node traces' rows (from the picture) and the links' end rows (from the scene) spare encode its
    lookups by id; the wire figure is the one made by looking up every id, with or without the selection."""
    from graph_explorer.figures.wire import Frame

    spec = ViewSpec.from_query(query)
    scene = bex.scene(spec)
    links, nodes = {}, {}
    fig, _ = screen_figure(scene, spec, "d", links=links, nodes=nodes)
    frame = frame_of(bex, spec)
    assert nodes and links and not set(nodes) & set(links)
    by_id = encode(fig, dict(links), scene.__class__(**{**scene.__dict__,
                   "edges": scene.edges.drop(columns=["u", "v"])}), frame)
    asked = []
    lookup = Frame.node_numbers
    monkeypatch.setattr(Frame, "node_numbers", lambda self, ids: asked.append(len(ids)) or lookup(self, ids))
    by_rows = encode(fig, links, scene, frame, nodes)
    assert on_the_page(by_rows) == on_the_page(by_id)
    assert sum(t.get("_nodes") is not None for t in by_rows["data"]) == len(nodes)
    # the scene's nodes once, and the link middles' two ends: no node trace nor link trace looks up ids
    middles = [t for t in fig["data"] if t.get("name") == "link midpoints"]
    assert asked == [len(scene.nodes)] + [len(untyped(middles[0]["customdata"]))] * 2 * len(middles)


@pytest.mark.parametrize("query", VIEWS)
def test_a_picture_left_as_numpy_arrays_gives_the_wire_of_its_typed_arrays(bex, query):
    """The app makes the picture without typed arrays (encode converts only what it sends): the same answer."""
    spec = ViewSpec.from_query(query)
    scene = bex.scene(spec)
    frame = frame_of(bex, spec)
    wires = []
    for typed in (True, False):
        links, nodes = {}, {}
        fig, _ = screen_figure(scene, spec, "d", links=links, nodes=nodes, typed=typed)
        if not typed:
            assert any(isinstance(v, np.ndarray) for t in fig["data"] for v in t.values())
        wires.append(to_json(encode(fig, links, scene, frame, nodes)))
    assert wires[0] == wires[1]


def test_a_filter_click_sends_a_fiftieth_of_the_figure(bex):
    truth, wire, frame = drawn(bex, "level=organisation&theme=green")
    sent = len(to_json(wire))
    assert sent < len(to_json(truth)) / 20 and sent < 40_000
    kinds = {k for t in wire["data"] for k in t if k.startswith("_")}
    assert kinds == {"_nodes", "_links", "_mids", "_like"}
    # the positions and names travel once per level, not per click
    assert "x" not in wire["data"][1] and len(to_json(frame.wire())) > 5 * sent


def test_frames_belong_to_a_level_and_layout_not_to_filters(bex):
    key = frame_of(bex, ViewSpec(level="organisation")).key
    assert frame_of(bex, ViewSpec(level="organisation", themes=("green",), color="region")).key == key
    assert frame_of(bex, ViewSpec(level="organisation", seed=7)).key != key
    assert frame_of(bex, ViewSpec(level="organisation", layout="circular")).key != key
    assert frame_of(bex, ViewSpec(level="country")).key != key


def test_a_trace_that_is_not_the_frames_travels_as_drawn(bex):
    """Positions that are not the frame's (another layout drawn on this frame) are never referenced."""
    spec = ViewSpec(level="country", themes=("green",))
    scene = bex.scene(spec)
    moved = scene.nodes.assign(x=scene.nodes["x"] + 1.0)
    import dataclasses

    shifted = dataclasses.replace(scene, nodes=moved, edges=scene.edges.assign(x0=scene.edges["x0"] + 1.0,
                                                                               x1=scene.edges["x1"] + 1.0))
    links: dict = {}
    fig, _ = screen_figure(shifted, spec, links=links)
    truth, _ = screen_figure(shifted, spec)
    assert links and not any("x" in fig["data"][i] for i in links)  # links by reference, unless sent as drawn
    wire = encode(fig, links, shifted, frame_of(bex, spec, template=truth["layout"].get("template")))
    assert not any(k.startswith("_") and k != "_like" for t in wire["data"] for k in t)
    sent = _unlike(on_the_page(wire["data"]))
    assert all(sent[i] == on_the_page(truth["data"][i]) for i in links)  # the links drawn as without references
    assert_same_picture(on_the_page(truth), decode(on_the_page(wire), on_the_page(frame_of(bex, spec).wire())))


def test_a_wire_figure_on_another_frame_is_refused(bex):
    _, wire, _ = drawn(bex, "level=country")
    with pytest.raises(ValueError, match="frame"):
        decode(wire, frame_of(bex, ViewSpec(level="organisation")).wire())


@pytest.mark.parametrize("texts, sent", [
    (["Alpha<br>Degree: 4", "Beta<br>Degree: 4", "zz", "Gamma"], ["<br>Degree: 4", "<br>Degree: 4", "zz", ""]),
    (["Alpha<br>Degree: 4", "Bet<br>Degree: 4", "zz", "Gamma"], None),  # a text without its head
    (["Alph", "Beta", "zz", "Gamma"], None),  # shorter than its head
    (["Alpha", None, "zz", "Gamma"], None),  # not a text
])
def test_hover_texts_go_as_codes_of_their_tails_only_when_each_starts_with_its_head(texts, sent):
    from graph_explorer.figures.wire import _hover, _Table

    table = _Table()
    heads = np.array(["Alpha", "Beta", "", "Gamma"], dtype=object)
    out = _hover(np.array(texts, dtype=object), heads, table)
    if sent is None:
        assert out is None
    else:
        assert out["_heads"] == 1
        assert [table.values[i] for i in untyped(out["_codes"])] == sent
