"""The network picture: a Scene → a plotly Figure.

Links are drawn as a few traces (three weight classes, plus highlighted and
faded links), never one trace per link, with NaN separators in numpy arrays
(plotly sends them as typed arrays). Nodes are one trace per colour category,
so the legend names each colour with its count; with a metric colour they
are one trace with a colour bar. Large graphs use WebGL traces.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .labels import place_labels, short_label
from .scene import Scene
from .style import EDGE_COLOR, FONT, HIGHLIGHT_COLOR

__all__ = ["network_figure", "segments", "place_labels", "frame_ranges", "WEBGL_THRESHOLD", "short_label",
           "ExportFrame",
           "export_frame", "EXPORT_FONTS", "TITLE_TOP_PX", "SIDE_MARGIN_PX"]

#: Above this many nodes + links, traces are WebGL (Scattergl).
WEBGL_THRESHOLD = 1500


def segments(edges: pd.DataFrame, xcols=("x0", "x1"), ycols=("y0", "y1")) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays of line segments separated by NaN (one trace draws them all).

    >>> e = pd.DataFrame({"x0": [0.0], "x1": [1.0], "y0": [0.0], "y1": [2.0]})
    >>> [a.tolist() for a in segments(e)]
    [[0.0, 1.0, nan], [0.0, 2.0, nan]]
    """
    n = len(edges)
    x = np.empty(3 * n)
    y = np.empty(3 * n)
    x[0::3], x[1::3], x[2::3] = edges[xcols[0]].to_numpy(float), edges[xcols[1]].to_numpy(float), np.nan
    y[0::3], y[1::3], y[2::3] = edges[ycols[0]].to_numpy(float), edges[ycols[1]].to_numpy(float), np.nan
    return x, y


def trails(edges: pd.DataFrame, xcols=("x0", "x1"), ycols=("y0", "y1")) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`segments`, but links that share a node are chained into one polyline (fewer points).

    Each link is drawn exactly once, between the same two points; links are
    chained where they meet (pairing the links at each node, Euler-style), so
    a trail of k links takes k + 1 points and one NaN instead of 3k. On the
    synthetic 20,000-organisation network this sends 2.4 times fewer
    coordinates. For WebGL traces (a path of one trace is one polyline there);
    exports keep :func:`segments`, whose 3-point layout they rely on.

    Links meet where their ends have the same coordinates (two nodes drawn
    at one point look the same either way; a link with a missing end is not
    drawn, as with segments).

    >>> e = pd.DataFrame({"x0": [0.0, 1.0], "x1": [1.0, 2.0], "y0": [0.0, 0.0], "y1": [0.0, 1.0]})
    >>> [a.tolist() for a in trails(e)]
    [[0.0, 1.0, 2.0, nan], [0.0, 0.0, 1.0, nan]]
    """
    n = len(edges)
    if n == 0:
        return np.empty(0), np.empty(0)
    x0, x1 = edges[xcols[0]].to_numpy(float), edges[xcols[1]].to_numpy(float)
    y0, y1 = edges[ycols[0]].to_numpy(float), edges[ycols[1]].to_numpy(float)
    codes, _ = pd.factorize(np.concatenate([x0 + 1j * y0, x1 + 1j * y1]), use_na_sentinel=False)
    order, entered_at_end, new = _trail_order(codes[:n], codes[n:])
    x0, x1, y0, y1 = x0[order], x1[order], y0[order], y1[order]
    ax, bx = np.where(entered_at_end, x1, x0), np.where(entered_at_end, x0, x1)  # walk direction
    ay, by = np.where(entered_at_end, y1, y0), np.where(entered_at_end, y0, y1)
    n_trails = int(new.sum())
    # each link writes its far end; a trail's first link also writes its near end, and a NaN closes it
    slot = np.arange(n) + 2 * np.cumsum(new) - 1  # index of the far end
    x = np.full(n + 2 * n_trails, np.nan)
    y = np.full(n + 2 * n_trails, np.nan)
    x[slot], y[slot] = bx, by
    x[slot[new] - 1], y[slot[new] - 1] = ax[new], ay[new]
    return x, y


def _trail_order(u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Links (u, v) in trail order: (link order, entered from v?, starts a new trail?)."""
    m = len(u)
    ends = np.empty(2 * m, dtype=np.int64)  # half-link 2i is link i at u, 2i + 1 at v
    ends[0::2], ends[1::2] = u, v
    by_node = np.argsort(ends, kind="stable")
    first = np.r_[True, ends[by_node][1:] != ends[by_node][:-1]]
    run_start = np.maximum.accumulate(np.where(first, np.arange(2 * m), 0))
    k = np.arange(2 * m) - run_start  # rank within its node
    run_len = np.diff(np.r_[np.flatnonzero(first), 2 * m])
    paired = (k % 2 == 0) & (k + 1 < np.repeat(run_len, run_len))
    mate = np.full(2 * m, -1, dtype=np.int64)  # the half-link a trail continues with at that node
    at = np.flatnonzero(paired)
    mate[by_node[at]], mate[by_node[at + 1]] = by_node[at + 1], by_node[at]
    mate_l = mate.tolist()
    used = bytearray(m)
    walk: list[int] = []  # entry half-links, in trail order
    starts: list[int] = []
    add, begin = walk.append, starts.append
    # open trails start at a node's unpaired half-link; what is left are closed trails
    for h in np.flatnonzero(mate < 0).tolist() + list(range(0, 2 * m, 2)):
        if used[h >> 1]:
            continue
        begin(len(walk))
        while h >= 0 and not used[h >> 1]:
            used[h >> 1] = 1
            add(h)
            h = mate_l[h ^ 1]
    halves = np.array(walk, dtype=np.int64)
    new = np.zeros(m, dtype=bool)
    new[starts] = True
    return halves >> 1, (halves & 1).astype(bool), new


