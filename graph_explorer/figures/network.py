"""The network picture: a Scene → a plotly Figure.

Links are drawn as a few traces (three weight classes, plus highlighted and
faded links), never one trace per link, with NaN separators in numpy arrays
(plotly sends them as typed arrays). Nodes are one trace per colour category,
so the legend names each colour with its count; with a metric colour they
are one trace with a colour bar. Large graphs use WebGL traces.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .labels import place_labels, short_label
from .page import LABEL_HALO, export_frame, export_layout, fit_aspect, frame_layout
from .scene import Scene
from .style import EDGE_COLOR, FONT, HIGHLIGHT_COLOR

__all__ = ["network_figure", "network_dict", "link_coordinates", "node_groups", "NodeGroup", "segments", "place_labels", "frame_ranges", "WEBGL_THRESHOLD", "short_label"]

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
    which = trail_points(codes[:n], codes[n:])  # a link end per point: i for (x0[i], y0[i]), n + i for its far end
    x = np.where(which >= 0, np.concatenate([x0, x1])[which], np.nan)
    y = np.where(which >= 0, np.concatenate([y0, y1])[which], np.nan)
    return x, y


def trail_points(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The points of :func:`trails` for links ``u[i]``–``v[i]`` (node numbers), as link ends; -1 closes a trail.

    Point ``i`` is link i's ``u`` end, ``m + i`` its ``v`` end (``m`` links).
    The page (assets/wire.js, ``trailPoints``) walks the same way over the
    frame's node numbers, so it draws the trails the server draws.

    >>> trail_points(np.array([0, 1]), np.array([1, 2])).tolist()
    [0, 2, 3, -1]
    """
    m = len(u)
    if m == 0:
        return np.empty(0, dtype=np.int64)
    order, entered_at_end, new = _trail_order(np.asarray(u), np.asarray(v))
    near = np.where(entered_at_end, order + m, order)  # walk direction
    far = np.where(entered_at_end, order, order + m)
    # each link writes its far end; a trail's first link also writes its near end, and a -1 closes it
    slot = np.arange(m) + 2 * np.cumsum(new) - 1  # index of the far end
    out = np.full(m + 2 * int(new.sum()), -1, dtype=np.int64)
    out[slot] = far
    out[slot[new] - 1] = near[new]
    return out


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
    more than a quarter. Exports frame by this rule; the app's first view uses
    another, :func:`~graph_explorer.figures.screen.view_frame` (a wider box
    from the 10–90% quantiles), and a person can zoom out there.

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


def link_coordinates(trace: dict, edges: pd.DataFrame) -> dict:
    """A link trace made without coordinates (``coordinates=False``), with the ``x`` and ``y`` of ``edges`` (the
    rows it draws): as it would have been made with them."""
    x, y = (trails if trace["type"] == "scattergl" else segments)(edges)
    return {"type": trace["type"], "x": x, "y": y, **{k: v for k, v in trace.items() if k != "type"}}


def _edge_traces(scene: Scene, kind: str, drawn: list | None = None, coordinates: bool = True) -> list[dict]:
    """The link traces of ``scene`` (of plotly type ``kind``); with ``drawn``, ``("links", trace number, rows of
    scene.edges)`` is appended to it for each; without ``coordinates``, the traces have no ``x`` and ``y`` (see
    :func:`link_coordinates`)."""
    e = scene.edges
    traces: list[dict] = []
    lines = trails if kind == "scattergl" else segments
    if e.empty:
        return traces

    def add(part, **trace):
        xy = dict(zip("xy", lines(part))) if coordinates else {}
        traces.append(dict(type=kind, **xy, mode="lines", hoverinfo="skip", **trace))
        if drawn is not None:
            drawn.append(("links", len(traces) - 1, part.index.to_numpy()))

    normal = e[~e["highlight"] & ~e["faded"]]
    if e["faded"].any():
        faded = e[e["faded"] & ~e["highlight"]]
        add(faded, line=dict(width=0.5, color=EDGE_COLOR.format(alpha=0.06)), showlegend=False,
            name="links (outside focus)")
    classes = edge_classes(normal)
    if classes is not None:
        for mask, name, width, color, dash in classes:
            part = normal[mask]
            if part.empty:
                continue
            add(part, line=dict(width=width, color=color, dash=dash), showlegend=True, legendgroup="links",
                legendgrouptitle=dict(text="<b>Links</b>"), name=f"{name} ({len(part):,})")
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
            add(part, line=dict(width=width, color=EDGE_COLOR.format(alpha=alpha)), showlegend=False,
                name=f"links (weight class {b + 1})")
    hl = e[e["highlight"]]
    if len(hl):
        add(hl, line=dict(width=4, color=HIGHLIGHT_COLOR), showlegend=False, name="highlighted links")
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




