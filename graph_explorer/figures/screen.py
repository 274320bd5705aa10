"""The network or map picture as the app shows it: clickable links, the selection ring, the first frame.

:func:`screen_figure` takes the figure of :func:`~graph_explorer.figures.figure_for`
and adds what only the screen needs: invisible markers at the middle of each
link (a click there selects the link, :func:`edge_hit_trace`), the selected
node's ring and links as the last trace (:func:`selection_trace`, so a new
selection is one partial update), and the first frame (:func:`view_frame`).
Exports frame by another rule (:func:`~.network.frame_ranges`).
"""

from __future__ import annotations

import base64
from functools import lru_cache
from html import escape

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import to_typed_array_spec

from ..view import ViewSpec
from . import figure_for
from .network import link_coordinates, network_dict
from .labels import cut_label, short_label
from .style import FONT, HIGHLIGHT_COLOR, fmt

__all__ = ["screen_figure", "edge_hit_trace", "selection_trace", "drawn_labels", "labels_as_annotations",
           "plotly_text", "centre_ranges", "compact", "with_link_coordinates", "view_frame", "uirevision", "figure_key", "LABEL_AREA",
           "EDGE_HOVER_LIMIT", "MIDPOINT_CLEARANCE", "labels_on"]

#: The picture's size (px) that names on it are placed for: the picture at 1280×720.
LABEL_AREA = (700, 460)


#: Up to this many links, a link's clickable middle names its two ends on hover (every link is clickable).
EDGE_HOVER_LIMIT = 2000

#: A link's clickable middle is left out when a node is nearer than this share of the picture's size:
#: the click there is the node's.
MIDPOINT_CLEARANCE = 0.006


def _away_from_nodes(mx, my, nx_, ny_, share: float = MIDPOINT_CLEARANCE) -> np.ndarray:
    """True for points farther than ``share`` of the picture's size from every node.

    Most link middles of a large network are near a node: a point in the same cell of a grid as a node (cells
    whose diagonal is shorter than the clearance) is near one without a search; the others are looked up
    in a k-d tree of the nodes in the cells around them (two cells each way hold every node within the
    clearance: a cell is two thirds of it).
    """
    from scipy.ndimage import binary_dilation
    from scipy.spatial import cKDTree

    ok = np.isfinite(nx_) & np.isfinite(ny_)
    if not ok.any():
        return np.isfinite(mx) & np.isfinite(my)
    nx_, ny_ = nx_[ok], ny_[ok]
    clearance = share * max(np.ptp(nx_), np.ptp(ny_), 1e-9)
    cell = clearance / 1.5
    x0, y0 = nx_.min(), ny_.min()
    ni, nj = np.floor((nx_ - x0) / cell).astype(np.int64), np.floor((ny_ - y0) / cell).astype(np.int64)
    shape = (int(ni.max()) + 1, int(nj.max()) + 1)  # at most 1.5 / share + 1 cells each way
    occupied = np.zeros(shape, dtype=bool)
    occupied[ni, nj] = True

    out = np.zeros(len(mx), dtype=bool)
    todo = np.flatnonzero(np.isfinite(mx) & np.isfinite(my))
    ti, tj = np.floor((mx[todo] - x0) / cell).astype(np.int64), np.floor((my[todo] - y0) / cell).astype(np.int64)
    inside = (ti >= 0) & (ti < shape[0]) & (tj >= 0) & (tj < shape[1])
    near = np.zeros(len(todo), dtype=bool)
    near[inside] = occupied[ti[inside], tj[inside]]
    todo, ti, tj, inside = todo[~near], ti[~near], tj[~near], inside[~near]
    if len(todo):
        if inside.all():  # the nodes that can be within the clearance of one of them
            around = np.zeros(shape, dtype=bool)
            around[ti, tj] = True
            candidates = binary_dilation(around, np.ones((5, 5), dtype=bool))[ni, nj]
        else:
            candidates = np.ones(len(nx_), dtype=bool)
        if candidates.any():
            # farther than the clearance from every node: no neighbour within it (the search stops there)
            dist, _ = cKDTree(np.c_[nx_[candidates], ny_[candidates]]).query(
                np.c_[mx[todo], my[todo]], distance_upper_bound=clearance)
            out[todo] = dist > clearance
        else:
            out[todo] = True
    return out