def _ranges(nodes: pd.DataFrame, pad: float = 0.06):
    x = nodes["x"].to_numpy(float)
    y = nodes["y"].to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return (-1.0, 1.0), (-1.0, 1.0)
    x0, x1, y0, y1 = x[ok].min(), x[ok].max(), y[ok].min(), y[ok].max()
    dx = (x1 - x0) or 1.0
    dy = (y1 - y0) or 1.0
    return (x0 - pad * dx, x1 + pad * dx), (y0 - pad * dy, y1 + pad * dy)


def frame_ranges(x: np.ndarray, y: np.ndarray, share: float = 0.01, pad: float = 0.08):
    """Axis ranges around the bulk of the nodes, or None when all nodes fit well anyway.

    A force layout puts small separate components far from the main one,
    which then fills a corner of the picture. Per axis, the frame leaves out
    the outer ``share`` of nodes on each side when they stretch the axis by
    more than a quarter (the same rule as the app's first view).

    >>> x = np.r_[np.linspace(0, 1, 200), 10.0]
    >>> frame_ranges(x, x)[0][1] < 2
    True
    >>> frame_ranges(np.linspace(0, 1, 200), np.linspace(0, 1, 200)) is None
    True
    """
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 20:
        return None
    out = []
    trimmed = False
    for v in (x[ok], y[ok]):
        lo, hi = np.quantile(v, [share, 1 - share])
        full = v.max() - v.min()
        span = max(hi - lo, 1e-9)
        if full <= 0 or span / full > 0.8:
            out.append((float(v.min() - 0.06 * full), float(v.max() + 0.06 * full)))
        else:
            out.append((float(lo - pad * span), float(hi + pad * span)))
            trimmed = True
    return tuple(out) if trimmed else None


def _edge_traces(scene: Scene, Scatter) -> list:
    e = scene.edges
    traces = []
    lines = trails if Scatter is go.Scattergl else segments
    if e.empty:
        return traces
    normal = e[~e["highlight"] & ~e["faded"]]
    if e["faded"].any():
        x, y = lines(e[e["faded"] & ~e["highlight"]])
        traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=0.5, color=EDGE_COLOR.format(alpha=0.06)),
                              hoverinfo="skip", showlegend=False, name="links (outside focus)"))
    classes = edge_classes(normal)
    if classes is not None:
        for mask, name, width, color, dash in classes:
            part = normal[mask]
            if part.empty:
                continue
            x, y = lines(part)
            traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=width, color=color, dash=dash),
                                  hoverinfo="skip", showlegend=True, legendgroup="links",
                                  legendgrouptitle=dict(text="<b>Links</b>"), name=f"{name} ({len(part):,})"))
    elif len(normal):
        w = normal["weight"].to_numpy(float)
        cuts = np.unique(np.quantile(w, [0.7, 0.95])) if len(w) > 10 else np.array([])
        bins = np.digitize(w, cuts) if len(cuts) else np.zeros(len(w), dtype=int)
        n = len(normal)
        base_alpha = 0.35 if n < 500 else 0.18 if n < 5000 else 0.08
        for b, (width, alpha) in enumerate([(0.6, base_alpha), (1.4, min(1, base_alpha * 2)),
                                            (2.6, min(1, base_alpha * 3.5))]):
            part = normal[bins == b]
            if part.empty:
                continue
            x, y = lines(part)
            traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=width, color=EDGE_COLOR.format(alpha=alpha)),
                                  hoverinfo="skip", showlegend=False, name=f"links (weight class {b + 1})"))
    hl = e[e["highlight"]]
    if len(hl):
        x, y = lines(hl)
        traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=4, color=HIGHLIGHT_COLOR),
                              hoverinfo="skip", showlegend=False, name="highlighted links"))
    return traces


