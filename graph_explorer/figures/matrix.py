"""The matrix picture: actor × actor, each cell the weight of the link between them.

Readable where a network is a hairball (the country level: 55 countries, 655
links). Rows and columns are in the same order: grouped by the view's colour
(community, region, …; by region when the colour is a metric), and by
strength within a group, so blocks of dense cooperation show as dark squares
on the diagonal. A strip of the group colours runs along both axes, with the
same colour legend as the network. Empty cells are pairs without a link.

A cell's customdata is the link's two ends ``[u, v]``, so a click on it shows
the cooperations behind it (as a click on a link of the network does).

Examples
--------
>>> from graph_explorer.testing import tiny_dataset
>>> from graph_explorer.explorer import Explorer
>>> from graph_explorer.view import ViewSpec
>>> ex = Explorer(tiny_dataset())
>>> m = matrix_data(ex.scene(ViewSpec(level="country", view="matrix")))
>>> m.z.shape[0] == m.z.shape[1] == len(m.ids)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .page import TITLE_TOP_PX, export_frame
from .scene import Scene
from .style import FONT, OTHER_COLOR

__all__ = ["matrix_figure", "matrix_data", "MatrixData", "MAX_MATRIX_NODES"]

#: Above this many actors the matrix is not drawn (cells would be under 4 px on a slide).
MAX_MATRIX_NODES = 150


@dataclass(frozen=True)
class MatrixData:
    ids: list
    labels: list
    colors: list
    groups: list
    z: np.ndarray  # link weight, NaN where no link
    hover: np.ndarray  # text per cell
    value_title: str


def _order(nodes: pd.DataFrame, strength: pd.Series) -> np.ndarray:
    group = nodes["category"].where(nodes["category"].notna(), nodes["region"]).fillna("~").astype(str)
    # groups in legend order (community 1, 2, …; regions largest first), "Other" last
    sizes = group.value_counts()
    rank = {g: i for i, g in enumerate(sorted(sizes.index, key=lambda g: (g.startswith(("Other", "~")),
                                                                          _natural(g), -sizes[g])))}
    frame = pd.DataFrame({"g": group.map(rank).to_numpy(), "s": -strength.to_numpy(float),
                          "l": nodes["label"].astype(str).to_numpy()})
    return np.lexsort((frame["l"].to_numpy(), frame["s"].to_numpy(), frame["g"].to_numpy()))


def _natural(text: str):
    head, _, tail = text.rpartition(" ")
    return (head, int(tail)) if tail.isdigit() else (text, 0)


def matrix_data(scene: Scene) -> MatrixData:
    """The cells of a scene's matrix (see the module docstring)."""
    from .labels import short_label

    nodes = scene.nodes.reset_index(drop=True)
    e = scene.edges
    ends = pd.concat([e["source"], e["target"]], ignore_index=True)
    w = pd.concat([e["weight"], e["weight"]], ignore_index=True)
    strength = w.groupby(ends).sum().reindex(nodes["id"]).fillna(0.0)
    order = _order(nodes, strength)
    nodes = nodes.iloc[order].reset_index(drop=True)
    index = {nid: i for i, nid in enumerate(nodes["id"])}
    n = len(nodes)
    z = np.full((n, n), np.nan)
    hover = np.full((n, n), "", dtype=object)
    labels = nodes["label"].astype(str).tolist()
    has_ratio = "ratio" in e.columns
    has_then = "weight_then" in e.columns
    cols = [e["source"].tolist(), e["target"].tolist(), e["weight"].tolist(),
            e["ratio"].tolist() if has_ratio else [None] * len(e),
            e["weight_then"].tolist() if has_then else [None] * len(e)]
    for s, t, weight, ratio, then in zip(*cols):
        i, j = index.get(s), index.get(t)
        if i is None or j is None:
            continue
        z[i, j] = z[j, i] = weight
        text = (f"<b>{escape(labels[i], quote=False)} – {escape(labels[j], quote=False)}</b><br>"
                f"Link weight: {weight:,.3g}")
        if ratio is not None and np.isfinite(ratio):
            text += f"<br>{ratio:.2g}× the weight their sizes predict"
        if then is not None:
            text += f"<br>Compared period: {then:,.3g}"
        hover[i, j] = hover[j, i] = text + "<br><i>Click for the cooperations</i>"
    colors = [c if isinstance(c, str) else OTHER_COLOR for c in nodes["color"]]
    groups = [str(g) if isinstance(g, str) else "" for g in nodes["category"]]
    return MatrixData(nodes["id"].tolist(), [short_label(x, 24) for x in labels], colors, groups, z, hover,
                      "Link weight")