def edge_hit_trace(scene, geo: bool, gl: bool = False):
    """Invisible markers at the middle of each link, so a click on a link can be told apart.

    Every link gets one, whatever the size of the view (a WebGL trace when the
    picture is WebGL). Up to :data:`EDGE_HOVER_LIMIT` links each say their two
    ends on hover; above it the hover says what a click does (naming 27,000
    links would add megabytes to every picture).
    """
    e = scene.edges
    if e.empty:
        return None
    mx = (e["x0"].to_numpy(float) + e["x1"].to_numpy(float)) / 2
    my = (e["y0"].to_numpy(float) + e["y1"].to_numpy(float)) / 2
    # a link's middle right over a node would take that node's clicks: leave such links to the table
    clear = _away_from_nodes(mx, my, scene.nodes["x"].to_numpy(float), scene.nodes["y"].to_numpy(float))
    e, mx, my = e[clear], mx[clear], my[clear]
    if e.empty:
        return None
    custom = np.column_stack([e["source"].to_numpy(object), e["target"].to_numpy(object)])  # each link's two ends
    marker = dict(size=7, color="rgba(0,0,0,0)")
    if len(e) <= EDGE_HOVER_LIMIT:
        labels = dict(zip(scene.nodes["id"].to_numpy(object).tolist(), scene.nodes["label"].to_numpy(object).tolist()))
        counts = e["weight"].to_numpy(float)
        weighting = "shared cooperations" if scene.spec.weight == "count" else "Newman weight"
        hover = dict(hovertext=[f"{plotly_text(labels.get(s, s))} — {plotly_text(labels.get(t, t))}<br>"
                                f"{weighting}: {fmt(w)}<br><i>click for the cooperations behind this link</i>"
                                for s, t, w in zip(e["source"], e["target"], counts)], hoverinfo="text")
    else:
        hover = dict(hovertemplate="a link: click for the cooperations behind it<extra></extra>")
    return dict(_where(geo, gl, mx, my), mode="markers", marker=marker, customdata=custom, showlegend=False, name="link midpoints",
                **hover)


def labels_as_annotations(fig: dict) -> dict:
    """Move on-picture labels from an SVG text trace to annotations when nodes are WebGL (a figure dict).

    WebGL traces are drawn on a canvas above the SVG traces, so an SVG text
    trace would sit under the nodes; annotations are drawn above both.
    """
    keep, notes = [], []
    for t in fig["data"]:
        if t["type"] == "scatter" and t.get("name") == "labels" and t.get("mode") == "text":
            for x, y, text in zip(t["x"], t["y"], t["text"]):
                notes.append(dict(x=x, y=y, text=text, showarrow=False, xref="x", yref="y",  # placed centres
                                  font=dict(size=11, color="#1a1a1a", family=FONT),
                                  bgcolor="rgba(255,255,255,0.7)", borderpad=1))
        else:
            keep.append(t)
    return {"data": keep, "layout": {**fig["layout"], "annotations": fig["layout"].get("annotations", []) + notes}}


def drawn_labels(fig: dict) -> set[str]:
    """The label texts a figure dict draws (a "labels" text trace, or annotations placed on the axes)."""
    out: set[str] = set()
    for t in fig["data"]:
        if t.get("name") == "labels" and t.get("text") is not None:
            out.update(str(x) for x in t["text"])
    out.update(str(a["text"]) for a in fig["layout"].get("annotations", []) if a.get("xref") == "x")
    return out