#: Link styles of a period comparison: status → (legend label, width, colour, dash). Okabe–Ito colours.
COMPARE_STYLES = {
    "new": ("New", 2.2, "#009E73", "solid"),
    "stronger": ("Stronger", 3.0, "#0072B2", "solid"),
    "weaker": ("Weaker", 1.6, "#E69F00", "dash"),
    "lost": ("Lost", 1.6, "#D55E00", "dot"),
    "same": ("Unchanged", 0.6, "rgba(90, 100, 120, 0.35)", "solid"),
}
#: Link classes by observed ÷ expected weight: (lower bound, legend label, width, colour).
RATIO_CLASSES = (
    (4.0, "≥ 4× expected", 3.0, "#B2182B"),
    (2.0, "2–4× expected", 2.0, "#EF8A62"),
    (0.5, "0.5–2× (as expected)", 0.8, "rgba(90, 100, 120, 0.35)"),
    (0.0, "< 0.5× expected", 0.8, "#67A9CF"),
)


def edge_classes(edges: pd.DataFrame):
    """The styled link classes of a view, or None when links are drawn by weight.

    A period comparison (a ``status`` column) gives one class per status; a
    view coloured by observed ÷ expected weight (``spec.edge_color == "ratio"``,
    a ``ratio`` column kept by :func:`network_figure`) one class per ratio band.
    Returns a list of (mask, label, width, colour, dash).
    """
    if "status" in edges.columns:
        status = edges["status"].to_numpy(object)
        return [(status == k, label, w, c, d) for k, (label, w, c, d) in COMPARE_STYLES.items()]
    if "_ratio_colour" in edges.columns:
        r = edges["ratio"].to_numpy(float)
        out, upper = [], np.inf
        for lo, label, w, c in RATIO_CLASSES:
            out.append(((r >= lo) & (r < upper), label, w, c, "solid"))
            upper = lo
        return out
    return None


def node_symbols(nodes: pd.DataFrame):
    """Marker symbols: ``diamond`` for cooperation nodes, ``circle`` for actors; None when all are actors.

    >>> node_symbols(pd.DataFrame({"kind": ["organisation", "cooperation"]}))
    ['circle', 'diamond']
    >>> node_symbols(pd.DataFrame({"kind": ["country"]})) is None
    True
    """
    coop = (nodes["kind"] == "cooperation").to_numpy()
    if not coop.any():
        return None
    return np.where(coop, "diamond", "circle").tolist()


#: Vertical stretch of a geographic layout in the network view: one degree of latitude is
#: 1/cos(50°) ≈ 1.56 degrees of longitude at Europe's mean latitude, as on a map.
GEO_ASPECT = 1 / math.cos(math.radians(50))


