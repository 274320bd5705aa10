"""The page around a network or map picture: title, legends, notes, sources and their sizes.

:func:`frame_figure` gives a picture of :mod:`.network` or :mod:`.map` its
frame — the small one on screen, or, for export, the slide-sized page laid
out by :class:`ExportFrame` (:func:`export_frame`): title and subtitle on
top, the plot and a legend column, the wrapped sources at the foot. Text
sizes follow :data:`EXPORT_FONTS`, scaled by the picture's height.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from dataclasses import dataclass
from html import escape

import numpy as np
import plotly.graph_objects as go

from .scene import Scene
from .style import FONT

__all__ = ["frame_figure", "frame_layout", "export_layout", "export_frame", "ExportFrame", "fit_aspect", "size_legend_values",
           "EXPORT_FONTS", "TITLE_TOP_PX", "SIDE_MARGIN_PX", "LABEL_HALO", "GEO_ASPECT", "LEGEND_INSIDE_MAX"]


#: Vertical stretch of a geographic layout in the network view: one degree of latitude is
#: 1/cos(50°) ≈ 1.56 degrees of longitude at Europe's mean latitude, as on a map.
GEO_ASPECT = 1 / math.cos(math.radians(50))


#: In the app, a colour legend of more entries than this is drawn beside the picture instead of over it.
LEGEND_INSIDE_MAX = 13


def frame_figure(fig: go.Figure, scene: Scene, xr, yr, width, height, for_export: bool, geo: bool = False,
           frame: "ExportFrame | None" = None) -> None:
    """Title, legend, annotations and axes shared by the network and map pictures (:func:`frame_layout`, and
    :func:`export_layout` for export)."""
    fig.update_layout(frame_layout(scene, xr, yr, width, height, for_export, geo))
    if for_export:
        export_layout(fig, scene, frame or export_frame(scene, width or 1200, height or 800), geo)


def frame_layout(scene: Scene, xr, yr, width, height, for_export: bool, geo: bool = False) -> dict:
    """The layout of a network or map picture as plotly's dict: fonts, margins, legend, axes and, on screen, the
    note of what size means (an exported picture gets its frame from :func:`export_layout`)."""
    axis = dict(visible=False, showgrid=False, zeroline=False)
    top = 90 if for_export else 10
    bottom = 60 if for_export else 10
    layout = dict(
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
        layout["width"] = width
    if height:
        layout["height"] = height
    if not geo:
        ratio = GEO_ASPECT if scene.spec.layout == "geo" else 1
        layout["xaxis"] = dict(axis, range=list(xr))
        layout["yaxis"] = dict(axis, range=list(yr), scaleanchor="x", scaleratio=ratio)
    if not for_export:
        notes = [f"Size: {scene.size_title}"] + list(scene.notes)
        layout["annotations"] = [dict(text=" · ".join(notes), x=0.0, y=0.0, xref="paper", yref="paper",
                                      xanchor="left", yanchor="bottom", showarrow=False,
                                      font=dict(size=11, color="#444"), bgcolor="rgba(255,255,255,0.8)")]
    return layout


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
LABEL_HALO = "0px 0px 3px white, 0px 0px 2px white"
#: Height of one colour legend entry of an exported picture, in its text size (measured on plotly's legend: 36 px
#: an entry at 19 px text, with its gap of 10 px between legend groups).
LEGEND_LINE_EM = 1.9
#: The same without plotly's gap between legend groups (each colour is a group of its own).
LEGEND_TIGHT_LINE_EM = 1.45
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


def fit_aspect(xr, yr, w_px: float, h_px: float):
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


def export_layout(fig: go.Figure, scene: Scene, ef: ExportFrame, geo: bool) -> None:
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
    # the colour legend runs down from the top of the column: smaller text where it would reach the size legend
    entries = [t for t in fig.data if t.showlegend is not False]
    if entries and scene.colorscale is None:
        titles = {t.legendgroup for t in entries if t.legendgrouptitle and t.legendgrouptitle.text}
        lines = len(entries) + len(titles) + 1  # and the legend's own title
        room = inner_h - box_h - 20 * ef.k
        if lines * LEGEND_LINE_EM * ef.font("legend") > room:  # no gaps between the entries, then smaller text
            fig.update_layout(legend_tracegroupgap=0, legend_font_size=min(
                ef.font("legend"), max(8, math.floor(room / (lines * LEGEND_TIGHT_LINE_EM)))))
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