#: Above this many colour categories (communities of a large network), the nodes of the categories that
#: share a colour are drawn as one trace: a browser draws and the server builds a figure of a few dozen
#: traces many times faster than one of hundreds (353 communities at 20,000 organisations).
MAX_NODE_TRACES = 40


@dataclasses.dataclass(frozen=True)
class NodeGroup:
    """The nodes one trace draws: of the legend's ``members`` (their ``categories`` in the scene's nodes)."""

    label: str
    color: str
    count: int
    members: tuple

    @property
    def categories(self) -> list:
        return [it.label if not it.label.startswith("Other (") else "Other" for it in self.members]


def node_groups(legend) -> list:
    """The node traces of a legend: a trace per category, or per colour above :data:`MAX_NODE_TRACES`.

    A colour's trace is named by its first category and says how many more share it.

    >>> from graph_explorer.figures.scene import LegendItem
    >>> items = [LegendItem(f"Community {i}", "#0072B2" if i % 2 else "#E69F00", 10) for i in range(1, 44)]
    >>> [(g.label, g.count) for g in node_groups(items)]
    [('Community 1 and 21 more of this colour', 220), ('Community 2 and 20 more of this colour', 210)]
    """
    if len(legend) <= MAX_NODE_TRACES:
        return [NodeGroup(it.label, it.color, it.count, (it,)) for it in legend]
    by_colour: dict = {}
    for it in legend:
        by_colour.setdefault(it.color, []).append(it)
    return [NodeGroup(g[0].label if len(g) == 1 else f"{g[0].label} and {len(g) - 1} more of this colour",
                       color, sum(it.count for it in g), tuple(g)) for color, g in by_colour.items()]


def network_figure(scene: Scene, width: int | None = None, height: int | None = None,
                   webgl: bool | None = None, for_export: bool = False,
                   text_scale: float | None = None, drawn: list | None = None) -> go.Figure:
    """Draw a Scene as a network: :func:`network_dict` as a plotly Figure (checked by plotly, once).

    Parameters
    ----------
    width, height : int, optional
        Pixel size (used for label placement; the app lets the figure fill its box).
    webgl : bool, optional
        Force WebGL on or off (exports to SVG/PDF want vector traces); default
        by size (:data:`WEBGL_THRESHOLD`).
    for_export : bool
        Put the title, subtitle, colour and size legends and attribution inside
        the picture, with text sized for slides (see :func:`~.page.export_frame`).
    text_scale : float, optional
        With ``for_export``: text size relative to :data:`~.page.EXPORT_FONTS` (default
        ``height / 1080``, right for a picture that fills a slide).
    drawn : list, optional
        Filled with ``("links", trace number, rows of scene.edges)`` for each link trace and ``("nodes",
        trace number, rows of scene.nodes)`` for each node trace (positions in ``scene.nodes``): what each
        draws, so that the page can be sent nodes and links by reference (:mod:`~.wire`) without looking
        them up again by id.
    """
    d, scene, ef = _network(scene, width, height, webgl, for_export, text_scale, drawn)
    fig = go.Figure(d)
    if ef is not None:
        export_layout(fig, scene, ef, geo=False)
    return fig


def network_dict(scene: Scene, width: int | None = None, height: int | None = None,
                 webgl: bool | None = None, drawn: list | None = None, link_xy: bool = True) -> dict:
    """The network picture of :func:`network_figure` on screen (no export frame) as plotly's JSON-ready dict.

    Built without plotly's figure objects, whose checks and copies of every array cost more than the
    drawing itself on each filter click; the layout carries no template (a Figure adds plotly's default).
    tests/figures/test_network_dict.py checks it is the figure :func:`network_figure` draws, and valid.
    Without ``link_xy`` the link traces have no coordinates: the page gets them by reference
    (:mod:`~.wire`), or :func:`link_coordinates` adds them.
    """
    return _network(scene, width, height, webgl, False, None, drawn, link_xy)[0]