def network_figure(scene: Scene, width: int | None = None, height: int | None = None,
                   webgl: bool | None = None, for_export: bool = False,
                   text_scale: float | None = None) -> go.Figure:
    """Draw a Scene as a network.

    Parameters
    ----------
    width, height : int, optional
        Pixel size (used for label placement; the app lets the figure fill its box).
    webgl : bool, optional
        Force WebGL on or off (exports to SVG/PDF want vector traces); default
        by size (:data:`WEBGL_THRESHOLD`).
    for_export : bool
        Put the title, subtitle, colour and size legends and attribution inside
        the picture, with text sized for slides (see :func:`export_frame`).
    text_scale : float, optional
        With ``for_export``: text size relative to :data:`EXPORT_FONTS` (default
        ``height / 1080``, right for a picture that fills a slide).
    """
    nodes = scene.nodes
    if scene.spec.edge_color == "ratio" and "ratio" in scene.edges.columns and "status" not in scene.edges.columns:
        scene = dataclasses.replace(scene, edges=scene.edges.assign(_ratio_colour=True))
    gl = webgl if webgl is not None else (len(nodes) + len(scene.edges) > WEBGL_THRESHOLD)
    Scatter = go.Scattergl if gl else go.Scatter
    traces = _edge_traces(scene, Scatter)
    edge_shapes = _as_path_shapes(traces) if for_export and not gl else []
    if edge_shapes:
        # the links become shapes; styled classes keep their legend entries as legend-only traces
        traces = [go.Scatter(x=[None], y=[None], mode="lines", line=t.line, name=t.name, showlegend=True,
                             legendgroup=t.legendgroup, legendgrouptitle=t.legendgrouptitle, hoverinfo="skip")
                  for t in traces if t.showlegend]

    opacity = np.where(nodes["faded"].to_numpy(bool), 0.15, 0.92) if len(nodes) else np.array([])
    # one number when every node has the same opacity (no focus): 20,000 fewer values to send
    uniform = bool(len(opacity)) and bool((opacity == opacity[0]).all())

    def opacity_of(index=None):
        if uniform:
            return float(opacity[0])
        return opacity if index is None else opacity[index]

    def symbols(part):  # cooperations are diamonds beside the actors' circles (bipartite level)
        return node_symbols(part)
    if scene.colorscale is not None:
        traces.append(Scatter(
            x=nodes["x"].to_numpy(float), y=nodes["y"].to_numpy(float), mode="markers", name=scene.color_title,
            marker=dict(size=nodes["size"].to_numpy(float), color=nodes["value"].to_numpy(float),
                        colorscale="Viridis", cmin=scene.colorscale[0], cmax=scene.colorscale[1],
                        opacity=opacity_of(), line=dict(width=0.5, color="white"), symbol=symbols(nodes),
                        colorbar=dict(title=dict(text=scene.color_title), thickness=14, len=0.6)),
            customdata=nodes["id"].to_numpy(object), hovertext=nodes["hover"].to_numpy(object),
            hoverinfo="text", showlegend=False,
        ))
    else:
        for item in scene.legend:
            part = nodes[nodes["category"] == item.label] if not item.label.startswith("Other (") \
                else nodes[nodes["category"] == "Other"]
            if part.empty:
                continue
            traces.append(Scatter(
                x=part["x"].to_numpy(float), y=part["y"].to_numpy(float), mode="markers",
                name=f"{escape(item.label, quote=False)} ({item.count:,})", legendgroup=item.label,
                marker=dict(size=part["size"].to_numpy(float), color=item.color,
                            opacity=opacity_of(part.index.to_numpy()), line=dict(width=0.5, color="white"),
                            symbol=symbols(part)),
                customdata=part["id"].to_numpy(object), hovertext=part["hover"].to_numpy(object),
                hoverinfo="text",
            ))
        if not scene.legend and len(nodes):
            traces.append(Scatter(
                x=nodes["x"].to_numpy(float), y=nodes["y"].to_numpy(float), mode="markers", name="actors",
                marker=dict(size=nodes["size"].to_numpy(float), color="#0072B2", opacity=opacity_of()),
                customdata=nodes["id"].to_numpy(object), hovertext=nodes["hover"].to_numpy(object),
                hoverinfo="text", showlegend=False,
            ))

    hl = nodes[nodes["highlight"]]
    if len(hl):
        traces.append(go.Scatter(
            x=hl["x"], y=hl["y"], mode="markers", name="selected",
            marker=dict(size=hl["size"] + 10, color="rgba(0,0,0,0)", line=dict(width=3, color=HIGHLIGHT_COLOR)),
            customdata=hl["id"].to_numpy(object), hovertext=hl["hover"].to_numpy(object), hoverinfo="text",
            showlegend=False,
        ))

    xr, yr = _ranges(nodes)
    w_px, h_px = (width or 1200), (height or 800)
    ef = export_frame(scene, w_px, h_px, text_scale) if for_export else None
    if ef is not None:
        # frame the bulk of the nodes, as the app's first view does; say how many are left outside
        core = frame_ranges(nodes["x"].to_numpy(float), nodes["y"].to_numpy(float))
        if core is not None:
            xr, yr = core
        # the plot as wide as the drawing needs (+ room for labels at its sides), centred with the legends
        ef = ef.fitted((xr[1] - xr[0]) / max(yr[1] - yr[0], 1e-12), pad_px=8 * ef.font("label"))
        xr, yr = _fit_aspect(xr, yr, *ef.plot_px)
        x, y = nodes["x"].to_numpy(float), nodes["y"].to_numpy(float)
        ok = np.isfinite(x) & np.isfinite(y)
        outside = int((ok & ((x < xr[0]) | (x > xr[1]) | (y < yr[0]) | (y > yr[1]))).sum())
        if outside:
            scene = dataclasses.replace(scene, notes=scene.notes + (
                f"{outside:,} outlying {'actor' if outside == 1 else 'actors'} outside the frame",))
    cand = nodes[nodes["show_label"]]
    if len(cand):
        texts = [short_label(t) for t in cand["label"]]
        order = np.argsort(-(cand["size"].to_numpy(float) + 1000 * cand["highlight"].to_numpy(float)), kind="stable")
        area = ef.plot_px if ef is not None else (w_px * 0.85, h_px * 0.8)
        font_px = ef.font("label") if ef is not None else 11
        radius = nodes["size"].to_numpy(float) / 2 + 0.5  # marker diameter (px) + its white outline
        placed = place_labels(cand["x"].to_numpy(float), cand["y"].to_numpy(float), texts, order,
                              area[0], area[1], xr, yr, font_px=font_px,
                              radii_px=cand["size"].to_numpy(float) / 2 + 0.5,
                              nodes_x=nodes["x"].to_numpy(float), nodes_y=nodes["y"].to_numpy(float),
                              nodes_r=radius)
        keep = placed.keep
        far = keep & placed.leader
        if far.any():  # labels moved out of a dense core: a thin line back to the node
            lx = np.column_stack([cand["x"].to_numpy(float)[far], placed.x[far], np.full(far.sum(), np.nan)])
            ly = np.column_stack([cand["y"].to_numpy(float)[far], placed.y[far], np.full(far.sum(), np.nan)])
            traces.append(go.Scatter(x=lx.ravel(), y=ly.ravel(), mode="lines", hoverinfo="skip", showlegend=False,
                                     line=dict(width=0.8, color="rgba(60, 60, 60, 0.7)"), name="label leaders"))
        textfont = dict(size=font_px, color="#222", family=FONT)
        if ef is not None:
            textfont["shadow"] = _LABEL_HALO
        traces.append(go.Scatter(
            x=placed.x[keep], y=placed.y[keep], mode="text",
            text=[escape(t, quote=False) for t, k in zip(texts, keep) if k],
            textposition="middle center", textfont=textfont, cliponaxis=False,
            hoverinfo="skip", showlegend=False, name="labels",
        ))

    fig = go.Figure(traces)
    if edge_shapes:
        fig.update_layout(shapes=edge_shapes)
    _frame(fig, scene, xr, yr, width, height, for_export, frame=ef)
    if any(getattr(t, "legendgroup", None) == "links" for t in fig.data):
        fig.update_layout(showlegend=True)
    return fig


