"""The network picture: a Scene → a plotly Figure.

Links are drawn as a few traces (three weight classes, plus highlighted and
faded links), never one trace per link, with NaN separators in numpy arrays
(plotly sends them as typed arrays). Nodes are one trace per colour category,
so the legend names each colour with its count; with a metric colour they
are one trace with a colour bar. Large graphs use WebGL traces.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .scene import Scene
from .style import EDGE_COLOR, FONT, HIGHLIGHT_COLOR

__all__ = ["network_figure", "segments", "place_labels", "WEBGL_THRESHOLD", "short_label"]

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


def short_label(text: str, limit: int = 30) -> str:
    """Shorten long organisation names for on-picture labels.

    >>> short_label("UNIVERSITY COLLEGE CORK - NATIONAL UNIVERSITY OF IRELAND, CORK")
    'UNIVERSITY COLLEGE CORK - NAT…'
    """
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def place_labels(x, y, texts, order, width_px, height_px, xrange, yrange, font_px=11) -> np.ndarray:
    """Greedy label placement: keep a label (in ``order``) only if its box overlaps no kept label.

    Returns a boolean mask over the inputs.
    """
    keep = np.zeros(len(texts), dtype=bool)
    if len(texts) == 0:
        return keep
    sx = width_px / max(xrange[1] - xrange[0], 1e-9)
    sy = height_px / max(yrange[1] - yrange[0], 1e-9)
    boxes: list[tuple[float, float, float, float]] = []
    for i in order:
        if not (np.isfinite(x[i]) and np.isfinite(y[i])):
            continue
        w = 0.6 * font_px * len(texts[i])
        h = 1.3 * font_px
        cx, cy = (x[i] - xrange[0]) * sx, (y[i] - yrange[0]) * sy + h  # label sits above its node
        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in boxes):
            boxes.append(box)
            keep[i] = True
    return keep


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


def _edge_traces(scene: Scene, Scatter) -> list:
    e = scene.edges
    traces = []
    if e.empty:
        return traces
    normal = e[~e["highlight"] & ~e["faded"]]
    if e["faded"].any():
        x, y = segments(e[e["faded"] & ~e["highlight"]])
        traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=0.5, color=EDGE_COLOR.format(alpha=0.06)),
                              hoverinfo="skip", showlegend=False, name="links (outside focus)"))
    if len(normal):
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
            x, y = segments(part)
            traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=width, color=EDGE_COLOR.format(alpha=alpha)),
                                  hoverinfo="skip", showlegend=False, name=f"links (weight class {b + 1})"))
    hl = e[e["highlight"]]
    if len(hl):
        x, y = segments(hl)
        traces.append(Scatter(x=x, y=y, mode="lines", line=dict(width=4, color=HIGHLIGHT_COLOR),
                              hoverinfo="skip", showlegend=False, name="highlighted links"))
    return traces


def network_figure(scene: Scene, width: int | None = None, height: int | None = None,
                   webgl: bool | None = None, for_export: bool = False) -> go.Figure:
    """Draw a Scene as a network.

    Parameters
    ----------
    width, height : int, optional
        Pixel size (used for label placement; the app lets the figure fill its box).
    webgl : bool, optional
        Force WebGL on or off (exports to SVG/PDF want vector traces); default
        by size (:data:`WEBGL_THRESHOLD`).
    for_export : bool
        Put the title, subtitle, size legend and attribution inside the picture.
    """
    nodes = scene.nodes
    gl = webgl if webgl is not None else (len(nodes) + len(scene.edges) > WEBGL_THRESHOLD)
    Scatter = go.Scattergl if gl else go.Scatter
    traces = _edge_traces(scene, Scatter)

    opacity = np.where(nodes["faded"].to_numpy(bool), 0.15, 0.92) if len(nodes) else np.array([])
    if scene.colorscale is not None:
        traces.append(Scatter(
            x=nodes["x"].to_numpy(float), y=nodes["y"].to_numpy(float), mode="markers", name=scene.color_title,
            marker=dict(size=nodes["size"].to_numpy(float), color=nodes["value"].to_numpy(float),
                        colorscale="Viridis", cmin=scene.colorscale[0], cmax=scene.colorscale[1],
                        opacity=opacity, line=dict(width=0.5, color="white"),
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
                name=f"{item.label} ({item.count:,})", legendgroup=item.label,
                marker=dict(size=part["size"].to_numpy(float), color=item.color,
                            opacity=opacity[part.index.to_numpy()], line=dict(width=0.5, color="white")),
                customdata=part["id"].to_numpy(object), hovertext=part["hover"].to_numpy(object),
                hoverinfo="text",
            ))
        if not scene.legend and len(nodes):
            traces.append(Scatter(
                x=nodes["x"].to_numpy(float), y=nodes["y"].to_numpy(float), mode="markers", name="actors",
                marker=dict(size=nodes["size"].to_numpy(float), color="#0072B2", opacity=opacity),
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
    cand = nodes[nodes["show_label"]]
    if len(cand):
        texts = [short_label(t) for t in cand["label"]]
        order = np.argsort(-(cand["size"].to_numpy(float) + 1000 * cand["highlight"].to_numpy(float)), kind="stable")
        keep = place_labels(cand["x"].to_numpy(float), cand["y"].to_numpy(float), texts, order,
                            w_px * 0.85, h_px * 0.8, xr, yr)
        lab = cand[keep]
        traces.append(go.Scatter(
            x=lab["x"], y=lab["y"], mode="text", text=[t for t, k in zip(texts, keep) if k],
            textposition="top center", textfont=dict(size=11, color="#222", family=FONT),
            hoverinfo="skip", showlegend=False, name="labels",
        ))

    fig = go.Figure(traces)
    _frame(fig, scene, xr, yr, width, height, for_export)
    return fig


def _frame(fig: go.Figure, scene: Scene, xr, yr, width, height, for_export: bool, geo: bool = False) -> None:
    """Title, legend, annotations and axes shared by the network and map pictures."""
    axis = dict(visible=False, showgrid=False, zeroline=False)
    top = 90 if for_export else 10
    bottom = 60 if for_export else 10
    fig.update_layout(
        font=dict(family=FONT, size=13, color="#222"),
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=10, t=top, b=bottom),
        legend=dict(title=dict(text=f"<b>Colour: {scene.color_title}</b>"), itemsizing="constant",
                    bgcolor="rgba(255,255,255,0.85)", x=1.0, xanchor="right", y=1.0, yanchor="top",
                    font=dict(size=12)),
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
        fig.update_yaxes(axis, range=list(yr), scaleanchor="x", scaleratio=1)
    notes = [f"Size: {scene.size_title}"] + list(scene.notes)
    annotations = [dict(text=" · ".join(notes), x=0.0, y=0.0, xref="paper", yref="paper", xanchor="left",
                        yanchor="bottom", showarrow=False, font=dict(size=11, color="#444"),
                        bgcolor="rgba(255,255,255,0.8)")]
    if for_export:
        fig.update_layout(title=dict(
            text=f"<b>{scene.title}</b><br><span style='font-size:15px;color:#444'>{scene.subtitle}</span>",
            x=0.01, xanchor="left", y=0.98, yanchor="top", font=dict(size=22)))
        if scene.attribution:
            annotations.append(dict(text="Source: " + " · ".join(a.removeprefix("Source: ") for a in scene.attribution),
                                    x=0.0, y=-0.01, xref="paper", yref="paper", xanchor="left", yanchor="top",
                                    showarrow=False, font=dict(size=10, color="#555")))
    fig.update_layout(annotations=annotations)