def matrix_figure(scene: Scene, width: int | None = None, height: int | None = None,
                  for_export: bool = False, text_scale: float | None = None) -> go.Figure:
    """Draw a Scene as a matrix (at most :data:`MAX_MATRIX_NODES` actors; above, a message)."""
    n = len(scene.nodes)
    if n > MAX_MATRIX_NODES or n == 0:
        fig = go.Figure()
        # a line per sentence: an annotation does not wrap, and one line was wider than the pane
        why = (f"The matrix shows at most {MAX_MATRIX_NODES} actors; this view has {n:,}.<br>"
               "Choose the country level, or filter (themes, regions, countries) to fewer actors.") if n else \
            "No actors in this view."
        fig.add_annotation(text=why, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           font=dict(family=FONT, size=15, color="#444"))
        fig.update_layout(xaxis=dict(visible=False), yaxis=dict(visible=False), paper_bgcolor="white",
                          plot_bgcolor="white", width=width, height=height)
        return fig
    m = matrix_data(scene)
    k = np.arange(n)
    custom = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(n):
            custom[i, j] = [m.ids[i], m.ids[j]] if np.isfinite(m.z[i, j]) else None
    finite = m.z[np.isfinite(m.z)]
    zmax = float(finite.max()) if len(finite) else 1.0
    heat = go.Heatmap(
        z=m.z, x=k, y=k, customdata=custom, text=m.hover, hoverinfo="text", zmin=0, zmax=zmax,
        colorscale=[[0, "#deebf7"], [0.25, "#9ecae1"], [0.6, "#3182bd"], [1, "#08306b"]], xgap=1, ygap=1,
        colorbar=dict(title=dict(text=m.value_title), thickness=14, len=0.45, y=0.0, yanchor="bottom"),
        name="links", showscale=True, hoverongaps=False)
    traces = [heat]
    # the colour legend of the network, as legend-only markers
    for item in scene.legend:
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", marker=dict(size=12, color=item.color,
                                                                                 symbol="square"),
                                 name=f"{escape(item.label, quote=False)} ({item.count:,})", showlegend=True,
                                 hoverinfo="skip"))
    fig = go.Figure(traces)
    strip = max(0.9, n / 60)
    shapes = []
    for i, c in enumerate(m.colors):  # the group colour of each row (left) and column (top)
        shapes.append(dict(type="rect", x0=-0.5 - 1.2 * strip, x1=-0.5 - 0.2 * strip, y0=i - 0.5, y1=i + 0.5,
                           fillcolor=c, line=dict(width=0), layer="above"))
        shapes.append(dict(type="rect", y0=-0.5 - 1.2 * strip, y1=-0.5 - 0.2 * strip, x0=i - 0.5, x1=i + 0.5,
                           fillcolor=c, line=dict(width=0), layer="above"))
    tick = dict(tickmode="array", tickvals=k.tolist(), ticktext=[escape(t, quote=False) for t in m.labels],
                showgrid=False, zeroline=False, ticks="", fixedrange=False)
    font_px = 11
    ef = None
    if for_export:

        ef = export_frame(scene, width or 1920, height or 1080, text_scale)
        font_px = ef.font("label")
    tick_font = max(6, min(font_px, int(0.8 * (ef.plot_px[1] if ef else (height or 800)) / max(n, 1))))
    fig.update_layout(
        shapes=shapes, font=dict(family=FONT, size=13, color="#222"), paper_bgcolor="white", plot_bgcolor="white",
        xaxis=dict(tick, range=[-0.5 - 1.4 * strip, n - 0.5], side="top", tickangle=-60,
                   tickfont=dict(size=tick_font)),
        yaxis=dict(tick, range=[n - 0.5, -0.5 - 1.4 * strip], scaleanchor="x", scaleratio=1,
                   tickfont=dict(size=tick_font)),
        legend=dict(title=dict(text=f"<b>Colour: {scene.color_title}</b>"), x=1.02, xanchor="left", y=1,
                    yanchor="top", font=dict(size=12)),
        margin=dict(l=10, r=10, t=10, b=10), hovermode="closest",
        hoverlabel=dict(bgcolor="white", font=dict(family=FONT, size=12)),
        uirevision=f"{scene.spec.level}|matrix",
    )
    if width:
        fig.update_layout(width=width)
    if height:
        fig.update_layout(height=height)
    if ef is not None:
        _export_layout(fig, scene, ef, n, tick_font)
    return fig