def _polylines(x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """The runs of a NaN-separated line trace, each an (n, 2) array of points (n >= 2).

    >>> [p.tolist() for p in _polylines(np.array([0, 1, np.nan, 2, 3, 4]), np.array([0, 1, np.nan, 2, 3, 4.]))]
    [[[0.0, 0.0], [1.0, 1.0]], [[2.0, 2.0], [3.0, 3.0], [4.0, 4.0]]]
    """
    ok = np.isfinite(x) & np.isfinite(y)
    if len(x) % 3 == 0 and not ok[2::3].any() and ok[0::3].all() and ok[1::3].all():
        # the usual case: one link per 3 points (start, end, gap), in one numpy step
        return list(np.stack([np.column_stack([x[0::3], y[0::3]]), np.column_stack([x[1::3], y[1::3]])], axis=1))
    breaks = np.flatnonzero(~ok)
    out = []
    start = 0
    for end in [*breaks.tolist(), len(x)]:
        if end - start >= 2:
            out.append(np.column_stack([x[start:end], y[start:end]]))
        start = end + 1
    return out


def _as_path_shapes(line_traces: list, per_shape: int = 64) -> list[dict]:
    """Link traces as SVG path shapes of ``per_shape`` lines each (for exports).

    Plotly draws a line trace with gaps as one SVG element per segment: 27,000
    links make a 5 MB SVG that is slow to render and to open. A path shape in
    data coordinates draws many links as one element. Links overlapping
    within one path do not darken each other, so the links are spread over
    many small paths in a fixed shuffled order: where many links cross, the
    picture still darkens as on screen.
    """
    shapes = []
    rng = np.random.default_rng(0)
    for t in line_traces:
        lines = _polylines(np.asarray(t.x, dtype=float), np.asarray(t.y, dtype=float))
        lines = [lines[i] for i in rng.permutation(len(lines))]
        style = dict(width=t.line.width, color=t.line.color, dash=t.line.dash or "solid")
        for start in range(0, len(lines), per_shape):
            path = "".join("M" + "L".join(f"{a:.6g},{b:.6g}" for a, b in pts.tolist())
                           for pts in lines[start:start + per_shape])
            shapes.append(dict(type="path", path=path, xref="x", yref="y", layer="below", line=style))
    return shapes


#: In the app, a colour legend of more entries than this is drawn beside the picture instead of over it.
LEGEND_INSIDE_MAX = 13


def _frame(fig: go.Figure, scene: Scene, xr, yr, width, height, for_export: bool, geo: bool = False,
           frame: "ExportFrame | None" = None) -> None:
    """Title, legend, annotations and axes shared by the network and map pictures."""
    axis = dict(visible=False, showgrid=False, zeroline=False)
    top = 90 if for_export else 10
    bottom = 60 if for_export else 10
    fig.update_layout(
        font=dict(family=FONT, size=13, color="#222"),
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=10, t=top, b=bottom),
        # a long legend (many communities) sits beside the picture, not over it
        legend=dict(title=dict(text=f"<b>Colour: {scene.color_title}</b>"), itemsizing="constant",
                    bgcolor="rgba(255,255,255,0.85)", x=1.0, y=1.0, yanchor="top",
                    xanchor="left" if len(scene.legend) > LEGEND_INSIDE_MAX else "right",
                    font=dict(size=11 if len(scene.legend) > LEGEND_INSIDE_MAX else 12)),
        hovermode="closest", dragmode="pan", showlegend=bool(scene.legend),
        uirevision=f"{scene.spec.level}|{scene.spec.layout}|{scene.spec.view}",
        hoverlabel=dict(bgcolor="white", font=dict(family=FONT, size=12)),
    )
    if width:
        fig.update_layout(width=width)
    if height:
        fig.update_layout(height=height)
    if not geo:
        fig.update_xaxes(axis, range=list(xr))
        ratio = GEO_ASPECT if scene.spec.layout == "geo" else 1
        fig.update_yaxes(axis, range=list(yr), scaleanchor="x", scaleratio=ratio)
    notes = [f"Size: {scene.size_title}"] + list(scene.notes)
    annotations = [dict(text=" · ".join(notes), x=0.0, y=0.0, xref="paper", yref="paper", xanchor="left",
                        yanchor="bottom", showarrow=False, font=dict(size=11, color="#444"),
                        bgcolor="rgba(255,255,255,0.8)")]
    if for_export:
        _export_layout(fig, scene, frame or export_frame(scene, width or 1200, height or 800), geo)
        return
    fig.update_layout(annotations=annotations)