def _network(scene: Scene, width, height, webgl, for_export, text_scale, drawn, link_xy: bool = True):
    """(figure dict, the scene it drew, its export frame or None)."""
    nodes = scene.nodes
    if scene.spec.edge_color == "ratio" and "ratio" in scene.edges.columns and "status" not in scene.edges.columns:
        scene = dataclasses.replace(scene, edges=scene.edges.assign(_ratio_colour=True))
    gl = webgl if webgl is not None else (len(nodes) + len(scene.edges) > WEBGL_THRESHOLD)
    kind = "scattergl" if gl else "scatter"
    traces = _edge_traces(scene, kind, drawn, link_xy)
    edge_shapes = _as_path_shapes(traces) if for_export and not gl else []
    if edge_shapes:
        # the links become shapes; styled classes keep their legend entries as legend-only traces
        traces = [_trace("scatter", x=[None], y=[None], mode="lines", line=t["line"], name=t["name"], showlegend=True,
                         legendgroup=t.get("legendgroup"), legendgrouptitle=t.get("legendgrouptitle"),
                         hoverinfo="skip")
                  for t in traces if t["showlegend"]]

    opacity = np.where(nodes["faded"].to_numpy(bool), 0.15, 0.92) if len(nodes) else np.array([])
    # one number when every node has the same opacity (no focus): 20,000 fewer values to send
    uniform = bool(len(opacity)) and bool((opacity == opacity[0]).all())

    def opacity_of(index=None):
        if uniform:
            return float(opacity[0])
        return opacity if index is None else opacity[index]

    def symbols(part):  # cooperations are diamonds beside the actors' circles (bipartite level)
        return node_symbols(part)

    def nodes_drawn(rows):  # the node trace appended next draws these rows of the scene's nodes
        if drawn is not None:
            drawn.append(("nodes", len(traces), rows))
    if scene.colorscale is not None:
        nodes_drawn(np.arange(len(nodes)))
        traces.append(_trace(
            kind, x=nodes["x"].to_numpy(float), y=nodes["y"].to_numpy(float), mode="markers", name=scene.color_title,
            marker=_clean(dict(size=nodes["size"].to_numpy(float), color=nodes["value"].to_numpy(float),
                               colorscale=_viridis(), cmin=scene.colorscale[0], cmax=scene.colorscale[1],
                               opacity=opacity_of(), line=dict(width=0.5, color="white"), symbol=symbols(nodes),
                               colorbar=dict(title=dict(text=scene.color_title), thickness=14, len=0.6))),
            customdata=nodes["id"].to_numpy(object), hovertext=nodes["hover"].to_numpy(object),
            hoverinfo="text", showlegend=False,
        ))
    else:
        groups = node_groups(scene.legend)
        # each node's group, then the rows of every group in one sort (not a scan of all nodes per group)
        number = {c: i for i, g in enumerate(groups) for c in g.categories}
        of_node = nodes["category"].map(number).fillna(-1).to_numpy(np.int64)
        order = np.argsort(of_node, kind="stable")
        bounds = np.searchsorted(of_node[order], np.arange(len(groups) + 1), side="left")
        # the columns a trace takes, once (not every column of the nodes for each group)
        xs, ys, sizes = (nodes[c].to_numpy(float) for c in ("x", "y", "size"))
        ids, hovers, index = nodes["id"].to_numpy(object), nodes["hover"].to_numpy(object), nodes.index.to_numpy()
        coop = (nodes["kind"] == "cooperation").to_numpy()  # as node_symbols tells them
        for i, item in enumerate(groups):
            rows = order[bounds[i]:bounds[i + 1]]
            if not len(rows):
                continue
            nodes_drawn(rows)
            traces.append(_trace(
                kind, x=xs[rows], y=ys[rows], mode="markers",
                name=f"{escape(item.label, quote=False)} ({item.count:,})", legendgroup=item.label,
                marker=_clean(dict(size=sizes[rows], color=item.color,
                                   opacity=opacity_of(index[rows]), line=dict(width=0.5, color="white"),
                                   symbol=np.where(coop[rows], "diamond", "circle").tolist() if coop[rows].any()
                                   else None)),
                customdata=ids[rows], hovertext=hovers[rows],
                hoverinfo="text",
            ))
        if not scene.legend and len(nodes):
            nodes_drawn(np.arange(len(nodes)))
            traces.append(_trace(
                kind, x=nodes["x"].to_numpy(float), y=nodes["y"].to_numpy(float), mode="markers", name="actors",
                marker=dict(size=nodes["size"].to_numpy(float), color="#0072B2", opacity=opacity_of()),
                customdata=nodes["id"].to_numpy(object), hovertext=nodes["hover"].to_numpy(object),
                hoverinfo="text", showlegend=False,
            ))

    hl = nodes[nodes["highlight"]]
    if len(hl):
        nodes_drawn(np.flatnonzero(nodes["highlight"].to_numpy(bool)))
        traces.append(_trace(
            "scatter", x=hl["x"].to_numpy(float), y=hl["y"].to_numpy(float), mode="markers", name="selected",
            marker=dict(size=hl["size"].to_numpy(float) + 10, color="rgba(0,0,0,0)",
                        line=dict(width=3, color=HIGHLIGHT_COLOR)),
            customdata=hl["id"].to_numpy(object), hovertext=hl["hover"].to_numpy(object), hoverinfo="text",
            showlegend=False,
        ))

    xr, yr = _ranges(nodes)
    w_px, h_px = (width or 1200), (height or 800)
    ef = export_frame(scene, w_px, h_px, text_scale) if for_export else None
    if ef is not None:
        # frame the bulk of the nodes (frame_ranges); say how many are left outside
        core = frame_ranges(nodes["x"].to_numpy(float), nodes["y"].to_numpy(float))
        if core is not None:
            xr, yr = core
        # the plot as wide as the drawing needs (+ room for labels at its sides), centred with the legends
        ef = ef.fitted((xr[1] - xr[0]) / max(yr[1] - yr[0], 1e-12), pad_px=8 * ef.font("label"))
        xr, yr = fit_aspect(xr, yr, *ef.plot_px)
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
            traces.append(_trace("scatter", x=lx.ravel(), y=ly.ravel(), mode="lines", hoverinfo="skip",
                                 showlegend=False, line=dict(width=0.8, color="rgba(60, 60, 60, 0.7)"),
                                 name="label leaders"))
        textfont = dict(size=font_px, color="#222", family=FONT)
        if ef is not None:
            textfont["shadow"] = LABEL_HALO
        traces.append(_trace(
            "scatter", x=placed.x[keep], y=placed.y[keep], mode="text",
            text=[escape(t, quote=False) for t, k in zip(texts, keep) if k],
            textposition="middle center", textfont=textfont, cliponaxis=False,
            hoverinfo="skip", showlegend=False, name="labels",
        ))

    layout = frame_layout(scene, xr, yr, width, height, for_export)
    if edge_shapes:
        layout["shapes"] = edge_shapes
    if any(t.get("legendgroup") == "links" for t in traces):
        layout["showlegend"] = True
    return {"data": traces, "layout": layout}, scene, ef