def selection_trace(scene, selected: str | None, geo: bool, gl: bool = False, drawn: set[str] = frozenset()):
    """The selected node with a ring and its name, its links drawn over the others and its partners ringed.

    One trace (lines from the selected node to each partner, markers at both
    ends), so a new selection is one partial update of the figure. Every
    marker carries its node id: a click on a partner's ring selects it.
    """
    nodes = scene.nodes
    row = nodes[nodes["id"] == selected] if selected else nodes.iloc[0:0]
    if row.empty:
        return dict(_where(geo, gl, [], []), mode="markers", customdata=[], showlegend=False, name="selected",
                    hoverinfo="skip")
    e = scene.edges
    mine = e[(e["source"] == selected) | (e["target"] == selected)]
    partners = np.where(mine["source"].to_numpy(object) == selected, mine["target"].to_numpy(object),
                        mine["source"].to_numpy(object))
    by_id = nodes.set_index("id")
    part = by_id.reindex(partners)
    sx, sy = float(row["x"].iloc[0]), float(row["y"].iloc[0])
    n = len(part)
    # vertices: the selected node, then (partner, gap, selected) for each partner
    xs = [sx] + [v for px in part["x"].to_numpy(float) for v in (px, None, sx)]
    ys = [sy] + [v for py in part["y"].to_numpy(float) for v in (py, None, sy)]
    ids_ = [selected] + [v for p in partners for v in (p, None, selected)]
    own_size = float(row["size"].iloc[0]) + 12
    sizes = [own_size] + [v for ps in part["size"].to_numpy(float) for v in (ps + 6, 0, own_size)]
    widths = [3] + [2, 0, 3] * n
    colours = [HIGHLIGHT_COLOR] + ["rgba(214,39,40,0.75)", "rgba(0,0,0,0)", HIGHLIGHT_COLOR] * n
    hover = [row["hover"].iloc[0]] + [v for h in part["hover"].to_numpy(object) for v in (h, None, row["hover"].iloc[0])]
    # a node the picture labels already (top N, path, focus) keeps that one label
    # names come from the data: escaped, as plotly reads a few HTML tags in text
    label = row["label"].iloc[0]
    name = "" if (plotly_text(short_label(label)) in drawn or plotly_text(short_label(label, 24)) in drawn) \
        else plotly_text(cut_label(label))
    common = dict(mode="lines+markers+text", text=[name] + [""] * (3 * n), textposition="top center",
                  textfont=dict(size=13, color="#111", family=FONT),
                  line=dict(width=1.6, color="rgba(214,39,40,0.55)"),
                  marker=dict(size=sizes, color="rgba(0,0,0,0)", line=dict(width=widths, color=colours)),
                  customdata=np.array(ids_, dtype=object), hovertext=np.array(hover, dtype=object),
                  hoverinfo="text", showlegend=False, name="selected", connectgaps=False)
    return dict(_where(geo, gl, xs, ys), **common)


def _where(geo: bool, gl: bool, xs, ys) -> dict:
    """A trace's type and positions: on the map (lon, lat), else x and y of a WebGL or SVG trace."""
    return dict(type="scattergeo", lon=xs, lat=ys) if geo else dict(type="scattergl" if gl else "scatter", x=xs, y=ys)


def plotly_text(text) -> str:
    """Text from the data for a plotly string: plotly reads <b>, <a href>… there, and decodes only &amp; &lt; &gt;
    and numeric entities (not &quot;), so only &, < and > are escaped.

    >>> plotly_text('<a href="x">A&B</a>')
    '&lt;a href="x"&gt;A&amp;B&lt;/a&gt;'
    """
    return escape(str(text), quote=False)


def centre_ranges(scene, selected: str, relayout: dict | None):
    """Axis ranges around the selected node: the current zoom's span if known, else 60% of the view."""
    row = scene.nodes[scene.nodes["id"] == selected]
    if row.empty or not np.isfinite(row["x"].iloc[0]):
        return None
    cx, cy = float(row["x"].iloc[0]), float(row["y"].iloc[0])
    (x0, x1), (y0, y1) = view_frame(scene.nodes["x"].to_numpy(float), scene.nodes["y"].to_numpy(float))[0]
    span_x, span_y = max(x1 - x0, 1e-6) * 0.6, max(y1 - y0, 1e-6) * 0.6
    r = relayout or {}
    if "xaxis.range[0]" in r and "xaxis.range[1]" in r:
        span_x = abs(float(r["xaxis.range[1]"]) - float(r["xaxis.range[0]"]))
    if "yaxis.range[0]" in r and "yaxis.range[1]" in r:
        span_y = abs(float(r["yaxis.range[1]"]) - float(r["yaxis.range[0]"]))
    return [cx - span_x / 2, cx + span_x / 2], [cy - span_y / 2, cy + span_y / 2]


#: plotly.js's names of the numpy types it reads as typed arrays.
_JS_TYPES = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4",
             "float32": "f4", "float64": "f8"}
_SKIPPED = ("geojson", "layer", "layers", "range")  # keys plotly never converts


def _typed_spec(v: np.ndarray):
    """plotly's ``to_typed_array_spec`` of a numpy array, without its detour through a dataframe library for
    every array (a third of a large figure's time); what it does not handle the same way goes to plotly's."""
    if v.dtype == object or v.size == 0:  # plotly's answer is a copy of it (ids, hover texts): sent as a list
        return v
    if v.ndim != 1 or v.dtype.kind not in "iuf":
        return to_typed_array_spec(v)
    if v.dtype.kind in "iu" and v.dtype.itemsize == 8:  # plotly.js has no 64-bit integers: the smallest that holds
        lo, hi = int(v.min()), int(v.max())
        fits = [t for t in (("int8", "int16", "int32") if v.dtype.kind == "i" else ("uint8", "uint16", "uint32"))
                if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max]
        if not fits:
            return to_typed_array_spec(v)
        v = v.astype(fits[0])
    name = str(v.dtype)
    if name not in _JS_TYPES:
        return to_typed_array_spec(v)
    return {"dtype": _JS_TYPES[name], "bdata": base64.b64encode(np.ascontiguousarray(v)).decode("ascii")}