# -- the exported picture (for_export=True) ------------------------------------------
# A slide shows a 1080-pixel-high picture 7.5 inches high: one pixel is half a
# point. Text sizes below are for that height and scale with the picture's
# height, so a label is about 9 pt on the slide whatever the preset.

#: Text sizes (px) of an exported picture 1080 px high.
EXPORT_FONTS = {"title": 40, "subtitle": 24, "base": 20, "legend": 19, "legend_title": 21, "label": 18,
                "note": 18, "source": 20}
#: Space above the title and at the picture's sides, px of a 1080-px-high picture (0.2 and 0.28 in on a
#: slide): the title is not pressed to the edge.
TITLE_TOP_PX = 30
SIDE_MARGIN_PX = 40
_LABEL_HALO = "0px 0px 3px white, 0px 0px 2px white"
_CHAR_EM = 0.58  # average character width of DejaVu Sans, in em (for wrapping and box estimates)


@dataclass(frozen=True)
class ExportFrame:
    """Where things go in an exported picture of ``width`` × ``height`` CSS px.

    The plot takes the left ``split`` of the area inside the margins; the
    right column holds the colour legend (top) and the size legend (bottom).
    Title and subtitle sit in the top margin, the wrapped sources in the
    bottom margin.
    """

    width: int
    height: int
    k: float
    left: int
    right: int
    top: int
    bottom: int
    split: float
    source_lines: tuple[str, ...]
    x0: float = 0.0
    x1: float | None = None

    def font(self, name: str) -> int:
        return max(8, round(EXPORT_FONTS[name] * self.k))

    @property
    def plot_x(self) -> tuple[float, float]:
        """The plot's x domain (paper fraction)."""
        return self.x0, self.split if self.x1 is None else self.x1

    @property
    def col_x(self) -> float:
        """Left edge of the legend column (paper fraction)."""
        return self.plot_x[1] + 24 * self.k / self.inner_px[0]

    def fitted(self, aspect: float, pad_px: float = 0.0) -> "ExportFrame":
        """The frame with the plot only as wide as a drawing of ``aspect`` (w/h) needs, plus
        ``pad_px`` on each side; the plot and the legend column are centred together."""
        inner_w, inner_h = self.inner_px
        avail = self.split * inner_w
        if not np.isfinite(aspect) or aspect <= 0:
            return self
        w = min(avail, aspect * inner_h + 2 * pad_px)
        offset = (avail - w) / 2
        return dataclasses.replace(self, x0=offset / inner_w, x1=(offset + w) / inner_w)

    @property
    def inner_px(self) -> tuple[float, float]:
        return self.width - self.left - self.right, self.height - self.top - self.bottom

    @property
    def plot_px(self) -> tuple[float, float]:
        """Pixel size of the main plot (network or map) area."""
        w, h = self.inner_px
        x0, x1 = self.plot_x
        return w * (x1 - x0), h


def _source_text(scene: Scene) -> list[str]:
    return [a if a.lower().startswith("source") else f"Source: {a}" for a in scene.attribution]