def _viridis() -> list:
    """Plotly's Viridis colour scale as the list a Figure makes of the name (the page draws the same stops)."""
    return [list(stop) for stop in _viridis_stops()]


@lru_cache(maxsize=1)
def _viridis_stops() -> tuple:
    return tuple(tuple(stop) for stop in go.scattergl.Marker(colorscale="Viridis").to_plotly_json()["colorscale"])


def _trace(kind: str, **props) -> dict:
    """A trace as plotly's dict: its ``type`` and the given properties, leaving out those that are None."""
    return {"type": kind, **{k: v for k, v in props.items() if v is not None}}


def _clean(d: dict) -> dict:
    """``d`` without its None values (what plotly leaves unset)."""
    return {k: v for k, v in d.items() if v is not None}


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
        lines = _polylines(np.asarray(t["x"], dtype=float), np.asarray(t["y"], dtype=float))
        lines = [lines[i] for i in rng.permutation(len(lines))]
        style = dict(width=t["line"]["width"], color=t["line"]["color"], dash=t["line"].get("dash") or "solid")
        for start in range(0, len(lines), per_shape):
            path = "".join("M" + "L".join(f"{a:.6g},{b:.6g}" for a, b in pts.tolist())
                           for pts in lines[start:start + per_shape])
            shapes.append(dict(type="path", path=path, xref="x", yref="y", layer="below", line=style))
    return shapes