def convert_to_base64(obj) -> None:
    """plotly's ``convert_to_base64`` (numpy arrays in a figure dict as typed arrays, in place), the same JSON
    (tests/figures/test_network_dict.py), faster for the 1-D numeric arrays a picture is made of."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in _SKIPPED:
                continue
            if isinstance(value, np.ndarray):
                obj[key] = _typed_spec(value)
            elif isinstance(value, (dict, list, tuple)):
                convert_to_base64(value)
            elif is_homogeneous_array(value):  # a pandas or other array: as plotly does
                obj[key] = to_typed_array_spec(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            convert_to_base64(value)


def with_link_coordinates(trace: dict, edges) -> dict:
    """A link trace of :func:`screen_figure` (made with ``links``) with its coordinates, as drawn without ``links``:
    ``edges`` are the rows of the scene's links it draws."""
    out = compact(link_coordinates(trace, edges))
    convert_to_base64(out)
    return out


def compact(trace, above: int = 1000):
    """Long coordinate arrays as float32: half the bytes to send, far more precision than pixels need."""
    for axis in ("x", "y", "lon", "lat"):
        v = trace.get(axis)
        if isinstance(v, np.ndarray) and v.dtype == np.float64 and len(v) > above:
            trace = {**trace, axis: v.astype(np.float32)}
    return trace


def view_frame(x: np.ndarray, y: np.ndarray, share: float = 0.1, reach: float = 1.0, pad: float = 0.06,
               max_outside: float = 0.12):
    """Axis ranges for the first look at a network, and how many nodes they leave out.

    Positions come from the layout of the whole, unfiltered level (so a filter
    keeps the picture's shape), and a force layout pushes small separate groups
    far out: the main group can end up small in a corner of a large, empty
    frame. The frame is the box from the ``share`` to the ``1 - share``
    quantiles of x and y, widened by ``reach`` of its size on each side (and
    never larger than all nodes). When it leaves out more than ``max_outside``
    of the nodes, or none, the frame is every node.

    Returns
    -------
    ((x0, x1), (y0, y1)), n_outside

    >>> x = np.r_[np.linspace(0, 1, 200), 10.0, 12.0]
    >>> (xr, yr), out = view_frame(x, x)
    >>> xr[1] < 2, out
    (True, 2)
    >>> view_frame(np.linspace(0, 1, 200), np.linspace(0, 1, 200))[1]
    0
    """
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return ((-1.0, 1.0), (-1.0, 1.0)), 0
    x, y = x[ok], y[ok]
    full = []
    box = []
    for v in (x, y):
        lo, hi = float(v.min()), float(v.max())
        qlo, qhi = (float(q) for q in np.quantile(v, [share, 1 - share]))
        span = max(qhi - qlo, 1e-9)
        full.append((lo, hi))
        box.append((max(lo, qlo - reach * span), min(hi, qhi + reach * span)))
    inside = (x >= box[0][0]) & (x <= box[0][1]) & (y >= box[1][0]) & (y <= box[1][1])
    outside = int((~inside).sum())
    if outside == 0 or outside > max_outside * len(x):
        box, outside = full, 0
    return tuple(_padded(lo, hi, pad) for lo, hi in box), outside


def _padded(lo: float, hi: float, pad: float) -> tuple[float, float]:
    d = (hi - lo) or 1.0
    return (lo - pad * d, hi + pad * d)


def uirevision(spec: ViewSpec, data: str = "") -> str:
    # zoom and pan survive filter changes; other data or a new selection re-centres (a new revision)
    return f"{data}|{spec.level}|{spec.layout}|{spec.view}|{spec.selected or ''}"


def figure_key(spec: ViewSpec) -> str:
    """What the drawn figure depends on apart from the selection (a selection alone is a partial update)."""
    return spec.replace(selected=None).to_query()