def export_frame(scene: Scene, width: int, height: int, text_scale: float | None = None) -> ExportFrame:
    """The layout of an exported picture (see :class:`ExportFrame`).

    Text is :data:`EXPORT_FONTS` × ``text_scale`` (default ``height / 1080``:
    a picture that fills a slide shows labels at about 9 pt). An empty title,
    subtitle or attribution takes no room.

    >>> from graph_explorer.testing import tiny_dataset
    >>> from graph_explorer.figures import build_scene
    >>> f = export_frame(build_scene(tiny_dataset(), __import__("graph_explorer").view.ViewSpec()), 1920, 1080)
    >>> f.k, f.font("title"), 0.6 < f.split < 0.85
    (1.0, 40, True)
    """
    k = min(max(height / 1080 if text_scale is None else text_scale, 0.4), 3.0)
    f = {name: max(8, round(size * k)) for name, size in EXPORT_FONTS.items()}
    left = right = round(SIDE_MARGIN_PX * k)
    inner_w = width - left - right
    per_line = max(40, int(inner_w / (_CHAR_EM * f["source"])))
    lines: list[str] = []
    for text in _source_text(scene):
        lines.extend(textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False) or [""])
    top = round((TITLE_TOP_PX + 2) * k + (1.25 * f["title"] if scene.title else 0) + (1.35 * f["subtitle"] if scene.subtitle else 0)
                + (18 * k if scene.title or scene.subtitle else 0))
    bottom = round(12 * k + (len(lines) * 1.3 * f["source"] if lines else 0) + 8 * k)
    # the right column: as wide as the longest legend entry needs, within limits
    texts = [f"Colour: {scene.color_title}", f"Size: {scene.size_title}"]
    texts += [f"{item.label} ({item.count:,})" for item in scene.legend]
    longest = max(len(t) for t in texts)
    column = _CHAR_EM * f["legend"] * longest + 60 * k
    if scene.colorscale is not None:
        column = max(column, 150 * k)
    column = min(max(column, 0.16 * inner_w), 0.34 * inner_w)
    split = 1 - column / inner_w
    return ExportFrame(width, height, k, left, right, top, bottom, split, tuple(lines))


def _fit_aspect(xr, yr, w_px: float, h_px: float):
    """Widen one range so one data unit is as long on both axes in a w_px × h_px plot (centred)."""
    dx, dy = xr[1] - xr[0], yr[1] - yr[0]
    if dx <= 0 or dy <= 0 or w_px <= 0 or h_px <= 0:
        return xr, yr
    per_px = max(dx / w_px, dy / h_px)
    cx, cy = (xr[0] + xr[1]) / 2, (yr[0] + yr[1]) / 2
    return (cx - per_px * w_px / 2, cx + per_px * w_px / 2), (cy - per_px * h_px / 2, cy + per_px * h_px / 2)


def _nice(v: float) -> float:
    """A round number close to v (1, 2, 2.5, 5 × 10^n), not above it.

    >>> [_nice(v) for v in (7, 23, 260, 0.37)]
    [5.0, 20.0, 250.0, 0.25]
    """
    if v <= 0:
        return 0.0
    exp = np.floor(np.log10(v))
    for m in (5, 2.5, 2, 1):
        if m * 10 ** exp <= v * (1 + 1e-9):
            return float(m * 10 ** exp)
    return float(10 ** exp)


def size_legend_values(values, sizes) -> list[tuple[float, float]]:
    """(value, marker size) pairs for the size legend: the largest value and two round ones below it.

    Sizes come from the scene's own value → size pairs (interpolated), so the
    legend's circles are exactly as large as nodes with those values.

    >>> size_legend_values([1, 4, 16, 100], [6, 8.4, 10.8, 30])[0]
    (100.0, 30.0)
    """
    v = np.asarray(values, dtype=float)
    s = np.asarray(sizes, dtype=float)
    ok = np.isfinite(v) & np.isfinite(s)
    v, s = v[ok], s[ok]
    if len(v) == 0:
        return []
    order = np.argsort(v, kind="stable")
    v, s = v[order], s[order]
    top = float(v[-1])
    if top <= 0:
        return [(top, float(s[-1]))]
    integral = bool(np.all(v == np.round(v)))
    picks = [top]
    for frac in (0.3, 0.06):
        cand = max(_nice(top * frac), float(v[0]))
        if integral:
            cand = float(max(np.floor(cand), 1.0))
        if cand > 0 and all(abs(cand - p) > 1e-9 * top for p in picks):
            picks.append(cand)
    return [(p, float(np.interp(p, v, s))) for p in picks]


def _fmt_value(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:.3g}"