def _export_layout(fig: go.Figure, scene: Scene, ef, n: int, tick_font: int) -> None:
    """Title, subtitle, legends and sources of an exported matrix, in the network export's frame."""
    inner_w, inner_h = ef.inner_px
    label_room = 0.62 * tick_font * 24  # the longest (shortened) label beside the rows and over the columns
    side = min(inner_h - label_room * 0.85, ef.split * inner_w - label_room)
    x0 = label_room / inner_w
    x1 = x0 + side / inner_w
    fig.update_layout(
        font=dict(family=FONT, size=ef.font("base"), color="#222"),
        margin=dict(l=ef.left, r=ef.right, t=ef.top, b=ef.bottom, autoexpand=False),
        title=dict(text=f"<b>{scene.title}</b>" if scene.title else "", x=ef.left / ef.width, xanchor="left",
                   xref="container", y=1 - TITLE_TOP_PX * ef.k / ef.height, yanchor="top", yref="container",
                   font=dict(size=ef.font("title"))),
        legend=dict(title=dict(text=f"<b>Colour: {scene.color_title}</b>", font=dict(size=ef.font("legend_title"))),
                    font=dict(size=ef.font("legend")), x=ef.col_x, xanchor="left", y=1.0, yanchor="top"),
    )
    fig.update_xaxes(domain=[x0, x1])
    fig.update_yaxes(domain=[max(0.0, 1 - (side + label_room * 0.85) / inner_h), 1 - label_room * 0.85 / inner_h])
    fig.data[0].colorbar = dict(title=dict(text="<b>Link weight</b>", font=dict(size=ef.font("legend_title"))),
                                x=ef.col_x, xanchor="left", y=0.0, yanchor="bottom", len=0.4,
                                thickness=round(20 * ef.k), tickfont=dict(size=ef.font("legend")))
    annotations = []
    if scene.subtitle:
        sub_top = ef.top - TITLE_TOP_PX * ef.k - (1.3 * ef.font("title") if scene.title else 0)
        annotations.append(dict(text=escape(scene.subtitle, quote=False), x=0.0, y=1 + sub_top / inner_h,
                                xref="paper", yref="paper", xanchor="left", yanchor="top", showarrow=False,
                                font=dict(size=ef.font("subtitle"), color="#444")))
    if ef.source_lines:
        annotations.append(dict(text="<br>".join(escape(x, quote=False) for x in ef.source_lines), x=0.0,
                                y=-(10 * ef.k) / inner_h, xref="paper", yref="paper", xanchor="left", yanchor="top",
                                align="left", showarrow=False, font=dict(size=ef.font("source"), color="#555")))
    fig.update_layout(annotations=annotations)