def screen_figure(scene, spec, data: str = "", links: dict | None = None,
                  nodes: dict | None = None, typed: bool = True) -> tuple[dict, bool]:
    """The picture of ``scene`` for the page (plotly's figure dict, as the page gets it), and whether its traces
    are WebGL.

    Traces: the link midpoints (if any link is clear of the nodes), the
    figure's own traces, then the selection (always last). ``data`` is the
    dataset's fingerprint: other data re-centres the picture. ``links``, if
    given, is filled with ``{trace number: rows of scene.edges it draws}``
    for the link traces of a network (what :func:`~.wire.encode` sends by reference); those traces then have
    no ``x`` and ``y`` (encode adds them where it cannot refer to the frame: :func:`with_link_coordinates`).
    ``nodes``, if given with ``links``, is filled likewise with ``{trace number: positions in scene.nodes}`` for
    the node traces. Without ``typed``, its numbers stay numpy arrays (for :func:`~.wire.encode`, which
    converts what it sends).
    """
    geo = spec.view == "map"
    drawn = [] if links is not None and spec.view == "network" else None
    fig = _picture(scene, drawn, link_xy=drawn is None)
    gl = any(t["type"] == "scattergl" for t in fig["data"])
    if gl:
        fig = labels_as_annotations(fig)
    hit = edge_hit_trace(scene, geo, gl)
    ring = selection_trace(scene, spec.selected, geo, gl, drawn_labels(fig))
    traces = ([hit] if hit is not None else []) + list(fig["data"]) + [ring]
    if drawn is not None:
        for what, i, rows in drawn:  # trace numbers of the picture, which come after the link midpoints
            target = links if what == "links" else nodes
            if target is not None:
                target[i + (hit is not None)] = rows
    layout = {**fig["layout"], "uirevision": uirevision(spec, data), "autosize": True,
              # the legend in a row under the picture: it covers no node, and the toolbar no legend
              "legend": {**fig["layout"].get("legend", {}), **dict(
                  orientation="h", x=0.0, xanchor="left", y=-0.01, yanchor="top", bgcolor="rgba(255,255,255,0)",
                  font=dict(size=12), title={**fig["layout"].get("legend", {}).get("title", {}), "side": "left"})}}
    layout.pop("width", None)
    layout.pop("height", None)
    if not geo:
        frame, outside = view_frame(scene.nodes["x"].to_numpy(float), scene.nodes["y"].to_numpy(float))
        layout["xaxis"] = {**layout.get("xaxis", {}), "range": list(frame[0])}
        layout["yaxis"] = {**layout.get("yaxis", {}), "range": list(frame[1])}
        if outside and layout.get("annotations"):
            first = layout["annotations"][0]
            layout["annotations"] = [{**first, "text": f"{first['text']} · {outside:,} outlying "
                                      f"actor{'s' if outside != 1 else ''} outside the frame: the autoscale "
                                      "button shows all"}] + layout["annotations"][1:]
    out = {"data": [compact(t) for t in traces], "layout": layout}
    if typed:  # numbers as typed arrays, as plotly's Figure.to_dict sends them (the template holds none)
        convert_to_base64({"data": out["data"], **{k: v for k, v in layout.items() if k != "template"}})
    return out, gl


def _picture(scene, drawn: list | None = None, link_xy: bool = True) -> dict:
    """The figure of :func:`~graph_explorer.figures.figure_for` as a dict with plotly's template, its names placed
    for the smallest picture the page draws (1280×720; the figure itself then fills its box); without
    ``link_xy``, a network's link traces have no coordinates."""
    if scene.spec.view in ("map", "matrix"):
        fig = figure_for(scene, width=LABEL_AREA[0], height=LABEL_AREA[1])
        return {"data": [t.to_plotly_json() for t in fig.data], "layout": fig.layout.to_plotly_json()}
    d = network_dict(scene, width=LABEL_AREA[0], height=LABEL_AREA[1], drawn=drawn, link_xy=link_xy)
    return {"data": d["data"], "layout": {**d["layout"], "template": plotly_template()}}


@lru_cache(maxsize=4)
def _template(name) -> dict:
    return go.Figure().to_dict()["layout"]["template"]


def plotly_template() -> dict:
    """The layout's template a plotly Figure gets by default (plotly.io's default, as a dict; read only)."""
    import plotly.io as pio

    return _template(pio.templates.default)


def labels_on(scene) -> set[str]:
    """The names the picture of ``scene`` draws (built, not sent): the selection does not name them twice."""
    return drawn_labels(_picture(scene, link_xy=False))