def _export_layout(fig: go.Figure, scene: Scene, ef: ExportFrame, geo: bool) -> None:
    """Title, subtitle, legends, notes and sources of an exported picture, placed by ``ef``."""
    inner_w, inner_h = ef.inner_px
    col_x = ef.col_x
    col_w = (1 - col_x) * inner_w
    colour_title = dict(text=f"<b>Colour: {scene.color_title}</b>", font=dict(size=ef.font("legend_title")))
    fig.update_layout(
        font=dict(family=FONT, size=ef.font("base"), color="#222"),
        margin=dict(l=ef.left, r=ef.right, t=ef.top, b=ef.bottom, autoexpand=False),
        title=dict(text=f"<b>{scene.title}</b>" if scene.title else "", x=ef.left / ef.width, xanchor="left", xref="container",
                   y=1 - TITLE_TOP_PX * ef.k / ef.height, yanchor="top", yref="container", font=dict(size=ef.font("title"))),
        legend=dict(title=colour_title, font=dict(size=ef.font("legend")), x=col_x, xanchor="left",
                    y=1.0, yanchor="top", bgcolor="rgba(255,255,255,0)", itemsizing="constant"),
    )
    if geo:
        fig.update_geos(domain=dict(x=list(ef.plot_x), y=[0, 1]))
    else:
        fig.update_layout(xaxis_domain=list(ef.plot_x))
    for trace in fig.data:
        if trace.type in ("scatter", "scattergeo") and trace.marker.colorscale is not None:
            trace.marker.colorbar = dict(
                x=col_x, xanchor="left", y=1.0, yanchor="top", len=0.42, lenmode="fraction",
                thickness=round(20 * ef.k), title=colour_title, tickfont=dict(size=ef.font("legend")))

    # the size legend: circles as large as nodes of those values, at the foot of the right column
    pairs = size_legend_values(scene.nodes["size_value"], scene.nodes["size"]) if len(scene.nodes) else []
    title_h = ef.font("legend_title") * 1.7
    row_h = max(max((s for _, s in pairs), default=0.0), ef.font("legend") * 1.2) + 10 * ef.k
    box_h = len(pairs) * row_h + title_h
    subtitle_top = ef.top - TITLE_TOP_PX * ef.k - (1.3 * ef.font("title") if scene.title else 0)
    annotations = [] if not scene.subtitle else [dict(text=escape(scene.subtitle, quote=False), x=0.0, y=1 + subtitle_top / inner_h, xref="paper", yref="paper",
                        xanchor="left", yanchor="top", showarrow=False,
                        font=dict(size=ef.font("subtitle"), color="#444"))]
    annotations.append(dict(text=f"<b>Size: {scene.size_title}</b>", x=col_x, y=box_h / inner_h, xref="paper",
                            yref="paper", xanchor="left", yanchor="top", showarrow=False,
                            font=dict(size=ef.font("legend_title"))))
    if pairs:
        biggest = max(s for _, s in pairs)
        fig.add_trace(go.Scatter(
            x=[biggest / 2 + 6 * ef.k] * len(pairs), y=[box_h - title_h - (i + 0.5) * row_h for i in range(len(pairs))],
            xaxis="x2", yaxis="y2", mode="markers+text",
            marker=dict(size=[s for _, s in pairs], color="rgba(140,140,140,0.5)", line=dict(width=1, color="#555")),
            text=[f"  {_fmt_value(v)}" for v, _ in pairs], textposition="middle right",
            textfont=dict(size=ef.font("legend"), color="#222", family=FONT),
            hoverinfo="skip", showlegend=False, name="size legend", cliponaxis=False))
        fig.update_layout(
            xaxis2=dict(domain=[col_x, min(1.0, col_x + col_w / inner_w)], range=[0, col_w], visible=False, fixedrange=True, anchor="y2"),
            yaxis2=dict(domain=[0, min(box_h / inner_h, 1)], range=[0, box_h], visible=False, fixedrange=True,
                        anchor="x2"))
    if scene.notes:
        annotations.append(dict(text=" · ".join(scene.notes), x=ef.x0, y=0.0, xref="paper", yref="paper",
                                xanchor="left", yanchor="bottom", showarrow=False,
                                font=dict(size=ef.font("note"), color="#444"), bgcolor="rgba(255,255,255,0.8)"))
    if ef.source_lines:
        annotations.append(dict(
            text="<br>".join(escape(line, quote=False) for line in ef.source_lines), x=0.0, y=-(10 * ef.k) / inner_h, xref="paper", yref="paper",
            xanchor="left", yanchor="top", align="left", showarrow=False,
            font=dict(size=ef.font("source"), color="#555")))
    fig.update_layout(annotations=annotations)
